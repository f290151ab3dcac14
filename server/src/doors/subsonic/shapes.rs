//! How songs, albums, artists and playlists look to a Subsonic app, with the OpenSubsonic
//! fields Cadenza knows (and those it does not know as empty values: the spec asks a server to
//! send every field it supports, so apps can tell).

use std::path::Path;

use super::ids;
use super::reply::{Node, Value};
use crate::domain::browse::{Album, Artist, Song};
use crate::domain::collection::Marks;
use crate::domain::library::Format;

/// Unix seconds as ISO 8601 in UTC (`2026-11-29T19:11:16Z`).
pub fn iso(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn marked(node: Node, marks: &Marks) -> Node {
    node.maybe("starred", marks.starred_at.map(iso))
        .maybe("userRating", marks.rating)
}

fn name_node(id: String, name: &str) -> Node {
    Node::new().set("id", id).set("name", name)
}

fn genres(genre: Option<&str>) -> Vec<Node> {
    genre
        .filter(|genre| !genre.is_empty())
        .map(|genre| vec![Node::new().set("name", genre)])
        .unwrap_or_default()
}

/// A song (Subsonic's `Child` that is no directory).
pub fn song(song: &Song) -> Node {
    let track = &song.track;
    let suffix = Path::new(&track.path)
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let content_type =
        Format::of_column(&track.format).map_or("application/octet-stream", Format::mime);
    let artists: Vec<Node> = match (track.artist_id, &track.artist) {
        (Some(id), Some(name)) => vec![name_node(ids::artist(id), name)],
        _ => Vec::new(),
    };
    let album_artist = track.album_artist.as_deref().or(track.artist.as_deref());
    let node = Node::new()
        .set("id", ids::track(track.id))
        .maybe("parent", track.album_id.map(ids::album))
        .set("isDir", false)
        .set("title", track.title.as_str())
        .maybe("album", track.album.as_deref())
        .maybe("artist", track.artist.as_deref())
        .maybe("track", track.track_number)
        .maybe("year", track.year)
        .maybe("genre", track.genre.as_deref())
        .maybe("coverArt", track.album_id.map(ids::album))
        .set("size", track.file_size)
        .set("contentType", content_type)
        .set("suffix", suffix)
        .set("duration", track.duration_ms / 1000)
        .maybe("bitRate", track.bitrate_kbps)
        .set("path", track.path.as_str())
        .set("playCount", song.marks.plays)
        .maybe("discNumber", track.disc_number)
        .set("created", iso(track.added_at))
        .maybe("albumId", track.album_id.map(ids::album))
        .maybe("artistId", track.artist_id.map(ids::artist))
        .set("type", "music")
        .set("isVideo", false)
        .maybe("played", song.marks.last_played.map(iso))
        .set("mediaType", "song")
        .set("bpm", 0i64)
        .set("comment", "")
        .set("sortName", "")
        .set("musicBrainzId", "")
        .set("channelCount", i64::from(track.channels.unwrap_or(0)))
        .set("samplingRate", i64::from(track.sample_rate.unwrap_or(0)))
        .set("bitDepth", 0i64)
        .set("displayArtist", track.artist.as_deref().unwrap_or(""))
        .set("displayAlbumArtist", album_artist.unwrap_or(""))
        .set("displayComposer", "")
        .set("explicitStatus", "")
        .many("genres", genres(track.genre.as_deref()))
        .many("artists", artists)
        .many("albumArtists", Vec::new())
        .many("contributors", Vec::new())
        .values("isrc", Vec::new())
        .values("moods", Vec::new())
        .one("replayGain", Node::new());
    marked(node, &song.marks)
}

/// An album with tags (`AlbumID3`), for getAlbum, getAlbumList2, search3, getStarred2.
pub fn album(album: &Album) -> Node {
    let artists: Vec<Node> = match (album.artist_id, &album.artist) {
        (Some(id), Some(name)) => vec![name_node(ids::artist(id), name)],
        _ => Vec::new(),
    };
    let node = Node::new()
        .set("id", ids::album(album.id))
        .set("name", album.title.as_str())
        .maybe("artist", album.artist.as_deref())
        .maybe("artistId", album.artist_id.map(ids::artist))
        .set("coverArt", ids::album(album.id))
        .set("songCount", album.song_count)
        .set("duration", album.duration_ms / 1000)
        .set("playCount", album.marks.plays)
        .set("created", iso(album.created_at))
        .maybe("year", album.year)
        .maybe("genre", album.genre.as_deref())
        .maybe("played", album.marks.last_played.map(iso))
        .set("musicBrainzId", "")
        .set("isCompilation", false)
        .set("sortName", "")
        .set("displayArtist", album.artist.as_deref().unwrap_or(""))
        .set("explicitStatus", "")
        .set("version", "")
        .many("genres", genres(album.genre.as_deref()))
        .many("artists", artists)
        .many("recordLabels", Vec::new())
        .many("discTitles", Vec::new())
        .values("releaseTypes", Vec::new())
        .values("moods", Vec::new())
        .one("originalReleaseDate", Node::new())
        .one("releaseDate", Node::new());
    let node = match album.marks.rating {
        Some(_) => node,
        None => node.set("userRating", 0i64),
    };
    marked(node, &album.marks)
}

/// An album as a folder (`Child` with `isDir`), for getAlbumList, search2, getStarred and an
/// artist's folder. Also carries `name`, `songCount`, `duration` and `created`, which some
/// client libraries read from these entries.
pub fn album_folder(album: &Album) -> Node {
    let node = Node::new()
        .set("id", ids::album(album.id))
        .maybe("parent", album.artist_id.map(ids::artist))
        .set("isDir", true)
        .set("title", album.title.as_str())
        .set("name", album.title.as_str())
        .set("album", album.title.as_str())
        .maybe("artist", album.artist.as_deref())
        .maybe("year", album.year)
        .maybe("genre", album.genre.as_deref())
        .set("coverArt", ids::album(album.id))
        .set("songCount", album.song_count)
        .set("duration", album.duration_ms / 1000)
        .set("playCount", album.marks.plays)
        .set("created", iso(album.created_at))
        .maybe("artistId", album.artist_id.map(ids::artist))
        .set("mediaType", "album");
    marked(node, &album.marks)
}

/// An artist with tags (`ArtistID3`).
pub fn artist(artist: &Artist) -> Node {
    let node = Node::new()
        .set("id", ids::artist(artist.id))
        .set("name", artist.name.as_str())
        .set("albumCount", artist.album_count)
        .set("musicBrainzId", "")
        .set("sortName", "")
        .values("roles", vec![Value::from("albumartist")]);
    marked(node, &artist.marks)
}

/// An artist as a folder of the index (`Artist`), for getIndexes, search2, getStarred.
pub fn artist_folder(artist: &Artist) -> Node {
    marked(
        Node::new()
            .set("id", ids::artist(artist.id))
            .set("name", artist.name.as_str())
            .set("albumCount", artist.album_count),
        &artist.marks,
    )
}

/// The index letter of an artist: the first letter of their sort name, `#` for the rest.
pub fn index_letter(artist: &Artist) -> String {
    let first = artist
        .sort_name
        .chars()
        .chain(artist.name.chars())
        .find(|c| !c.is_whitespace());
    match first {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".to_owned(),
    }
}

/// Artists grouped under their index letters, in order (`index` nodes of `build` per artist).
pub fn indexed(artists: &[Artist], build: fn(&Artist) -> Node) -> Vec<Node> {
    let mut groups: Vec<(String, Vec<Node>)> = Vec::new();
    for artist in artists {
        let letter = index_letter(artist);
        match groups.last_mut() {
            Some((last, nodes)) if *last == letter => nodes.push(build(artist)),
            _ => groups.push((letter, vec![build(artist)])),
        }
    }
    groups
        .into_iter()
        .map(|(name, nodes)| Node::new().set("name", name).many("artist", nodes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_utc() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_795_651_200), "2026-11-26T00:00:00Z");
    }

    #[test]
    fn index_letters() {
        let artist = |name: &str, sort: &str| Artist {
            id: 1,
            name: name.into(),
            sort_name: sort.into(),
            album_count: 1,
            marks: Marks::default(),
        };
        assert_eq!(index_letter(&artist("Émile", "emile")), "E");
        assert_eq!(index_letter(&artist("2Pac", "2pac")), "#");
        assert_eq!(index_letter(&artist("björk", "bjork")), "B");
    }
}
