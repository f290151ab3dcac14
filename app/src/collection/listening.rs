//! What the page learns from playback, as pure types: when a play counts (the scrobbling rule of
//! [`play_counts`]) and when the queue is worth saving on the server.

use crate::model::play_counts;

/// The longest step between two position updates that counts as listening; a longer one is a
/// seek, and what was skipped was not heard.
const MAX_STEP: f64 = 2.0;

/// Adds up the time a track was really heard and says, once per play, when it counts.
#[derive(Debug, Default)]
pub struct PlayCounter {
    track: Option<i64>,
    last: f64,
    heard: f64,
    counted: bool,
}

impl PlayCounter {
    /// Playback of `track` (of `duration_ms`) is at `seconds`; `Some(track)` when this play has
    /// just come to count.
    pub fn observe(&mut self, track: i64, seconds: f64, duration_ms: u64) -> Option<i64> {
        if self.track != Some(track) {
            *self = Self {
                track: Some(track),
                last: seconds,
                ..Self::default()
            };
            return None;
        }
        let step = seconds - self.last;
        if step > 0.0 && step <= MAX_STEP {
            self.heard += step;
        }
        self.last = seconds;
        if !self.counted && play_counts((self.heard * 1000.0) as u64, duration_ms) {
            self.counted = true;
            return Some(track);
        }
        None
    }
}

/// How far playback moves between two saves of the queue.
const SAVE_EVERY: f64 = 5.0;

/// Says when the queue should go to the server: when the track changes, every few seconds of
/// playback and on pause; never before this page has played anything (a track merely restored
/// here must not overwrite what another device saved).
#[derive(Debug, Default)]
pub struct SaveClock {
    armed: bool,
    track: Option<i64>,
    at: f64,
    playing: bool,
}

impl SaveClock {
    pub fn due(&mut self, track: i64, seconds: f64, playing: bool) -> bool {
        self.armed |= playing;
        let due = self.armed
            && (self.track != Some(track)
                || (self.playing && !playing)
                || (playing && (seconds - self.at).abs() >= SAVE_EVERY));
        if due {
            self.track = Some(track);
            self.at = seconds;
        }
        self.playing = playing;
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_play_counts_once_half_was_heard_and_seeks_are_not_heard() {
        let mut counter = PlayCounter::default();
        assert_eq!(counter.observe(1, 0.0, 100_000), None);
        // A seek to 45 s hears nothing.
        assert_eq!(counter.observe(1, 45.0, 100_000), None);
        let mut counted = Vec::new();
        for step in 1..=200 {
            if let Some(id) = counter.observe(1, 45.0 + f64::from(step) * 0.25, 100_000) {
                counted.push((id, step));
            }
        }
        // 50 s heard at 0.25 s a step: the 200th step, exactly once.
        assert_eq!(counted, vec![(1, 200)]);
        // Another track starts afresh.
        assert_eq!(counter.observe(2, 0.0, 100_000), None);
        assert_eq!(counter.observe(2, 1.0, 100_000), None);
    }

    #[test]
    fn the_queue_is_saved_on_change_pause_and_every_few_seconds_once_played() {
        let mut clock = SaveClock::default();
        assert!(
            !clock.due(1, 30.0, false),
            "restored, not played: not saved"
        );
        assert!(clock.due(1, 30.0, true), "first play");
        assert!(!clock.due(1, 33.0, true));
        assert!(clock.due(1, 35.0, true), "five seconds on");
        assert!(clock.due(1, 36.0, false), "paused");
        assert!(!clock.due(1, 36.0, false));
        assert!(clock.due(2, 0.0, true), "another track");
    }
}
