//! The music library: walking the media folder, reading tags, filling the database (artists,
//! albums, tracks), covers, and the in-memory index the stream route resolves track ids with.

mod albums;
mod catalog;
pub mod covers;
mod index;
mod list_index;
pub mod scan;
mod tags;
mod walk;

pub use catalog::DbCatalog;
pub use index::{TrackFile, TrackIndex};
pub use list_index::ListIndex;
pub use scan::{scan_library, ScanOptions, ScanSummary};
