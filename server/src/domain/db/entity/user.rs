//! A person who may sign in: a name, an Argon2id hash, a role, and a revision that ends their
//! signed links when it changes.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// `name` folded to lower case, unique: "Ann" and "ann" are one account.
    #[sea_orm(unique)]
    pub name_key: String,
    pub password_hash: String,
    /// `admin` or `listener`.
    pub role: String,
    pub disabled: bool,
    pub must_change_password: bool,
    pub revision: i64,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
