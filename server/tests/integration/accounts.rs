//! Accounts over HTTP: who may call what, signing in and out, the setup link, the throttle,
//! cross-site refusal and API keys, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};

use crate::common::{body_bytes, body_json, demo_media, header, TestApp, LISTENER, PASSWORD};
use server::domain::accounts::Role;

fn form(uri: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .expect("request")
}

/// A form from a given client address (what the server loop puts on each connection).
fn form_from(uri: &str, body: &str, address: [u8; 4]) -> Request<Body> {
    let mut request = form(uri, body);
    let peer = SocketAddr::from((address, 40000));
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

fn login_body(name: &str, password: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("username", name)
        .append_pair("password", password)
        .finish()
}

/// The session secret of a `Set-Cookie` answer.
fn cookie_secret(response: &Response<Body>) -> String {
    let cookie = header(response, "set-cookie");
    let (pair, _) = cookie.split_once(';').expect("attributes");
    let (name, secret) = pair.split_once('=').expect("name=value");
    assert_eq!(name, "cadenza_session");
    secret.to_owned()
}

fn with_cookie(uri: &str, secret: &str) -> Request<Body> {
    Request::get(uri)
        .header("cookie", format!("cadenza_session={secret}"))
        .body(Body::empty())
        .expect("request")
}

async fn get_anonymous(app: &TestApp, uri: &str) -> Response<Body> {
    app.send_anonymous(Request::get(uri).body(Body::empty()).expect("request"))
        .await
}

#[tokio::test]
async fn anonymous_requests_get_the_sign_in_page_or_401_and_public_routes_stay_open() {
    let app = TestApp::demo().await;
    let id = app.track_id("Night Garden.wav").await;

    let page = get_anonymous(&app, "/?q=rain&page=2").await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        header(&page, "location"),
        "/login?next=%2F%3Fq%3Drain%26page%3D2"
    );

    for uri in [
        format!("/music/track?track_id={id}"),
        "/api/tracks".to_owned(),
        "/api/tracks/1".to_owned(),
        "/api/albums".to_owned(),
        "/covers/1".to_owned(),
    ] {
        let response = get_anonymous(&app, &uri).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(
            body_json(response).await["message"],
            "UNAUTHENTICATED",
            "{uri}"
        );
    }
    let server_fn = app
        .send_anonymous(form("/api/list_tracks", "query[page]=1"))
        .await;
    assert_eq!(server_fn.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(body_json(server_fn).await["message"], "UNAUTHENTICATED");

    assert_eq!(
        get_anonymous(&app, "/health").await.status(),
        StatusCode::OK
    );
    let login = get_anonymous(&app, "/login").await;
    assert_eq!(login.status(), StatusCode::OK);
    assert!(header(&login, "content-type").starts_with("text/html"));
    let html = String::from_utf8(body_bytes(login).await).expect("utf-8");
    assert!(
        html.contains("<form method=\"post\" action=\"/login\""),
        "{html}"
    );
    // Setup is closed once someone has an account.
    assert_eq!(
        get_anonymous(&app, "/setup").await.status(),
        StatusCode::FORBIDDEN
    );

    // The listener's own session opens all of them.
    let stream = app.get(&format!("/music/track?track_id={id}"), &[]).await;
    assert_eq!(stream.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_in_sets_a_fresh_cookie_and_signing_out_ends_it_on_the_server() {
    let app = TestApp::demo().await;
    let id = app.track_id("Night Garden.wav").await;
    let body = login_body(LISTENER, PASSWORD) + "&next=%2F%3Fq%3Drain";
    let signed_in = app.send_anonymous(form("/login", &body)).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&signed_in, "location"), "/?q=rain");
    let cookie = header(&signed_in, "set-cookie").to_owned();
    assert!(
        cookie.contains("; HttpOnly; SameSite=Lax; Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let secret = cookie_secret(&signed_in);
    assert!(secret.len() >= 22, "128 bits: {secret}");
    assert_ne!(secret, app.session, "a new id at every sign-in");

    let stream_uri = format!("/music/track?track_id={id}");
    let stream = app.send(with_cookie(&stream_uri, &secret)).await;
    assert_eq!(stream.status(), StatusCode::OK);

    let mut logout = form("/logout", "");
    logout.headers_mut().insert(
        "cookie",
        format!("cadenza_session={secret}").parse().expect("cookie"),
    );
    let out = app.send(logout).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&out, "location"), "/login");
    assert!(header(&out, "set-cookie").contains("Max-Age=0"));

    // A copy of the cookie kept from before opens nothing: the row is gone.
    let replayed = app.send(with_cookie(&stream_uri, &secret)).await;
    assert_eq!(replayed.status(), StatusCode::UNAUTHORIZED);
    // The other session of the same user is untouched.
    assert_eq!(app.get(&stream_uri, &[]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::demo().await;
    let wrong = app
        .send_anonymous(form("/login", &login_body(LISTENER, "not the password")))
        .await;
    let unknown = app
        .send_anonymous(form("/login", &login_body("nobody", "not the password")))
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(wrong.headers().get("set-cookie").is_none());
    let wrong = String::from_utf8(body_bytes(wrong).await).expect("utf-8");
    let unknown = String::from_utf8(body_bytes(unknown).await).expect("utf-8");
    assert_eq!(
        wrong.replace(LISTENER, "NAME"),
        unknown.replace("nobody", "NAME"),
        "the bodies differ beyond the name typed"
    );
    assert!(wrong.contains("Wrong name or password"));
}

#[tokio::test]
async fn the_sixth_failure_from_an_address_is_429_while_another_address_signs_in() {
    let app = TestApp::demo().await;
    let wrong = login_body(LISTENER, "guess guess guess");
    for attempt in 1..=5 {
        let response = app
            .send_anonymous(form_from("/login", &wrong, [192, 0, 2, 1]))
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "attempt {attempt}"
        );
    }
    let sixth = app
        .send_anonymous(form_from(
            "/login",
            &login_body(LISTENER, PASSWORD),
            [192, 0, 2, 1],
        ))
        .await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&sixth, "retry-after").parse().expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");

    let elsewhere = app
        .send_anonymous(form_from(
            "/login",
            &login_body(LISTENER, PASSWORD),
            [198, 51, 100, 7],
        ))
        .await;
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER, "no hard lockout");
}

#[tokio::test]
async fn the_setup_link_makes_the_first_admin_once() {
    let app = TestApp::without_users(demo_media()).await;
    let login = get_anonymous(&app, "/login").await;
    let html = String::from_utf8(body_bytes(login).await).expect("utf-8");
    assert!(
        html.contains("setup link"),
        "the page says where to look: {html}"
    );

    let token = app
        .state
        .accounts
        .setup_token()
        .await
        .expect("token")
        .expect("no users yet");
    assert_eq!(
        get_anonymous(&app, "/setup").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get_anonymous(&app, "/setup?token=guess").await.status(),
        StatusCode::FORBIDDEN
    );
    let page = get_anonymous(&app, &format!("/setup?token={token}")).await;
    assert_eq!(page.status(), StatusCode::OK);

    let weak = format!("token={token}&username=root&password=password1");
    let refused = app.send_anonymous(form("/setup", &weak)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let strong = format!("token={token}&username=Root&password=a+long+passphrase");
    let created = app.send_anonymous(form("/setup", &strong)).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let secret = cookie_secret(&created);
    let users = app.state.accounts.users().await.expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(
        (users[0].name.as_str(), users[0].role),
        ("Root", Role::Admin)
    );
    assert_eq!(
        app.send(with_cookie("/api/tracks", &secret)).await.status(),
        StatusCode::OK
    );

    // The link is used up: neither the page nor a second form gets through.
    let again = get_anonymous(&app, &format!("/setup?token={token}")).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
    let second = format!("token={token}&username=other&password=another+passphrase");
    let refused = app.send_anonymous(form("/setup", &second)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.state.accounts.users().await.expect("users").len(), 1);
}

#[tokio::test]
async fn cross_site_writes_are_refused_server_functions_included() {
    let app = TestApp::demo().await;
    let mut foreign = form("/api/list_tracks", "query[page]=1");
    foreign
        .headers_mut()
        .insert("host", "127.0.0.1:3000".parse().expect("host"));
    foreign
        .headers_mut()
        .insert("origin", "http://evil.example".parse().expect("origin"));
    let refused = app.send(foreign).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(body_json(refused).await["message"], "CROSS_SITE_REFUSED");

    let mut fetched = form("/logout", "");
    fetched
        .headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().expect("value"));
    assert_eq!(app.send(fetched).await.status(), StatusCode::FORBIDDEN);
    // The session survived the forged sign-out.
    assert_eq!(app.get("/api/tracks", &[]).await.status(), StatusCode::OK);

    let mut same = form("/api/list_tracks", "");
    same.headers_mut()
        .insert("host", "127.0.0.1:3000".parse().expect("host"));
    same.headers_mut()
        .insert("origin", "http://127.0.0.1:3000".parse().expect("origin"));
    assert_ne!(app.send(same).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_new_password_or_disabling_ends_every_session_of_the_user() {
    let app = TestApp::demo().await;
    let accounts = &app.state.accounts;
    let id = accounts.user_id(LISTENER).await.expect("user");
    assert_eq!(app.get("/api/tracks", &[]).await.status(), StatusCode::OK);
    accounts
        .set_password(id, "a brand new passphrase", false)
        .await
        .expect("new password");
    assert_eq!(
        app.get("/api/tracks", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let (_, secret) = accounts
        .login(LISTENER, "a brand new passphrase", &Default::default())
        .await
        .expect("sign-in");
    assert_eq!(
        app.send(with_cookie("/api/tracks", &secret)).await.status(),
        StatusCode::OK
    );
    accounts.set_disabled(id, true).await.expect("disable");
    assert_eq!(
        app.send(with_cookie("/api/tracks", &secret)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let refused = app
        .send_anonymous(form(
            "/login",
            &login_body(LISTENER, "a brand new passphrase"),
        ))
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "disabled");
}

#[tokio::test]
async fn api_keys_open_the_api_and_the_stream_but_not_the_page_and_can_be_revoked() {
    let app = TestApp::demo().await;
    let accounts = &app.state.accounts;
    let user = accounts.user_id(LISTENER).await.expect("user");
    let key = accounts.add_api_key(user, "curl").await.expect("key");
    let bearer = format!("Bearer {key}");
    let id = app.track_id("Night Garden.wav").await;
    let with_key = |uri: &str| {
        Request::get(uri)
            .header("authorization", bearer.as_str())
            .body(Body::empty())
            .expect("request")
    };
    assert_eq!(
        app.send_anonymous(with_key("/api/tracks")).await.status(),
        StatusCode::OK
    );
    let stream = app
        .send_anonymous(with_key(&format!("/music/track?track_id={id}")))
        .await;
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(
        app.send_anonymous(with_key("/")).await.status(),
        StatusCode::SEE_OTHER,
        "a key does not open the page"
    );
    let listed = accounts.api_keys_of(user).await.expect("keys");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].label, "curl");
    assert!(listed[0].last_used.is_some());

    let wrong = Request::get("/api/tracks")
        .header("authorization", "Bearer cadenza_not-a-key")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        app.send_anonymous(wrong).await.status(),
        StatusCode::UNAUTHORIZED
    );

    assert!(accounts
        .revoke_api_key(user, listed[0].id)
        .await
        .expect("revoke"));
    assert_eq!(
        app.send_anonymous(with_key("/api/tracks")).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn sessions_end_after_the_idle_time_and_after_the_absolute_time() {
    use server::domain::accounts::{Clock, SessionPolicy};
    use server::domain::Accounts;
    let app = TestApp::demo().await;
    let clock = Clock::manual(1_000_000);
    let policy = SessionPolicy {
        idle: 600,
        absolute: 3600,
    };
    let accounts = Accounts::with(
        app.state.library.db().clone(),
        crate::common::cheap_hasher(),
        clock.clone(),
        policy,
    );
    let client = Default::default();
    let (_, idle) = accounts
        .login(LISTENER, PASSWORD, &client)
        .await
        .expect("in");
    clock.advance(599);
    assert!(
        accounts.session(&idle).await.expect("db").is_some(),
        "used just in time"
    );
    clock.advance(599);
    assert!(
        accounts.session(&idle).await.expect("db").is_some(),
        "use moved the idle time on"
    );
    clock.advance(600);
    assert!(
        accounts.session(&idle).await.expect("db").is_none(),
        "idle too long"
    );

    let (_, busy) = accounts
        .login(LISTENER, PASSWORD, &client)
        .await
        .expect("in");
    for _ in 0..7 {
        clock.advance(500);
        assert!(accounts.session(&busy).await.expect("db").is_some());
    }
    clock.advance(100);
    assert!(
        accounts.session(&busy).await.expect("db").is_none(),
        "an hour after sign-in, however busy"
    );
}

#[tokio::test]
async fn a_stored_hash_is_argon2id_and_old_parameters_are_rehashed_at_sign_in() {
    use sea_orm::EntityTrait;
    use server::domain::accounts::{Clock, PasswordHasher, SessionPolicy};
    use server::domain::db::entity::user;
    use server::domain::Accounts;
    let app = TestApp::demo().await;
    let db = app.state.library.db();
    let stored = |db| async move {
        user::Entity::find()
            .all(db)
            .await
            .expect("users")
            .into_iter()
            .next()
            .expect("one user")
            .password_hash
    };
    let before = stored(db).await;
    assert!(
        before.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"),
        "{before}"
    );
    // Today's parameters (OWASP's) differ from the test's cheap ones: a sign-in rehashes.
    let accounts = Accounts::with(
        db.clone(),
        PasswordHasher::new(),
        Clock::System,
        SessionPolicy::default(),
    );
    accounts
        .login(LISTENER, PASSWORD, &Default::default())
        .await
        .expect("sign-in");
    let after = stored(db).await;
    assert!(
        after.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{after}"
    );
    accounts
        .login(LISTENER, PASSWORD, &Default::default())
        .await
        .expect("the new hash verifies");
}

/// A timing test: other tests running beside it make its measure noisy, so `scripts/test.sh` runs
/// it on its own (`cargo test -p server --test integration -- --ignored`).
#[tokio::test]
#[ignore = "a timing test: scripts/test.sh runs it alone"]
async fn unknown_users_cost_the_same_time_as_wrong_passwords() {
    use server::domain::accounts::{Clock, PasswordHasher, SessionPolicy};
    use server::domain::Accounts;
    let app = TestApp::demo().await;
    let accounts = Accounts::with(
        app.state.library.db().clone(),
        PasswordHasher::new(),
        Clock::System,
        SessionPolicy::default(),
    );
    accounts
        .add_user("timed", "a long passphrase", Role::Listener)
        .await
        .expect("user");
    let client = Default::default();
    // The first unknown name makes the dummy hash: not part of what is measured.
    let _ = accounts.login("nobody", "x", &client).await;
    // Pairs of tries back to back, in turns of order: whatever else the machine does at that
    // moment slows both alike, so the median of the differences is the difference of the paths.
    let mut differences = Vec::new();
    let mut known_times = Vec::new();
    let timed = |name: &'static str| {
        let accounts = &accounts;
        let client = &client;
        async move {
            let started = std::time::Instant::now();
            let _ = accounts.login(name, "wrong password", client).await;
            started.elapsed().as_secs_f64() * 1000.0
        }
    };
    for pair in 0..16 {
        let (known, unknown) = if pair % 2 == 0 {
            let known = timed("timed").await;
            (known, timed("nobody").await)
        } else {
            let unknown = timed("nobody").await;
            (timed("timed").await, unknown)
        };
        differences.push(known - unknown);
        known_times.push(known);
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let (difference, known) = (median(differences), median(known_times));
    assert!(
        known > 5.0,
        "a real Argon2id verification takes time: {known:.1} ms"
    );
    assert!(
        difference.abs() < 0.1 * known + 3.0,
        "a wrong password takes {difference:+.1} ms more than an unknown user (of {known:.1} ms)"
    );
}

/// `server user …` as an administrator types it, against the test's database.
fn user_command(database_url: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("user")
        .args(args)
        .env("DATABASE_URL", database_url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the server");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("password");
    let output = child.wait_with_output().expect("finished");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_command_line_adds_lists_disables_and_makes_keys() {
    let app = TestApp::demo().await;
    let url = app.database.url().to_owned();
    let (ok, out, err) = user_command(&url, &["add", "Ada", "--admin"], "piano keys at dawn\n");
    assert!(ok, "{out}{err}");
    let (ok, _, err) = user_command(&url, &["add", "ada"], "another passphrase\n");
    assert!(
        !ok && err.contains("taken"),
        "names are one account in any case: {err}"
    );
    let (ok, _, err) = user_command(&url, &["add", "weak"], "1234567\n");
    assert!(!ok && err.contains("at least 8"), "{err}");

    let (ok, out, _) = user_command(&url, &["list"], "");
    assert!(ok);
    assert!(out.contains("Ada\tadmin\tactive"), "{out}");
    assert!(
        out.contains(&format!("{LISTENER}\tlistener\tactive")),
        "{out}"
    );

    let (_, session) = app
        .state
        .accounts
        .login("Ada", "piano keys at dawn", &Default::default())
        .await
        .expect("the password from standard input works");

    let (ok, key, _) = user_command(&url, &["api-key", "Ada", "--label", "backup script"], "");
    assert!(ok);
    let key = key.trim();
    assert!(key.starts_with("cadenza_") && key.len() > 40, "{key}");
    let request = Request::get("/api/tracks")
        .header("authorization", format!("Bearer {key}"))
        .body(Body::empty())
        .expect("request");
    assert_eq!(app.send_anonymous(request).await.status(), StatusCode::OK);

    let (ok, _, _) = user_command(&url, &["disable", "Ada"], "");
    assert!(ok);
    let (_, out, _) = user_command(&url, &["list"], "");
    assert!(out.contains("Ada\tadmin\tdisabled"), "{out}");
    assert_eq!(
        app.send(with_cookie("/api/tracks", &session))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Signs a link to `track_id` as the app's listener, through the API.
async fn signed_link(app: &TestApp, track_id: i64, lifetime: Option<i64>) -> serde_json::Value {
    let uri = match lifetime {
        Some(seconds) => format!("/api/tracks/{track_id}/link?lifetime={seconds}"),
        None => format!("/api/tracks/{track_id}/link"),
    };
    let response = app
        .send(Request::post(uri).body(Body::empty()).expect("request"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    body_json(response).await
}

#[tokio::test]
async fn a_signed_link_opens_its_track_alone_until_it_expires_or_is_ended() {
    let app = TestApp::demo().await;
    let id = app.track_id("Night Garden.wav").await;
    let other = app.track_id("Morning Tide.mp3").await;
    let answer = signed_link(&app, id, None).await;
    let url = answer["url"].as_str().expect("url").to_owned();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let expires = answer["expires"].as_i64().expect("expires");
    assert!(
        (now + 6 * 3600 - 5..=now + 6 * 3600).contains(&expires),
        "six hours at most"
    );
    let long = signed_link(&app, id, Some(999_999)).await;
    assert!(long["expires"].as_i64().expect("expires") <= now + 6 * 3600 + 1);

    // Anyone holding it streams that track, ranges included, with no session.
    let ranged = app
        .send_anonymous(
            Request::get(url.as_str())
                .header("range", "bytes=0-99")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body_bytes(ranged).await.len(), 100);

    let refused = |uri: String| {
        let app = &app;
        async move {
            let response = get_anonymous(app, &uri).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{uri}");
            assert_eq!(
                body_json(response).await["message"],
                "LINK_INVALID",
                "{uri}"
            );
        }
    };
    // Another track, another user, a later expiry, one character of the signature.
    refused(url.replace(&format!("track_id={id}"), &format!("track_id={other}"))).await;
    refused(url.replace("user=", "user=9")).await;
    refused(url.replace(
        &format!("expires={expires}"),
        &format!("expires={}", expires + 1),
    ))
    .await;
    let sig_at = url.find("sig=").expect("sig") + 4;
    let mut tampered = url.clone().into_bytes();
    tampered[sig_at] = if tampered[sig_at] == b'A' { b'B' } else { b'A' };
    refused(String::from_utf8(tampered).expect("ascii")).await;
    refused(format!(
        "/music/track?track_id={id}&user=1&expires={expires}&sig="
    ))
    .await;

    // Ending one's links ends this one.
    let ended = app.send(form("/account/links/end", "")).await;
    assert_eq!(ended.status(), StatusCode::SEE_OTHER);
    refused(url.clone()).await;
    let fresh = signed_link(&app, id, None).await;
    let fresh = fresh["url"].as_str().expect("url").to_owned();
    assert_eq!(get_anonymous(&app, &fresh).await.status(), StatusCode::OK);
    // So does a new password.
    let user = app.state.accounts.user_id(LISTENER).await.expect("user");
    app.state
        .accounts
        .set_password(user, "yet another passphrase", false)
        .await
        .expect("password");
    refused(fresh).await;
}

#[tokio::test]
async fn an_expired_link_is_refused() {
    use server::domain::accounts::{Clock, SessionPolicy};
    use server::domain::Accounts;
    let app = TestApp::demo().await;
    let id = app.track_id("Night Garden.wav").await;
    let user = app.state.accounts.user_id(LISTENER).await.expect("user");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    // The same database (and so the same key), two hours ago.
    let earlier = Accounts::with(
        app.state.library.db().clone(),
        crate::common::cheap_hasher(),
        Clock::manual(now - 7200),
        SessionPolicy::default(),
    );
    let link = earlier
        .sign_stream_link(user, id, 3600)
        .await
        .expect("link");
    let response = get_anonymous(&app, &format!("/music/track?{}", link.query())).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let still = earlier
        .sign_stream_link(user, id, 3 * 3600)
        .await
        .expect("link");
    let response = get_anonymous(&app, &format!("/music/track?{}", still.query())).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "signed earlier, not yet expired"
    );
}

#[tokio::test]
async fn another_instance_on_the_same_database_accepts_the_cookie_and_sees_its_end() {
    use server::domain::accounts::{Clock, SessionPolicy};
    use server::domain::{db, Accounts};
    let app = TestApp::demo().await;
    // A second server process would open its own pool on the same database.
    let other_pool = db::connect(app.database.url()).await.expect("database");
    let other = Accounts::with(
        other_pool,
        crate::common::cheap_hasher(),
        Clock::System,
        SessionPolicy::default(),
    );
    let principal = other
        .session(&app.session)
        .await
        .expect("db")
        .expect("shared");
    assert_eq!(principal.name, LISTENER);
    app.state
        .accounts
        .logout(&app.session)
        .await
        .expect("logout");
    // The other instance trusts what it looked up for at most a second, then asks again.
    let fresh_for = server::domain::accounts::PRINCIPAL_FRESH_FOR;
    tokio::time::sleep(fresh_for + std::time::Duration::from_millis(50)).await;
    assert!(other.session(&app.session).await.expect("db").is_none());
}
