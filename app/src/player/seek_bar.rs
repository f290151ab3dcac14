//! The seek bar: a range input in seconds that spans the whole track, shows what is buffered and
//! follows clicks, drags and the keyboard without the handle jumping back.

use leptos::prelude::*;

use super::PlayerState;
use crate::model::format_clock;

/// Seconds moved by one arrow key press.
pub const KEY_STEP: f64 = 5.0;

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
        format!("{:.2}%", share.clamp(0.0, 1.0) * 100.0)
    };
    let played_percent = move || {
        let duration = player.duration.get();
        let share = if duration > 0.0 {
            player.position.get() / duration
        } else {
            0.0
        };
        format!("{:.2}%", share.clamp(0.0, 1.0) * 100.0)
    };
    let parse = |event: &leptos::ev::Event| event_target_value(event).parse::<f64>().ok();

    view! {
        <input
            type="range"
            class="seek"
            aria-label="Seek"
            min="0"
            step="any"
            max=move || player.duration.get()
            prop:value=move || player.position.get()
            aria-valuetext=value_text
            disabled=move || player.current_id().is_none()
            style:--buffered=buffered_percent
            style:--played=played_percent
            on:input=move |event| {
                if let Some(seconds) = parse(&event) {
                    player.dragging.set(true);
                    player.position.set(seconds);
                }
            }
            on:change=move |event| {
                player.dragging.set(false);
                if let Some(seconds) = parse(&event) {
                    player.seek_to(seconds);
                }
            }
            on:keydown=move |event: leptos::ev::KeyboardEvent| {
                let delta = match event.key().as_str() {
                    "ArrowLeft" | "ArrowDown" => -KEY_STEP,
                    "ArrowRight" | "ArrowUp" => KEY_STEP,
                    _ => return,
                };
                event.prevent_default();
                event.stop_propagation();
                player.seek_to(player.position.get_untracked() + delta);
            }
        />
    }
}
