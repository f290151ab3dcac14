//! `GET /covers/{album_id}`: the album's cover with its ETag and a long cache lifetime, or a
//! placeholder picture where the album has none (`/covers/none` asks for it directly). The
//! preconditions are checked on the file's validators (a `stat`) before the picture is read, so
//! a revalidation costs no read and no tag parsing. With `?size=N`, a thumbnail (`thumbnail.rs`).

mod size;
mod thumbnail;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;

use crate::domain::library::covers::{self, Cover};
use crate::domain::library::{ThumbnailSize, Thumbnails};
use crate::domain::Library;
use crate::doors::error::AppError;
use crate::doors::extract::positive_id;
use crate::http_kit::conditional::Validators;
use crate::http_kit::file::{preconditions, put_validators, Preconditions};
use crate::http_kit::render;
use size::CoverSize;
use thumbnail::{thumbnail, Source};

/// A week, then revalidated with the ETag; a day more while it is refreshed in the background.
pub(super) const CACHE: &str = "public, max-age=604800, stale-while-revalidate=86400";
const PLACEHOLDER: &[u8] = include_bytes!("placeholder.svg");
const PLACEHOLDER_ETAG: &str = "\"placeholder-1\"";
/// When `placeholder.svg` was drawn (2026-11-26): change it with the ETag.
const PLACEHOLDER_DATE_SECS: u64 = 1_795_651_200;

pub async fn cover(
    State(library): State<Arc<Library>>,
    State(thumbnails): State<Arc<Thumbnails>>,
    Path(album): Path<String>,
    CoverSize(size): CoverSize,
    method: Method,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if album == "none" {
        return Ok(placeholder(&method, &headers));
    }
    let id = positive_id(&album).ok_or(AppError::InvalidId)?;
    album_cover(&library, &thumbnails, id, size, &method, &headers).await
}

/// Album `id`'s cover, or a thumbnail of it at `size`: shared by every door that shows covers
/// (the Subsonic API's `getCoverArt` too).
pub async fn album_cover(
    library: &Library,
    thumbnails: &Thumbnails,
    id: i64,
    size: Option<ThumbnailSize>,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let (path, embedded) = match library.cover(id).await? {
        Cover::UnknownAlbum => return Err(AppError::NotFound),
        Cover::Missing => return Ok(placeholder(method, headers)),
        Cover::File { path, embedded } => (path, embedded),
    };
    let metadata = match covers::metadata(path.clone()).await {
        Ok(metadata) => metadata,
        Err(error) => return Ok(unreadable(id, &error, method, headers)),
    };
    if let Some(size) = size {
        let source = Source {
            album: id,
            path,
            embedded,
            metadata,
        };
        return Ok(thumbnail(thumbnails, source, size, method, headers).await);
    }
    let validators = Validators::of(&metadata);
    if let Preconditions::Answered(answer) = preconditions(method, headers, &validators, CACHE) {
        return Ok(answer);
    }
    Ok(match covers::load(path, embedded).await {
        Ok(Some(picture)) => answer(
            &validators,
            &picture.content_type,
            Body::from(picture.bytes),
        ),
        Ok(None) => placeholder(method, headers),
        Err(error) => unreadable(id, &error, method, headers),
    })
}

/// Gone or unreadable since the scan: the listener still gets a picture.
pub(super) fn unreadable(
    album: i64,
    error: &std::io::Error,
    method: &Method,
    headers: &HeaderMap,
) -> Response {
    tracing::warn!(album, %error, "cover unreadable; placeholder served");
    placeholder(method, headers)
}

pub(super) fn placeholder(method: &Method, headers: &HeaderMap) -> Response {
    let validators = Validators {
        etag: PLACEHOLDER_ETAG.to_owned(),
        last_modified: UNIX_EPOCH + Duration::from_secs(PLACEHOLDER_DATE_SECS),
    };
    match preconditions(method, headers, &validators, CACHE) {
        Preconditions::Proceed { .. } => {
            answer(&validators, "image/svg+xml", Body::from(PLACEHOLDER))
        }
        Preconditions::Answered(answer) => answer,
    }
}

pub(super) fn answer(validators: &Validators, content_type: &str, body: Body) -> Response {
    let mut response = render::body(StatusCode::OK, content_type, body);
    put_validators(response.headers_mut(), validators, CACHE);
    response
}
