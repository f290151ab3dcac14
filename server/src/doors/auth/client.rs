//! The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address in
//! `X-Forwarded-For` that is not one of those proxies. A forwarded header from anyone else is
//! ignored: it is the client's own word.

use std::net::{IpAddr, SocketAddr};

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use http::request::Parts;

use super::AuthConfig;
use crate::domain::accounts::Client;

/// A handler's `Client` argument: where the request comes from and what browser it says it is.
impl<S> FromRequestParts<S> for Client
where
    S: Send + Sync,
    Arc<AuthConfig>: FromRef<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        Ok(client_of(parts, &Arc::<AuthConfig>::from_ref(state)))
    }
}

fn client_of(parts: &Parts, config: &AuthConfig) -> Client {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let agent = parts
        .headers
        .get(http::header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    Client {
        address: peer.map(|peer| real_address(peer, &forwarded, &config.trusted_proxies)),
        agent,
    }
}

fn real_address(peer: IpAddr, forwarded: &str, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    forwarded
        .rsplit(',')
        .map(str::trim)
        .map_while(|hop| hop.parse::<IpAddr>().ok())
        .find(|hop| !trusted.contains(hop))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn forwarded_addresses_count_only_from_trusted_proxies() {
        let proxy = ip("10.0.0.2");
        let trusted = [proxy];
        assert_eq!(
            real_address(ip("203.0.113.9"), "1.2.3.4", &trusted),
            ip("203.0.113.9")
        );
        assert_eq!(real_address(proxy, "1.2.3.4", &trusted), ip("1.2.3.4"));
        // The client may prepend anything: only the hop the proxy added is believed.
        assert_eq!(
            real_address(proxy, "6.6.6.6, 1.2.3.4", &trusted),
            ip("1.2.3.4")
        );
        assert_eq!(
            real_address(proxy, "1.2.3.4, 10.0.0.2", &trusted),
            ip("1.2.3.4")
        );
        assert_eq!(real_address(proxy, "", &trusted), proxy);
        assert_eq!(real_address(proxy, "junk", &trusted), proxy);
    }
}
