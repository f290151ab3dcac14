//! The HTTP toolkit every route shares (RFC 9110): byte ranges, conditional requests and
//! validators, `Content-Disposition`, the paced file body, file answers, and the one renderer
//! that builds every answer. It knows nothing of the library.

pub mod body;
pub mod conditional;
pub mod disposition;
pub mod file;
pub mod range;
pub mod render;
