//! Where playback resumes when the page opens: a deep link `/?track=N&t=SECONDS` (plays), else
//! the last track and position of this browser (loaded paused), kept in `localStorage`.

use leptos::prelude::*;

use super::PlayerState;

const STORAGE_KEY: &str = "cadenza.last";

/// Once hydrated, loads the deep-linked or remembered track.
pub fn resume_on_load(player: PlayerState) {
    Effect::new(move |_| {
        let wanted = from_url()
            .map(|(id, t)| (id, t, true))
            .or_else(|| from_storage().map(|(id, t)| (id, t, false)));
        if let Some((id, seconds, autoplay)) = wanted {
            if let Some(track) = player.queued(id) {
                player.load(track, seconds, autoplay);
            }
        }
    });
}

/// Remembers the track and position (called on `timeupdate`).
pub fn remember(id: i64, seconds: f64) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &format!("{id}:{seconds:.1}"));
    }
}

fn from_url() -> Option<(i64, f64)> {
    let search = window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let id = params.get("track")?.parse().ok()?;
    let seconds = params.get("t").and_then(|t| t.parse().ok()).unwrap_or(0.0);
    Some((id, seconds))
}

fn from_storage() -> Option<(i64, f64)> {
    let value = window()
        .local_storage()
        .ok()??
        .get_item(STORAGE_KEY)
        .ok()??;
    parse_remembered(&value)
}

/// `"<id>:<seconds>"`.
fn parse_remembered(value: &str) -> Option<(i64, f64)> {
    let (id, seconds) = value.split_once(':')?;
    let seconds: f64 = seconds.parse().ok()?;
    Some((
        id.parse().ok()?,
        if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::parse_remembered;

    #[test]
    fn remembered_positions_parse_and_junk_does_not() {
        assert_eq!(parse_remembered("7:70.5"), Some((7, 70.5)));
        assert_eq!(parse_remembered("7:-3"), Some((7, 0.0)));
        assert_eq!(parse_remembered("x:1"), None);
        assert_eq!(parse_remembered("7"), None);
    }
}
