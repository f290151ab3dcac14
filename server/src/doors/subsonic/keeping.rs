//! What a listener keeps through an app: plays and "now playing" (`scrobble`), stars, ratings,
//! and what everyone is playing now.

use app::model::StarKind;

use super::fail::Fail;
use super::ids::{self, Id};
use super::reply::{Node, Payload};
use super::shapes;
use super::Call;

/// `scrobble`: `submission=false` says a track started ("now playing"); otherwise each `id`
/// was played (the app decides when a play counts), at its `time` when given.
pub async fn scrobble(call: &Call) -> Result<Payload, Fail> {
    let ids = track_ids(call, "id")?;
    let collection = call.browse().collection();
    let user = call.user.user_id;
    if call.params.boolean("submission")? == Some(false) {
        if let Some(track) = ids.last() {
            if call.browse().library().track(*track).await?.is_none() {
                return Err(Fail::not_found("Song"));
            }
            let player = if call.player.is_empty() {
                "app"
            } else {
                call.player.as_str()
            };
            collection.playing_now(user, player, *track).await?;
        }
    } else {
        // `time` (ms), one per id when given: when each was played.
        let times = call
            .params
            .all("time")
            .into_iter()
            .map(|text| text.parse::<i64>().map_err(|_| Fail::invalid("time")))
            .collect::<Result<Vec<i64>, Fail>>()?;
        for (n, track) in ids.into_iter().enumerate() {
            match times.get(n) {
                Some(ms) => collection.record_play_at(user, track, ms / 1000).await?,
                None => collection.record_play(user, track).await?,
            }
        }
    }
    Ok(Payload::Empty)
}

fn track_ids(call: &Call, name: &str) -> Result<Vec<i64>, Fail> {
    let given = call.params.all(name);
    if given.is_empty() {
        return Err(Fail::missing(name));
    }
    given
        .into_iter()
        .map(|text| ids::expect(Some(text), name, ids::as_track))
        .collect()
}

/// `star` and `unstar`: `id` (a song, or an album or artist by its typed id), `albumId`,
/// `artistId`, each repeatable.
pub async fn star(call: &Call, starred: bool) -> Result<Payload, Fail> {
    let params = &call.params;
    let mut items = Vec::new();
    for text in params.all("id") {
        items.push(item(text)?);
    }
    for text in params.all("albumId") {
        items.push((
            StarKind::Album,
            ids::expect(Some(text), "albumId", ids::as_album)?,
        ));
    }
    for text in params.all("artistId") {
        items.push((
            StarKind::Artist,
            ids::expect(Some(text), "artistId", ids::as_artist)?,
        ));
    }
    if items.is_empty() {
        return Err(Fail::missing("id, albumId or artistId"));
    }
    let collection = call.browse().collection();
    for (kind, id) in items {
        collection
            .set_star(call.user.user_id, kind, id, starred)
            .await?;
    }
    Ok(Payload::Empty)
}

fn item(text: &str) -> Result<(StarKind, i64), Fail> {
    match Id::parse(text) {
        Some(Id::Track(id)) => Ok((StarKind::Track, id)),
        Some(Id::Album(id)) => Ok((StarKind::Album, id)),
        Some(Id::Artist(id)) => Ok((StarKind::Artist, id)),
        _ => Err(Fail::not_found("Item")),
    }
}

/// `setRating`: 1 to 5, or 0 to take the rating away.
pub async fn set_rating(call: &Call) -> Result<Payload, Fail> {
    let (kind, id) = item(call.params.required("id")?)?;
    let rating = call.params.required("rating")?;
    let rating: u8 = rating.parse().map_err(|_| Fail::invalid("rating"))?;
    call.browse()
        .collection()
        .set_rating(call.user.user_id, kind, id, rating)
        .await?;
    Ok(Payload::Empty)
}

/// `getNowPlaying`: every listener's players, with the song each plays.
pub async fn now_playing(call: &Call) -> Result<Payload, Fail> {
    let playing = call.browse().collection().now_playing().await?;
    let ids: Vec<i64> = playing.iter().map(|entry| entry.track_id).collect();
    let songs = call.browse().songs(call.user.user_id, &ids).await?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let entries = playing
        .iter()
        .enumerate()
        .filter_map(|(n, entry)| {
            let song = songs.iter().find(|song| song.track.id == entry.track_id)?;
            Some(
                shapes::song(song)
                    .set("username", entry.user_name.as_str())
                    .set("minutesAgo", (now - entry.started_at).max(0) / 60)
                    .set("playerId", n as i64 + 1)
                    .set("playerName", entry.player.as_str()),
            )
        })
        .collect();
    Ok(Payload::One(
        "nowPlaying",
        Node::new().many("entry", entries),
    ))
}
