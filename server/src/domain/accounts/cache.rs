//! Who a session or an API key stands for, remembered for a second, so that a burst of range
//! requests (a seek, a scrub, a player filling its buffer) costs one database lookup, not one each.
//! Anything that ends access on this instance (sign-out, a new password, disabling, a revoked key)
//! empties it at once; another instance sharing the database sees the end within `FRESH_FOR`.
//! Time is the accounts' clock (whole seconds): an entry holds within the second it was made.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use super::Principal;

/// How long a lookup is trusted without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);
/// How old a lookup may be when the database is away (seconds): access that was alive then
/// goes on; nothing can be ended meanwhile, since ending needs the database too.
pub const STALE_IF_ERROR: i64 = 300;
/// Beyond this many entries the cache starts over (it refills from the database in a second).
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Default)]
pub(super) struct PrincipalCache {
    entries: Mutex<HashMap<String, (Principal, i64)>>,
}

impl PrincipalCache {
    /// The principal for a secret's digest, if looked up in this second of the clock (`now`).
    pub(super) fn get(&self, digest: &str, now: i64) -> Option<Principal> {
        let entries = self.entries.lock().ok()?;
        let (principal, at) = entries.get(digest)?;
        (*at == now).then(|| principal.clone())
    }

    /// The principal for a secret's digest looked up at most `STALE_IF_ERROR` ago: only while
    /// the database cannot be asked, so a listener's player goes on through a database outage.
    pub(super) fn get_stale(&self, digest: &str, now: i64) -> Option<Principal> {
        let entries = self.entries.lock().ok()?;
        let (principal, at) = entries.get(digest)?;
        (now - *at <= STALE_IF_ERROR).then(|| principal.clone())
    }

    pub(super) fn put(&self, digest: String, principal: Principal, now: i64) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(digest, (principal, now));
        }
    }

    /// Forgets everything: some access just ended.
    pub(super) fn clear(&self) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.clear();
        }
    }
}
