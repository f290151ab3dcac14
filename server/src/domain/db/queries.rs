//! Queries over the library tables, as plain async functions that tests call directly.

use app::model::{ArtistSummary, Page, TrackDetail, TrackQuery, TrackSummary};
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use super::entity::{album, artist, library_state, track};

/// The columns the in-memory list (`ListCache`) sorts and searches by, for every track.
#[derive(Debug, FromQueryResult)]
pub struct ListKeys {
    pub id: i64,
    pub sort_artist: String,
    pub sort_album: String,
    pub album_position: i64,
    pub sort_title: String,
    pub added_at: i64,
    pub search_text: String,
}

pub async fn list_keys(db: &DatabaseConnection) -> Result<Vec<ListKeys>, DbErr> {
    use track::Column as C;
    track::Entity::find()
        .select_only()
        .columns([
            C::Id,
            C::SortArtist,
            C::SortAlbum,
            C::AlbumPosition,
            C::SortTitle,
            C::AddedAt,
            C::SearchText,
        ])
        .into_model::<ListKeys>()
        .all(db)
        .await
}

/// The tracks with these ids, in the order given, repeats included (ids no longer there are
/// left out).
pub async fn tracks_by_ids(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<Vec<TrackSummary>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: HashMap<i64, track::Model> = track::Entity::find()
        .filter(track::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    // An id given twice (a playlist may hold a track twice) gives the track twice.
    Ok(ids
        .iter()
        .filter_map(|id| rows.get(id).cloned())
        .map(summary)
        .collect())
}

/// The library's generation: it moves whenever a scan changes something.
pub async fn library_generation(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(library_state::Entity::find_by_id(library_state::ONLY_ROW)
        .one(db)
        .await?
        .map_or(0, |state| state.generation))
}

/// Tells every server instance that the library changed.
pub async fn bump_library_generation(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    library_state::Entity::update_many()
        .col_expr(
            library_state::Column::Generation,
            Expr::col(library_state::Column::Generation).add(1),
        )
        .filter(library_state::Column::Id.eq(library_state::ONLY_ROW))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn find_track(db: &DatabaseConnection, id: i64) -> Result<Option<track::Model>, DbErr> {
    track::Entity::find_by_id(id).one(db).await
}

/// Everything about one track, for `GET /api/tracks/{id}`.
pub async fn track_detail(db: &DatabaseConnection, id: i64) -> Result<Option<TrackDetail>, DbErr> {
    Ok(find_track(db, id).await?.map(detail))
}

#[derive(FromQueryResult)]
struct ArtistRow {
    id: i64,
    name: String,
    track_count: i64,
}

/// One page of artists by name, with the number of their tracks.
pub async fn list_artists(
    db: &DatabaseConnection,
    query: &TrackQuery,
) -> Result<Page<ArtistSummary>, DbErr> {
    let rows = artist::Entity::find()
        .select_only()
        .column(artist::Column::Id)
        .column(artist::Column::Name)
        .column_as(
            Expr::cust("(SELECT COUNT(*) FROM tracks WHERE tracks.artist_id = artists.id)"),
            "track_count",
        )
        .order_by_asc(artist::Column::SortName)
        .order_by_asc(artist::Column::Id);
    page_of(db, rows, query, |row: ArtistRow| ArtistSummary {
        id: row.id,
        name: row.name,
        track_count: u64::try_from(row.track_count).unwrap_or(0),
    })
    .await
}

/// The page `query` asks for of the rows `select` lists, each made into an item by `item`.
async fn page_of<E, R, T>(
    db: &DatabaseConnection,
    select: Select<E>,
    query: &TrackQuery,
    item: impl Fn(R) -> T,
) -> Result<Page<T>, DbErr>
where
    E: EntityTrait,
    E::Model: Send + Sync,
    R: FromQueryResult,
{
    let total = E::find().count(db).await?;
    let (page, per_page) = (query.page(), query.per_page());
    let rows = select
        .limit(u64::from(per_page))
        .offset(u64::from(page - 1) * u64::from(per_page))
        .into_model::<R>()
        .all(db)
        .await?;
    Ok(Page {
        items: rows.into_iter().map(item).collect(),
        page,
        per_page,
        total,
    })
}

/// Where an album's cover comes from: `(path relative to the media folder, embedded in audio)`;
/// `Ok(None)` for an unknown album, `Ok(Some(None))` for one without a cover.
pub async fn album_cover(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Option<Option<(String, bool)>>, DbErr> {
    Ok(album::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|a| a.cover_path.map(|path| (path, a.cover_embedded))))
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

/// The stamps of the tracks at or below each of `paths` (relative; a file or a folder): what a
/// scan of only those paths compares the disk with.
pub async fn file_stamps_within(
    db: &DatabaseConnection,
    paths: &[String],
) -> Result<Vec<(i64, String, i64, i64)>, DbErr> {
    let mut stamps = Vec::new();
    for chunk in paths.chunks(50) {
        let mut within = Condition::any();
        for path in chunk {
            let below = LikeExpr::new(format!("{}/%", escape_like(path))).escape('\\');
            within = within
                .add(track::Column::Path.eq(path.as_str()))
                .add(track::Column::Path.like(below));
        }
        let rows: Vec<(i64, String, i64, i64)> = track::Entity::find()
            .select_only()
            .column(track::Column::Id)
            .column(track::Column::Path)
            .column(track::Column::FileSize)
            .column(track::Column::MtimeNs)
            .filter(within)
            .into_tuple()
            .all(db)
            .await?;
        // SQLite's LIKE ignores ASCII case: keep only what is truly at or below a path.
        stamps.extend(
            rows.into_iter()
                .filter(|(_, path, ..)| chunk.iter().any(|start| is_at_or_below(path, start))),
        );
    }
    stamps.sort_unstable_by_key(|(id, ..)| *id);
    stamps.dedup_by_key(|(id, ..)| *id);
    Ok(stamps)
}

/// Whether the relative path `path` is `start` or lies in the folder `start`.
pub fn is_at_or_below(path: &str, start: &str) -> bool {
    path.strip_prefix(start)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// `text` with LIKE's wildcards (and the escape character) escaped by a backslash.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
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

fn unsigned(n: Option<i32>) -> Option<u32> {
    n.and_then(|n| u32::try_from(n).ok())
}

pub fn summary(row: track::Model) -> TrackSummary {
    TrackSummary {
        id: row.id,
        title: row.title,
        artist: row.artist,
        album: row.album,
        album_id: row.album_id,
        track_number: unsigned(row.track_number),
        disc_number: unsigned(row.disc_number),
        year: row.year,
        duration_ms: u64::try_from(row.duration_ms).unwrap_or(0),
        format: row.format,
        path: row.path,
    }
}

fn detail(row: track::Model) -> TrackDetail {
    let (album_artist, genre) = (row.album_artist.clone(), row.genre.clone());
    let (bitrate, rate, channels) = (row.bitrate_kbps, row.sample_rate, row.channels);
    let (file_size, added_at) = (row.file_size, row.added_at);
    let summary = summary(row);
    TrackDetail {
        album_artist,
        genre,
        bitrate_kbps: unsigned(bitrate),
        sample_rate: unsigned(rate),
        channels: unsigned(channels),
        file_size: u64::try_from(file_size).unwrap_or(0),
        added_at,
        stream_url: summary.stream_url(),
        cover_url: summary.cover_url(),
        summary,
    }
}
