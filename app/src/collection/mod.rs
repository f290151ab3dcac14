//! The collection's views: the album grid and album pages, artist pages, favourites, history,
//! playlists, and resuming on another device (the queue kept on the server, plays counted). They
//! read and change what each listener keeps through `crate::keep`.

mod albums;
mod artist;
mod favourites;
mod history;
mod listening;
mod playlists;
mod resume;

pub use albums::{parse_albums_query, AlbumGrid, AlbumPage};
pub use artist::ArtistPage;
pub use favourites::FavouritesPage;
pub use history::HistoryPage;
pub use playlists::{PlaylistPage, PlaylistsPage};
pub use resume::{QueueKeeper, ResumeOffer};
