//! A listener's play queue as last saved by one of their devices: what another device offers to
//! continue.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "play_queues")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// Track ids in play order, comma-separated.
    pub track_ids: String,
    pub current_track: Option<i64>,
    pub position_ms: i64,
    /// Unix milliseconds.
    pub changed_at: i64,
    pub changed_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
