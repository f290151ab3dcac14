//! The server's implementation of the app's `Catalog`: the library's server functions read it.

use app::library::ssr::{Catalog, CatalogError};
use app::model::TrackSummary;
use sea_orm::DatabaseConnection;

use crate::db::queries;

pub struct DbCatalog {
    db: DatabaseConnection,
}

impl DbCatalog {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[async_trait::async_trait]
impl Catalog for DbCatalog {
    async fn list_tracks(&self) -> Result<Vec<TrackSummary>, CatalogError> {
        queries::list_tracks(&self.db)
            .await
            .map_err(|error| CatalogError(error.to_string()))
    }
}
