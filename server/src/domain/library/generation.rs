//! The library generation: the one freshness rule of every in-memory cache. The scanner bumps a
//! number in the database whenever it changes the library (in this process, in `server scan`, or
//! on another instance sharing PostgreSQL); each process follows it by polling, and a cache whose
//! contents were loaded at another generation is stale.

use std::sync::atomic::{AtomicI64, Ordering};

/// The last generation this process has seen.
#[derive(Debug)]
pub struct Generation(AtomicI64);

impl Generation {
    pub fn new(seen: i64) -> Self {
        Self(AtomicI64::new(seen))
    }

    pub fn current(&self) -> i64 {
        self.0.load(Ordering::Acquire)
    }

    /// Records the generation read from the database; says whether it moved.
    pub fn observe(&self, seen: i64) -> bool {
        self.0.swap(seen, Ordering::AcqRel) != seen
    }
}
