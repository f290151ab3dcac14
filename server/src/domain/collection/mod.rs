//! What each listener keeps of the library: stars, plays (history and counts), the play queue
//! kept for resuming on another device. Every call names the listener; nothing here reads or
//! changes another listener's rows. Like the library it knows nothing of HTTP.

mod history;
mod keeper;
mod listening;
pub mod m3u;
mod marks;
mod now_playing;
mod play_queue;
mod playlists;
mod ratings;
mod stars;

pub use listening::ListenerAlbums;
pub use marks::Marks;
pub use now_playing::{NowPlaying, NOW_PLAYING_FOR};
pub use playlists::{PlaylistChange, PlaylistInfo};

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use sea_orm::{DatabaseConnection, DbErr};

use crate::domain::Library;

/// What the collection can answer instead of what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CollectionError {
    /// The track, album or artist named does not exist.
    #[error("no such item in the library")]
    UnknownItem,
    #[error("the queue is longer than the server keeps")]
    QueueTooLong,
    #[error("a playlist needs a name")]
    InvalidName,
    #[error("the playlist would be longer than the server keeps")]
    PlaylistTooLong,
    #[error("a rating is 0 to 5")]
    InvalidRating,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

pub struct Collection {
    db: DatabaseConnection,
    library: Arc<Library>,
}

impl Collection {
    pub fn new(library: Arc<Library>) -> Self {
        Self {
            db: library.db().clone(),
            library,
        }
    }
}

fn now_seconds() -> i64 {
    now_millis() / 1000
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
