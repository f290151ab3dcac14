//! Who a Subsonic call acts for. Exactly one mechanism per call: `apiKey` (OpenSubsonic; no
//! `u` then), or `u` with `p` (plain or `enc:` hex; a password or one of the user's API keys),
//! or `u` with `t` and `s` (a salted token over an API key made for tokens). The accounts core
//! does the checking and the throttling; nothing here logs a credential.

use super::fail::Fail;
use super::params::Params;
use crate::domain::accounts::{Client, Principal};
use crate::domain::Accounts;

pub async fn principal(
    accounts: &Accounts,
    params: &Params,
    client: &Client,
) -> Result<Principal, Fail> {
    let token = params.has("t") || params.has("s");
    if let Some(key) = params.get("apiKey") {
        if params.has("u") || params.has("p") || token {
            return Err(Fail::conflicting_auth());
        }
        return match accounts.api_key(key).await? {
            Some(principal) => Ok(principal),
            None => {
                tracing::warn!(address = ?client.address, "subsonic: invalid API key");
                Err(Fail::invalid_api_key())
            }
        };
    }
    let user = params.required("u")?;
    match (params.get("p"), token) {
        (Some(_), true) => Err(Fail::conflicting_auth()),
        (Some(password), false) => {
            let password = decode_password(password).ok_or_else(Fail::wrong_credentials)?;
            Ok(accounts.program_password(user, &password, client).await?)
        }
        (None, true) => {
            let token = params.required("t")?;
            let salt = params.required("s")?;
            Ok(accounts.program_token(user, token, salt, client).await?)
        }
        (None, false) => Err(Fail::missing("p, t and s, or apiKey")),
    }
}

/// `p` as given, or decoded from `enc:` and hex.
fn decode_password(p: &str) -> Option<String> {
    match p.strip_prefix("enc:") {
        Some(encoded) => String::from_utf8(hex::decode(encoded).ok()?).ok(),
        None => Some(p.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_plain_or_hex_encoded() {
        assert_eq!(decode_password("sesame").as_deref(), Some("sesame"));
        assert_eq!(
            decode_password("enc:736573616d65").as_deref(),
            Some("sesame")
        );
        assert_eq!(
            decode_password("enc:736573616D65").as_deref(),
            Some("sesame")
        );
        assert_eq!(decode_password("enc:zz"), None);
    }
}
