//! The core: the library (database, scan, formats, caches) and the accounts (users, sessions,
//! keys). No axum, hyper or `http` type enters here; the doors (`crate::doors`) adapt it to
//! HTTP, and the command line calls it directly.

pub mod accounts;
pub mod browse;
pub mod collection;
pub mod db;
pub mod library;

pub use accounts::Accounts;
pub use collection::Collection;
pub use library::{Library, LibraryError};
