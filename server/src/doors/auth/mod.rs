//! The one authentication layer every request passes. It finds who is asking (a session cookie,
//! or an API key on the API and stream routes), refuses cross-site writes, and lets through only
//! what the route allows: public routes for anyone, the page (otherwise 303 to `/login?next=…`),
//! and everything else (server functions, the JSON API, covers, the stream), which answer 401
//! `UNAUTHENTICATED` without a session. Paths it does not know are not public: a new route is
//! closed until it is listed here.

mod client;
mod cookie;
mod link;
mod origin;

pub use cookie::{clear_session_cookie, session_secret, signed_in};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::{header, HeaderMap, Method};

use super::error::AppError;
use crate::auth_config::AuthConfig;
use crate::domain::accounts::{LinkRefused, Principal, StreamLink};
use crate::domain::Accounts;
use crate::http_kit::render;
use crate::state::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Health, sign-in, sign-out, setup, the site's static files.
    Public,
    /// The page: an anonymous visitor is sent to the sign-in form.
    Page,
    /// Everything a program calls: an anonymous caller gets 401.
    Program,
    /// The Subsonic API (`/rest/…`): every call carries its own credentials, which the door
    /// checks (`doors/subsonic/auth.rs`). A cookie opens nothing there, so no cross-site
    /// request can act with a browser's session.
    OwnCredentials,
}

fn access_of(path: &str) -> Access {
    const PUBLIC: [&str; 6] = [
        "/health",
        "/login",
        "/logout",
        "/setup",
        "/favicon.ico",
        "/favicon.svg",
    ];
    const PROGRAM_PREFIXES: [&str; 3] = ["/api/", "/music/", "/covers/"];
    if path.starts_with("/rest/") {
        Access::OwnCredentials
    } else if PUBLIC.contains(&path) || path.starts_with("/pkg/") {
        Access::Public
    } else if PROGRAM_PREFIXES
        .iter()
        .any(|prefix| path.starts_with(prefix))
    {
        Access::Program
    } else {
        Access::Page
    }
}

/// Whether an API key (`Authorization: Bearer`) is accepted here: on the JSON API and the
/// stream, not on the page, so a key in a script never opens the admin's pages.
fn takes_api_key(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/music/") || path.starts_with("/covers/")
}

/// The layer: see the module's comment.
pub async fn guard(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let access = access_of(&path);
    if access == Access::OwnCredentials {
        return next.run(request).await;
    }
    if !is_safe(request.method()) && origin::is_cross_site(request.headers(), &state.auth) {
        tracing::warn!(path, method = %request.method(), "cross-site request refused");
        return AppError::CrossSite.into_response();
    }
    let link = link::stream_link(&path, request.uri().query());
    let principal =
        match identify(&state.accounts, request.headers(), &path, &state.auth, link).await {
            Ok(principal) => principal,
            Err(error) => return error.into_response(),
        };
    match (access, principal) {
        (Access::Page | Access::Program, Some(principal))
            if principal.must_change_password
                && !CHANGE_PASSWORD_PATHS.contains(&path.as_str()) =>
        {
            match access {
                Access::Page if is_safe(request.method()) => render::see_other("/account/password"),
                _ => AppError::PasswordChangeRequired.into_response(),
            }
        }
        (_, Some(principal)) => {
            request.extensions_mut().insert(principal);
            next.run(request).await
        }
        (Access::Public | Access::OwnCredentials, None) => next.run(request).await,
        (Access::Page, None) if is_safe(request.method()) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map_or("/", |pq| pq.as_str())
                .to_owned();
            render::see_other(&login_link(&wanted))
        }
        (Access::Page | Access::Program, None) => {
            tracing::info!(path, "anonymous request refused");
            AppError::Unauthenticated.into_response()
        }
    }
}

/// Where a user with a temporary password may still go: the form that replaces it.
const CHANGE_PASSWORD_PATHS: [&str; 1] = ["/account/password"];

/// `/login`, with `next` when it is somewhere else than the start page.
pub fn login_link(next: &str) -> String {
    if next == "/" {
        return "/login".to_owned();
    }
    let encoded: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
    format!("/login?next={encoded}")
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The session's or the API key's principal, if the request carries a live one.
async fn identify(
    accounts: &Accounts,
    headers: &HeaderMap,
    path: &str,
    config: &AuthConfig,
    link: Option<Option<StreamLink>>,
) -> Result<Option<Principal>, AppError> {
    if let Some(secret) = session_secret(headers, config) {
        if let Some(principal) = accounts.session(&secret).await? {
            return Ok(Some(principal));
        }
    }
    if let Some(link) = link {
        let checked = match link {
            Some(link) => accounts.check_stream_link(&link).await?,
            None => Err(LinkRefused::Invalid),
        };
        return match checked {
            Ok(principal) => Ok(Some(principal)),
            Err(refused) => {
                tracing::warn!(path, ?refused, "signed link refused");
                Err(AppError::LinkRefused)
            }
        };
    }
    if takes_api_key(path) {
        if let Some(key) = bearer(headers) {
            let principal = accounts.api_key(key).await?;
            if principal.is_none() {
                tracing::warn!(path, "unknown or revoked API key refused");
            }
            return Ok(principal);
        }
    }
    Ok(None)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, key) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| key.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_closed_unless_listed() {
        assert_eq!(access_of("/health"), Access::Public);
        assert_eq!(access_of("/login"), Access::Public);
        assert_eq!(access_of("/pkg/cadenza.wasm"), Access::Public);
        assert_eq!(access_of("/"), Access::Page);
        assert_eq!(access_of("/admin"), Access::Page);
        assert_eq!(access_of("/no/such/thing"), Access::Page);
        assert_eq!(access_of("/api/list_tracks"), Access::Program);
        assert_eq!(access_of("/music/track"), Access::Program);
        assert_eq!(access_of("/covers/1"), Access::Program);
        assert_eq!(access_of("/loginx"), Access::Page);
        assert_eq!(access_of("/rest/ping.view"), Access::OwnCredentials);
        assert_eq!(access_of("/restx"), Access::Page);
    }

    #[test]
    fn the_login_link_carries_the_wanted_page() {
        assert_eq!(login_link("/"), "/login");
        assert_eq!(
            login_link("/?q=a b&page=2"),
            "/login?next=%2F%3Fq%3Da+b%26page%3D2"
        );
    }
}
