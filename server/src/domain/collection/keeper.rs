//! The collection as the app's `Keeper`: what the page's server functions call.

use app::collection::ssr::Keeper;
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

fn database(error: DbErr) -> CatalogError {
    CatalogError(error.to_string())
}

/// Whether a change was made: `false` for an unknown item or a queue too long to keep.
fn done(result: Result<(), CollectionError>) -> Result<bool, CatalogError> {
    match result {
        Ok(()) => Ok(true),
        Err(CollectionError::UnknownItem | CollectionError::QueueTooLong) => Ok(false),
        Err(CollectionError::Database(error)) => Err(database(error)),
    }
}

fn read<T>(result: Result<T, CollectionError>) -> Result<T, CatalogError> {
    result.map_err(|error| match error {
        CollectionError::Database(error) => database(error),
        other => CatalogError(other.to_string()),
    })
}

#[async_trait::async_trait]
impl Keeper for Collection {
    async fn album_grid(&self, query: AlbumQuery) -> Result<Page<AlbumSummary>, CatalogError> {
        self.library.album_grid(&query).await.map_err(database)
    }

    async fn album(&self, id: i64) -> Result<Option<AlbumDetail>, CatalogError> {
        self.library.album(id).await.map_err(database)
    }

    async fn artist(&self, listener: i64, id: i64) -> Result<Option<ArtistDetail>, CatalogError> {
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
            .await;
        let most_played = read(most_played)?;
        Ok(Some(ArtistDetail {
            artist,
            albums,
            tracks,
            most_played,
        }))
    }

    async fn star_ids(&self, listener: i64) -> Result<StarIds, CatalogError> {
        read(Collection::star_ids(self, listener).await)
    }

    async fn set_star(
        &self,
        listener: i64,
        kind: StarKind,
        id: i64,
        starred: bool,
    ) -> Result<bool, CatalogError> {
        let result = Collection::set_star(self, listener, kind, id, starred).await;
        Ok(done(result)? && starred)
    }

    async fn favourites(&self, listener: i64) -> Result<Favourites, CatalogError> {
        read(Collection::favourites(self, listener).await)
    }

    async fn record_play(&self, listener: i64, track: i64) -> Result<bool, CatalogError> {
        done(Collection::record_play(self, listener, track).await)
    }

    async fn history(&self, listener: i64) -> Result<History, CatalogError> {
        read(Collection::history(self, listener).await)
    }

    async fn save_queue(
        &self,
        listener: i64,
        queue: QueueState,
        device: String,
    ) -> Result<bool, CatalogError> {
        done(Collection::save_queue(self, listener, &queue, &device).await)
    }

    async fn saved_queue(&self, listener: i64) -> Result<Option<SavedQueue>, CatalogError> {
        read(Collection::saved_queue(self, listener).await)
    }
}
