//! Answers with a file: the preconditions of RFC 9110 §13.2.2 on the file's validators, then
//! 200, 206, 304, 412 or 416 with the headers that make seeking and caching work
//! (Accept-Ranges, Content-Length, Content-Range, ETag, Last-Modified, Content-Disposition).

use std::fs::{File, Metadata};

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, Method, StatusCode};

use super::body::{FileBody, FileVersion};
use super::conditional::{evaluate, Decision, Validators};
use super::disposition::inline_disposition;
use super::range::{parse_range, ByteRange, RangeRequest};
use super::render;

/// How a kind of file is served.
#[derive(Clone, Copy, Debug)]
pub struct Served<'a> {
    pub content_type: &'a str,
    /// For `Content-Disposition: inline`; `None` sends no disposition.
    pub file_name: Option<&'a str>,
    pub cache_control: &'static str,
}

/// What a request's preconditions leave to do.
pub enum Preconditions {
    /// Answer with the resource; `use_range` is false when `If-Range` did not match.
    Proceed { use_range: bool },
    /// They are the answer: 304 or 412.
    Answered(Response),
}

/// Evaluates the request's preconditions on a resource with `validators` (RFC 9110 §13.2.2).
pub fn preconditions(
    method: &Method,
    request: &HeaderMap,
    validators: &Validators,
    cache_control: &'static str,
) -> Preconditions {
    match evaluate(method, request, validators) {
        Decision::Proceed { use_range } => Preconditions::Proceed { use_range },
        Decision::NotModified => {
            let mut response = render::empty(StatusCode::NOT_MODIFIED);
            put_validators(response.headers_mut(), validators, cache_control);
            Preconditions::Answered(response)
        }
        Decision::PreconditionFailed => Preconditions::Answered(render::message(
            StatusCode::PRECONDITION_FAILED,
            "PRECONDITION_FAILED",
        )),
    }
}

/// The whole file or the range asked for, as the request's preconditions allow.
pub fn respond(
    method: &Method,
    request: &HeaderMap,
    served: Served<'_>,
    file: File,
    metadata: &Metadata,
) -> Response {
    let len = metadata.len();
    let validators = Validators::of(metadata);
    let use_range = match preconditions(method, request, &validators, served.cache_control) {
        Preconditions::Proceed { use_range } => use_range,
        Preconditions::Answered(answer) => return answer,
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
            let mut response =
                render::message(StatusCode::RANGE_NOT_SATISFIABLE, "RANGE_NOT_SATISFIABLE");
            let headers = response.headers_mut();
            render::put(headers, header::CONTENT_RANGE, &format!("bytes */{len}"));
            put_validators(headers, &validators, served.cache_control);
            headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
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
    let mut response = file_answer(method, status, served, file, metadata, sent, "bytes");
    let headers = response.headers_mut();
    put_validators(headers, &validators, served.cache_control);
    if let Some(span) = span {
        render::put(headers, header::CONTENT_RANGE, &span.content_range(len));
    }
    response
}

/// The file from `offset` to its end: another representation than the file, so it carries no
/// validators and takes no ranges.
pub fn respond_from_offset(
    method: &Method,
    served: Served<'_>,
    file: File,
    metadata: &Metadata,
    offset: u64,
) -> Response {
    let len = metadata.len();
    let sent = (offset < len).then(|| ByteRange {
        first: offset,
        last: len - 1,
    });
    let mut response = file_answer(method, StatusCode::OK, served, file, metadata, sent, "none");
    render::put(
        response.headers_mut(),
        header::CACHE_CONTROL,
        served.cache_control,
    );
    response
}

/// `sent` of the file (no body for HEAD) with the headers every file answer carries.
fn file_answer(
    method: &Method,
    status: StatusCode,
    served: Served<'_>,
    file: File,
    metadata: &Metadata,
    sent: Option<ByteRange>,
    accept_ranges: &'static str,
) -> Response {
    let body = match sent {
        Some(span) if method != Method::HEAD => {
            Body::new(FileBody::new(file, span, FileVersion::of(metadata)))
        }
        _ => Body::empty(),
    };
    let mut response = render::body(status, served.content_type, body);
    let headers = response.headers_mut();
    headers.insert(
        header::ACCEPT_RANGES,
        HeaderValue::from_static(accept_ranges),
    );
    headers.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(sent.map_or(0, |s| s.size())),
    );
    if let Some(name) = served.file_name {
        render::put(
            headers,
            header::CONTENT_DISPOSITION,
            &inline_disposition(name),
        );
    }
    response
}

/// ETag, Last-Modified and Cache-Control.
pub fn put_validators(headers: &mut HeaderMap, validators: &Validators, cache_control: &str) {
    render::put(headers, header::ETAG, &validators.etag);
    render::put(
        headers,
        header::LAST_MODIFIED,
        &validators.last_modified_http(),
    );
    render::put(headers, header::CACHE_CONTROL, cache_control);
}
