//! Subsonic ids are strings; Cadenza's are typed so that one string names one thing for good:
//! `ar-7` an artist, `al-4` an album, `tr-123` a track, `pl-2` a playlist. They are the
//! database's ids, which a rescan keeps.

use super::fail::Fail;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id {
    Artist(i64),
    Album(i64),
    Track(i64),
    Playlist(i64),
}

impl Id {
    pub fn parse(text: &str) -> Option<Self> {
        let (kind, number) = text.split_once('-')?;
        let number: i64 = number.parse().ok().filter(|n| *n > 0)?;
        if number.to_string() != number_text(text) {
            return None;
        }
        match kind {
            "ar" => Some(Self::Artist(number)),
            "al" => Some(Self::Album(number)),
            "tr" => Some(Self::Track(number)),
            "pl" => Some(Self::Playlist(number)),
            _ => None,
        }
    }
}

fn number_text(text: &str) -> &str {
    text.split_once('-').map_or("", |(_, n)| n)
}

pub fn artist(id: i64) -> String {
    format!("ar-{id}")
}
pub fn album(id: i64) -> String {
    format!("al-{id}")
}
pub fn track(id: i64) -> String {
    format!("tr-{id}")
}
pub fn playlist(id: i64) -> String {
    format!("pl-{id}")
}

/// The id of parameter `name`, which must be of the kind `pick` accepts (else "not found":
/// an id of another kind names nothing here).
pub fn expect<T>(
    text: Option<&str>,
    name: &str,
    pick: impl Fn(Id) -> Option<T>,
) -> Result<T, Fail> {
    let text = text.ok_or_else(|| Fail::missing(name))?;
    Id::parse(text)
        .and_then(pick)
        .ok_or_else(|| Fail::not_found("Item"))
}

pub fn as_track(id: Id) -> Option<i64> {
    match id {
        Id::Track(n) => Some(n),
        _ => None,
    }
}
pub fn as_album(id: Id) -> Option<i64> {
    match id {
        Id::Album(n) => Some(n),
        _ => None,
    }
}
pub fn as_artist(id: Id) -> Option<i64> {
    match id {
        Id::Artist(n) => Some(n),
        _ => None,
    }
}
pub fn as_playlist(id: Id) -> Option<i64> {
    match id {
        Id::Playlist(n) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_ids_round_trip_and_strangers_are_refused() {
        assert_eq!(Id::parse(&track(123)), Some(Id::Track(123)));
        assert_eq!(Id::parse("al-4"), Some(Id::Album(4)));
        assert_eq!(Id::parse("ar-7"), Some(Id::Artist(7)));
        assert_eq!(Id::parse("pl-2"), Some(Id::Playlist(2)));
        for bad in [
            "123", "tr-", "tr-0", "tr--1", "tr-+1", "tr-01", "xx-1", "tr-1 ", "tr-1e3",
        ] {
            assert_eq!(Id::parse(bad), None, "{bad}");
        }
    }
}
