//! Where playback resumes when the page opens: a deep link `/?track=N&t=SECONDS` (plays), else
//! the last track and position of this browser (loaded paused), kept in `localStorage`, with the
//! shuffle and repeat modes.

use leptos::prelude::*;

use super::{PlayerState, Repeat};
use crate::model::{format_seconds, parse_seconds};

const STORAGE_KEY: &str = "cadenza.last";
const MODES_KEY: &str = "cadenza.modes";

/// Once hydrated, loads the deep-linked or remembered track, brings back the shuffle and repeat
/// modes and remembers them whenever they change.
pub fn resume_on_load(player: PlayerState) {
    Effect::new(move |restored: Option<()>| {
        let modes = (player.shuffle(), player.repeat());
        if restored.is_none() {
            if let Some((shuffle, repeat)) = modes_from_storage() {
                player.set_shuffle(shuffle);
                player.set_repeat(repeat);
            }
        } else if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(MODES_KEY, &format_modes(modes.0, modes.1));
        }
    });
    Effect::new(move |_| {
        let wanted = from_url()
            .map(|(id, t)| (id, t, true))
            .or_else(|| from_storage().map(|(id, t)| (id, t, false)));
        if let Some((id, seconds, autoplay)) = wanted {
            match player.queued(id) {
                Some(track) => player.load(track, seconds, autoplay),
                // Not on the page shown (another page, a search): ask the library for it.
                None => leptos::task::spawn_local(async move {
                    if let Ok(Some(track)) = crate::library::get_track(id).await {
                        if player.current_id_untracked().is_none() {
                            player.load(track, seconds, autoplay);
                        }
                    }
                }),
            }
        }
    });
}

/// Remembers the track and position (called on `timeupdate`).
pub fn remember(id: i64, seconds: f64) {
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.set_item(STORAGE_KEY, &format!("{id}:{}", format_seconds(seconds)));
    }
}

fn from_url() -> Option<(i64, f64)> {
    let query = crate::address::query();
    let param = |name: &str| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    };
    let id = param("track")?.parse().ok()?;
    let seconds = param("t").and_then(|t| parse_seconds(&t)).unwrap_or(0.0);
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

fn modes_from_storage() -> Option<(bool, Repeat)> {
    let value = window().local_storage().ok()??.get_item(MODES_KEY).ok()??;
    parse_modes(&value)
}

/// `"shuffle:<on|off> repeat:<off|all|one>"`.
fn format_modes(shuffle: bool, repeat: Repeat) -> String {
    let shuffle = if shuffle { "on" } else { "off" };
    format!("shuffle:{shuffle} repeat:{}", repeat.as_str())
}

fn parse_modes(value: &str) -> Option<(bool, Repeat)> {
    let (shuffle, repeat) = value.split_once(' ')?;
    let shuffle = match shuffle.strip_prefix("shuffle:")? {
        "on" => true,
        "off" => false,
        _ => return None,
    };
    Some((shuffle, Repeat::parse(repeat.strip_prefix("repeat:")?)?))
}

/// `"<id>:<seconds>"`; a negative position (never written, but storage is the user's) is the start.
fn parse_remembered(value: &str) -> Option<(i64, f64)> {
    let (id, seconds) = value.split_once(':')?;
    let seconds = match seconds.strip_prefix('-') {
        Some(negative) => parse_seconds(negative).map(|_| 0.0)?,
        None => parse_seconds(seconds)?,
    };
    Some((id.parse().ok()?, seconds))
}

#[cfg(test)]
mod tests {
    use super::{format_modes, parse_modes, parse_remembered, Repeat};

    #[test]
    fn remembered_positions_parse_and_junk_does_not() {
        assert_eq!(parse_remembered("7:70.5"), Some((7, 70.5)));
        assert_eq!(parse_remembered("7:-3"), Some((7, 0.0)));
        assert_eq!(parse_remembered("x:1"), None);
        assert_eq!(parse_remembered("7"), None);
        assert_eq!(parse_remembered("7:NaN"), None);
    }

    #[test]
    fn modes_round_trip_and_junk_does_not() {
        for shuffle in [false, true] {
            for repeat in [Repeat::Off, Repeat::All, Repeat::One] {
                assert_eq!(
                    parse_modes(&format_modes(shuffle, repeat)),
                    Some((shuffle, repeat))
                );
            }
        }
        assert_eq!(parse_modes("shuffle:maybe repeat:all"), None);
        assert_eq!(parse_modes("repeat:all"), None);
    }
}
