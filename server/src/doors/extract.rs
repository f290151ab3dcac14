//! Extractors shared by the doors, each rejecting with the app's own error (a JSON 4xx), never a
//! framework's plain-text one.

use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::AppError;
use crate::domain::accounts::Principal;

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

/// A form posted as `application/x-www-form-urlencoded`; anything else is `400 INVALID_FORM`.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        axum::Form::<T>::from_request(request, state)
            .await
            .map(|axum::Form(value)| Self(value))
            .map_err(|_| AppError::InvalidForm)
    }
}

/// The signed-in user the authentication layer found; `401 UNAUTHENTICATED` without one.
pub struct Viewer(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Principal>()
            .cloned()
            .map(Viewer)
            .ok_or(AppError::Unauthenticated)
    }
}

/// A signed-in admin; a listener gets `403 FORBIDDEN`.
pub struct AdminViewer(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for AdminViewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Viewer(principal) = Viewer::from_request_parts(parts, state).await?;
        if principal.is_admin() {
            Ok(Self(principal))
        } else {
            Err(AppError::Forbidden)
        }
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
