//! What the scanner is doing and last did, and how the library keeps up with the media folder
//! (watching it, scanning it periodically, or neither): what the admin page and `GET /api/scan`
//! show. One scan runs at a time per process (`Library` holds the lock); this only reports.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::progress::ScanProgress;
use super::scan::{ScanError, ScanScope, ScanSummary};

/// What a scan looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanKind {
    /// The whole media folder (start-up, rescan, periodic scan).
    Everything,
    /// Only the paths the watcher saw change.
    Changes,
}

impl ScanKind {
    pub fn of(scope: &ScanScope) -> Self {
        match scope {
            ScanScope::Everything => Self::Everything,
            ScanScope::Paths(_) => Self::Changes,
        }
    }

    /// `everything` or `changes`, as the JSON says it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Everything => "everything",
            Self::Changes => "changes",
        }
    }
}

/// The scan under way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunningScan {
    pub kind: ScanKind,
    /// Unix seconds.
    pub started_at: i64,
    pub files_seen: usize,
    pub files_read: usize,
}

/// The last scan that ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishedScan {
    pub kind: ScanKind,
    /// Unix seconds.
    pub finished_at: i64,
    /// What it changed, or why it failed.
    pub outcome: Result<ScanSummary, String>,
}

/// How the library keeps up with changes in the media folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LiveMode {
    /// Not yet decided (the watcher is being set up), or nothing follows the folder.
    #[default]
    Off,
    /// inotify reports changes, which are scanned within seconds.
    Watching,
    /// An incremental scan every so often; `fallback` says why, when watching was wanted.
    Periodic {
        every: Duration,
        fallback: Option<String>,
    },
}

/// A snapshot of the status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScanReport {
    pub running: Option<RunningScan>,
    pub last: Option<FinishedScan>,
    /// Every finished scan of this process added up: how many files were re-read in all.
    pub totals: ScanSummary,
    pub live: LiveMode,
}

#[derive(Debug, Default)]
struct State {
    running: Option<(ScanKind, i64, Arc<ScanProgress>)>,
    last: Option<FinishedScan>,
    totals: ScanSummary,
    live: LiveMode,
}

#[derive(Debug, Default)]
pub struct ScanStatus(Mutex<State>);

impl ScanStatus {
    fn state(&self) -> MutexGuard<'_, State> {
        // The state is plain data, valid after any panic: a poisoned lock is still usable.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn report(&self) -> ScanReport {
        let state = self.state();
        ScanReport {
            running: state
                .running
                .as_ref()
                .map(|(kind, started_at, progress)| RunningScan {
                    kind: *kind,
                    started_at: *started_at,
                    files_seen: progress.seen(),
                    files_read: progress.files_read(),
                }),
            last: state.last.clone(),
            totals: state.totals,
            live: state.live.clone(),
        }
    }

    pub fn set_live(&self, live: LiveMode) {
        self.state().live = live;
    }

    /// Marks a scan as running until the returned guard is finished or dropped.
    pub fn begin(&self, kind: ScanKind) -> ScanRun<'_> {
        let progress = Arc::new(ScanProgress::default());
        self.state().running = Some((kind, unix_now(), Arc::clone(&progress)));
        ScanRun {
            status: self,
            kind,
            progress,
            finished: false,
        }
    }

    fn end(&self, kind: ScanKind, outcome: Result<ScanSummary, String>) {
        let mut state = self.state();
        state.running = None;
        if let Ok(summary) = &outcome {
            state.totals.add(summary);
        }
        state.last = Some(FinishedScan {
            kind,
            finished_at: unix_now(),
            outcome,
        });
    }
}

/// One scan in the status: ends it when finished, or when dropped (a cancelled scan).
pub struct ScanRun<'a> {
    status: &'a ScanStatus,
    kind: ScanKind,
    progress: Arc<ScanProgress>,
    finished: bool,
}

impl ScanRun<'_> {
    pub fn progress(&self) -> &ScanProgress {
        &self.progress
    }

    pub fn finish(mut self, outcome: &Result<ScanSummary, ScanError>) {
        self.finished = true;
        let outcome = outcome.as_ref().copied().map_err(ToString::to_string);
        self.status.end(self.kind, outcome);
    }
}

impl Drop for ScanRun<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.status
                .end(self.kind, Err("stopped before its end".to_owned()));
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_running_until_finished_and_its_counts_add_up() {
        let status = ScanStatus::default();
        assert_eq!(status.report().running, None);
        let run = status.begin(ScanKind::Changes);
        run.progress().saw(3);
        run.progress().read(1);
        let running = status.report().running.expect("running");
        assert_eq!((running.files_seen, running.files_read), (3, 1));

        let summary = ScanSummary {
            updated: 1,
            unchanged: 2,
            ..Default::default()
        };
        run.finish(&Ok(summary));
        let report = status.report();
        assert_eq!(report.running, None);
        assert_eq!(report.last.map(|last| last.outcome), Some(Ok(summary)));
        assert_eq!((report.totals.updated, report.totals.unchanged), (1, 2));
    }

    #[test]
    fn a_dropped_scan_is_not_left_running() {
        let status = ScanStatus::default();
        drop(status.begin(ScanKind::Everything));
        let report = status.report();
        assert_eq!(report.running, None);
        assert!(report.last.is_some_and(|last| last.outcome.is_err()));
    }
}
