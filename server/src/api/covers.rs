//! `GET /covers/{album_id}`: the album's cover with its ETag and a long cache lifetime, or a
//! placeholder picture where the album has none (`/covers/none` asks for it directly). The
//! preconditions are checked on the file's validators (a `stat`) before the picture is read, so
//! a revalidation costs no read and no tag parsing.

use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, Response, StatusCode};

use crate::db::queries;
use crate::error::AppError;
use crate::library::covers::{cover_validators, load_cover};
use crate::state::AppState;
use crate::stream::conditional::{evaluate, Decision, Validators};
use crate::stream::query::parse_positive_id;

/// A week, then revalidated with the ETag; a day more while it is refreshed in the background.
const CACHE: &str = "public, max-age=604800, stale-while-revalidate=86400";
const PLACEHOLDER: &[u8] = include_bytes!("placeholder.svg");
const PLACEHOLDER_ETAG: &str = "\"placeholder-1\"";
/// When `placeholder.svg` was drawn (2026-11-26): change it with the ETag.
const PLACEHOLDER_DATE_SECS: u64 = 1_795_651_200;

pub async fn cover(
    State(state): State<AppState>,
    Path(album): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response<Body>, AppError> {
    if album == "none" {
        return Ok(placeholder(&method, &headers));
    }
    let id = parse_positive_id(&album).ok_or(AppError::InvalidId)?;
    let Some(source) = queries::album_cover(&state.db, id).await? else {
        return Err(AppError::NotFound);
    };
    let Some((relative, embedded)) = source else {
        return Ok(placeholder(&method, &headers));
    };
    let file = state.media_root.join(relative);
    let stat_file = file.clone();
    let validators = match blocking(move || cover_validators(&stat_file)).await {
        Ok(validators) => validators,
        Err(error) => return Ok(unreadable(id, &error, &method, &headers)),
    };
    if let Some(answer) = precondition_answer(&method, &headers, &validators) {
        return Ok(answer);
    }
    Ok(match blocking(move || load_cover(&file, embedded)).await {
        Ok(Some((content_type, bytes))) => picture(&validators, &content_type, Body::from(bytes)),
        Ok(None) => placeholder(&method, &headers),
        Err(error) => unreadable(id, &error, &method, &headers),
    })
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> std::io::Result<T> + Send + 'static,
) -> std::io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(std::io::Error::other)?
}

/// Gone or unreadable since the scan: the listener still gets a picture.
fn unreadable(
    album: i64,
    error: &std::io::Error,
    method: &Method,
    headers: &HeaderMap,
) -> Response<Body> {
    tracing::warn!(album, %error, "cover unreadable; placeholder served");
    placeholder(method, headers)
}

fn placeholder(method: &Method, headers: &HeaderMap) -> Response<Body> {
    let validators = Validators {
        etag: PLACEHOLDER_ETAG.to_owned(),
        last_modified: UNIX_EPOCH + Duration::from_secs(PLACEHOLDER_DATE_SECS),
    };
    precondition_answer(method, headers, &validators)
        .unwrap_or_else(|| picture(&validators, "image/svg+xml", Body::from(PLACEHOLDER)))
}

/// 304 or 412 when the request's preconditions say so (RFC 9110 §13.2.2); `None` to send it.
fn precondition_answer(
    method: &Method,
    headers: &HeaderMap,
    validators: &Validators,
) -> Option<Response<Body>> {
    let status = match evaluate(method, headers, validators) {
        Decision::NotModified => StatusCode::NOT_MODIFIED,
        Decision::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        Decision::Proceed { .. } => return None,
    };
    Some(
        with_validators(Response::builder().status(status), validators)
            .body(Body::empty())
            .unwrap_or_default(),
    )
}

fn picture(validators: &Validators, content_type: &str, body: Body) -> Response<Body> {
    with_validators(Response::builder(), validators)
        .header(header::CONTENT_TYPE, content_type)
        .header("x-content-type-options", "nosniff")
        .body(body)
        .unwrap_or_default()
}

fn with_validators(
    builder: axum::http::response::Builder,
    validators: &Validators,
) -> axum::http::response::Builder {
    builder
        .header(header::ETAG, &validators.etag)
        .header(header::LAST_MODIFIED, validators.last_modified_http())
        .header(header::CACHE_CONTROL, CACHE)
}
