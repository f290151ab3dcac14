//! The doors onto the library: thin adapters that parse a protocol, call the core and answer
//! through the HTTP toolkit's renderer. `router` puts them together.

mod account;
mod api;
pub mod auth;
pub mod error;
mod extract;
mod pages;
mod stream;
mod subsonic;

use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::Router;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::state::AppState;
use error::method_not_allowed;

/// Health, the stream route, the JSON API and covers, the account pages, then the page and its
/// server functions, then the static files of the site (`/pkg/…`); all behind the one
/// authentication layer (`auth::guard`).
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/music/track",
            get(stream::stream_track).fallback(method_not_allowed),
        )
        .merge(api::routes())
        .merge(account::routes())
        .merge(subsonic::routes())
        .merge(pages::routes(&state))
        .layer(from_fn_with_state(state.clone(), auth::guard))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// The log's span of a request: its method and path, never its query string (a signed link's
/// signature rides there) or headers (cookies, API keys).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> Span {
    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
}
