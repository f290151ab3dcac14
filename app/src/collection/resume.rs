//! Resume on any device: this page saves the queue, track and position on the server while it
//! plays, and offers to continue from what another device (or this one, later) saved.

use leptos::prelude::*;

use super::listening::{PlayCounter, SaveClock};
use crate::keep::{get_saved_queue, record_play, save_queue};
use crate::model::{format_clock, QueueState, SavedQueue};
use crate::player::PlayerState;

/// Counts plays and saves the queue as playback goes; renders nothing.
#[component]
pub fn QueueKeeper() -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let counter = StoredValue::new(PlayCounter::default());
    let clock = StoredValue::new(SaveClock::default());
    Effect::new(move |_| {
        let (seconds, playing) = (player.position(), player.playing());
        let Some((id, duration_ms)) = player.current().map(|t| (t.id, t.duration_ms)) else {
            return;
        };
        if playing {
            let counted = counter
                .try_update_value(|c| c.observe(id, seconds, duration_ms))
                .flatten();
            if let Some(track) = counted {
                leptos::task::spawn_local(async move {
                    let _ = record_play(track).await;
                });
            }
        }
        if clock
            .try_update_value(|c| c.due(id, seconds, playing))
            .unwrap_or(false)
        {
            let queue = QueueState {
                track_ids: player.queue_ids(),
                current: Some(id),
                position_ms: (seconds.max(0.0) * 1000.0) as u64,
            };
            leptos::task::spawn_local(async move {
                let _ = save_queue(queue).await;
            });
        }
    });
}

/// Once hydrated: when the server holds a queue whose track or position differs from what this
/// page shows, offers to continue from it.
#[component]
pub fn ResumeOffer() -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let offer = RwSignal::new(None::<SavedQueue>);
    Effect::new(move |_| {
        // A deep link says what to play.
        if crate::address::query().contains("track=") {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok(Some(saved)) = get_saved_queue().await else {
                return;
            };
            // This browser already shows that track near that place (it saves every 5 s of
            // playback and remembers its own position locally): nothing to offer.
            let here = player.current_id_untracked();
            let close = (untrack(|| player.position()) * 1000.0 - saved.position_ms as f64).abs()
                < 10_000.0;
            if saved.current.is_some() && !(here == saved.current && close) {
                offer.set(Some(saved));
            }
        });
    });
    let resume = move |_| {
        let Some(saved) = offer.get_untracked() else {
            return;
        };
        offer.set(None);
        let Some(track) = saved
            .tracks
            .iter()
            .find(|t| Some(t.id) == saved.current)
            .cloned()
        else {
            return;
        };
        player.set_queue(saved.tracks);
        player.load(track, saved.position_ms as f64 / 1000.0, true);
    };
    move || {
        offer.get().and_then(|saved| {
            let track = saved
                .tracks
                .iter()
                .find(|t| Some(t.id) == saved.current)?
                .clone();
            let at = format_clock(saved.position_ms as f64 / 1000.0);
            Some(view! {
                <aside class="resume" aria-label="Continue listening">
                    <span>
                        "Continue " <strong>{track.title}</strong> {format!(" at {at}")}
                    </span>
                    <button type="button" class="primary" on:click=resume>"Continue"</button>
                    <button type="button" class="dismiss" on:click=move |_| offer.set(None)>
                        "Not now"
                    </button>
                </aside>
            })
        })
    }
}
