//! The page address, without a router crate: read from the request on the server and from
//! `window.location` in the browser; a new address is pushed to (or replaces) the history entry
//! and the [`Location`] signal follows, so the views change in place while the music goes on.
//!
//! The app has a handful of views, so a router crate would only add weight to the WASM (about
//! 46 KB).

use leptos::prelude::*;

/// The path of the page being rendered, like `/`.
pub fn path() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_else(|| "/".to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_else(|_| "/".to_owned())
    }
}

/// The query string of the page being rendered, without its `?`.
pub fn query() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.uri.query().map(str::to_owned))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let search = leptos::prelude::window()
            .location()
            .search()
            .unwrap_or_default();
        search.trim_start_matches('?').to_owned()
    }
}

/// How a new address enters the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A new entry: Back returns to the previous address.
    Push,
    /// Replaces the current entry (typing in the search box).
    Replace,
}

/// Shows `url` in the address bar without loading it.
pub fn go(url: &str, entry: Entry) {
    let Ok(history) = leptos::prelude::window().history() else {
        return;
    };
    let state = wasm_bindgen::JsValue::NULL;
    let _ = match entry {
        Entry::Push => history.push_state_with_url(&state, "", Some(url)),
        Entry::Replace => history.replace_state_with_url(&state, "", Some(url)),
    };
}

/// The address shown, as a signal: the views and the list query read it, links and forms
/// change it, Back and Forward bring the old one back.
#[derive(Clone, Copy)]
pub struct Location(RwSignal<(String, String)>);

impl Location {
    /// Reads the address and follows Back and Forward; provided once, by the app.
    pub fn provide() -> Self {
        let here = RwSignal::new((path(), query()));
        Effect::new(move |_| {
            let _ = window_event_listener(leptos::ev::popstate, move |_| {
                here.set((path(), query()));
            });
        });
        let location = Location(here);
        provide_context(location);
        location
    }

    /// The path, like `/albums/4` (tracked).
    pub fn path(&self) -> String {
        self.0.with(|(path, _)| path.clone())
    }

    /// The query string without its `?` (tracked).
    pub fn query(&self) -> String {
        self.0.with(|(_, query)| query.clone())
    }

    /// Shows `url` (a local path with an optional query) in place.
    pub fn go(&self, url: &str, entry: Entry) {
        go(url, entry);
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        self.0.set((path.to_owned(), query.to_owned()));
    }
}

/// The app's location (provided by [`crate::App`]).
pub fn use_location() -> Location {
    expect_context()
}

/// A click handler for a plain link to `url`: once hydrated, it shows `url` in place (the music
/// goes on) instead of loading the page, and scrolls to the top. A click with a modifier key or
/// another button is left to the browser (new tab, new window).
pub fn follow(url: String) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    let location = use_location();
    move |event| {
        let plain = event.button() == 0
            && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key());
        if plain {
            event.prevent_default();
            location.go(&url, Entry::Push);
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

/// A link that changes the view in place; without JavaScript, a plain link.
#[component]
pub fn Link(
    href: String,
    children: Children,
    #[prop(optional, into)] class: Option<&'static str>,
) -> impl IntoView {
    let on_click = follow(href.clone());
    view! {
        <a href=href class=class on:click=on_click>
            {children()}
        </a>
    }
}
