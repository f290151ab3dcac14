//! Users: adding them, listing them, changing a password, disabling. Every change that must end
//! a user's access (a new password, disabling) ends their sessions and bumps their revision,
//! which voids their signed links.

use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::password::{check_policy, Verified};
use super::{Accounts, AccountsError, Principal, Role};
use crate::domain::db::entity::{session, user};

/// A user name as typed: 1 to 64 characters, no control characters, no space at either end.
/// Names are compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub fn parse(name: &str) -> Result<Self, AccountsError> {
        let length = name.chars().count();
        let valid = (1..=64).contains(&length)
            && name.trim() == name
            && !name.chars().any(char::is_control);
        valid
            .then(|| Self(name.to_owned()))
            .ok_or(AccountsError::BadName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What makes two names the same account.
    pub fn key(&self) -> String {
        key_of(&self.0)
    }
}

pub(super) fn key_of(name: &str) -> String {
    name.to_lowercase()
}

/// `revision + 1`: what voids every stream link the user has signed so far.
pub(super) fn next_revision() -> SimpleExpr {
    Expr::col(user::Column::Revision).add(1)
}

impl Principal {
    /// Who a request acts for, as the user's row says. A temporary password binds a browser's
    /// session (`session_id`); an API key or a signed link has none and is not held by it.
    pub(super) fn of_user(owner: user::Model, session_id: Option<i64>) -> Self {
        Self {
            user_id: owner.id,
            role: Role::of_column(&owner.role),
            must_change_password: session_id.is_some() && owner.must_change_password,
            name: owner.name,
            session_id,
        }
    }
}

/// A user as the admin page and `server user list` show them (no hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub must_change_password: bool,
    pub created_at: i64,
}

impl From<user::Model> for User {
    fn from(row: user::Model) -> Self {
        Self {
            id: row.id,
            name: row.name,
            role: Role::of_column(&row.role),
            disabled: row.disabled,
            must_change_password: row.must_change_password,
            created_at: row.created_at,
        }
    }
}

impl Accounts {
    pub async fn user_count(&self) -> Result<u64, AccountsError> {
        Ok(user::Entity::find().count(&self.db).await?)
    }

    /// Adds a user. The password must pass the policy; the name must be free (in any case).
    pub async fn add_user(
        &self,
        name: &str,
        password: &str,
        role: Role,
    ) -> Result<User, AccountsError> {
        let name = UserName::parse(name)?;
        check_policy(password)?;
        if self.find_by_name(name.as_str()).await?.is_some() {
            return Err(AccountsError::NameTaken);
        }
        let hash = self.hasher.hash(password).await?;
        let row = user::ActiveModel {
            name: Set(name.as_str().to_owned()),
            name_key: Set(name.key()),
            password_hash: Set(hash),
            role: Set(role.column().to_owned()),
            disabled: Set(false),
            must_change_password: Set(false),
            revision: Set(0),
            created_at: Set(self.clock.now()),
            ..Default::default()
        };
        // Two adds of one name at once: the unique key refuses the second.
        let inserted = row.insert(&self.db).await.map_err(|error| {
            if error.to_string().to_lowercase().contains("unique") {
                AccountsError::NameTaken
            } else {
                error.into()
            }
        })?;
        tracing::info!(user = %inserted.name, role = role.column(), "user added");
        Ok(inserted.into())
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, AccountsError> {
        Ok(user::Entity::find()
            .order_by_asc(user::Column::NameKey)
            .all(&self.db)
            .await?
            .into_iter()
            .map(User::from)
            .collect())
    }

    pub async fn user(&self, id: i64) -> Result<Option<User>, AccountsError> {
        Ok(user::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(User::from))
    }

    pub(super) async fn find_by_name(
        &self,
        name: &str,
    ) -> Result<Option<user::Model>, AccountsError> {
        Ok(user::Entity::find()
            .filter(user::Column::NameKey.eq(key_of(name)))
            .one(&self.db)
            .await?)
    }

    /// The id of the user called `name`.
    pub async fn user_id(&self, name: &str) -> Result<i64, AccountsError> {
        self.find_by_name(name)
            .await?
            .map(|row| row.id)
            .ok_or(AccountsError::NoSuchUser)
    }

    /// Sets a new password and ends every session of the user. `temporary`: an admin chose it,
    /// and the user must replace it at the next sign-in.
    pub async fn set_password(
        &self,
        user_id: i64,
        password: &str,
        temporary: bool,
    ) -> Result<(), AccountsError> {
        check_policy(password)?;
        let hash = self.hasher.hash(password).await?;
        let updated = user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .col_expr(user::Column::MustChangePassword, Expr::value(temporary))
            .col_expr(user::Column::Revision, next_revision())
            .filter(user::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        if updated.rows_affected == 0 {
            return Err(AccountsError::NoSuchUser);
        }
        self.end_all_sessions(user_id).await?;
        tracing::info!(
            user_id,
            temporary,
            "password changed; the user's sessions ended"
        );
        Ok(())
    }

    /// A user's own change of password: the current one must be right. Ends every session of
    /// the user (the door then opens a new one for the browser that made the change).
    pub async fn change_password(
        &self,
        user_id: i64,
        current: &str,
        new: &str,
    ) -> Result<(), AccountsError> {
        let row = user::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .ok_or(AccountsError::NoSuchUser)?;
        if self.hasher.verify(current, &row.password_hash).await? == Verified::No {
            return Err(AccountsError::WrongPassword);
        }
        if current == new {
            return Err(AccountsError::SamePassword);
        }
        self.set_password(user_id, new, false).await
    }

    /// Disables (or enables again) a user. Disabling ends their sessions and voids their keys'
    /// and links' use until enabled.
    pub async fn set_disabled(&self, user_id: i64, disabled: bool) -> Result<(), AccountsError> {
        self.principals.clear();
        let updated = user::Entity::update_many()
            .col_expr(user::Column::Disabled, Expr::value(disabled))
            .col_expr(user::Column::Revision, next_revision())
            .filter(user::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        if updated.rows_affected == 0 {
            return Err(AccountsError::NoSuchUser);
        }
        if disabled {
            self.end_all_sessions(user_id).await?;
        }
        tracing::info!(user_id, disabled, "user access changed");
        Ok(())
    }

    pub(super) async fn end_all_sessions(&self, user_id: i64) -> Result<u64, AccountsError> {
        self.principals.clear();
        Ok(session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_printable_and_short() {
        assert!(UserName::parse("ann").is_ok());
        assert!(UserName::parse("Ann Lee").is_ok());
        assert!(UserName::parse("Åsa").is_ok());
        assert!(UserName::parse("").is_err());
        assert!(UserName::parse(" ann").is_err());
        assert!(UserName::parse("ann\n").is_err());
        assert!(UserName::parse("a\u{7}b").is_err());
        assert!(UserName::parse(&"n".repeat(64)).is_ok());
        assert!(UserName::parse(&"n".repeat(65)).is_err());
        assert_eq!(
            UserName::parse("Ann").map(|n| n.key()).ok(),
            Some("ann".into())
        );
    }
}
