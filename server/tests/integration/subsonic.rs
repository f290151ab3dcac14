//! The Subsonic API door (`/rest/NAME`, `/rest/NAME.view`) over raw HTTP, as the phone and
//! desktop apps call it: the envelope in XML and JSON, every sign-in mechanism and its error
//! codes, browsing the demo library by tags and by folders, what each listener keeps (stars,
//! ratings, plays, playlists, the play queue), the media answers, and a log free of credentials.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use md5::{Digest as _, Md5};
use serde_json::{json, Value};
use server::domain::accounts::{Clock, Role, SessionPolicy};
use server::domain::Accounts;
use server::AppState;

use crate::common::{body_bytes, body_json, cheap_hasher, header, TestApp, LISTENER, PASSWORD};

const OTHER: &str = "max";
const OTHER_PASSWORD: &str = "another long passphrase";
/// Lena's credentials as an app sends them.
const LENA: [(&str, &str); 2] = [("u", LISTENER), ("p", PASSWORD)];
const MAX: [(&str, &str); 2] = [("u", OTHER), ("p", OTHER_PASSWORD)];

/// The demo library: 7 songs on 3 albums by 2 artists.
const SONGS: usize = 7;
const HARBOUR: &str = "Harbour Lights";
const PAPER: &str = "Paper Skies";
const SMALL: &str = "Small Hours";

/// Query parameters, in order (names may repeat).
type Params<'a> = Vec<(&'a str, &'a str)>;

/// The demo app, with its token key (for `t`/`s` sign-in) in a temporary folder of its own.
struct Door {
    app: TestApp,
    keys: tempfile::TempDir,
}

fn query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

impl Door {
    async fn new() -> Self {
        let mut app = TestApp::demo().await;
        let keys = tempfile::tempdir().expect("key dir");
        let state = &app.state;
        let db = state.library.db().clone();
        let accounts = Accounts::with(db, cheap_hasher(), Clock::System, SessionPolicy::default())
            .with_token_key_file(keys.path().join("token.key"));
        app.state = AppState::new(
            state.leptos_options.clone(),
            Arc::clone(&state.library),
            Arc::new(accounts),
            Arc::clone(&state.auth),
            Arc::clone(&state.thumbnails),
        );
        Self { app, keys }
    }

    fn accounts(&self) -> &Accounts {
        &self.app.state.accounts
    }

    /// `GET /rest/{method}` with exactly these parameters and headers, as it comes.
    async fn raw(
        &self,
        method: &str,
        params: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response<Body> {
        let mut request = Request::get(format!("/rest/{method}?{}", query(params)));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).expect("request");
        self.app.send_anonymous(request).await
    }

    /// `method` with these credentials, in JSON: the `subsonic-response` object.
    async fn json_as(&self, auth: &[(&str, &str)], method: &str, params: &[(&str, &str)]) -> Value {
        let mut all = auth.to_vec();
        all.push(("f", "json"));
        all.extend_from_slice(params);
        let response = self.raw(method, &all, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{method} {params:?}");
        assert_eq!(header(&response, "content-type"), "application/json");
        body_json(response).await["subsonic-response"].take()
    }

    /// `method` as lena, which must succeed: the whole reply.
    async fn ok(&self, method: &str, params: &[(&str, &str)]) -> Value {
        ok_reply(self.json_as(&LENA, method, params).await, method)
    }

    /// `method` as lena, which must fail: its code.
    async fn code(&self, method: &str, params: &[(&str, &str)]) -> i64 {
        code_of(&self.json_as(&LENA, method, params).await)
    }

    /// The typed id of the demo track whose path ends with `suffix`.
    async fn song(&self, suffix: &str) -> String {
        format!("tr-{}", self.app.track_id(suffix).await)
    }

    /// The typed id of the demo album called `title`.
    async fn album(&self, title: &str) -> String {
        let list = self
            .ok("getAlbumList2", &[("type", "alphabeticalByName")])
            .await;
        list["albumList2"]["album"]
            .as_array()
            .expect("albums")
            .iter()
            .find(|album| album["name"] == title)
            .and_then(|album| album["id"].as_str())
            .unwrap_or_else(|| panic!("no album {title}"))
            .to_owned()
    }

    /// A second listener, `max`.
    async fn second_listener(&self) -> i64 {
        self.accounts()
            .add_user(OTHER, OTHER_PASSWORD, Role::Listener)
            .await
            .expect("second listener")
            .id
    }
}

fn ok_reply(reply: Value, method: &str) -> Value {
    assert_eq!(reply["status"], "ok", "{method}: {reply}");
    reply
}

fn code_of(reply: &Value) -> i64 {
    assert_eq!(reply["status"], "failed", "{reply}");
    reply["error"]["code"].as_i64().expect("a numeric code")
}

/// The values of `key` in a list of objects.
fn field(list: &Value, key: &str) -> Vec<String> {
    items(list)
        .iter()
        .map(|item| {
            item[key]
                .as_str()
                .unwrap_or_else(|| panic!("{item}"))
                .to_owned()
        })
        .collect()
}

/// The items of a JSON list.
fn items(list: &Value) -> &[Value] {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
}

/// Lena's credentials, then `params`.
fn as_lena<'a>(params: &[(&'a str, &'a str)]) -> Params<'a> {
    [&LENA[..], params].concat()
}

/// An XML reply's text, after checking it is one (read it with `roxmltree`).
async fn xml_text(response: Response<Body>) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("application/xml"));
    String::from_utf8(body_bytes(response).await).expect("utf-8")
}

/// The first child element of `node` called `name`.
fn element<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|child| child.has_tag_name(name))
        .unwrap_or_else(|| panic!("no <{name}>"))
}

/// A request from one peer address, as the server loop marks every request.
fn from_address(mut request: Request<Body>, last: u8) -> Request<Body> {
    let peer = SocketAddr::from(([192, 0, 2, last], 50_000));
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

// ---------------------------------------------------------------------------------------------
// The envelope

#[tokio::test]
async fn the_envelope_is_xml_by_default_and_json_on_request_at_both_paths() {
    let door = Door::new().await;
    for method in ["ping", "ping.view"] {
        let text = xml_text(door.raw(method, &LENA, &[]).await).await;
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "subsonic-response");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://subsonic.org/restapi")
        );
        for (name, value) in [
            ("status", "ok"),
            ("version", "1.16.1"),
            ("type", "cadenza"),
            ("openSubsonic", "true"),
        ] {
            assert_eq!(root.attribute(name), Some(value), "{method} {name}");
        }
        assert!(!root.attribute("serverVersion").unwrap_or("").is_empty());

        let reply = door.json_as(&LENA, method, &[]).await;
        assert_eq!(reply["status"], "ok");
        assert_eq!(reply["version"], "1.16.1");
        assert_eq!(reply["type"], "cadenza");
        assert_eq!(reply["openSubsonic"], true);
        assert_eq!(
            reply["serverVersion"],
            root.attribute("serverVersion").expect("version")
        );
    }
}

#[tokio::test]
async fn a_post_form_carries_every_parameter_and_a_ranged_stream() {
    let door = Door::new().await;
    let album = door.album(HARBOUR).await;
    let song = door.song("Morning Tide.mp3").await;
    let post = |method: &str, params: &[(&str, &str)], range: Option<&str>| {
        let mut request = Request::post(format!("/rest/{method}.view"))
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(range) = range {
            request = request.header("range", range);
        }
        let body = query(&as_lena(params));
        request.body(Body::from(body)).expect("request")
    };
    let response = door
        .app
        .send_anonymous(post("getAlbum", &[("f", "json"), ("id", &album)], None))
        .await;
    let reply = body_json(response).await["subsonic-response"].take();
    assert_eq!(ok_reply(reply, "getAlbum")["album"]["id"], album.as_str());

    let response = door
        .app
        .send_anonymous(post("stream", &[("id", &song)], Some("bytes=0-99")))
        .await;
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body_bytes(response).await.len(), 100);
}

#[tokio::test]
async fn extensions_need_no_credentials_and_every_other_method_does() {
    let door = Door::new().await;
    let reply = ok_reply(
        door.json_as(&[], "getOpenSubsonicExtensions", &[]).await,
        "extensions",
    );
    let extensions = &reply["openSubsonicExtensions"];
    let names: HashSet<String> = field(extensions, "name").into_iter().collect();
    for name in ["formPost", "apiKeyAuthentication", "transcodeOffset"] {
        assert!(names.contains(name), "{name} missing: {extensions}");
    }
    assert!(items(extensions)
        .iter()
        .all(|e| e["versions"] == json!([1])));
    for method in [
        "ping",
        "getArtists",
        "getAlbum",
        "stream",
        "getCoverArt",
        "getPodcasts",
    ] {
        assert_eq!(
            code_of(&door.json_as(&[], method, &[]).await),
            10,
            "{method}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Signing in

#[tokio::test]
async fn each_sign_in_mechanism_opens_or_answers_its_code() {
    let door = Door::new().await;
    let lena = door.accounts().user_id(LISTENER).await.expect("lena");
    let key = door.accounts().add_api_key(lena, "app").await.expect("key");
    let token_key = door
        .accounts()
        .add_token_api_key(lena, "tokens")
        .await
        .expect("key");
    door.second_listener().await;
    let token = |secret: &str, salt: &str| hex::encode(Md5::digest(format!("{secret}{salt}")));
    let (good, wrong) = (token(&token_key, "c19b2d"), token("not the key", "c19b2d"));
    let hex_password = format!("enc:{}", hex::encode(PASSWORD));
    let (key, good, wrong, hex_password) = (&*key, &*good, &*wrong, &*hex_password);
    let wrong_credentials = "Wrong username or password";

    let cases: Vec<(&str, Params, Option<i64>)> = vec![
        ("password", vec![("u", LISTENER), ("p", PASSWORD)], None),
        (
            "hex password",
            vec![("u", LISTENER), ("p", hex_password)],
            None,
        ),
        ("API key as p", vec![("u", LISTENER), ("p", key)], None),
        ("apiKey alone", vec![("apiKey", key)], None),
        (
            "token over a token key",
            vec![("u", LISTENER), ("t", good), ("s", "c19b2d")],
            None,
        ),
        (
            "apiKey and u",
            vec![("apiKey", key), ("u", LISTENER)],
            Some(43),
        ),
        (
            "unknown apiKey",
            vec![("apiKey", "cadenza_not-a-real-key")],
            Some(44),
        ),
        (
            "apiKey of another shape",
            vec![("apiKey", "garbage")],
            Some(44),
        ),
        (
            "wrong password",
            vec![("u", LISTENER), ("p", "wrong horse")],
            Some(40),
        ),
        (
            "unknown user",
            vec![("u", "nobody"), ("p", PASSWORD)],
            Some(40),
        ),
        (
            "wrong token",
            vec![("u", LISTENER), ("t", wrong), ("s", "c19b2d")],
            Some(40),
        ),
        (
            "token without a key for it",
            vec![("u", OTHER), ("t", good), ("s", "c19b2d")],
            Some(41),
        ),
        (
            "p and t",
            vec![("u", LISTENER), ("p", PASSWORD), ("t", good), ("s", "x")],
            Some(43),
        ),
        ("no secret", vec![("u", LISTENER)], Some(10)),
    ];
    let mut refusals = Vec::new();
    for (case, auth, expected) in cases {
        let reply = door.json_as(&auth, "getPlayQueue", &[]).await;
        match expected {
            None => {
                let reply = ok_reply(reply, case);
                assert_eq!(reply["playQueue"]["username"], LISTENER, "{case}");
            }
            Some(code) => {
                assert_eq!(code_of(&reply), code, "{case}");
                if code == 40 {
                    refusals.push(reply["error"]["message"].clone());
                }
            }
        }
    }
    // A stranger learns nothing of which names exist.
    assert!(
        refusals.iter().all(|m| m == wrong_credentials),
        "{refusals:?}"
    );
}

#[tokio::test]
async fn a_disabled_account_is_refused_by_password_key_and_token() {
    let door = Door::new().await;
    let max = door.second_listener().await;
    let key = door.accounts().add_api_key(max, "app").await.expect("key");
    let token_key = door
        .accounts()
        .add_token_api_key(max, "t")
        .await
        .expect("key");
    let t = hex::encode(Md5::digest(format!("{token_key}salt")));
    let (key, t) = (key.as_str(), t.as_str());
    let ways: [(&str, Params, i64); 4] = [
        ("password", MAX.to_vec(), 40),
        ("key as p", vec![("u", OTHER), ("p", key)], 40),
        ("apiKey", vec![("apiKey", key)], 44),
        ("token", vec![("u", OTHER), ("t", t), ("s", "salt")], 40),
    ];
    // Each opens first, so nothing remembered from it may outlive the disabling.
    for (way, auth, _) in &ways {
        ok_reply(door.json_as(auth, "ping", &[]).await, way);
    }
    door.accounts()
        .set_disabled(max, true)
        .await
        .expect("disable");
    for (way, auth, code) in &ways {
        assert_eq!(
            code_of(&door.json_as(auth, "ping", &[]).await),
            *code,
            "{way}"
        );
    }
}

#[tokio::test]
async fn the_sixth_failure_from_one_address_is_refused_even_with_the_right_password() {
    let door = Door::new().await;
    let ask = |password: &str, address: u8| {
        let params = query(&[("u", LISTENER), ("p", password), ("f", "json")]);
        let request = Request::get(format!("/rest/ping?{params}"))
            .body(Body::empty())
            .expect("request");
        let request = from_address(request, address);
        let door = &door;
        async move {
            body_json(door.app.send_anonymous(request).await).await["subsonic-response"].take()
        }
    };
    for _ in 0..5 {
        assert_eq!(code_of(&ask("a wrong guess", 7).await), 40);
    }
    let throttled = ask(PASSWORD, 7).await;
    assert_eq!(
        code_of(&throttled),
        40,
        "the right password, too soon: {throttled}"
    );
    let message = throttled["error"]["message"].as_str().unwrap_or("");
    assert!(message.starts_with("Too many failed sign-ins"), "{message}");
    // No lockout: the owner, from elsewhere, still signs in.
    ok_reply(ask(PASSWORD, 8).await, "another address");
}

#[tokio::test]
async fn fifty_failures_on_one_account_hold_it_from_every_address() {
    let door = Door::new().await;
    for _ in 0..50 {
        assert_eq!(
            code_of(
                &door
                    .json_as(&[("u", LISTENER), ("p", "guess")], "ping", &[])
                    .await
            ),
            40
        );
    }
    let reply = door.json_as(&LENA, "ping", &[]).await;
    assert_eq!(code_of(&reply), 40, "{reply}");
    assert!(reply["error"]["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("Too many"));
    door.second_listener().await;
    ok_reply(door.json_as(&MAX, "ping", &[]).await, "another account");
}

// ---------------------------------------------------------------------------------------------
// Replies in both forms

#[tokio::test]
async fn xml_and_json_tell_the_same_album() {
    let door = Door::new().await;
    let id = door.album(HARBOUR).await;
    let json = door.ok("getAlbum", &[("id", &id)]).await["album"].take();
    let text = xml_text(door.raw("getAlbum", &as_lena(&[("id", &id)]), &[]).await).await;
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let album = element(doc.root_element(), "album");
    for name in ["id", "name", "artist", "artistId", "coverArt", "created"] {
        let attribute = album.attribute(name);
        assert!(attribute.is_some(), "no {name} in the XML");
        assert_eq!(attribute, json[name].as_str(), "{name}");
    }
    assert_eq!(album.attribute("songCount"), Some("3"));
    assert_eq!(json["songCount"], 3);
    let songs: Vec<(String, String)> = album
        .children()
        .filter(|node| node.has_tag_name("song"))
        .map(|song| {
            (
                song.attribute("id").unwrap_or("").into(),
                song.attribute("title").unwrap_or("").into(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = field(&json["song"], "id")
        .into_iter()
        .zip(field(&json["song"], "title"))
        .collect();
    assert_eq!(songs, expected);
    let titles: Vec<&str> = songs.iter().map(|(_, title)| title.as_str()).collect();
    assert_eq!(titles, ["Morning Tide", "Café Arpeggio", "Lantern Walk"]);
}

#[tokio::test]
async fn empty_lists_are_empty_arrays_in_json() {
    let door = Door::new().await;
    let cases: [(&str, &str, &[&str]); 4] = [
        ("getStarred2", "starred2", &["artist", "album", "song"]),
        ("getStarred", "starred", &["artist", "album", "song"]),
        ("getPlaylists", "playlists", &["playlist"]),
        ("getNowPlaying", "nowPlaying", &["entry"]),
    ];
    for (method, payload, lists) in cases {
        let reply = door.ok(method, &[]).await;
        for list in lists {
            assert_eq!(reply[payload][list], json!([]), "{method}.{list}: {reply}");
        }
    }
    let queue = door.ok("getPlayQueue", &[]).await["playQueue"].take();
    assert_eq!(queue["username"], LISTENER);
    assert_eq!(queue["entry"], json!([]));
    assert!(
        queue["changed"].is_string() && queue["changedBy"].is_string(),
        "{queue}"
    );
}

// ---------------------------------------------------------------------------------------------
// Browsing

#[tokio::test]
async fn browsing_goes_from_the_artists_down_to_a_song() {
    let door = Door::new().await;
    let artists = door.ok("getArtists", &[]).await["artists"].take();
    let all: Vec<&Value> = items(&artists["index"])
        .iter()
        .flat_map(|index| items(&index["artist"]))
        .collect();
    assert_eq!(all.len(), 2, "{artists}");
    let lumen = all
        .iter()
        .find(|a| a["name"] == "Lumen Drift")
        .expect("Lumen Drift");
    assert_eq!(lumen["albumCount"], 2);
    let artist_id = lumen["id"].as_str().expect("id");
    let artist = door.ok("getArtist", &[("id", artist_id)]).await["artist"].take();
    let mut albums = field(&artist["album"], "name");
    albums.sort();
    assert_eq!(albums, [HARBOUR, PAPER]);
    let album_id = items(&artist["album"])
        .iter()
        .find(|a| a["name"] == HARBOUR)
        .and_then(|a| a["id"].as_str())
        .expect("album id");
    let album = door.ok("getAlbum", &[("id", album_id)]).await["album"].take();
    assert_eq!(album["artistId"], artist_id);
    assert_eq!(field(&album["song"], "title")[0], "Morning Tide");
    let song_id = album["song"][0]["id"].as_str().expect("song id");
    assert_eq!(song_id, door.song("Morning Tide.mp3").await);
    let song = door.ok("getSong", &[("id", song_id)]).await["song"].take();
    assert_eq!(song["title"], "Morning Tide");
    assert_eq!(song["albumId"], album_id);
    assert_eq!(song["parent"], album_id);
    assert_eq!(song["artistId"], artist_id);
    assert_eq!(song["suffix"], "mp3");
    assert_eq!(song["isDir"], false);
}

#[tokio::test]
async fn album_lists_of_every_type_with_size_and_offset() {
    let door = Door::new().await;
    let (harbour, paper, small) = (
        door.album(HARBOUR).await,
        door.album(PAPER).await,
        door.album(SMALL).await,
    );
    // What the listener's own lists are made of.
    door.ok("star", &[("albumId", &paper)]).await;
    door.ok("setRating", &[("id", &small), ("rating", "5")])
        .await;
    door.ok("scrobble", &[("id", &door.song("Morning Tide.mp3").await)])
        .await;

    let list = |params: Params<'static>| {
        let door = &door;
        async move {
            let reply = door.ok("getAlbumList2", &params).await;
            field(&reply["albumList2"]["album"], "name")
        }
    };
    let all = [HARBOUR, PAPER, SMALL];
    let cases: Vec<(Params, Vec<&str>)> = vec![
        (vec![("type", "alphabeticalByName")], all.to_vec()),
        (vec![("type", "starred")], vec![PAPER]),
        (vec![("type", "highest")], vec![SMALL]),
        (vec![("type", "frequent")], vec![HARBOUR]),
        (vec![("type", "recent")], vec![HARBOUR]),
        (
            vec![("type", "byYear"), ("fromYear", "2025"), ("toYear", "2023")],
            vec![PAPER, HARBOUR, SMALL],
        ),
        (
            vec![("type", "byYear"), ("fromYear", "2023"), ("toYear", "2024")],
            vec![SMALL, HARBOUR],
        ),
        (
            vec![("type", "byGenre"), ("genre", "Ambient")],
            vec![HARBOUR, PAPER],
        ),
        (
            vec![("type", "byGenre"), ("genre", "Electronic")],
            vec![SMALL],
        ),
        (
            vec![
                ("type", "alphabeticalByName"),
                ("size", "1"),
                ("offset", "1"),
            ],
            vec![PAPER],
        ),
        (
            vec![("type", "alphabeticalByName"), ("size", "2")],
            vec![HARBOUR, PAPER],
        ),
        (
            vec![("type", "alphabeticalByName"), ("offset", "3")],
            vec![],
        ),
    ];
    for (params, expected) in cases {
        assert_eq!(list(params.clone()).await, expected, "{params:?}");
    }
    // Orders the library does not fix among equals: every album once, and pages that tile.
    for kind in ["random", "newest", "alphabeticalByArtist"] {
        let mut names = list(vec![("type", kind)]).await;
        if kind == "alphabeticalByArtist" {
            assert_eq!(names.last().map(String::as_str), Some(SMALL), "{names:?}");
        }
        names.sort();
        assert_eq!(names, all, "{kind}");
        assert_eq!(
            list(vec![("type", kind), ("size", "2")]).await.len(),
            2,
            "{kind}"
        );
    }
    let first = list(vec![("type", "newest"), ("size", "2")]).await;
    let rest = list(vec![("type", "newest"), ("offset", "2")]).await;
    let mut tiled: Vec<String> = first.into_iter().chain(rest).collect();
    tiled.sort();
    assert_eq!(tiled, all);
    // As folders too.
    let folders = door
        .ok("getAlbumList", &[("type", "alphabeticalByName")])
        .await;
    let folders = &folders["albumList"]["album"];
    assert_eq!(field(folders, "id"), [harbour, paper, small]);
    assert!(items(folders).iter().all(|a| a["isDir"] == true));

    for params in [
        vec![],
        vec![("type", "mostLoved")],
        vec![("type", "byYear"), ("toYear", "2024")],
        vec![("type", "byYear"), ("fromYear", "2024")],
        vec![("type", "byGenre")],
    ] {
        assert_eq!(door.code("getAlbumList2", &params).await, 10, "{params:?}");
    }
}

#[tokio::test]
async fn folders_hold_artists_then_albums_then_songs() {
    let door = Door::new().await;
    let indexes = door.ok("getIndexes", &[]).await["indexes"].take();
    let last_modified = indexes["lastModified"].as_i64().expect("lastModified");
    assert!(last_modified > 0);
    let artists: Vec<&Value> = items(&indexes["index"])
        .iter()
        .flat_map(|index| items(&index["artist"]))
        .collect();
    assert_eq!(artists.len(), 2, "{indexes}");
    let since = last_modified.to_string();
    let unchanged = door.ok("getIndexes", &[("ifModifiedSince", &since)]).await;
    assert_eq!(unchanged["indexes"]["index"], json!([]));
    assert_eq!(unchanged["indexes"]["lastModified"], last_modified);

    let lumen = artists
        .iter()
        .find(|a| a["name"] == "Lumen Drift")
        .expect("artist");
    let folder = door
        .ok(
            "getMusicDirectory",
            &[("id", lumen["id"].as_str().expect("id"))],
        )
        .await;
    let albums = &folder["directory"]["child"];
    assert_eq!(items(albums).len(), 2, "{folder}");
    assert!(items(albums).iter().all(|a| a["isDir"] == true));
    let harbour = items(albums)
        .iter()
        .find(|a| a["title"] == HARBOUR)
        .and_then(|a| a["id"].as_str())
        .expect("album folder");
    let album = door.ok("getMusicDirectory", &[("id", harbour)]).await;
    let songs = &album["directory"]["child"];
    assert_eq!(
        field(songs, "title"),
        ["Morning Tide", "Café Arpeggio", "Lantern Walk"]
    );
    assert!(items(songs).iter().all(|s| s["isDir"] == false));
    assert_eq!(album["directory"]["parent"], lumen["id"]);
}

#[tokio::test]
async fn genres_random_songs_and_songs_of_a_genre() {
    let door = Door::new().await;
    let genres = door.ok("getGenres", &[]).await["genres"]["genre"].take();
    assert_eq!(
        genres,
        json!([
            {"songCount": 4, "albumCount": 2, "value": "Ambient"},
            {"songCount": 3, "albumCount": 1, "value": "Electronic"},
        ])
    );
    for (size, expected) in [("3", 3), ("100", SONGS)] {
        let songs = door.ok("getRandomSongs", &[("size", size)]).await;
        let ids: HashSet<String> = field(&songs["randomSongs"]["song"], "id")
            .into_iter()
            .collect();
        assert_eq!(ids.len(), expected, "size {size}");
    }
    let electronic = door.ok("getRandomSongs", &[("genre", "Electronic")]).await;
    assert_eq!(
        field(&electronic["randomSongs"]["song"], "genre"),
        ["Electronic"; 3]
    );

    let ambient = door.ok("getSongsByGenre", &[("genre", "Ambient")]).await;
    let all = field(&ambient["songsByGenre"]["song"], "id");
    assert_eq!(all.len(), 4);
    assert_eq!(
        field(&ambient["songsByGenre"]["song"], "genre"),
        ["Ambient"; 4]
    );
    let page = |offset: &'static str| {
        let door = &door;
        async move {
            let reply = door
                .ok(
                    "getSongsByGenre",
                    &[("genre", "Ambient"), ("count", "2"), ("offset", offset)],
                )
                .await;
            field(&reply["songsByGenre"]["song"], "id")
        }
    };
    assert_eq!([page("0").await, page("2").await].concat(), all);
    assert_eq!(door.code("getSongsByGenre", &[]).await, 10);
}

#[tokio::test]
async fn search_finds_words_and_an_empty_query_pages_through_every_song() {
    let door = Door::new().await;
    let found = door.ok("search3", &[("query", "orbit")]).await["searchResult3"].take();
    assert_eq!(field(&found["song"], "title"), ["Slow Orbit"]);
    let found = door.ok("search3", &[("query", "lumen")]).await["searchResult3"].take();
    assert_eq!(field(&found["artist"], "name"), ["Lumen Drift"]);
    assert_eq!(items(&found["album"]).len(), 2);

    for empty in ["", "\"\""] {
        let mut seen = Vec::new();
        for offset in (0..=SONGS + 3).step_by(3) {
            let offset = offset.to_string();
            let params = [
                ("query", empty),
                ("songCount", "3"),
                ("songOffset", offset.as_str()),
                ("artistCount", "0"),
                ("albumCount", "0"),
            ];
            let page = door.ok("search3", &params).await["searchResult3"].take();
            seen.extend(field(&page["song"], "id"));
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(
            (seen.len(), unique.len()),
            (SONGS, SONGS),
            "{empty:?}: {seen:?}"
        );
    }

    let found = door.ok("search2", &[("query", "harbour")]).await["searchResult2"].take();
    assert_eq!(field(&found["album"], "title"), [HARBOUR]);
    assert_eq!(found["album"][0]["isDir"], true);
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_not_found() {
    let door = Door::new().await;
    let album = door.album(HARBOUR).await;
    let cases = [
        ("getAlbum", "al-999999"),
        ("getArtist", "ar-999999"),
        ("getSong", "tr-999999"),
        ("getPlaylist", "pl-999999"),
        ("getMusicDirectory", "al-999999"),
        ("getSong", "123"),
        ("getSong", "tr-abc"),
        ("getSong", "tr-01"),
        ("getSong", &album),
        ("getAlbum", "al-"),
        ("getMusicDirectory", "xx-1"),
        ("getCoverArt", "al-999999"),
        ("getCoverArt", "cover"),
        ("stream", "tr-abc"),
        ("download", &album),
        ("star", "tr-999999"),
        ("star", "al-999999"),
        ("deletePlaylist", "pl-999999"),
    ];
    for (method, id) in cases {
        assert_eq!(door.code(method, &[("id", id)]).await, 70, "{method} {id}");
    }
    let more: [(&str, &[(&str, &str)]); 5] = [
        ("star", &[("albumId", "ar-1")]),
        ("star", &[("artistId", "ar-999999")]),
        ("setRating", &[("id", "tr-999999"), ("rating", "3")]),
        (
            "updatePlaylist",
            &[("playlistId", "pl-999999"), ("name", "x")],
        ),
        ("savePlayQueue", &[("id", "tr-abc")]),
    ];
    for (method, params) in more {
        assert_eq!(door.code(method, params).await, 70, "{method} {params:?}");
    }
    for method in [
        "getSong",
        "getAlbum",
        "getArtist",
        "stream",
        "star",
        "getPlaylist",
    ] {
        assert_eq!(door.code(method, &[]).await, 10, "{method} without an id");
    }
}

// ---------------------------------------------------------------------------------------------
// What each listener keeps

#[tokio::test]
async fn stars_are_each_listeners_own() {
    let door = Door::new().await;
    door.second_listener().await;
    let song = door.song("Slow Orbit.m4a").await;
    let album = door.album(PAPER).await;
    let artists = door.ok("getArtists", &[]).await;
    let artist = artists["artists"]["index"][0]["artist"][0]["id"]
        .as_str()
        .expect("artist")
        .to_owned();
    door.ok(
        "star",
        &[("id", &song), ("albumId", &album), ("artistId", &artist)],
    )
    .await;

    for (method, payload) in [("getStarred2", "starred2"), ("getStarred", "starred")] {
        let starred = door.ok(method, &[]).await[payload].take();
        assert_eq!(field(&starred["song"], "id"), [song.as_str()], "{method}");
        assert_eq!(field(&starred["album"], "id"), [album.as_str()], "{method}");
        assert_eq!(
            field(&starred["artist"], "id"),
            [artist.as_str()],
            "{method}"
        );
        assert!(starred["song"][0]["starred"].is_string(), "{starred}");
        let theirs = door.json_as(&MAX, method, &[]).await;
        for list in ["artist", "album", "song"] {
            assert_eq!(theirs[payload][list], json!([]), "{method}: {theirs}");
        }
    }
    assert!(door.ok("getSong", &[("id", &song)]).await["song"]["starred"].is_string());

    door.ok(
        "unstar",
        &[("id", &song), ("id", &album), ("artistId", &artist)],
    )
    .await;
    let starred = door.ok("getStarred2", &[]).await["starred2"].take();
    assert_eq!(starred, json!({"artist": [], "album": [], "song": []}));
    assert!(door.ok("getSong", &[("id", &song)]).await["song"]
        .get("starred")
        .is_none());
}

#[tokio::test]
async fn ratings_are_set_shown_taken_away_and_bounded() {
    let door = Door::new().await;
    door.second_listener().await;
    let song = door.song("Lantern Walk.ogg").await;
    door.ok("setRating", &[("id", &song), ("rating", "4")])
        .await;
    assert_eq!(
        door.ok("getSong", &[("id", &song)]).await["song"]["userRating"],
        4
    );
    let theirs = door.json_as(&MAX, "getSong", &[("id", &song)]).await;
    assert!(theirs["song"].get("userRating").is_none(), "{theirs}");
    door.ok("setRating", &[("id", &song), ("rating", "0")])
        .await;
    assert!(door.ok("getSong", &[("id", &song)]).await["song"]
        .get("userRating")
        .is_none());
    for rating in ["9", "x", "-1"] {
        assert_eq!(
            door.code("setRating", &[("id", &song), ("rating", rating)])
                .await,
            10,
            "{rating}"
        );
    }
    assert_eq!(door.code("setRating", &[("id", &song)]).await, 10);
}

#[tokio::test]
async fn now_playing_is_not_a_play_and_a_scrobble_is() {
    let door = Door::new().await;
    door.second_listener().await;
    let song = door.song("Clockwork Rain.mp3").await;
    let album = door.album(SMALL).await;
    let frequent = |kind: &'static str| {
        let door = &door;
        async move {
            field(
                &door.ok("getAlbumList2", &[("type", kind)]).await["albumList2"]["album"],
                "id",
            )
        }
    };

    door.ok(
        "scrobble",
        &[("id", &song), ("submission", "false"), ("c", "Tape Deck")],
    )
    .await;
    let playing = door.ok("getNowPlaying", &[]).await["nowPlaying"]["entry"].take();
    assert_eq!(items(&playing).len(), 1, "{playing}");
    assert_eq!(playing[0]["id"], song.as_str());
    assert_eq!(playing[0]["username"], LISTENER);
    assert_eq!(playing[0]["playerName"], "Tape Deck");
    let seen = door.json_as(&MAX, "getNowPlaying", &[]).await;
    assert_eq!(
        seen["nowPlaying"]["entry"][0]["username"], LISTENER,
        "{seen}"
    );
    assert_eq!(
        door.ok("getSong", &[("id", &song)]).await["song"]["playCount"],
        0
    );
    assert!(frequent("frequent").await.is_empty());

    door.ok("scrobble", &[("id", &song), ("submission", "true")])
        .await;
    assert_eq!(
        door.ok("getSong", &[("id", &song)]).await["song"]["playCount"],
        1
    );
    assert_eq!(frequent("frequent").await, [album.as_str()]);
    assert_eq!(frequent("recent").await, [album]);
    assert_eq!(door.code("scrobble", &[("id", "tr-999999")]).await, 70);
}

#[tokio::test]
async fn a_playlist_is_made_changed_hidden_from_others_and_deleted() {
    let door = Door::new().await;
    door.second_listener().await;
    let a = door.song("Morning Tide.mp3").await;
    let b = door.song("Café Arpeggio.flac").await;
    let c = door.song("Night Garden.wav").await;
    let made = door
        .ok(
            "createPlaylist",
            &[("name", "Road"), ("songId", &a), ("songId", &b)],
        )
        .await;
    let made = &made["playlist"];
    assert_eq!(field(&made["entry"], "id"), [a.clone(), b.clone()]);
    let id = made["id"].as_str().expect("playlist id").to_owned();

    let listed = door.ok("getPlaylists", &[]).await["playlists"]["playlist"].take();
    assert_eq!(field(&listed, "id"), [id.as_str()]);
    assert_eq!(listed[0]["songCount"], 2);
    assert_eq!(listed[0]["owner"], LISTENER);
    assert_eq!(listed[0]["public"], false);

    let change = [
        ("playlistId", id.as_str()),
        ("name", "Road trip"),
        ("songIdToAdd", c.as_str()),
        ("songIndexToRemove", "0"),
    ];
    door.ok("updatePlaylist", &change).await;
    let changed = door.ok("getPlaylist", &[("id", &id)]).await["playlist"].take();
    assert_eq!(changed["name"], "Road trip");
    assert_eq!(field(&changed["entry"], "id"), [b, c.clone()]);
    assert_eq!(changed["songCount"], 2);

    // Another listener: the private playlist does not exist for them.
    let theirs = [
        ("getPlaylist", vec![("id", id.as_str())]),
        (
            "updatePlaylist",
            vec![("playlistId", id.as_str()), ("name", "Mine now")],
        ),
        (
            "updatePlaylist",
            vec![("playlistId", id.as_str()), ("songIdToAdd", c.as_str())],
        ),
        ("deletePlaylist", vec![("id", id.as_str())]),
    ];
    for (method, params) in &theirs {
        assert_eq!(
            code_of(&door.json_as(&MAX, method, params).await),
            70,
            "{method}"
        );
    }
    let listed = door.json_as(&MAX, "getPlaylists", &[]).await;
    assert_eq!(listed["playlists"]["playlist"], json!([]));
    let kept = door.ok("getPlaylist", &[("id", &id)]).await["playlist"].take();
    assert_eq!(
        (kept["name"].clone(), kept["songCount"].clone()),
        (json!("Road trip"), json!(2))
    );

    door.ok("deletePlaylist", &[("id", &id)]).await;
    assert_eq!(
        door.ok("getPlaylists", &[]).await["playlists"]["playlist"],
        json!([])
    );
    assert_eq!(door.code("getPlaylist", &[("id", &id)]).await, 70);
}

#[tokio::test]
async fn a_saved_play_queue_comes_back() {
    let door = Door::new().await;
    let a = door.song("Morning Tide.mp3").await;
    let b = door.song("Slow Orbit.m4a").await;
    let c = door.song("Sommernächte.opus").await;
    let params = [
        ("id", a.as_str()),
        ("id", b.as_str()),
        ("id", c.as_str()),
        ("current", b.as_str()),
        ("position", "12345"),
        ("c", "Tape Deck"),
    ];
    door.ok("savePlayQueue", &params).await;
    let queue = door.ok("getPlayQueue", &[]).await["playQueue"].take();
    assert_eq!(field(&queue["entry"], "id"), [a, b.clone(), c]);
    assert_eq!(queue["current"], b.as_str());
    assert_eq!(queue["position"], 12345);
    assert_eq!(queue["username"], LISTENER);
    assert_eq!(queue["changedBy"], "Tape Deck");
    assert_ne!(queue["changed"], "1970-01-01T00:00:00Z");
}

// ---------------------------------------------------------------------------------------------
// Media

#[tokio::test]
async fn a_stream_answers_ranges_and_head_and_a_download_is_an_attachment() {
    let door = Door::new().await;
    let id = door.app.track_id("Morning Tide.mp3").await;
    let file = std::fs::read(door.app.track_path(id).await).expect("demo file");
    let song = format!("tr-{id}");
    let duration = door.ok("getSong", &[("id", &song)]).await["song"]["duration"].clone();
    assert_eq!(duration, 27);
    let params = as_lena(&[("id", &song)]);

    let ranged = door
        .raw("stream", &params, &[("range", "bytes=0-99")])
        .await;
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        header(&ranged, "content-range"),
        format!("bytes 0-99/{}", file.len())
    );
    assert_eq!(header(&ranged, "x-content-duration"), "27");
    assert_eq!(header(&ranged, "content-type"), "audio/mpeg");
    assert_eq!(body_bytes(ranged).await, &file[..100]);

    let request = Request::head(format!("/rest/stream.view?{}", query(&params)))
        .body(Body::empty())
        .expect("request");
    let head = door.app.send_anonymous(request).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header(&head, "content-length"), file.len().to_string());
    assert!(body_bytes(head).await.is_empty());

    let download = door.raw("download", &params, &[]).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert!(header(&download, "content-disposition").starts_with("attachment"));
    assert_eq!(body_bytes(download).await, file);
}

#[tokio::test]
async fn a_time_offset_starts_an_mp3_at_a_frame_and_other_formats_fail_clearly() {
    let door = Door::new().await;
    let id = door.app.track_id("Morning Tide.mp3").await;
    let file = std::fs::read(door.app.track_path(id).await).expect("demo file");
    let song = format!("tr-{id}");
    let params = as_lena(&[("id", &song), ("timeOffset", "10")]);
    let response = door.raw("stream", &params, &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "audio/mpeg");
    let body = body_bytes(response).await;
    assert!(
        body[0] == 0xFF && body[1] & 0xE0 == 0xE0,
        "no frame sync at the start"
    );
    assert_eq!(body, &file[file.len() - body.len()..]);
    assert!(body.len() < file.len() * 3 / 4);

    for suffix in [".flac", ".ogg", ".m4a", ".wav", ".opus"] {
        let other = door.song(suffix).await;
        let code = door
            .code("stream", &[("id", &other), ("timeOffset", "5")])
            .await;
        assert_eq!(code, 0, "{suffix}");
    }
    assert_eq!(
        door.code("stream", &[("id", &song), ("timeOffset", "1000")])
            .await,
        10
    );
    assert_eq!(
        door.code("stream", &[("id", &song), ("timeOffset", "soon")])
            .await,
        10
    );
}

#[tokio::test]
async fn a_stream_of_an_unknown_song_is_a_failed_reply_not_bytes() {
    let door = Door::new().await;
    let params = as_lena(&[("id", "tr-999999")]);
    let text = xml_text(door.raw("stream", &params, &[]).await).await;
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(doc.root_element().attribute("status"), Some("failed"));
    let error = element(doc.root_element(), "error");
    assert_eq!(error.attribute("code"), Some("70"));
    assert_eq!(door.code("download", &[("id", "tr-999999")]).await, 70);
}

#[tokio::test]
async fn cover_art_is_resized_and_revalidated() {
    let door = Door::new().await;
    let album = door.album(HARBOUR).await;
    let song = door.song("Lantern Walk.ogg").await;
    for id in [album.as_str(), song.as_str()] {
        let params = as_lena(&[("id", id), ("size", "64")]);
        let response = door.raw("getCoverArt", &params, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{id}");
        assert_eq!(header(&response, "content-type"), "image/jpeg");
        let etag = header(&response, "etag").to_owned();
        let picture = image::load_from_memory(&body_bytes(response).await).expect("a picture");
        assert_eq!((picture.width(), picture.height()), (64, 64));
        let again = door
            .raw("getCoverArt", &params, &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{id}");
    }
}

// ---------------------------------------------------------------------------------------------
// Methods Cadenza lacks, and the administrator's

#[tokio::test]
async fn an_unknown_method_is_not_implemented_never_a_server_error() {
    let door = Door::new().await;
    for method in [
        "getPodcasts",
        "getPodcasts.view",
        "jukeboxControl",
        "createShare",
    ] {
        let reply = door.json_as(&LENA, method, &[]).await;
        assert_eq!(code_of(&reply), 0, "{method}");
        let message = reply["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains("not implemented"), "{method}: {message}");
        let text = xml_text(door.raw(method, &LENA, &[]).await).await;
        let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
        assert_eq!(doc.root_element().attribute("status"), Some("failed"));
        let error = element(doc.root_element(), "error");
        assert_eq!(error.attribute("code"), Some("0"), "{method}");
    }
}

#[tokio::test]
async fn only_an_admin_starts_a_scan() {
    let door = Door::new().await;
    assert_eq!(door.code("startScan", &[]).await, 50);
    let status = door.ok("getScanStatus", &[]).await["scanStatus"].take();
    assert_eq!(status, json!({"scanning": false, "count": SONGS}));
    door.accounts()
        .add_user("ada", "piano keys at dawn", Role::Admin)
        .await
        .expect("admin");
    let admin = [("u", "ada"), ("p", "piano keys at dawn")];
    let started = ok_reply(door.json_as(&admin, "startScan", &[]).await, "startScan");
    assert_eq!(started["scanStatus"]["scanning"], true, "{started}");
    assert!(started["scanStatus"]["count"].is_i64());
}

// ---------------------------------------------------------------------------------------------
// The log

/// The real server (`server serve`) over the test's database, logging at debug level: its
/// address, once it says it listens, and a reader of everything it writes.
struct RunningServer {
    child: std::process::Child,
    addr: SocketAddr,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl RunningServer {
    fn start(door: &Door) -> Self {
        use std::io::BufRead as _;
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args([
                "serve",
                "--no-scan",
                "--no-watch",
                "--addr",
                &addr.to_string(),
            ])
            .env("DATABASE_URL", door.app.database.url())
            .env("CADENZA_MEDIA_DIR", &door.app.media)
            .env("CADENZA_TOKEN_KEY_FILE", door.keys.path().join("token.key"))
            .env("RUST_LOG", "debug")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start the server");
        let (send, lines) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let readers: [Box<dyn std::io::Read + Send>; 2] = [Box::new(stdout), Box::new(stderr)];
        for reader in readers {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in std::io::BufReader::new(reader)
                    .lines()
                    .map_while(Result::ok)
                {
                    let _ = send.send(line);
                }
            });
        }
        let mut server = Self {
            child,
            addr,
            lines,
            seen: Vec::new(),
        };
        loop {
            let line = server
                .lines
                .recv_timeout(std::time::Duration::from_secs(60))
                .unwrap_or_else(|_| {
                    panic!("the server did not start:\n{}", server.seen.join("\n"))
                });
            let listening = line.contains("listening on");
            server.seen.push(line);
            if listening {
                return server;
            }
        }
    }

    async fn get(&self, uri: &str) -> String {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let mut stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .expect("connect");
        let request = format!(
            "GET {uri} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        stream.write_all(request.as_bytes()).await.expect("send");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("answer");
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Stops the server and returns everything it wrote.
    fn output(&mut self) -> String {
        self.stop();
        self.seen.extend(self.lines.iter());
        self.seen.join("\n")
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test that fails half-way leaves no server behind.
impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test]
async fn no_credential_reaches_the_log() {
    let door = Door::new().await;
    let lena = door.accounts().user_id(LISTENER).await.expect("lena");
    let key = door.accounts().add_api_key(lena, "app").await.expect("key");
    let token_key = door
        .accounts()
        .add_token_api_key(lena, "t")
        .await
        .expect("key");
    let salt = "a1b2c3d4e5";
    let token = hex::encode(Md5::digest(format!("{token_key}{salt}")));
    let wrong_password = "a wrong but secret guess";
    let wrong_token = hex::encode(Md5::digest(format!("guessed{salt}")));
    let guessed_key = "cadenza_guessed-key-0123456789";
    let hex_password = hex::encode(PASSWORD);
    let enc_password = format!("enc:{hex_password}");
    let (key, token, wrong_token) = (key.as_str(), token.as_str(), wrong_token.as_str());
    let mut server = RunningServer::start(&door);

    let calls: [(Params, bool); 8] = [
        (vec![("u", LISTENER), ("p", PASSWORD)], true),
        (vec![("u", LISTENER), ("p", enc_password.as_str())], true),
        (vec![("u", LISTENER), ("p", key)], true),
        (vec![("apiKey", key)], true),
        (vec![("u", LISTENER), ("t", token), ("s", salt)], true),
        (vec![("u", LISTENER), ("p", wrong_password)], false),
        (vec![("apiKey", guessed_key)], false),
        (
            vec![("u", LISTENER), ("t", wrong_token), ("s", salt)],
            false,
        ),
    ];
    for (auth, opens) in &calls {
        let answer = server
            .get(&format!("/rest/getPodcasts.view?{}", query(auth)))
            .await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        // Signed in, the method is missing (0); refused, the sign-in is (40 or 44).
        let code = if *opens { "code=\"0\"" } else { "code=\"4" };
        assert!(answer.contains(code), "{auth:?}: {answer}");
    }

    let log = server.output();
    for expected in ["program sign-in refused", "invalid API key", "listening on"] {
        assert!(log.contains(expected), "no {expected:?} in the log:\n{log}");
    }
    let encoded = |text: &str| query(&[("x", text)])[2..].to_owned();
    for secret in [
        PASSWORD.to_owned(),
        encoded(PASSWORD),
        PASSWORD.replace(' ', "%20"),
        hex_password.clone(),
        wrong_password.to_owned(),
        encoded(wrong_password),
        key.to_owned(),
        token_key.clone(),
        token.to_owned(),
        wrong_token.to_owned(),
        guessed_key.to_owned(),
    ] {
        assert!(!log.contains(&secret), "{secret:?} reached the log:\n{log}");
    }
}
