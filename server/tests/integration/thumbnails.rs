//! Cover thumbnails (`/covers/{album_id}?size=N`): scaled JPEGs no larger than asked, snapped to
//! a few sizes, made once and then read from the cache folder, revalidated by their ETag, made
//! again when the source picture changes; the placeholder where there is no usable picture.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use axum::http::StatusCode;
use image::{DynamicImage, ImageFormat};

use crate::common::{body_bytes, body_json, demo_media, header, TestApp};

/// The demo album with `cover.jpg` (300×300) beside its files.
const WITH_COVER: &str = "01 - Morning Tide.mp3";
/// The demo album with no picture at all.
const WITHOUT_COVER: &str = "Sommernächte.opus";

/// `/covers/{album}` of the album the track whose path ends with `track` is on.
async fn cover_url(app: &TestApp, track: &str) -> String {
    let id = app.track_id(track).await;
    let response = app.get(&format!("/api/tracks/{id}"), &[]).await;
    let track = body_json(response).await;
    track["cover_url"].as_str().expect("cover url").to_owned()
}

/// A thumbnail's answer: its entity tag and decoded dimensions, after checking it is a JPEG.
async fn thumbnail(app: &TestApp, uri: &str) -> (String, (u32, u32), Vec<u8>) {
    let response = app.get(uri, &[]).await;
    assert_eq!(response.status(), StatusCode::OK, "{uri}");
    assert_eq!(header(&response, "content-type"), "image/jpeg", "{uri}");
    assert!(header(&response, "cache-control").contains("max-age=604800"));
    assert!(!header(&response, "last-modified").is_empty());
    let etag = header(&response, "etag").to_owned();
    let bytes = body_bytes(response).await;
    (etag, dimensions(&bytes), bytes)
}

fn dimensions(picture: &[u8]) -> (u32, u32) {
    assert_eq!(image::guess_format(picture).ok(), Some(ImageFormat::Jpeg));
    let decoded = image::load_from_memory(picture).expect("a picture");
    (decoded.width(), decoded.height())
}

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    DynamicImage::new_rgb8(width, height)
        .write_to(&mut bytes, ImageFormat::Jpeg)
        .expect("encode");
    bytes.into_inner()
}

/// The thumbnails in the app's cache folder (temporary files would start with a dot).
fn cached_files(app: &TestApp) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(app.cache.path(), &mut found);
    found
}

/// A copy of the demo album Harbour Lights in a folder of its own, without `leave_out`.
fn copy_harbour_lights(leave_out: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let album = Path::new("Lumen Drift/Harbour Lights");
    std::fs::create_dir_all(dir.path().join(album)).expect("mkdir");
    for entry in std::fs::read_dir(demo_media().join(album)).expect("demo album") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if !leave_out.iter().any(|left| name == *left) {
            std::fs::copy(entry.path(), dir.path().join(album).join(&name)).expect("copy");
        }
    }
    dir
}

#[tokio::test]
async fn a_thumbnail_is_a_jpeg_no_larger_than_asked_and_sizes_snap_up() {
    let app = TestApp::demo().await;
    let url = cover_url(&app, WITH_COVER).await;
    let (etag, size, _) = thumbnail(&app, &format!("{url}?size=128")).await;
    assert_eq!(size, (128, 128), "the 300×300 cover, scaled");

    let (snapped_etag, snapped, _) = thumbnail(&app, &format!("{url}?size=100")).await;
    assert_eq!(snapped, (128, 128), "100 is made as 128");
    assert_eq!(snapped_etag, etag, "one thumbnail for both");

    let (_, small, _) = thumbnail(&app, &format!("{url}?size=64")).await;
    assert_eq!(small, (64, 64));
    let (_, never_enlarged, _) = thumbnail(&app, &format!("{url}?size=5000")).await;
    assert_eq!(
        never_enlarged,
        (300, 300),
        "capped at 1024, and never enlarged"
    );

    let full = app.get(&url, &[]).await;
    assert_ne!(
        header(&full, "etag"),
        etag,
        "the cover as stored is another answer"
    );
}

#[tokio::test]
async fn a_second_request_is_read_from_the_cache_and_an_etag_revalidates() {
    let app = TestApp::demo().await;
    let uri = format!("{}?size=128", cover_url(&app, WITH_COVER).await);
    let (etag, _, first) = thumbnail(&app, &uri).await;
    let files = cached_files(&app);
    assert_eq!(files.len(), 1, "{files:?}");
    let made_at = std::fs::metadata(&files[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(std::fs::read(&files[0]).expect("cached"), first);

    let (again_etag, _, again) = thumbnail(&app, &uri).await;
    assert_eq!((again_etag, again), (etag.clone(), first));
    assert_eq!(cached_files(&app), files);
    let still: SystemTime = std::fs::metadata(&files[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(still, made_at, "not made again");

    let revalidated = app.get(&uri, &[("if-none-match", &etag)]).await;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&revalidated, "etag"), etag);
    assert!(body_bytes(revalidated).await.is_empty());
}

#[tokio::test]
async fn concurrent_first_requests_get_the_same_whole_thumbnail() {
    let app = TestApp::demo().await;
    let uri = format!("{}?size=256", cover_url(&app, WITH_COVER).await);
    let (a, b, c, d) = tokio::join!(
        thumbnail(&app, &uri),
        thumbnail(&app, &uri),
        thumbnail(&app, &uri),
        thumbnail(&app, &uri)
    );
    let first = &a.2;
    for (_, size, bytes) in [&a, &b, &c, &d] {
        assert_eq!(*size, (256, 256));
        assert_eq!(bytes, first);
    }
    let files = cached_files(&app);
    assert_eq!(files.len(), 1, "one file, no temporary left: {files:?}");
    assert_eq!(&std::fs::read(&files[0]).expect("cached"), first);
}

#[tokio::test]
async fn a_changed_cover_gets_a_new_etag_and_new_dimensions() {
    let dir = copy_harbour_lights(&[]);
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let uri = format!("{}?size=128", cover_url(&app, WITH_COVER).await);
    let (old_etag, old_size, _) = thumbnail(&app, &uri).await;
    assert_eq!(old_size, (128, 128));

    let cover = dir.path().join("Lumen Drift/Harbour Lights/cover.jpg");
    std::fs::write(&cover, jpeg(400, 200)).expect("replace the cover");
    let (new_etag, new_size, _) = thumbnail(&app, &uri).await;
    assert_ne!(new_etag, old_etag);
    assert_eq!(new_size, (128, 64), "the new cover's aspect");
    let stale = app.get(&uri, &[("if-none-match", &old_etag)]).await;
    assert_eq!(stale.status(), StatusCode::OK);
    assert_eq!(cached_files(&app).len(), 1, "the old version is removed");
}

#[tokio::test]
async fn an_embedded_picture_is_scaled_with_its_aspect() {
    let dir = copy_harbour_lights(&["cover.jpg"]);
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let url = cover_url(&app, WITH_COVER).await;
    let stored = body_bytes(app.get(&url, &[]).await).await;
    let stored = image::load_from_memory(&stored).expect("the embedded picture");
    let (width, height) = (stored.width(), stored.height());

    let (_, (w, h), _) = thumbnail(&app, &format!("{url}?size=64")).await;
    assert_eq!(w.max(h), 64.min(width.max(height)));
    let aspect = |a: u32, b: u32| f64::from(a) / f64::from(b);
    assert!((aspect(w, h) - aspect(width, height)).abs() < 0.05);
}

#[tokio::test]
async fn no_cover_or_a_broken_one_gets_the_placeholder() {
    let app = TestApp::demo().await;
    let url = cover_url(&app, WITHOUT_COVER).await;
    for uri in [
        format!("{url}?size=128"),
        "/covers/none?size=128".to_owned(),
    ] {
        let response = app.get(&uri, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(header(&response, "content-type"), "image/svg+xml", "{uri}");
    }

    let dir = copy_harbour_lights(&[]);
    std::fs::write(
        dir.path().join("Lumen Drift/Harbour Lights/cover.jpg"),
        b"\xff\xd8\xff not a JPEG after all",
    )
    .expect("break the cover");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let uri = format!("{}?size=128", cover_url(&app, WITH_COVER).await);
    for _ in 0..2 {
        let response = app.get(&uri, &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "content-type"), "image/svg+xml");
    }
    assert!(cached_files(&app).is_empty());
}

#[tokio::test]
async fn bad_sizes_are_400_invalid_size_and_unknown_albums_404() {
    let app = TestApp::demo().await;
    let url = cover_url(&app, WITH_COVER).await;
    for query in [
        "size=0",
        "size=-128",
        "size=abc",
        "size=",
        "size=12.5",
        "size=64&size=128",
    ] {
        let response = app.get(&format!("{url}?{query}"), &[]).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(header(&response, "content-type"), "application/json");
        assert_eq!(
            body_json(response).await["message"],
            "INVALID_SIZE",
            "{query}"
        );
    }
    let unknown = app.get("/covers/999999?size=128", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(body_json(unknown).await["message"], "INVALID_KEY");
    assert!(cached_files(&app).is_empty());
}
