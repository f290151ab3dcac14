//! The track list (search, sort, pages) and the server functions that feed it.

mod controls;
mod live;
mod pager;
pub mod query;
mod track_list;

pub use controls::LibraryControls;
pub use live::{use_library_generation, LibraryGeneration};
pub use pager::Pager;
pub use track_list::{TrackList, TrackTable};

use leptos::prelude::*;
use leptos::server_fn::codec::Postcard;

use crate::model::{AlbumSummary, ArtistSummary, Page, TrackQuery, TrackSummary};

#[cfg(feature = "ssr")]
pub mod ssr {
    //! What the server must provide (as Leptos context) for the library's server functions.
    use std::sync::Arc;

    use crate::model::{AlbumSummary, ArtistSummary, Page, TrackDetail, TrackQuery, TrackSummary};

    pub use crate::backend::{unavailable, CatalogError};

    /// The library, implemented by the server over its database.
    #[async_trait::async_trait]
    pub trait Catalog: Send + Sync + 'static {
        /// One page of tracks, searched and sorted as asked.
        async fn tracks(&self, query: TrackQuery) -> Result<Page<TrackSummary>, CatalogError>;
        /// One track, or `None` for an unknown id.
        async fn track(&self, id: i64) -> Result<Option<TrackDetail>, CatalogError>;
        /// One page of albums (the query's search and sort are not used).
        async fn albums(&self, query: TrackQuery) -> Result<Page<AlbumSummary>, CatalogError>;
        /// The library generation: it moves whenever the library changes.
        fn generation(&self) -> i64;
        /// One page of artists (the query's search and sort are not used).
        async fn artists(&self, query: TrackQuery) -> Result<Page<ArtistSummary>, CatalogError>;
    }

    /// The handle the server puts into Leptos context.
    pub type SharedCatalog = Arc<dyn Catalog>;

    pub(super) fn catalog() -> Result<SharedCatalog, leptos::prelude::ServerFnError> {
        leptos::prelude::use_context::<SharedCatalog>()
            .ok_or_else(|| leptos::prelude::ServerFnError::new("the library is not configured"))
    }
}

// The functions the page calls answer in postcard (`output = Postcard`), a compact binary format
// whose decoder is much smaller in the WASM than a JSON parser; programs that want JSON have
// the same data at `/api/…` (README.md, "Library API").

/// One page of the track list, searched (title, artist, album; case and accents ignored) and
/// sorted as `query` asks.
#[server(endpoint = "list_tracks", output = Postcard)]
pub async fn list_tracks(query: TrackQuery) -> Result<Page<TrackSummary>, ServerFnError> {
    let catalog = ssr::catalog()?;
    catalog
        .tracks(query)
        .await
        .map_err(|e| ssr::unavailable("list_tracks", e))
}

/// One track as the list shows it (what the player needs); `None` for an unknown id. All its
/// tags and properties are at `GET /api/tracks/{id}`.
#[server(endpoint = "get_track", output = Postcard)]
pub async fn get_track(id: i64) -> Result<Option<TrackSummary>, ServerFnError> {
    let catalog = ssr::catalog()?;
    let detail = catalog
        .track(id)
        .await
        .map_err(|e| ssr::unavailable("get_track", e))?;
    Ok(detail.map(|detail| detail.summary))
}

/// The library generation, which moves whenever a scan or a watched change alters the library:
/// the page polls it and loads its lists again when it moves.
#[server(endpoint = "library_generation", output = Postcard)]
pub async fn get_library_generation() -> Result<i64, ServerFnError> {
    Ok(ssr::catalog()?.generation())
}

/// One page of albums, by title.
#[server(endpoint = "list_albums")]
pub async fn list_albums(query: TrackQuery) -> Result<Page<AlbumSummary>, ServerFnError> {
    let catalog = ssr::catalog()?;
    catalog
        .albums(query)
        .await
        .map_err(|e| ssr::unavailable("list_albums", e))
}

/// One page of artists, by name.
#[server(endpoint = "list_artists")]
pub async fn list_artists(query: TrackQuery) -> Result<Page<ArtistSummary>, ServerFnError> {
    let catalog = ssr::catalog()?;
    catalog
        .artists(query)
        .await
        .map_err(|e| ssr::unavailable("list_artists", e))
}
