//! The library as JSON for curl users and scripts, and the album covers:
//! `GET /api/tracks`, `/api/tracks/{id}`, `/api/albums`, `/api/artists`, `/covers/{album_id}`.

mod covers;
mod lists;
mod params;

use axum::routing::get;
use axum::Router;

use super::error::method_not_allowed;
use crate::state::AppState;
use lists::{list, Listing};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/tracks", list(Listing::Tracks))
        .route(
            "/api/tracks/{id}",
            get(lists::get_track).fallback(method_not_allowed),
        )
        .route("/api/albums", list(Listing::Albums))
        .route("/api/artists", list(Listing::Artists))
        .route(
            "/covers/{album}",
            get(covers::cover).fallback(method_not_allowed),
        )
}
