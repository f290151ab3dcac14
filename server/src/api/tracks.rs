//! Handlers for the track, album and artist lists and for one track.

use app::model::{AlbumSummary, ArtistSummary, Page, TrackDetail, TrackSummary};
use axum::extract::{Path, RawQuery, State};
use axum::Json;

use super::params::parse_list_query;
use crate::db::queries;
use crate::error::AppError;
use crate::state::AppState;
use crate::stream::query::parse_positive_id;

pub async fn list_tracks(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<TrackSummary>>, AppError> {
    let query = parse_list_query(raw.as_deref())?;
    Ok(Json(state.list.page(&query).await?))
}

pub async fn get_track(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<TrackDetail>, AppError> {
    let id = parse_positive_id(&id).ok_or(AppError::InvalidId)?;
    let track = queries::track_detail(&state.db, id).await?;
    track.map(Json).ok_or(AppError::NotFound)
}

pub async fn list_albums(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<AlbumSummary>>, AppError> {
    let query = parse_list_query(raw.as_deref())?;
    Ok(Json(queries::list_albums(&state.db, &query).await?))
}

pub async fn list_artists(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<ArtistSummary>>, AppError> {
    let query = parse_list_query(raw.as_deref())?;
    Ok(Json(queries::list_artists(&state.db, &query).await?))
}
