//! Queries over the library tables, as plain async functions that tests call directly.

use app::model::TrackSummary;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::track;

/// Every track in list order: artist, album, disc, track number, title.
pub async fn list_tracks(db: &DatabaseConnection) -> Result<Vec<TrackSummary>, DbErr> {
    let rows = track::Entity::find()
        .order_by_asc(track::Column::Artist)
        .order_by_asc(track::Column::Album)
        .order_by_asc(track::Column::DiscNumber)
        .order_by_asc(track::Column::TrackNumber)
        .order_by_asc(track::Column::Title)
        .order_by_asc(track::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(summary).collect())
}

pub async fn find_track(db: &DatabaseConnection, id: i64) -> Result<Option<track::Model>, DbErr> {
    track::Entity::find_by_id(id).one(db).await
}

/// What the scanner needs to tell an unchanged file from a changed one, keyed by path.
pub async fn file_stamps(db: &DatabaseConnection) -> Result<Vec<(i64, String, i64, i64)>, DbErr> {
    track::Entity::find()
        .select_only()
        .column(track::Column::Id)
        .column(track::Column::Path)
        .column(track::Column::FileSize)
        .column(track::Column::MtimeNs)
        .into_tuple()
        .all(db)
        .await
}

pub async fn delete_tracks(db: &DatabaseConnection, ids: Vec<i64>) -> Result<u64, DbErr> {
    let mut deleted = 0;
    for chunk in ids.chunks(500) {
        deleted += track::Entity::delete_many()
            .filter(track::Column::Id.is_in(chunk.to_vec()))
            .exec(db)
            .await?
            .rows_affected;
    }
    Ok(deleted)
}

pub fn summary(row: track::Model) -> TrackSummary {
    TrackSummary {
        id: row.id,
        title: row.title,
        artist: row.artist,
        album: row.album,
        track_number: row.track_number.and_then(|n| u32::try_from(n).ok()),
        duration_ms: u64::try_from(row.duration_ms).unwrap_or(0),
        format: row.format,
    }
}
