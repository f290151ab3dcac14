//! Playlists: one's own and the other listeners' public ones; only the owner changes one, and
//! another's private playlist is "not found", as if it did not exist.

use super::fail::Fail;
use super::ids::{self, as_playlist, as_track};
use super::reply::{Node, Payload};
use super::shapes::{self, iso};
use super::Call;
use crate::domain::collection::{PlaylistChange, PlaylistInfo};

fn playlist(info: &PlaylistInfo, me: i64) -> Node {
    let row = &info.row;
    Node::new()
        .set("id", ids::playlist(row.id))
        .set("name", row.name.as_str())
        .set("comment", row.comment.as_str())
        .set("owner", info.owner.as_str())
        .set("public", row.public)
        .set("songCount", info.track_count)
        .set("duration", info.duration_ms / 1000)
        .set("created", iso(row.created_at))
        .set("changed", iso(row.changed_at))
        .set("readonly", row.owner_id != me)
}

/// `getPlaylists`: one's own and the public ones (an admin may name another user).
pub async fn list(call: &Call) -> Result<Payload, Fail> {
    let me = call.user.user_id;
    let user = match call.params.get("username") {
        Some(name) if !name.eq_ignore_ascii_case(&call.user.name) => {
            if !call.user.is_admin() {
                return Err(Fail::not_authorized());
            }
            call.state
                .accounts
                .user_id(name)
                .await
                .map_err(|_| Fail::not_found("User"))?
        }
        _ => me,
    };
    let infos = call.browse().collection().playlist_infos(user).await?;
    let nodes = infos
        .iter()
        .filter(|info| user == me || info.row.owner_id == user)
        .map(|info| playlist(info, me))
        .collect();
    Ok(Payload::One(
        "playlists",
        Node::new().many("playlist", nodes),
    ))
}

/// `getPlaylist`: a playlist and its songs.
pub async fn one(call: &Call) -> Result<Payload, Fail> {
    let id = ids::expect(call.params.get("id"), "id", as_playlist)?;
    with_songs(call, id).await
}

async fn with_songs(call: &Call, id: i64) -> Result<Payload, Fail> {
    let me = call.user.user_id;
    let (info, track_ids) = call
        .browse()
        .collection()
        .playlist_info(me, id)
        .await?
        .ok_or_else(|| Fail::not_found("Playlist"))?;
    let songs = call.browse().songs(me, &track_ids).await?;
    Ok(Payload::One(
        "playlist",
        playlist(&info, me).many("entry", songs.iter().map(shapes::song).collect()),
    ))
}

fn song_ids(call: &Call, name: &str) -> Result<Vec<i64>, Fail> {
    call.params
        .all(name)
        .into_iter()
        .map(|text| ids::expect(Some(text), name, as_track))
        .collect()
}

/// `createPlaylist`: a new playlist with `name` and the `songId`s; with `playlistId`, that
/// playlist's songs replaced. Answers the playlist (since API 1.14).
pub async fn create(call: &Call) -> Result<Payload, Fail> {
    let me = call.user.user_id;
    let songs = song_ids(call, "songId")?;
    let collection = call.browse().collection();
    let id = match call.params.get("playlistId") {
        Some(text) => {
            let id = ids::expect(Some(text), "playlistId", as_playlist)?;
            let (_, entries) = collection
                .playlist_info(me, id)
                .await?
                .ok_or_else(|| Fail::not_found("Playlist"))?;
            let change = PlaylistChange {
                name: call.params.get("name").map(str::to_owned),
                remove: (0..entries.len()).collect(),
                add: songs,
                ..PlaylistChange::default()
            };
            collection.change_playlist(me, id, change).await?;
            id
        }
        None => {
            let name = call.params.required("name")?;
            collection.create_playlist(me, name, &songs).await?
        }
    };
    with_songs(call, id).await
}

/// `updatePlaylist`: name, comment, public, `songIndexToRemove` (positions as it was) and
/// `songIdToAdd`, together.
pub async fn update(call: &Call) -> Result<Payload, Fail> {
    let params = &call.params;
    let id = ids::expect(params.get("playlistId"), "playlistId", as_playlist)?;
    let remove = params
        .all("songIndexToRemove")
        .into_iter()
        .map(|text| text.parse().map_err(|_| Fail::invalid("songIndexToRemove")))
        .collect::<Result<Vec<usize>, Fail>>()?;
    let change = PlaylistChange {
        name: params.get("name").map(str::to_owned),
        comment: params.get("comment").map(str::to_owned),
        public: params.boolean("public")?,
        add: song_ids(call, "songIdToAdd")?,
        remove,
    };
    call.browse()
        .collection()
        .change_playlist(call.user.user_id, id, change)
        .await?;
    Ok(Payload::Empty)
}

pub async fn delete(call: &Call) -> Result<Payload, Fail> {
    let id = ids::expect(call.params.get("id"), "id", as_playlist)?;
    call.browse()
        .collection()
        .delete_playlist(call.user.user_id, id)
        .await?;
    Ok(Payload::Empty)
}
