//! The caches follow the library generation: a scan made by another process (`server scan`,
//! another instance on the same database) reaches a running server within a second, without a
//! restart.

use std::time::{Duration, Instant};

use axum::http::StatusCode;

use crate::common::{body_bytes, body_json, demo_media, TestApp};

const WITHIN: Duration = Duration::from_secs(1);

fn copy(dir: &std::path::Path, from: &str, to: &str) {
    let to = dir.join(to);
    std::fs::create_dir_all(to.parent().expect("folder")).expect("mkdir");
    std::fs::copy(demo_media().join(from), to).expect("copy");
}

/// `server scan` in a process of its own, over `app`'s database and media folder.
fn scan_in_another_process(app: &TestApp) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("scan")
        .env("DATABASE_URL", app.database.url())
        .env("CADENZA_MEDIA_DIR", &app.media)
        .output()
        .expect("run server scan");
    assert!(
        output.status.success(),
        "server scan failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("1 added") && said.contains("1 removed"),
        "{said}"
    );
}

#[tokio::test]
async fn a_scan_by_another_process_reaches_the_running_server_within_a_second() {
    let dir = tempfile::tempdir().expect("dir");
    copy(
        dir.path(),
        "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3",
        "A/one.mp3",
    );
    copy(
        dir.path(),
        "The Glass Orchard/Small Hours/01 - Clockwork Rain.mp3",
        "B/two.mp3",
    );
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let _following = app.state.library.follow();
    let two = app.track_id("B/two.mp3").await;
    let stream = |id: i64| format!("/music/track?track_id={id}");
    // The running server has served both, so both are in its id → file cache.
    for id in [app.track_id("A/one.mp3").await, two] {
        let response = app.get(&stream(id), &[("range", "bytes=0-0")]).await;
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    }

    std::fs::remove_file(dir.path().join("B/two.mp3")).expect("rm");
    copy(
        dir.path(),
        "The Glass Orchard/Small Hours/03 - Night Garden.wav",
        "C/three.wav",
    );
    scan_in_another_process(&app);
    let scanned = Instant::now();
    let three = app.track_id("C/three.wav").await;

    loop {
        let removed = app.get(&stream(two), &[]).await;
        let status = removed.status();
        let message = body_json(removed).await["message"].clone();
        let added = app.get(&stream(three), &[]).await;
        let added_status = added.status();
        let listed = app.state.library.tracks(&Default::default()).await;
        let titles: Vec<String> = listed
            .expect("list")
            .items
            .into_iter()
            .map(|t| t.title)
            .collect();
        if status == StatusCode::NOT_FOUND
            && message == "INVALID_KEY"
            && added_status == StatusCode::OK
            && titles.len() == 2
            && !titles.contains(&"Clockwork Rain".to_owned())
        {
            let on_disk = std::fs::read(dir.path().join("C/three.wav")).expect("file");
            assert_eq!(body_bytes(added).await, on_disk);
            break;
        }
        assert!(
            scanned.elapsed() < WITHIN,
            "after {:?}: removed track {status} {message}, new track {added_status}, list {titles:?}",
            scanned.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
