//! The collection through the page's server functions: the album grid, album and artist pages,
//! and what each listener keeps (stars, plays, the saved queue), which no other listener reads
//! or changes, whatever ids they send.

use app::keep::{CreatePlaylist, EditPlaylist, ImportPlaylist, SaveQueue};
use app::model::{
    AlbumDetail, AlbumSummary, ArtistDetail, Favourites, History, Imported, Page, PlaylistDetail,
    PlaylistEdit, PlaylistSummary, QueueState, SavedQueue, StarIds, MAX_SAVED_QUEUE,
};
use axum::body::Body;
use axum::http::Request;
use server::domain::accounts::Role;

use crate::common::{body_bytes, body_json, body_postcard, TestApp};

const OTHER: &str = "max";
const OTHER_PASSWORD: &str = "another long passphrase";

/// A second listener, signed in: their session cookie.
async fn second_listener(app: &TestApp) -> String {
    let accounts = &app.state.accounts;
    accounts
        .add_user(OTHER, OTHER_PASSWORD, Role::Listener)
        .await
        .expect("second listener");
    let (_, session) = accounts
        .login(OTHER, OTHER_PASSWORD, &Default::default())
        .await
        .expect("second listener signs in");
    format!("cadenza_session={session}")
}

/// Calls a server function that takes postcard, as the listener whose cookie is given.
async fn call_postcard<A: serde::Serialize, T: serde::de::DeserializeOwned>(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    arguments: &A,
) -> T {
    let body = postcard::to_allocvec(arguments).expect("postcard arguments");
    let mut request =
        Request::post(format!("/api/{name}")).header("content-type", "application/x-postcard");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = app
        .send(request.body(Body::from(body)).expect("request"))
        .await;
    assert_eq!(response.status(), 200, "{name}");
    body_postcard(response).await
}

/// Calls a server function as the listener whose cookie is given (the test's own without one).
async fn call<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    arguments: &str,
) -> T {
    let mut request = Request::post(format!("/api/{name}"))
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = app
        .send(
            request
                .body(Body::from(arguments.to_owned()))
                .expect("request"),
        )
        .await;
    assert_eq!(response.status(), 200, "{name}({arguments})");
    body_postcard(response).await
}

#[tokio::test]
async fn albums_are_listed_in_each_order_and_an_album_lists_its_tracks_in_order() {
    let app = TestApp::demo().await;
    let titles = |page: &Page<AlbumSummary>| -> Vec<String> {
        page.items.iter().map(|a| a.title.clone()).collect()
    };
    let by_artist: Page<AlbumSummary> = call(&app, None, "album_grid", "query[page]=1").await;
    assert_eq!(
        titles(&by_artist),
        ["Harbour Lights", "Paper Skies", "Small Hours"]
    );
    let by_year: Page<AlbumSummary> = call(&app, None, "album_grid", "query[sort]=year").await;
    assert_eq!(
        titles(&by_year),
        ["Small Hours", "Harbour Lights", "Paper Skies"]
    );
    let paged: Page<AlbumSummary> =
        call(&app, None, "album_grid", "query[page]=2&query[per_page]=2").await;
    assert_eq!(
        (titles(&paged), paged.total),
        (vec!["Small Hours".into()], 3)
    );

    let harbour = by_artist.items[0].id;
    let album: Option<AlbumDetail> = call(&app, None, "album_page", &format!("id={harbour}")).await;
    let album = album.expect("the album");
    let tracks: Vec<_> = album.tracks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(tracks, ["Morning Tide", "Café Arpeggio", "Lantern Walk"]);
    assert_eq!(album.album.artist.as_deref(), Some("Lumen Drift"));
    let unknown: Option<AlbumDetail> = call(&app, None, "album_page", "id=999999").await;
    assert_eq!(unknown, None);

    let artist_id = album.album.artist_id.expect("album artist");
    let artist: Option<ArtistDetail> =
        call(&app, None, "artist_page", &format!("id={artist_id}")).await;
    let artist = artist.expect("the artist");
    assert_eq!(artist.artist.name, "Lumen Drift");
    assert_eq!(artist.artist.track_count, 4);
    let albums: Vec<_> = artist.albums.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(albums, ["Harbour Lights", "Paper Skies"]);
    assert_eq!(artist.tracks.len(), 4);
    assert!(artist.most_played.is_empty(), "nothing played yet");
}

#[tokio::test]
async fn the_views_are_rendered_on_the_server_for_a_listener_only() {
    let app = TestApp::demo().await;
    let page: Page<AlbumSummary> = call(&app, None, "album_grid", "query[page]=1").await;
    let album = &page.items[0];
    let artist = album.artist_id.expect("artist");
    for (path, shows) in [
        ("/albums".to_owned(), "Harbour Lights"),
        (format!("/albums/{}", album.id), "Lantern Walk"),
        (format!("/artists/{artist}"), "Paper Skies"),
        ("/favourites".to_owned(), "Nothing starred yet"),
        ("/history".to_owned(), "Recently added"),
    ] {
        let response = app.get(&path, &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        let html = String::from_utf8(body_bytes(response).await).expect("utf-8");
        assert!(html.contains(shows), "{path} shows {shows}");
        let anonymous = app
            .send_anonymous(Request::get(&path).body(Body::empty()).expect("request"))
            .await;
        assert_eq!(anonymous.status(), 303, "{path} without a session");
    }
}

#[tokio::test]
async fn stars_belong_to_their_listener() {
    let app = TestApp::demo().await;
    let other = second_listener(&app).await;
    let track = app.track_id("Night Garden.wav").await;
    let star = format!("kind=track&id={track}&starred=true");

    let starred: bool = call(&app, None, "set_star", &star).await;
    assert!(starred);
    // Twice is the same star.
    let again: bool = call(&app, None, "set_star", &star).await;
    assert!(again);
    let mine: StarIds = call(&app, None, "my_stars", "").await;
    assert_eq!(mine.tracks, vec![track]);
    let favourites: Favourites = call(&app, None, "favourites", "").await;
    let titles: Vec<_> = favourites.tracks.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Night Garden"]);

    // The other listener sees none of it and cannot undo it.
    let theirs: StarIds = call(&app, Some(&other), "my_stars", "").await;
    assert_eq!(theirs, StarIds::default());
    let theirs: Favourites = call(&app, Some(&other), "favourites", "").await;
    assert!(theirs.tracks.is_empty());
    let unstar = format!("kind=track&id={track}&starred=false");
    let _: bool = call(&app, Some(&other), "set_star", &unstar).await;
    let mine: StarIds = call(&app, None, "my_stars", "").await;
    assert_eq!(
        mine.tracks,
        vec![track],
        "another listener's unstar is theirs only"
    );

    // Unknown ids are never starred.
    let unknown: bool = call(&app, None, "set_star", "kind=album&id=999999&starred=true").await;
    assert!(!unknown);
    let junk = app
        .call_server_fn("set_star", "kind=playlist&id=1&starred=true")
        .await;
    assert_eq!(junk.status(), 400);
    assert_eq!(body_json(junk).await["message"], "INVALID_ARGUMENTS");
    let missing = app.call_server_fn("album_grid", "").await;
    assert_eq!(missing.status(), 400);

    let _: bool = call(&app, None, "set_star", &unstar).await;
    let mine: StarIds = call(&app, None, "my_stars", "").await;
    assert!(mine.tracks.is_empty());
}

#[tokio::test]
async fn plays_make_each_listeners_history_and_most_played() {
    let app = TestApp::demo().await;
    let other = second_listener(&app).await;
    let tide = app.track_id("Morning Tide.mp3").await;
    let walk = app.track_id("Lantern Walk.ogg").await;
    for track in [tide, walk, walk] {
        let counted: bool = call(&app, None, "record_play", &format!("track={track}")).await;
        assert!(counted);
    }
    let unknown: bool = call(&app, None, "record_play", "track=999999").await;
    assert!(!unknown);

    let history: History = call(&app, None, "history", "").await;
    let most: Vec<_> = history
        .most
        .iter()
        .map(|p| (p.track.title.as_str(), p.plays))
        .collect();
    assert_eq!(most, [("Lantern Walk", 2), ("Morning Tide", 1)]);
    assert_eq!(history.recent.len(), 2);
    assert_eq!(
        history.added.len(),
        7,
        "every track of the demo is recently added"
    );

    let artist = app
        .state
        .library
        .album(history.most[0].track.album_id.expect("album"))
        .await
        .expect("album")
        .and_then(|a| a.album.artist_id)
        .expect("artist");
    let page: Option<ArtistDetail> = call(&app, None, "artist_page", &format!("id={artist}")).await;
    let played: Vec<_> = page
        .expect("artist")
        .most_played
        .iter()
        .map(|p| p.track.title.clone())
        .collect();
    assert_eq!(played, ["Lantern Walk", "Morning Tide"]);

    let theirs: History = call(&app, Some(&other), "history", "").await;
    assert!(theirs.recent.is_empty() && theirs.most.is_empty());
    let page: Option<ArtistDetail> =
        call(&app, Some(&other), "artist_page", &format!("id={artist}")).await;
    assert!(page.expect("artist").most_played.is_empty());
}

#[tokio::test]
async fn the_queue_is_kept_per_listener_for_another_device() {
    let app = TestApp::demo().await;
    let other = second_listener(&app).await;
    let tide = app.track_id("Morning Tide.mp3").await;
    let walk = app.track_id("Lantern Walk.ogg").await;
    let none: Option<SavedQueue> = call(&app, None, "saved_queue", "").await;
    assert_eq!(none, None);

    let queue = SaveQueue {
        queue: QueueState {
            track_ids: vec![tide, walk, 999_999],
            current: Some(walk),
            position_ms: 42_500,
        },
    };
    let kept: bool = call_postcard(&app, None, "save_queue", &queue).await;
    assert!(kept);
    let too_long = SaveQueue {
        queue: QueueState {
            track_ids: vec![tide; MAX_SAVED_QUEUE + 1],
            ..QueueState::default()
        },
    };
    let kept: bool = call_postcard(&app, Some(&other), "save_queue", &too_long).await;
    assert!(!kept, "a queue longer than the server keeps is refused");
    let saved: Option<SavedQueue> = call(&app, None, "saved_queue", "").await;
    let saved = saved.expect("saved");
    let ids: Vec<_> = saved.tracks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [tide, walk], "a track no longer there is left out");
    assert_eq!((saved.current, saved.position_ms), (Some(walk), 42_500));

    let theirs: Option<SavedQueue> = call(&app, Some(&other), "saved_queue", "").await;
    assert_eq!(theirs, None, "another listener has no queue");
}

#[tokio::test]
async fn playlists_are_private_until_shared_and_only_their_owner_changes_them() {
    let app = TestApp::demo().await;
    let other = second_listener(&app).await;
    let tide = app.track_id("Morning Tide.mp3").await;
    let walk = app.track_id("Lantern Walk.ogg").await;
    let garden = app.track_id("Night Garden.wav").await;
    let create = CreatePlaylist {
        name: "  Road trip  ".into(),
        tracks: vec![tide, walk, 999_999, garden],
    };
    let id: Option<i64> = call_postcard(&app, None, "create_playlist", &create).await;
    let id = id.expect("created");
    let titles = |detail: &Option<PlaylistDetail>| -> Vec<String> {
        detail
            .as_ref()
            .map(|d| d.tracks.iter().map(|t| t.title.clone()).collect())
            .unwrap_or_default()
    };
    let mine: Option<PlaylistDetail> = call(&app, None, "playlist", &format!("id={id}")).await;
    assert_eq!(
        titles(&mine),
        ["Morning Tide", "Lantern Walk", "Night Garden"]
    );
    assert_eq!(
        mine.as_ref().map(|d| d.playlist.name.as_str()),
        Some("Road trip")
    );

    // Moved, removed, added: in the order asked, kept after a reload.
    for edit in [
        PlaylistEdit::Move { from: 2, to: 0 },
        PlaylistEdit::Remove(1),
        PlaylistEdit::Add(vec![tide, tide]),
    ] {
        let done: bool =
            call_postcard(&app, None, "edit_playlist", &EditPlaylist { id, edit }).await;
        assert!(done);
    }
    let mine: Option<PlaylistDetail> = call(&app, None, "playlist", &format!("id={id}")).await;
    assert_eq!(
        titles(&mine),
        [
            "Night Garden",
            "Lantern Walk",
            "Morning Tide",
            "Morning Tide"
        ],
        "a track added twice is there twice"
    );

    // Private: the other listener does not see it, by list or by id, and cannot change it.
    let theirs: Vec<PlaylistSummary> = call(&app, Some(&other), "playlists", "").await;
    assert!(theirs.is_empty());
    let guessed: Option<PlaylistDetail> =
        call(&app, Some(&other), "playlist", &format!("id={id}")).await;
    assert_eq!(guessed, None);
    let export = app
        .send(
            Request::get(format!("/api/playlists/{id}/m3u8"))
                .header("cookie", &other)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(export.status(), 404);
    let rename = EditPlaylist {
        id,
        edit: PlaylistEdit::Rename("Mine now".into()),
    };
    let done: bool = call_postcard(&app, Some(&other), "edit_playlist", &rename).await;
    assert!(!done);
    let deleted: bool = call(&app, Some(&other), "delete_playlist", &format!("id={id}")).await;
    assert!(!deleted);

    // Shared: readable and playable by the other listener, still not changeable.
    let share = EditPlaylist {
        id,
        edit: PlaylistEdit::SetPublic(true),
    };
    let done: bool = call_postcard(&app, None, "edit_playlist", &share).await;
    assert!(done);
    let theirs: Vec<PlaylistSummary> = call(&app, Some(&other), "playlists", "").await;
    assert_eq!(theirs.len(), 1);
    assert!(!theirs[0].mine && theirs[0].owner == "lena");
    let shared: Option<PlaylistDetail> =
        call(&app, Some(&other), "playlist", &format!("id={id}")).await;
    assert_eq!(titles(&shared).len(), 4);
    let done: bool = call_postcard(&app, Some(&other), "edit_playlist", &rename).await;
    assert!(!done);
    let mine: Option<PlaylistDetail> = call(&app, None, "playlist", &format!("id={id}")).await;
    assert_eq!(mine.map(|d| d.playlist.name), Some("Road trip".into()));

    let empty = CreatePlaylist {
        name: "   ".into(),
        tracks: vec![],
    };
    let refused: Option<i64> = call_postcard(&app, None, "create_playlist", &empty).await;
    assert_eq!(refused, None, "a playlist needs a name");

    let deleted: bool = call(&app, None, "delete_playlist", &format!("id={id}")).await;
    assert!(deleted);
    let gone: Option<PlaylistDetail> = call(&app, None, "playlist", &format!("id={id}")).await;
    assert_eq!(gone, None);
}

#[tokio::test]
async fn an_m3u8_export_imports_again_and_unknown_entries_are_reported() {
    let app = TestApp::demo().await;
    let tide = app.track_id("Morning Tide.mp3").await;
    let orbit = app.track_id("Slow Orbit.m4a").await;
    let create = CreatePlaylist {
        name: "Evening/Late".into(),
        tracks: vec![orbit, tide],
    };
    let id: Option<i64> = call_postcard(&app, None, "create_playlist", &create).await;
    let response = app
        .get(&format!("/api/playlists/{}/m3u8", id.expect("id")), &[])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        crate::common::header(&response, "content-type"),
        "audio/x-mpegurl; charset=utf-8"
    );
    assert!(crate::common::header(&response, "content-disposition").contains("Evening-Late.m3u8"));
    let text = String::from_utf8(body_bytes(response).await).expect("utf-8");
    assert!(text.starts_with("#EXTM3U\n#EXTINF:"), "{text}");
    assert!(text.contains("\nThe Glass Orchard/Small Hours/02 - Slow Orbit.m4a\n"));

    let media = app.media.display().to_string();
    let import = ImportPlaylist {
        name: "Imported".into(),
        text: format!(
            "{text}not/there.mp3\n{media}/Lumen Drift/Paper Skies/01 - Sommernächte.opus\n"
        ),
    };
    let imported: Option<Imported> = call_postcard(&app, None, "import_playlist", &import).await;
    let imported = imported.expect("imported");
    assert_eq!(imported.added, 3);
    assert_eq!(imported.unknown, ["not/there.mp3"]);
    let detail: Option<PlaylistDetail> =
        call(&app, None, "playlist", &format!("id={}", imported.id)).await;
    let titles: Vec<_> = detail
        .expect("playlist")
        .tracks
        .iter()
        .map(|t| t.title.clone())
        .collect();
    assert_eq!(titles, ["Slow Orbit", "Morning Tide", "Sommernächte"]);
}
