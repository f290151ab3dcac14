//! The library as the app's `Catalog`: what the page's server functions read.

use app::library::ssr::{Catalog, CatalogError};
use app::model::{AlbumSummary, ArtistSummary, Page, TrackDetail, TrackQuery, TrackSummary};
use sea_orm::DbErr;

use super::Library;

fn unavailable(error: DbErr) -> CatalogError {
    CatalogError(error.to_string())
}

#[async_trait::async_trait]
impl Catalog for Library {
    async fn tracks(&self, query: TrackQuery) -> Result<Page<TrackSummary>, CatalogError> {
        Library::tracks(self, &query).await.map_err(unavailable)
    }

    async fn track(&self, id: i64) -> Result<Option<TrackDetail>, CatalogError> {
        Library::track(self, id).await.map_err(unavailable)
    }

    async fn albums(&self, query: TrackQuery) -> Result<Page<AlbumSummary>, CatalogError> {
        Library::albums(self, &query).await.map_err(unavailable)
    }

    fn generation(&self) -> i64 {
        Library::generation(self)
    }

    async fn artists(&self, query: TrackQuery) -> Result<Page<ArtistSummary>, CatalogError> {
        Library::artists(self, &query).await.map_err(unavailable)
    }
}
