//! Builds the answer for an open file: 200, 206, 304, 412 or 416, with the headers that make
//! seeking and caching work (Accept-Ranges, Content-Length, ETag, Last-Modified, …).

use std::os::unix::fs::MetadataExt;
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::body::FileBody;
use super::conditional::{self, Decision, Validators};
use super::open::OpenFile;
use super::range::{parse_range, ByteRange, RangeRequest};
use crate::library::TrackFile;

/// Listeners' browsers revalidate (cheaply, with the ETag) rather than trust a stale copy:
/// a rescan can change what a track id's file holds.
const CACHE_CONTROL: &str = "no-cache";

pub fn respond(
    method: &Method,
    request: &HeaderMap,
    track: &TrackFile,
    open: OpenFile,
) -> Response {
    let len = open.metadata.len();
    let modified = open.metadata.modified().unwrap_or(UNIX_EPOCH);
    let validators = Validators::new(open.metadata.ino(), len, modified);

    let use_range = match conditional::evaluate(method, request, &validators) {
        Decision::NotModified => {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            put_validators(response.headers_mut(), &validators);
            return response;
        }
        Decision::PreconditionFailed => {
            return message(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
        }
        Decision::Proceed { use_range } => use_range,
    };
    let wanted = request
        .get(header::RANGE)
        .filter(|_| use_range)
        .and_then(|value| value.to_str().ok())
        .map_or(RangeRequest::Full, |value| parse_range(value, len));

    let (status, span) = match wanted {
        // Several disjoint spans: the whole file is a valid answer (RFC 9110 §14.2) and can never
        // cost more than the file, whatever the client asks.
        RangeRequest::Full | RangeRequest::Multiple(_) => (StatusCode::OK, None),
        RangeRequest::Single(span) => (StatusCode::PARTIAL_CONTENT, Some(span)),
        RangeRequest::Unsatisfiable => {
            let mut response = message(StatusCode::RANGE_NOT_SATISFIABLE, "RANGE_NOT_SATISFIABLE");
            put(
                response.headers_mut(),
                header::CONTENT_RANGE,
                &format!("bytes */{len}"),
            );
            put_validators(response.headers_mut(), &validators);
            response
                .headers_mut()
                .insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            return response;
        }
    };

    // The whole file is the span `0..len`, or nothing at all for an empty file.
    let sent = span.or_else(|| {
        (len > 0).then(|| ByteRange {
            first: 0,
            last: len - 1,
        })
    });
    let mut response = file_response(method, status, track, open, sent, "bytes");
    let headers = response.headers_mut();
    put_validators(headers, &validators);
    if let Some(span) = span {
        put(headers, header::CONTENT_RANGE, &span.content_range(len));
    }
    response
}

/// The cut stream for `start_sec`: the file from the frame at `offset` to its end. It is another
/// representation than the file, so it carries no validators and takes no ranges.
pub fn respond_from_offset(
    method: &Method,
    track: &TrackFile,
    open: OpenFile,
    offset: u64,
) -> Response {
    let len = open.metadata.len();
    let sent = (offset < len).then(|| ByteRange {
        first: offset,
        last: len - 1,
    });
    let mut response = file_response(method, StatusCode::OK, track, open, sent, "none");
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    response
}

/// `sent` of the file (no body for HEAD) with the headers every file answer carries.
fn file_response(
    method: &Method,
    status: StatusCode,
    track: &TrackFile,
    open: OpenFile,
    sent: Option<ByteRange>,
    accept_ranges: &'static str,
) -> Response {
    let body = match sent {
        Some(span) if method != Method::HEAD => Body::new(FileBody::new(open.file, span)),
        _ => Body::empty(),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::ACCEPT_RANGES,
        HeaderValue::from_static(accept_ranges),
    );
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(track.content_type),
    );
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(sent.map_or(0, |s| s.size())),
    );
    headers.insert(header::CONTENT_DISPOSITION, track.disposition.clone());
    response
}

fn put_validators(headers: &mut HeaderMap, validators: &Validators) {
    put(headers, header::ETAG, &validators.etag);
    put(
        headers,
        header::LAST_MODIFIED,
        &validators.last_modified_http(),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
}

/// Inserts a header built from our own ASCII text (never from request data).
fn put(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn message(status: StatusCode, text: &'static str) -> Response {
    (status, Json(serde_json::json!({ "message": text }))).into_response()
}
