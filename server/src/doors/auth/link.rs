//! Reading a signed stream link off `/music/track?track_id=…&user=…&expires=…&sig=…`. The track
//! is read by the same rules as the stream route's (once, a positive integer), so the link can
//! only open the track it was signed for.

use crate::domain::accounts::StreamLink;
use crate::doors::extract::positive_id;

/// `None` when the query has no `sig` (no link to check); `Some(None)` when it has one but the
/// rest is malformed.
pub fn stream_link(path: &str, query: Option<&str>) -> Option<Option<StreamLink>> {
    if path != "/music/track" {
        return None;
    }
    let query = query?;
    let (mut track, mut user, mut expires, mut sig) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "track_id" => track.push(value.into_owned()),
            "user" => user.push(value.into_owned()),
            "expires" => expires.push(value.into_owned()),
            "sig" => sig.push(value.into_owned()),
            _ => {}
        }
    }
    if sig.is_empty() {
        return None;
    }
    let one = |values: &[String]| match values {
        [one] => positive_id(one),
        _ => None,
    };
    let link = (|| {
        Some(StreamLink {
            track_id: one(&track)?,
            user_id: one(&user)?,
            expires: one(&expires)?,
            signature: match sig.as_slice() {
                [one] => one.clone(),
                _ => return None,
            },
        })
    })();
    Some(link)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_read_only_off_the_stream_route_and_only_whole() {
        let query = "track_id=7&user=2&expires=1800000000&sig=abc";
        let link = stream_link("/music/track", Some(query))
            .expect("a link")
            .expect("whole");
        assert_eq!(
            (link.track_id, link.user_id, link.expires),
            (7, 2, 1_800_000_000)
        );
        assert_eq!(link.query(), query);
        assert_eq!(stream_link("/api/tracks", Some(query)), None);
        assert_eq!(stream_link("/music/track", Some("track_id=7")), None);
        for broken in [
            "track_id=7&track_id=8&user=2&expires=1&sig=abc",
            "track_id=7&expires=1&sig=abc",
            "track_id=7&user=2&expires=-1&sig=abc",
            "track_id=7&user=2&expires=1&sig=a&sig=b",
        ] {
            assert_eq!(
                stream_link("/music/track", Some(broken)),
                Some(None),
                "{broken}"
            );
        }
    }
}
