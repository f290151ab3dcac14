//! `GET /covers/{album_id}`: the album's cover with its ETag and a long cache lifetime, or a
//! placeholder picture where the album has none (`/covers/none` asks for it directly).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::db::queries;
use crate::error::AppError;
use crate::library::covers::{load_cover, Cover};
use crate::state::AppState;
use crate::stream::conditional::{evaluate, Decision};
use crate::stream::query::parse_positive_id;

/// A week, then revalidated with the ETag; a day more while it is refreshed in the background.
const CACHE: &str = "public, max-age=604800, stale-while-revalidate=86400";
const PLACEHOLDER: &[u8] = include_bytes!("placeholder.svg");
const PLACEHOLDER_ETAG: &str = "\"placeholder-1\"";

pub async fn cover(
    State(state): State<AppState>,
    Path(album): Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Result<Response<Body>, AppError> {
    if album == "none" {
        return Ok(placeholder(&headers));
    }
    let id = parse_positive_id(&album).ok_or(AppError::InvalidId)?;
    let Some(source) = queries::album_cover(&state.db, id).await? else {
        return Err(AppError::NotFound);
    };
    let Some((relative, embedded)) = source else {
        return Ok(placeholder(&headers));
    };
    let file = state.media_root.join(relative);
    let loaded = tokio::task::spawn_blocking(move || load_cover(&file, embedded))
        .await
        .map_err(std::io::Error::other)?;
    let cover = match loaded {
        Ok(Some(cover)) => cover,
        Ok(None) => return Ok(placeholder(&headers)),
        Err(error) => {
            // Gone or unreadable since the scan: the listener still gets a picture.
            tracing::warn!(album = id, %error, "cover unreadable; placeholder served");
            return Ok(placeholder(&headers));
        }
    };
    Ok(cover_response(&method, &headers, cover))
}

fn cover_response(method: &Method, headers: &HeaderMap, cover: Cover) -> Response<Body> {
    let decision = evaluate(method, headers, &cover.validators);
    let status = match decision {
        Decision::NotModified => StatusCode::NOT_MODIFIED,
        Decision::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
        Decision::Proceed { .. } => StatusCode::OK,
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::ETAG, &cover.validators.etag)
        .header(header::LAST_MODIFIED, cover.validators.last_modified_http())
        .header(header::CACHE_CONTROL, CACHE);
    if status != StatusCode::OK {
        return builder.body(Body::empty()).unwrap_or_default();
    }
    builder = builder
        .header(header::CONTENT_TYPE, cover.content_type)
        .header("x-content-type-options", "nosniff");
    builder.body(Body::from(cover.bytes)).unwrap_or_default()
}

fn placeholder(headers: &HeaderMap) -> Response<Body> {
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == PLACEHOLDER_ETAG || t.trim() == "*")
        });
    let builder = Response::builder()
        .header(header::ETAG, HeaderValue::from_static(PLACEHOLDER_ETAG))
        .header(header::CACHE_CONTROL, CACHE);
    if fresh {
        return builder
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_default();
    }
    builder
        .header(header::CONTENT_TYPE, "image/svg+xml")
        .body(Body::from(PLACEHOLDER))
        .unwrap_or_default()
}
