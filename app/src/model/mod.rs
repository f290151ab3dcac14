//! Types that cross the wire between the server and the browser. Plain serde structs only:
//! database entities and errors stay on the server.

use serde::{Deserialize, Serialize};

mod collection;

pub use collection::*;

/// One row of the track list: what a listener sees and what the player needs to play it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackSummary {
    /// The id the stream route takes: `/music/track?track_id={id}`.
    pub id: i64,
    pub title: String,
    pub artist: Option<String>,
    pub album: Option<String>,
    /// The album's id, which names its cover: see [`cover_url`].
    pub album_id: Option<i64>,
    pub track_number: Option<u32>,
    pub disc_number: Option<u32>,
    pub year: Option<i32>,
    pub duration_ms: u64,
    /// Container format in lower case, e.g. `mp3`, `flac`, `ogg`.
    pub format: String,
    /// The file, relative to the media folder, with `/` separators.
    pub path: String,
}

impl TrackSummary {
    /// The URL the audio element streams from.
    pub fn stream_url(&self) -> String {
        stream_url(self.id)
    }

    /// The URL of the track's cover art (a placeholder picture where there is none).
    pub fn cover_url(&self) -> String {
        cover_url(self.album_id)
    }
}

/// Everything the library knows about one track: the list's fields plus tags and stream
/// properties. `GET /api/tracks/{id}` answers with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackDetail {
    #[serde(flatten)]
    pub summary: TrackSummary,
    pub album_artist: Option<String>,
    pub genre: Option<String>,
    pub bitrate_kbps: Option<u32>,
    pub sample_rate: Option<u32>,
    pub channels: Option<u32>,
    pub file_size: u64,
    /// Seconds since the Unix epoch when the scanner first saw the file.
    pub added_at: i64,
    pub stream_url: String,
    pub cover_url: String,
}

/// An album with its album artist, year and number of tracks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumSummary {
    pub id: i64,
    pub title: String,
    pub artist: Option<String>,
    /// The album artist's id, which names their page.
    pub artist_id: Option<i64>,
    pub year: Option<i32>,
    pub track_count: u64,
    pub cover_url: String,
}

/// An artist with the number of their tracks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtistSummary {
    pub id: i64,
    pub name: String,
    pub track_count: u64,
}

/// The orders the track list can be sorted in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrackSort {
    /// Artist, album, disc, track number: the order of a record shelf.
    #[default]
    Artist,
    /// Title, A to Z.
    Title,
    /// Most recently added first.
    Added,
}

impl TrackSort {
    pub const ALL: [TrackSort; 3] = [TrackSort::Artist, TrackSort::Title, TrackSort::Added];

    /// The name used in URLs (`?sort=title`).
    pub fn as_str(self) -> &'static str {
        match self {
            TrackSort::Artist => "artist",
            TrackSort::Title => "title",
            TrackSort::Added => "added",
        }
    }

    /// What a listener reads in the sort menu.
    pub fn label(self) -> &'static str {
        match self {
            TrackSort::Artist => "Artist",
            TrackSort::Title => "Title",
            TrackSort::Added => "Recently added",
        }
    }

    pub fn parse(name: &str) -> Option<TrackSort> {
        TrackSort::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The page size when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 100;
/// The largest page: a larger `per_page` is capped to it, not refused.
pub const MAX_PER_PAGE: u32 = 500;

/// A request for one page of the track list. Every field may be left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct TrackQuery {
    /// Words to find in title, artist or album, ignoring case and accents.
    pub q: Option<String>,
    pub sort: TrackSort,
    /// 1-based; 0 is read as 1.
    pub page: u32,
    /// 0 means [`DEFAULT_PER_PAGE`]; above [`MAX_PER_PAGE`] is capped.
    pub per_page: u32,
}

impl TrackQuery {
    /// The page number, from 1.
    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The page size after defaulting and capping.
    pub fn per_page(&self) -> u32 {
        match self.per_page {
            0 => DEFAULT_PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        }
    }

    /// The search words, trimmed; `None` when there are none.
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
}

/// One page of a longer list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// How many items match in all, over every page.
    pub total: u64,
}

impl<T> Page<T> {
    /// How many pages the whole list takes (at least 1).
    pub fn page_count(&self) -> u32 {
        let per = u64::from(self.per_page.max(1));
        u32::try_from(self.total.div_ceil(per).max(1)).unwrap_or(u32::MAX)
    }
}

/// The cover of an album; `None` gives the placeholder picture.
pub fn cover_url(album_id: Option<i64>) -> String {
    match album_id {
        Some(id) => format!("/covers/{id}"),
        None => "/covers/none".to_owned(),
    }
}

/// The cover of an album scaled down for a box of `size` pixels: the server makes longest sides
/// of 64, 128, 256, 512 and 1024 and sends the smallest that is at least `size` (1024 at most,
/// never enlarged). `None` gives the placeholder picture. The server refuses 0: it is asked as 1.
pub fn cover_thumb_url(album_id: Option<i64>, size: u32) -> String {
    format!("{}?size={}", cover_url(album_id), size.max(1))
}

/// The stream route for a track id.
pub fn stream_url(id: i64) -> String {
    format!("/music/track?track_id={id}")
}

/// Formats a duration in seconds as `m:ss` (or `h:mm:ss` from one hour on).
pub fn format_clock(seconds: f64) -> String {
    let total = if seconds.is_finite() && seconds > 0.0 {
        seconds.floor() as u64
    } else {
        0
    };
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

// The browser build formats and parses numbers with integers only: Rust's float formatting and
// parsing would add about 20 KB to the WASM (docs/BENCHMARKS.md, "Player in the browser").

/// `value` kept within `low..=high` (not a number gives `low`). Unlike `f64::clamp` it has no
/// assertion, whose message would bring float formatting into the WASM.
pub fn bounded(value: f64, low: f64, high: f64) -> f64 {
    value.max(low).min(high)
}

/// Whole seconds (rounded down; negative or not a number gives 0).
pub fn whole_seconds(seconds: f64) -> u64 {
    seconds.max(0.0).floor() as u64
}

/// A share (0 to 1) as a CSS percentage with two decimals, like `"12.34%"`.
pub fn css_percent(share: f64) -> String {
    let basis_points = (bounded(share, 0.0, 1.0) * 10_000.0).round() as u32;
    format!("{}.{:02}%", basis_points / 100, basis_points % 100)
}

/// Seconds with one decimal, like `"70.5"`.
pub fn format_seconds(seconds: f64) -> String {
    let tenths = (seconds.max(0.0) * 10.0).round() as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Seconds written as `70`, `70.5` or `.5`: a link's `t`, a remembered position, the stream
/// route's `start_sec` (the one parser of seconds for the page and the server). Anything else,
/// a sign included, is `None`.
pub fn parse_seconds(digits: &str) -> Option<f64> {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let is_number = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !is_number(whole) || !is_number(fraction) {
        return None;
    }
    let mut seconds = if whole.is_empty() {
        0.0
    } else {
        whole.parse::<u64>().ok()? as f64
    };
    let mut scale = 1.0;
    for digit in fraction.bytes().take(9) {
        scale /= 10.0;
        seconds += f64::from(digit - b'0') * scale;
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_and_parse_without_floats() {
        assert_eq!(bounded(1.5, 0.0, 1.0), 1.0);
        assert_eq!(bounded(-1.0, 0.0, 1.0), 0.0);
        assert_eq!(bounded(0.25, 0.0, 1.0), 0.25);
        assert_eq!(bounded(f64::NAN, 0.0, 1.0), 0.0);
        assert_eq!(whole_seconds(70.9), 70);
        assert_eq!(whole_seconds(f64::NAN), 0);
        assert_eq!(whole_seconds(-1.0), 0);
        assert_eq!(css_percent(0.123_44), "12.34%");
        assert_eq!(css_percent(0.7), "70.00%");
        assert_eq!(css_percent(2.0), "100.00%");
        assert_eq!(css_percent(-1.0), "0.00%");
        assert_eq!(format_seconds(70.46), "70.5");
        assert_eq!(format_seconds(0.0), "0.0");
        assert_eq!(parse_seconds("70.5"), Some(70.5));
        assert_eq!(parse_seconds("60"), Some(60.0));
        assert_eq!(parse_seconds(".25"), Some(0.25));
        assert_eq!(parse_seconds("-3"), None);
        for junk in ["", ".", "-", "1e3", "7:1", " 5", "NaN", "inf", "1.2.3"] {
            assert_eq!(parse_seconds(junk), None, "{junk:?}");
        }
        for tenths in 0..2000u32 {
            let seconds = f64::from(tenths) / 10.0;
            let back = parse_seconds(&format_seconds(seconds)).unwrap_or(-1.0);
            assert!((back - seconds).abs() < 1e-9, "{seconds} -> {back}");
        }
    }

    #[test]
    fn clock_formats_minutes_and_hours() {
        assert_eq!(format_clock(0.0), "0:00");
        assert_eq!(format_clock(70.9), "1:10");
        assert_eq!(format_clock(3599.0), "59:59");
        assert_eq!(format_clock(3600.0 + 62.0), "1:01:02");
        assert_eq!(format_clock(f64::NAN), "0:00");
        assert_eq!(format_clock(-3.0), "0:00");
    }

    #[test]
    fn per_page_defaults_and_is_capped() {
        let mut q = TrackQuery::default();
        assert_eq!((q.page(), q.per_page()), (1, DEFAULT_PER_PAGE));
        q.per_page = 10_000;
        q.page = 3;
        assert_eq!((q.page(), q.per_page()), (3, MAX_PER_PAGE));
        q.q = Some("   ".into());
        assert_eq!(q.search(), None);
    }

    #[test]
    fn page_count_rounds_up() {
        let page = |total| Page::<()> {
            items: vec![],
            page: 1,
            per_page: 50,
            total,
        };
        assert_eq!(page(0).page_count(), 1);
        assert_eq!(page(50).page_count(), 1);
        assert_eq!(page(51).page_count(), 2);
    }

    #[test]
    fn sort_names_round_trip() {
        for sort in TrackSort::ALL {
            assert_eq!(TrackSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(TrackSort::parse("bogus"), None);
    }

    #[test]
    fn cover_urls_name_the_album() {
        assert_eq!(cover_url(Some(4)), "/covers/4");
        assert_eq!(cover_url(None), "/covers/none");
    }

    #[test]
    fn cover_thumb_urls_name_the_album_and_a_size_the_server_takes() {
        assert_eq!(cover_thumb_url(Some(4), 128), "/covers/4?size=128");
        assert_eq!(cover_thumb_url(None, 256), "/covers/none?size=256");
        assert_eq!(cover_thumb_url(Some(4), 0), "/covers/4?size=1");
    }

    #[test]
    fn stream_url_names_the_track_id() {
        assert_eq!(stream_url(7), "/music/track?track_id=7");
    }
}
