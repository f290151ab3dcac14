//! The one error type of the doors: each variant maps to a status and a stable JSON
//! `{"message": "…"}` that clients can match on; causes are logged, never shown.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::domain::LibraryError;
use crate::http_kit::render;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("track_id is missing")]
    MissingTrackId,
    #[error("track_id is not a positive integer")]
    InvalidTrackId,
    #[error("no track has this id")]
    UnknownTrack,
    #[error("the track's file is gone from the media folder")]
    FileMissing,
    #[error("start_sec is not a non-negative number of seconds")]
    InvalidStartSec,
    #[error("start_sec is past the end of the track")]
    StartSecPastEnd,
    #[error("start_sec is not supported for this format")]
    StartSecUnsupported,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("method not allowed: this route takes POST")]
    PostOnly,
    #[error("the id in the path is not a positive integer")]
    InvalidId,
    #[error("nothing has this id")]
    NotFound,
    #[error("sort is not one of artist, title, added")]
    InvalidSort,
    #[error("page or per_page is not a positive integer")]
    InvalidPage,
    #[error("size is not a positive whole number of pixels, given once")]
    InvalidSize,
    #[error("the form is not a valid urlencoded form")]
    InvalidForm,
    #[error("a server function's arguments are missing or malformed")]
    InvalidArguments,
    #[error("no session or API key")]
    Unauthenticated,
    #[error("the account may not do this")]
    Forbidden,
    #[error("a cross-site request may not change anything")]
    CrossSite,
    #[error("the signed link is tampered with, expired or revoked")]
    LinkRefused,
    #[error("the account must choose a new password first")]
    PasswordChangeRequired,
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("accounts: {0}")]
    Accounts(crate::domain::accounts::AccountsError),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::MissingTrackId
            | Self::InvalidTrackId
            | Self::InvalidStartSec
            | Self::StartSecPastEnd
            | Self::InvalidId
            | Self::InvalidSort
            | Self::InvalidPage
            | Self::InvalidSize
            | Self::InvalidForm
            | Self::InvalidArguments => StatusCode::BAD_REQUEST,
            Self::StartSecUnsupported => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnknownTrack | Self::FileMissing | Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed | Self::PostOnly => StatusCode::METHOD_NOT_ALLOWED,
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::Forbidden
            | Self::CrossSite
            | Self::LinkRefused
            | Self::PasswordChangeRequired => StatusCode::FORBIDDEN,
            Self::Database(_) | Self::Accounts(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable message clients check (the first three are the original view's).
    pub fn message(&self) -> &'static str {
        match self {
            Self::MissingTrackId => "INVALID_KEYWORD",
            Self::InvalidTrackId | Self::UnknownTrack | Self::InvalidId | Self::NotFound => {
                "INVALID_KEY"
            }
            Self::InvalidSort => "INVALID_SORT",
            Self::InvalidPage => "INVALID_PAGE",
            Self::InvalidSize => "INVALID_SIZE",
            Self::FileMissing => "FILE_MISSING",
            Self::InvalidStartSec => "INVALID_START_SEC",
            Self::StartSecPastEnd => "START_SEC_PAST_END",
            Self::StartSecUnsupported => "START_SEC_UNSUPPORTED",
            Self::MethodNotAllowed | Self::PostOnly => "METHOD_NOT_ALLOWED",
            Self::InvalidForm => "INVALID_FORM",
            Self::InvalidArguments => "INVALID_ARGUMENTS",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::CrossSite => "CROSS_SITE_REFUSED",
            Self::LinkRefused => "LINK_INVALID",
            Self::PasswordChangeRequired => "PASSWORD_CHANGE_REQUIRED",
            Self::Database(_) => "LIBRARY_UNAVAILABLE",
            Self::Accounts(_) => "ACCOUNTS_UNAVAILABLE",
            Self::Io(_) => "INTERNAL_ERROR",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::debug!(error = %self, "request refused");
        }
        let mut response = render::message(status, self.message());
        match self {
            Self::MethodNotAllowed => {
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            }
            Self::PostOnly => {
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("POST"));
            }
            _ => {}
        }
        response
    }
}

impl From<LibraryError> for AppError {
    fn from(error: LibraryError) -> Self {
        match error {
            LibraryError::UnknownTrack => Self::UnknownTrack,
            LibraryError::FileMissing => Self::FileMissing,
            LibraryError::PastTheEnd => Self::StartSecPastEnd,
            LibraryError::CannotStartAtAFrame => Self::StartSecUnsupported,
            LibraryError::Database(error) => Self::Database(error),
            LibraryError::Io(error) => Self::Io(error),
        }
    }
}

impl From<crate::domain::accounts::AccountsError> for AppError {
    fn from(error: crate::domain::accounts::AccountsError) -> Self {
        match error {
            crate::domain::accounts::AccountsError::Database(error) => Self::Database(error),
            other => Self::Accounts(other),
        }
    }
}

/// Any other method on a route that takes only POST.
pub async fn post_only() -> AppError {
    AppError::PostOnly
}

/// Any other method on a route that answers GET and HEAD.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

impl From<crate::domain::collection::CollectionError> for AppError {
    fn from(error: crate::domain::collection::CollectionError) -> Self {
        match error {
            crate::domain::collection::CollectionError::Database(error) => Self::Database(error),
            _ => Self::NotFound,
        }
    }
}
