//! How listeners reach this server, as far as signing in cares: the public URL (which decides
//! the session cookie's `Secure` and `__Host-` name, and which origin posts forms) and the reverse
//! proxies whose `X-Forwarded-For` is believed. The server's state holds it; the authentication
//! layer reads it.

use std::net::IpAddr;

/// How this server is reached, which decides the cookie's attributes and which origins and
/// proxies it believes.
#[derive(Debug, Clone, Default)]
pub struct AuthConfig {
    /// `https://music.example.org`: cookies get `Secure` and the `__Host-` name, and forms
    /// posted from this origin are accepted even when a proxy changes the `Host`.
    pub public_url: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the real client.
    pub trusted_proxies: Vec<IpAddr>,
}

impl AuthConfig {
    pub fn secure(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.to_ascii_lowercase().starts_with("https://"))
    }

    /// The scheme, host and port of the public URL (no path, no trailing slash).
    pub fn public_origin(&self) -> Option<&str> {
        let url = self.public_url.as_deref()?;
        let authority_start = url.find("://")? + 3;
        let end = url[authority_start..]
            .find('/')
            .map_or(url.len(), |i| authority_start + i);
        Some(&url[..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_is_scheme_host_and_port() {
        let config = AuthConfig {
            public_url: Some("https://music.example.org:8443/cadenza/".into()),
            trusted_proxies: Vec::new(),
        };
        assert!(config.secure());
        assert_eq!(
            config.public_origin(),
            Some("https://music.example.org:8443")
        );
        assert!(!AuthConfig::default().secure());
    }
}
