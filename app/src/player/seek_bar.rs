//! The seek bar: a range input in seconds (role slider, named "Seek") that spans the whole track,
//! shows what is buffered and follows clicks, drags and the keyboard without the handle jumping
//! back: arrows move 5 s, Page Up/Down a tenth of the track, Home/End to the start and the end.

use std::time::Duration;

use leptos::prelude::*;

use super::PlayerState;
use crate::model::{bounded, css_percent, format_clock, whole_seconds};

/// Seconds moved by one arrow key press.
pub const KEY_STEP: f64 = 5.0;
/// Share of the track moved by Page Up / Page Down.
const PAGE_SHARE: f64 = 0.1;
/// Keys pressed in a row move the handle at once but seek once, after this pause: seven Page Ups
/// make one Range request from 70%, not seven that each stop the one before.
const KEY_SETTLE: Duration = Duration::from_millis(250);

#[component]
pub fn SeekBar() -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let value_text = move || {
        format!(
            "{} of {}",
            format_clock(player.position.get()),
            format_clock(player.duration.get())
        )
    };
    let buffered_percent = move || {
        let duration = player.duration.get();
        let share = if duration > 0.0 {
            player.buffered.get() / duration
        } else {
            0.0
        };
        css_percent(share)
    };
    let played_percent = move || {
        let duration = player.duration.get();
        let share = if duration > 0.0 {
            player.position.get() / duration
        } else {
            0.0
        };
        css_percent(share)
    };
    // A drag ends with `change`, or only with the pointer's release when it ends where it began
    // (no `change` then): either way playback goes to where the handle is, once.
    let end_drag = move |event: &leptos::ev::Event| {
        if player.dragging.get_untracked() {
            player.dragging.set(false);
            if let Some(seconds) = input_number(event) {
                player.seek_to(seconds);
            }
        }
    };
    // The seek the last key press has scheduled, if it has not run yet.
    let pending_key_seek = StoredValue::new(None::<TimeoutHandle>);
    let settle_keys = move || {
        if let Some(handle) = pending_key_seek.get_value() {
            handle.clear();
            pending_key_seek.set_value(None);
            player.dragging.set(false);
            player.seek_to(player.position.get_untracked());
        }
    };

    view! {
        <input
            type="range"
            class="seek"
            aria-label="Seek"
            min="0"
            step="any"
            prop:max=move || player.duration.get()
            prop:value=move || player.position.get()
            aria-valuemin="0"
            aria-valuemax=move || whole_seconds(player.duration.get())
            aria-valuenow=move || whole_seconds(player.position.get())
            aria-valuetext=value_text
            disabled=move || player.current_id().is_none()
            style:--buffered=buffered_percent
            style:--played=played_percent
            on:input=move |event| {
                if let Some(seconds) = input_number(&event) {
                    player.dragging.set(true);
                    player.position.set(seconds);
                }
            }
            on:change=move |event| {
                player.dragging.set(false);
                if let Some(seconds) = input_number(&event) {
                    player.seek_to(seconds);
                }
            }
            on:pointerup=move |event| end_drag(&event)
            on:pointercancel=move |event| end_drag(&event)
            on:blur=move |event| {
                settle_keys();
                end_drag(&event);
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                let now = player.position.get_untracked();
                let duration = player.duration.get_untracked();
                let target = match event.key().as_str() {
                    "ArrowLeft" | "ArrowDown" => now - KEY_STEP,
                    "ArrowRight" | "ArrowUp" => now + KEY_STEP,
                    "PageDown" => now - duration * PAGE_SHARE,
                    "PageUp" => now + duration * PAGE_SHARE,
                    "Home" => 0.0,
                    "End" => duration,
                    _ => return,
                };
                event.prevent_default();
                event.stop_propagation();
                // The handle (and what a screen reader says) moves now; playback a moment later.
                player.dragging.set(true);
                player.position.set(bounded(target, 0.0, duration.max(0.0)));
                if let Some(handle) = pending_key_seek.get_value() {
                    handle.clear();
                }
                let scheduled = set_timeout_with_handle(
                    move || {
                        pending_key_seek.set_value(None);
                        player.dragging.set(false);
                        player.seek_to(player.position.get_untracked());
                    },
                    KEY_SETTLE,
                );
                pending_key_seek.set_value(scheduled.ok());
            }
        />
    }
}

/// The number in the range input an event comes from (read as a number by the browser).
pub(super) fn input_number(event: &leptos::ev::Event) -> Option<f64> {
    let value = event_target::<web_sys::HtmlInputElement>(event).value_as_number();
    value.is_finite().then_some(value)
}
