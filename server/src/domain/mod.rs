//! The library core: the database, the scan, the formats, the caches and the questions the doors
//! ask of them. No axum, hyper or `http` type enters here; the doors (`crate::doors`) adapt it to
//! HTTP, and the command line calls it directly.

pub mod db;
pub mod library;

pub use library::{Library, LibraryError};
