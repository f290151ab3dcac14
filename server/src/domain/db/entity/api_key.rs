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
    /// For a key made for Subsonic token authentication: the key, encrypted under the token key
    /// kept outside the database (`TokenKey`); `None` on every other key.
    pub token_secret: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The user the key acts for.
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
