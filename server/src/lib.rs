//! The Cadenza server: the library core, the HTTP toolkit, the doors (stream route, JSON API,
//! covers, the account pages, the page and its server functions), the server loop and the command
//! line.

pub mod auth_config;
pub mod cli;
pub mod domain;
pub mod doors;
pub mod http_kit;
pub mod serve;
pub mod state;
pub mod telemetry;
pub mod users_command;

pub use doors::router;
pub use state::AppState;
