//! The player: one `<audio>` element whose `src` is the stream route, driven by a shared
//! [`PlayerState`], with a player bar (play/pause, previous/next, shuffle, repeat, times) and a
//! seek bar; the queue it plays from, and the system's media controls.

mod bar;
mod failure;
mod keyboard;
mod media_session;
mod persist;
mod queue;
mod seek;
mod seek_bar;
mod state;

pub use bar::PlayerBar;
pub use keyboard::install_shortcuts;
pub use persist::{remember, resume_on_load};
pub use queue::Repeat;
pub use seek_bar::SeekBar;
pub use state::PlayerState;
