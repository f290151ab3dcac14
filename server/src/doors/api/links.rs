//! `POST /api/tracks/{id}/link`: a signed stream link to a track, for an address that leaves the
//! page (copied, cast to a speaker). It works without a session for up to `lifetime` seconds
//! (at most six hours), and only for that track.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use crate::domain::accounts::MAX_LINK_LIFETIME;
use crate::domain::{Accounts, Library};
use crate::doors::error::AppError;
use crate::doors::extract::{PathId, Viewer};
use crate::http_kit::render;

#[derive(Debug, Default, Deserialize)]
pub struct LinkQuery {
    lifetime: Option<i64>,
}

#[derive(Serialize)]
struct SignedLink {
    /// The path and query of the link (relative to this server).
    url: String,
    /// Unix seconds.
    expires: i64,
}

pub async fn share(
    State(library): State<Arc<Library>>,
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
    PathId(track_id): PathId,
    query: Result<Query<LinkQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let lifetime = query
        .ok()
        .and_then(|Query(query)| query.lifetime)
        .unwrap_or(MAX_LINK_LIFETIME);
    if library.track(track_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let link = accounts
        .sign_stream_link(me.user_id, track_id, lifetime)
        .await?;
    tracing::info!(user = %me.name, track_id, "stream link signed");
    let answer = SignedLink {
        url: format!("/music/track?{}", link.query()),
        expires: link.expires,
    };
    Ok(render::json(StatusCode::OK, &answer))
}
