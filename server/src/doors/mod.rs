//! The doors onto the library: thin adapters that parse a protocol, call the core and answer
//! through the HTTP toolkit's renderer. `router` puts them together.

mod api;
pub mod error;
mod extract;
mod pages;
mod stream;

use axum::routing::get;
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use error::method_not_allowed;

/// Health, the stream route, the JSON API and covers, then the page and its server functions,
/// then the static files of the site (`/pkg/…`).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/music/track",
            get(stream::stream_track).fallback(method_not_allowed),
        )
        .merge(api::routes())
        .merge(pages::routes(&state))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
