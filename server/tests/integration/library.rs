//! The library: the scan of the demo folder (incremental, deletions, broken files, artists and
//! albums) and the server function the track list calls.

use crate::common::{body_postcard, TestApp};
use app::model::{Page, TrackSummary};
use axum::http::StatusCode;
use server::domain::library::ScanOptions;

#[tokio::test]
async fn list_tracks_server_function_returns_the_demo_tracks() {
    let app = TestApp::demo().await;
    let response = app.call_server_fn("list_tracks", "query[per_page]=5").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        crate::common::header(&response, "content-type"),
        "application/x-postcard"
    );
    let page: Page<TrackSummary> = body_postcard(response).await;
    assert_eq!((page.total, page.per_page), (7, 5));
    let tracks = page.items;
    assert_eq!(tracks.len(), 5);
    let morning = tracks
        .iter()
        .find(|t| t.title == "Morning Tide")
        .expect("Morning Tide is listed");
    assert_eq!(morning.artist.as_deref(), Some("Lumen Drift"));
    assert_eq!(morning.album.as_deref(), Some("Harbour Lights"));
    assert_eq!(morning.track_number, Some(1));
    assert_eq!(morning.format, "mp3");
    let ms = morning.duration_ms;
    assert!((26_000..29_000).contains(&ms), "duration {ms} ms");
    let titles: Vec<_> = tracks.iter().map(|t| t.title.as_str()).collect();
    // Shelf order: artist, album, track number.
    assert_eq!(
        titles,
        [
            "Morning Tide",
            "Café Arpeggio",
            "Lantern Walk",
            "Sommernächte",
            "Clockwork Rain"
        ]
    );
}

#[tokio::test]
async fn the_search_server_function_ignores_case_and_accents() {
    let app = TestApp::demo().await;
    let response = app
        .call_server_fn("list_tracks", "query[q]=SOMMERNACHTE")
        .await;
    let page: Page<TrackSummary> = body_postcard(response).await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].title, "Sommernächte");
}

#[tokio::test]
async fn the_get_track_server_function_answers_the_track_or_none() {
    let app = TestApp::demo().await;
    let listed: Page<TrackSummary> =
        body_postcard(app.call_server_fn("list_tracks", "query[q]=lantern").await).await;
    let lantern = listed.items[0].clone();
    let found: Option<TrackSummary> = body_postcard(
        app.call_server_fn("get_track", &format!("id={}", lantern.id))
            .await,
    )
    .await;
    assert_eq!(found, Some(lantern));
    let missing: Option<TrackSummary> =
        body_postcard(app.call_server_fn("get_track", "id=987654").await).await;
    assert_eq!(missing, None);
}

#[tokio::test]
async fn the_page_is_server_rendered_with_the_track_list() {
    let app = TestApp::demo().await;
    let response = app.get("/", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = String::from_utf8(crate::common::body_bytes(response).await).expect("utf-8 html");
    for text in [
        "Morning Tide",
        "Lumen Drift",
        "Harbour Lights",
        "0:27",
        "/music/track?track_id=",
    ] {
        assert!(html.contains(text), "{text} missing from the page");
    }
}

#[tokio::test]
async fn a_rescan_of_an_unchanged_folder_changes_nothing() {
    let app = TestApp::demo().await;
    let summary = app
        .state
        .library
        .scan(ScanOptions::default())
        .await
        .expect("rescan");
    assert_eq!((summary.added, summary.updated, summary.removed), (0, 0, 0));
    assert_eq!(summary.unchanged, 7);
}

#[tokio::test]
async fn a_file_without_tags_is_titled_from_its_name_and_a_broken_one_is_counted() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("not really.mp3"), b"this is not audio").expect("write");
    std::fs::write(
        dir.path().join("Untagged Song.wav"),
        silent_wav(8000, 16000),
    )
    .expect("write");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let tracks = app
        .state
        .library
        .tracks(&Default::default())
        .await
        .expect("list")
        .items;
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0].title, "Untagged Song");
    assert_eq!(tracks[0].duration_ms, 2000);
    let summary = full_rescan(&app).await;
    assert_eq!((summary.updated, summary.failed), (1, 1));
}

#[tokio::test]
async fn changes_on_disk_update_add_and_remove_without_reusing_ids() {
    let dir = tempfile::tempdir().expect("dir");
    let copy = |from: &str, to: &str| {
        let to = dir.path().join(to);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(crate::common::demo_media().join(from), to).expect("copy");
    };
    copy(
        "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3",
        "A/one.mp3",
    );
    copy(
        "The Glass Orchard/Small Hours/01 - Clockwork Rain.mp3",
        "B/two.mp3",
    );
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let db = app.state.library.db();
    let one = app.track_id("A/one.mp3").await;
    let two = app.track_id("B/two.mp3").await;
    let listed = app
        .state
        .library
        .tracks(&Default::default())
        .await
        .expect("list");
    assert_eq!(listed.total, 2);
    let first_seen = server::domain::db::queries::track_detail(db, one)
        .await
        .expect("query")
        .expect("track")
        .added_at;
    // A second later, so an overwritten first-seen time would show.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;

    // Removed: the track goes, and so do its album and artist.
    std::fs::remove_file(dir.path().join("B/two.mp3")).expect("rm");
    // Changed: a different file under the same name is re-read, keeping its id.
    std::fs::copy(
        crate::common::demo_media().join("The Glass Orchard/Small Hours/01 - Clockwork Rain.mp3"),
        dir.path().join("A/one.mp3"),
    )
    .expect("replace");
    let summary = app
        .state
        .library
        .scan(ScanOptions::default())
        .await
        .expect("rescan");
    assert_eq!((summary.added, summary.updated, summary.removed), (0, 1, 1));
    let detail = server::domain::db::queries::track_detail(db, one)
        .await
        .expect("query")
        .expect("kept");
    assert_eq!(detail.summary.title, "Clockwork Rain");
    assert_eq!(
        detail.added_at, first_seen,
        "an update keeps the first-seen time"
    );
    // The list follows the scan: its in-memory index reloads when the generation moves.
    let listed = app
        .state
        .library
        .tracks(&Default::default())
        .await
        .expect("list");
    let titles: Vec<_> = listed.items.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Clockwork Rain"]);
    let albums = app
        .state
        .library
        .albums(&Default::default())
        .await
        .expect("albums");
    let titles: Vec<_> = albums.items.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Small Hours"], "the emptied album is gone");
    let artists = server::domain::db::queries::list_artists(db, &Default::default())
        .await
        .expect("artists");
    let names: Vec<_> = artists.items.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["The Glass Orchard"]);

    // Added again: a new id, never the removed one.
    copy(
        "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3",
        "B/two.mp3",
    );
    app.state
        .library
        .scan(ScanOptions::default())
        .await
        .expect("rescan");
    let again = app.track_id("B/two.mp3").await;
    assert!(again != two && again > one, "id {again} reused (old {two})");
}

#[tokio::test]
async fn albums_and_artists_are_counted_and_ordered() {
    let app = TestApp::demo().await;
    let albums = app
        .state
        .library
        .albums(&Default::default())
        .await
        .expect("albums");
    let rows: Vec<_> = albums
        .items
        .iter()
        .map(|a| (a.title.as_str(), a.artist.as_deref(), a.track_count))
        .collect();
    assert_eq!(
        rows,
        [
            ("Harbour Lights", Some("Lumen Drift"), 3),
            ("Paper Skies", Some("Lumen Drift"), 1),
            ("Small Hours", Some("The Glass Orchard"), 3)
        ]
    );
    let artists =
        server::domain::db::queries::list_artists(app.state.library.db(), &Default::default())
            .await
            .expect("artists");
    assert_eq!(artists.total, 2);
    assert_eq!(artists.items[0].track_count, 4);
}

#[tokio::test]
async fn a_name_that_is_not_utf8_is_counted_and_the_rest_is_scanned() {
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().expect("dir");
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9 latin-1.wav");
    std::fs::write(dir.path().join(bad), silent_wav(8000, 8000)).expect("write");
    std::fs::write(dir.path().join("fine.wav"), silent_wav(8000, 8000)).expect("write");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let summary = full_rescan(&app).await;
    assert_eq!((summary.updated, summary.failed), (1, 1));
    app.track_id("fine.wav").await;
}

/// `scan --full` over the app's media folder.
async fn full_rescan(app: &TestApp) -> server::domain::library::ScanSummary {
    let full = ScanOptions {
        full: true,
        ..Default::default()
    };
    app.state.library.scan(full).await.expect("rescan")
}

/// A mono 8-bit PCM WAV of `samples` silent samples at `rate` Hz, with no tags at all.
fn silent_wav(rate: u32, samples: u32) -> Vec<u8> {
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + samples).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes()); // bytes per second
    wav.extend_from_slice(&1u16.to_le_bytes()); // block align
    wav.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&samples.to_le_bytes());
    wav.resize(wav.len() + samples as usize, 128);
    wav
}
