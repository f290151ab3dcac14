//! The music library: scanning the media folder into the database, reading tags, and the
//! in-memory index the stream route resolves track ids with.

mod catalog;
mod index;
pub mod scan;
mod tags;

pub use catalog::DbCatalog;
pub use index::{TrackFile, TrackIndex};
pub use scan::{scan_library, ScanOptions, ScanSummary};
