//! Accounts: who may listen. Users with Argon2id passwords and a role, server-side sessions,
//! API keys for scripts, the one-time setup token of a server without users, and the throttle on
//! failed sign-ins. Like the library it knows nothing of HTTP: the doors read cookies and headers
//! and hand this module the secrets and the client's address.

mod api_keys;
mod cache;
mod clock;
mod links;
pub mod password;
mod program_auth;
mod sessions;
mod setup;
mod throttle;
mod token_key;
pub mod tokens;
mod users;

pub use api_keys::ApiKey;
pub use cache::FRESH_FOR as PRINCIPAL_FRESH_FOR;
pub use clock::Clock;
pub use links::{LinkRefused, StreamLink, MAX_LIFETIME as MAX_LINK_LIFETIME};
pub use password::{PasswordHasher, WeakPassword};
pub use program_auth::ProgramAuthError;
pub use sessions::{SessionInfo, SessionPolicy};
pub use throttle::Throttle;
pub use token_key::TokenKey;
pub use users::{User, UserName};

use std::net::IpAddr;

use sea_orm::{DatabaseConnection, DbErr};

/// What a user may do beyond listening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Manages users and starts rescans.
    Admin,
    Listener,
}

impl Role {
    pub fn column(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Listener => "listener",
        }
    }

    /// Anything but `admin` is a listener: an unknown value grants nothing.
    pub fn of_column(value: &str) -> Self {
        if value == "admin" {
            Self::Admin
        } else {
            Self::Listener
        }
    }
}

/// Who a request acts for, once its session or key checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    /// The session row behind a browser's request (none for an API key).
    pub session_id: Option<i64>,
    /// An admin set a temporary password: the user must choose a new one before going on.
    pub must_change_password: bool,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Where a sign-in comes from, as the door could tell.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The peer address (or the address a trusted proxy forwarded for).
    pub address: Option<IpAddr>,
    /// The `User-Agent`, shown on the user's list of sessions.
    pub agent: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error(transparent)]
    WeakPassword(#[from] WeakPassword),
    #[error("a name needs 1 to 64 characters, none of them control characters, and no space at either end")]
    BadName,
    #[error("that name is taken")]
    NameTaken,
    #[error("no such user")]
    NoSuchUser,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("the new password is the one it replaces")]
    SamePassword,
    #[error("the setup link is used up or wrong")]
    SetupClosed,
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Internal(String),
}

/// Why a sign-in did not open a session.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown name, wrong password or disabled account: deliberately one case.
    #[error("wrong name or password")]
    Refused,
    /// Too many failures from this address (or on this account) in the last minute.
    #[error("too many failed sign-ins: retry in {retry_after} s")]
    Throttled { retry_after: u64 },
    #[error(transparent)]
    Failed(#[from] AccountsError),
}

impl From<DbErr> for LoginError {
    fn from(error: DbErr) -> Self {
        Self::Failed(error.into())
    }
}

/// The accounts core: one per process, shared by every door.
pub struct Accounts {
    db: DatabaseConnection,
    hasher: PasswordHasher,
    clock: Clock,
    policy: SessionPolicy,
    throttle: Throttle,
    setup: setup::SetupToken,
    link_key: tokio::sync::OnceCell<String>,
    principals: cache::PrincipalCache,
    verified: program_auth::VerifiedPasswords,
    token_key: TokenKey,
    /// When a lookup last failed because the database could not be asked (accounts' clock).
    database_failed_at: std::sync::atomic::AtomicI64,
}

/// After a lookup failed on the database, recent sign-ins are trusted this long (seconds) before
/// the database is asked again.
const RETRY_DATABASE_AFTER: i64 = 5;
/// How long a sign-in lookup waits for the database when a recent one could stand in.
const LOOKUP_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

impl Accounts {
    /// Accounts over `db` with the real clock, OWASP's hashing cost and the default timeouts.
    pub fn new(db: DatabaseConnection) -> Self {
        Self::with(
            db,
            PasswordHasher::new(),
            Clock::System,
            SessionPolicy::default(),
        )
    }

    /// Accounts with a chosen hasher, clock and session policy (tests turn the clock).
    pub fn with(
        db: DatabaseConnection,
        hasher: PasswordHasher,
        clock: Clock,
        policy: SessionPolicy,
    ) -> Self {
        Self {
            db,
            hasher,
            clock,
            policy,
            throttle: Throttle::default(),
            setup: setup::SetupToken::default(),
            link_key: tokio::sync::OnceCell::new(),
            principals: cache::PrincipalCache::default(),
            verified: program_auth::VerifiedPasswords::default(),
            token_key: TokenKey::new("token.key".into()),
            database_failed_at: std::sync::atomic::AtomicI64::new(i64::MIN / 2),
        }
    }

    /// The file of the key that encrypts token secrets (see `TokenKey`).
    pub fn with_token_key_file(mut self, path: std::path::PathBuf) -> Self {
        self.token_key = TokenKey::new(path);
        self
    }

    /// Runs a sign-in lookup; when a recent lookup of the same digest could stand in for it,
    /// waits at most `LOOKUP_PATIENCE` for the database (a seek is not held up by a database
    /// that has gone away; the stale principal is used instead, see `stale_if_error`).
    async fn patiently<T>(
        &self,
        digest: &str,
        query: impl std::future::Future<Output = Result<T, DbErr>>,
    ) -> Result<T, DbErr> {
        if self
            .principals
            .get_stale(digest, self.clock.now())
            .is_none()
        {
            return query.await;
        }
        tokio::time::timeout(LOOKUP_PATIENCE, query)
            .await
            .unwrap_or_else(|_| Err(DbErr::Custom("the database did not answer in time".into())))
    }

    /// A recent lookup of this digest, without asking the database, while it failed within the
    /// last few seconds: a seek during an outage is not held up by the pool's wait each time.
    fn while_database_fails(&self, digest: &str) -> Option<Principal> {
        let now = self.clock.now();
        let failed_at = self
            .database_failed_at
            .load(std::sync::atomic::Ordering::Relaxed);
        (now - failed_at < RETRY_DATABASE_AFTER)
            .then(|| self.principals.get_stale(digest, now))
            .flatten()
    }

    /// While the database cannot be asked: the principal of a recent lookup of this digest (so
    /// streams and seeks go on), else the error.
    fn stale_if_error(
        &self,
        digest: &str,
        error: DbErr,
    ) -> Result<Option<Principal>, AccountsError> {
        let now = self.clock.now();
        self.database_failed_at
            .store(now, std::sync::atomic::Ordering::Relaxed);
        match self.principals.get_stale(digest, now) {
            Some(principal) => {
                tracing::warn!(%error, "database unavailable: a recent sign-in lookup is used");
                Ok(Some(principal))
            }
            None => Err(error.into()),
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }
}
