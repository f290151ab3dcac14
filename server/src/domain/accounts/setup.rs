//! The one-time setup link of a server without users: a fresh random token each start, printed
//! to the server's log, that lets its holder create the first (admin) account. Nothing else can:
//! there is no default account, and the first visitor is not an admin.

use std::sync::Mutex;

use super::{tokens, Accounts, AccountsError, Role};

#[derive(Debug, Default)]
pub(super) struct SetupToken(Mutex<Option<String>>);

impl Accounts {
    /// The setup token, made now if there are no users yet; `None` once someone has an account.
    pub async fn setup_token(&self) -> Result<Option<String>, AccountsError> {
        if self.user_count().await? > 0 {
            return Ok(None);
        }
        let Ok(mut token) = self.setup.0.lock() else {
            return Ok(None);
        };
        Ok(Some(
            token.get_or_insert_with(|| tokens::random(24)).clone(),
        ))
    }

    /// Whether `offered` opens the setup page: it is this start's token and nobody has an account.
    pub async fn setup_open(&self, offered: &str) -> Result<bool, AccountsError> {
        let matches = self
            .setup
            .0
            .lock()
            .ok()
            .and_then(|token| token.as_ref().map(|token| tokens::same(token, offered)))
            .unwrap_or(false);
        Ok(matches && self.user_count().await? == 0)
    }

    /// Creates the first account, an admin, and signs it in. The token is used up, even by two
    /// requests at once: only the first gets past it. A refused password gives it back.
    pub async fn finish_setup(
        &self,
        offered: &str,
        name: &str,
        password: &str,
        agent: &str,
    ) -> Result<String, AccountsError> {
        let taken = {
            let mut token = self
                .setup
                .0
                .lock()
                .map_err(|_| AccountsError::SetupClosed)?;
            match token.as_deref() {
                Some(token_now) if tokens::same(token_now, offered) => token.take(),
                _ => None,
            }
        };
        let Some(token) = taken else {
            return Err(AccountsError::SetupClosed);
        };
        if self.user_count().await? > 0 {
            return Err(AccountsError::SetupClosed);
        }
        let user = match self.add_user(name, password, Role::Admin).await {
            Ok(user) => user,
            Err(error) => {
                if let Ok(mut slot) = self.setup.0.lock() {
                    *slot = Some(token);
                }
                return Err(error);
            }
        };
        let (_, secret) = self.start_session(user.id, agent).await?;
        tracing::info!(user = %user.name, "setup done: the first admin signed in");
        Ok(secret)
    }
}
