//! The key that encrypts the secrets of API keys made for Subsonic token authentication. Token
//! authentication (`t = md5(secret + salt)`) needs the secret itself, so such a key is kept
//! recoverable, but only encrypted (ChaCha20-Poly1305) under this key, which lives in a file
//! outside the database: a copy of the database alone opens nothing. The file holds 32 random
//! bytes in hex, is made at first use with mode 0600, and must be the same file for every
//! instance that shares the database.

use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use super::AccountsError;

pub struct TokenKey {
    path: PathBuf,
    cipher: tokio::sync::OnceCell<ChaCha20Poly1305>,
}

impl TokenKey {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            cipher: tokio::sync::OnceCell::new(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn cipher(&self) -> Result<&ChaCha20Poly1305, AccountsError> {
        self.cipher
            .get_or_try_init(|| async {
                let path = self.path.clone();
                let key = tokio::task::spawn_blocking(move || load_or_create(&path))
                    .await
                    .map_err(|error| AccountsError::Internal(error.to_string()))??;
                Ok(ChaCha20Poly1305::new(&key))
            })
            .await
    }

    /// `secret` encrypted: hex of a fresh 96-bit nonce and the ciphertext with its tag.
    pub async fn seal(&self, secret: &str) -> Result<String, AccountsError> {
        let cipher = self.cipher().await?;
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(&nonce, secret.as_bytes())
            .map_err(|_| AccountsError::Internal("cannot encrypt a token secret".into()))?;
        Ok(hex::encode([&nonce[..], &sealed[..]].concat()))
    }

    /// The secret `seal` made; `None` when it was sealed under another key or is damaged.
    pub async fn open(&self, sealed: &str) -> Result<Option<String>, AccountsError> {
        let cipher = self.cipher().await?;
        let Ok(bytes) = hex::decode(sealed) else {
            return Ok(None);
        };
        if bytes.len() < 12 {
            return Ok(None);
        }
        let (nonce, sealed) = bytes.split_at(12);
        let Ok(nonce) = <[u8; 12]>::try_from(nonce) else {
            return Ok(None);
        };
        Ok(cipher
            .decrypt(&Nonce::from(nonce), sealed)
            .ok()
            .and_then(|plain| String::from_utf8(plain).ok()))
    }
}

fn load_or_create(path: &Path) -> Result<Key, AccountsError> {
    let io = |error: std::io::Error| {
        AccountsError::Internal(format!("token key {}: {error}", path.display()))
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim())
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or_else(|| {
                    AccountsError::Internal(format!(
                        "token key {}: not 64 hex digits",
                        path.display()
                    ))
                })?;
            Ok(Key::from(bytes))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            let key = ChaCha20Poly1305::generate_key(&mut OsRng);
            write_new(path, &hex::encode(key)).map_err(io)?;
            tracing::info!(path = %path.display(), "made the token key");
            Ok(key)
        }
        Err(error) => Err(io(error)),
    }
}

/// Writes a new file readable by its owner only; an existing one is never overwritten (two
/// instances starting together: the loser reads the winner's key).
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_sealed_secret_opens_with_the_same_key_file_only() {
        let dir = tempfile::tempdir().expect("dir");
        let key = TokenKey::new(dir.path().join("keys/token.key"));
        let sealed = key.seal("cadenza_secret").await.expect("seal");
        assert!(!sealed.contains("cadenza_secret"));
        assert_eq!(
            key.open(&sealed).await.expect("open").as_deref(),
            Some("cadenza_secret")
        );
        let again = TokenKey::new(dir.path().join("keys/token.key"));
        assert_eq!(
            again.open(&sealed).await.expect("open").as_deref(),
            Some("cadenza_secret")
        );
        let other = TokenKey::new(dir.path().join("other.key"));
        assert_eq!(other.open(&sealed).await.expect("open"), None);
        let mode = std::fs::metadata(dir.path().join("keys/token.key"))
            .expect("meta")
            .permissions();
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(mode.mode() & 0o777, 0o600);
    }
}
