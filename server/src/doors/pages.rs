//! The page and its server functions: `/` rendered whole on the server (then hydrated), the
//! Leptos server functions under `/api/`, and the "Page not found" answer for any other path.
//! The app reads the library through its `Catalog`, which the core implements.

use app::library::ssr::SharedCatalog;
use app::shell;
use axum::body::Body;
use axum::extract::Request;
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{render_app_async_with_context, LeptosRoutes};

use crate::state::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    let catalog: SharedCatalog = state.library.clone();
    let context = move || provide_context(catalog.clone());
    let options = state.leptos_options.clone();
    let app = move || shell(options.clone());
    // The page is rendered whole once its list has loaded (not streamed with out-of-order
    // placeholders), so the list is in the HTML and works without JavaScript.
    let page = render_app_async_with_context(context.clone(), app.clone());
    Router::new()
        .route("/", get(move |request: Request<Body>| page(request)))
        // No route listing: this registers the server functions.
        .leptos_routes_with_context(state, Vec::new(), context, app)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
}
