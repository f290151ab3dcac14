//! The scanner's status for admins: `GET /api/scan` as JSON for programs, and the "Library"
//! section of `/admin` (which reloads itself while a scan runs). Listeners get 403.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use serde::Serialize;

use super::html::{escape, when};
use crate::domain::library::{FinishedScan, LiveMode, ScanKind, ScanReport, ScanSummary};
use crate::domain::Library;
use crate::doors::extract::AdminViewer;
use crate::http_kit::render;

/// `GET /api/scan`.
pub async fn status(State(library): State<Arc<Library>>, AdminViewer(_): AdminViewer) -> Response {
    render::json(StatusCode::OK, &ScanJson::from(library.scan_report()))
}

#[derive(Serialize)]
struct ScanJson {
    scanning: bool,
    /// Of the running scan: audio files found within its scope, and those read so far.
    files_seen: usize,
    files_read: usize,
    running: Option<RunningJson>,
    last: Option<LastJson>,
    /// Every scan since the server started, added up.
    totals: CountsJson,
    live: LiveJson,
}

#[derive(Serialize)]
struct RunningJson {
    scope: &'static str,
    started_at: i64,
}

#[derive(Serialize)]
struct LastJson {
    scope: &'static str,
    finished_at: i64,
    #[serde(flatten)]
    counts: Option<CountsJson>,
    seconds: Option<f64>,
    error: Option<String>,
}

#[derive(Serialize)]
struct CountsJson {
    added: usize,
    updated: usize,
    removed: usize,
    unchanged: usize,
    failed: usize,
}

#[derive(Serialize)]
struct LiveJson {
    /// `watching`, `periodic` or `off`.
    mode: &'static str,
    scan_every_seconds: Option<u64>,
    /// Why the folder is scanned periodically although watching was wanted.
    fallback: Option<String>,
}

impl From<&ScanSummary> for CountsJson {
    fn from(summary: &ScanSummary) -> Self {
        Self {
            added: summary.added,
            updated: summary.updated,
            removed: summary.removed,
            unchanged: summary.unchanged,
            failed: summary.failed,
        }
    }
}

impl From<ScanReport> for ScanJson {
    fn from(report: ScanReport) -> Self {
        let (files_seen, files_read) = report
            .running
            .as_ref()
            .map_or((0, 0), |running| (running.files_seen, running.files_read));
        Self {
            scanning: report.running.is_some(),
            files_seen,
            files_read,
            running: report.running.map(|running| RunningJson {
                scope: running.kind.name(),
                started_at: running.started_at,
            }),
            last: report.last.map(|last| {
                let (counts, seconds, error) = match &last.outcome {
                    Ok(summary) => (
                        Some(CountsJson::from(summary)),
                        Some(summary.elapsed.as_secs_f64()),
                        None,
                    ),
                    Err(error) => (None, None, Some(error.clone())),
                };
                LastJson {
                    scope: last.kind.name(),
                    finished_at: last.finished_at,
                    counts,
                    seconds,
                    error,
                }
            }),
            totals: CountsJson::from(&report.totals),
            live: match report.live {
                LiveMode::Off => LiveJson {
                    mode: "off",
                    scan_every_seconds: None,
                    fallback: None,
                },
                LiveMode::Watching => LiveJson {
                    mode: "watching",
                    scan_every_seconds: None,
                    fallback: None,
                },
                LiveMode::Periodic { every, fallback } => LiveJson {
                    mode: "periodic",
                    scan_every_seconds: Some(every.as_secs()),
                    fallback,
                },
            },
        }
    }
}

/// The admin page's account of the scanner (HTML), and whether the page should reload itself
/// to follow a running scan.
pub fn section(report: &ScanReport) -> (String, bool) {
    let mut html = String::from("<div class=\"scan-status\">");
    if let Some(running) = &report.running {
        let what = match running.kind {
            ScanKind::Everything => "Scanning the media folder…",
            ScanKind::Changes => "Scanning what changed…",
        };
        html.push_str(&format!(
            "<p role=\"status\">{what} {} files, {} read so far (since {}).</p>",
            running.files_seen,
            running.files_read,
            when(Some(running.started_at)),
        ));
    }
    match &report.last {
        Some(last) => html.push_str(&last_scan(last)),
        None if report.running.is_none() => {
            html.push_str("<p>No scan has ended since the server started.</p>");
        }
        None => {}
    }
    let live = match &report.live {
        LiveMode::Watching => {
            "The media folder is watched: what changes in it shows in the list within seconds."
                .to_owned()
        }
        LiveMode::Periodic {
            every,
            fallback: None,
        } => format!(
            "The media folder is scanned every {} s for changes.",
            every.as_secs()
        ),
        LiveMode::Periodic {
            every,
            fallback: Some(why),
        } => format!(
            "The media folder cannot be watched ({why}): it is scanned every {} s instead.",
            every.as_secs()
        ),
        LiveMode::Off => "The media folder is not watched: changes show after a rescan.".to_owned(),
    };
    html.push_str(&format!("<p><small>{}</small></p></div>", escape(&live)));
    (html, report.running.is_some())
}

fn last_scan(last: &FinishedScan) -> String {
    let what = match last.kind {
        ScanKind::Everything => "Last scan of the media folder",
        ScanKind::Changes => "Last scan of changes",
    };
    match &last.outcome {
        Ok(summary) => format!(
            "<p>{what}: {} (ended {}).</p>",
            escape(&summary.to_string()),
            when(Some(last.finished_at))
        ),
        Err(error) => format!(
            "<p class=\"notice\">{what} failed: {} (ended {}).</p>",
            escape(error),
            when(Some(last.finished_at))
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::domain::library::RunningScan;

    #[test]
    fn a_running_scan_shows_its_count_and_reloads_the_page() {
        let report = ScanReport {
            running: Some(RunningScan {
                kind: ScanKind::Everything,
                started_at: 1_764_400_000,
                files_seen: 1234,
                files_read: 56,
            }),
            live: LiveMode::Periodic {
                every: Duration::from_secs(300),
                fallback: Some("it is on a NFS file system".to_owned()),
            },
            ..Default::default()
        };
        let (html, reload) = section(&report);
        assert!(reload);
        assert!(
            html.contains("Scanning the media folder… 1234 files, 56 read"),
            "{html}"
        );
        assert!(
            html.contains("cannot be watched (it is on a NFS file system)"),
            "{html}"
        );
        let json = serde_json::to_value(ScanJson::from(report)).expect("json");
        assert_eq!(json["scanning"], true);
        assert_eq!(json["files_seen"], 1234);
        assert_eq!(json["last"], serde_json::Value::Null);
        assert_eq!(json["live"]["mode"], "periodic");
        assert_eq!(json["live"]["scan_every_seconds"], 300);
    }

    #[test]
    fn an_idle_scanner_shows_the_last_summary() {
        let report = ScanReport {
            last: Some(FinishedScan {
                kind: ScanKind::Changes,
                finished_at: 1_764_400_000,
                outcome: Ok(ScanSummary {
                    added: 1,
                    unchanged: 9,
                    ..Default::default()
                }),
            }),
            live: LiveMode::Watching,
            ..Default::default()
        };
        let (html, reload) = section(&report);
        assert!(!reload);
        assert!(
            html.contains("Last scan of changes: 1 added, 0 updated, 0 removed, 9 unchanged"),
            "{html}"
        );
        let json = serde_json::to_value(ScanJson::from(report)).expect("json");
        assert_eq!(json["scanning"], false);
        assert_eq!(json["last"]["scope"], "changes");
        assert_eq!(json["last"]["added"], 1);
        assert_eq!(json["last"]["error"], serde_json::Value::Null);
        assert_eq!(json["live"]["mode"], "watching");
    }
}
