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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
