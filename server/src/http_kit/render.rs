//! The one place where answers are built: JSON bodies, error messages, files and pictures,
//! bodiless answers. Header values we compose go through [`put`]; a value that comes from outside
//! (the content type of a picture tag) is checked, never trusted to build.

use axum::body::Body;
use axum::response::Response;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::StatusCode;
use serde::Serialize;

/// `value` as JSON.
pub fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => body(status, "application/json", Body::from(bytes)),
        Err(error) => {
            tracing::error!(%error, "answer not serialisable");
            message(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR")
        }
    }
}

/// `{"message": "…"}`: every refusal and error, with the stable word clients match on.
pub fn message(status: StatusCode, message: &'static str) -> Response {
    #[derive(Serialize)]
    struct Message {
        message: &'static str,
    }
    match serde_json::to_vec(&Message { message }) {
        Ok(bytes) => body(status, "application/json", Body::from(bytes)),
        Err(_) => empty(status),
    }
}

/// A body of `content_type`; a type that is no valid header value is sent as
/// `application/octet-stream` (never an empty answer). `nosniff` keeps browsers to that type.
pub fn body(status: StatusCode, content_type: &str, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// A page built on the server (the sign-in and account forms). Never cached: it may show who is
/// signed in.
pub fn html(status: StatusCode, page: String) -> Response {
    let mut response = body(status, "text/html; charset=utf-8", Body::from(page));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `303 See Other` to a path of this site.
pub fn see_other(location: &str) -> Response {
    let mut response = empty(StatusCode::SEE_OTHER);
    put(response.headers_mut(), header::LOCATION, location);
    response
}

/// A bodiless answer (304, a HEAD, an empty file).
///
/// A 304 or 204 gets a body of no known length: an empty body of known length would have the
/// router add `Content-Length: 0`, which a 304 to a HEAD would then carry, while a 304 may only
/// carry the length a 200 would have had (RFC 9110 §8.6, §15.4.5), and a 204 none.
pub fn empty(status: StatusCode) -> Response {
    let body = match status {
        StatusCode::NOT_MODIFIED | StatusCode::NO_CONTENT => Body::new(NoLength),
        _ => Body::empty(),
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
}

/// An empty body that does not say it is empty.
struct NoLength;

impl http_body::Body for NoLength {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(None)
    }
}

/// Sets a header built from our own text; a value that is no valid header is left out.
pub fn put(headers: &mut HeaderMap, name: HeaderName, value: &str) {
    match HeaderValue::from_str(value) {
        Ok(value) => {
            headers.insert(name, value);
        }
        Err(_) => tracing::warn!(header = %name, "header value not sendable; left out"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_content_type_from_a_tag_becomes_octet_stream_not_an_empty_answer() {
        let response = body(StatusCode::OK, "image/png\r\nx: y", Body::from("png"));
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/octet-stream"
        );
    }

    #[test]
    fn a_304_has_no_length_for_the_router_to_announce() {
        use http_body::Body as _;
        let response = empty(StatusCode::NOT_MODIFIED);
        assert_eq!(response.body().size_hint().exact(), None);
        assert_eq!(empty(StatusCode::OK).body().size_hint().exact(), Some(0));
    }

    #[test]
    fn messages_are_json_with_the_stable_word() {
        let response = message(StatusCode::PRECONDITION_FAILED, "PRECONDITION_FAILED");
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    }
}
