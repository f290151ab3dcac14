//! The JSON lists (tracks, albums, artists) and one track: each a line over the library.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, MethodRouter};

use super::params::ListQuery;
use crate::domain::Library;
use crate::doors::error::{method_not_allowed, AppError};
use crate::doors::extract::PathId;
use crate::http_kit::render;
use crate::state::AppState;

/// One of the library's lists.
#[derive(Clone, Copy, Debug)]
pub enum Listing {
    Tracks,
    Albums,
    Artists,
}

/// `GET /api/tracks`, `/api/albums` or `/api/artists`: the page the query asks for, as JSON.
pub fn list(listing: Listing) -> MethodRouter<AppState> {
    get(
        move |State(library): State<Arc<Library>>, ListQuery(query): ListQuery| async move {
            let page = match listing {
                Listing::Tracks => render::json(StatusCode::OK, &library.tracks(&query).await?),
                Listing::Albums => render::json(StatusCode::OK, &library.albums(&query).await?),
                Listing::Artists => render::json(StatusCode::OK, &library.artists(&query).await?),
            };
            Ok::<Response, AppError>(page)
        },
    )
    .fallback(method_not_allowed)
}

/// `GET /api/tracks/{id}`: everything about one track.
pub async fn get_track(
    State(library): State<Arc<Library>>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    let track = library.track(id).await?.ok_or(AppError::NotFound)?;
    Ok(render::json(StatusCode::OK, &track))
}
