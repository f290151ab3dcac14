//! Extractors shared by the doors, each rejecting with the app's own error (a JSON 4xx), never a
//! framework's plain-text one.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::AppError;

/// Digits only (no sign, space or decimal point), at least 1, within `i64`.
pub fn positive_id(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The `{id}` of a path such as `/api/tracks/{id}`: a positive integer, else `400 INVALID_KEY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(text) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::InvalidId)?;
        positive_id(&text).map(PathId).ok_or(AppError::InvalidId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_positive_integers_are_ids() {
        assert_eq!(positive_id("007"), Some(7));
        for text in [
            "",
            "0",
            "-1",
            "+1",
            "1.5",
            " 1",
            "abc",
            "123456789012345678901234567890",
        ] {
            assert_eq!(positive_id(text), None, "{text:?}");
        }
    }
}
