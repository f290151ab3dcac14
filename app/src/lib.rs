//! The Leptos application shared by the server (SSR) and the browser (hydration).

pub mod address;
pub mod collection;
pub mod library;
pub mod model;
pub mod player;

use leptos::either::Either;
use leptos::prelude::*;

use crate::library::{query::ListQuery, LibraryControls, TrackList};
use crate::player::{PlayerBar, PlayerState};

/// The HTML document around the app, rendered on the server. The server renders it only once
/// the list has loaded (`leptos_axum::render_app_async`), so the list is in the HTML itself and
/// works before (and without) the WASM.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="Your music library, in the browser."/>
                <title>"Cadenza"</title>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <link rel="stylesheet" id="leptos" href="/pkg/cadenza.css"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The app has one page, the library at `/`; any other path says it is not there.
#[component]
pub fn App() -> impl IntoView {
    if address::path() != "/" {
        return Either::Right(view! { <p class="empty">"Page not found."</p> });
    }
    provide_context(PlayerState::new());
    ListQuery::provide();
    Either::Left(view! { <HomePage/> })
}

/// The library page: the track list above a fixed player bar.
#[component]
fn HomePage() -> impl IntoView {
    mark_hydrated();
    view! {
        <header class="top">
            <h1>"Cadenza"</h1>
            <LibraryControls/>
            <nav class="me">
                <a href="/account">"Account"</a>
                // A plain form: signing out is a POST that ends the session on the server.
                <form method="post" action="/logout">
                    <button type="submit">"Sign out"</button>
                </form>
            </nav>
        </header>
        <main class="library">
            <TrackList/>
        </main>
        <PlayerBar/>
    }
}

/// Sets `data-hydrated` on `<body>` once the WASM has taken over the page, so browser tests
/// (and curious people) can tell a clickable page from a server-rendered one.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
