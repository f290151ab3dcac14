//! The `size` of a cover request (`/covers/{id}?size=N`): absent for the picture as stored, else a
//! positive whole number of pixels, given once, snapped to a size thumbnails are made in. Any
//! other parameter is ignored, as it always was on this route.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::domain::library::ThumbnailSize;
use crate::doors::error::AppError;

/// `None`: the cover as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverSize(pub Option<ThumbnailSize>);

impl<S: Send + Sync> FromRequestParts<S> for CoverSize {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parse_cover_size(parts.uri.query()).map(CoverSize)
    }
}

fn parse_cover_size(raw: Option<&str>) -> Result<Option<ThumbnailSize>, AppError> {
    let sizes: Vec<_> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .filter(|(key, _)| key == "size")
        .map(|(_, value)| value)
        .collect();
    match sizes.as_slice() {
        [] => Ok(None),
        [one] => pixels(one)
            .and_then(ThumbnailSize::fitting)
            .map(Some)
            .ok_or(AppError::InvalidSize),
        _ => Err(AppError::InvalidSize),
    }
}

/// Digits only (no sign, no spaces); a number too long for `u64` is simply very large.
fn pixels(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(text.parse().unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixels_of(raw: &str) -> Option<u32> {
        parse_cover_size(Some(raw))
            .expect("valid")
            .map(ThumbnailSize::pixels)
    }

    #[test]
    fn no_size_is_the_cover_as_stored() {
        assert_eq!(parse_cover_size(None).expect("valid"), None);
        assert_eq!(pixels_of("v=2"), None);
    }

    #[test]
    fn a_size_is_snapped_up_and_capped() {
        assert_eq!(pixels_of("size=100"), Some(128));
        assert_eq!(pixels_of("x=1&size=0256"), Some(256));
        assert_eq!(pixels_of("size=5000"), Some(1024));
        assert_eq!(pixels_of("size=99999999999999999999999"), Some(1024));
    }

    #[test]
    fn zero_negative_non_numeric_empty_or_repeated_sizes_are_invalid() {
        for raw in [
            "size=0",
            "size=-1",
            "size=abc",
            "size=",
            "size=1.5",
            "size=+64",
            "size=%2064",
            "size=64&size=128",
        ] {
            assert!(
                matches!(parse_cover_size(Some(raw)), Err(AppError::InvalidSize)),
                "{raw}"
            );
        }
    }
}
