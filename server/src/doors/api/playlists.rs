//! `GET /api/playlists/{id}/m3u8`: a playlist the caller may see, as an M3U8 download with
//! paths relative to the media folder. Another listener's private playlist is not found.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::Response;

use crate::domain::collection::m3u;
use crate::domain::Collection;
use crate::doors::error::AppError;
use crate::doors::extract::{PathId, Viewer};
use crate::http_kit::disposition::attachment_disposition;
use crate::http_kit::render;

pub async fn export_m3u8(
    State(collection): State<Arc<Collection>>,
    Viewer(viewer): Viewer,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    let detail = collection
        .playlist(viewer.user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut response = render::body(
        StatusCode::OK,
        "audio/x-mpegurl; charset=utf-8",
        Body::from(m3u::export(&detail.tracks)),
    );
    let name = format!("{}.m3u8", detail.playlist.name.replace(['/', '\\'], "-"));
    render::put(
        response.headers_mut(),
        header::CONTENT_DISPOSITION,
        &attachment_disposition(&name),
    );
    Ok(response)
}
