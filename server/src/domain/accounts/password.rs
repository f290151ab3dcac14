//! Passwords: the policy (8 to 1024 characters, no composition rules, the most common refused)
//! and Argon2id hashing, run on the blocking pool with a cap on how many run at once, so sign-ins
//! never stall the async workers or exhaust memory (each hash takes 19 MiB).

use std::sync::Arc;

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::OsRng;
use tokio::sync::{OnceCell, Semaphore};

use super::AccountsError;

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 8;
/// The longest: far above what anyone types, low enough that hashing it is no attack.
pub const MAX_LENGTH: usize = 1024;

/// Passwords that guessing lists try first: refused whatever their case.
const COMMON: &str = include_str!("common_passwords.txt");

/// Why a new password was refused, in words the form can show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    #[error("a password needs at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("a password can have at most {MAX_LENGTH} characters")]
    TooLong,
    #[error("that password is one of the most common: choose another")]
    Common,
}

/// Checks a new password against the policy. Length counts characters, not bytes.
pub fn check_policy(password: &str) -> Result<(), WeakPassword> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(WeakPassword::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(WeakPassword::TooLong);
    }
    let folded = password.to_lowercase();
    if COMMON.lines().any(|common| common == folded) {
        return Err(WeakPassword::Common);
    }
    Ok(())
}

/// Hashes and verifies with Argon2id. Cloning shares the cap.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    /// A hash of nothing anyone knows, verified against when the user does not exist, so an
    /// unknown name costs the same time as a wrong password.
    dummy: Arc<OnceCell<String>>,
}

/// What a verification found.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Right, but hashed with other parameters than today's: store this new hash.
    YesRehashed(String),
}

impl PasswordHasher {
    /// OWASP's Argon2id parameters (19 MiB, 2 passes, 1 lane), at most as many at once as there
    /// are cores.
    pub fn new() -> Self {
        let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
        Self::with_params(params)
    }

    pub fn with_params(params: Params) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            params,
            permits: Arc::new(Semaphore::new(cores.max(1))),
            dummy: Arc::new(OnceCell::new()),
        }
    }

    fn argon2(params: Params) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    }

    /// A new `$argon2id$…` hash of `password` with a random salt.
    pub async fn hash(&self, password: &str) -> Result<String, AccountsError> {
        let params = self.params.clone();
        let password = password.to_owned();
        self.blocking(move || hash_now(params, &password)).await?
    }

    /// Checks `password` against `stored`. A stored hash that does not parse never matches.
    pub async fn verify(&self, password: &str, stored: &str) -> Result<Verified, AccountsError> {
        let params = self.params.clone();
        let (password, stored) = (password.to_owned(), stored.to_owned());
        self.blocking(move || {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Ok(Verified::No);
            };
            let ok = Self::argon2(params.clone())
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            if !ok {
                return Ok(Verified::No);
            }
            let current = parsed.algorithm == argon2::ARGON2ID_IDENT
                && Params::try_from(&parsed).is_ok_and(|p| same_cost(&p, &params));
            if current {
                Ok(Verified::Yes)
            } else {
                hash_now(params, &password).map(Verified::YesRehashed)
            }
        })
        .await?
    }

    /// Spends the time a verification takes, for a name that has no account.
    pub async fn verify_nobody(&self, password: &str) -> Result<(), AccountsError> {
        let dummy = self
            .dummy
            .get_or_try_init(|| async {
                let mut noise = [0u8; 24];
                rand_core::RngCore::fill_bytes(&mut OsRng, &mut noise);
                self.hash(&super::tokens::encode(&noise)).await
            })
            .await?
            .clone();
        self.verify(password, &dummy).await.map(|_| ())
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AccountsError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AccountsError::Internal("password hasher closed".into()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AccountsError::Internal(format!("password hashing stopped: {e}")))
    }
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

fn same_cost(a: &Params, b: &Params) -> bool {
    a.m_cost() == b.m_cost() && a.t_cost() == b.t_cost() && a.p_cost() == b.p_cost()
}

fn hash_now(params: Params, password: &str) -> Result<String, AccountsError> {
    let salt = SaltString::generate(&mut OsRng);
    PasswordHasher::argon2(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AccountsError::Internal(format!("password hashing failed: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_from_8_to_1024_characters_are_accepted() {
        assert_eq!(check_policy("seven77"), Err(WeakPassword::TooShort));
        assert_eq!(check_policy("eight888"), Ok(()));
        assert_eq!(check_policy(&"x1".repeat(64)), Ok(()));
        assert_eq!(check_policy(&"y".repeat(1024)), Ok(()));
        assert_eq!(check_policy(&"y".repeat(1025)), Err(WeakPassword::TooLong));
        // Characters, not bytes: eight accented letters are sixteen bytes but eight characters.
        assert_eq!(check_policy("ééééééé"), Err(WeakPassword::TooShort));
        assert_eq!(check_policy("éééééééé"), Ok(()));
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        assert_eq!(check_policy("password"), Err(WeakPassword::Common));
        assert_eq!(check_policy("PassWord1"), Err(WeakPassword::Common));
        assert_eq!(check_policy("12345678"), Err(WeakPassword::Common));
        assert_eq!(check_policy("iloveyou"), Err(WeakPassword::Common));
        assert_eq!(check_policy("correct horse battery staple"), Ok(()));
    }

    fn cheap() -> PasswordHasher {
        PasswordHasher::with_params(Params::new(1024, 1, 1, None).expect("params"))
    }

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify_only_the_right_password() {
        let hasher = cheap();
        let hash = hasher.hash("a long passphrase").await.expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let again = hasher.hash("a long passphrase").await.expect("hash");
        assert_ne!(hash, again, "a random salt every time");
        assert_eq!(
            hasher
                .verify("a long passphrase", &hash)
                .await
                .expect("verify"),
            Verified::Yes
        );
        assert_eq!(
            hasher
                .verify("a long passphrasE", &hash)
                .await
                .expect("verify"),
            Verified::No
        );
        assert_eq!(
            hasher
                .verify("anything", "not a hash")
                .await
                .expect("verify"),
            Verified::No
        );
        hasher.verify_nobody("anything").await.expect("dummy");
    }

    #[tokio::test]
    async fn a_hash_with_old_parameters_is_rehashed_with_the_new() {
        let old = cheap().hash("a long passphrase").await.expect("hash");
        let new_params = Params::new(2048, 2, 1, None).expect("params");
        let hasher = PasswordHasher::with_params(new_params);
        let Verified::YesRehashed(rehashed) = hasher
            .verify("a long passphrase", &old)
            .await
            .expect("verify")
        else {
            panic!("old parameters must be rehashed");
        };
        assert!(rehashed.contains("m=2048,t=2,p=1"), "{rehashed}");
        assert_eq!(
            hasher
                .verify("a long passphrase", &rehashed)
                .await
                .expect("verify"),
            Verified::Yes
        );
        assert_eq!(
            hasher.verify("wrong password", &old).await.expect("verify"),
            Verified::No
        );
    }
}
