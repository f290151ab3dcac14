//! The session cookie: `HttpOnly`, `SameSite=Lax`, `Path=/`, lasting as long as a session may;
//! `Secure` under the `__Host-` name when the public URL is https, and neither on plain http, where
//! a browser would drop a Secure cookie and loop back to the sign-in form.

use http::header::{self, HeaderMap};

use super::AuthConfig;
use crate::domain::accounts::SessionPolicy;
use crate::http_kit::render;
use axum::response::Response;

const PLAIN_NAME: &str = "cadenza_session";
const HOST_NAME: &str = "__Host-cadenza_session";

fn name(config: &AuthConfig) -> &'static str {
    if config.secure() {
        HOST_NAME
    } else {
        PLAIN_NAME
    }
}

fn attributes(config: &AuthConfig) -> &'static str {
    if config.secure() {
        "HttpOnly; SameSite=Lax; Path=/; Secure"
    } else {
        "HttpOnly; SameSite=Lax; Path=/"
    }
}

/// The `Set-Cookie` value that gives the browser its session.
pub fn session_cookie(config: &AuthConfig, secret: &str) -> String {
    let max_age = SessionPolicy::default().absolute;
    format!(
        "{}={secret}; Max-Age={max_age}; {}",
        name(config),
        attributes(config)
    )
}

/// `303 See Other` to `location` that gives the browser its new session (sign-in, setup, a
/// password just changed).
pub fn signed_in(config: &AuthConfig, secret: &str, location: &str) -> Response {
    let mut response = render::see_other(location);
    render::put(
        response.headers_mut(),
        header::SET_COOKIE,
        &session_cookie(config, secret),
    );
    response
}

/// The `Set-Cookie` value that makes the browser forget it.
pub fn clear_session_cookie(config: &AuthConfig) -> String {
    format!("{}=; Max-Age=0; {}", name(config), attributes(config))
}

/// The session secret the request's `Cookie` headers carry, if any.
pub fn session_secret(headers: &HeaderMap, config: &AuthConfig) -> Option<String> {
    let wanted = name(config);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == wanted && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn https() -> AuthConfig {
        AuthConfig {
            public_url: Some("https://music.example.org".into()),
            trusted_proxies: Vec::new(),
        }
    }

    #[test]
    fn on_plain_http_the_cookie_is_not_secure() {
        let cookie = session_cookie(&AuthConfig::default(), "abc");
        assert!(
            cookie.starts_with("cadenza_session=abc; Max-Age="),
            "{cookie}"
        );
        assert!(
            cookie.ends_with("HttpOnly; SameSite=Lax; Path=/"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"));
    }

    #[test]
    fn on_https_the_cookie_is_secure_with_a_host_prefix() {
        let cookie = session_cookie(&https(), "abc");
        assert!(
            cookie.starts_with("__Host-cadenza_session=abc;"),
            "{cookie}"
        );
        assert!(cookie.contains("; Secure"));
        assert!(cookie.contains("Path=/") && !cookie.contains("Domain"));
        assert!(clear_session_cookie(&https()).contains("Max-Age=0"));
    }

    #[test]
    fn the_secret_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            "theme=dark; cadenza_session=s3cret".parse().expect("value"),
        );
        assert_eq!(
            session_secret(&headers, &AuthConfig::default()).as_deref(),
            Some("s3cret")
        );
        // The plain name is not the secure one: an https server ignores it.
        assert_eq!(session_secret(&headers, &https()), None);
    }
}
