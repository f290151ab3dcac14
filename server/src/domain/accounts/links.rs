//! Signed stream links, for a track's address that leaves the page (copied, cast): HMAC-SHA256
//! over the kind of link, the track, the user, the user's revision and an expiry at most six
//! hours ahead, with a key the server makes at first start and keeps in the database (so every
//! instance agrees). A link stops working when it expires, when its user is disabled, changes
//! password or ends their links (each bumps the revision), and when one character of it changes.

use hmac::{Hmac, Mac};

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::Sha256;

use super::{tokens, Accounts, AccountsError, Principal};
use crate::domain::db::entity::{server_secret, user};

/// The longest a link may live, in seconds.
pub const MAX_LIFETIME: i64 = 6 * 3600;
const KEY_NAME: &str = "stream_link_key";

/// The signed parts of a stream link, as its query string carries them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamLink {
    pub track_id: i64,
    pub user_id: i64,
    /// Unix seconds.
    pub expires: i64,
    /// URL-safe base64 of the MAC.
    pub signature: String,
}

impl StreamLink {
    /// `track_id=…&user=…&expires=…&sig=…`.
    pub fn query(&self) -> String {
        format!(
            "track_id={}&user={}&expires={}&sig={}",
            self.track_id, self.user_id, self.expires, self.signature
        )
    }
}

/// Why a link was refused. The door answers each the same (403): a caller learns nothing more.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkRefused {
    Expired,
    Invalid,
}

type HmacSha256 = Hmac<Sha256>;

fn message(track_id: i64, user_id: i64, revision: i64, expires: i64) -> String {
    format!("stream\n{track_id}\n{user_id}\n{revision}\n{expires}")
}

impl Accounts {
    /// The link key, made and stored at first use. Two instances making it at once: the second
    /// insert fails and both read the first one's.
    async fn link_key(&self) -> Result<Vec<u8>, AccountsError> {
        let key = self
            .link_key
            .get_or_try_init(|| async {
                if let Some(row) = server_secret::Entity::find_by_id(KEY_NAME)
                    .one(&self.db)
                    .await?
                {
                    return Ok::<_, AccountsError>(row.value);
                }
                let fresh = server_secret::ActiveModel {
                    name: Set(KEY_NAME.to_owned()),
                    value: Set(tokens::random(32)),
                };
                if fresh.insert(&self.db).await.is_err() {
                    tracing::debug!("another instance made the link key first");
                }
                server_secret::Entity::find_by_id(KEY_NAME)
                    .one(&self.db)
                    .await?
                    .map(|row| row.value)
                    .ok_or_else(|| AccountsError::Internal("the link key is missing".into()))
            })
            .await?;
        Ok(key.as_bytes().to_vec())
    }

    fn mac(key: &[u8], text: &str) -> Result<HmacSha256, AccountsError> {
        let mut mac = HmacSha256::new_from_slice(key)
            .map_err(|_| AccountsError::Internal("bad link key".into()))?;
        mac.update(text.as_bytes());
        Ok(mac)
    }

    /// A link to `track_id` for `user_id`, valid for `lifetime` seconds (at most six hours).
    pub async fn sign_stream_link(
        &self,
        user_id: i64,
        track_id: i64,
        lifetime: i64,
    ) -> Result<StreamLink, AccountsError> {
        let owner = user::Entity::find_by_id(user_id)
            .one(&self.db)
            .await?
            .ok_or(AccountsError::NoSuchUser)?;
        let expires = self.clock.now() + lifetime.clamp(1, MAX_LIFETIME);
        let text = message(track_id, user_id, owner.revision, expires);
        let tag = Self::mac(&self.link_key().await?, &text)?
            .finalize()
            .into_bytes();
        Ok(StreamLink {
            track_id,
            user_id,
            expires,
            signature: tokens::encode(&tag),
        })
    }

    /// Who a link acts for, if it is untouched, unexpired and its user's links still stand.
    pub async fn check_stream_link(
        &self,
        link: &StreamLink,
    ) -> Result<Result<Principal, LinkRefused>, AccountsError> {
        let now = self.clock.now();
        if link.expires <= now {
            return Ok(Err(LinkRefused::Expired));
        }
        if link.expires > now + MAX_LIFETIME {
            return Ok(Err(LinkRefused::Invalid));
        }
        let Some(owner) = user::Entity::find_by_id(link.user_id)
            .one(&self.db)
            .await?
            .filter(|owner| !owner.disabled)
        else {
            return Ok(Err(LinkRefused::Invalid));
        };
        let Ok(tag) = base64_decode(&link.signature) else {
            return Ok(Err(LinkRefused::Invalid));
        };
        let text = message(link.track_id, link.user_id, owner.revision, link.expires);
        // `verify_slice` compares in constant time.
        if Self::mac(&self.link_key().await?, &text)?
            .verify_slice(&tag)
            .is_err()
        {
            return Ok(Err(LinkRefused::Invalid));
        }
        Ok(Ok(Principal::of_user(owner, None)))
    }

    /// Ends every link the user has shared so far.
    pub async fn revoke_links(&self, user_id: i64) -> Result<(), AccountsError> {
        user::Entity::update_many()
            .col_expr(user::Column::Revision, super::users::next_revision())
            .filter(user::Column::Id.eq(user_id))
            .exec(&self.db)
            .await?;
        tracing::info!(user_id, "shared links ended");
        Ok(())
    }
}

fn base64_decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text)
}
