//! Conditional requests (RFC 9110 §13): validators of a file and the evaluation order of
//! §13.2.2 (If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since, If-Range).

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{header, HeaderMap, Method};

/// The validators of one version of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validators {
    /// A strong entity tag, quotes included: `"<inode>-<size>-<mtime ns>"` in hex.
    pub etag: String,
    /// Modification time truncated to whole seconds, as HTTP dates carry it.
    pub last_modified: SystemTime,
}

impl Validators {
    /// Validators from the identity of a file: any change of content through a rename, a rewrite
    /// or a touch changes the inode, the size or the modification time, and so the tag.
    pub fn new(inode: u64, size: u64, modified: SystemTime) -> Self {
        let since_epoch = modified.duration_since(UNIX_EPOCH).unwrap_or_default();
        Self {
            etag: format!("\"{inode:x}-{size:x}-{:x}\"", since_epoch.as_nanos()),
            last_modified: UNIX_EPOCH + Duration::from_secs(since_epoch.as_secs()),
        }
    }

    /// The validators of the file `metadata` describes.
    pub fn of(metadata: &Metadata) -> Self {
        Self::new(
            metadata.ino(),
            metadata.len(),
            metadata.modified().unwrap_or(UNIX_EPOCH),
        )
    }

    pub fn last_modified_http(&self) -> String {
        httpdate::fmt_http_date(self.last_modified)
    }
}

/// What the preconditions allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Go on; `use_range` is false when `If-Range` did not match and the whole file is due.
    Proceed { use_range: bool },
    /// 304 Not Modified.
    NotModified,
    /// 412 Precondition Failed.
    PreconditionFailed,
}

/// Evaluates the request's preconditions against `validators` in the order of §13.2.2.
pub fn evaluate(method: &Method, headers: &HeaderMap, validators: &Validators) -> Decision {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let get_or_head = method == Method::GET || method == Method::HEAD;

    // Step 1 and 2: the client wants to act on exactly this version.
    if let Some(if_match) = text(header::IF_MATCH) {
        if !etag_list_matches(if_match, &validators.etag, Comparison::Strong) {
            return Decision::PreconditionFailed;
        }
    } else if let Some(date) = text(header::IF_UNMODIFIED_SINCE).and_then(parse_date) {
        if validators.last_modified > date {
            return Decision::PreconditionFailed;
        }
    }

    // Step 3 and 4: the client already has this version.
    if let Some(if_none_match) = text(header::IF_NONE_MATCH) {
        if etag_list_matches(if_none_match, &validators.etag, Comparison::Weak) {
            return if get_or_head {
                Decision::NotModified
            } else {
                Decision::PreconditionFailed
            };
        }
    } else if get_or_head {
        if let Some(date) = text(header::IF_MODIFIED_SINCE).and_then(parse_date) {
            if validators.last_modified <= date {
                return Decision::NotModified;
            }
        }
    }

    // Step 5: a range applies only to the version the client already holds part of.
    let use_range = match text(header::IF_RANGE) {
        Some(_) if !headers.contains_key(header::RANGE) => true,
        Some(if_range) => if_range_matches(if_range.trim(), validators),
        None => true,
    };
    Decision::Proceed { use_range }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Comparison {
    Strong,
    Weak,
}

/// Does `list` (`*` or a comma-separated list of entity tags) name `current`?
fn etag_list_matches(list: &str, current: &str, comparison: Comparison) -> bool {
    if list.trim() == "*" {
        return true;
    }
    list.split(',').map(str::trim).any(|candidate| {
        let (weak, opaque) = match candidate.strip_prefix("W/") {
            Some(rest) => (true, rest),
            None => (false, candidate),
        };
        let current_opaque = current.trim_start_matches("W/");
        match comparison {
            Comparison::Strong => !weak && !current.starts_with("W/") && opaque == current,
            Comparison::Weak => opaque == current_opaque,
        }
    })
}

/// §13.1.5: an entity tag must match strongly; a date must equal Last-Modified exactly.
fn if_range_matches(value: &str, validators: &Validators) -> bool {
    if value.starts_with('"') || value.starts_with("W/") {
        return !value.starts_with("W/") && value == validators.etag;
    }
    parse_date(value).is_some_and(|date| date == validators.last_modified)
}

fn parse_date(value: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(value.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;
    use proptest::prelude::*;

    fn validators() -> Validators {
        Validators::new(
            0x2a,
            1000,
            UNIX_EPOCH + Duration::from_millis(1_700_000_000_500),
        )
    }

    fn eval(pairs: &[(header::HeaderName, &str)]) -> Decision {
        eval_method(Method::GET, pairs)
    }

    fn eval_method(method: Method, pairs: &[(header::HeaderName, &str)]) -> Decision {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                name.clone(),
                HeaderValue::from_str(value).expect("test header"),
            );
        }
        evaluate(&method, &headers, &validators())
    }

    const GO: Decision = Decision::Proceed { use_range: true };
    const WHOLE: Decision = Decision::Proceed { use_range: false };
    const LAST_MODIFIED: &str = "Tue, 14 Nov 2023 22:13:20 GMT";
    const EARLIER: &str = "Tue, 14 Nov 2023 22:13:19 GMT";

    #[test]
    fn etag_is_strong_and_names_inode_size_and_nanoseconds() {
        let v = validators();
        assert_eq!(
            v.etag,
            format!("\"2a-3e8-{:x}\"", 1_700_000_000_500_000_000u128)
        );
        assert_eq!(v.last_modified_http(), LAST_MODIFIED);
    }

    #[test]
    fn etag_changes_with_size_or_time() {
        let t = UNIX_EPOCH + Duration::from_secs(5);
        assert_ne!(
            Validators::new(1, 10, t).etag,
            Validators::new(1, 11, t).etag
        );
        assert_ne!(
            Validators::new(1, 10, t).etag,
            Validators::new(1, 10, t + Duration::from_nanos(1)).etag
        );
    }

    #[test]
    fn no_conditions_proceed() {
        assert_eq!(eval(&[]), GO);
    }

    #[test]
    fn if_none_match_with_current_tag_is_not_modified() {
        let tag = validators().etag;
        assert_eq!(
            eval(&[(header::IF_NONE_MATCH, &tag)]),
            Decision::NotModified
        );
        assert_eq!(
            eval(&[(header::IF_NONE_MATCH, &format!("W/{tag}"))]),
            Decision::NotModified
        );
        assert_eq!(
            eval(&[(header::IF_NONE_MATCH, &format!("\"x\", {tag}"))]),
            Decision::NotModified
        );
        assert_eq!(eval(&[(header::IF_NONE_MATCH, "*")]), Decision::NotModified);
        assert_eq!(eval(&[(header::IF_NONE_MATCH, "\"other\"")]), GO);
    }

    #[test]
    fn if_none_match_on_other_methods_fails_the_precondition() {
        let tag = validators().etag;
        assert_eq!(
            eval_method(Method::POST, &[(header::IF_NONE_MATCH, &tag)]),
            Decision::PreconditionFailed
        );
    }

    #[test]
    fn if_modified_since_compares_whole_seconds() {
        assert_eq!(
            eval(&[(header::IF_MODIFIED_SINCE, LAST_MODIFIED)]),
            Decision::NotModified
        );
        assert_eq!(eval(&[(header::IF_MODIFIED_SINCE, EARLIER)]), GO);
        assert_eq!(eval(&[(header::IF_MODIFIED_SINCE, "not a date")]), GO);
    }

    #[test]
    fn if_none_match_takes_precedence_over_if_modified_since() {
        assert_eq!(
            eval(&[
                (header::IF_NONE_MATCH, "\"other\""),
                (header::IF_MODIFIED_SINCE, LAST_MODIFIED)
            ]),
            GO
        );
    }

    #[test]
    fn if_match_needs_a_strong_match() {
        let tag = validators().etag;
        assert_eq!(eval(&[(header::IF_MATCH, &tag)]), GO);
        assert_eq!(eval(&[(header::IF_MATCH, "*")]), GO);
        assert_eq!(
            eval(&[(header::IF_MATCH, "\"other\"")]),
            Decision::PreconditionFailed
        );
        assert_eq!(
            eval(&[(header::IF_MATCH, &format!("W/{tag}"))]),
            Decision::PreconditionFailed
        );
    }

    #[test]
    fn if_unmodified_since_fails_when_changed_after() {
        assert_eq!(eval(&[(header::IF_UNMODIFIED_SINCE, LAST_MODIFIED)]), GO);
        assert_eq!(
            eval(&[(header::IF_UNMODIFIED_SINCE, EARLIER)]),
            Decision::PreconditionFailed
        );
    }

    #[test]
    fn if_match_takes_precedence_over_if_unmodified_since() {
        let tag = validators().etag;
        assert_eq!(
            eval(&[
                (header::IF_MATCH, &tag),
                (header::IF_UNMODIFIED_SINCE, EARLIER)
            ]),
            GO
        );
    }

    #[test]
    fn failed_if_match_wins_over_if_none_match() {
        assert_eq!(
            eval(&[
                (header::IF_MATCH, "\"other\""),
                (header::IF_NONE_MATCH, "*")
            ]),
            Decision::PreconditionFailed
        );
    }

    #[test]
    fn if_range_with_current_validator_keeps_the_range() {
        let tag = validators().etag;
        assert_eq!(
            eval(&[(header::RANGE, "bytes=0-1"), (header::IF_RANGE, &tag)]),
            GO
        );
        assert_eq!(
            eval(&[
                (header::RANGE, "bytes=0-1"),
                (header::IF_RANGE, LAST_MODIFIED)
            ]),
            GO
        );
    }

    #[test]
    fn if_range_with_old_or_weak_validator_sends_the_whole_file() {
        let tag = validators().etag;
        for stale in ["\"old\"", EARLIER, &format!("W/{tag}"), "garbage"] {
            assert_eq!(
                eval(&[(header::RANGE, "bytes=0-1"), (header::IF_RANGE, stale)]),
                WHOLE,
                "{stale}"
            );
        }
    }

    proptest! {
        #[test]
        fn arbitrary_condition_headers_never_panic(
            a in "[ -~]{0,60}", b in "[ -~]{0,60}", c in "[ -~]{0,60}", d in "[ -~]{0,60}", e in "[ -~]{0,60}"
        ) {
            let mut headers = HeaderMap::new();
            for (name, value) in [
                (header::IF_MATCH, a), (header::IF_NONE_MATCH, b), (header::IF_MODIFIED_SINCE, c),
                (header::IF_UNMODIFIED_SINCE, d), (header::IF_RANGE, e),
            ] {
                if let Ok(v) = HeaderValue::from_str(&value) { headers.insert(name, v); }
            }
            headers.insert(header::RANGE, HeaderValue::from_static("bytes=0-1"));
            let _ = evaluate(&Method::GET, &headers, &validators());
        }
    }
}
