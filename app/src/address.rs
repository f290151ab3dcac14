//! The page address, without a client-side router: read from the request on the server and from
//! `window.location` in the browser; a new address is pushed to (or replaces) the history entry.
//!
//! The app has one page, so a router would only add weight to the WASM (about 46 KB).

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
