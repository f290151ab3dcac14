//! Shared set-up for the integration tests: a fresh database (a SQLite file in a temporary folder,
//! or, when `TEST_DATABASE_URL` names a PostgreSQL server, a new database on it), the demo library
//! scanned into it, and the real router driven with `oneshot` (no socket).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use sea_orm::{ConnectionTrait, Database};
use server::auth_config::AuthConfig;
use server::domain::accounts::{Client, Clock, PasswordHasher, Role, SessionPolicy};
use server::domain::library::{ScanOptions, Thumbnails};
use server::domain::{db, Accounts, Library};
use server::{router, AppState};
use tower::ServiceExt;

pub struct TestApp {
    pub state: AppState,
    pub media: PathBuf,
    pub database: TestDatabase,
    /// The cache folder of this app's cover thumbnails.
    pub cache: tempfile::TempDir,
    /// The session secret of `LISTENER`, signed in when the app was made: `send` and `get` carry
    /// it, `send_anonymous` does not.
    pub session: String,
}

/// The account every `TestApp` has, and its password.
pub const LISTENER: &str = "lena";
pub const PASSWORD: &str = "correct horse battery";

/// Argon2id at a test's cost (1 MiB, 1 pass): the tests of hashing itself use the real cost.
pub fn cheap_hasher() -> PasswordHasher {
    PasswordHasher::with_params(argon2::Params::new(1024, 1, 1, None).expect("params"))
}

/// A database that only one test uses, removed when the test ends.
pub enum TestDatabase {
    /// A SQLite file in a temporary folder.
    Sqlite {
        url: String,
        _dir: tempfile::TempDir,
    },
    /// A database created for this test on the server of `TEST_DATABASE_URL`.
    Postgres {
        url: String,
        admin_url: String,
        name: String,
    },
}

impl TestDatabase {
    /// A new, empty database: on the PostgreSQL server of `TEST_DATABASE_URL` when it is set
    /// (tests run in parallel, so each gets its own `cadenza_test_…`), else a SQLite file.
    pub async fn fresh() -> Self {
        match std::env::var("TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => Self::postgres(admin_url).await,
            _ => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                Self::Sqlite { url, _dir: dir }
            }
        }
    }

    async fn postgres(admin_url: String) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "cadenza_test_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let admin = Database::connect(admin_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("TEST_DATABASE_URL: cannot connect: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
        let _ = admin.close().await;
        Self::Postgres {
            url: with_database(&admin_url, &name),
            admin_url,
            name,
        }
    }

    pub fn url(&self) -> &str {
        match self {
            Self::Sqlite { url, .. } | Self::Postgres { url, .. } => url,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres { .. })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Self::Postgres {
            admin_url, name, ..
        } = self
        else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: drop the database from
        // a thread of its own. FORCE ends the connections the test's pool still holds.
        let (admin_url, sql) = (
            admin_url.clone(),
            format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        );
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = Database::connect(admin_url.as_str()).await.ok()?;
                let result = admin.execute_unprepared(&sql).await;
                let _ = admin.close().await;
                result.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("warning: test database {name} was not dropped");
        }
    }
}

/// `url` with its database name replaced by `name` (`postgres://u:p@h:port/db?opts`).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
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

    /// A server over `media`, scanned, with one listener signed in.
    pub async fn with_media(media: PathBuf) -> Self {
        let mut app = Self::without_users(media).await;
        let accounts = &app.state.accounts;
        accounts
            .add_user(LISTENER, PASSWORD, Role::Listener)
            .await
            .expect("listener");
        let (_, session) = accounts
            .login(LISTENER, PASSWORD, &Client::default())
            .await
            .expect("sign-in");
        app.session = session;
        app
    }

    /// A server over `media`, scanned, where nobody has an account yet (`session` is empty).
    pub async fn without_users(media: PathBuf) -> Self {
        let database = TestDatabase::fresh().await;
        let db = db::connect(database.url()).await.expect("database");
        let library = Library::open(db, media.clone()).await.expect("library");
        library.scan(ScanOptions::default()).await.expect("scan");
        let accounts = Accounts::with(
            library.db().clone(),
            cheap_hasher(),
            Clock::System,
            SessionPolicy::default(),
        );
        let leptos_options = LeptosOptions::builder().output_name("cadenza").build();
        let cache = tempfile::tempdir().expect("cache dir");
        let thumbnails = Thumbnails::new(cache.path());
        Self {
            state: AppState::new(
                leptos_options,
                Arc::new(library),
                Arc::new(accounts),
                Arc::new(AuthConfig::default()),
                Arc::new(thumbnails),
            ),
            media,
            database,
            cache,
            session: String::new(),
        }
    }

    /// `Cookie: …` for the listener's session, for requests written by hand.
    pub fn cookie(&self) -> String {
        format!("cadenza_session={}", self.session)
    }

    /// Sends a request as the signed-in listener (unless it carries its own cookie or key).
    pub async fn send(&self, mut request: Request<Body>) -> Response<Body> {
        let headers = request.headers_mut();
        if !headers.contains_key("cookie") && !headers.contains_key("authorization") {
            let cookie = self.cookie().parse().expect("cookie header");
            headers.insert("cookie", cookie);
        }
        self.send_anonymous(request).await
    }

    /// Sends a request as it comes, with no session added.
    pub async fn send_anonymous(&self, request: Request<Body>) -> Response<Body> {
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
    /// Calls a server function of the page (`/api/{name}`) with its URL-encoded arguments.
    #[allow(dead_code)]
    pub async fn call_server_fn(&self, name: &str, arguments: &str) -> Response<Body> {
        let request = Request::post(format!("/api/{name}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(arguments.to_owned()))
            .expect("request");
        self.send(request).await
    }

    pub async fn track_id(&self, suffix: &str) -> i64 {
        server::domain::db::queries::file_stamps(self.state.library.db())
            .await
            .expect("stamps")
            .into_iter()
            .find(|(_, path, ..)| path.ends_with(suffix))
            .map(|(id, ..)| id)
            .unwrap_or_else(|| panic!("no track ending in {suffix}"))
    }

    pub async fn track_path(&self, id: i64) -> PathBuf {
        let (_, path, ..) = server::domain::db::queries::file_stamps(self.state.library.db())
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

/// A server function's answer, which the page's functions send as postcard.
#[allow(dead_code)]
pub async fn body_postcard<T: serde::de::DeserializeOwned>(response: Response<Body>) -> T {
    postcard::from_bytes(&body_bytes(response).await).expect("postcard body")
}

pub fn header<'a>(response: &'a Response<Body>, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .expect("ascii header")
}
