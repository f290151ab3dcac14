//! The Media Session API (`navigator.mediaSession`): the track's title, artist, album and cover
//! on the lock screen, in the system's media controls and on headset buttons, and those
//! controls' play, pause, next, previous and seek actions.
//!
//! web-sys binds this API only behind `--cfg web_sys_unstable_apis`, a flag for the whole build,
//! so the few calls used here go through `Reflect`; that also makes each one a no-op in browsers
//! that lack the API or one of its actions.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::js_sys::{Array, Function, Object, Reflect};

use super::PlayerState;
use crate::model::{bounded, TrackSummary};

/// Seconds moved by the system's "seek backward" and "seek forward" buttons when they don't say.
const SEEK_BACKWARD: f64 = 5.0;
const SEEK_FORWARD: f64 = 10.0;

/// Keeps the media session in step with the player (browser only: effects don't run on the
/// server).
pub fn install_media_session(player: PlayerState) {
    Effect::new(move |_| {
        if let Some(session) = MediaSession::get() {
            session.set_action_handlers(player);
        }
    });
    Effect::new(move |_| {
        let track = player.current();
        if let Some(session) = MediaSession::get() {
            session.set_metadata(track.as_ref());
        }
    });
    Effect::new(move |_| {
        let state = match (player.current_id().is_some(), player.playing()) {
            (false, _) => "none",
            (true, true) => "playing",
            (true, false) => "paused",
        };
        if let Some(session) = MediaSession::get() {
            session.set("playbackState", &state.into());
        }
    });
}

/// Tells the system where playback is (on `timeupdate`, `durationchange` and seeks), so its
/// own seek bar shows it. Skipped while the length is unknown: the API refuses that.
pub fn update_position_state(duration: f64, position: f64, rate: f64) {
    if !(duration.is_finite() && duration > 0.0 && position.is_finite() && rate > 0.0) {
        return;
    }
    let Some(session) = MediaSession::get() else {
        return;
    };
    let state = Object::new();
    set_field(&state, "duration", &duration.into());
    set_field(&state, "position", &bounded(position, 0.0, duration).into());
    set_field(&state, "playbackRate", &rate.into());
    session.call("setPositionState", &state);
}

/// What the system calls for an action, with its details (`seekTime`, `seekOffset`…).
type ActionHandler = Box<dyn Fn(JsValue)>;

/// `navigator.mediaSession`, where the browser has it.
struct MediaSession(Object);

impl MediaSession {
    fn get() -> Option<MediaSession> {
        let navigator = web_sys::window()?.navigator();
        let session = Reflect::get(&navigator, &"mediaSession".into()).ok()?;
        session.dyn_into::<Object>().ok().map(MediaSession)
    }

    fn set(&self, name: &str, value: &JsValue) {
        set_field(&self.0, name, value);
    }

    /// Calls a method with one argument; an unknown method or a refused value is ignored (an
    /// older browser, an action it does not offer).
    fn call(&self, method: &str, argument: &JsValue) -> bool {
        self.call2(method, argument, &JsValue::UNDEFINED)
    }

    fn call2(&self, method: &str, first: &JsValue, second: &JsValue) -> bool {
        Reflect::get(&self.0, &method.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .is_some_and(|f| f.call2(&self.0, first, second).is_ok())
    }

    fn set_metadata(&self, track: Option<&TrackSummary>) {
        let metadata = track.and_then(metadata_for).unwrap_or(JsValue::NULL);
        self.set("metadata", &metadata);
    }

    fn set_action_handlers(&self, player: PlayerState) {
        let details_number = |details: &JsValue, name: &str| {
            Reflect::get(details, &name.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        let handlers: [(&str, ActionHandler); 7] = [
            ("play", Box::new(move |_| player.play())),
            ("pause", Box::new(move |_| player.pause())),
            ("nexttrack", Box::new(move |_| player.next())),
            ("previoustrack", Box::new(move |_| player.previous())),
            (
                "seekto",
                Box::new(move |details| {
                    if let Some(seconds) = details_number(&details, "seekTime") {
                        player.seek_to(seconds);
                    }
                }),
            ),
            (
                "seekbackward",
                Box::new(move |details| {
                    let offset = details_number(&details, "seekOffset").unwrap_or(SEEK_BACKWARD);
                    player.seek_by(-offset);
                }),
            ),
            (
                "seekforward",
                Box::new(move |details| {
                    let offset = details_number(&details, "seekOffset").unwrap_or(SEEK_FORWARD);
                    player.seek_by(offset);
                }),
            ),
        ];
        for (action, handler) in handlers {
            // The page keeps its handlers for its whole life: the closures are never freed.
            let handler = Closure::<dyn Fn(JsValue)>::new(handler).into_js_value();
            if !self.call2("setActionHandler", &action.into(), &handler) {
                leptos::logging::log!("media session: no {action} action in this browser");
            }
        }
    }
}

/// `new MediaMetadata({ title, artist, album, artwork: [{ src }] })`, with the cover as an
/// absolute URL (the system fetches it outside the page).
fn metadata_for(track: &TrackSummary) -> Option<JsValue> {
    let window = web_sys::window()?;
    let constructor = Reflect::get(&window, &"MediaMetadata".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let init = Object::new();
    set_field(&init, "title", &track.title.as_str().into());
    set_field(
        &init,
        "artist",
        &track.artist.as_deref().unwrap_or("").into(),
    );
    set_field(&init, "album", &track.album.as_deref().unwrap_or("").into());
    if let Ok(origin) = window.location().origin() {
        let image = Object::new();
        set_field(
            &image,
            "src",
            &format!("{origin}{}", track.cover_url()).into(),
        );
        set_field(&init, "artwork", &Array::of1(&image));
    }
    Reflect::construct(&constructor, &Array::of1(&init)).ok()
}

fn set_field(target: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}
