//! The collection as the app's `Keeper`: what the page's server functions call.

use app::keep::ssr::Keeper;
use app::library::ssr::CatalogError;
use app::model::{
    AlbumDetail, AlbumQuery, AlbumSummary, ArtistDetail, Favourites, History, Imported, Page,
    PlaylistDetail, PlaylistEdit, PlaylistSummary, QueueState, SavedQueue, StarIds, StarKind,
};
use sea_orm::DbErr;

use super::{Collection, CollectionError};

/// How many of an artist's tracks their page lists, and how many of the most played.
const ARTIST_TRACKS: u64 = 500;
const ARTIST_MOST_PLAYED: u64 = 10;

fn database(error: DbErr) -> CatalogError {
    CatalogError(error.to_string())
}

/// Whether a change was made: `false` for what the collection refuses (an unknown item, a
/// playlist that is not the listener's, a queue or playlist too long, an empty name).
fn done(result: Result<(), CollectionError>) -> Result<bool, CatalogError> {
    match result {
        Ok(()) => Ok(true),
        Err(CollectionError::Database(error)) => Err(database(error)),
        Err(_) => Ok(false),
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

    async fn playlists(&self, listener: i64) -> Result<Vec<PlaylistSummary>, CatalogError> {
        read(Collection::playlists(self, listener).await)
    }

    async fn playlist(
        &self,
        listener: i64,
        id: i64,
    ) -> Result<Option<PlaylistDetail>, CatalogError> {
        read(Collection::playlist(self, listener, id).await)
    }

    async fn create_playlist(
        &self,
        listener: i64,
        name: String,
        tracks: Vec<i64>,
    ) -> Result<Option<i64>, CatalogError> {
        let created = Collection::create_playlist(self, listener, &name, &tracks).await;
        refused_as_none(created)
    }

    async fn edit_playlist(
        &self,
        listener: i64,
        id: i64,
        edit: PlaylistEdit,
    ) -> Result<bool, CatalogError> {
        done(Collection::edit_playlist(self, listener, id, edit).await)
    }

    async fn delete_playlist(&self, listener: i64, id: i64) -> Result<bool, CatalogError> {
        done(Collection::delete_playlist(self, listener, id).await)
    }

    async fn import_playlist(
        &self,
        listener: i64,
        name: String,
        text: String,
    ) -> Result<Option<Imported>, CatalogError> {
        refused_as_none(Collection::import_playlist(self, listener, &name, &text).await)
    }
}

/// `None` for what the collection refuses; a database failure stays an error.
fn refused_as_none<T>(result: Result<T, CollectionError>) -> Result<Option<T>, CatalogError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(CollectionError::Database(error)) => Err(database(error)),
        Err(_) => Ok(None),
    }
}
