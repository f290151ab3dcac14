//! The stream route's query string: `track_id` (required, a positive integer, once) and
//! `start_sec` (optional), extracted so that every malformation gets the answer that clients of
//! the original view rely on, instead of a framework's generic rejection.

use app::model::parse_seconds;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::doors::error::AppError;
use crate::doors::extract::positive_id;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StreamQuery {
    pub track_id: i64,
    /// Where to start, in seconds (`start_sec`).
    pub start_sec: Option<f64>,
}

impl<S: Send + Sync> FromRequestParts<S> for StreamQuery {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parse_stream_query(parts.uri.query())
    }
}

fn parse_stream_query(raw: Option<&str>) -> Result<StreamQuery, AppError> {
    let mut track_ids = Vec::new();
    let mut start_secs = Vec::new();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "track_id" => track_ids.push(value.into_owned()),
            "start_sec" => start_secs.push(value.into_owned()),
            _ => {}
        }
    }
    let track_id = match track_ids.as_slice() {
        [] => return Err(AppError::MissingTrackId),
        [one] => positive_id(one).ok_or(AppError::InvalidTrackId)?,
        _ => return Err(AppError::InvalidTrackId),
    };
    let start_sec = match start_secs.as_slice() {
        [] => None,
        [one] => Some(parse_seconds(one).ok_or(AppError::InvalidStartSec)?),
        _ => return Err(AppError::InvalidStartSec),
    };
    Ok(StreamQuery {
        track_id,
        start_sec,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_positive_id_is_accepted() {
        let q = parse_stream_query(Some("track_id=7")).expect("valid");
        assert_eq!((q.track_id, q.start_sec), (7, None));
        assert_eq!(
            parse_stream_query(Some("x=1&track_id=007"))
                .expect("valid")
                .track_id,
            7
        );
    }

    #[test]
    fn a_missing_id_is_invalid_keyword() {
        for raw in [None, Some(""), Some("id=1"), Some("track=1")] {
            assert!(
                matches!(parse_stream_query(raw), Err(AppError::MissingTrackId)),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn a_malformed_id_is_invalid_key() {
        for raw in [
            "track_id=abc",
            "track_id=-1",
            "track_id=0",
            "track_id=1.5",
            "track_id=",
            "track_id=+1",
            "track_id=%201",
            "track_id=123456789012345678901234567890",
            "track_id=1%20OR%201=1",
            "track_id=1&track_id=2",
        ] {
            assert!(
                matches!(parse_stream_query(Some(raw)), Err(AppError::InvalidTrackId)),
                "{raw}"
            );
        }
    }

    #[test]
    fn start_sec_is_read_when_present() {
        let q = parse_stream_query(Some("track_id=1&start_sec=70.5")).expect("valid");
        assert_eq!(q.start_sec, Some(70.5));
        for raw in [
            "track_id=1&start_sec=abc",
            "track_id=1&start_sec=-3",
            "track_id=1&start_sec=1&start_sec=2",
        ] {
            assert!(
                matches!(
                    parse_stream_query(Some(raw)),
                    Err(AppError::InvalidStartSec)
                ),
                "{raw}"
            );
        }
    }
}
