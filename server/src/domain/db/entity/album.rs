//! An album: tracks sharing an album title and album artist, with a year and a cover.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "albums")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Folded title and album artist: two tracks with the same key are on the same album.
    #[sea_orm(unique)]
    pub key: String,
    pub title: String,
    /// The album artist (or the track artist where no album artist is tagged).
    pub artist_id: Option<i64>,
    pub year: Option<i32>,
    pub sort_title: String,
    /// Relative to the media folder: an image beside the files, or (when `cover_embedded`) the
    /// audio file whose tag holds the picture.
    pub cover_path: Option<String>,
    pub cover_embedded: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
