//! Keyboard shortcuts for the whole page: space play/pause, ←/→ seek 5 s, N/P next/previous,
//! M mute, S shuffle, R repeat mode. They stay out of the way while typing in a field, on a focused button (space already
//! presses it) and on the seek bar (which moves itself and stops the event).

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::seek::KEY_STEP;
use super::PlayerState;

/// Listens on the window, once the page has hydrated (never on the server).
pub fn install_shortcuts(player: PlayerState) {
    Effect::new(move |_| {
        let handle = window_event_listener(ev::keydown, move |event| handle_key(player, &event));
        // The player bar lives as long as the page: the listener does too.
        std::mem::forget(handle);
    });
}

fn handle_key(player: PlayerState, event: &ev::KeyboardEvent) {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
        return;
    }
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target
        .as_ref()
        .map(|t| t.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    let editable = target
        .as_ref()
        .is_some_and(|t| t.has_attribute("contenteditable"));
    if matches!(tag.as_str(), "input" | "textarea" | "select") || editable {
        return;
    }
    match event.key().as_str() {
        " " if !matches!(tag.as_str(), "button" | "a") => player.toggle(),
        "ArrowLeft" => player.seek_by(-KEY_STEP),
        "ArrowRight" => player.seek_by(KEY_STEP),
        "n" | "N" => player.next(),
        "p" | "P" => player.previous(),
        "m" | "M" => player.toggle_mute(),
        "s" | "S" => player.toggle_shuffle(),
        "r" | "R" => player.cycle_repeat(),
        _ => return,
    }
    event.prevent_default();
}
