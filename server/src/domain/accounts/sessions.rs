//! Sign-in and sessions. A session id is 128 random bits, given to the browser once and stored
//! only as its SHA-256; each sign-in makes a new one. A session ends at sign-out, after an idle
//! time, after an absolute time, and with every password change or disabling of its user.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::password::Verified;
use super::{tokens, Accounts, AccountsError, Client, LoginError, Principal};
use crate::domain::db::entity::{session, user};

/// How long sessions last, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without a request for this long, a session ends.
    pub idle: i64,
    /// However busy, a session ends this long after its sign-in.
    pub absolute: i64,
}

impl Default for SessionPolicy {
    /// Two weeks idle, sixty days in all: a household's player stays signed in, not forever.
    fn default() -> Self {
        Self {
            idle: 14 * 24 * 3600,
            absolute: 60 * 24 * 3600,
        }
    }
}

/// `last_seen` is written at most this often, so streaming (a request per seek) does not write
/// to the database each time.
const TOUCH_EVERY: i64 = 60;

/// One of a user's sessions, as their sessions page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: i64,
    pub last_seen: i64,
    pub agent: String,
}

impl Accounts {
    /// Checks a name and password and opens a session: returns who signed in and the session's
    /// secret for the cookie. An unknown name, a wrong password and a disabled account take the
    /// same time and give the same answer.
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        client: &Client,
    ) -> Result<(Principal, String), LoginError> {
        let now = self.clock.now();
        let account = super::users::key_of(name);
        self.throttle.check(client.address, &account, now)?;
        let row = self.find_by_name(name).await?;
        let verified = match &row {
            Some(row) => self.hasher.verify(password, &row.password_hash).await?,
            None => {
                self.hasher.verify_nobody(password).await?;
                Verified::No
            }
        };
        let row = match (row, verified) {
            (Some(row), Verified::Yes) if !row.disabled => row,
            (Some(row), Verified::YesRehashed(hash)) if !row.disabled => {
                user::Entity::update_many()
                    .col_expr(user::Column::PasswordHash, Expr::value(hash))
                    .filter(user::Column::Id.eq(row.id))
                    .exec(&self.db)
                    .await?;
                tracing::info!(
                    user_id = row.id,
                    "password rehashed with today's parameters"
                );
                row
            }
            _ => {
                self.throttle.failed(client.address, &account, now);
                tracing::warn!(address = ?client.address, "sign-in refused");
                return Err(LoginError::Refused);
            }
        };
        let (session_id, secret) = self.start_session(row.id, &client.agent).await?;
        tracing::info!(user = %row.name, address = ?client.address, "signed in");
        Ok((Principal::of_user(row, Some(session_id)), secret))
    }

    /// A new session for a user whose identity is already proven (sign-in, setup, a password
    /// just changed).
    pub async fn start_session(
        &self,
        user_id: i64,
        agent: &str,
    ) -> Result<(i64, String), AccountsError> {
        let secret = tokens::random(16);
        let now = self.clock.now();
        let row = session::ActiveModel {
            token_hash: Set(tokens::digest(&secret)),
            user_id: Set(user_id),
            created_at: Set(now),
            last_seen: Set(now),
            agent: Set(agent.chars().take(160).collect()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok((row.id, secret))
    }

    /// Who the session with this secret belongs to, if it is still open. An expired session is
    /// deleted on sight.
    pub async fn session(&self, secret: &str) -> Result<Option<Principal>, AccountsError> {
        let digest = tokens::digest(secret);
        if let Some(principal) = self.principals.get(&digest, self.clock.now()) {
            return Ok(Some(principal));
        }
        if let Some(principal) = self.while_database_fails(&digest) {
            return Ok(Some(principal));
        }
        // One query for the session and its user, at most once a second per session.
        let found = session::Entity::find()
            .filter(session::Column::TokenHash.eq(digest.as_str()))
            .find_also_related(user::Entity)
            .one(&self.db);
        let found = match self.patiently(&digest, found).await {
            Ok(found) => found,
            Err(error) => return self.stale_if_error(&digest, error),
        };
        let Some((row, owner)) = found else {
            return Ok(None);
        };
        let now = self.clock.now();
        let expired =
            now - row.last_seen >= self.policy.idle || now - row.created_at >= self.policy.absolute;
        let Some(owner) = owner.filter(|owner| !owner.disabled && !expired) else {
            session::Entity::delete_by_id(row.id).exec(&self.db).await?;
            return Ok(None);
        };
        if now - row.last_seen >= TOUCH_EVERY {
            session::Entity::update_many()
                .col_expr(session::Column::LastSeen, Expr::value(now))
                .filter(session::Column::Id.eq(row.id))
                .exec(&self.db)
                .await?;
        }
        let principal = Principal::of_user(owner, Some(row.id));
        self.principals.put(digest, principal.clone(), now);
        Ok(Some(principal))
    }

    /// Ends the session with this secret (sign-out). Ending one that is gone is no error.
    pub async fn logout(&self, secret: &str) -> Result<(), AccountsError> {
        self.principals.clear();
        session::Entity::delete_many()
            .filter(session::Column::TokenHash.eq(tokens::digest(secret)))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// The user's open sessions, the most recent first.
    pub async fn sessions_of(&self, user_id: i64) -> Result<Vec<SessionInfo>, AccountsError> {
        Ok(session::Entity::find()
            .filter(session::Column::UserId.eq(user_id))
            .order_by_desc(session::Column::LastSeen)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| SessionInfo {
                id: row.id,
                created_at: row.created_at,
                last_seen: row.last_seen,
                agent: row.agent,
            })
            .collect())
    }

    /// Ends one of the user's own sessions; another user's session id is "not found".
    pub async fn end_session(&self, user_id: i64, session_id: i64) -> Result<bool, AccountsError> {
        self.principals.clear();
        let deleted = session::Entity::delete_many()
            .filter(session::Column::Id.eq(session_id))
            .filter(session::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?;
        Ok(deleted.rows_affected > 0)
    }
}
