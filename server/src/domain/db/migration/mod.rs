//! Schema migrations, applied at start-up: one file per change, each with a working `down`.

mod m20261125_000001_create_tracks;
mod m20261126_000002_artists_albums_keys;
mod m20261126_000003_library_state;
mod m20261129_000004_drop_list_sort_indexes;
mod m20261129_000005_accounts;
mod m20261129_000006_collection;
mod m20261129_000007_subsonic;

use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_tracks::Migration),
            Box::new(m20261126_000002_artists_albums_keys::Migration),
            Box::new(m20261126_000003_library_state::Migration),
            Box::new(m20261129_000004_drop_list_sort_indexes::Migration),
            Box::new(m20261129_000005_accounts::Migration),
            Box::new(m20261129_000006_collection::Migration),
            Box::new(m20261129_000007_subsonic::Migration),
        ]
    }
}
