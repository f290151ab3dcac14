//! The state every handler and server function shares: the library core and Leptos' options.
//! Handlers take the narrowest part they need (`State<Arc<Library>>`).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::domain::Library;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub library: Arc<Library>,
}
