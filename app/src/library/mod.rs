//! The track list and the server functions that feed it.

mod track_list;

pub use track_list::TrackList;

use leptos::prelude::*;

use crate::model::TrackSummary;

#[cfg(feature = "ssr")]
pub mod ssr {
    //! What the server must provide (as Leptos context) for the library's server functions.
    use std::sync::Arc;

    use crate::model::TrackSummary;

    /// A failure of the library backend; its message is logged, not shown to listeners.
    #[derive(Debug, thiserror::Error)]
    #[error("library unavailable: {0}")]
    pub struct CatalogError(pub String);

    /// The track catalogue, implemented by the server over its database.
    #[async_trait::async_trait]
    pub trait Catalog: Send + Sync + 'static {
        /// Every track, ordered by artist, album, track number and title.
        async fn list_tracks(&self) -> Result<Vec<TrackSummary>, CatalogError>;
    }

    /// The handle the server puts into Leptos context.
    pub type SharedCatalog = Arc<dyn Catalog>;

    pub(super) fn catalog() -> Result<SharedCatalog, leptos::prelude::ServerFnError> {
        leptos::prelude::use_context::<SharedCatalog>()
            .ok_or_else(|| leptos::prelude::ServerFnError::new("the library is not configured"))
    }
}

/// All tracks of the library, in list order.
#[server(endpoint = "list_tracks")]
pub async fn list_tracks() -> Result<Vec<TrackSummary>, ServerFnError> {
    let catalog = ssr::catalog()?;
    catalog.list_tracks().await.map_err(|error| {
        leptos::logging::error!("list_tracks: {error}");
        ServerFnError::new("The library could not be read.")
    })
}
