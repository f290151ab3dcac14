//! The stream route through the real router: status codes, headers and exact bytes.

use crate::common::{body_bytes, body_json, header, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};

const MP3: &str = "Morning Tide.mp3";

#[tokio::test]
async fn plain_get_streams_the_whole_file_with_seek_headers() {
    let app = TestApp::demo().await;
    let id = app.track_id(MP3).await;
    let expected = std::fs::read(app.track_path(id).await).expect("demo file");

    let response = app.get(&format!("/music/track?track_id={id}"), &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "audio/mpeg");
    assert_eq!(header(&response, "accept-ranges"), "bytes");
    assert_eq!(
        header(&response, "content-length"),
        expected.len().to_string()
    );
    assert_eq!(header(&response, "cache-control"), "no-cache");
    assert!(header(&response, "etag").starts_with('"'));
    assert!(header(&response, "last-modified").ends_with(" GMT"));
    assert_eq!(
        header(&response, "content-disposition"),
        "inline; filename=\"01 - Morning Tide.mp3\"; filename*=UTF-8''01%20-%20Morning%20Tide.mp3"
    );
    assert_eq!(body_bytes(response).await, expected);
}

#[tokio::test]
async fn a_range_answers_206_with_exactly_those_bytes() {
    let app = TestApp::demo().await;
    let id = app.track_id(MP3).await;
    let file = std::fs::read(app.track_path(id).await).expect("demo file");
    let len = file.len();

    let response = app
        .get(
            &format!("/music/track?track_id={id}"),
            &[("range", "bytes=1000-70999")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&response, "content-range"),
        format!("bytes 1000-70999/{len}")
    );
    assert_eq!(header(&response, "content-length"), "70000");
    assert_eq!(body_bytes(response).await, &file[1000..71000]);

    let seek = len * 7 / 10;
    let response = app
        .get(
            &format!("/music/track?track_id={id}"),
            &[("range", &format!("bytes={seek}-"))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&response, "content-range"),
        format!("bytes {seek}-{}/{len}", len - 1)
    );
    assert_eq!(body_bytes(response).await, &file[seek..]);
}

#[tokio::test]
async fn an_unsatisfiable_range_answers_416_with_the_length() {
    let app = TestApp::demo().await;
    let id = app.track_id(MP3).await;
    let len = std::fs::metadata(app.track_path(id).await)
        .expect("file")
        .len();
    let response = app
        .get(
            &format!("/music/track?track_id={id}"),
            &[("range", &format!("bytes={len}-"))],
        )
        .await;
    assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&response, "content-range"), format!("bytes */{len}"));
}

#[tokio::test]
async fn head_sends_the_headers_without_a_body() {
    let app = TestApp::demo().await;
    let id = app.track_id(MP3).await;
    let len = std::fs::metadata(app.track_path(id).await)
        .expect("file")
        .len();
    let request = Request::head(format!("/music/track?track_id={id}"))
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-length"), len.to_string());
    assert!(body_bytes(response).await.is_empty());
}

#[tokio::test]
async fn the_current_etag_answers_304() {
    let app = TestApp::demo().await;
    let id = app.track_id(MP3).await;
    let uri = format!("/music/track?track_id={id}");
    let first = app.get(&uri, &[]).await;
    let etag = header(&first, "etag").to_owned();
    let again = app.get(&uri, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&again, "etag"), etag);
    assert!(body_bytes(again).await.is_empty());
}

#[tokio::test]
async fn each_format_has_its_content_type() {
    let app = TestApp::demo().await;
    for (suffix, mime) in [
        (".flac", "audio/flac"),
        (".ogg", "audio/ogg"),
        (".opus", "audio/ogg; codecs=opus"),
        (".m4a", "audio/mp4"),
        (".wav", "audio/wav"),
    ] {
        let id = app.track_id(suffix).await;
        let response = app
            .get(
                &format!("/music/track?track_id={id}"),
                &[("range", "bytes=0-0")],
            )
            .await;
        assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT, "{suffix}");
        assert_eq!(header(&response, "content-type"), mime, "{suffix}");
    }
}

#[tokio::test]
async fn missing_track_id_is_400_invalid_keyword() {
    let app = TestApp::demo().await;
    for uri in ["/music/track", "/music/track?id=1"] {
        let response = app.get(uri, &[]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body_json(response).await,
            serde_json::json!({"message": "INVALID_KEYWORD"})
        );
    }
}

#[tokio::test]
async fn malformed_track_id_is_400_invalid_key() {
    let app = TestApp::demo().await;
    for id in [
        "abc",
        "-1",
        "0",
        "1.5",
        "123456789012345678901234567890",
        "1%20OR%201=1",
        "1&track_id=2",
    ] {
        let response = app.get(&format!("/music/track?track_id={id}"), &[]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{id}");
        assert_eq!(
            body_json(response).await,
            serde_json::json!({"message": "INVALID_KEY"}),
            "{id}"
        );
    }
}

#[tokio::test]
async fn unknown_track_id_is_404_invalid_key() {
    let app = TestApp::demo().await;
    let response = app.get("/music/track?track_id=999999", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "INVALID_KEY"})
    );
}

#[tokio::test]
async fn other_methods_are_405_with_allow() {
    let app = TestApp::demo().await;
    let request = Request::post("/music/track?track_id=1")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&response, "allow"), "GET, HEAD");
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "METHOD_NOT_ALLOWED"})
    );
}

#[tokio::test]
async fn a_deleted_file_is_404_file_missing() {
    let dir = tempfile::tempdir().expect("dir");
    let source =
        crate::common::demo_media().join("Lumen Drift/Harbour Lights/01 - Morning Tide.mp3");
    std::fs::copy(&source, dir.path().join("gone.mp3")).expect("copy");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let id = app.track_id("gone.mp3").await;
    std::fs::remove_file(dir.path().join("gone.mp3")).expect("remove");
    let response = app.get(&format!("/music/track?track_id={id}"), &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "FILE_MISSING"})
    );
}
