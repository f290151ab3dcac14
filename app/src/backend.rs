//! The server's side of every server function (built with `ssr` only): how a failure of the
//! server's storage reaches the page. The library's and the collection's server functions share it.

/// A failure of the server's storage; its message is logged, not shown to listeners.
#[derive(Debug, thiserror::Error)]
#[error("library unavailable: {0}")]
pub struct CatalogError(pub String);

/// Logs the cause and gives listeners a plain sentence.
pub fn unavailable(what: &str, error: CatalogError) -> leptos::prelude::ServerFnError {
    leptos::logging::error!("{what}: {error}");
    leptos::prelude::ServerFnError::new("The library could not be read.")
}
