//! The Leptos application shared by the server (SSR) and the browser (hydration).

pub mod address;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod collection;
pub mod keep;
pub mod library;
pub mod model;
pub mod player;
pub mod views;

use leptos::either::EitherOf9;
use leptos::prelude::*;

use crate::address::{follow, Location};
use crate::collection::{
    AlbumGrid, AlbumPage, ArtistPage, FavouritesPage, HistoryPage, PlaylistPage, PlaylistsPage,
    QueueKeeper, ResumeOffer,
};
use crate::keep::{MyPlaylists, Stars};
use crate::library::{query::ListQuery, LibraryControls, LibraryGeneration, TrackList};
use crate::player::{PlayerBar, PlayerState};
use crate::views::View;

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

/// The app: a header with the views' tabs and the search, the view the address names, and the
/// player bar, which stays (and plays on) while the views change in place.
#[component]
pub fn App() -> impl IntoView {
    let location = Location::provide();
    provide_context(PlayerState::new());
    ListQuery::provide(location);
    LibraryGeneration::provide();
    Stars::provide();
    MyPlaylists::provide();
    mark_hydrated();
    let view = Memo::new(move |_| View::at(&location.path(), &location.query()));
    view! {
        <header class="top">
            <h1>"Cadenza"</h1>
            <Tabs view/>
            <LibraryControls/>
            <nav class="me">
                <a href="/account">"Account"</a>
                // A plain form: signing out is a POST that ends the session on the server.
                <form method="post" action="/logout">
                    <button type="submit">"Sign out"</button>
                </form>
            </nav>
        </header>
        <ResumeOffer/>
        <QueueKeeper/>
        <main class="library">
            {move || match view.get() {
                View::Tracks => EitherOf9::A(view! { <TrackList/> }),
                View::Albums(query) => EitherOf9::B(view! { <AlbumGrid query/> }),
                View::Album(id) => EitherOf9::C(view! { <AlbumPage id/> }),
                View::Artist(id) => EitherOf9::D(view! { <ArtistPage id/> }),
                View::Favourites => EitherOf9::E(view! { <FavouritesPage/> }),
                View::History => EitherOf9::F(view! { <HistoryPage/> }),
                View::Playlists => EitherOf9::G(view! { <PlaylistsPage/> }),
                View::Playlist(id) => EitherOf9::H(view! { <PlaylistPage id/> }),
                View::NotFound => EitherOf9::I(view! { <p class="empty">"Page not found."</p> }),
            }}
        </main>
        <PlayerBar/>
    }
}

/// The views' tabs; the one shown is marked for screen readers and the eye.
#[component]
fn Tabs(view: Memo<View>) -> impl IntoView {
    const TABS: [(&str, &str); 5] = [
        ("/", "Tracks"),
        ("/albums", "Albums"),
        ("/playlists", "Playlists"),
        ("/favourites", "Favourites"),
        ("/history", "History"),
    ];
    view! {
        <nav class="views" aria-label="Library">
            {TABS
                .into_iter()
                .map(|(href, label)| {
                    let current = move || (view.with(View::tab) == Some(href)).then_some("page");
                    view! {
                        <a href=href aria-current=current on:click=follow(href.to_owned())>
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
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
