//! Slows password guessing: after 5 failed sign-ins from one address within a minute, the next
//! is refused until the oldest of them is a minute old. An account has a higher limit of its own
//! (50), so a guesser spread over many addresses is slowed too, while its owner, from another
//! address, still signs in: there is no hard lockout. Kept in memory: each instance counts the
//! failures it saw.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

use super::LoginError;

const WINDOW: i64 = 60;
const PER_ADDRESS: usize = 5;
const PER_ACCOUNT: usize = 50;
/// Beyond this many keys, entries with no failure in the window are dropped.
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Account(String),
}

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, VecDeque<i64>>>,
}

impl Throttle {
    /// Refuses a sign-in from `address` to `account` while either is over its limit.
    pub(super) fn check(
        &self,
        address: Option<IpAddr>,
        account: &str,
        now: i64,
    ) -> Result<(), LoginError> {
        let Ok(mut failures) = self.failures.lock() else {
            return Ok(());
        };
        let mut wait = 0;
        for (key, limit) in keys(address, account) {
            if let Some(times) = failures.get_mut(&key) {
                forget_old(times, now);
                if times.len() >= limit {
                    let oldest = times.front().copied().unwrap_or(now);
                    wait = wait.max(oldest + WINDOW - now);
                }
            }
        }
        match wait {
            0 => Ok(()),
            wait => Err(LoginError::Throttled {
                retry_after: wait.max(1).unsigned_abs(),
            }),
        }
    }

    /// Counts a failed sign-in against the address and the account.
    pub(super) fn failed(&self, address: Option<IpAddr>, account: &str, now: i64) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() > PRUNE_AT {
            failures.retain(|_, times| {
                forget_old(times, now);
                !times.is_empty()
            });
        }
        for (key, _) in keys(address, account) {
            failures.entry(key).or_default().push_back(now);
        }
    }
}

fn keys(address: Option<IpAddr>, account: &str) -> impl Iterator<Item = (Key, usize)> {
    address
        .map(|address| (Key::Address(address), PER_ADDRESS))
        .into_iter()
        .chain([(Key::Account(account.to_owned()), PER_ACCOUNT)])
}

fn forget_old(times: &mut VecDeque<i64>, now: i64) {
    while times.front().is_some_and(|&t| now - t >= WINDOW) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    fn throttled(result: Result<(), LoginError>) -> Option<u64> {
        match result {
            Err(LoginError::Throttled { retry_after }) => Some(retry_after),
            _ => None,
        }
    }

    #[test]
    fn the_sixth_failure_from_one_address_within_a_minute_waits() {
        let throttle = Throttle::default();
        for second in 0..5 {
            assert_eq!(throttled(throttle.check(ip(1), "ann", 1000 + second)), None);
            throttle.failed(ip(1), "ann", 1000 + second);
        }
        assert_eq!(throttled(throttle.check(ip(1), "ann", 1010)), Some(50));
        assert_eq!(throttled(throttle.check(ip(1), "bob", 1010)), Some(50));
        // Another address signs in to the same account: no lockout.
        assert_eq!(throttled(throttle.check(ip(2), "ann", 1010)), None);
        // A minute after the first failure, one more try is allowed.
        assert_eq!(throttled(throttle.check(ip(1), "ann", 1060)), None);
    }

    #[test]
    fn an_account_guessed_from_many_addresses_waits_too() {
        let throttle = Throttle::default();
        for n in 0..50u8 {
            throttle.failed(ip(n), "ann", 2000);
        }
        assert!(throttled(throttle.check(ip(200), "ann", 2001)).is_some());
        assert_eq!(throttled(throttle.check(ip(200), "bob", 2001)), None);
    }
}
