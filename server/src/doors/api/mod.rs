//! The library as JSON for curl users and scripts, and the album covers:
//! `GET /api/tracks`, `/api/tracks/{id}`, `/api/albums`, `/api/artists`, `/covers/{album_id}`,
//! `POST /api/tracks/{id}/link` (a signed stream link) and `GET /api/playlists/{id}/m3u8`.

pub(super) mod covers;
mod links;
mod lists;
mod params;
mod playlists;

use axum::routing::{get, post};
use axum::Router;

use super::error::{method_not_allowed, post_only};
use crate::state::AppState;
use lists::{list, Listing};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/tracks", list(Listing::Tracks))
        .route(
            "/api/tracks/{id}",
            get(lists::get_track).fallback(method_not_allowed),
        )
        .route(
            "/api/tracks/{id}/link",
            post(links::share).fallback(post_only),
        )
        .route(
            "/api/playlists/{id}/m3u8",
            get(playlists::export_m3u8).fallback(method_not_allowed),
        )
        .route("/api/albums", list(Listing::Albums))
        .route("/api/artists", list(Listing::Artists))
        .route(
            "/covers/{album}",
            get(covers::cover).fallback(method_not_allowed),
        )
}
