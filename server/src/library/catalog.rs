//! The server's implementation of the app's `Catalog`: the library's server functions read it.

use std::sync::Arc;

use app::library::ssr::{Catalog, CatalogError};
use app::model::{AlbumSummary, ArtistSummary, Page, TrackDetail, TrackQuery, TrackSummary};
use sea_orm::{DatabaseConnection, DbErr};

use super::ListIndex;
use crate::db::queries;

pub struct DbCatalog {
    db: DatabaseConnection,
    list: Arc<ListIndex>,
}

impl DbCatalog {
    pub fn new(db: DatabaseConnection, list: Arc<ListIndex>) -> Self {
        Self { db, list }
    }
}

fn backend(error: DbErr) -> CatalogError {
    CatalogError(error.to_string())
}

#[async_trait::async_trait]
impl Catalog for DbCatalog {
    async fn tracks(&self, query: TrackQuery) -> Result<Page<TrackSummary>, CatalogError> {
        self.list.page(&query).await.map_err(backend)
    }

    async fn track(&self, id: i64) -> Result<Option<TrackDetail>, CatalogError> {
        queries::track_detail(&self.db, id).await.map_err(backend)
    }

    async fn albums(&self, query: TrackQuery) -> Result<Page<AlbumSummary>, CatalogError> {
        queries::list_albums(&self.db, &query)
            .await
            .map_err(backend)
    }

    async fn artists(&self, query: TrackQuery) -> Result<Page<ArtistSummary>, CatalogError> {
        queries::list_artists(&self.db, &query)
            .await
            .map_err(backend)
    }
}
