//! The state every handler and server function shares.

use std::path::PathBuf;
use std::sync::Arc;

use app::library::ssr::SharedCatalog;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;

use crate::library::{DbCatalog, ListIndex, TrackIndex};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub media_root: PathBuf,
    pub tracks: Arc<TrackIndex>,
    /// The track list's search and sort.
    pub list: Arc<ListIndex>,
    pub catalog: SharedCatalog,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, db: DatabaseConnection, media_root: PathBuf) -> Self {
        let list = Arc::new(ListIndex::new(db.clone()));
        Self {
            leptos_options,
            tracks: Arc::new(TrackIndex::new(db.clone(), media_root.clone())),
            catalog: Arc::new(DbCatalog::new(db.clone(), Arc::clone(&list))),
            list,
            db,
            media_root,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Arc<TrackIndex> {
    fn from_ref(state: &AppState) -> Self {
        Arc::clone(&state.tracks)
    }
}
