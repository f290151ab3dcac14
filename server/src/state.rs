//! The state every handler and server function shares: the library, collection and accounts
//! cores, the cover thumbnails, how the server is reached, and Leptos' options. Handlers take
//! the narrowest part they need (`State<Arc<Library>>`).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::auth_config::AuthConfig;
use crate::domain::browse::Browse;
use crate::domain::library::Thumbnails;
use crate::domain::{Accounts, Collection, Library};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub library: Arc<Library>,
    pub collection: Arc<Collection>,
    /// The library per listener, for programs (the Subsonic API).
    pub browse: Arc<Browse>,
    pub accounts: Arc<Accounts>,
    pub auth: Arc<AuthConfig>,
    pub thumbnails: Arc<Thumbnails>,
}

impl AppState {
    /// The state over these cores; the collection is made over the library.
    pub fn new(
        leptos_options: LeptosOptions,
        library: Arc<Library>,
        accounts: Arc<Accounts>,
        auth: Arc<AuthConfig>,
        thumbnails: Arc<Thumbnails>,
    ) -> Self {
        let collection = Arc::new(Collection::new(Arc::clone(&library)));
        Self {
            leptos_options,
            browse: Arc::new(Browse::new(Arc::clone(&library), Arc::clone(&collection))),
            collection,
            library,
            accounts,
            auth,
            thumbnails,
        }
    }
}
