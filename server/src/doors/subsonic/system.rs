//! System methods: the licence, the extensions, the one music folder, the user, the scanner.

use super::fail::Fail;
use super::reply::{Node, Payload, Value};
use super::Call;

/// The extensions Cadenza implements, each at version 1.
const EXTENSIONS: [&str; 3] = ["apiKeyAuthentication", "formPost", "transcodeOffset"];

pub fn extensions() -> Payload {
    Payload::Many(
        "openSubsonicExtensions",
        EXTENSIONS
            .iter()
            .map(|name| {
                Node::new()
                    .set("name", *name)
                    .values("versions", vec![Value::Int(1)])
            })
            .collect(),
    )
}

/// `tokenInfo` (with `apiKeyAuthentication`): whose key signed this call.
pub fn token_info(call: &Call) -> Payload {
    Payload::One(
        "tokenInfo",
        Node::new().set("username", call.user.name.as_str()),
    )
}

pub fn license() -> Payload {
    Payload::One("license", Node::new().set("valid", true))
}

/// The media folder, as Subsonic's one music folder.
pub fn music_folders() -> Payload {
    Payload::One(
        "musicFolders",
        Node::new().many(
            "musicFolder",
            vec![Node::new().set("id", 1i64).set("name", "Music")],
        ),
    )
}

/// `getUser`: oneself; an admin may ask for anyone.
pub async fn user(call: &Call) -> Result<Payload, Fail> {
    let name = call.params.required("username")?;
    let me = &call.user;
    let user = if name.eq_ignore_ascii_case(&me.name) {
        call.state.accounts.user(me.user_id).await?
    } else if me.is_admin() {
        match call.state.accounts.user_id(name).await {
            Ok(id) => call.state.accounts.user(id).await?,
            Err(_) => None,
        }
    } else {
        return Err(Fail::not_authorized());
    };
    let user = user.ok_or_else(|| Fail::not_found("User"))?;
    let admin = user.role == crate::domain::accounts::Role::Admin;
    let mut node = Node::new()
        .set("username", user.name.as_str())
        .set("scrobblingEnabled", true)
        .set("adminRole", admin);
    for (role, allowed) in [
        ("settingsRole", true),
        ("downloadRole", true),
        ("uploadRole", false),
        ("playlistRole", true),
        ("coverArtRole", false),
        ("commentRole", false),
        ("podcastRole", false),
        ("streamRole", true),
        ("jukeboxRole", false),
        ("shareRole", false),
        ("videoConversionRole", false),
    ] {
        node = node.set(role, allowed);
    }
    Ok(Payload::One(
        "user",
        node.values("folder", vec![Value::Int(1)]),
    ))
}

/// `getScanStatus`: whether a scan runs, and how many songs the library holds (or, while
/// scanning, how many files the scan has seen).
pub async fn scan_status(call: &Call) -> Result<Payload, Fail> {
    status(call, false).await
}

/// `startScan` (admins): a rescan in the background, then the status.
pub async fn start_scan(call: &Call) -> Result<Payload, Fail> {
    if !call.user.is_admin() {
        return Err(Fail::not_authorized());
    }
    let started = call.state.library.rescan_in_background();
    if started {
        tracing::info!(by = %call.user.name, "rescan started from a Subsonic app");
    }
    status(call, started).await
}

async fn status(call: &Call, started: bool) -> Result<Payload, Fail> {
    let library = &call.state.library;
    let running = library.scan_report().running;
    let count = match &running {
        Some(running) => running.files_seen as i64,
        None => library
            .shelf()
            .await?
            .in_order(app::model::AlbumSort::Title)
            .map(|row| row.track_count)
            .sum(),
    };
    let node = Node::new()
        .set("scanning", started || running.is_some())
        .set("count", count);
    Ok(Payload::One("scanStatus", node))
}
