//! The state every handler and server function shares: the library and accounts cores, how the
//! server is reached, and Leptos' options. Handlers take the narrowest part they need
//! (`State<Arc<Library>>`).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::auth_config::AuthConfig;
use crate::domain::{Accounts, Library};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub library: Arc<Library>,
    pub accounts: Arc<Accounts>,
    pub auth: Arc<AuthConfig>,
}
