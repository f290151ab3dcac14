//! The player: one `<audio>` element whose `src` is the stream route, driven by a shared
//! [`PlayerState`], with a player bar (play/pause, previous/next, times) and a seek bar.

mod bar;
mod keyboard;
mod persist;
mod seek_bar;
mod state;

pub use bar::PlayerBar;
pub use keyboard::install_shortcuts;
pub use persist::{remember, resume_on_load};
pub use seek_bar::SeekBar;
pub use state::PlayerState;
