//! `GET`/`HEAD /music/track?track_id=N`: the byte-range streaming route the player's audio
//! element (and curl) uses. The handler only wires the steps together; each step is a module.

mod body;
pub(crate) mod conditional;
pub mod content_type;
pub mod disposition;
mod mp3;
mod open;
pub(crate) mod query;
mod range;
mod response;

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;

use crate::error::AppError;
use crate::library::{TrackFile, TrackIndex};

/// Streams one track: look the id up, open its file, then answer per the request's
/// preconditions and `Range`.
pub async fn stream_track(
    State(index): State<Arc<TrackIndex>>,
    method: Method,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let query = query::parse_track_query(raw.as_deref())?;
    let track = index
        .get(query.track_id)
        .await?
        .ok_or(AppError::UnknownTrack)?;
    let file = open::open_track_file(track.path.clone()).await?;
    match query.start_sec {
        None => Ok(response::respond(&method, &headers, &track, file)),
        Some(seconds) => {
            let (file, offset) = start_offset(&track, file, seconds).await?;
            Ok(response::respond_from_offset(&method, &track, file, offset))
        }
    }
}

/// Where the body for `start_sec` begins: the MP3 frame that holds second `seconds`, read from
/// the file's frames or seek table. Other formats cannot be cut at a byte offset and still play.
async fn start_offset(
    track: &TrackFile,
    file: open::OpenFile,
    seconds: f64,
) -> Result<(open::OpenFile, u64), AppError> {
    if track.content_type != "audio/mpeg" {
        return Err(AppError::StartSecUnsupported);
    }
    let (file, offset) = tokio::task::spawn_blocking(move || {
        let offset = mp3::frame_offset_for_second(&file.file, seconds);
        (file, offset)
    })
    .await
    .map_err(std::io::Error::other)?;
    match offset {
        Ok(Some(offset)) => Ok((file, offset)),
        Ok(None) => Err(AppError::StartSecPastEnd),
        Err(mp3::Mp3Error::Io(error)) => Err(AppError::Io(error)),
        Err(error) => {
            tracing::warn!(track = track.id, %error, "start_sec: not a readable MP3");
            Err(AppError::StartSecUnsupported)
        }
    }
}

/// Any other method on the stream route.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
