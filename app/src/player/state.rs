//! The player's reactive state, shared through Leptos context, and the commands that drive the
//! audio element: what plays, the queue it plays from, shuffle and repeat, seeking, and what
//! happens when a track ends or fails.

use std::time::Duration;

use leptos::html::Audio;
use leptos::prelude::*;

use super::queue::{Queue, Repeat, Step};
use super::seek::{SeekKey, SeekState};
use crate::model::{bounded, TrackSummary};

/// How long the message about a track that cannot play stays before the next one starts.
pub const SKIP_FAILED_AFTER: Duration = Duration::from_millis(2500);

/// Everything the player bar, the seek bar and the track list read about playback. Components
/// read it through tracked getters and change it through methods, so that each rule (above all
/// the seek bar's, in [`SeekState`]) lives in one place.
#[derive(Clone, Copy)]
pub struct PlayerState {
    pub audio: NodeRef<Audio>,
    current: RwSignal<Option<TrackSummary>>,
    queue: StoredValue<Queue>,
    playing: RwSignal<bool>,
    /// The position shown, the length and the seek bar's hold: changed only through methods
    /// that also apply the seek they return to the audio element. Read whole: a `Memo` each for
    /// position and length would spare what shows the length a rerun per `timeupdate`, but
    /// added 3 KB to the release WASM (nothing else in the app uses `Memo`).
    seek: RwSignal<SeekState>,
    /// End of the buffered range around the play position, in seconds.
    buffered: RwSignal<f64>,
    error: RwSignal<Option<String>>,
    muted: RwSignal<bool>,
    /// 0.0 to 1.0.
    volume: RwSignal<f64>,
    shuffle: RwSignal<bool>,
    repeat: RwSignal<Repeat>,
    /// The way the listener last moved through the queue: a track that fails is skipped that way.
    direction: StoredValue<Step>,
    /// Tracks that failed in a row: when the whole queue fails, stop instead of going round.
    failures: StoredValue<usize>,
}

impl PlayerState {
    pub fn new() -> Self {
        Self {
            audio: NodeRef::new(),
            current: RwSignal::new(None),
            queue: StoredValue::new(Queue::default()),
            playing: RwSignal::new(false),
            seek: RwSignal::new(SeekState::default()),
            buffered: RwSignal::new(0.0),
            error: RwSignal::new(None),
            muted: RwSignal::new(false),
            volume: RwSignal::new(1.0),
            shuffle: RwSignal::new(false),
            repeat: RwSignal::new(Repeat::Off),
            direction: StoredValue::new(Step::Next),
            failures: StoredValue::new(0),
        }
    }

    /// Seconds into the track, as the seek bar shows it (tracked).
    pub fn position(&self) -> f64 {
        self.seek.get().position()
    }

    /// Length of the track in seconds, 0 while unknown (tracked).
    pub fn duration(&self) -> f64 {
        self.seek.get().duration()
    }

    /// End of the buffered range around the play position, in seconds (tracked).
    pub fn buffered(&self) -> f64 {
        self.buffered.get()
    }

    pub fn playing(&self) -> bool {
        self.playing.get()
    }

    /// Why the current track cannot play, while that is so.
    pub fn error(&self) -> Option<String> {
        self.error.get()
    }

    pub fn muted(&self) -> bool {
        self.muted.get()
    }

    /// 0.0 to 1.0.
    pub fn volume(&self) -> f64 {
        self.volume.get()
    }

    pub fn shuffle(&self) -> bool {
        self.shuffle.get()
    }

    pub fn repeat(&self) -> Repeat {
        self.repeat.get()
    }

    pub fn current(&self) -> Option<TrackSummary> {
        self.current.get()
    }

    pub fn current_id(&self) -> Option<i64> {
        self.current.with(|track| track.as_ref().map(|t| t.id))
    }

    pub fn current_untracked(&self) -> Option<TrackSummary> {
        self.current.get_untracked()
    }

    pub fn current_id_untracked(&self) -> Option<i64> {
        self.current
            .with_untracked(|track| track.as_ref().map(|t| t.id))
    }

    /// The list that previous/next and auto-advance walk through (the list the listener plays
    /// from). In shuffle, the current track stays first and the rest follow in a new order.
    pub fn set_queue(&self, tracks: Vec<TrackSummary>) {
        let current = self.current_id_untracked();
        self.queue
            .update_value(|queue| queue.replace(tracks, current, &mut random_below));
    }

    /// Adds `tracks` to the end of the queue.
    pub fn enqueue(&self, tracks: Vec<TrackSummary>) {
        self.queue.update_value(|queue| queue.append(tracks));
    }

    /// The queue's track ids, in the list's order.
    pub fn queue_ids(&self) -> Vec<i64> {
        self.queue.with_value(Queue::ids)
    }

    /// Plays `track` from `tracks`, which becomes the queue.
    pub fn play_from(&self, tracks: Vec<TrackSummary>, track: TrackSummary) {
        self.set_queue(tracks);
        self.play_track(track);
    }

    /// Loads `track` into the audio element and starts it (the listener picked it).
    pub fn play_track(&self, track: TrackSummary) {
        self.queue
            .update_value(|queue| queue.start_at(track.id, &mut random_below));
        self.direction.set_value(Step::Next);
        self.load(track, 0.0, true);
    }

    /// Loads `track` at `seconds`; starts it when `autoplay` (the browser may still refuse
    /// without a click, and the listener presses play).
    pub fn load(&self, track: TrackSummary, seconds: f64, autoplay: bool) {
        let Some(audio) = self.audio.get_untracked() else {
            return;
        };
        audio.set_src(&track.stream_url());
        let duration = track.duration_ms as f64 / 1000.0;
        // Before the metadata arrives this sets where playback will begin.
        self.seek_with(&|seek, _| seek.load(seconds, duration));
        self.error.set(None);
        self.buffered.set(0.0);
        self.current.set(Some(track));
        if autoplay {
            start(&audio);
        }
    }

    /// The queued track with this id.
    pub fn queued(&self, id: i64) -> Option<TrackSummary> {
        self.queue.with_value(|queue| queue.find(id).cloned())
    }

    pub fn toggle(&self) {
        let Some(audio) = self.audio.get_untracked() else {
            return;
        };
        if self.current.with_untracked(Option::is_none) {
            if let Some(first) = self.queue.with_value(|q| q.first().cloned()) {
                self.play_track(first);
            }
        } else if audio.paused() {
            start(&audio);
        } else {
            let _ = audio.pause();
        }
    }

    pub fn play(&self) {
        if let Some(audio) = self.audio.get_untracked() {
            if self.current.with_untracked(Option::is_some) {
                start(&audio);
            }
        }
    }

    pub fn pause(&self) {
        if let Some(audio) = self.audio.get_untracked() {
            let _ = audio.pause();
        }
    }

    /// The next track of the queue (in shuffle, of the shuffled order; after the last one, the
    /// first again unless repeat is off).
    pub fn next(&self) {
        self.go(Step::Next);
    }

    /// The previous track, or the start of this one when it has played a few seconds or there
    /// is nothing before it.
    pub fn previous(&self) {
        if self.seek.get_untracked().previous_restarts() || !self.go(Step::Previous) {
            self.seek_to(0.0);
        }
    }

    /// The audio element reached the end of the track.
    pub fn track_ended(&self) {
        if self.repeat.get_untracked() == Repeat::One {
            self.seek_to(0.0);
            self.play();
        } else if !self.go(Step::Ended) {
            self.playing.set(false);
        }
    }

    /// Playback runs: the tracks that failed before this one no longer count.
    pub fn playback_started(&self) {
        self.playing.set(true);
        self.failures.set_value(0);
    }

    /// The current track cannot be played: say so, then move on the way the listener was going
    /// after [`SKIP_FAILED_AFTER`], unless they picked something else meanwhile or every track
    /// of the queue has failed in a row.
    pub fn track_failed(&self, reason: &str) {
        self.playing.set(false);
        let Some(track) = self.current.get_untracked() else {
            return;
        };
        let failures = self.failures.get_value() + 1;
        self.failures.set_value(failures);
        let direction = self.direction.get_value();
        let repeat = match self.repeat.get_untracked() {
            // Repeating a track that cannot play would only fail again.
            Repeat::One => Repeat::All,
            mode => mode,
        };
        let moves_on = self.queue.with_value(|queue| {
            failures < queue.len() && queue.can_step(Some(track.id), direction, repeat)
        });
        let then = if moves_on {
            " Skipping to the next track…"
        } else {
            ""
        };
        self.error.set(Some(format!(
            "“{}” cannot be played: {reason}.{then}",
            track.title
        )));
        if !moves_on {
            return;
        }
        let player = *self;
        set_timeout(
            move || {
                if player.current_id_untracked() == Some(track.id)
                    && !player.playing.get_untracked()
                {
                    player.go_with(direction, repeat);
                }
            },
            SKIP_FAILED_AFTER,
        );
    }

    pub fn toggle_shuffle(&self) {
        let shuffle = !self.shuffle.get_untracked();
        self.set_shuffle(shuffle);
    }

    pub fn set_shuffle(&self, shuffle: bool) {
        self.shuffle.set(shuffle);
        let current = self.current_id_untracked();
        self.queue
            .update_value(|queue| queue.set_shuffled(shuffle, current, &mut random_below));
    }

    pub fn cycle_repeat(&self) {
        self.repeat.update(|mode| *mode = mode.cycle());
    }

    pub fn toggle_mute(&self) {
        let muted = !self.muted.get_untracked();
        self.muted.set(muted);
        if let Some(audio) = self.audio.get_untracked() {
            audio.set_muted(muted);
        }
    }

    pub fn set_volume(&self, volume: f64) {
        let volume = bounded(volume, 0.0, 1.0);
        self.volume.set(volume);
        if let Some(audio) = self.audio.get_untracked() {
            audio.set_volume(volume);
            if volume > 0.0 && self.muted.get_untracked() {
                self.toggle_mute();
            }
        }
    }

    pub fn set_repeat(&self, repeat: Repeat) {
        self.repeat.set(repeat);
    }

    /// The audio element started or was asked to play (`play`).
    pub fn on_play(&self) {
        self.playing.set(true);
    }

    /// The audio element paused (`pause`).
    pub fn on_pause(&self) {
        self.playing.set(false);
    }

    /// The browser has buffered up to `seconds` around the play position (`progress`).
    pub fn buffered_to(&self, seconds: f64) {
        self.buffered.set(seconds);
    }

    /// The browser reports the track's length (`durationchange`, `loadedmetadata`).
    pub fn on_duration_change(&self, seconds: f64) {
        self.change_seek(&|seek| seek.on_duration_change(seconds));
    }

    /// Playback moved (`timeupdate`, `seeked`) to the audio element's `current_time`.
    pub fn on_time_update(&self, current_time: f64) {
        self.change_seek(&|seek| seek.on_time_update(current_time));
    }

    /// Moves playback to `seconds`; the browser fetches the bytes from there with a Range request.
    pub fn seek_to(&self, seconds: f64) {
        self.seek_with(&|seek, now| seek.seek_to(seconds, now));
    }

    /// Moves playback `offset` seconds (back when negative) from where the seek bar shows it.
    pub fn seek_by(&self, offset: f64) {
        self.seek_with(&|seek, now| seek.seek_by(offset, now));
    }

    /// The seek bar's handle is dragged to `seconds`: it stays there until released.
    pub fn drag_to(&self, seconds: f64) {
        self.change_seek(&|seek| seek.drag_to(seconds));
    }

    /// The seek bar's value is committed at `seconds` (`change`): playback goes there.
    pub fn release_at(&self, seconds: Option<f64>) {
        self.seek_with(&|seek, now| seek.release_at(seconds, now));
    }

    /// The pointer is released (or cancelled) on the seek bar, or it loses focus: a drag still on
    /// seeks to `seconds`, the seek bar's value.
    pub fn end_drag(&self, seconds: Option<f64>) {
        self.seek_with(&|seek, now| seek.end_drag(seconds, now));
    }

    /// A key on the focused seek bar moves its handle; playback follows in [`Self::settle_keys`].
    pub fn key_press(&self, key: SeekKey) {
        self.change_seek(&|seek| seek.key_press(key));
    }

    /// The seek bar's key presses have settled: playback goes to the handle.
    pub fn settle_keys(&self) {
        self.seek_with(&SeekState::settle_keys);
    }

    /// Changes the seek state where no seek can follow.
    fn change_seek(&self, change: &dyn Fn(&mut SeekState)) {
        self.seek_with(&|seek, _| {
            change(seek);
            None
        });
    }

    /// Changes the seek state given the audio element's `currentTime`, and sets `currentTime`
    /// to the target it returns. Without an element (before it is mounted) only the state moves.
    ///
    /// Readers rerun only when the state did change: a `timeupdate` during a drag must not
    /// write the seek bar's value under the pointer. Through `dyn`, so that the signal's update
    /// code is compiled once, not once per caller (WASM size).
    fn seek_with(&self, change: &dyn Fn(&mut SeekState, f64) -> Option<f64>) {
        let audio = self.audio.get_untracked();
        let now = audio.as_ref().map_or(0.0, |audio| audio.current_time());
        let target = self
            .seek
            .try_maybe_update(|seek| {
                let before = *seek;
                let target = change(seek, now);
                (*seek != before, target)
            })
            .flatten();
        if let (Some(audio), Some(target)) = (audio, target) {
            audio.set_current_time(target);
        }
    }

    /// Moves to the track `step` leads to; false when there is none.
    fn go(&self, step: Step) -> bool {
        self.go_with(step, self.repeat.get_untracked())
    }

    fn go_with(&self, step: Step, repeat: Repeat) -> bool {
        let current = self.current_id_untracked();
        let next = self
            .queue
            .try_update_value(|queue| queue.step(current, step, repeat, &mut random_below))
            .flatten();
        let Some(track) = next else {
            return false;
        };
        self.direction.set_value(match step {
            Step::Previous => Step::Previous,
            Step::Next | Step::Ended => Step::Next,
        });
        self.load(track, 0.0, true);
        true
    }
}

impl Default for PlayerState {
    fn default() -> Self {
        Self::new()
    }
}

/// `play()` returns a promise that rejects when playback cannot start; report it, don't panic.
fn start(audio: &web_sys::HtmlAudioElement) {
    if let Ok(promise) = audio.play() {
        leptos::task::spawn_local(async move {
            if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
                leptos::logging::warn!("playback did not start: {error:?}");
            }
        });
    }
}

/// A random index below `n` for shuffling: `Math.random()` in the browser. The server never
/// shuffles (shuffle is off until a listener turns it on), but gets a usable answer too.
fn random_below(n: usize) -> usize {
    #[cfg(target_arch = "wasm32")]
    let unit = web_sys::js_sys::Math::random();
    #[cfg(not(target_arch = "wasm32"))]
    let unit = {
        use std::hash::BuildHasher;
        let bits = std::collections::hash_map::RandomState::new().hash_one(n) >> 11;
        bits as f64 / (1u64 << 53) as f64
    };
    ((unit * n as f64) as usize).min(n.saturating_sub(1))
}
