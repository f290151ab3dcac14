//! The library's one row of shared state: its generation, which every scan that changes the
//! library bumps, so each server instance can tell that its caches are stale.

use sea_orm::entity::prelude::*;

/// The id of the table's only row.
pub const ONLY_ROW: i32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "library_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub generation: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
