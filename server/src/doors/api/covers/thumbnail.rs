//! `GET /covers/{album_id}?size=N`: the cover scaled down and cached (see
//! `domain::library::thumbnails`). Its entity tag names the thumbnail, source version included;
//! its Last-Modified is the source's. A revalidation costs a `stat` of the source, no decoding.

use std::fs::Metadata;
use std::path::PathBuf;

use axum::body::Body;
use axum::http::{HeaderMap, Method};
use axum::response::Response;

use super::{answer, placeholder, unreadable, CACHE};
use crate::domain::library::{Thumbnail, ThumbnailKey, ThumbnailSize, Thumbnails};
use crate::http_kit::conditional::Validators;
use crate::http_kit::file::{preconditions, Preconditions};

/// Where the picture of one album's cover comes from, as the cover route found it.
pub struct Source {
    pub album: i64,
    pub path: PathBuf,
    pub embedded: bool,
    pub metadata: Metadata,
}

pub async fn thumbnail(
    thumbnails: &Thumbnails,
    source: Source,
    size: ThumbnailSize,
    method: &Method,
    headers: &HeaderMap,
) -> Response {
    let key = ThumbnailKey::new(
        source.album,
        size,
        &source.path,
        source.embedded,
        &source.metadata,
    );
    let validators = Validators {
        etag: format!("\"{}\"", key.tag()),
        last_modified: Validators::of(&source.metadata).last_modified,
    };
    if let Preconditions::Answered(answer) = preconditions(method, headers, &validators, CACHE) {
        return answer;
    }
    match thumbnails.get(&key, source.path, source.embedded).await {
        Ok(Thumbnail::Jpeg(jpeg)) => answer(&validators, "image/jpeg", Body::from(jpeg)),
        Ok(Thumbnail::NoPicture) => placeholder(method, headers),
        Err(error) => unreadable(source.album, &error, method, headers),
    }
}
