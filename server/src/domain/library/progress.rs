//! How far the running scan has got: the scanner counts, the scan status reads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How far the running scan has got; the scanner counts, the status reads.
#[derive(Debug, Default)]
pub struct ScanProgress {
    seen: AtomicUsize,
    read: AtomicUsize,
}

impl ScanProgress {
    /// Audio files found on disk within the scan's scope.
    pub fn saw(&self, files: usize) {
        self.seen.fetch_add(files, Ordering::Relaxed);
    }

    /// Files whose tags were read (new or changed ones).
    pub fn read(&self, files: usize) {
        self.read.fetch_add(files, Ordering::Relaxed);
    }

    /// Audio files found so far.
    pub fn seen(&self) -> usize {
        self.seen.load(Ordering::Relaxed)
    }

    /// Files read so far.
    pub fn files_read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }
}
