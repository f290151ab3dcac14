//! The wire types of the collection: album and artist pages, stars, history and the play queue
//! kept on the server.

use serde::{Deserialize, Serialize};

use super::{AlbumSummary, ArtistSummary, TrackSummary};

/// The orders of the album grid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlbumSort {
    /// Album artist, then year, then title: the order of a record shelf.
    #[default]
    Artist,
    Title,
    /// Oldest first; albums without a year last.
    Year,
    /// The album whose newest track arrived last first.
    Added,
}

impl AlbumSort {
    pub const ALL: [AlbumSort; 4] = [
        AlbumSort::Artist,
        AlbumSort::Title,
        AlbumSort::Year,
        AlbumSort::Added,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlbumSort::Artist => "artist",
            AlbumSort::Title => "title",
            AlbumSort::Year => "year",
            AlbumSort::Added => "added",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlbumSort::Artist => "Artist",
            AlbumSort::Title => "Title",
            AlbumSort::Year => "Year",
            AlbumSort::Added => "Recently added",
        }
    }

    pub fn parse(name: &str) -> Option<AlbumSort> {
        AlbumSort::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// The page size of the album grid when none is asked for.
pub const ALBUMS_PER_PAGE: u32 = 60;

/// A request for one page of the album grid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct AlbumQuery {
    pub sort: AlbumSort,
    /// 1-based; 0 is read as 1.
    pub page: u32,
    /// 0 means [`ALBUMS_PER_PAGE`]; above [`super::MAX_PER_PAGE`] is capped.
    pub per_page: u32,
}

impl AlbumQuery {
    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    pub fn per_page(&self) -> u32 {
        match self.per_page {
            0 => ALBUMS_PER_PAGE,
            n => n.min(super::MAX_PER_PAGE),
        }
    }
}

/// An album with its tracks in disc and track order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlbumDetail {
    pub album: AlbumSummary,
    pub tracks: Vec<TrackSummary>,
}

impl AlbumDetail {
    pub fn duration_ms(&self) -> u64 {
        self.tracks.iter().map(|t| t.duration_ms).sum()
    }
}

/// A track with how often this listener played it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayedTrack {
    pub track: TrackSummary,
    pub plays: u64,
    /// Unix seconds of the last counted play.
    pub last_played: i64,
}

/// An artist: their albums, their tracks, and the ones this listener plays most.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtistDetail {
    pub artist: ArtistSummary,
    pub albums: Vec<AlbumSummary>,
    pub tracks: Vec<TrackSummary>,
    pub most_played: Vec<PlayedTrack>,
}

/// What can carry a star.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StarKind {
    Track,
    Album,
    Artist,
}

impl StarKind {
    pub const ALL: [StarKind; 3] = [StarKind::Track, StarKind::Album, StarKind::Artist];

    pub fn as_str(self) -> &'static str {
        match self {
            StarKind::Track => "track",
            StarKind::Album => "album",
            StarKind::Artist => "artist",
        }
    }

    pub fn parse(name: &str) -> Option<StarKind> {
        StarKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// The ids a listener starred, by kind: what every star button reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarIds {
    pub tracks: Vec<i64>,
    pub albums: Vec<i64>,
    pub artists: Vec<i64>,
}

impl StarIds {
    pub fn of(&self, kind: StarKind) -> &Vec<i64> {
        match kind {
            StarKind::Track => &self.tracks,
            StarKind::Album => &self.albums,
            StarKind::Artist => &self.artists,
        }
    }

    pub fn of_mut(&mut self, kind: StarKind) -> &mut Vec<i64> {
        match kind {
            StarKind::Track => &mut self.tracks,
            StarKind::Album => &mut self.albums,
            StarKind::Artist => &mut self.artists,
        }
    }

    pub fn contains(&self, kind: StarKind, id: i64) -> bool {
        self.of(kind).contains(&id)
    }

    /// Stars or unstars `id`.
    pub fn set(&mut self, kind: StarKind, id: i64, starred: bool) {
        let ids = self.of_mut(kind);
        ids.retain(|other| *other != id);
        if starred {
            ids.push(id);
        }
    }
}

/// Everything a listener starred, newest star first, for the favourites view.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Favourites {
    pub tracks: Vec<TrackSummary>,
    pub albums: Vec<AlbumSummary>,
    pub artists: Vec<ArtistSummary>,
}

/// The history views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Newest play first, one row per track.
    pub recent: Vec<PlayedTrack>,
    /// Most plays first.
    pub most: Vec<PlayedTrack>,
    /// The tracks that arrived last, newest first.
    pub added: Vec<TrackSummary>,
}

/// The play queue a device saves: track ids in order, the current one and where in it. Every
/// field may be left out (an empty list is not sent at all in a URL-encoded form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueState {
    pub track_ids: Vec<i64>,
    pub current: Option<i64>,
    pub position_ms: u64,
}

/// The longest queue kept on the server.
pub const MAX_SAVED_QUEUE: usize = 10_000;

/// The queue as another device saved it, with its tracks, to offer to continue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedQueue {
    pub tracks: Vec<TrackSummary>,
    pub current: Option<i64>,
    pub position_ms: u64,
    /// Unix milliseconds.
    pub changed_at: i64,
    /// The device that saved it, as it named itself.
    pub changed_by: String,
}

/// A playlist as the list of playlists shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistSummary {
    pub id: i64,
    pub name: String,
    pub owner: String,
    /// The listener asking owns it (and may change it).
    pub mine: bool,
    pub public: bool,
    pub track_count: u64,
}

/// A playlist with its tracks in order (tracks no longer in the library are left out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaylistDetail {
    pub playlist: PlaylistSummary,
    pub tracks: Vec<TrackSummary>,
}

/// A change to a playlist the listener owns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaylistEdit {
    Rename(String),
    SetPublic(bool),
    /// Adds these tracks at the end.
    Add(Vec<i64>),
    /// Removes the entry at this position (from 0).
    Remove(u32),
    /// Moves the entry at `from` to `to` (positions from 0).
    Move {
        from: u32,
        to: u32,
    },
}

/// The longest playlist name kept.
pub const MAX_PLAYLIST_NAME: usize = 200;
/// The most tracks a playlist holds.
pub const MAX_PLAYLIST_TRACKS: usize = 20_000;

/// What an M3U8 import made: the new playlist, and the entries that named no track.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Imported {
    pub id: i64,
    pub added: u64,
    pub unknown: Vec<String>,
}

/// When a play counts (the common scrobbling rule): half the track, or four minutes of it,
/// heard, whichever comes first. A track of unknown length counts at four minutes.
pub fn play_counts(heard_ms: u64, duration_ms: u64) -> bool {
    let half = if duration_ms == 0 {
        u64::MAX
    } else {
        duration_ms
    };
    heard_ms.saturating_mul(2) >= half || heard_ms >= 240_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_play_counts_at_half_or_four_minutes() {
        assert!(!play_counts(0, 200_000));
        assert!(!play_counts(99_999, 200_000));
        assert!(play_counts(100_000, 200_000));
        assert!(play_counts(240_000, 3_600_000));
        assert!(!play_counts(239_999, 3_600_000));
        assert!(play_counts(12_500, 25_000));
        assert!(!play_counts(12_499, 25_000));
        assert!(!play_counts(100_000, 0), "unknown length: four minutes");
        assert!(play_counts(240_000, 0));
    }

    #[test]
    fn star_ids_set_and_unset() {
        let mut stars = StarIds::default();
        stars.set(StarKind::Album, 4, true);
        stars.set(StarKind::Album, 4, true);
        assert_eq!(stars.albums, vec![4]);
        assert!(stars.contains(StarKind::Album, 4));
        assert!(!stars.contains(StarKind::Track, 4));
        stars.set(StarKind::Album, 4, false);
        assert!(stars.albums.is_empty());
    }

    #[test]
    fn sort_and_kind_names_round_trip() {
        for sort in AlbumSort::ALL {
            assert_eq!(AlbumSort::parse(sort.as_str()), Some(sort));
        }
        for kind in StarKind::ALL {
            assert_eq!(StarKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(AlbumSort::parse("bogus"), None);
    }
}
