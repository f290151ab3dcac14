//! A named key for curl and scripts: the SHA-256 of the key, never the key itself.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key_hash: String,
    pub user_id: i64,
    pub label: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds, to within a minute.
    pub last_used: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
