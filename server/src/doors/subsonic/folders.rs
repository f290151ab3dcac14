//! Browsing by folders, the default of DSub and Ultrasonic: Cadenza's folders are its artists
//! and albums (an artist holds albums, an album holds songs), so folder and tag browsing agree
//! and ids are the same in both.

use app::model::AlbumSort;

use super::browsing::IGNORED_ARTICLES;
use super::fail::Fail;
use super::ids::{self, Id};
use super::reply::{Node, Payload};
use super::shapes;
use super::Call;

/// `getIndexes`: artists by letter. With `ifModifiedSince` (ms) at or after the library's last
/// arrival, the index is left empty: nothing new.
pub async fn indexes(call: &Call) -> Result<Payload, Fail> {
    let shelf = call.state.library.shelf().await?;
    let last_modified = shelf
        .in_order(AlbumSort::Added)
        .next()
        .map_or(0, |row| row.added_at.saturating_mul(1000));
    let since = call.params.number("ifModifiedSince", 0)?;
    let node = Node::new()
        .set("lastModified", last_modified)
        .set("ignoredArticles", IGNORED_ARTICLES);
    if since > 0 && since >= last_modified {
        return Ok(Payload::One("indexes", node.many("index", Vec::new())));
    }
    let artists = call.browse().artists(call.user.user_id).await?;
    Ok(Payload::One(
        "indexes",
        node.many("shortcut", Vec::new())
            .many("index", shapes::indexed(&artists, shapes::artist_folder))
            .many("child", Vec::new()),
    ))
}

/// `getMusicDirectory`: an artist's albums, or an album's songs.
pub async fn directory(call: &Call) -> Result<Payload, Fail> {
    let text = call.params.required("id")?;
    let user = call.user.user_id;
    let node = match Id::parse(text) {
        Some(Id::Artist(id)) => {
            let (artist, albums) = call
                .browse()
                .artist(user, id)
                .await?
                .ok_or_else(|| Fail::not_found("Folder"))?;
            Node::new()
                .set("id", ids::artist(artist.id))
                .set("name", artist.name.as_str())
                .maybe("starred", artist.marks.starred_at.map(shapes::iso))
                .maybe("userRating", artist.marks.rating)
                .many("child", albums.iter().map(shapes::album_folder).collect())
        }
        Some(Id::Album(id)) => {
            let (album, songs) = call
                .browse()
                .album(user, id)
                .await?
                .ok_or_else(|| Fail::not_found("Folder"))?;
            Node::new()
                .set("id", ids::album(album.id))
                .maybe("parent", album.artist_id.map(ids::artist))
                .set("name", album.title.as_str())
                .maybe("starred", album.marks.starred_at.map(shapes::iso))
                .maybe("userRating", album.marks.rating)
                .set("playCount", album.marks.plays)
                .many("child", songs.iter().map(shapes::song).collect())
        }
        _ => return Err(Fail::not_found("Folder")),
    };
    Ok(Payload::One("directory", node))
}
