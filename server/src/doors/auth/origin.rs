//! Cross-site request refusal for anything that changes state (POST and the like, server
//! functions included): a browser's `Sec-Fetch-Site: cross-site`, or an `Origin` that is neither
//! this server's `Host` nor its public URL. Programs that send neither (curl) pass; they have no
//! victim's cookies to ride on.

use http::header::{self, HeaderMap};

use super::AuthConfig;

pub fn is_cross_site(headers: &HeaderMap, config: &AuthConfig) -> bool {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if text(header::HeaderName::from_static("sec-fetch-site")) == Some("cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    if config
        .public_origin()
        .is_some_and(|public| public.eq_ignore_ascii_case(origin))
    {
        return false;
    }
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    match (authority, text(header::HOST)) {
        (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host),
        // "null" (a sandboxed frame, a redirect from elsewhere) or no Host to compare with.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("value"));
        }
        map
    }

    #[test]
    fn same_origin_and_programs_pass() {
        let config = AuthConfig::default();
        assert!(!is_cross_site(&headers(&[]), &config));
        assert!(!is_cross_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            &config
        ));
        assert!(!is_cross_site(
            &headers(&[("sec-fetch-site", "same-origin"), ("host", "h")]),
            &config
        ));
    }

    #[test]
    fn foreign_origins_and_cross_site_fetches_are_refused() {
        let config = AuthConfig::default();
        assert!(is_cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            &config
        ));
        assert!(is_cross_site(
            &headers(&[
                ("host", "127.0.0.1:3000"),
                ("origin", "http://evil.example")
            ]),
            &config
        ));
        assert!(is_cross_site(
            &headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]),
            &config
        ));
    }

    #[test]
    fn the_public_url_is_this_servers_origin_behind_a_proxy() {
        let config = AuthConfig {
            public_url: Some("https://music.example.org/".into()),
            trusted_proxies: Vec::new(),
        };
        assert!(!is_cross_site(
            &headers(&[
                ("host", "10.0.0.5:3000"),
                ("origin", "https://music.example.org")
            ]),
            &config
        ));
    }
}
