//! What each listener keeps, as the page reaches it: the server functions of the collection
//! (album and artist pages, stars, plays, history, the saved queue, playlists), what the server
//! implements behind them (`ssr`), and the two widgets every list shows: the star and the "Add to
//! playlist" menu. The collection's views (`crate::collection`) are built on these.

mod add_to;
mod stars;

pub use add_to::{AddToPlaylist, MyPlaylists};
pub use stars::{StarButton, Stars};

use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

use crate::model::{
    AlbumDetail, AlbumQuery, AlbumSummary, ArtistDetail, Favourites, History, Imported, Page,
    PlaylistDetail, PlaylistEdit, PlaylistSummary, QueueState, SavedQueue, StarIds, StarKind,
};

#[cfg(feature = "ssr")]
pub mod ssr {
    //! What the server provides (as Leptos context and request extensions) for the collection's
    //! server functions.
    use std::sync::Arc;

    use crate::backend::CatalogError;
    use crate::model::{
        AlbumDetail, AlbumQuery, AlbumSummary, ArtistDetail, Favourites, History, Imported, Page,
        PlaylistDetail, PlaylistEdit, PlaylistSummary, QueueState, SavedQueue, StarIds, StarKind,
    };

    /// The signed-in listener a request acts for, put in the request's extensions by the
    /// server's authentication layer.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Listener {
        pub id: i64,
    }

    /// The collection, implemented by the server: every call names the listener.
    #[async_trait::async_trait]
    pub trait Keeper: Send + Sync + 'static {
        async fn album_grid(&self, query: AlbumQuery) -> Result<Page<AlbumSummary>, CatalogError>;
        async fn album(&self, id: i64) -> Result<Option<AlbumDetail>, CatalogError>;
        async fn artist(
            &self,
            listener: i64,
            id: i64,
        ) -> Result<Option<ArtistDetail>, CatalogError>;
        async fn star_ids(&self, listener: i64) -> Result<StarIds, CatalogError>;
        async fn set_star(
            &self,
            listener: i64,
            kind: StarKind,
            id: i64,
            starred: bool,
        ) -> Result<bool, CatalogError>;
        async fn favourites(&self, listener: i64) -> Result<Favourites, CatalogError>;
        async fn record_play(&self, listener: i64, track: i64) -> Result<bool, CatalogError>;
        async fn history(&self, listener: i64) -> Result<History, CatalogError>;
        async fn save_queue(
            &self,
            listener: i64,
            queue: QueueState,
            device: String,
        ) -> Result<bool, CatalogError>;
        async fn saved_queue(&self, listener: i64) -> Result<Option<SavedQueue>, CatalogError>;
        async fn playlists(&self, listener: i64) -> Result<Vec<PlaylistSummary>, CatalogError>;
        async fn playlist(
            &self,
            listener: i64,
            id: i64,
        ) -> Result<Option<PlaylistDetail>, CatalogError>;
        async fn create_playlist(
            &self,
            listener: i64,
            name: String,
            tracks: Vec<i64>,
        ) -> Result<Option<i64>, CatalogError>;
        async fn edit_playlist(
            &self,
            listener: i64,
            id: i64,
            edit: PlaylistEdit,
        ) -> Result<bool, CatalogError>;
        async fn delete_playlist(&self, listener: i64, id: i64) -> Result<bool, CatalogError>;
        async fn import_playlist(
            &self,
            listener: i64,
            name: String,
            text: String,
        ) -> Result<Option<Imported>, CatalogError>;
    }

    pub type SharedKeeper = Arc<dyn Keeper>;

    /// The keeper and the listener of this request; an error when either is missing.
    pub(super) fn keeper_for() -> Result<(SharedKeeper, i64), leptos::prelude::ServerFnError> {
        let keeper = keeper()?;
        let listener = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Listener>().copied())
            .ok_or_else(|| leptos::prelude::ServerFnError::new("Sign in first."))?;
        Ok((keeper, listener.id))
    }

    pub(super) fn keeper() -> Result<SharedKeeper, leptos::prelude::ServerFnError> {
        leptos::prelude::use_context::<SharedKeeper>()
            .ok_or_else(|| leptos::prelude::ServerFnError::new("the collection is not configured"))
    }

    /// The device's name for the saved queue: its browser, as the request says.
    pub(super) fn device() -> String {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::USER_AGENT)
                    .and_then(|agent| agent.to_str().ok())
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    }

    pub(super) use crate::backend::unavailable as refused;
}

// Functions whose arguments hold lists take postcard too (`input = Postcard`): a URL-encoded
// form leaves an empty list out and spells a long one as one field per item.

/// One page of the album grid.
#[server(endpoint = "album_grid", output = Postcard)]
pub async fn get_album_grid(query: AlbumQuery) -> Result<Page<AlbumSummary>, ServerFnError> {
    let keeper = ssr::keeper()?;
    keeper
        .album_grid(query)
        .await
        .map_err(|e| ssr::refused("album_grid", e))
}

/// An album with its tracks; `None` for an unknown id.
#[server(endpoint = "album_page", output = Postcard)]
pub async fn get_album(id: i64) -> Result<Option<AlbumDetail>, ServerFnError> {
    let keeper = ssr::keeper()?;
    keeper
        .album(id)
        .await
        .map_err(|e| ssr::refused("album_page", e))
}

/// An artist's albums and tracks and what this listener plays most of them.
#[server(endpoint = "artist_page", output = Postcard)]
pub async fn get_artist(id: i64) -> Result<Option<ArtistDetail>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .artist(listener, id)
        .await
        .map_err(|e| ssr::refused("artist_page", e))
}

/// The ids this listener starred.
#[server(endpoint = "my_stars", output = Postcard)]
pub async fn get_stars() -> Result<StarIds, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .star_ids(listener)
        .await
        .map_err(|e| ssr::refused("my_stars", e))
}

/// Stars or unstars a track, an album or an artist for this listener; says whether it is
/// starred now (an unknown id is never starred).
#[server(endpoint = "set_star", output = Postcard)]
pub async fn set_star(kind: StarKind, id: i64, starred: bool) -> Result<bool, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .set_star(listener, kind, id, starred)
        .await
        .map_err(|e| ssr::refused("set_star", e))
}

/// What this listener starred, newest first.
#[server(endpoint = "favourites", output = Postcard)]
pub async fn get_favourites() -> Result<Favourites, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .favourites(listener)
        .await
        .map_err(|e| ssr::refused("favourites", e))
}

/// Counts a play of `track` (the page calls it once half the track, or four minutes, played);
/// says whether it was counted (an unknown track is not).
#[server(endpoint = "record_play", output = Postcard)]
pub async fn record_play(track: i64) -> Result<bool, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .record_play(listener, track)
        .await
        .map_err(|e| ssr::refused("record_play", e))
}

/// Recently played, most played, recently added.
#[server(endpoint = "history", output = Postcard)]
pub async fn get_history() -> Result<History, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .history(listener)
        .await
        .map_err(|e| ssr::refused("history", e))
}

/// Keeps this listener's queue, track and position on the server; says whether it was kept (a
/// queue longer than [`crate::model::MAX_SAVED_QUEUE`] is not).
#[server(endpoint = "save_queue", input = Postcard, output = Postcard)]
pub async fn save_queue(queue: QueueState) -> Result<bool, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .save_queue(listener, queue, ssr::device())
        .await
        .map_err(|e| ssr::refused("save_queue", e))
}

/// The queue this listener's devices last saved.
#[server(endpoint = "saved_queue", output = Postcard)]
pub async fn get_saved_queue() -> Result<Option<SavedQueue>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .saved_queue(listener)
        .await
        .map_err(|e| ssr::refused("saved_queue", e))
}

/// This listener's playlists and the other listeners' public ones.
#[server(endpoint = "playlists", output = Postcard)]
pub async fn get_playlists() -> Result<Vec<PlaylistSummary>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .playlists(listener)
        .await
        .map_err(|e| ssr::refused("playlists", e))
}

/// A playlist this listener may see, with its tracks; `None` otherwise.
#[server(endpoint = "playlist", output = Postcard)]
pub async fn get_playlist(id: i64) -> Result<Option<PlaylistDetail>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .playlist(listener, id)
        .await
        .map_err(|e| ssr::refused("playlist", e))
}

/// A new private playlist with these tracks; its id, or `None` for an empty name.
#[server(endpoint = "create_playlist", input = Postcard, output = Postcard)]
pub async fn create_playlist(name: String, tracks: Vec<i64>) -> Result<Option<i64>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .create_playlist(listener, name, tracks)
        .await
        .map_err(|e| ssr::refused("create_playlist", e))
}

/// Changes a playlist this listener owns; says whether it did.
#[server(endpoint = "edit_playlist", input = Postcard, output = Postcard)]
pub async fn edit_playlist(id: i64, edit: PlaylistEdit) -> Result<bool, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .edit_playlist(listener, id, edit)
        .await
        .map_err(|e| ssr::refused("edit_playlist", e))
}

/// Deletes a playlist this listener owns; says whether it did.
#[server(endpoint = "delete_playlist", output = Postcard)]
pub async fn delete_playlist(id: i64) -> Result<bool, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .delete_playlist(listener, id)
        .await
        .map_err(|e| ssr::refused("delete_playlist", e))
}

/// A new playlist from an M3U8 file's text; the entries that name no track are reported.
#[server(endpoint = "import_playlist", input = Postcard, output = Postcard)]
pub async fn import_playlist(
    name: String,
    text: String,
) -> Result<Option<Imported>, ServerFnError> {
    let (keeper, listener) = ssr::keeper_for()?;
    keeper
        .import_playlist(listener, name, text)
        .await
        .map_err(|e| ssr::refused("import_playlist", e))
}
