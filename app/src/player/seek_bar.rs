//! The seek bar: a range input in seconds (role slider, named "Seek") that spans the whole track,
//! shows what is buffered and follows clicks, drags and the keyboard without the handle jumping
//! back: arrows move 5 s, Page Up/Down a tenth of the track, Home/End to the start and the end.

use std::time::Duration;

use leptos::prelude::*;

use super::seek::SeekKey;
use super::PlayerState;
use crate::model::{css_percent, format_clock, whole_seconds};

/// Keys pressed in a row move the handle at once but seek once, after this pause: seven Page Ups
/// make one Range request from 70%, not seven that each stop the one before.
const KEY_SETTLE: Duration = Duration::from_millis(250);

#[component]
pub fn SeekBar() -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let value_text = move || {
        format!(
            "{} of {}",
            format_clock(player.position()),
            format_clock(player.duration())
        )
    };
    let buffered_percent = move || {
        let duration = player.duration();
        let share = if duration > 0.0 {
            player.buffered() / duration
        } else {
            0.0
        };
        css_percent(share)
    };
    let played_percent = move || {
        let duration = player.duration();
        let share = if duration > 0.0 {
            player.position() / duration
        } else {
            0.0
        };
        css_percent(share)
    };
    // The seek the last key press has scheduled, if it has not run yet.
    let pending_key_seek = StoredValue::new(None::<TimeoutHandle>);
    let settle_keys = move || {
        if let Some(handle) = pending_key_seek.get_value() {
            handle.clear();
            pending_key_seek.set_value(None);
            player.settle_keys();
        }
    };

    view! {
        <input
            type="range"
            class="seek"
            aria-label="Seek"
            min="0"
            step="any"
            prop:max=move || player.duration()
            prop:value=move || player.position()
            aria-valuemin="0"
            aria-valuemax=move || whole_seconds(player.duration())
            aria-valuenow=move || whole_seconds(player.position())
            aria-valuetext=value_text
            disabled=move || player.current_id().is_none()
            style:--buffered=buffered_percent
            style:--played=played_percent
            on:input=move |event| {
                if let Some(seconds) = input_number(&event) {
                    player.drag_to(seconds);
                }
            }
            on:change=move |event| player.release_at(input_number(&event))
            // A drag that ends where it began fires no `change`: its release still seeks, once.
            on:pointerup=move |event| player.end_drag(input_number(&event))
            on:pointercancel=move |event| player.end_drag(input_number(&event))
            on:blur=move |event| {
                settle_keys();
                player.end_drag(input_number(&event));
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                let Some(key) = SeekKey::from_key(&event.key()) else {
                    return;
                };
                event.prevent_default();
                event.stop_propagation();
                // The handle (and what a screen reader says) moves now; playback a moment later.
                player.key_press(key);
                if let Some(handle) = pending_key_seek.get_value() {
                    handle.clear();
                }
                let scheduled = set_timeout_with_handle(
                    move || {
                        pending_key_seek.set_value(None);
                        player.settle_keys();
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
