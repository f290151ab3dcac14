//! The database URL, which may carry a password: shown and logged only with the password
//! replaced by `***` (in its user part and in a `password=` parameter).

use std::fmt;
use std::str::FromStr;

const HIDDEN: &str = "***";

#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The URL itself, to connect with: never print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The SQLite file this URL names, if it names one (not PostgreSQL, not `:memory:`).
    pub fn sqlite_file(&self) -> Option<&std::path::Path> {
        super::sqlite_file(&self.0).map(std::path::Path::new)
    }

    /// The password in the URL, if any, as written and percent-decoded.
    fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        if let Some((start, end)) = user_password(&self.0) {
            secrets.push(self.0[start..end].to_owned());
        }
        if let Some((start, end)) = password_parameter(&self.0) {
            secrets.push(self.0[start..end].to_owned());
        }
        let decoded: Vec<String> = secrets
            .iter()
            .filter_map(|s| percent_encoding::percent_decode_str(s).decode_utf8().ok())
            .map(|s| s.into_owned())
            .collect();
        secrets.extend(decoded);
        secrets.retain(|s| !s.is_empty());
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets
    }

    /// `text` (an error message, say) with this URL's password hidden wherever it appears.
    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in self.secrets() {
            text = text.replace(&secret, HIDDEN);
        }
        text
    }
}

/// Where the password of `scheme://user:password@host` is.
fn user_password(url: &str) -> Option<(usize, usize)> {
    let authority_start = url.find("://")? + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let at = authority_start + url[authority_start..authority_end].rfind('@')?;
    let colon = authority_start + url[authority_start..at].find(':')?;
    Some((colon + 1, at))
}

/// Where the value of a `password=` query parameter is.
fn password_parameter(url: &str) -> Option<(usize, usize)> {
    let query_start = url.find('?')? + 1;
    let mut offset = query_start;
    for pair in url[query_start..].split('&') {
        if let Some(value) = pair.strip_prefix("password=") {
            let start = offset + "password=".len();
            return Some((start, start + value.len()));
        }
        offset += pair.len() + 1;
    }
    None
}

impl FromStr for DatabaseUrl {
    type Err = std::convert::Infallible;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        Ok(Self(url.to_owned()))
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        let mut spans: Vec<(usize, usize)> = [user_password(&self.0), password_parameter(&self.0)]
            .into_iter()
            .flatten()
            .collect();
        // From the end, so the earlier span's offsets stay right.
        spans.sort_unstable_by(|a, b| b.cmp(a));
        for (start, end) in spans {
            shown.replace_range(start..end, HIDDEN);
        }
        f.write_str(&shown)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> DatabaseUrl {
        text.parse().unwrap_or_else(|never| match never {})
    }

    #[test]
    fn the_password_is_hidden_in_display_and_debug() {
        let db = url("postgres://cadenza:s3cr%21t@db.local:5432/cadenza?sslmode=prefer");
        assert_eq!(
            db.to_string(),
            "postgres://cadenza:***@db.local:5432/cadenza?sslmode=prefer"
        );
        assert!(!format!("{db:?}").contains("s3cr"), "{db:?}");
        assert_eq!(
            db.expose(),
            "postgres://cadenza:s3cr%21t@db.local:5432/cadenza?sslmode=prefer"
        );
    }

    #[test]
    fn a_password_parameter_is_hidden_too() {
        let db = url("postgres://db.local/cadenza?user=me&password=hunter22&sslmode=require");
        assert_eq!(
            db.to_string(),
            "postgres://db.local/cadenza?user=me&password=***&sslmode=require"
        );
    }

    #[test]
    fn urls_without_a_password_are_shown_as_they_are() {
        for text in [
            "sqlite://data/cadenza.db?mode=rwc",
            "postgres://cadenza@localhost/cadenza",
            "postgres://localhost/cadenza",
        ] {
            assert_eq!(url(text).to_string(), text);
        }
    }

    #[test]
    fn scrub_hides_the_password_as_written_and_decoded() {
        let db = url("postgres://me:p%40ss@h/db");
        assert_eq!(
            db.scrub("failed for p%40ss and for p@ss"),
            "failed for *** and for ***"
        );
    }
}
