//! Ranges combined with validators, several ranges, and a file replaced between requests.

use crate::common::{body_bytes, body_json, header, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode};

/// A library of one MP3 in a folder the test may change.
async fn one_track() -> (TestApp, i64, std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("song.mp3");
    std::fs::copy(
        crate::common::demo_media().join("Lumen Drift/Harbour Lights/01 - Morning Tide.mp3"),
        &path,
    )
    .expect("copy");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let id = app.track_id("song.mp3").await;
    (app, id, path, dir)
}

#[tokio::test]
async fn if_range_with_the_current_etag_keeps_the_range() {
    let (app, id, path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let etag = header(&app.get(&uri, &[]).await, "etag").to_owned();
    let response = app
        .get(&uri, &[("range", "bytes=10-19"), ("if-range", &etag)])
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        body_bytes(response).await,
        &std::fs::read(&path).expect("file")[10..20]
    );
}

#[tokio::test]
async fn a_replaced_file_gets_new_validators_and_a_stale_if_range_gets_the_whole_new_file() {
    let (app, id, path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let old = app.get(&uri, &[]).await;
    let old_etag = header(&old, "etag").to_owned();
    let old_len = header(&old, "content-length").to_owned();

    // Replace the file the way tools do: write a new one, rename it over the old.
    let replacement: Vec<u8> = (0..50_000u32).map(|i| (i % 256) as u8).collect();
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &replacement).expect("write");
    std::fs::rename(&tmp, &path).expect("rename");

    let response = app
        .get(&uri, &[("range", "bytes=1000-"), ("if-range", &old_etag)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(header(&response, "etag"), old_etag);
    assert_ne!(header(&response, "content-length"), old_len);
    assert_eq!(body_bytes(response).await, replacement);

    let stale = app.get(&uri, &[("if-none-match", &old_etag)]).await;
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_failed_if_match_is_412_and_if_modified_since_now_is_304() {
    let (app, id, _path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let response = app.get(&uri, &[("if-match", "\"something-else\"")]).await;
    assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        body_json(response).await,
        serde_json::json!({"message": "PRECONDITION_FAILED"})
    );

    let last_modified = header(&app.get(&uri, &[]).await, "last-modified").to_owned();
    let response = app
        .get(&uri, &[("if-modified-since", &last_modified)])
        .await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn several_disjoint_ranges_get_the_whole_file_and_overlapping_ones_merge() {
    let (app, id, path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let file = std::fs::read(&path).expect("file");

    let response = app.get(&uri, &[("range", "bytes=0-9,1000-1009")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_bytes(response).await.len(), file.len());

    let response = app
        .get(&uri, &[("range", "bytes=0-99,50-149,150-199")])
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&response, "content-range"),
        format!("bytes 0-199/{}", file.len())
    );
    assert_eq!(body_bytes(response).await, &file[..200]);
}

#[tokio::test]
async fn many_tiny_overlapping_ranges_never_send_more_than_the_file() {
    let (app, id, path, _dir) = one_track().await;
    let len = std::fs::metadata(&path).expect("file").len() as usize;
    let header_value = format!("bytes={}", vec!["0-"; 30].join(","));
    let response = app
        .get(
            &format!("/music/track?track_id={id}"),
            &[("range", &header_value)],
        )
        .await;
    assert_eq!(body_bytes(response).await.len(), len);
    let many = format!(
        "bytes={}",
        (0..500)
            .map(|i| format!("{i}-{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let response = app
        .get(&format!("/music/track?track_id={id}"), &[("range", &many)])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_bytes(response).await.len(), len);
}

#[tokio::test]
async fn malformed_ranges_are_ignored_and_suffix_ranges_work() {
    let (app, id, path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let file = std::fs::read(&path).expect("file");
    for bad in ["bytes=abc", "bytes=9-1", "items=0-1", "bytes=--5"] {
        let response = app.get(&uri, &[("range", bad)]).await;
        assert_eq!(response.status(), StatusCode::OK, "{bad}");
    }
    let response = app.get(&uri, &[("range", "bytes=-100")]).await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body_bytes(response).await, &file[file.len() - 100..]);
    let response = app.get(&uri, &[("range", "bytes=100-999999999")]).await;
    assert_eq!(
        header(&response, "content-range"),
        format!("bytes 100-{}/{}", file.len() - 1, file.len())
    );
}

#[tokio::test]
async fn head_with_a_range_sends_the_partial_headers_only() {
    let (app, id, _path, _dir) = one_track().await;
    let request = Request::head(format!("/music/track?track_id={id}"))
        .header("range", "bytes=0-99")
        .body(Body::empty())
        .expect("request");
    let response = app.send(request).await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(header(&response, "content-length"), "100");
    assert!(body_bytes(response).await.is_empty());
}

/// RFC 9110 §8.6, §15.4.5: a 304 carries no Content-Length but the one a 200 would, so a HEAD
/// that revalidates must not be told `Content-Length: 0` (covers too, on the same toolkit).
#[tokio::test]
async fn a_304_to_head_or_get_claims_no_length_of_zero() {
    let (app, id, _path, _dir) = one_track().await;
    for uri in [
        format!("/music/track?track_id={id}"),
        "/covers/none".to_owned(),
    ] {
        let etag = header(&app.get(&uri, &[]).await, "etag").to_owned();
        for method in ["HEAD", "GET"] {
            let request = Request::builder()
                .method(method)
                .uri(&uri)
                .header("if-none-match", &etag)
                .body(Body::empty())
                .expect("request");
            let response = app.send(request).await;
            assert_eq!(
                response.status(),
                StatusCode::NOT_MODIFIED,
                "{method} {uri}"
            );
            assert_eq!(
                response.headers().get("content-length"),
                None,
                "{method} {uri}"
            );
        }
    }
}

/// §14.1.2: a last position past any file (beyond 64 bits) is the end of this one: 206, not the
/// whole file as 200; a first position that large cannot be satisfied.
#[tokio::test]
async fn positions_beyond_64_bits_are_past_the_end_not_invalid() {
    let (app, id, path, _dir) = one_track().await;
    let uri = format!("/music/track?track_id={id}");
    let len = std::fs::metadata(&path).expect("meta").len();
    let response = app
        .get(&uri, &[("range", "bytes=100-99999999999999999999")])
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&response, "content-range"),
        format!("bytes 100-{}/{len}", len - 1)
    );
    let response = app
        .get(&uri, &[("range", "bytes=99999999999999999999-")])
        .await;
    assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(header(&response, "content-range"), format!("bytes */{len}"));
    assert_eq!(
        body_json(response).await["message"],
        "RANGE_NOT_SATISFIABLE"
    );
}
