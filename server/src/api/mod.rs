//! The library as JSON for curl users and scripts, and the album covers:
//! `GET /api/tracks`, `/api/tracks/{id}`, `/api/albums`, `/api/artists`, `/covers/{album_id}`.

mod covers;
mod params;
mod tracks;

use axum::routing::get;
use axum::Router;

use crate::state::AppState;
use crate::stream::method_not_allowed;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/tracks",
            get(tracks::list_tracks).fallback(method_not_allowed),
        )
        .route(
            "/api/tracks/{id}",
            get(tracks::get_track).fallback(method_not_allowed),
        )
        .route(
            "/api/albums",
            get(tracks::list_albums).fallback(method_not_allowed),
        )
        .route(
            "/api/artists",
            get(tracks::list_artists).fallback(method_not_allowed),
        )
        .route(
            "/covers/{album}",
            get(covers::cover).fallback(method_not_allowed),
        )
}
