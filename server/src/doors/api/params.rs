//! The list endpoints' query string: `q`, `sort`, `page` and `per_page`, extracted so that every
//! malformation gets a JSON answer. A `per_page` above the maximum is capped, not refused.

use app::model::{TrackQuery, TrackSort};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::doors::error::AppError;
use crate::doors::extract::positive_id;

/// The list query of a request to a list endpoint.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery(pub TrackQuery);

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parse_list_query(parts.uri.query()).map(ListQuery)
    }
}

fn parse_list_query(raw: Option<&str>) -> Result<TrackQuery, AppError> {
    let mut query = TrackQuery::default();
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "q" => query.q = Some(value.into_owned()),
            "sort" => query.sort = TrackSort::parse(&value).ok_or(AppError::InvalidSort)?,
            "page" => query.page = number(&value)?,
            "per_page" => query.per_page = number(&value)?,
            _ => {}
        }
    }
    Ok(query)
}

/// A positive integer; values past `u32` are capped (a page that far is simply empty).
fn number(text: &str) -> Result<u32, AppError> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.len() > 10 {
        return Ok(u32::MAX);
    }
    let n = positive_id(text).ok_or(AppError::InvalidPage)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use app::model::MAX_PER_PAGE;

    use super::*;

    #[test]
    fn parses_every_field() {
        let query = parse_list_query(Some("q=caf%C3%A9+blue&sort=title&page=3&per_page=20"))
            .expect("valid");
        assert_eq!(query.q.as_deref(), Some("café blue"));
        assert_eq!(query.sort, TrackSort::Title);
        assert_eq!((query.page(), query.per_page()), (3, 20));
    }

    #[test]
    fn defaults_and_caps() {
        let query = parse_list_query(None).expect("valid");
        assert_eq!(query, TrackQuery::default());
        let query = parse_list_query(Some("per_page=100000")).expect("valid");
        assert_eq!(query.per_page(), MAX_PER_PAGE);
        let query = parse_list_query(Some("page=99999999999999999999")).expect("valid");
        assert_eq!(query.page(), u32::MAX);
    }

    #[test]
    fn refuses_malformed_values() {
        for raw in ["sort=size", "page=0", "page=-1", "per_page=ten", "page="] {
            assert!(parse_list_query(Some(raw)).is_err(), "{raw}");
        }
    }
}
