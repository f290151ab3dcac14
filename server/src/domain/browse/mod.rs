//! The library as one listener browses it from a program: songs, albums and artists in full
//! detail, each with that listener's marks (star, rating, plays). The Subsonic door reads this;
//! it joins the library (the rows) and the collection (the marks) and knows nothing of HTTP.

mod lists;

use std::collections::HashMap;
use std::sync::Arc;

use app::model::{AlbumSort, StarKind};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

pub use lists::{AlbumList, Genre, SearchPage};

use crate::domain::collection::{CollectionError, Marks};
use crate::domain::db::entity::track;
use crate::domain::library::{Shelf, ShelfArtist, ShelfRow};
use crate::domain::{Collection, Library};

/// A track with the listener's marks.
#[derive(Debug, Clone)]
pub struct Song {
    pub track: track::Model,
    pub marks: Marks,
}

/// An album (as the grid knows it) with the listener's marks.
#[derive(Debug, Clone)]
pub struct Album {
    pub id: i64,
    pub title: String,
    pub artist: Option<String>,
    pub artist_id: Option<i64>,
    pub year: Option<i32>,
    pub genre: Option<String>,
    pub song_count: i64,
    pub duration_ms: i64,
    /// When its first track arrived (Unix seconds).
    pub created_at: i64,
    pub marks: Marks,
}

/// An artist of albums, with the listener's marks.
#[derive(Debug, Clone)]
pub struct Artist {
    pub id: i64,
    pub name: String,
    /// The folded name the index and the order go by.
    pub sort_name: String,
    pub album_count: i64,
    pub marks: Marks,
}

#[derive(Debug, thiserror::Error)]
pub enum BrowseError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error(transparent)]
    Collection(#[from] CollectionError),
}

pub struct Browse {
    db: DatabaseConnection,
    library: Arc<Library>,
    collection: Arc<Collection>,
}

impl Browse {
    pub fn new(library: Arc<Library>, collection: Arc<Collection>) -> Self {
        Self {
            db: library.db().clone(),
            library,
            collection,
        }
    }

    pub fn library(&self) -> &Library {
        &self.library
    }

    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    /// The songs with these ids, in the order given (an id twice gives the song twice; unknown
    /// ids are left out).
    pub async fn songs(&self, user: i64, ids: &[i64]) -> Result<Vec<Song>, BrowseError> {
        let mut rows: HashMap<i64, track::Model> = HashMap::new();
        for chunk in ids.chunks(500) {
            for row in track::Entity::find()
                .filter(track::Column::Id.is_in(chunk.to_vec()))
                .all(&self.db)
                .await?
            {
                rows.insert(row.id, row);
            }
        }
        let tracks = ids.iter().filter_map(|id| rows.get(id).cloned()).collect();
        self.with_song_marks(user, tracks).await
    }

    pub async fn song(&self, user: i64, id: i64) -> Result<Option<Song>, BrowseError> {
        Ok(self.songs(user, &[id]).await?.pop())
    }

    /// Marks on tracks already loaded.
    pub async fn with_song_marks(
        &self,
        user: i64,
        tracks: Vec<track::Model>,
    ) -> Result<Vec<Song>, BrowseError> {
        let ids: Vec<i64> = tracks.iter().map(|t| t.id).collect();
        let marks = self.collection.marks(user, StarKind::Track, &ids).await?;
        Ok(tracks
            .into_iter()
            .map(|track| Song {
                marks: marks.get(&track.id).copied().unwrap_or_default(),
                track,
            })
            .collect())
    }

    /// An album and its songs in disc and track order.
    pub async fn album(
        &self,
        user: i64,
        id: i64,
    ) -> Result<Option<(Album, Vec<Song>)>, BrowseError> {
        let Some(album) = self.albums(user, &[id]).await?.pop() else {
            return Ok(None);
        };
        let tracks = track::Entity::find()
            .filter(track::Column::AlbumId.eq(id))
            .order_by_asc(track::Column::AlbumPosition)
            .order_by_asc(track::Column::SortTitle)
            .order_by_asc(track::Column::Id)
            .all(&self.db)
            .await?;
        Ok(Some((album, self.with_song_marks(user, tracks).await?)))
    }

    /// The albums with these ids, in that order; unknown ids are left out.
    pub async fn albums(&self, user: i64, ids: &[i64]) -> Result<Vec<Album>, BrowseError> {
        let shelf = self.library.shelf().await?;
        let rows: Vec<&ShelfRow> = ids.iter().filter_map(|id| shelf.get(*id)).collect();
        self.with_album_marks(user, &rows).await
    }

    async fn with_album_marks(
        &self,
        user: i64,
        rows: &[&ShelfRow],
    ) -> Result<Vec<Album>, BrowseError> {
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let marks = self.collection.marks(user, StarKind::Album, &ids).await?;
        Ok(rows
            .iter()
            .map(|row| album_of(row, marks.get(&row.id).copied().unwrap_or_default()))
            .collect())
    }

    /// Every artist of an album, by name.
    pub async fn artists(&self, user: i64) -> Result<Vec<Artist>, BrowseError> {
        let shelf = self.library.shelf().await?;
        let artists = artists_of(&shelf, |_| true);
        self.with_artist_marks(user, artists).await
    }

    /// An artist and their albums, oldest first.
    pub async fn artist(
        &self,
        user: i64,
        id: i64,
    ) -> Result<Option<(Artist, Vec<Album>)>, BrowseError> {
        let shelf = self.library.shelf().await?;
        let Some(artist) = artists_of(&shelf, |artist| artist.id == id).pop() else {
            return Ok(None);
        };
        let rows: Vec<&ShelfRow> = shelf
            .in_order(AlbumSort::Artist)
            .filter(|row| row.artist_id == Some(id))
            .collect();
        let albums = self.with_album_marks(user, &rows).await?;
        let artist = self.with_artist_marks(user, vec![artist]).await?.pop();
        Ok(artist.map(|artist| (artist, albums)))
    }

    async fn with_artist_marks(
        &self,
        user: i64,
        mut artists: Vec<Artist>,
    ) -> Result<Vec<Artist>, BrowseError> {
        let ids: Vec<i64> = artists.iter().map(|artist| artist.id).collect();
        let marks = self.collection.marks(user, StarKind::Artist, &ids).await?;
        for artist in &mut artists {
            artist.marks = marks.get(&artist.id).copied().unwrap_or_default();
        }
        Ok(artists)
    }

    /// What `user` starred that is still in the library, newest star first.
    pub async fn starred(
        &self,
        user: i64,
    ) -> Result<(Vec<Artist>, Vec<Album>, Vec<Song>), BrowseError> {
        let ids = self.collection.star_ids(user).await?;
        let shelf = self.library.shelf().await?;
        let mut artists = Vec::new();
        for id in &ids.artists {
            artists.extend(artists_of(&shelf, |artist| artist.id == *id));
        }
        Ok((
            self.with_artist_marks(user, artists).await?,
            self.albums(user, &ids.albums).await?,
            self.songs(user, &ids.tracks).await?,
        ))
    }
}

fn album_of(row: &ShelfRow, marks: Marks) -> Album {
    Album {
        id: row.id,
        title: row.title.clone(),
        artist: row.artist.clone(),
        artist_id: row.artist_id,
        year: row.year,
        genre: row.genre.clone(),
        song_count: row.track_count,
        duration_ms: row.duration_ms,
        created_at: row.created_at,
        marks,
    }
}

/// The artists of the shelf `keep` lets through, by sort name, with their album counts.
fn artists_of(shelf: &Shelf, mut keep: impl FnMut(&ShelfArtist) -> bool) -> Vec<Artist> {
    shelf
        .artists()
        .iter()
        .filter(|artist| keep(artist))
        .map(|artist| Artist {
            id: artist.id,
            name: artist.name.clone(),
            sort_name: artist.sort_name.clone(),
            album_count: artist.album_count,
            marks: Marks::default(),
        })
        .collect()
}
