//! The library as JSON for curl users and scripts, and the album covers:
//! `GET /api/tracks`, `/api/tracks/{id}`, `/api/albums`, `/api/artists`, `/covers/{album_id}`.

mod covers;
mod lists;
mod params;

use axum::routing::get;
use axum::Router;

use super::error::method_not_allowed;
use crate::state::AppState;
use lists::{list, Albums, Artists, Tracks};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/tracks",
            get(list::<Tracks>).fallback(method_not_allowed),
        )
        .route(
            "/api/tracks/{id}",
            get(lists::get_track).fallback(method_not_allowed),
        )
        .route(
            "/api/albums",
            get(list::<Albums>).fallback(method_not_allowed),
        )
        .route(
            "/api/artists",
            get(list::<Artists>).fallback(method_not_allowed),
        )
        .route(
            "/covers/{album}",
            get(covers::cover).fallback(method_not_allowed),
        )
}
