//! The player's reactive state, shared through Leptos context, and the commands that drive the
//! audio element: what plays, the queue it plays from, shuffle and repeat, seeking, and what
//! happens when a track ends or fails.

use std::time::Duration;

use leptos::html::Audio;
use leptos::prelude::*;

use super::queue::{Queue, Repeat, Step};
use crate::model::{bounded, TrackSummary};

/// Past this many seconds into a track, "previous" starts it again instead of going back.
const RESTART_AFTER: f64 = 3.0;
/// How long the message about a track that cannot play stays before the next one starts.
pub const SKIP_FAILED_AFTER: Duration = Duration::from_millis(2500);

/// Everything the player bar, the seek bar and the track list read about playback.
#[derive(Clone, Copy)]
pub struct PlayerState {
    pub audio: NodeRef<Audio>,
    current: RwSignal<Option<TrackSummary>>,
    queue: StoredValue<Queue>,
    pub playing: RwSignal<bool>,
    /// Seconds into the track, as the seek bar shows it.
    pub position: RwSignal<f64>,
    /// Length of the track in seconds (from the library until the browser knows better).
    pub duration: RwSignal<f64>,
    /// End of the buffered range around the play position, in seconds.
    pub buffered: RwSignal<f64>,
    /// True while the listener drags the seek bar: playback must not move the handle then.
    pub dragging: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    pub muted: RwSignal<bool>,
    /// 0.0 to 1.0.
    pub volume: RwSignal<f64>,
    pub shuffle: RwSignal<bool>,
    pub repeat: RwSignal<Repeat>,
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
            position: RwSignal::new(0.0),
            duration: RwSignal::new(0.0),
            buffered: RwSignal::new(0.0),
            dragging: RwSignal::new(false),
            error: RwSignal::new(None),
            muted: RwSignal::new(false),
            volume: RwSignal::new(1.0),
            shuffle: RwSignal::new(false),
            repeat: RwSignal::new(Repeat::Off),
            direction: StoredValue::new(Step::Next),
            failures: StoredValue::new(0),
        }
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
        // Before the metadata arrives this sets where playback will begin.
        if seconds > 0.0 {
            audio.set_current_time(seconds);
        }
        self.error.set(None);
        self.position.set(seconds.max(0.0));
        self.buffered.set(0.0);
        self.duration.set(track.duration_ms as f64 / 1000.0);
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
        if self.position.get_untracked() > RESTART_AFTER || !self.go(Step::Previous) {
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

    /// Moves playback to `seconds`; the browser fetches the bytes from there with a Range request.
    pub fn seek_to(&self, seconds: f64) {
        let duration = self.duration.get_untracked();
        let target = if duration > 0.0 {
            bounded(seconds, 0.0, duration)
        } else {
            seconds.max(0.0)
        };
        self.position.set(target);
        if let Some(audio) = self.audio.get_untracked() {
            // The same position twice (a drag that ends where it was) would seek twice.
            if (audio.current_time() - target).abs() > 0.001 {
                audio.set_current_time(target);
            }
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
