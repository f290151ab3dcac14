//! The player's reactive state, shared through Leptos context, and the commands that drive the
//! audio element.

use leptos::html::Audio;
use leptos::prelude::*;

use crate::model::TrackSummary;

/// Everything the player bar, the seek bar and the track list read about playback.
#[derive(Clone, Copy)]
pub struct PlayerState {
    pub audio: NodeRef<Audio>,
    current: RwSignal<Option<TrackSummary>>,
    queue: StoredValue<Vec<TrackSummary>>,
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
}

impl PlayerState {
    pub fn new() -> Self {
        Self {
            audio: NodeRef::new(),
            current: RwSignal::new(None),
            queue: StoredValue::new(Vec::new()),
            playing: RwSignal::new(false),
            position: RwSignal::new(0.0),
            duration: RwSignal::new(0.0),
            buffered: RwSignal::new(0.0),
            dragging: RwSignal::new(false),
            error: RwSignal::new(None),
            muted: RwSignal::new(false),
            volume: RwSignal::new(1.0),
        }
    }

    pub fn current(&self) -> Option<TrackSummary> {
        self.current.get()
    }

    pub fn current_id(&self) -> Option<i64> {
        self.current.with(|track| track.as_ref().map(|t| t.id))
    }

    /// The list that previous/next and auto-advance walk through.
    pub fn set_queue(&self, tracks: Vec<TrackSummary>) {
        self.queue.set_value(tracks);
    }

    /// Loads `track` into the audio element and starts it.
    pub fn play_track(&self, track: TrackSummary) {
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
        self.queue
            .with_value(|queue| queue.iter().find(|t| t.id == id).cloned())
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

    /// Plays the track `offset` places away in the queue (1 = next, -1 = previous).
    pub fn skip(&self, offset: isize) {
        let Some(id) = self.current_id() else {
            return;
        };
        let next = self.queue.with_value(|queue| {
            let index = queue.iter().position(|t| t.id == id)?;
            let target = index.checked_add_signed(offset)?;
            queue.get(target).cloned()
        });
        if let Some(track) = next {
            self.play_track(track);
        }
    }

    pub fn toggle_mute(&self) {
        let muted = !self.muted.get_untracked();
        self.muted.set(muted);
        if let Some(audio) = self.audio.get_untracked() {
            audio.set_muted(muted);
        }
    }

    pub fn set_volume(&self, volume: f64) {
        let volume = volume.clamp(0.0, 1.0);
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
            seconds.clamp(0.0, duration)
        } else {
            seconds.max(0.0)
        };
        self.position.set(target);
        if let Some(audio) = self.audio.get_untracked() {
            audio.set_current_time(target);
        }
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
