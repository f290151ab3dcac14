//! sea-orm entities. They stay on the server; the browser sees `app::model` types.

pub mod album;
pub mod artist;
pub mod library_state;
pub mod track;
