//! The JSON API (`/api/tracks`, `/api/tracks/{id}`, `/api/albums`, `/api/artists`) and the
//! cover route, as curl users see them.

use crate::common::{body_bytes, body_json, header, TestApp};
use axum::http::StatusCode;

fn titles(page: &serde_json::Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn get_json(app: &TestApp, uri: &str) -> serde_json::Value {
    let response = app.get(uri, &[]).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    assert_eq!(header(&response, "content-type"), "application/json");
    body_json(response).await
}

#[tokio::test]
async fn tracks_are_listed_with_ids_paths_and_page_fields() {
    let app = TestApp::demo().await;
    let page = get_json(&app, "/api/tracks").await;
    assert_eq!(page["total"], 7);
    assert_eq!(
        (page["page"].as_u64(), page["per_page"].as_u64()),
        (Some(1), Some(100))
    );
    let first = &page["items"][0];
    assert_eq!(first["title"], "Morning Tide");
    assert_eq!(
        first["path"],
        "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3"
    );
    // The id is the one the stream route takes.
    let id = first["id"].as_i64().expect("id");
    let stream = app.get(&format!("/music/track?track_id={id}"), &[]).await;
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(header(&stream, "content-type"), "audio/mpeg");
}

#[tokio::test]
async fn pages_split_the_list_and_a_large_per_page_is_capped() {
    let app = TestApp::demo().await;
    let all = titles(&get_json(&app, "/api/tracks").await);
    let second = get_json(&app, "/api/tracks?per_page=3&page=2").await;
    assert_eq!(titles(&second), all[3..6]);
    assert_eq!(second["total"], 7);
    let last = get_json(&app, "/api/tracks?per_page=3&page=3").await;
    assert_eq!(titles(&last), all[6..]);
    let past = get_json(&app, "/api/tracks?per_page=3&page=40").await;
    assert!(titles(&past).is_empty());
    let capped = get_json(&app, "/api/tracks?per_page=100000").await;
    assert_eq!(capped["per_page"], 500);
    assert_eq!(titles(&capped).len(), 7);
}

#[tokio::test]
async fn sorts_by_title_and_by_recently_added() {
    let app = TestApp::demo().await;
    let by_title = titles(&get_json(&app, "/api/tracks?sort=title").await);
    let mut expected = by_title.clone();
    expected.sort_by_key(|t| t.to_lowercase().replace('é', "e"));
    assert_eq!(by_title, expected);
    assert_eq!(by_title[0], "Café Arpeggio");

    // A file added later comes first in "recently added".
    let added = get_json(&app, "/api/tracks?sort=added").await;
    let ids: Vec<i64> = added["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect();
    let mut descending = ids.clone();
    descending.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids, descending, "same scan: newest id first");
}

#[tokio::test]
async fn search_ignores_case_and_accents_and_needs_every_word() {
    let app = TestApp::demo().await;
    for (q, expected) in [
        ("cafe", vec!["Café Arpeggio"]),
        ("CAFÉ", vec!["Café Arpeggio"]),
        ("sommernachte", vec!["Sommernächte"]),
        ("glass%20orchard%20rain", vec!["Clockwork Rain"]),
        (
            "harbour",
            vec!["Morning Tide", "Café Arpeggio", "Lantern Walk"],
        ),
        ("50%25_off", vec![]),
    ] {
        let page = get_json(&app, &format!("/api/tracks?q={q}")).await;
        assert_eq!(titles(&page), expected, "q={q}");
        assert_eq!(page["total"], expected.len(), "q={q}");
    }
}

#[tokio::test]
async fn malformed_list_parameters_get_a_json_400() {
    let app = TestApp::demo().await;
    for (uri, message) in [
        ("/api/tracks?sort=size", "INVALID_SORT"),
        ("/api/tracks?page=0", "INVALID_PAGE"),
        ("/api/tracks?per_page=many", "INVALID_PAGE"),
        ("/api/albums?page=-2", "INVALID_PAGE"),
    ] {
        let response = app.get(uri, &[]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(body_json(response).await["message"], message, "{uri}");
    }
}

#[tokio::test]
async fn one_track_has_every_field_and_unknown_ids_get_404() {
    let app = TestApp::demo().await;
    let id = app.track_id("02 - Café Arpeggio.flac").await;
    let track = get_json(&app, &format!("/api/tracks/{id}")).await;
    assert_eq!(track["id"], id);
    assert_eq!(track["title"], "Café Arpeggio");
    assert_eq!(track["format"], "flac");
    assert_eq!(
        track["path"],
        "Lumen Drift/Harbour Lights/02 - Café Arpeggio.flac"
    );
    assert_eq!(track["stream_url"], format!("/music/track?track_id={id}"));
    assert!(track["sample_rate"].as_u64().is_some_and(|r| r > 8000));
    assert!(track["file_size"].as_u64().is_some_and(|s| s > 1000));
    let album = track["album_id"].as_i64().expect("album id");
    assert_eq!(track["cover_url"], format!("/covers/{album}"));

    let unknown = app.get("/api/tracks/999999", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(unknown).await["message"], "INVALID_KEY");
    let malformed = app.get("/api/tracks/seven", &[]).await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_json(malformed).await["message"], "INVALID_KEY");
}

#[tokio::test]
async fn albums_and_artists_are_listed() {
    let app = TestApp::demo().await;
    let albums = get_json(&app, "/api/albums").await;
    assert_eq!(albums["total"], 3);
    assert_eq!(albums["items"][0]["title"], "Harbour Lights");
    assert_eq!(albums["items"][0]["track_count"], 3);
    let artists = get_json(&app, "/api/artists?per_page=1&page=2").await;
    assert_eq!(artists["total"], 2);
    assert_eq!(artists["items"][0]["name"], "The Glass Orchard");
}

#[tokio::test]
async fn a_folder_cover_is_served_with_validators_and_a_long_cache() {
    let app = TestApp::demo().await;
    let id = app.track_id("01 - Morning Tide.mp3").await;
    let track = get_json(&app, &format!("/api/tracks/{id}")).await;
    let url = track["cover_url"].as_str().expect("cover url").to_owned();
    let response = app.get(&url, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "image/jpeg");
    assert!(header(&response, "cache-control").contains("max-age=604800"));
    let etag = header(&response, "etag").to_owned();
    let bytes = body_bytes(response).await;
    let on_disk =
        std::fs::read(crate::common::demo_media().join("Lumen Drift/Harbour Lights/cover.jpg"))
            .expect("cover.jpg");
    assert_eq!(bytes, on_disk);

    let again = app.get(&url, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert!(body_bytes(again).await.is_empty());
}

#[tokio::test]
async fn an_album_without_a_cover_gets_the_placeholder() {
    let app = TestApp::demo().await;
    let id = app.track_id("Sommernächte.opus").await;
    let track = get_json(&app, &format!("/api/tracks/{id}")).await;
    let response = app
        .get(track["cover_url"].as_str().expect("url"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "image/svg+xml");
    let none = app.get("/covers/none", &[]).await;
    assert_eq!(header(&none, "content-type"), "image/svg+xml");
    assert!(String::from_utf8(body_bytes(none).await)
        .expect("svg text")
        .starts_with("<svg"));

    for (uri, status) in [
        ("/covers/999999", StatusCode::NOT_FOUND),
        ("/covers/x1", StatusCode::BAD_REQUEST),
    ] {
        let response = app.get(uri, &[]).await;
        assert_eq!(response.status(), status, "{uri}");
        assert_eq!(body_json(response).await["message"], "INVALID_KEY");
    }
}

#[tokio::test]
async fn an_embedded_picture_is_the_cover_when_no_image_lies_beside_the_file() {
    use lofty::config::WriteOptions;
    use lofty::file::TaggedFileExt;
    use lofty::picture::{MimeType, Picture, PictureType};
    use lofty::prelude::TagExt;

    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("Solo/track.mp3");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::copy(
        crate::common::demo_media().join("Lumen Drift/Harbour Lights/01 - Morning Tide.mp3"),
        &file,
    )
    .expect("copy");
    let png = b"\x89PNG\r\n\x1a\n not really a picture, but bytes to compare".to_vec();
    let mut tagged = lofty::read_from_path(&file).expect("read");
    let tag = tagged.primary_tag_mut().expect("the demo MP3 has tags");
    tag.push_picture(Picture::new_unchecked(
        PictureType::CoverFront,
        Some(MimeType::Png),
        None,
        png.clone(),
    ));
    tag.save_to_path(&file, WriteOptions::default())
        .expect("save");

    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let id = app.track_id("track.mp3").await;
    let track = get_json(&app, &format!("/api/tracks/{id}")).await;
    let response = app
        .get(track["cover_url"].as_str().expect("url"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "image/png");
    assert_eq!(body_bytes(response).await, png);
}
