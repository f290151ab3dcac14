//! Why a track could not be played, in words a listener understands. The audio element only
//! says "source not supported" for both a format it cannot play and an HTTP error, so in that
//! case a `HEAD` request to the stream route tells a missing file (404) from the rest.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::PlayerState;

/// Reports the audio element's error for the current track (called on its `error` event).
pub fn report_failure(player: PlayerState) {
    let Some(audio) = player.audio.get_untracked() else {
        return;
    };
    let Some(track) = player.current_untracked() else {
        return;
    };
    let code = audio.error().map(|e| e.code()).unwrap_or(0);
    if code != web_sys::MediaError::MEDIA_ERR_SRC_NOT_SUPPORTED {
        player.track_failed(reason_for_code(code));
        return;
    }
    leptos::task::spawn_local(async move {
        let reason = match head_status(&track.stream_url()).await {
            // Moved or deleted since the library was scanned.
            Some(404 | 410) => "its file is missing",
            Some(200..=299) => "this browser cannot play its format",
            Some(_) | None => "the server could not send it",
        };
        // The listener may have picked another track while we asked.
        if player.current_id_untracked() == Some(track.id) {
            player.track_failed(reason);
        }
    });
}

fn reason_for_code(code: u16) -> &'static str {
    match code {
        web_sys::MediaError::MEDIA_ERR_ABORTED => "loading it was stopped",
        web_sys::MediaError::MEDIA_ERR_NETWORK => "the network failed while loading it",
        web_sys::MediaError::MEDIA_ERR_DECODE => "its file is damaged or cannot be decoded",
        _ => "it could not be loaded",
    }
}

async fn head_status(url: &str) -> Option<u16> {
    let init = web_sys::RequestInit::new();
    init.set_method("HEAD");
    let promise = web_sys::window()?.fetch_with_str_and_init(url, &init);
    let response = JsFuture::from(promise).await.ok()?;
    Some(response.dyn_into::<web_sys::Response>().ok()?.status())
}
