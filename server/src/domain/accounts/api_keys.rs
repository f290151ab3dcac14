//! API keys for curl and scripts (`Authorization: Bearer …`): random, shown once, stored as their
//! SHA-256, named, with the time of last use, revocable. A key acts as its user, and stops when
//! the user is disabled.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{tokens, Accounts, AccountsError, Principal};
use crate::domain::db::entity::{api_key, user};

/// Every key starts so, which tells it from a session id in a log-scrubbing rule or a leak scan.
pub(super) const PREFIX: &str = "cadenza_";
/// `last_used` is written at most this often.
const TOUCH_EVERY: i64 = 60;

/// A key as its owner sees it listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used: Option<i64>,
    /// Also the secret of Subsonic token authentication (kept encrypted, not only hashed).
    pub for_tokens: bool,
}

impl Accounts {
    /// A new key for the user: returns the key, which is not kept and cannot be shown again.
    pub async fn add_api_key(&self, user_id: i64, label: &str) -> Result<String, AccountsError> {
        self.insert_api_key(user_id, label, false).await
    }

    /// A new key; with `for_tokens`, also kept sealed under the token key (see
    /// `program_auth.rs`).
    pub(super) async fn insert_api_key(
        &self,
        user_id: i64,
        label: &str,
        for_tokens: bool,
    ) -> Result<String, AccountsError> {
        if self.user(user_id).await?.is_none() {
            return Err(AccountsError::NoSuchUser);
        }
        let key = format!("{PREFIX}{}", tokens::random(32));
        let token_secret = match for_tokens {
            true => Some(self.token_key.seal(&key).await?),
            false => None,
        };
        api_key::ActiveModel {
            key_hash: Set(tokens::digest(&key)),
            user_id: Set(user_id),
            label: Set(label.chars().take(100).collect()),
            created_at: Set(self.clock.now()),
            last_used: Set(None),
            token_secret: Set(token_secret),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        tracing::info!(user_id, label, "API key added");
        Ok(key)
    }

    /// Who this key acts for, if it is a live key of an enabled user.
    pub async fn api_key(&self, key: &str) -> Result<Option<Principal>, AccountsError> {
        if !key.starts_with(PREFIX) {
            return Ok(None);
        }
        let digest = tokens::digest(key);
        if let Some(principal) = self.principals.get(&digest, self.clock.now()) {
            return Ok(Some(principal));
        }
        if let Some(principal) = self.while_database_fails(&digest) {
            return Ok(Some(principal));
        }
        let found = api_key::Entity::find()
            .filter(api_key::Column::KeyHash.eq(digest.as_str()))
            .find_also_related(user::Entity)
            .one(&self.db);
        let found = match self.patiently(&digest, found).await {
            Ok(found) => found,
            Err(error) => return self.stale_if_error(&digest, error),
        };
        let Some((row, Some(owner))) = found else {
            return Ok(None);
        };
        if owner.disabled {
            return Ok(None);
        }
        let now = self.clock.now();
        if row.last_used.is_none_or(|used| now - used >= TOUCH_EVERY) {
            api_key::Entity::update_many()
                .col_expr(api_key::Column::LastUsed, Expr::value(now))
                .filter(api_key::Column::Id.eq(row.id))
                .exec(&self.db)
                .await?;
        }
        let principal = Principal::of_user(owner, None);
        self.principals.put(digest, principal.clone(), now);
        Ok(Some(principal))
    }

    /// The user's keys, newest first.
    pub async fn api_keys_of(&self, user_id: i64) -> Result<Vec<ApiKey>, AccountsError> {
        Ok(api_key::Entity::find()
            .filter(api_key::Column::UserId.eq(user_id))
            .order_by_desc(api_key::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| ApiKey {
                id: row.id,
                label: row.label,
                created_at: row.created_at,
                last_used: row.last_used,
                for_tokens: row.token_secret.is_some(),
            })
            .collect())
    }

    /// Revokes one of the user's own keys; another user's key id is "not found".
    pub async fn revoke_api_key(&self, user_id: i64, key_id: i64) -> Result<bool, AccountsError> {
        self.principals.clear();
        let deleted = api_key::Entity::delete_many()
            .filter(api_key::Column::Id.eq(key_id))
            .filter(api_key::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(deleted.rows_affected > 0)
    }
}
