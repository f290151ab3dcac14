//! The track list's search and sort, answered from memory: every track's folded search text and
//! its rank in each sort order, loaded from the database and reloaded whenever the library
//! generation (`generation.rs`) moves.
//! A page costs one scan of compact strings in memory plus one query for the page's rows, so
//! search and deep pages stay fast at hundreds of thousands of tracks on SQLite and PostgreSQL
//! alike, and the order is the same on both (byte order of the folded keys).

use std::cmp::Ordering;
use std::sync::Arc;

use app::model::{Page, TrackQuery, TrackSort, TrackSummary};
use memchr::memmem::Finder;
use sea_orm::{DatabaseConnection, DbErr};

use super::generation::Generation;
use super::snapshot::{off_the_runtime, GenerationSnapshot};
use crate::domain::db::keys::fold;
use crate::domain::db::queries::{self, ListKeys};

/// One loaded version of the library.
#[derive(Default)]
struct Snapshot {
    ids: Vec<i64>,
    /// Folded title, artist, album and album artist of every track, by position, each followed
    /// by a newline (which no search word contains, so no match spans two tracks).
    text: Vec<u8>,
    /// Where each position's text starts in `text`.
    starts: Vec<usize>,
    /// Positions in list order, one permutation per sort order.
    orders: [Vec<u32>; 3],
}

pub struct ListCache {
    db: DatabaseConnection,
    snapshot: GenerationSnapshot<Snapshot>,
}

impl ListCache {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            snapshot: GenerationSnapshot::default(),
        }
    }

    async fn snapshot(&self, generation: &Generation) -> Result<Arc<Snapshot>, DbErr> {
        self.snapshot
            .current(generation.current(), || async {
                let keys = queries::list_keys(&self.db).await?;
                off_the_runtime(move || build(keys)).await
            })
            .await
    }

    /// One page of tracks, searched and sorted as `query` asks.
    pub async fn page(
        &self,
        query: &TrackQuery,
        generation: &Generation,
    ) -> Result<Page<TrackSummary>, DbErr> {
        let snapshot = self.snapshot(generation).await?;
        let (page, per_page) = (query.page(), query.per_page());
        let words: Vec<String> = query
            .search()
            .map(|q| fold(q).split(' ').map(str::to_owned).collect())
            .unwrap_or_default();
        let skip = u64::from(page - 1) * u64::from(per_page);
        let sort = query.sort;
        let search = Arc::clone(&snapshot);
        let (total, ids) = if words.is_empty() || snapshot.ids.len() < 2_000 {
            select(&search, sort, &words, skip, per_page)
        } else {
            // A scan of many strings is CPU work: keep it off the async workers.
            off_the_runtime(move || select(&search, sort, &words, skip, per_page)).await?
        };
        let items = queries::tracks_by_ids(&self.db, &ids).await?;
        Ok(Page {
            items,
            page,
            per_page,
            total,
        })
    }
}

impl ListCache {
    /// `take` track ids after `skip`, in the order of the ids: every track page by page, each
    /// page found in memory (no `OFFSET` walk over the table).
    pub async fn ids_in_order(
        &self,
        skip: u64,
        take: u64,
        generation: &Generation,
    ) -> Result<Vec<i64>, DbErr> {
        let snapshot = self.snapshot(generation).await?;
        let skip = usize::try_from(skip).unwrap_or(usize::MAX);
        let take = usize::try_from(take).unwrap_or(usize::MAX);
        Ok(snapshot.ids.iter().skip(skip).take(take).copied().collect())
    }

    /// The ids of the tracks that hold every word of `q`, in artist order: how many in all, and
    /// `take` of them after `skip`.
    pub async fn search_ids(
        &self,
        q: &str,
        skip: u64,
        take: u32,
        generation: &Generation,
    ) -> Result<(u64, Vec<i64>), DbErr> {
        let snapshot = self.snapshot(generation).await?;
        let words: Vec<String> = fold(q)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() || snapshot.ids.len() < 2_000 {
            return Ok(select(&snapshot, TrackSort::Artist, &words, skip, take));
        }
        off_the_runtime(move || select(&snapshot, TrackSort::Artist, &words, skip, take)).await
    }
}

fn sort_slot(sort: TrackSort) -> usize {
    match sort {
        TrackSort::Artist => 0,
        TrackSort::Title => 1,
        TrackSort::Added => 2,
    }
}

fn build(mut keys: Vec<ListKeys>) -> Snapshot {
    keys.sort_unstable_by_key(|k| k.id);
    let positions = || (0..keys.len() as u32).collect::<Vec<u32>>();
    let key = |p: &u32| &keys[*p as usize];
    let mut shelf = positions();
    shelf.sort_unstable_by(|a, b| {
        let (a, b) = (key(a), key(b));
        (
            &a.sort_artist,
            &a.sort_album,
            a.album_position,
            &a.sort_title,
            a.id,
        )
            .cmp(&(
                &b.sort_artist,
                &b.sort_album,
                b.album_position,
                &b.sort_title,
                b.id,
            ))
    });
    let mut title = positions();
    title.sort_unstable_by(|a, b| {
        let (a, b) = (key(a), key(b));
        (&a.sort_title, a.id).cmp(&(&b.sort_title, b.id))
    });
    let mut added = positions();
    added.sort_unstable_by(|a, b| {
        let (a, b) = (key(a), key(b));
        match b.added_at.cmp(&a.added_at) {
            Ordering::Equal => b.id.cmp(&a.id),
            other => other,
        }
    });
    let mut text = Vec::with_capacity(keys.iter().map(|k| k.search_text.len() + 1).sum());
    let mut starts = Vec::with_capacity(keys.len());
    for key in &keys {
        starts.push(text.len());
        text.extend_from_slice(key.search_text.replace('\n', " ").as_bytes());
        text.push(b'\n');
    }
    Snapshot {
        ids: keys.iter().map(|k| k.id).collect(),
        text,
        starts,
        orders: [shelf, title, added],
    }
}

/// The number of matches and the ids of the page's tracks, in order.
fn select(
    snapshot: &Snapshot,
    sort: TrackSort,
    words: &[String],
    skip: u64,
    per_page: u32,
) -> (u64, Vec<i64>) {
    let order = &snapshot.orders[sort_slot(sort)];
    let skip = usize::try_from(skip).unwrap_or(usize::MAX);
    let take = per_page as usize;
    if words.is_empty() {
        let ids = order
            .iter()
            .skip(skip)
            .take(take)
            .map(|&p| snapshot.ids[p as usize])
            .collect();
        return (order.len() as u64, ids);
    }
    let hits = matching(snapshot, words);
    let mut total = 0u64;
    let mut ids = Vec::with_capacity(take);
    for &position in order {
        if hits[position as usize] {
            if total as usize >= skip && ids.len() < take {
                ids.push(snapshot.ids[position as usize]);
            }
            total += 1;
        }
    }
    (total, ids)
}

/// Which positions contain every word: one pass of `memmem` over the contiguous text per word,
/// jumping to the next track after each match, so a word costs at most one search per track.
fn matching(snapshot: &Snapshot, words: &[String]) -> Vec<bool> {
    let count = snapshot.starts.len();
    let mut hits = vec![true; count];
    for word in words {
        let finder = Finder::new(word.as_bytes());
        let mut found = vec![false; count];
        let mut from = 0;
        while let Some(offset) = finder.find(&snapshot.text[from..]) {
            let at = from + offset;
            // The track whose text holds `at`: the last one starting at or before it.
            let position = snapshot.starts.partition_point(|&start| start <= at) - 1;
            found[position] = true;
            match snapshot.starts.get(position + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        for (hit, found) in hits.iter_mut().zip(found) {
            *hit &= found;
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(id: i64, artist: &str, title: &str, added_at: i64) -> ListKeys {
        ListKeys {
            id,
            sort_artist: artist.into(),
            sort_album: String::new(),
            album_position: 0,
            sort_title: title.into(),
            added_at,
            search_text: format!("{title} {artist}"),
        }
    }

    fn snapshot() -> Snapshot {
        build(vec![
            keys(1, "b", "zeta", 10),
            keys(2, "a", "eta", 10),
            keys(3, "a", "alpha", 30),
            keys(4, "c", "beta love", 20),
        ])
    }

    #[test]
    fn orders_by_shelf_title_and_newest() {
        let s = snapshot();
        assert_eq!(
            select(&s, TrackSort::Artist, &[], 0, 10),
            (4, vec![3, 2, 1, 4])
        );
        assert_eq!(
            select(&s, TrackSort::Title, &[], 0, 10),
            (4, vec![3, 4, 2, 1])
        );
        assert_eq!(
            select(&s, TrackSort::Added, &[], 0, 10),
            (4, vec![3, 4, 2, 1])
        );
    }

    #[test]
    fn pages_and_searches_count_every_match() {
        let s = snapshot();
        assert_eq!(select(&s, TrackSort::Artist, &[], 1, 2), (4, vec![2, 1]));
        let words = ["eta".to_owned()];
        assert_eq!(
            select(&s, TrackSort::Title, &words, 0, 10),
            (3, vec![4, 2, 1])
        );
        assert_eq!(select(&s, TrackSort::Title, &words, 2, 10), (3, vec![1]));
        let both = ["eta".to_owned(), "love".to_owned()];
        assert_eq!(select(&s, TrackSort::Artist, &both, 0, 10), (1, vec![4]));
        let none = ["zzz".to_owned()];
        assert_eq!(select(&s, TrackSort::Artist, &none, 0, 10), (0, vec![]));
    }
}
