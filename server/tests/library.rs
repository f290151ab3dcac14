//! The library: the scan of the demo folder and the server function the track list calls.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{body_json, TestApp};
use server::library::{scan_library, ScanOptions};

#[tokio::test]
async fn list_tracks_server_function_returns_the_demo_tracks() {
    let app = TestApp::demo().await;
    let request = Request::post("/api/list_tracks")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let tracks = body_json(response).await;
    let tracks = tracks.as_array().expect("a list of tracks");
    assert_eq!(tracks.len(), 7);
    let morning = tracks
        .iter()
        .find(|t| t["title"] == "Morning Tide")
        .expect("Morning Tide is listed");
    assert_eq!(morning["artist"], "Lumen Drift");
    assert_eq!(morning["album"], "Harbour Lights");
    assert_eq!(morning["track_number"], 1);
    assert_eq!(morning["format"], "mp3");
    let ms = morning["duration_ms"].as_u64().expect("duration");
    assert!((26_000..29_000).contains(&ms), "duration {ms} ms");
    let titles: Vec<_> = tracks
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default())
        .collect();
    assert!(
        titles.contains(&"Café Arpeggio") && titles.contains(&"Sommernächte"),
        "{titles:?}"
    );
}

#[tokio::test]
async fn the_page_is_server_rendered_with_the_track_list() {
    let app = TestApp::demo().await;
    let response = app.get("/", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = String::from_utf8(common::body_bytes(response).await).expect("utf-8 html");
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
    let summary = scan_library(&app.state.db, &app.media, ScanOptions::default())
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
    let tracks = server::db::queries::list_tracks(&app.state.db)
        .await
        .expect("list");
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0].title, "Untagged Song");
    assert_eq!(tracks[0].duration_ms, 2000);
    let summary = scan_library(&app.state.db, &app.media, ScanOptions { full: true })
        .await
        .expect("rescan");
    assert_eq!((summary.updated, summary.failed), (1, 1));
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
