//! The JSON lists (tracks, albums, artists) and one track: each a line over the library.

use std::future::Future;
use std::sync::Arc;

use app::model::{AlbumSummary, ArtistSummary, Page, TrackQuery, TrackSummary};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use sea_orm::DbErr;
use serde::Serialize;

use super::params::ListQuery;
use crate::domain::Library;
use crate::doors::error::AppError;
use crate::doors::extract::PathId;
use crate::http_kit::render;

/// One of the library's lists.
pub trait Listing {
    type Item: Serialize;
    fn read<'a>(
        library: &'a Library,
        query: &'a TrackQuery,
    ) -> impl Future<Output = Result<Page<Self::Item>, DbErr>> + Send + 'a;
}

pub struct Tracks;
pub struct Albums;
pub struct Artists;

impl Listing for Tracks {
    type Item = TrackSummary;
    fn read<'a>(
        library: &'a Library,
        query: &'a TrackQuery,
    ) -> impl Future<Output = Result<Page<TrackSummary>, DbErr>> + Send + 'a {
        library.tracks(query)
    }
}

impl Listing for Albums {
    type Item = AlbumSummary;
    fn read<'a>(
        library: &'a Library,
        query: &'a TrackQuery,
    ) -> impl Future<Output = Result<Page<AlbumSummary>, DbErr>> + Send + 'a {
        library.albums(query)
    }
}

impl Listing for Artists {
    type Item = ArtistSummary;
    fn read<'a>(
        library: &'a Library,
        query: &'a TrackQuery,
    ) -> impl Future<Output = Result<Page<ArtistSummary>, DbErr>> + Send + 'a {
        library.artists(query)
    }
}

/// `GET /api/tracks`, `/api/albums`, `/api/artists`: the page the query asks for, as JSON.
pub async fn list<L: Listing>(
    State(library): State<Arc<Library>>,
    ListQuery(query): ListQuery,
) -> Result<Response, AppError> {
    Ok(render::json(
        StatusCode::OK,
        &L::read(&library, &query).await?,
    ))
}

/// `GET /api/tracks/{id}`: everything about one track.
pub async fn get_track(
    State(library): State<Arc<Library>>,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    let track = library.track(id).await?.ok_or(AppError::NotFound)?;
    Ok(render::json(StatusCode::OK, &track))
}
