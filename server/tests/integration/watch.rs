//! The live library: a running server that watches its media folder shows a file added,
//! retagged, moved or removed within 5 s, without a restart, re-reading only what changed; where
//! the folder cannot be watched, the periodic scan that takes over finds the change.

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use server::domain::library::{LiveMode, ScanSummary, WatchOptions};

use crate::common::{body_json, demo_media, TestApp};

/// What the issue promises.
const WITHIN: Duration = Duration::from_secs(5);

const MORNING_TIDE: &str = "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3";
const CLOCKWORK_RAIN: &str = "The Glass Orchard/Small Hours/01 - Clockwork Rain.mp3";
const NIGHT_GARDEN: &str = "The Glass Orchard/Small Hours/03 - Night Garden.wav";

fn copy_demo(dir: &Path, from: &str, to: &str) {
    let to = dir.join(to);
    std::fs::create_dir_all(to.parent().expect("folder")).expect("mkdir");
    std::fs::copy(demo_media().join(from), to).expect("copy");
}

/// The tracks `GET /api/tracks` lists, as (title, path).
async fn listed(app: &TestApp) -> Vec<(String, String)> {
    let response = app.get("/api/tracks?per_page=100", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    body_json(response).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| {
            let text = |key: &str| t[key].as_str().expect("text").to_owned();
            (text("title"), text("path"))
        })
        .collect()
}

/// Polls `check` until it holds, for at most [`WITHIN`]; says how long it took.
async fn within_5_s<F, Fut>(what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let started = Instant::now();
    loop {
        if check().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < WITHIN, "{what}: not seen within 5 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn until_live(app: &TestApp, wanted: fn(&LiveMode) -> bool) {
    within_5_s("the watcher set up", || async {
        wanted(&app.state.library.scan_report().live)
    })
    .await;
}

fn totals(app: &TestApp) -> ScanSummary {
    app.state.library.scan_report().totals
}

/// The totals once the batch that changed the list is recorded: the list can show a change (the
/// database and the generation) a moment before the scan's summary reaches the status.
async fn totals_after(app: &TestApp, before: ScanSummary) -> ScanSummary {
    within_5_s("the batch's summary", || async { totals(app) != before }).await;
    totals(app)
}

/// Rewrites the title in the file's tags, in place (a new modification time).
fn retag(file: &Path, title: &str) {
    use lofty::config::WriteOptions;
    use lofty::file::TaggedFileExt;
    use lofty::prelude::{Accessor, TagExt};

    let mut tagged = lofty::read_from_path(file).expect("read tags");
    let tag = tagged.primary_tag_mut().expect("the demo MP3 has tags");
    tag.set_title(title.to_owned());
    tag.save_to_path(file, WriteOptions::default())
        .expect("save tags");
}

#[tokio::test]
async fn a_file_added_retagged_moved_or_removed_shows_within_5_s_and_only_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let media = dir.path().join("media");
    copy_demo(&media, MORNING_TIDE, "A/one.mp3");
    copy_demo(&media, NIGHT_GARDEN, "B/two.wav");
    let app = TestApp::with_media(media.clone()).await;
    let _watching = app.state.library.keep_up(WatchOptions::default());
    until_live(&app, |live| *live == LiveMode::Watching).await;

    // Added.
    let before = totals(&app);
    copy_demo(&media, CLOCKWORK_RAIN, "C/three.mp3");
    let took = within_5_s("the added file", || async {
        listed(&app)
            .await
            .contains(&("Clockwork Rain".to_owned(), "C/three.mp3".to_owned()))
    })
    .await;
    eprintln!("added: listed after {took:?}");
    let after = totals_after(&app, before).await;
    assert_eq!(after.added - before.added, 1);
    assert_eq!(
        after.unchanged, before.unchanged,
        "the two files that did not change were not even looked at"
    );

    // Retagged in place.
    let before = totals(&app);
    retag(&media.join("A/one.mp3"), "Evening Tide");
    within_5_s("the new title", || async {
        listed(&app)
            .await
            .contains(&("Evening Tide".to_owned(), "A/one.mp3".to_owned()))
    })
    .await;
    let after = totals_after(&app, before).await;
    assert_eq!(
        (after.updated - before.updated, after.added - before.added),
        (1, 0),
        "one file re-read, under its id"
    );
    assert_eq!(after.unchanged, before.unchanged, "no other file looked at");
    assert!(!listed(&app).await.iter().any(|(t, _)| t == "Morning Tide"));

    // Moved to another folder: one entry, at the new path.
    std::fs::create_dir_all(media.join("D/deeper")).expect("mkdir");
    std::fs::rename(media.join("C/three.mp3"), media.join("D/deeper/three.mp3")).expect("mv");
    within_5_s("the moved file", || async {
        let rain: Vec<String> = listed(&app)
            .await
            .into_iter()
            .filter(|(title, _)| title == "Clockwork Rain")
            .map(|(_, path)| path)
            .collect();
        rain == ["D/deeper/three.mp3"]
    })
    .await;

    // Removed: gone from the list, and its stream is unknown.
    let two = app.track_id("B/two.wav").await;
    std::fs::remove_file(media.join("B/two.wav")).expect("rm");
    within_5_s("the removed file", || async {
        !listed(&app)
            .await
            .iter()
            .any(|(title, _)| title == "Night Garden")
    })
    .await;
    let response = app.get(&format!("/music/track?track_id={two}"), &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(response).await["message"], "INVALID_KEY");
    assert_eq!(listed(&app).await.len(), 2);
}

#[tokio::test]
async fn a_folder_moved_in_is_scanned_whole_and_moved_out_is_removed_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let media = dir.path().join("media");
    let elsewhere = dir.path().join("elsewhere");
    copy_demo(&media, MORNING_TIDE, "A/one.mp3");
    // A new album, made outside the media folder (as a download would be), then moved in.
    copy_demo(&elsewhere, CLOCKWORK_RAIN, "Album/CD1/01.mp3");
    copy_demo(&elsewhere, NIGHT_GARDEN, "Album/CD2/01.wav");
    let app = TestApp::with_media(media.clone()).await;
    let _watching = app.state.library.keep_up(WatchOptions::default());
    until_live(&app, |live| *live == LiveMode::Watching).await;

    std::fs::rename(elsewhere.join("Album"), media.join("Album")).expect("mv in");
    within_5_s("the album moved in", || async {
        listed(&app).await.len() == 3
    })
    .await;
    let paths: Vec<String> = listed(&app).await.into_iter().map(|(_, p)| p).collect();
    assert!(paths.contains(&"Album/CD2/01.wav".to_owned()), "{paths:?}");

    // Its folders are watched too: a file added in one shows.
    copy_demo(&media, CLOCKWORK_RAIN, "Album/CD2/02.mp3");
    within_5_s("a file in the moved-in folder", || async {
        listed(&app).await.len() == 4
    })
    .await;

    std::fs::rename(media.join("Album"), elsewhere.join("Album")).expect("mv out");
    within_5_s("the album moved out", || async {
        listed(&app).await == [("Morning Tide".to_owned(), "A/one.mp3".to_owned())]
    })
    .await;
}

#[tokio::test]
async fn where_the_folder_cannot_be_watched_a_periodic_scan_finds_the_change() {
    let dir = tempfile::tempdir().expect("dir");
    let media = dir.path().join("media");
    copy_demo(&media, MORNING_TIDE, "A/one.mp3");
    let app = TestApp::with_media(media.clone()).await;
    // A media folder that is not there cannot be watched (as a network mount or the inotify
    // limit would not let it be): the fallback takes over, and says why.
    std::fs::remove_dir_all(&media).expect("rm media");
    let _following = app.state.library.keep_up(WatchOptions {
        scan_every: Some(Duration::from_millis(200)),
        ..WatchOptions::default()
    });
    until_live(&app, |live| {
        matches!(live, LiveMode::Periodic { fallback: Some(why), .. } if why.contains("media folder"))
    })
    .await;

    copy_demo(&media, CLOCKWORK_RAIN, "C/three.mp3");
    within_5_s("the file found by the periodic scan", || async {
        listed(&app).await == [("Clockwork Rain".to_owned(), "C/three.mp3".to_owned())]
    })
    .await;
}

#[tokio::test]
async fn with_no_watch_and_an_interval_only_the_periodic_scan_runs() {
    let dir = tempfile::tempdir().expect("dir");
    let media = dir.path().join("media");
    copy_demo(&media, MORNING_TIDE, "A/one.mp3");
    let app = TestApp::with_media(media.clone()).await;
    let _following = app.state.library.keep_up(WatchOptions {
        watch: false,
        scan_every: Some(Duration::from_millis(200)),
        ..WatchOptions::default()
    });
    until_live(&app, |live| {
        matches!(live, LiveMode::Periodic { fallback: None, every } if every.as_millis() == 200)
    })
    .await;
    copy_demo(&media, CLOCKWORK_RAIN, "C/three.mp3");
    within_5_s("the file found by the periodic scan", || async {
        listed(&app).await.len() == 2
    })
    .await;
    let last = app.state.library.scan_report().last.expect("a scan ended");
    assert_eq!(
        last.kind,
        server::domain::library::ScanKind::Everything,
        "the periodic scan looks at the whole folder (incrementally)"
    );
}

#[tokio::test]
async fn a_scan_of_changed_paths_touches_nothing_beside_them_whatever_their_names() {
    use server::domain::library::{ScanOptions, ScanScope};

    let dir = tempfile::tempdir().expect("dir");
    let media = dir.path().join("media");
    // LIKE's wildcards in a name, a name that differs only in case, and a longer name.
    for path in [
        "50%_off/x.mp3",
        "50ab_off/x.mp3",
        "a/x.mp3",
        "A/x.mp3",
        "a b/x.mp3",
    ] {
        copy_demo(&media, MORNING_TIDE, path);
    }
    let app = TestApp::with_media(media.clone()).await;
    for path in ["50%_off", "50ab_off", "a", "A", "a b"] {
        std::fs::remove_dir_all(media.join(path)).expect("rm");
    }
    let summary = app
        .state
        .library
        .scan_scope(
            ScanScope::Paths(vec!["50%_off".to_owned(), "a".to_owned()]),
            ScanOptions::default(),
        )
        .await
        .expect("scan");
    assert_eq!(summary.removed, 2);
    let mut left: Vec<String> = listed(&app).await.into_iter().map(|(_, p)| p).collect();
    left.sort();
    assert_eq!(left, ["50ab_off/x.mp3", "A/x.mp3", "a b/x.mp3"]);
}
