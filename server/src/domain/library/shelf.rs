//! The album grid, answered from memory: every album with tracks, its artist, year, track count
//! and when its newest track arrived, in each of the grid's orders. Loaded in one grouped query
//! and reloaded when the library generation moves, so a page of 10k albums costs no query.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

use app::model::{cover_url, AlbumQuery, AlbumSort, AlbumSummary, Page};
use sea_orm::{DatabaseConnection, DbErr};

use super::generation::Generation;
use super::snapshot::{off_the_runtime, GenerationSnapshot};
use crate::domain::db::keys::fold;
use crate::domain::db::shelf::{shelf_rows, ShelfRow};

/// One loaded version of the grid: every album with tracks, in each order.
pub struct Shelf {
    rows: Vec<ShelfRow>,
    /// Positions in `rows`, one permutation per [`AlbumSort`].
    orders: [Vec<u32>; 4],
    by_id: HashMap<i64, u32>,
    /// Folded title and artist of each row, for searches.
    search_text: Vec<String>,
    /// The artists of the albums, by sort name.
    artists: Vec<ShelfArtist>,
}

/// An artist of albums, with how many albums they have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShelfArtist {
    pub id: i64,
    pub name: String,
    pub sort_name: String,
    /// The name folded for searches.
    pub folded: String,
    pub album_count: i64,
}

impl Shelf {
    /// Every album in `sort`'s order.
    pub fn in_order(&self, sort: AlbumSort) -> impl Iterator<Item = &ShelfRow> {
        self.orders[slot(sort)]
            .iter()
            .map(|&p| &self.rows[p as usize])
    }

    pub fn get(&self, id: i64) -> Option<&ShelfRow> {
        self.by_id.get(&id).map(|&p| &self.rows[p as usize])
    }

    /// Every artist of an album, by sort name.
    pub fn artists(&self) -> &[ShelfArtist] {
        &self.artists
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The albums whose title or artist holds every folded word, in `sort`'s order.
    pub fn search<'a>(
        &'a self,
        words: &'a [String],
        sort: AlbumSort,
    ) -> impl Iterator<Item = &'a ShelfRow> + 'a {
        self.orders[slot(sort)].iter().filter_map(move |&p| {
            let text = &self.search_text[p as usize];
            words
                .iter()
                .all(|word| text.contains(word.as_str()))
                .then(|| &self.rows[p as usize])
        })
    }
}

pub struct AlbumShelf {
    db: DatabaseConnection,
    snapshot: GenerationSnapshot<Shelf>,
}

impl AlbumShelf {
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            snapshot: GenerationSnapshot::default(),
        }
    }

    /// The grid as loaded for the current generation.
    pub async fn shelf(&self, generation: &Generation) -> Result<Arc<Shelf>, DbErr> {
        self.snapshot
            .current(generation.current(), || async {
                let rows = shelf_rows(&self.db).await?;
                off_the_runtime(move || build(rows)).await
            })
            .await
    }

    /// One page of the grid in the query's order.
    pub async fn page(
        &self,
        query: &AlbumQuery,
        generation: &Generation,
    ) -> Result<Page<AlbumSummary>, DbErr> {
        let shelf = self.shelf(generation).await?;
        let (page, per_page) = (query.page(), query.per_page());
        let order = &shelf.orders[slot(query.sort)];
        let skip = usize::try_from(u64::from(page - 1) * u64::from(per_page)).unwrap_or(usize::MAX);
        Ok(Page {
            items: order
                .iter()
                .skip(skip)
                .take(per_page as usize)
                .map(|&p| card(&shelf.rows[p as usize]))
                .collect(),
            page,
            per_page,
            total: order.len() as u64,
        })
    }

    /// The albums with these ids, in the order given (unknown ids left out).
    pub async fn albums(
        &self,
        ids: &[i64],
        generation: &Generation,
    ) -> Result<Vec<AlbumSummary>, DbErr> {
        let shelf = self.shelf(generation).await?;
        Ok(ids
            .iter()
            .filter_map(|id| shelf.by_id.get(id))
            .map(|&p| card(&shelf.rows[p as usize]))
            .collect())
    }

    /// An artist's albums, oldest first.
    pub async fn albums_of_artist(
        &self,
        artist_id: i64,
        generation: &Generation,
    ) -> Result<Vec<AlbumSummary>, DbErr> {
        let shelf = self.shelf(generation).await?;
        Ok(shelf.orders[slot(AlbumSort::Artist)]
            .iter()
            .map(|&p| &shelf.rows[p as usize])
            .filter(|row| row.artist_id == Some(artist_id))
            .map(card)
            .collect())
    }
}

fn slot(sort: AlbumSort) -> usize {
    match sort {
        AlbumSort::Artist => 0,
        AlbumSort::Title => 1,
        AlbumSort::Year => 2,
        AlbumSort::Added => 3,
    }
}

fn card(row: &ShelfRow) -> AlbumSummary {
    AlbumSummary {
        id: row.id,
        title: row.title.clone(),
        artist: row.artist.clone(),
        artist_id: row.artist_id,
        year: row.year,
        track_count: u64::try_from(row.track_count).unwrap_or(0),
        cover_url: cover_url(Some(row.id)),
    }
}

/// Albums without a year sort after every year.
fn year_key(row: &ShelfRow) -> (bool, i32) {
    (row.year.is_none(), row.year.unwrap_or(0))
}

fn build(rows: Vec<ShelfRow>) -> Shelf {
    let positions = || (0..rows.len() as u32).collect::<Vec<u32>>();
    let row = |p: &u32| &rows[*p as usize];
    let sorted = |compare: &dyn Fn(&ShelfRow, &ShelfRow) -> Ordering| {
        let mut order = positions();
        order.sort_unstable_by(|a, b| compare(row(a), row(b)).then(row(a).id.cmp(&row(b).id)));
        order
    };
    let artist = sorted(&|a, b| {
        (
            &a.sort_artist.is_none(),
            &a.sort_artist,
            year_key(a),
            &a.sort_title,
        )
            .cmp(&(
                &b.sort_artist.is_none(),
                &b.sort_artist,
                year_key(b),
                &b.sort_title,
            ))
    });
    let title = sorted(&|a, b| a.sort_title.cmp(&b.sort_title));
    let year = sorted(&|a, b| (year_key(a), &a.sort_title).cmp(&(year_key(b), &b.sort_title)));
    let added = sorted(&|a, b| b.added_at.cmp(&a.added_at));
    let by_id = rows
        .iter()
        .enumerate()
        .map(|(p, row)| (row.id, p as u32))
        .collect();
    let search_text = rows
        .iter()
        .map(|row| {
            fold(&format!(
                "{} {}",
                row.title,
                row.artist.as_deref().unwrap_or_default()
            ))
        })
        .collect();
    let artists = artists_of(&rows);
    Shelf {
        orders: [artist, title, year, added],
        by_id,
        search_text,
        artists,
        rows,
    }
}

fn artists_of(rows: &[ShelfRow]) -> Vec<ShelfArtist> {
    let mut by_id: HashMap<i64, ShelfArtist> = HashMap::new();
    for row in rows {
        let (Some(id), Some(name)) = (row.artist_id, &row.artist) else {
            continue;
        };
        by_id
            .entry(id)
            .or_insert_with(|| ShelfArtist {
                id,
                name: name.clone(),
                sort_name: row.sort_artist.clone().unwrap_or_default(),
                folded: fold(name),
                album_count: 0,
            })
            .album_count += 1;
    }
    let mut artists: Vec<ShelfArtist> = by_id.into_values().collect();
    artists.sort_by(|a, b| (&a.sort_name, a.id).cmp(&(&b.sort_name, b.id)));
    artists
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, title: &str, artist: Option<&str>, year: Option<i32>, added: i64) -> ShelfRow {
        ShelfRow {
            id,
            title: title.into(),
            year,
            artist_id: artist.map(|_| id * 10),
            artist: artist.map(str::to_owned),
            sort_title: title.to_lowercase(),
            sort_artist: artist.map(str::to_lowercase),
            track_count: 1,
            added_at: added,
            created_at: added,
            duration_ms: 1000,
            genre: None,
        }
    }

    fn ids(shelf: &Shelf, sort: AlbumSort) -> Vec<i64> {
        shelf.orders[slot(sort)]
            .iter()
            .map(|&p| shelf.rows[p as usize].id)
            .collect()
    }

    #[test]
    fn every_order_of_the_grid() {
        let shelf = build(vec![
            row(1, "Zebra", Some("Abba"), Some(1979), 5),
            row(2, "Arrival", Some("Abba"), Some(1976), 9),
            row(3, "Mystery", None, None, 7),
            row(4, "Blue", Some("Joni"), Some(1971), 1),
        ]);
        assert_eq!(ids(&shelf, AlbumSort::Artist), vec![2, 1, 4, 3]);
        assert_eq!(ids(&shelf, AlbumSort::Title), vec![2, 4, 3, 1]);
        assert_eq!(ids(&shelf, AlbumSort::Year), vec![4, 2, 1, 3]);
        assert_eq!(ids(&shelf, AlbumSort::Added), vec![2, 3, 1, 4]);
    }
}
