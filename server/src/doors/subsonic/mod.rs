//! The Subsonic API (1.16.1 with the OpenSubsonic additions) at `/rest/NAME` and
//! `/rest/NAME.view`: the door the phone and desktop apps use. Another thin door over the same
//! core: parameters from the query and a POST form, one authentication per call, then one
//! method, whose answer is one tree written as XML or JSON (`reply.rs`). Errors are HTTP 200
//! with a Subsonic code, as the apps expect; a method Cadenza lacks answers "not implemented".

mod auth;
mod browsing;
mod fail;
mod folders;
mod ids;
mod keeping;
mod media;
mod params;
mod play_queue;
mod playlists;
mod reply;
mod searching;
mod shapes;
mod system;

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use http::{HeaderMap, Method};

use crate::domain::accounts::{Client, Principal};
use crate::domain::browse::Browse;
use crate::state::AppState;
use fail::Fail;
use params::Params;
use reply::{Format, Payload};

/// The largest form body read (a play queue of 10,000 ids fits).
const MAX_FORM: usize = 1 << 20;

pub fn routes() -> Router<AppState> {
    Router::new().route("/rest/{method}", any(call))
}

/// One call, as a method sees it.
pub struct Call {
    pub params: Params,
    pub user: Principal,
    pub state: AppState,
    pub method: Method,
    pub headers: HeaderMap,
    /// The app's name (`c`), as it named itself.
    pub player: String,
}

impl Call {
    pub fn browse(&self) -> &Arc<Browse> {
        &self.state.browse
    }
}

/// What a method answers: a reply tree, or bytes (a stream, a cover).
pub enum Answer {
    Reply(Payload),
    Bytes(Response),
}

impl From<Payload> for Answer {
    fn from(payload: Payload) -> Self {
        Self::Reply(payload)
    }
}

async fn call(
    State(state): State<AppState>,
    Path(name): Path<String>,
    client: Client,
    request: Request,
) -> Response {
    let name = name.strip_suffix(".view").unwrap_or(&name).to_owned();
    let (parts, body) = request.into_parts();
    let body = if parts.method == Method::POST && is_form(&parts.headers) {
        match axum::body::to_bytes(body, MAX_FORM).await {
            Ok(bytes) => bytes,
            Err(_) => {
                let params = Params::parse(parts.uri.query(), b"");
                return reply::failed(format_of(&params), 0, "The form is too large or broken");
            }
        }
    } else {
        drop(body);
        Default::default()
    };
    let params = Params::parse(parts.uri.query(), &body);
    let format = format_of(&params);
    // The one method that answers without authentication (its spec says so).
    if name == "getOpenSubsonicExtensions" {
        return reply::ok(format, system::extensions());
    }
    let user = match auth::principal(&state.accounts, &params, &client).await {
        Ok(user) => user,
        Err(fail) => return reply::failed(format, fail.code, &fail.message),
    };
    let call = Call {
        player: params.get("c").unwrap_or("").chars().take(120).collect(),
        params,
        user,
        state,
        method: parts.method,
        headers: parts.headers,
    };
    match dispatch(&name, &call).await {
        Ok(Answer::Reply(payload)) => reply::ok(format, payload),
        Ok(Answer::Bytes(response)) => response,
        Err(fail) => {
            tracing::debug!(method = name, code = fail.code, "subsonic call refused");
            reply::failed(format, fail.code, &fail.message)
        }
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

fn format_of(params: &Params) -> Format {
    match params.get("f") {
        Some("json") => Format::Json,
        _ => Format::Xml,
    }
}

async fn dispatch(name: &str, call: &Call) -> Result<Answer, Fail> {
    let answer = match name {
        "ping" => Payload::Empty.into(),
        "getLicense" => system::license().into(),
        "getMusicFolders" => system::music_folders().into(),
        "getUser" => system::user(call).await?.into(),
        "tokenInfo" => system::token_info(call).into(),
        "getScanStatus" => system::scan_status(call).await?.into(),
        "startScan" => system::start_scan(call).await?.into(),
        "getArtists" => browsing::artists(call).await?.into(),
        "getArtist" => browsing::artist(call).await?.into(),
        "getAlbum" => browsing::album(call).await?.into(),
        "getSong" => browsing::song(call).await?.into(),
        "getGenres" => browsing::genres(call).await?.into(),
        "getRandomSongs" => browsing::random_songs(call).await?.into(),
        "getSongsByGenre" => browsing::songs_by_genre(call).await?.into(),
        "getAlbumList2" => browsing::album_list(call, true).await?.into(),
        "getAlbumList" => browsing::album_list(call, false).await?.into(),
        "getIndexes" => folders::indexes(call).await?.into(),
        "getMusicDirectory" => folders::directory(call).await?.into(),
        "search2" => searching::search(call, false).await?.into(),
        "search3" => searching::search(call, true).await?.into(),
        "getStarred" => searching::starred(call, false).await?.into(),
        "getStarred2" => searching::starred(call, true).await?.into(),
        "stream" | "download" => Answer::Bytes(media::stream(call, name == "download").await?),
        "getCoverArt" => Answer::Bytes(media::cover_art(call).await?),
        "scrobble" => keeping::scrobble(call).await?.into(),
        "star" => keeping::star(call, true).await?.into(),
        "unstar" => keeping::star(call, false).await?.into(),
        "setRating" => keeping::set_rating(call).await?.into(),
        "getNowPlaying" => keeping::now_playing(call).await?.into(),
        "getPlaylists" => playlists::list(call).await?.into(),
        "getPlaylist" => playlists::one(call).await?.into(),
        "createPlaylist" => playlists::create(call).await?.into(),
        "updatePlaylist" => playlists::update(call).await?.into(),
        "deletePlaylist" => playlists::delete(call).await?.into(),
        "getPlayQueue" => play_queue::get(call).await?.into(),
        "savePlayQueue" => play_queue::save(call).await?.into(),
        other => return Err(Fail::not_implemented(other)),
    };
    Ok(answer)
}
