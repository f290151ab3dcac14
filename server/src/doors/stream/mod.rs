//! `GET`/`HEAD /music/track?track_id=N`: the byte-range streaming route the player's audio
//! element (and curl) uses. An adapter: the query comes through its extractor, the library
//! resolves and opens the file, the HTTP toolkit answers.

mod query;

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, Method};
use axum::response::Response;

pub use query::StreamQuery;

use crate::domain::library::TrackFile;
use crate::domain::{Library, LibraryError};
use crate::doors::error::AppError;
use crate::http_kit::file::{respond, respond_from_offset, Served};

/// Listeners' browsers revalidate (cheaply, with the ETag) rather than trust a stale copy:
/// a rescan can change what a track id's file holds.
const CACHE_CONTROL: &str = "no-cache";

/// Streams one track: look the id up, open its file, then answer per the request's
/// preconditions and `Range`, or from the frame of `start_sec`.
pub async fn stream_track(
    State(library): State<Arc<Library>>,
    method: Method,
    query: StreamQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    Ok(track_answer(&library, &method, &headers, query.track_id, query.start_sec).await?)
}

/// The answer for one track's file, from the start (ranges and preconditions honoured) or from
/// the frame of `start_sec`: shared by every door that streams (the Subsonic API's too).
pub async fn track_answer(
    library: &Library,
    method: &Method,
    headers: &HeaderMap,
    track_id: i64,
    start_sec: Option<f64>,
) -> Result<Response, LibraryError> {
    let track = library.track_file(track_id).await?;
    let file = library.open_file(&track).await?;
    let served = served(&track);
    Ok(match start_sec {
        None => respond(method, headers, served, file.file, &file.metadata),
        Some(seconds) => {
            let (file, offset) = library.frame_offset(&track, file, seconds).await?;
            respond_from_offset(method, served, file.file, &file.metadata, offset)
        }
    })
}

fn served(track: &TrackFile) -> Served<'_> {
    Served {
        content_type: track
            .format
            .map_or("application/octet-stream", |format| format.mime()),
        file_name: Some(&track.file_name),
        cache_control: CACHE_CONTROL,
    }
}
