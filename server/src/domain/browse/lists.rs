//! Lists a program asks for: the album lists (Subsonic's ten kinds), search with paging, genres,
//! random songs, songs of a genre, and every song page by page (an app's offline sync).

use rand_core::{OsRng, RngCore as _};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Statement,
};

use app::model::AlbumSort;

use super::{artists_of, Album, Artist, Browse, BrowseError, Song};
use crate::domain::collection::ListenerAlbums;
use crate::domain::db::entity::track;
use crate::domain::db::keys::fold;
use crate::domain::library::ShelfRow;

/// Which albums, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlbumList {
    Random,
    /// Newest arrival first.
    Newest,
    AlphabeticalByName,
    AlphabeticalByArtist,
    /// Years `from` to `to` inclusive; newest first when `from` is the later year.
    ByYear {
        from: i32,
        to: i32,
    },
    /// Albums with a track of this genre, by title.
    ByGenre(String),
    /// The listener's own orders.
    Listener(ListenerAlbums),
}

/// How many of each kind a search returns, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchPage {
    pub artist_count: usize,
    pub artist_offset: usize,
    pub album_count: usize,
    pub album_offset: usize,
    pub song_count: usize,
    pub song_offset: usize,
}

/// A genre with how many songs and albums have it.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Genre {
    pub name: String,
    pub songs: i64,
    pub albums: i64,
}

impl Browse {
    /// `size` albums of `list` after `offset`.
    pub async fn album_list(
        &self,
        user: i64,
        list: &AlbumList,
        offset: usize,
        size: usize,
    ) -> Result<Vec<Album>, BrowseError> {
        if let AlbumList::Listener(kind) = list {
            let ids = self
                .collection
                .listener_albums(user, *kind, offset as u64, size as u64)
                .await?;
            return self.albums(user, &ids).await;
        }
        let shelf = self.library.shelf().await?;
        let rows: Vec<&ShelfRow> = match list {
            AlbumList::Random => pick_random(shelf.in_order(AlbumSort::Title).collect(), size),
            AlbumList::Newest => page(shelf.in_order(AlbumSort::Added), offset, size),
            AlbumList::AlphabeticalByName => page(shelf.in_order(AlbumSort::Title), offset, size),
            AlbumList::AlphabeticalByArtist => {
                page(shelf.in_order(AlbumSort::Artist), offset, size)
            }
            AlbumList::ByYear { from, to } => {
                let (low, high) = (*from.min(to), *from.max(to));
                let within = |row: &&ShelfRow| row.year.is_some_and(|y| (low..=high).contains(&y));
                if from > to {
                    let mut newest: Vec<&ShelfRow> =
                        shelf.in_order(AlbumSort::Year).filter(within).collect();
                    newest.reverse();
                    page(newest.into_iter(), offset, size)
                } else {
                    page(shelf.in_order(AlbumSort::Year).filter(within), offset, size)
                }
            }
            AlbumList::ByGenre(genre) => {
                let ids = self.album_ids_of_genre(genre).await?;
                page(
                    shelf
                        .in_order(AlbumSort::Title)
                        .filter(|row| ids.binary_search(&row.id).is_ok()),
                    offset,
                    size,
                )
            }
            AlbumList::Listener(_) => Vec::new(),
        };
        self.with_album_marks(user, &rows).await
    }

    async fn album_ids_of_genre(&self, genre: &str) -> Result<Vec<i64>, BrowseError> {
        let mut ids: Vec<i64> = track::Entity::find()
            .select_only()
            .column(track::Column::AlbumId)
            .distinct()
            .filter(track::Column::Genre.eq(genre))
            .filter(track::Column::AlbumId.is_not_null())
            .into_tuple::<i64>()
            .all(&self.db)
            .await?;
        ids.sort_unstable();
        Ok(ids)
    }

    /// Artists, albums and songs that hold every word of `query`; an empty query gives the
    /// whole library, page by page (songs in the order they were added to it).
    pub async fn search(
        &self,
        user: i64,
        query: &str,
        at: SearchPage,
    ) -> Result<(Vec<Artist>, Vec<Album>, Vec<Song>), BrowseError> {
        let words: Vec<String> = fold(query)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect();
        let shelf = self.library.shelf().await?;
        let mut matched = 0usize;
        let artists: Vec<Artist> = artists_of(&shelf, |artist| {
            let hit = words
                .iter()
                .all(|word| artist.folded.contains(word.as_str()));
            if !hit {
                return false;
            }
            matched += 1;
            matched > at.artist_offset && matched <= at.artist_offset + at.artist_count
        });
        let albums: Vec<&ShelfRow> = if at.album_count == 0 {
            Vec::new()
        } else {
            shelf
                .search(&words, AlbumSort::Artist)
                .skip(at.album_offset)
                .take(at.album_count)
                .collect()
        };
        let songs = if at.song_count == 0 {
            Vec::new()
        } else if words.is_empty() {
            self.all_songs(user, at.song_offset as u64, at.song_count as u64)
                .await?
        } else {
            let (_, ids) = self
                .library
                .search_track_ids(
                    query,
                    at.song_offset as u64,
                    u32::try_from(at.song_count).unwrap_or(u32::MAX),
                )
                .await?;
            self.songs(user, &ids).await?
        };
        Ok((
            self.with_artist_marks(user, artists).await?,
            self.with_album_marks(user, &albums).await?,
            songs,
        ))
    }

    /// `count` songs after `offset`, in the order of their ids (stable while the library grows).
    pub async fn all_songs(
        &self,
        user: i64,
        offset: u64,
        count: u64,
    ) -> Result<Vec<Song>, BrowseError> {
        let ids = self.library.track_ids_in_order(offset, count).await?;
        self.songs(user, &ids).await
    }

    /// Every genre with its numbers of songs and albums, by name.
    pub async fn genres(&self) -> Result<Vec<Genre>, BrowseError> {
        let sql = "SELECT genre AS name, COUNT(*) AS songs, COUNT(DISTINCT album_id) AS albums \
                   FROM tracks WHERE genre IS NOT NULL AND genre <> '' \
                   GROUP BY genre ORDER BY genre";
        let backend = self.db.get_database_backend();
        Ok(
            Genre::find_by_statement(Statement::from_string(backend, sql))
                .all(&self.db)
                .await?,
        )
    }

    /// Up to `size` songs at random, of a genre and within years when asked.
    pub async fn random_songs(
        &self,
        user: i64,
        size: u64,
        genre: Option<&str>,
        from_year: Option<i32>,
        to_year: Option<i32>,
    ) -> Result<Vec<Song>, BrowseError> {
        let mut select = track::Entity::find();
        if let Some(genre) = genre {
            select = select.filter(track::Column::Genre.eq(genre));
        }
        if let Some(from) = from_year {
            select = select.filter(track::Column::Year.gte(from));
        }
        if let Some(to) = to_year {
            select = select.filter(track::Column::Year.lte(to));
        }
        let tracks = select
            .order_by(Expr::cust("RANDOM()"), sea_orm::Order::Asc)
            .limit(size)
            .all(&self.db)
            .await?;
        self.with_song_marks(user, tracks).await
    }

    /// `count` songs of `genre` after `offset`, by artist, album and track.
    pub async fn songs_by_genre(
        &self,
        user: i64,
        genre: &str,
        offset: u64,
        count: u64,
    ) -> Result<Vec<Song>, BrowseError> {
        let tracks = track::Entity::find()
            .filter(track::Column::Genre.eq(genre))
            .order_by_asc(track::Column::SortArtist)
            .order_by_asc(track::Column::SortAlbum)
            .order_by_asc(track::Column::AlbumPosition)
            .order_by_asc(track::Column::Id)
            .offset(offset)
            .limit(count)
            .all(&self.db)
            .await?;
        self.with_song_marks(user, tracks).await
    }
}

fn page<'a>(
    rows: impl Iterator<Item = &'a ShelfRow>,
    offset: usize,
    size: usize,
) -> Vec<&'a ShelfRow> {
    rows.skip(offset).take(size).collect()
}

/// `size` of `rows`, drawn at random without repeats (a partial Fisher-Yates shuffle).
fn pick_random(mut rows: Vec<&ShelfRow>, size: usize) -> Vec<&ShelfRow> {
    let take = size.min(rows.len());
    for i in 0..take {
        let left = (rows.len() - i) as u64;
        let j = i + usize::try_from(OsRng.next_u64() % left).unwrap_or(0);
        rows.swap(i, j);
    }
    rows.truncate(take);
    rows
}
