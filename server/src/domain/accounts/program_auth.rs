//! How a program that keeps no session proves who it is on every request (the Subsonic apps):
//! a name with a password, or with one of the user's API keys given as the password; or a name
//! with a salted token over an API key made for tokens (`md5(key + salt)`). Failures count
//! toward the sign-in throttle like the form's. A password check is Argon2 (tens of
//! milliseconds), so a success is remembered in memory for a while, tied to the stored hash:
//! a new password, or a temporary one, no longer matches.

use std::collections::HashMap;
use std::sync::Mutex;

use md5::{Digest as _, Md5};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::password::Verified;
use super::users::key_of;
use super::{tokens, Accounts, AccountsError, Client, LoginError, Principal};
use crate::domain::db::entity::{api_key, user};

/// How long a password that checked out is trusted without Argon2 again (seconds).
const REMEMBER_FOR: i64 = 600;
const MAX_REMEMBERED: usize = 10_000;

/// Why a program's credentials opened nothing.
#[derive(Debug, thiserror::Error)]
pub enum ProgramAuthError {
    /// Unknown name, wrong password or key, disabled account: one case.
    #[error("wrong name or password")]
    Refused,
    /// The user has no API key made for token authentication.
    #[error("token authentication needs an API key made for it")]
    TokenNotSupported,
    /// An admin set a temporary password: it opens only the browser's form to replace it.
    #[error("the account must choose a new password first")]
    PasswordChangeRequired,
    #[error("too many failed sign-ins: retry in {retry_after} s")]
    Throttled { retry_after: u64 },
    #[error(transparent)]
    Failed(#[from] AccountsError),
}

impl From<LoginError> for ProgramAuthError {
    fn from(error: LoginError) -> Self {
        match error {
            LoginError::Refused => Self::Refused,
            LoginError::Throttled { retry_after } => Self::Throttled { retry_after },
            LoginError::Failed(error) => Self::Failed(error),
        }
    }
}

impl From<sea_orm::DbErr> for ProgramAuthError {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::Failed(error.into())
    }
}

/// Digests of (stored hash, password) pairs that verified, with when.
#[derive(Debug, Default)]
pub(super) struct VerifiedPasswords(Mutex<HashMap<String, i64>>);

impl VerifiedPasswords {
    fn fresh(&self, digest: &str, now: i64) -> bool {
        self.0
            .lock()
            .ok()
            .and_then(|seen| seen.get(digest).copied())
            .is_some_and(|at| now - at < REMEMBER_FOR)
    }

    fn remember(&self, digest: String, now: i64) {
        if let Ok(mut seen) = self.0.lock() {
            if seen.len() >= MAX_REMEMBERED {
                seen.retain(|_, at| now - *at < REMEMBER_FOR);
                if seen.len() >= MAX_REMEMBERED {
                    seen.clear();
                }
            }
            seen.insert(digest, now);
        }
    }
}

impl Accounts {
    /// A name and a password, or a name and one of its API keys in place of the password.
    pub async fn program_password(
        &self,
        name: &str,
        password: &str,
        client: &Client,
    ) -> Result<Principal, ProgramAuthError> {
        let now = self.clock.now();
        let account = key_of(name);
        self.throttle.check(client.address, &account, now)?;
        let principal = match self.find_by_name(name).await? {
            Some(row) if password.starts_with(super::api_keys::PREFIX) => self
                .api_key(password)
                .await?
                .filter(|principal| principal.user_id == row.id),
            Some(row) => self.check_password(row, password, now).await?,
            None => {
                self.hasher.verify_nobody(password).await?;
                None
            }
        };
        self.settle(principal, client, &account, now)
    }

    /// A name with `token = md5(key + salt)` over one of the user's keys made for tokens.
    pub async fn program_token(
        &self,
        name: &str,
        token: &str,
        salt: &str,
        client: &Client,
    ) -> Result<Principal, ProgramAuthError> {
        let now = self.clock.now();
        let account = key_of(name);
        self.throttle.check(client.address, &account, now)?;
        let row = self.find_by_name(name).await?;
        let sealed: Vec<String> = match &row {
            Some(row) => api_key::Entity::find()
                .filter(api_key::Column::UserId.eq(row.id))
                .filter(api_key::Column::TokenSecret.is_not_null())
                .all(&self.db)
                .await?
                .into_iter()
                .filter_map(|key| key.token_secret)
                .collect(),
            None => Vec::new(),
        };
        // An unknown name answers as a user without such a key does: no name is confirmed.
        let (Some(row), false) = (row, sealed.is_empty()) else {
            self.throttle.failed(client.address, &account, now);
            return Err(ProgramAuthError::TokenNotSupported);
        };
        let token = token.to_ascii_lowercase();
        let mut matched = false;
        for sealed in sealed {
            if let Some(secret) = self.token_key.open(&sealed).await? {
                let expected = hex::encode(Md5::digest(format!("{secret}{salt}").as_bytes()));
                matched |= tokens::same(&expected, &token);
            }
        }
        let principal = (matched && !row.disabled).then(|| Principal::of_user(row, None));
        self.settle(principal, client, &account, now)
    }

    /// A new API key that also serves as the secret of token authentication: returns the key,
    /// shown once; it is kept as a hash and, encrypted under the token key, recoverable.
    pub async fn add_token_api_key(
        &self,
        user_id: i64,
        label: &str,
    ) -> Result<String, AccountsError> {
        self.insert_api_key(user_id, label, true).await
    }

    async fn check_password(
        &self,
        row: user::Model,
        password: &str,
        now: i64,
    ) -> Result<Option<Principal>, ProgramAuthError> {
        let remembered = tokens::digest(&format!("{}\0{password}", row.password_hash));
        let good = self.verified.fresh(&remembered, now)
            || match self.hasher.verify(password, &row.password_hash).await? {
                // A rehash is left to the next sign-in in the browser.
                Verified::Yes | Verified::YesRehashed(_) => {
                    self.verified.remember(remembered, now);
                    true
                }
                Verified::No => false,
            };
        if !good || row.disabled {
            return Ok(None);
        }
        if row.must_change_password {
            return Err(ProgramAuthError::PasswordChangeRequired);
        }
        Ok(Some(Principal::of_user(row, None)))
    }

    fn settle(
        &self,
        principal: Option<Principal>,
        client: &Client,
        account: &str,
        now: i64,
    ) -> Result<Principal, ProgramAuthError> {
        principal.ok_or_else(|| {
            self.throttle.failed(client.address, account, now);
            tracing::warn!(address = ?client.address, "program sign-in refused");
            ProgramAuthError::Refused
        })
    }
}
