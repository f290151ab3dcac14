//! Who may call what: every route as an anonymous visitor, a listener and an admin (one table),
//! what one listener can do to another's sessions and keys (nothing: "not found"), the temporary
//! password an admin sets, and what reaches the log.

use axum::body::Body;
use axum::http::{Request, StatusCode};

use crate::common::{body_json, header, TestApp, LISTENER, PASSWORD};
use server::domain::accounts::Role;

const ADMIN: &str = "ada";

#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    Listener,
    Admin,
}

struct Caller {
    who: Who,
    cookie: Option<String>,
}

async fn callers(app: &TestApp) -> Vec<Caller> {
    let accounts = &app.state.accounts;
    accounts
        .add_user(ADMIN, PASSWORD, Role::Admin)
        .await
        .expect("admin");
    let (_, admin) = accounts
        .login(ADMIN, PASSWORD, &Default::default())
        .await
        .expect("admin signs in");
    vec![
        Caller {
            who: Who::Anonymous,
            cookie: None,
        },
        Caller {
            who: Who::Listener,
            cookie: Some(app.session.clone()),
        },
        Caller {
            who: Who::Admin,
            cookie: Some(admin),
        },
    ]
}

fn request(method: &str, uri: &str, body: &str, cookie: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if method == "POST" {
        builder = builder.header("content-type", "application/x-www-form-urlencoded");
    }
    if let Some(secret) = cookie {
        builder = builder.header("cookie", format!("cadenza_session={secret}"));
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

#[tokio::test]
async fn every_route_as_anonymous_listener_and_admin() {
    let app = TestApp::demo().await;
    let track = app.track_id("Night Garden.wav").await;
    let callers = callers(&app).await;
    let stream = format!("/music/track?track_id={track}");
    let one_track = format!("/api/tracks/{track}");
    let link = format!("/api/tracks/{track}/link");
    let track_argument = format!("id={track}");
    let play_argument = format!("track={track}");
    // method, path, form body, then the status for anonymous, listener, admin.
    let table: Vec<(&str, &str, &str, [u16; 3])> = vec![
        ("GET", "/health", "", [200, 200, 200]),
        ("GET", "/login", "", [200, 303, 303]),
        ("GET", "/logout", "", [200, 200, 200]),
        ("GET", "/setup", "", [403, 403, 403]),
        ("GET", "/", "", [303, 200, 200]),
        ("GET", "/no/such/page", "", [303, 404, 404]),
        ("GET", "/albums", "", [303, 200, 200]),
        ("GET", "/albums/1", "", [303, 200, 200]),
        ("GET", "/artists/1", "", [303, 200, 200]),
        ("GET", "/favourites", "", [303, 200, 200]),
        ("GET", "/history", "", [303, 200, 200]),
        ("GET", "/playlists", "", [303, 200, 200]),
        ("GET", "/playlists/999999", "", [303, 200, 200]),
        ("GET", "/account", "", [303, 200, 200]),
        ("GET", "/account/password", "", [303, 200, 200]),
        ("POST", "/account/keys", "label=x", [401, 200, 200]),
        ("POST", "/account/links/end", "", [401, 303, 303]),
        ("POST", "/account/sessions/999999/end", "", [401, 404, 404]),
        ("POST", "/account/keys/999999/revoke", "", [401, 404, 404]),
        ("GET", "/account/keys", "", [303, 405, 405]),
        ("GET", "/admin", "", [303, 403, 200]),
        (
            "POST",
            "/admin/users",
            "username=x&password=short",
            [401, 403, 422],
        ),
        ("POST", "/admin/users/999999/disable", "", [401, 403, 404]),
        ("POST", "/admin/users/999999/enable", "", [401, 403, 404]),
        (
            "POST",
            "/admin/users/999999/password",
            "password=a+long+passphrase",
            [401, 403, 404],
        ),
        ("POST", "/admin/rescan", "", [401, 403, 303]),
        // The Subsonic API checks its own credentials: a session cookie opens nothing there, so
        // every caller gets its failed envelope (HTTP 200, code 10; subsonic.rs checks the codes).
        ("GET", "/rest/ping.view", "", [200, 200, 200]),
        ("POST", "/rest/startScan", "f=json", [200, 200, 200]),
        ("GET", "/api/scan", "", [401, 403, 200]),
        ("POST", "/api/scan", "", [401, 405, 405]),
        ("GET", "/api/tracks", "", [401, 200, 200]),
        ("GET", &one_track, "", [401, 200, 200]),
        ("GET", "/api/albums", "", [401, 200, 200]),
        ("GET", "/api/artists", "", [401, 200, 200]),
        ("POST", &link, "", [401, 200, 200]),
        ("GET", "/covers/1", "", [401, 200, 200]),
        ("GET", "/covers/1?size=128", "", [401, 200, 200]),
        ("GET", &stream, "", [401, 200, 200]),
        ("HEAD", &stream, "", [401, 200, 200]),
        ("POST", &stream, "", [401, 405, 405]),
        (
            "POST",
            "/api/list_tracks",
            "query[per_page]=5",
            [401, 200, 200],
        ),
        ("POST", "/api/get_track", &track_argument, [401, 200, 200]),
        ("POST", "/api/album_grid", "query[page]=1", [401, 200, 200]),
        ("POST", "/api/library_generation", "", [401, 200, 200]),
        ("POST", "/api/album_page", "id=1", [401, 200, 200]),
        ("POST", "/api/artist_page", "id=1", [401, 200, 200]),
        ("POST", "/api/my_stars", "", [401, 200, 200]),
        (
            "POST",
            "/api/set_star",
            "kind=album&id=1&starred=true",
            [401, 200, 200],
        ),
        ("POST", "/api/favourites", "", [401, 200, 200]),
        ("POST", "/api/record_play", &play_argument, [401, 200, 200]),
        ("POST", "/api/history", "", [401, 200, 200]),
        // These take postcard: a form is malformed arguments once signed in.
        ("POST", "/api/save_queue", "queue=x", [401, 400, 400]),
        ("POST", "/api/create_playlist", "name=x", [401, 400, 400]),
        ("POST", "/api/edit_playlist", "id=1", [401, 400, 400]),
        ("POST", "/api/import_playlist", "name=x", [401, 400, 400]),
        ("POST", "/api/playlists", "", [401, 200, 200]),
        ("POST", "/api/playlist", "id=1", [401, 200, 200]),
        ("POST", "/api/delete_playlist", "id=999999", [401, 200, 200]),
        ("GET", "/api/playlists/999999/m3u8", "", [401, 404, 404]),
        ("POST", "/api/saved_queue", "", [401, 200, 200]),
        (
            "POST",
            "/api/set_star",
            "kind=x&id=1&starred=true",
            [401, 400, 400],
        ),
        // Server functions take POST only: a GET (which a cross-site <img> could send) is refused.
        (
            "GET",
            "/api/list_tracks?query[per_page]=5",
            "",
            [401, 405, 405],
        ),
        (
            "POST",
            "/login",
            "username=nobody&password=a+wrong+guess",
            [401, 401, 401],
        ),
        (
            "POST",
            "/setup",
            "token=guess&username=x&password=a+long+passphrase",
            [403, 403, 403],
        ),
        (
            "POST",
            "/account/password",
            "current=a+wrong+one&new=a+new+passphrase",
            [401, 422, 422],
        ),
        // Last: it ends the caller's session.
        ("POST", "/logout", "", [303, 303, 303]),
    ];
    let mut wrong = Vec::new();
    for (method, uri, body, expected) in &table {
        for (caller, want) in callers.iter().zip(expected) {
            let response = app
                .send_anonymous(request(method, uri, body, caller.cookie.as_deref()))
                .await;
            let got = response.status().as_u16();
            if got != *want {
                wrong.push(format!(
                    "{method} {uri} as {:?}: {got}, not {want}",
                    caller.who
                ));
            }
            // (`POST /login` answers a wrong password with the form again, also 401.)
            if got == 401 && *method != "HEAD" && *uri != "/login" {
                assert_eq!(body_json(response).await["message"], "UNAUTHENTICATED");
            } else if got == 303 && matches!(caller.who, Who::Anonymous) {
                assert!(
                    header(&response, "location").starts_with("/login"),
                    "{method} {uri}"
                );
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_listener_cannot_end_anothers_session_or_revoke_anothers_key() {
    let app = TestApp::demo().await;
    let accounts = &app.state.accounts;
    accounts
        .add_user("other", "other passphrase", Role::Listener)
        .await
        .expect("user");
    let other = accounts.user_id("other").await.expect("id");
    let (principal, other_session) = accounts
        .login("other", "other passphrase", &Default::default())
        .await
        .expect("sign-in");
    let other_key = accounts.add_api_key(other, "theirs").await.expect("key");
    let key_id = accounts.api_keys_of(other).await.expect("keys")[0].id;
    let session_id = principal.session_id.expect("a session");

    for uri in [
        format!("/account/sessions/{session_id}/end"),
        format!("/account/keys/{key_id}/revoke"),
    ] {
        let response = app.send(request("POST", &uri, "user_id=1", None)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    let theirs = request("GET", "/api/tracks", "", Some(&other_session));
    assert_eq!(app.send_anonymous(theirs).await.status(), StatusCode::OK);
    let with_key = Request::get("/api/tracks")
        .header("authorization", format!("Bearer {other_key}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send_anonymous(with_key).await.status(), StatusCode::OK);

    // Their own session, by id, they can end.
    let mine = accounts.sessions_of(other).await.expect("sessions")[0].id;
    let ended = request(
        "POST",
        &format!("/account/sessions/{mine}/end"),
        "",
        Some(&other_session),
    );
    assert_eq!(
        app.send_anonymous(ended).await.status(),
        StatusCode::SEE_OTHER
    );
    let gone = request("GET", "/api/tracks", "", Some(&other_session));
    assert_eq!(
        app.send_anonymous(gone).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_temporary_password_must_be_replaced_before_anything_else() {
    let app = TestApp::demo().await;
    let callers = callers(&app).await;
    let admin = callers[2].cookie.as_deref();
    let listener = app.state.accounts.user_id(LISTENER).await.expect("id");
    let set = request(
        "POST",
        &format!("/admin/users/{listener}/password"),
        "password=temporary+passphrase",
        admin,
    );
    assert_eq!(
        app.send_anonymous(set).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get("/api/tracks", &[]).await.status(),
        StatusCode::UNAUTHORIZED,
        "sessions ended"
    );

    let (_, secret) = app
        .state
        .accounts
        .login(LISTENER, "temporary passphrase", &Default::default())
        .await
        .expect("sign-in");
    let page = app
        .send_anonymous(request("GET", "/", "", Some(&secret)))
        .await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&page, "location"), "/account/password");
    let api = app
        .send_anonymous(request("GET", "/api/tracks", "", Some(&secret)))
        .await;
    assert_eq!(api.status(), StatusCode::FORBIDDEN);
    assert_eq!(body_json(api).await["message"], "PASSWORD_CHANGE_REQUIRED");

    let change = request(
        "POST",
        "/account/password",
        "current=temporary+passphrase&new=my+own+passphrase",
        Some(&secret),
    );
    let changed = app.send_anonymous(change).await;
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    let cookie = header(&changed, "set-cookie");
    let fresh = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .expect("a new session");
    assert_ne!(fresh, secret);
    let api = app
        .send_anonymous(request("GET", "/api/tracks", "", Some(&fresh)))
        .await;
    assert_eq!(api.status(), StatusCode::OK);
    let old = app
        .send_anonymous(request("GET", "/api/tracks", "", Some(&secret)))
        .await;
    assert_eq!(
        old.status(),
        StatusCode::UNAUTHORIZED,
        "the session of the old password ended"
    );
}

/// The real server, started as a listener's household would (`server serve`), on a free port
/// over the test's database, logging at debug level to a pipe this test reads.
struct RunningServer {
    child: std::process::Child,
    addr: std::net::SocketAddr,
}

impl RunningServer {
    fn start(app: &TestApp) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["serve", "--no-scan", "--addr", &addr.to_string()])
            .env("DATABASE_URL", app.database.url())
            .env("CADENZA_MEDIA_DIR", &app.media)
            .env("RUST_LOG", "debug")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the server");
        Self { child, addr }
    }

    /// One request over a new connection; the whole answer's head and body as text.
    async fn exchange(&self, head: &str, body: &str) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let started = std::time::Instant::now();
        let mut stream = loop {
            match tokio::net::TcpStream::connect(self.addr).await {
                Ok(stream) => break stream,
                Err(_) if started.elapsed().as_secs() < 30 => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(error) => panic!("the server did not start: {error}"),
            }
        };
        let request = format!(
            "{head}\r\nHost: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("answer");
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Stops the server and returns everything it wrote.
    fn output(mut self) -> String {
        let _ = self.child.kill();
        let output = self.child.wait_with_output().expect("output");
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr)
    }
}

#[tokio::test]
async fn logins_failures_and_denials_are_logged_but_no_secret_is() {
    let app = TestApp::demo().await;
    let track = app.track_id("Night Garden.wav").await;
    let user = app.state.accounts.user_id(LISTENER).await.expect("id");
    let key = app
        .state
        .accounts
        .add_api_key(user, "logged")
        .await
        .expect("key");
    let link = app
        .state
        .accounts
        .sign_stream_link(user, track, 60)
        .await
        .expect("link");
    let server = RunningServer::start(&app);
    let wrong_password = "a wrong but secret guess";
    let login = "POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded";
    let form = |password: &str| {
        format!(
            "username={LISTENER}&password={}",
            password.replace(' ', "+")
        )
    };

    let signed_in = server.exchange(login, &form(PASSWORD)).await;
    assert!(signed_in.starts_with("HTTP/1.1 303"), "{signed_in}");
    let session = signed_in
        .lines()
        .find_map(|line| line.strip_prefix("set-cookie: cadenza_session="))
        .and_then(|rest| rest.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let refused = server.exchange(login, &form(wrong_password)).await;
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    server.exchange("GET /api/tracks HTTP/1.1", "").await;
    let cookie = format!("GET /api/tracks HTTP/1.1\r\nCookie: cadenza_session={session}");
    assert!(server
        .exchange(&cookie, "")
        .await
        .starts_with("HTTP/1.1 200"));
    let bearer = format!("GET /api/tracks HTTP/1.1\r\nAuthorization: Bearer {key}");
    assert!(server
        .exchange(&bearer, "")
        .await
        .starts_with("HTTP/1.1 200"));
    server
        .exchange(
            "GET /api/tracks HTTP/1.1\r\nAuthorization: Bearer cadenza_guessed-key",
            "",
        )
        .await;
    let linked = format!(
        "GET /music/track?{} HTTP/1.1\r\nRange: bytes=0-9",
        link.query()
    );
    assert!(server
        .exchange(&linked, "")
        .await
        .starts_with("HTTP/1.1 206"));
    let tampered = link.query().replace("sig=", "sig=x");
    server
        .exchange(&format!("GET /music/track?{tampered} HTTP/1.1"), "")
        .await;

    let log = server.output();
    for expected in [
        "signed in",
        "sign-in refused",
        "anonymous request refused",
        "unknown or revoked API key refused",
        "signed link refused",
    ] {
        assert!(log.contains(expected), "no {expected:?} in the log:\n{log}");
    }
    for secret in [
        PASSWORD,
        &PASSWORD.replace(' ', "+"),
        wrong_password,
        &wrong_password.replace(' ', "+"),
        key.as_str(),
        "cadenza_guessed-key",
        session.as_str(),
        app.session.as_str(),
        link.signature.as_str(),
    ] {
        assert!(!log.contains(secret), "{secret:?} reached the log:\n{log}");
    }
}
