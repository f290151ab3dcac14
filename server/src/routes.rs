//! The router: health, the stream route, the JSON API and covers, then the Leptos pages and server functions, then the
//! static files of the site (`/pkg/…`).

use app::shell;
use axum::body::Body;
use axum::extract::Request;
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{render_app_async_with_context, LeptosRoutes};
use tower_http::trace::TraceLayer;

use crate::api;
use crate::state::AppState;
use crate::stream::{method_not_allowed, stream_track};

pub fn router(state: AppState) -> Router {
    let catalog = state.catalog.clone();
    let context = move || provide_context(catalog.clone());
    let options = state.leptos_options.clone();
    let app = move || shell(options.clone());
    // The page is rendered whole once its list has loaded (not streamed with out-of-order
    // placeholders), so the list is in the HTML and works without JavaScript.
    let page = render_app_async_with_context(context.clone(), app.clone());
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route(
            "/music/track",
            get(stream_track).fallback(method_not_allowed),
        )
        .merge(api::routes())
        .route("/", get(move |request: Request<Body>| page(request)))
        // No route listing: this registers the server functions.
        .leptos_routes_with_context(&state, Vec::new(), context, app)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
