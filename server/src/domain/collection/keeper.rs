//! The collection as the app's `Keeper`: what the page's server functions call.

use app::collection::ssr::{KeepError, Keeper};
use app::library::ssr::CatalogError;
use app::model::{
    AlbumDetail, AlbumQuery, AlbumSummary, ArtistDetail, Favourites, History, Page, QueueState,
    SavedQueue, StarIds, StarKind,
};
use sea_orm::DbErr;

use super::{Collection, CollectionError};

/// How many of an artist's tracks their page lists, and how many of the most played.
const ARTIST_TRACKS: u64 = 500;
const ARTIST_MOST_PLAYED: u64 = 10;

impl From<CollectionError> for KeepError {
    fn from(error: CollectionError) -> Self {
        match error {
            CollectionError::UnknownItem => KeepError::NotFound,
            CollectionError::QueueTooLong => KeepError::Refused("The queue is too long to keep."),
            CollectionError::Database(error) => database(error),
        }
    }
}

fn database(error: DbErr) -> KeepError {
    KeepError::Backend(CatalogError(error.to_string()))
}

#[async_trait::async_trait]
impl Keeper for Collection {
    async fn album_grid(&self, query: AlbumQuery) -> Result<Page<AlbumSummary>, KeepError> {
        self.library.album_grid(&query).await.map_err(database)
    }

    async fn album(&self, id: i64) -> Result<Option<AlbumDetail>, KeepError> {
        self.library.album(id).await.map_err(database)
    }

    async fn artist(&self, listener: i64, id: i64) -> Result<Option<ArtistDetail>, KeepError> {
        let Some((artist, albums, tracks)) = self
            .library
            .artist(id, ARTIST_TRACKS)
            .await
            .map_err(database)?
        else {
            return Ok(None);
        };
        let most_played = self
            .most_played_of_artist(listener, id, ARTIST_MOST_PLAYED)
            .await?;
        Ok(Some(ArtistDetail {
            artist,
            albums,
            tracks,
            most_played,
        }))
    }

    async fn star_ids(&self, listener: i64) -> Result<StarIds, KeepError> {
        Ok(Collection::star_ids(self, listener).await?)
    }

    async fn set_star(
        &self,
        listener: i64,
        kind: StarKind,
        id: i64,
        starred: bool,
    ) -> Result<(), KeepError> {
        Ok(Collection::set_star(self, listener, kind, id, starred).await?)
    }

    async fn favourites(&self, listener: i64) -> Result<Favourites, KeepError> {
        Ok(Collection::favourites(self, listener).await?)
    }

    async fn record_play(&self, listener: i64, track: i64) -> Result<(), KeepError> {
        Ok(Collection::record_play(self, listener, track).await?)
    }

    async fn history(&self, listener: i64) -> Result<History, KeepError> {
        Ok(Collection::history(self, listener).await?)
    }

    async fn save_queue(
        &self,
        listener: i64,
        queue: QueueState,
        device: String,
    ) -> Result<(), KeepError> {
        Ok(Collection::save_queue(self, listener, &queue, &device).await?)
    }

    async fn saved_queue(&self, listener: i64) -> Result<Option<SavedQueue>, KeepError> {
        Ok(Collection::saved_queue(self, listener).await?)
    }
}
