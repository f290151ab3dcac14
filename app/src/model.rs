//! Types that cross the wire between the server and the browser. Plain serde structs only:
//! database entities and errors stay on the server.

use serde::{Deserialize, Serialize};

/// One row of the track list: what a listener sees and what the player needs to play it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackSummary {
    /// The id the stream route takes: `/music/track?track_id={id}`.
    pub id: i64,
    pub title: String,
    pub artist: Option<String>,
    pub album: Option<String>,
    pub track_number: Option<u32>,
    pub duration_ms: u64,
    /// Container format in lower case, e.g. `mp3`, `flac`, `ogg`.
    pub format: String,
}

impl TrackSummary {
    /// The URL the audio element streams from.
    pub fn stream_url(&self) -> String {
        stream_url(self.id)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn stream_url_names_the_track_id() {
        assert_eq!(stream_url(7), "/music/track?track_id=7");
    }
}
