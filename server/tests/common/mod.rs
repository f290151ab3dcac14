//! Shared set-up for the integration tests: a fresh SQLite database in a temporary folder, the
//! demo library scanned into it, and the real router driven with `oneshot` (no socket).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::library::{scan_library, ScanOptions};
use server::{db, router, AppState};
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub media: PathBuf,
    _dir: tempfile::TempDir,
}

/// The demo library shipped in `media/`.
pub fn demo_media() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../media")
}

impl TestApp {
    /// A server over the demo library.
    pub async fn demo() -> Self {
        Self::with_media(demo_media()).await
    }

    /// A server over `media`, scanned.
    pub async fn with_media(media: PathBuf) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let db = db::connect(&url).await.expect("database");
        scan_library(&db, &media, ScanOptions::default())
            .await
            .expect("scan");
        let options = LeptosOptions::builder().output_name("cadenza").build();
        Self {
            state: AppState::new(options, db, media.clone()),
            media,
            _dir: dir,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        router(self.state.clone())
            .oneshot(request)
            .await
            .expect("infallible router")
    }

    pub async fn get(&self, uri: &str, headers: &[(&str, &str)]) -> Response<Body> {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::empty()).expect("request"))
            .await
    }

    /// The id and relative path of the first track whose path ends with `suffix`.
    pub async fn track_id(&self, suffix: &str) -> i64 {
        server::db::queries::file_stamps(&self.state.db)
            .await
            .expect("stamps")
            .into_iter()
            .find(|(_, path, ..)| path.ends_with(suffix))
            .map(|(id, ..)| id)
            .unwrap_or_else(|| panic!("no track ending in {suffix}"))
    }

    pub async fn track_path(&self, id: i64) -> PathBuf {
        let (_, path, ..) = server::db::queries::file_stamps(&self.state.db)
            .await
            .expect("stamps")
            .into_iter()
            .find(|(i, ..)| *i == id)
            .expect("track");
        self.media.join(path)
    }
}

pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec()
}

pub async fn body_json(response: Response<Body>) -> serde_json::Value {
    serde_json::from_slice(&body_bytes(response).await).expect("json body")
}

pub fn header<'a>(response: &'a Response<Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("ascii header")
}
