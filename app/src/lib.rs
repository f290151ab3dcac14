//! The Leptos application shared by the server (SSR) and the browser (hydration).

pub mod library;
pub mod model;
pub mod player;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

use crate::library::{LibraryControls, TrackList};
use crate::player::{PlayerBar, PlayerState};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(PlayerState::new());

    view! {
        <Stylesheet id="leptos" href="/pkg/cadenza.css"/>
        <Title text="Cadenza"/>
        <Meta name="description" content="Your music library, in the browser."/>
        <Router>
            <Routes fallback=|| view! { <p class="empty">"Page not found."</p> }>
                // Async: the list is in the HTML itself, so it works before (and without) the WASM.
                <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

/// The library page: the track list above a fixed player bar.
#[component]
fn HomePage() -> impl IntoView {
    mark_hydrated();
    view! {
        <header class="top">
            <h1>"Cadenza"</h1>
            <LibraryControls/>
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
