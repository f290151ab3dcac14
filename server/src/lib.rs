//! The Cadenza server: configuration, database, library scan, the stream route and the Leptos app.

pub mod api;
pub mod cli;
pub mod db;
pub mod error;
pub mod http;
pub mod library;
pub mod routes;
pub mod state;
pub mod stream;
pub mod telemetry;

pub use routes::router;
pub use state::AppState;
