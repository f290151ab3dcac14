//! sea-orm entities. They stay on the server; the browser sees `app::model` types.

pub mod album;
pub mod api_key;
pub mod artist;
pub mod library_state;
pub mod now_playing;
pub mod play;
pub mod play_queue;
pub mod playlist;
pub mod playlist_track;
pub mod rating;
pub mod server_secret;
pub mod session;
pub mod star;
pub mod track;
pub mod user;
