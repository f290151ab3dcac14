//! Queries behind the album grid and the album and artist pages.

use app::model::TrackSummary;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

use super::entity::{artist, track};
use super::queries::summary;

/// An album as the grid shows and sorts it.
#[derive(Debug, FromQueryResult)]
pub struct ShelfRow {
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
    pub artist_id: Option<i64>,
    pub artist: Option<String>,
    pub sort_title: String,
    pub sort_artist: Option<String>,
    pub track_count: i64,
    /// When its newest track arrived (Unix seconds).
    pub added_at: i64,
    /// When its first track arrived (Unix seconds).
    pub created_at: i64,
    /// The length of all its tracks.
    pub duration_ms: i64,
    /// One of its tracks' genres (the greatest), if any has one.
    pub genre: Option<String>,
}

/// Every album that has tracks, with its artist and counts: one grouped query.
pub async fn shelf_rows(db: &DatabaseConnection) -> Result<Vec<ShelfRow>, DbErr> {
    // Grouping by both primary keys lets PostgreSQL take the other columns as they are.
    let sql = "SELECT albums.id, albums.title, albums.year, albums.artist_id, \
               artists.name AS artist, albums.sort_title, artists.sort_name AS sort_artist, \
               COUNT(tracks.id) AS track_count, MAX(tracks.added_at) AS added_at, \
               MIN(tracks.added_at) AS created_at, \
               CAST(SUM(tracks.duration_ms) AS BIGINT) AS duration_ms, \
               MAX(tracks.genre) AS genre \
               FROM albums \
               JOIN tracks ON tracks.album_id = albums.id \
               LEFT JOIN artists ON artists.id = albums.artist_id \
               GROUP BY albums.id, artists.id";
    ShelfRow::find_by_statement(Statement::from_string(db.get_database_backend(), sql))
        .all(db)
        .await
}

/// An album's tracks in disc and track order.
pub async fn album_tracks(
    db: &DatabaseConnection,
    album_id: i64,
) -> Result<Vec<TrackSummary>, DbErr> {
    Ok(track::Entity::find()
        .filter(track::Column::AlbumId.eq(album_id))
        .order_by_asc(track::Column::AlbumPosition)
        .order_by_asc(track::Column::SortTitle)
        .order_by_asc(track::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

/// Up to `limit` of an artist's tracks, album by album.
pub async fn artist_tracks(
    db: &DatabaseConnection,
    artist_id: i64,
    limit: u64,
) -> Result<Vec<TrackSummary>, DbErr> {
    Ok(track::Entity::find()
        .filter(track::Column::ArtistId.eq(artist_id))
        .order_by_asc(track::Column::SortAlbum)
        .order_by_asc(track::Column::AlbumPosition)
        .order_by_asc(track::Column::SortTitle)
        .order_by_asc(track::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

/// An artist and the number of their tracks; `None` for an unknown id.
pub async fn artist_with_count(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Option<(artist::Model, u64)>, DbErr> {
    let Some(artist) = artist::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let count = sea_orm::PaginatorTrait::count(
        track::Entity::find().filter(track::Column::ArtistId.eq(id)),
        db,
    )
    .await?;
    Ok(Some((artist, count)))
}
