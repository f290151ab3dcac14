//! Subsonic's errors: always HTTP 200 with `status="failed"` and a numbered code that apps
//! match on. The cause of a server-side failure is logged, never sent.

use crate::domain::accounts::{AccountsError, ProgramAuthError};
use crate::domain::browse::BrowseError;
use crate::domain::collection::CollectionError;
use crate::domain::LibraryError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    pub code: u32,
    pub message: String,
}

impl Fail {
    fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// 0: what the server could not do (its cause is logged).
    pub fn generic(message: impl Into<String>) -> Self {
        Self::new(0, message)
    }

    pub fn missing(name: &str) -> Self {
        Self::new(10, format!("Required parameter is missing: {name}"))
    }

    pub fn invalid(name: &str) -> Self {
        Self::new(10, format!("Parameter {name} is not valid"))
    }

    pub fn wrong_credentials() -> Self {
        Self::new(40, "Wrong username or password")
    }

    pub fn token_not_supported() -> Self {
        Self::new(
            41,
            "Token authentication needs an API key made for it (Account page, or \
             `server user api-key NAME --subsonic-token`); or sign in with apiKey or p",
        )
    }

    pub fn conflicting_auth() -> Self {
        Self::new(
            43,
            "Multiple conflicting authentication mechanisms provided",
        )
    }

    pub fn invalid_api_key() -> Self {
        Self::new(44, "Invalid API key")
    }

    pub fn not_authorized() -> Self {
        Self::new(50, "User is not authorized for the given operation")
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(70, format!("{what} not found"))
    }

    pub fn not_implemented(method: &str) -> Self {
        Self::new(0, format!("{method} is not implemented"))
    }

    /// 0, with the cause logged (not sent).
    pub fn generic_logged(error: &dyn std::fmt::Display) -> Self {
        Self::unavailable(error)
    }

    fn unavailable(error: &dyn std::fmt::Display) -> Self {
        tracing::error!(%error, "subsonic request failed");
        Self::generic("The server could not answer; try again")
    }
}

impl From<sea_orm::DbErr> for Fail {
    fn from(error: sea_orm::DbErr) -> Self {
        Self::unavailable(&error)
    }
}

impl From<BrowseError> for Fail {
    fn from(error: BrowseError) -> Self {
        match error {
            BrowseError::Collection(error) => error.into(),
            BrowseError::Database(error) => error.into(),
        }
    }
}

impl From<CollectionError> for Fail {
    fn from(error: CollectionError) -> Self {
        match error {
            CollectionError::UnknownItem => Self::not_found("Item"),
            CollectionError::InvalidName => Self::invalid("name"),
            CollectionError::InvalidRating => Self::invalid("rating"),
            CollectionError::QueueTooLong | CollectionError::PlaylistTooLong => {
                Self::generic(error.to_string())
            }
            CollectionError::Database(error) => error.into(),
        }
    }
}

impl From<LibraryError> for Fail {
    fn from(error: LibraryError) -> Self {
        match error {
            LibraryError::UnknownTrack => Self::not_found("Song"),
            LibraryError::FileMissing => Self::not_found("The song's file"),
            LibraryError::PastTheEnd => Self::invalid("timeOffset"),
            LibraryError::CannotStartAtAFrame => {
                Self::generic("timeOffset is supported on MP3 files only")
            }
            LibraryError::Database(error) => error.into(),
            LibraryError::Io(error) => Self::unavailable(&error),
        }
    }
}

impl From<AccountsError> for Fail {
    fn from(error: AccountsError) -> Self {
        Self::unavailable(&error)
    }
}

impl From<ProgramAuthError> for Fail {
    fn from(error: ProgramAuthError) -> Self {
        match error {
            ProgramAuthError::Refused => Self::wrong_credentials(),
            ProgramAuthError::TokenNotSupported => Self::token_not_supported(),
            ProgramAuthError::PasswordChangeRequired => Self::new(
                50,
                "Choose a new password in the browser first (an admin set a temporary one)",
            ),
            ProgramAuthError::Throttled { retry_after } => Self::new(
                40,
                format!("Too many failed sign-ins; retry in {retry_after} s"),
            ),
            ProgramAuthError::Failed(error) => error.into(),
        }
    }
}
