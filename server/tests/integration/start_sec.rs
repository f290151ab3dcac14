//! `start_sec`: an MP3 body that starts at the frame of that second; a clear 4xx elsewhere.

use crate::common::{body_bytes, body_json, header, TestApp};
use axum::http::StatusCode;

#[tokio::test]
async fn an_mp3_starts_at_a_frame_inside_the_file() {
    let app = TestApp::demo().await;
    let id = app.track_id("Morning Tide.mp3").await;
    let file = std::fs::read(app.track_path(id).await).expect("demo file");
    let response = app
        .get(&format!("/music/track?track_id={id}&start_sec=10"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "audio/mpeg");
    assert_eq!(header(&response, "accept-ranges"), "none");
    let body = body_bytes(response).await;
    // A frame sync word, and the tail of the file from there: about 10/27 of the audio is skipped.
    assert!(
        body[0] == 0xFF && body[1] & 0xE0 == 0xE0,
        "no frame sync at the start"
    );
    assert_eq!(body, &file[file.len() - body.len()..]);
    let skipped = (file.len() - body.len()) as f64 / file.len() as f64;
    assert!((0.25..0.50).contains(&skipped), "skipped {skipped}");

    let later = app
        .get(&format!("/music/track?track_id={id}&start_sec=20"), &[])
        .await;
    assert!(body_bytes(later).await.len() < body.len());
}

#[tokio::test]
async fn start_sec_past_the_end_is_400() {
    let app = TestApp::demo().await;
    let id = app.track_id("Morning Tide.mp3").await;
    let response = app
        .get(&format!("/music/track?track_id={id}&start_sec=1000"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "START_SEC_PAST_END"})
    );
}

#[tokio::test]
async fn other_formats_refuse_start_sec_clearly() {
    let app = TestApp::demo().await;
    for suffix in [".flac", ".ogg", ".m4a", ".wav", ".opus"] {
        let id = app.track_id(suffix).await;
        let response = app
            .get(&format!("/music/track?track_id={id}&start_sec=5"), &[])
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{suffix}"
        );
        assert_eq!(
            body_json(response).await,
            serde_json::json!({"message": "START_SEC_UNSUPPORTED"})
        );
    }
}

#[tokio::test]
async fn a_malformed_start_sec_is_400() {
    let app = TestApp::demo().await;
    let id = app.track_id("Morning Tide.mp3").await;
    let response = app
        .get(&format!("/music/track?track_id={id}&start_sec=soon"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "INVALID_START_SEC"})
    );
}
