//! `GET`/`HEAD /music/track?track_id=N`: the byte-range streaming route the player's audio
//! element (and curl) uses. The handler only wires the steps together; each step is a module.

mod body;
mod conditional;
pub mod content_type;
pub mod disposition;
mod open;
mod query;
mod range;
mod response;

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;

use crate::error::AppError;
use crate::library::TrackIndex;

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
    if query.start_sec.is_some() {
        // Cutting a compressed stream at a guessed byte offset would not play: refuse clearly
        // until the frame index says where second S starts.
        return Err(AppError::StartSecUnsupported);
    }
    let file = open::open_track_file(track.path.clone()).await?;
    Ok(response::respond(&method, &headers, &track, file))
}

/// Any other method on the stream route.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
