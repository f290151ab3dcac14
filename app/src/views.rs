//! The page's views and the addresses that name them.

use crate::collection::parse_albums_query;
use crate::model::AlbumQuery;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// `/`: the track list (its search, order and page are the list query's).
    Tracks,
    /// `/albums?sort=…&page=…`
    Albums(AlbumQuery),
    /// `/albums/{id}`
    Album(i64),
    /// `/artists/{id}`
    Artist(i64),
    Favourites,
    History,
    /// `/playlists`
    Playlists,
    /// `/playlists/{id}`
    Playlist(i64),
    NotFound,
}

impl View {
    /// The view at `path` with query string `query`.
    pub fn at(path: &str, query: &str) -> View {
        let id = |rest: &str| rest.parse::<i64>().ok().filter(|id| *id > 0);
        match path {
            "/" => View::Tracks,
            "/albums" => View::Albums(parse_albums_query(query)),
            "/favourites" => View::Favourites,
            "/history" => View::History,
            "/playlists" => View::Playlists,
            _ => {
                if let Some(album) = path.strip_prefix("/albums/").and_then(id) {
                    View::Album(album)
                } else if let Some(artist) = path.strip_prefix("/artists/").and_then(id) {
                    View::Artist(artist)
                } else if let Some(list) = path.strip_prefix("/playlists/").and_then(id) {
                    View::Playlist(list)
                } else {
                    View::NotFound
                }
            }
        }
    }

    /// The header's tab this view belongs to.
    pub fn tab(&self) -> Option<&'static str> {
        match self {
            View::Tracks => Some("/"),
            View::Albums(_) | View::Album(_) | View::Artist(_) => Some("/albums"),
            View::Favourites => Some("/favourites"),
            View::History => Some("/history"),
            View::Playlists | View::Playlist(_) => Some("/playlists"),
            View::NotFound => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AlbumSort;

    #[test]
    fn addresses_name_their_views() {
        assert_eq!(View::at("/", "q=x"), View::Tracks);
        assert_eq!(
            View::at("/albums", "sort=year"),
            View::Albums(AlbumQuery {
                sort: AlbumSort::Year,
                ..AlbumQuery::default()
            })
        );
        assert_eq!(View::at("/albums/7", ""), View::Album(7));
        assert_eq!(View::at("/artists/3", ""), View::Artist(3));
        assert_eq!(View::at("/favourites", ""), View::Favourites);
        assert_eq!(View::at("/history", ""), View::History);
        assert_eq!(View::at("/playlists", ""), View::Playlists);
        assert_eq!(View::at("/playlists/12", ""), View::Playlist(12));
        for junk in [
            "/albums/0",
            "/albums/-1",
            "/albums/x",
            "/artists/",
            "/nope",
            "/albums/7/x",
        ] {
            assert_eq!(View::at(junk, ""), View::NotFound, "{junk}");
        }
    }
}
