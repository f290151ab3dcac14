//! Where the seek bar's handle is, and when playback is sent there: the position shown against
//! the audio element's `currentTime`, a drag that holds the handle, key presses that move it at
//! once and seek once they settle, and the bounds of the track. Plain data with no browser in
//! it, so the rules are unit-tested natively; the player applies the seeks it returns.
//!
//! There is no separate "pending target": every seek moves the shown position to its target at
//! once, and the next relative seek (a key, the system's seek buttons) starts from there. Only
//! `timeupdate`/`seeked` bring the position back to `currentTime`, and a held handle ignores them.

use crate::model::bounded;

/// Seconds moved by one arrow key press (on the seek bar or anywhere on the page).
pub const KEY_STEP: f64 = 5.0;
/// Share of the track moved by Page Up / Page Down on the seek bar.
const PAGE_SHARE: f64 = 0.1;
/// Past this many seconds into a track, "previous" starts it again instead of going back.
const RESTART_AFTER: f64 = 3.0;
/// Closer than this to where playback already is, a seek is skipped: setting `currentTime` to
/// the same place (a drag that ends where it was) would make the browser seek and fetch again.
const SAME_PLACE: f64 = 0.001;

/// A key the focused seek bar moves its handle with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeekKey {
    /// ← or ↓: [`KEY_STEP`] back.
    Back,
    /// → or ↑: [`KEY_STEP`] ahead.
    Forward,
    /// Page Down: a tenth of the track back.
    PageBack,
    /// Page Up: a tenth of the track ahead.
    PageForward,
    /// Home: the start.
    Start,
    /// End: the end.
    End,
}

impl SeekKey {
    /// The seek key a `KeyboardEvent.key` names, if any.
    pub fn from_key(key: &str) -> Option<SeekKey> {
        Some(match key {
            "ArrowLeft" | "ArrowDown" => SeekKey::Back,
            "ArrowRight" | "ArrowUp" => SeekKey::Forward,
            "PageDown" => SeekKey::PageBack,
            "PageUp" => SeekKey::PageForward,
            "Home" => SeekKey::Start,
            "End" => SeekKey::End,
            _ => return None,
        })
    }
}

/// The play position as the seek bar shows it, the track's length, and whether the handle is
/// held away from playback. Methods that may move playback return the `currentTime` to set.
#[derive(Clone, Copy, Default, PartialEq)]
pub struct SeekState {
    /// Seconds into the track, as shown: `currentTime`, or where the listener is sending it.
    position: f64,
    /// Length of the track in seconds (from the library until the browser knows better); 0
    /// while unknown.
    duration: f64,
    /// A drag, or key presses not yet settled, hold the handle: playback must not move it.
    held: bool,
}

impl SeekState {
    pub fn position(&self) -> f64 {
        self.position
    }

    pub fn duration(&self) -> f64 {
        self.duration
    }

    /// A new track is loaded, to start at `seconds` of its `duration` (from the library).
    /// Returns where to set `currentTime` before the metadata arrives, when not at the start.
    ///
    /// The start is not bounded by the library's length: the browser knows the real one and
    /// bounds the seek itself. A drag in progress keeps holding the handle, so that its release
    /// still sends the new track where the pointer is.
    pub fn load(&mut self, seconds: f64, duration: f64) -> Option<f64> {
        self.position = seconds.max(0.0);
        self.duration = duration;
        (seconds > 0.0).then_some(seconds)
    }

    /// The browser reports the track's length (`durationchange`, `loadedmetadata`); unknown
    /// (NaN), endless (a stream) or zero lengths keep the one we have. The position stays: the
    /// next `timeupdate` brings it within the track.
    pub fn on_duration_change(&mut self, duration: f64) {
        if duration.is_finite() && duration > 0.0 {
            self.duration = duration;
        }
    }

    /// Playback moved (`timeupdate`, or `seeked` when a seek is done): the position follows
    /// `currentTime`, unless the listener holds the handle.
    pub fn on_time_update(&mut self, current_time: f64) {
        if !self.held {
            self.position = current_time;
        }
    }

    /// Sends playback to `seconds`, kept within the track (or above 0 while its length is
    /// unknown, so the system's controls can still move forward). The position moves there at
    /// once; a hold, if any, stays.
    pub fn seek_to(&mut self, seconds: f64, current_time: f64) -> Option<f64> {
        let target = if self.duration > 0.0 {
            bounded(seconds, 0.0, self.duration)
        } else {
            seconds.max(0.0)
        };
        self.position = target;
        ((current_time - target).abs() > SAME_PLACE).then_some(target)
    }

    /// Sends playback `offset` seconds from the shown position, not from `currentTime`, so
    /// that quick presses add up even before the audio has caught up.
    pub fn seek_by(&mut self, offset: f64, current_time: f64) -> Option<f64> {
        self.seek_to(self.position + offset, current_time)
    }

    /// The seek bar's value moves under the pointer (`input`): the handle goes there and is
    /// held, and playback stays where it is until the release.
    pub fn drag_to(&mut self, seconds: f64) {
        self.held = true;
        self.position = seconds;
    }

    /// The seek bar's value is committed (`change`, at the end of a drag or when a value is set
    /// at once): the hold ends and playback goes to `seconds` (`None` when it could not be read).
    pub fn release_at(&mut self, seconds: Option<f64>, current_time: f64) -> Option<f64> {
        self.held = false;
        seconds.and_then(|seconds| self.seek_to(seconds, current_time))
    }

    /// The pointer is released or the seek bar loses focus. A drag that ends where it began
    /// fires no `change`, so a hold still on here ends with a seek to the seek bar's value
    /// (`None` when it could not be read); without a hold there is nothing to do.
    pub fn end_drag(&mut self, seconds: Option<f64>, current_time: f64) -> Option<f64> {
        if self.held {
            self.release_at(seconds, current_time)
        } else {
            None
        }
    }

    /// A key on the focused seek bar moves the handle at once, from where it is shown, and
    /// holds it: playback follows in [`settle_keys`](Self::settle_keys), once for a run of
    /// presses. While the length is unknown the handle cannot leave 0.
    pub fn key_press(&mut self, key: SeekKey) {
        let (now, duration) = (self.position, self.duration);
        let target = match key {
            SeekKey::Back => now - KEY_STEP,
            SeekKey::Forward => now + KEY_STEP,
            SeekKey::PageBack => now - duration * PAGE_SHARE,
            SeekKey::PageForward => now + duration * PAGE_SHARE,
            SeekKey::Start => 0.0,
            SeekKey::End => duration,
        };
        self.held = true;
        self.position = bounded(target, 0.0, duration.max(0.0));
    }

    /// The key presses have settled (or the seek bar lost focus meanwhile): the hold ends and
    /// playback goes to the handle.
    pub fn settle_keys(&mut self, current_time: f64) -> Option<f64> {
        self.held = false;
        self.seek_to(self.position, current_time)
    }

    /// Whether "previous" should start this track again rather than go to the one before.
    pub fn previous_restarts(&self) -> bool {
        self.position > RESTART_AFTER
    }
}

#[cfg(test)]
mod tests {
    use super::{SeekKey, SeekState, KEY_STEP};

    /// A 30-minute track, `at` seconds in, with nothing held.
    fn playing_at(at: f64) -> SeekState {
        let mut seek = SeekState::default();
        seek.load(0.0, 1800.0);
        seek.on_time_update(at);
        seek
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_new_track_starts_where_asked_and_takes_the_library_length() {
        let mut seek = playing_at(100.0);
        assert_eq!(seek.load(600.0, 1800.0), Some(600.0));
        assert_eq!((seek.position(), seek.duration()), (600.0, 1800.0));
        assert_eq!(seek.load(0.0, 27.0), None);
        assert_eq!((seek.position(), seek.duration()), (0.0, 27.0));
    }

    #[test]
    fn a_negative_start_shows_zero_and_does_not_seek() {
        let mut seek = playing_at(100.0);
        assert_eq!(seek.load(-3.0, 1800.0), None);
        assert_eq!(seek.position(), 0.0);
    }

    #[test]
    fn a_resume_position_past_the_library_length_is_left_to_the_browser() {
        let mut seek = SeekState::default();
        assert_eq!(seek.load(40.0, 27.0), Some(40.0));
        assert_eq!(seek.position(), 40.0);
    }

    #[test]
    fn timeupdate_moves_the_position_when_nothing_holds_it() {
        let mut seek = playing_at(10.0);
        seek.on_time_update(10.25);
        assert_eq!(seek.position(), 10.25);
    }

    #[test]
    fn timeupdate_during_a_drag_does_not_move_the_thumb() {
        let mut seek = playing_at(10.0);
        seek.drag_to(1260.0);
        seek.on_time_update(10.25);
        seek.on_time_update(10.5);
        assert_eq!(seek.position(), 1260.0);
    }

    #[test]
    fn timeupdate_during_a_drag_leaves_the_state_equal_so_the_bar_is_not_rewritten() {
        let mut seek = playing_at(10.0);
        seek.drag_to(1260.0);
        let before = seek;
        seek.on_time_update(10.25);
        assert!(seek == before);
        seek.drag_to(1261.0);
        assert!(seek != before);
    }

    #[test]
    fn releasing_a_drag_seeks_once_to_where_the_thumb_is() {
        let mut seek = playing_at(10.0);
        seek.drag_to(600.0);
        seek.drag_to(1260.0);
        assert_eq!(seek.release_at(Some(1260.0), 10.5), Some(1260.0));
        // The pointer's release after `change` finds no drag left: no second seek.
        assert_eq!(seek.end_drag(Some(1260.0), 10.5), None);
        seek.on_time_update(1260.25);
        assert_eq!(seek.position(), 1260.25);
    }

    #[test]
    fn a_drag_that_ends_without_change_still_seeks_on_pointer_release() {
        let mut seek = playing_at(10.0);
        seek.drag_to(50.0);
        assert_eq!(seek.end_drag(Some(50.0), 10.5), Some(50.0));
        seek.on_time_update(50.25);
        assert_eq!(seek.position(), 50.25);
    }

    #[test]
    fn a_drag_whose_value_cannot_be_read_lets_go_without_seeking() {
        let mut seek = playing_at(10.0);
        seek.drag_to(50.0);
        assert_eq!(seek.end_drag(None, 10.5), None);
        seek.on_time_update(10.75);
        assert_eq!(seek.position(), 10.75);
    }

    #[test]
    fn a_change_whose_value_cannot_be_read_still_lets_go() {
        let mut seek = playing_at(10.0);
        seek.key_press(SeekKey::Forward);
        assert_eq!(seek.release_at(None, 10.0), None);
        seek.on_time_update(10.5);
        assert_eq!(seek.position(), 10.5);
    }

    #[test]
    fn pointer_release_or_blur_without_a_drag_does_nothing() {
        let mut seek = playing_at(10.0);
        assert_eq!(seek.end_drag(Some(50.0), 10.0), None);
        assert_eq!(seek.position(), 10.0);
    }

    #[test]
    fn a_release_where_playback_already_is_does_not_seek_again() {
        let mut seek = playing_at(10.0);
        seek.drag_to(10.0);
        assert_eq!(seek.release_at(Some(10.0), 10.0005), None);
        assert_eq!(seek.position(), 10.0);
        assert_eq!(seek.seek_to(12.0, 11.9), Some(12.0));
    }

    #[test]
    fn a_value_set_at_once_seeks_there_without_a_drag() {
        let mut seek = playing_at(10.0);
        assert_eq!(seek.release_at(Some(1798.5), 10.0), Some(1798.5));
        assert_eq!(seek.position(), 1798.5);
    }

    #[test]
    fn two_quick_key_seeks_add_up_from_the_pending_target() {
        let mut seek = playing_at(10.0);
        // The audio has not caught up between the presses: `currentTime` is still 10.
        assert_eq!(seek.seek_by(KEY_STEP, 10.0), Some(15.0));
        assert_eq!(seek.seek_by(KEY_STEP, 10.0), Some(20.0));
        assert_eq!(seek.seek_by(-2.0, 10.0), Some(18.0));
        assert_eq!(seek.position(), 18.0);
    }

    #[test]
    fn a_seek_past_the_end_is_clamped_to_the_duration() {
        let mut seek = playing_at(1798.0);
        assert_eq!(seek.seek_by(10.0, 1798.0), Some(1800.0));
        assert_eq!(seek.seek_to(5000.0, 1800.0), None);
        assert_eq!(seek.position(), 1800.0);
    }

    #[test]
    fn a_seek_before_the_start_is_clamped_to_zero() {
        let mut seek = playing_at(2.0);
        assert_eq!(seek.seek_by(-5.0, 2.0), Some(0.0));
        assert_eq!(seek.position(), 0.0);
        assert_eq!(seek.seek_to(f64::NAN, 0.5), Some(0.0));
    }

    #[test]
    fn without_a_known_length_seeks_are_only_kept_above_zero() {
        let mut seek = SeekState::default();
        seek.load(0.0, 0.0);
        assert_eq!(seek.seek_to(20.0, 0.0), Some(20.0));
        assert_eq!(seek.seek_by(-30.0, 20.0), Some(0.0));
    }

    #[test]
    fn a_seek_during_a_drag_moves_the_thumb_but_the_drag_still_holds_it() {
        let mut seek = playing_at(10.0);
        seek.drag_to(600.0);
        assert_eq!(seek.seek_to(20.0, 10.0), Some(20.0));
        assert_eq!(seek.position(), 20.0);
        seek.on_time_update(20.25);
        assert_eq!(seek.position(), 20.0);
    }

    #[test]
    fn arrow_keys_move_the_thumb_at_once_and_seek_once_they_settle() {
        let mut seek = playing_at(10.0);
        seek.key_press(SeekKey::Forward);
        seek.key_press(SeekKey::Forward);
        seek.key_press(SeekKey::Back);
        assert_eq!(seek.position(), 15.0);
        // Playback goes on underneath without pulling the handle back.
        seek.on_time_update(10.25);
        assert_eq!(seek.position(), 15.0);
        assert_eq!(seek.settle_keys(10.25), Some(15.0));
        seek.on_time_update(15.25);
        assert_eq!(seek.position(), 15.25);
    }

    #[test]
    fn seven_page_ups_from_home_reach_seventy_percent_with_one_seek() {
        let mut seek = playing_at(100.0);
        seek.key_press(SeekKey::Start);
        assert_eq!(seek.position(), 0.0);
        for _ in 0..7 {
            seek.key_press(SeekKey::PageForward);
        }
        assert!(close(seek.position(), 1260.0), "{}", seek.position());
        let target = seek.settle_keys(100.5).unwrap_or(-1.0);
        assert!(close(target, 1260.0), "{target}");
        seek.key_press(SeekKey::PageBack);
        assert!(close(seek.position(), 1080.0), "{}", seek.position());
    }

    #[test]
    fn home_and_end_go_to_the_ends_of_the_track() {
        let mut seek = playing_at(100.0);
        seek.key_press(SeekKey::End);
        assert_eq!(seek.position(), 1800.0);
        seek.key_press(SeekKey::Start);
        assert_eq!(seek.position(), 0.0);
    }

    #[test]
    fn key_presses_cannot_take_the_thumb_out_of_the_track() {
        let mut seek = playing_at(1798.0);
        seek.key_press(SeekKey::Forward);
        seek.key_press(SeekKey::PageForward);
        assert_eq!(seek.position(), 1800.0);
        let mut seek = playing_at(3.0);
        seek.key_press(SeekKey::PageBack);
        assert_eq!(seek.position(), 0.0);
    }

    #[test]
    fn key_presses_stay_at_zero_while_the_length_is_unknown() {
        let mut seek = SeekState::default();
        seek.key_press(SeekKey::Forward);
        assert_eq!(seek.position(), 0.0);
        assert_eq!(seek.settle_keys(0.0), None);
    }

    #[test]
    fn settling_keys_where_playback_already_is_does_not_seek() {
        let mut seek = playing_at(10.0);
        seek.key_press(SeekKey::Forward);
        seek.key_press(SeekKey::Back);
        assert_eq!(seek.settle_keys(10.0), None);
        seek.on_time_update(10.25);
        assert_eq!(seek.position(), 10.25);
    }

    #[test]
    fn blur_after_settling_keys_does_not_seek_a_second_time() {
        let mut seek = playing_at(10.0);
        seek.key_press(SeekKey::PageForward);
        assert_eq!(seek.settle_keys(10.0), Some(190.0));
        assert_eq!(seek.end_drag(Some(190.0), 10.0), None);
    }

    #[test]
    fn key_names_map_to_seek_keys() {
        let cases = [
            ("ArrowLeft", Some(SeekKey::Back)),
            ("ArrowDown", Some(SeekKey::Back)),
            ("ArrowRight", Some(SeekKey::Forward)),
            ("ArrowUp", Some(SeekKey::Forward)),
            ("PageDown", Some(SeekKey::PageBack)),
            ("PageUp", Some(SeekKey::PageForward)),
            ("Home", Some(SeekKey::Start)),
            ("End", Some(SeekKey::End)),
            ("n", None),
            (" ", None),
            ("Enter", None),
        ];
        for (key, expected) in cases {
            assert_eq!(SeekKey::from_key(key), expected, "{key}");
        }
    }

    #[test]
    fn the_browsers_length_replaces_the_librarys_but_unknown_lengths_do_not() {
        let mut seek = SeekState::default();
        seek.load(0.0, 27.0);
        seek.on_duration_change(27.2);
        assert_eq!(seek.duration(), 27.2);
        for unknown in [f64::NAN, f64::INFINITY, 0.0, -1.0] {
            seek.on_duration_change(unknown);
            assert_eq!(seek.duration(), 27.2);
        }
    }

    #[test]
    fn a_shorter_length_does_not_move_the_position_until_playback_reports() {
        let mut seek = SeekState::default();
        seek.load(30.0, 1800.0);
        seek.on_duration_change(27.0);
        assert_eq!(seek.position(), 30.0);
        seek.on_time_update(27.0);
        assert_eq!(seek.position(), 27.0);
        assert_eq!(seek.seek_by(5.0, 27.0), None);
    }

    #[test]
    fn a_new_track_shows_its_start_but_a_drag_in_progress_still_holds_the_thumb() {
        let mut seek = playing_at(10.0);
        seek.drag_to(600.0);
        assert_eq!(seek.load(0.0, 27.0), None);
        assert_eq!(seek.position(), 0.0);
        seek.on_time_update(0.25);
        assert_eq!(seek.position(), 0.0);
        seek.drag_to(13.0);
        assert_eq!(seek.end_drag(Some(13.0), 0.25), Some(13.0));
    }

    #[test]
    fn previous_restarts_the_track_only_after_three_seconds() {
        assert!(!playing_at(0.0).previous_restarts());
        assert!(!playing_at(3.0).previous_restarts());
        assert!(playing_at(3.25).previous_restarts());
        let mut seek = playing_at(1.0);
        seek.drag_to(100.0);
        assert!(seek.previous_restarts());
        assert_eq!(seek.seek_to(0.0, 1.0), Some(0.0));
        assert!(!seek.previous_restarts());
    }
}
