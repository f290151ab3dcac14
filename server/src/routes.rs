//! The router: health, the stream route, the JSON API and covers, then the Leptos pages and server functions, then the
//! static files of the site (`/pkg/…`).

use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::trace::TraceLayer;

use crate::api;
use crate::state::AppState;
use crate::stream::{method_not_allowed, stream_track};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let catalog = state.catalog.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/music/track",
            get(stream_track).fallback(method_not_allowed),
        )
        .merge(api::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(catalog.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
