//! Schema migrations, applied at start-up: one file per change, each with a working `down`.

mod m20261125_000001_create_tracks;

use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261125_000001_create_tracks::Migration)]
    }
}
