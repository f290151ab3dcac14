//! `stream` and `download` (the file itself, with byte ranges on GET and POST; `timeOffset`
//! starts an MP3 at the frame of that second, as `start_sec` does; `maxBitRate` and `format`
//! get the original file until Cadenza transcodes), and `getCoverArt` (resized once, cached,
//! with validators). A stream is not a play: only `scrobble` counts one.

use axum::response::Response;
use http::{header, Method};

use super::fail::Fail;
use super::ids::{self, Id};
use super::Call;
use crate::domain::library::{placeholder_jpeg, ThumbnailSize};
use crate::doors::api::covers::album_cover;
use crate::doors::error::AppError;
use crate::doors::stream::track_answer;
use crate::http_kit::render;

pub async fn stream(call: &Call, download: bool) -> Result<Response, Fail> {
    let id = ids::expect(call.params.get("id"), "id", ids::as_track)?;
    let start_sec = match call.params.get("timeOffset") {
        None | Some("") | Some("0") => None,
        Some(text) => Some(
            text.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s >= 0.0)
                .ok_or_else(|| Fail::invalid("timeOffset"))?,
        ),
    };
    // A POST (a form of parameters) reads like a GET; HEAD stays HEAD.
    let method = if call.method == Method::HEAD {
        Method::HEAD
    } else {
        Method::GET
    };
    let library = &call.state.library;
    let mut response = track_answer(library, &method, &call.headers, id, start_sec).await?;
    // The file entry is in memory once the answer above looked it up: no query per range.
    let seconds = library.track_file(id).await?.duration_ms / 1000;
    render::put(
        response.headers_mut(),
        header::HeaderName::from_static("x-content-duration"),
        &seconds.to_string(),
    );
    if download {
        if let Some(value) = response.headers().get(header::CONTENT_DISPOSITION).cloned() {
            if let Ok(text) = value.to_str() {
                let attachment = text.replacen("inline", "attachment", 1);
                render::put(
                    response.headers_mut(),
                    header::CONTENT_DISPOSITION,
                    &attachment,
                );
            }
        }
    }
    Ok(response)
}

pub async fn cover_art(call: &Call) -> Result<Response, Fail> {
    let text = call.params.required("id")?;
    let browse = call.browse();
    let user = call.user.user_id;
    let album = match Id::parse(text) {
        Some(Id::Album(id)) => Some(id),
        Some(Id::Track(id)) => browse
            .library()
            .track(id)
            .await?
            .and_then(|t| t.summary.album_id),
        Some(Id::Artist(id)) => browse
            .artist(user, id)
            .await?
            .and_then(|(_, albums)| albums.first().map(|album| album.id)),
        _ => None,
    }
    .ok_or_else(|| Fail::not_found("Cover art"))?;
    let size = match call.params.optional_number("size")? {
        None => None,
        Some(n) => Some(
            u64::try_from(n)
                .ok()
                .and_then(ThumbnailSize::fitting)
                .ok_or_else(|| Fail::invalid("size"))?,
        ),
    };
    let state = &call.state;
    let method = if call.method == Method::HEAD {
        Method::HEAD
    } else {
        Method::GET
    };
    let answer = album_cover(
        &state.library,
        &state.thumbnails,
        album,
        size,
        &method,
        &call.headers,
    )
    .await;
    match answer {
        // Apps decode raster pictures only: the page's SVG placeholder becomes a JPEG one.
        Ok(response) if is_svg(&response) => placeholder(size).await,
        other => other,
    }
    .map_err(|error| match error {
        AppError::NotFound => Fail::not_found("Cover art"),
        other => Fail::generic_logged(&other),
    })
}

fn is_svg(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"image/svg"))
}

/// The JPEG placeholder at the size asked (256 px when none), made once per size.
async fn placeholder(size: Option<ThumbnailSize>) -> Result<Response, AppError> {
    static MADE: std::sync::Mutex<Vec<(u32, bytes::Bytes)>> = std::sync::Mutex::new(Vec::new());
    let side = size.map_or(256, ThumbnailSize::pixels);
    let made = MADE.lock().ok().and_then(|made| {
        made.iter()
            .find(|(s, _)| *s == side)
            .map(|(_, b)| b.clone())
    });
    let jpeg = match made {
        Some(jpeg) => jpeg,
        None => {
            let jpeg = tokio::task::spawn_blocking(move || placeholder_jpeg(side))
                .await
                .map_err(std::io::Error::other)?
                .map_err(std::io::Error::other)?;
            let jpeg = bytes::Bytes::from(jpeg);
            if let Ok(mut made) = MADE.lock() {
                made.push((side, jpeg.clone()));
            }
            jpeg
        }
    };
    let mut response = render::body(
        http::StatusCode::OK,
        "image/jpeg",
        axum::body::Body::from(jpeg),
    );
    render::put(
        response.headers_mut(),
        header::CACHE_CONTROL,
        "public, max-age=86400",
    );
    Ok(response)
}
