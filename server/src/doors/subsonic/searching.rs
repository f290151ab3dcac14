//! `search2`/`search3` (an empty query lists the whole library, page by page: how offline apps
//! sync) and `getStarred`/`getStarred2`.

use super::fail::Fail;
use super::reply::{Node, Payload};
use super::shapes;
use super::Call;
use crate::domain::browse::{Album, Artist, SearchPage, Song};

/// The most of each kind one search returns.
const MAX_PAGE: i64 = 1000;

pub async fn search(call: &Call, tags: bool) -> Result<Payload, Fail> {
    let params = &call.params;
    let query = params.get("query").unwrap_or("");
    // Some apps send `""` (with the quotes) for everything, as Subsonic's Lucene took it.
    let query = query.trim().trim_matches('"').trim_end_matches('*');
    let at = SearchPage {
        artist_count: params.count("artistCount", 20, MAX_PAGE)?,
        artist_offset: params.offset("artistOffset")?,
        album_count: params.count("albumCount", 20, MAX_PAGE)?,
        album_offset: params.offset("albumOffset")?,
        song_count: params.count("songCount", 20, MAX_PAGE)?,
        song_offset: params.offset("songOffset")?,
    };
    let (artists, albums, songs) = call.browse().search(call.user.user_id, query, at).await?;
    let name = if tags {
        "searchResult3"
    } else {
        "searchResult2"
    };
    Ok(found(name, tags, &artists, &albums, &songs))
}

pub async fn starred(call: &Call, tags: bool) -> Result<Payload, Fail> {
    let (artists, albums, songs) = call.browse().starred(call.user.user_id).await?;
    let name = if tags { "starred2" } else { "starred" };
    Ok(found(name, tags, &artists, &albums, &songs))
}

/// Artists, albums and songs: with tags (`ArtistID3`, `AlbumID3`) or as folders.
fn found(
    name: &'static str,
    tags: bool,
    artists: &[Artist],
    albums: &[Album],
    songs: &[Song],
) -> Payload {
    type Shape<T> = fn(&T) -> Node;
    let (artist, album): (Shape<Artist>, Shape<Album>) = if tags {
        (shapes::artist, shapes::album)
    } else {
        (shapes::artist_folder, shapes::album_folder)
    };
    Payload::One(
        name,
        Node::new()
            .many("artist", artists.iter().map(artist).collect())
            .many("album", albums.iter().map(album).collect())
            .many("song", songs.iter().map(shapes::song).collect()),
    )
}
