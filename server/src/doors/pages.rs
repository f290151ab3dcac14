//! The page and its server functions: the library's views (`/`, `/albums`, `/albums/{id}`,
//! `/artists/{id}`, `/favourites`, `/history`, `/playlists`, `/playlists/{id}`) rendered whole on the server (then hydrated), the
//! Leptos server functions under `/api/`, and the "Page not found" answer for any other path.
//! The app reads the library through its `Catalog` and each listener's collection through its
//! `Keeper`, which the core implements; the signed-in listener reaches the server functions as
//! an extension of the request.

use app::keep::ssr::{Listener, SharedKeeper};
use app::library::ssr::SharedCatalog;
use app::shell;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{from_fn, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{render_app_async_with_context, LeptosRoutes};

use super::error::AppError;
use crate::domain::accounts::Principal;
use crate::state::AppState;

/// The paths of the page's views (the app tells them apart; anything else is not found).
const VIEWS: [&str; 8] = [
    "/",
    "/albums",
    "/albums/{id}",
    "/artists/{id}",
    "/favourites",
    "/history",
    "/playlists",
    "/playlists/{id}",
];

pub fn routes(state: &AppState) -> Router<AppState> {
    let catalog: SharedCatalog = state.library.clone();
    let keeper: SharedKeeper = state.collection.clone();
    let context = move || {
        provide_context(catalog.clone());
        provide_context(keeper.clone());
    };
    let options = state.leptos_options.clone();
    let app = move || shell(options.clone());
    // The page is rendered whole once its data has loaded (not streamed with out-of-order
    // placeholders), so the lists are in the HTML and work without JavaScript.
    let page = render_app_async_with_context(context.clone(), app.clone());
    let mut router = Router::new();
    for view in VIEWS {
        let page = page.clone();
        router = router.route(view, get(move |request: Request<Body>| page(request)));
    }
    router
        // No route listing: this registers the server functions.
        .leptos_routes_with_context(state, Vec::new(), context, app)
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(from_fn(name_the_listener))
        .layer(from_fn(refuse_bad_arguments))
}

/// A server function called with missing or malformed arguments is the caller's error: `400
/// INVALID_ARGUMENTS` through the one renderer, not the framework's plain-text 500.
async fn refuse_bad_arguments(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // The framework's error text is short; a longer body is not one of its argument errors.
    let Ok(bytes) = axum::body::to_bytes(body, 4096).await else {
        return AppError::InvalidArguments.into_response();
    };
    if bytes.starts_with(b"Args|") || bytes.starts_with(b"Deserialization|") {
        return AppError::InvalidArguments.into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The header with which Leptos marks a server function's error answer.
const SERVER_FN_ERROR: &str = "serverfnerror";

/// Tells the app who is listening: the principal the authentication layer found, as the app's
/// own `Listener`.
async fn name_the_listener(mut request: Request, next: Next) -> Response {
    if let Some(principal) = request.extensions().get::<Principal>() {
        let listener = Listener {
            id: principal.user_id,
        };
        request.extensions_mut().insert(listener);
    }
    next.run(request).await
}
