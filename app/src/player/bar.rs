//! The player bar: the audio element, what is playing, transport buttons, times and the seek bar.

use leptos::prelude::*;

use super::failure::report_failure;
use super::media_session::{install_media_session, update_position_state};
use super::seek_bar::input_number;
use super::{install_shortcuts, remember, resume_on_load, PlayerState, Repeat, SeekBar};
use crate::model::format_clock;

#[component]
pub fn PlayerBar() -> impl IntoView {
    let player = expect_context::<PlayerState>();
    let audio = player.audio;
    install_shortcuts(player);
    resume_on_load(player);
    install_media_session(player);
    show_in_tab_title(player);

    let on_time = move |_| {
        if let Some(el) = audio.get_untracked() {
            player.on_time_update(el.current_time());
            if let Some(id) = player.current_id_untracked() {
                remember(id, el.current_time());
            }
            update_position_state(el.duration(), el.current_time(), el.playback_rate());
        }
    };
    let on_duration = move |_| {
        if let Some(el) = audio.get_untracked() {
            let d = el.duration();
            player.on_duration_change(d);
            update_position_state(d, el.current_time(), el.playback_rate());
        }
    };
    let on_progress = move |_| {
        if let Some(el) = audio.get_untracked() {
            let now = el.current_time();
            let ranges = el.buffered();
            let end = (0..ranges.length())
                .filter_map(|i| Some((ranges.start(i).ok()?, ranges.end(i).ok()?)))
                .find(|(start, end)| *start <= now && now <= *end)
                .map(|(_, end)| end)
                .unwrap_or(now);
            player.buffered_to(end);
        }
    };

    let title = move || {
        player
            .current()
            .map(|t| t.title)
            .unwrap_or_else(|| "Nothing playing".to_string())
    };
    let artist = move || player.current().and_then(|t| t.artist).unwrap_or_default();

    view! {
        <footer class="player" aria-label="Player">
            <audio
                node_ref=audio
                preload="metadata"
                on:play=move |_| player.on_play()
                on:playing=move |_| player.playback_started()
                on:pause=move |_| player.on_pause()
                on:timeupdate=on_time
                on:seeked=on_time
                on:durationchange=on_duration
                on:loadedmetadata=on_duration
                on:progress=on_progress
                on:ended=move |_| player.track_ended()
                on:error=move |_| report_failure(player)
            ></audio>
            <div class="now-playing">
                <span class="now-title">{title}</span>
                <span class="now-artist">{artist}</span>
                {move || {
                    player
                        .error()
                        .map(|message| view! { <span class="error" role="alert">{message}</span> })
                }}
            </div>
            <div class="transport">
                <button
                    type="button"
                    class="shuffle mode"
                    aria-label="Shuffle"
                    title=move || if player.shuffle() { "Shuffle: on" } else { "Shuffle: off" }
                    aria-pressed=move || player.shuffle().to_string()
                    on:click=move |_| player.toggle_shuffle()
                >
                    <LineIcon path=SHUFFLE/>
                </button>
                <button type="button" class="prev" aria-label="Previous" on:click=move |_| player.previous()>
                    <Icon path=PREV/>
                </button>
                <button
                    type="button"
                    class="play"
                    aria-label=move || if player.playing() { "Pause" } else { "Play" }
                    on:click=move |_| player.toggle()
                >
                    <Icon path=move || if player.playing() { PAUSE } else { PLAY }/>
                </button>
                <button type="button" class="next" aria-label="Next" on:click=move |_| player.next()>
                    <Icon path=NEXT/>
                </button>
                // Three modes, so the label names the mode rather than aria-pressed.
                <button
                    type="button"
                    class="repeat mode"
                    aria-label=move || player.repeat().label()
                    title=move || player.repeat().label()
                    data-mode=move || player.repeat().as_str()
                    on:click=move |_| player.cycle_repeat()
                >
                    <LineIcon path=move || {
                        if player.repeat() == Repeat::One { REPEAT_ONE } else { REPEAT }
                    }/>
                </button>
            </div>
            <div class="timeline">
                <span class="elapsed">{move || format_clock(player.position())}</span>
                <SeekBar/>
                <span class="total">{move || format_clock(player.duration())}</span>
            </div>
            <div class="volume">
                <button
                    type="button"
                    class="mute"
                    aria-label=move || if player.muted() { "Unmute" } else { "Mute" }
                    aria-pressed=move || player.muted().to_string()
                    on:click=move |_| player.toggle_mute()
                >
                    <Icon path=move || if player.muted() { MUTED } else { SPEAKER }/>
                </button>
                <input
                    type="range"
                    class="volume-level"
                    aria-label="Volume"
                    min="0"
                    max="1"
                    step="0.05"
                    prop:value=move || if player.muted() { 0.0 } else { player.volume() }
                    on:input=move |event| {
                        if let Some(volume) = input_number(&event) {
                            player.set_volume(volume);
                        }
                    }
                />
            </div>
        </footer>
    }
}

/// The browser tab names what is playing ("▶ Morning Tide – Lumen Drift · Cadenza"), so the
/// listener finds the tab among others.
fn show_in_tab_title(player: PlayerState) {
    Effect::new(move |_| {
        let title = match player.current() {
            Some(track) => {
                let mark = if player.playing() { "▶ " } else { "" };
                match track.artist {
                    Some(artist) => format!("{mark}{} – {artist} · Cadenza", track.title),
                    None => format!("{mark}{} · Cadenza", track.title),
                }
            }
            None => "Cadenza".to_owned(),
        };
        document().set_title(&title);
    });
}

// 24×24 icon outlines: system fonts often lack the media-control glyphs.
const PLAY: &str = "M8 5v14l11-7z";
const PAUSE: &str = "M6 5h4v14H6zm8 0h4v14h-4z";
const PREV: &str = "M6 6h2v12H6zm3.5 6 8.5 6V6z";
const NEXT: &str = "M16 6h2v12h-2zM6 18l8.5-6L6 6z";
const SPEAKER: &str = "M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4z";
const MUTED: &str = "M3 9v6h4l5 5V4L7 9zm16.6 3 2.1-2.1-1.4-1.4-2.1 2.1-2.1-2.1-1.4 1.4 2.1 2.1-2.1 2.1 1.4 1.4 2.1-2.1 2.1 2.1 1.4-1.4z";

// Line drawings (stroked, not filled) for the mode buttons.
const SHUFFLE: &str = "M3 7h3c5 0 6 10 11 10h3M3 17h3c5 0 6-10 11-10h3M17 4l3 3-3 3M17 14l3 3-3 3";
const REPEAT: &str = "M4 11V9a2 2 0 0 1 2-2h13M16 4l3 3-3 3M20 13v2a2 2 0 0 1-2 2H5M8 20l-3-3 3-3";
const REPEAT_ONE: &str =
    "M4 11V9a2 2 0 0 1 2-2h13M16 4l3 3-3 3M20 13v2a2 2 0 0 1-2 2H5M8 20l-3-3 3-3M11 10.5l1.5-1v5";

#[component]
fn LineIcon(#[prop(into)] path: Signal<&'static str>) -> impl IntoView {
    view! {
        <svg
            viewBox="0 0 24 24"
            width="20"
            height="20"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=path></path>
        </svg>
    }
}

#[component]
fn Icon(#[prop(into)] path: Signal<&'static str>) -> impl IntoView {
    view! {
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="currentColor">
            <path d=path></path>
        </svg>
    }
}
