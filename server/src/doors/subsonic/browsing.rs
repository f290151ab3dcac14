//! Browsing by tags: artists, an artist, an album, a song, genres, random songs, songs of a
//! genre, and the album lists.

use super::fail::Fail;
use super::ids::{self, as_album, as_artist, as_track};
use super::reply::{Node, Payload};
use super::shapes;
use super::Call;
use crate::domain::browse::AlbumList;
use crate::domain::collection::ListenerAlbums;

/// Articles Cadenza does not set aside when it sorts names (it sorts by the folded name).
pub const IGNORED_ARTICLES: &str = "";

pub async fn artists(call: &Call) -> Result<Payload, Fail> {
    let artists = call.browse().artists(call.user.user_id).await?;
    Ok(Payload::One(
        "artists",
        Node::new()
            .set("ignoredArticles", IGNORED_ARTICLES)
            .many("index", shapes::indexed(&artists, shapes::artist)),
    ))
}

pub async fn artist(call: &Call) -> Result<Payload, Fail> {
    let id = ids::expect(call.params.get("id"), "id", as_artist)?;
    let (artist, albums) = call
        .browse()
        .artist(call.user.user_id, id)
        .await?
        .ok_or_else(|| Fail::not_found("Artist"))?;
    Ok(Payload::One(
        "artist",
        shapes::artist(&artist).many("album", albums.iter().map(shapes::album).collect()),
    ))
}

pub async fn album(call: &Call) -> Result<Payload, Fail> {
    let id = ids::expect(call.params.get("id"), "id", as_album)?;
    let (album, songs) = call
        .browse()
        .album(call.user.user_id, id)
        .await?
        .ok_or_else(|| Fail::not_found("Album"))?;
    Ok(Payload::One(
        "album",
        shapes::album(&album).many("song", songs.iter().map(shapes::song).collect()),
    ))
}

pub async fn song(call: &Call) -> Result<Payload, Fail> {
    let id = ids::expect(call.params.get("id"), "id", as_track)?;
    let song = call
        .browse()
        .song(call.user.user_id, id)
        .await?
        .ok_or_else(|| Fail::not_found("Song"))?;
    Ok(Payload::One("song", shapes::song(&song)))
}

pub async fn genres(call: &Call) -> Result<Payload, Fail> {
    let genres = call.browse().genres().await?;
    let nodes = genres
        .into_iter()
        .map(|genre| {
            Node::new()
                .set("songCount", genre.songs)
                .set("albumCount", genre.albums)
                .text("value", genre.name)
        })
        .collect();
    Ok(Payload::One("genres", Node::new().many("genre", nodes)))
}

pub async fn random_songs(call: &Call) -> Result<Payload, Fail> {
    let params = &call.params;
    let size = params.count("size", 10, 500)?;
    let year = |name| {
        params
            .optional_number(name)?
            .map(|y| i32::try_from(y).map_err(|_| Fail::invalid(name)))
            .transpose()
    };
    let songs = call
        .browse()
        .random_songs(
            call.user.user_id,
            size as u64,
            params.get("genre").filter(|g| !g.is_empty()),
            year("fromYear")?,
            year("toYear")?,
        )
        .await?;
    Ok(Payload::One(
        "randomSongs",
        Node::new().many("song", songs.iter().map(shapes::song).collect()),
    ))
}

pub async fn songs_by_genre(call: &Call) -> Result<Payload, Fail> {
    let params = &call.params;
    let genre = params.required("genre")?;
    let count = params.count("count", 10, 500)?;
    let offset = params.offset("offset")?;
    let songs = call
        .browse()
        .songs_by_genre(call.user.user_id, genre, offset as u64, count as u64)
        .await?;
    Ok(Payload::One(
        "songsByGenre",
        Node::new().many("song", songs.iter().map(shapes::song).collect()),
    ))
}

/// `getAlbumList2` (albums with tags) and `getAlbumList` (albums as folders).
pub async fn album_list(call: &Call, tags: bool) -> Result<Payload, Fail> {
    let params = &call.params;
    let list = list_of(call)?;
    let size = params.count("size", 10, 500)?;
    let offset = params.offset("offset")?;
    let albums = call
        .browse()
        .album_list(call.user.user_id, &list, offset, size)
        .await?;
    let (name, shape): (_, fn(&crate::domain::browse::Album) -> Node) = if tags {
        ("albumList2", shapes::album)
    } else {
        ("albumList", shapes::album_folder)
    };
    Ok(Payload::One(
        name,
        Node::new().many("album", albums.iter().map(shape).collect()),
    ))
}

fn list_of(call: &Call) -> Result<AlbumList, Fail> {
    let params = &call.params;
    let year = |name| {
        let y = params
            .optional_number(name)?
            .ok_or_else(|| Fail::missing(name))?;
        i32::try_from(y).map_err(|_| Fail::invalid(name))
    };
    Ok(match params.required("type")? {
        "random" => AlbumList::Random,
        "newest" => AlbumList::Newest,
        "alphabeticalByName" => AlbumList::AlphabeticalByName,
        "alphabeticalByArtist" => AlbumList::AlphabeticalByArtist,
        "byYear" => AlbumList::ByYear {
            from: year("fromYear")?,
            to: year("toYear")?,
        },
        "byGenre" => AlbumList::ByGenre(params.required("genre")?.to_owned()),
        "frequent" => AlbumList::Listener(ListenerAlbums::Frequent),
        "recent" => AlbumList::Listener(ListenerAlbums::Recent),
        "starred" => AlbumList::Listener(ListenerAlbums::Starred),
        "highest" => AlbumList::Listener(ListenerAlbums::Highest),
        _ => return Err(Fail::invalid("type")),
    })
}
