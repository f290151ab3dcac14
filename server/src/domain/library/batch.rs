//! The watcher's debouncer: the paths that changed are gathered into one batch until the media
//! folder has been quiet for a moment, or the batch's first change has waited long enough; then
//! the batch is scanned at once. A pure type: it is told the time and holds no timer.

use std::collections::BTreeSet;
use std::time::Duration;

use tokio::time::Instant;

use super::scan::ScanScope;

/// More paths than this in one batch are scanned as the whole folder (still incrementally: an
/// unchanged file costs a `stat`), which beats a database query per path.
const MOST_PATHS: usize = 1000;

/// When a batch is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Debounce {
    /// How long the folder must stay quiet after the last change.
    pub quiet: Duration,
    /// How long the first change waits at most, however busy the folder stays.
    pub max_delay: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Self {
            quiet: Duration::from_millis(500),
            max_delay: Duration::from_secs(2),
        }
    }
}

/// The changes seen since the last batch was taken.
#[derive(Debug)]
pub struct ChangeBatch {
    debounce: Debounce,
    /// Relative to the media folder, with `/` separators.
    paths: BTreeSet<String>,
    everything: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl ChangeBatch {
    pub fn new(debounce: Debounce) -> Self {
        Self {
            debounce,
            paths: BTreeSet::new(),
            everything: false,
            first: None,
            last: None,
        }
    }

    /// `relative` (a file or folder, relative to the media folder; "" for the folder itself)
    /// changed at `now`.
    pub fn changed(&mut self, relative: String, now: Instant) {
        if relative.is_empty() {
            self.lost_track(now);
            return;
        }
        if !self.everything {
            self.paths.insert(relative);
            if self.paths.len() > MOST_PATHS {
                self.lost_track(now);
            }
        }
        self.note(now);
    }

    /// Something changed that cannot be pinned to paths (the kernel's event queue overflowed):
    /// the whole folder is to be scanned.
    pub fn lost_track(&mut self, now: Instant) {
        self.everything = true;
        self.paths.clear();
        self.note(now);
    }

    fn note(&mut self, now: Instant) {
        self.first.get_or_insert(now);
        self.last = Some(now);
    }

    /// When the batch is to be scanned; `None` while it is empty.
    pub fn due_at(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.debounce.quiet).min(first + self.debounce.max_delay))
    }

    /// The batch as a scan's scope, if it is due at `now`; the next batch starts empty.
    pub fn take_if_due(&mut self, now: Instant) -> Option<ScanScope> {
        if now < self.due_at()? {
            return None;
        }
        self.first = None;
        self.last = None;
        let paths = std::mem::take(&mut self.paths);
        Some(if std::mem::take(&mut self.everything) {
            ScanScope::Everything
        } else {
            ScanScope::Paths(outermost(&paths))
        })
    }
}

/// The paths of `paths` that lie in none of the others: scanning a folder covers what is in it.
fn outermost(paths: &BTreeSet<String>) -> Vec<String> {
    paths
        .iter()
        .filter(|path| {
            !path
                .match_indices('/')
                .any(|(slash, _)| paths.contains(&path[..slash]))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    fn batch() -> ChangeBatch {
        ChangeBatch::new(Debounce {
            quiet: 500 * MS,
            max_delay: 2000 * MS,
        })
    }

    fn paths(scope: Option<ScanScope>) -> Vec<String> {
        match scope {
            Some(ScanScope::Paths(paths)) => paths,
            other => panic!("expected paths, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_batch_is_never_due() {
        let mut batch = batch();
        assert_eq!(batch.due_at(), None);
        assert_eq!(batch.take_if_due(Instant::now() + 10_000 * MS), None);
    }

    #[test]
    fn a_batch_is_due_once_the_folder_is_quiet() {
        let start = Instant::now();
        let mut batch = batch();
        batch.changed("A/one.mp3".into(), start);
        batch.changed("A/two.mp3".into(), start + 300 * MS);
        assert_eq!(batch.due_at(), Some(start + 800 * MS));
        assert_eq!(batch.take_if_due(start + 799 * MS), None);
        assert_eq!(
            paths(batch.take_if_due(start + 800 * MS)),
            ["A/one.mp3", "A/two.mp3"]
        );
        assert_eq!(batch.due_at(), None, "the next batch starts empty");
    }

    #[test]
    fn a_busy_folder_is_scanned_after_the_longest_delay() {
        let start = Instant::now();
        let mut batch = batch();
        // A change every 100 ms: never quiet for 500 ms.
        for step in 0..30 {
            batch.changed(format!("A/{step}.mp3"), start + step * 100 * MS);
        }
        assert_eq!(batch.due_at(), Some(start + 2000 * MS));
        assert_eq!(paths(batch.take_if_due(start + 2000 * MS)).len(), 30);
    }

    #[test]
    fn a_folder_covers_what_is_in_it_and_repeats_count_once() {
        let start = Instant::now();
        let mut batch = batch();
        for path in [
            "New Album/01.mp3",
            "New Album",
            "New Album/CD2/01.mp3",
            "New Album 2/01.mp3",
            "Old/x.mp3",
            "Old/x.mp3",
        ] {
            batch.changed(path.into(), start);
        }
        assert_eq!(
            paths(batch.take_if_due(start + 500 * MS)),
            ["New Album", "New Album 2/01.mp3", "Old/x.mp3"]
        );
    }

    #[test]
    fn lost_events_or_too_many_paths_scan_everything() {
        let start = Instant::now();
        let mut batch = batch();
        batch.changed("A/one.mp3".into(), start);
        batch.lost_track(start);
        batch.changed("A/two.mp3".into(), start);
        assert_eq!(
            batch.take_if_due(start + 500 * MS),
            Some(ScanScope::Everything)
        );

        for n in 0..=MOST_PATHS {
            batch.changed(format!("{n}.mp3"), start);
        }
        assert_eq!(
            batch.take_if_due(start + 500 * MS),
            Some(ScanScope::Everything)
        );
        batch.changed(String::new(), start);
        assert_eq!(
            batch.take_if_due(start + 500 * MS),
            Some(ScanScope::Everything),
            "a change of the media folder itself"
        );
    }
}
