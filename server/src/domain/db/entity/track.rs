//! One audio file of the library and what its tags and stream properties say.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tracks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Relative to the media folder, with `/` separators.
    #[sea_orm(unique)]
    pub path: String,
    pub title: String,
    pub artist: Option<String>,
    pub album: Option<String>,
    pub album_artist: Option<String>,
    pub track_number: Option<i32>,
    pub disc_number: Option<i32>,
    pub year: Option<i32>,
    pub genre: Option<String>,
    pub duration_ms: i64,
    /// Container format in lower case: `mp3`, `flac`, `ogg`, `opus`, `m4a`, `wav`, …
    pub format: String,
    pub bitrate_kbps: Option<i32>,
    pub sample_rate: Option<i32>,
    pub channels: Option<i32>,
    pub file_size: i64,
    /// Modification time in nanoseconds since the Unix epoch: with the size, what tells the
    /// scanner that a file is unchanged.
    pub mtime_ns: i64,
    /// Seconds since the Unix epoch when the scanner first saw the file.
    pub added_at: i64,
    pub artist_id: Option<i64>,
    pub album_id: Option<i64>,
    /// Folded keys (see `db::keys`) behind the list's sort orders and its search.
    pub sort_artist: String,
    pub sort_album: String,
    pub sort_title: String,
    /// Disc and track number in one sortable number.
    pub album_position: i64,
    pub search_text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
