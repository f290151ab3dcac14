//! M3U8 playlists: written with paths relative to the media folder (and `#EXTINF` lines, so
//! other players show titles), read from the same or from other players' files: `#` lines are
//! skipped, Windows separators and `./` accepted, and an absolute path inside the media folder
//! made relative. An entry that names no track of the library is reported, not guessed.

use std::collections::HashMap;
use std::path::Path;

use app::model::{Imported, TrackSummary};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::{Collection, CollectionError};
use crate::domain::db::entity::track;

/// The playlist as an M3U8 file.
pub fn export(tracks: &[TrackSummary]) -> String {
    let mut out = String::from("#EXTM3U\n");
    for track in tracks {
        let seconds = track.duration_ms / 1000;
        let title = match &track.artist {
            Some(artist) => format!("{artist} - {}", track.title),
            None => track.title.clone(),
        };
        // A line break in a tag would end the entry early.
        let title = title.replace(['\r', '\n'], " ");
        out.push_str(&format!("#EXTINF:{seconds},{title}\n{}\n", track.path));
    }
    out
}

/// The entries of an M3U8 file, each as a path relative to `media_root` with `/` separators.
pub fn entries(text: &str, media_root: &Path) -> Vec<String> {
    let root = media_root.to_string_lossy().replace('\\', "/");
    let root = root.trim_end_matches('/');
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let path = line.replace('\\', "/");
            let path = match path.strip_prefix(root) {
                Some(inside) if inside.starts_with('/') => inside.to_owned(),
                _ => path,
            };
            path.trim_start_matches("./")
                .trim_start_matches('/')
                .to_owned()
        })
        .collect()
}

impl Collection {
    /// A new private playlist `name` of `user` from an M3U8 file's text.
    pub async fn import_playlist(
        &self,
        user: i64,
        name: &str,
        text: &str,
    ) -> Result<Imported, CollectionError> {
        let wanted = entries(text, self.library.media_root());
        let mut ids_by_path: HashMap<String, i64> = HashMap::new();
        for chunk in wanted.chunks(500) {
            let found: Vec<(i64, String)> = track::Entity::find()
                .select_only()
                .column(track::Column::Id)
                .column(track::Column::Path)
                .filter(track::Column::Path.is_in(chunk.to_vec()))
                .into_tuple()
                .all(&self.db)
                .await?;
            ids_by_path.extend(found.into_iter().map(|(id, path)| (path, id)));
        }
        let mut tracks = Vec::with_capacity(wanted.len());
        let mut unknown = Vec::new();
        for entry in wanted {
            match ids_by_path.get(&entry) {
                Some(id) => tracks.push(*id),
                None => unknown.push(entry),
            }
        }
        let id = self.create_playlist(user, name, &tracks).await?;
        Ok(Imported {
            id,
            added: tracks.len() as u64,
            unknown,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_made_relative_to_the_media_folder() {
        let text = "\u{feff}#EXTM3U\r\n#EXTINF:27,Lumen Drift - Morning Tide\r\n\
                    Lumen Drift/Harbour Lights/01 - Morning Tide.mp3\r\n\
                    ./A/b.flac\n/music/C/d.ogg\nE\\f.opus\n\n/elsewhere/g.mp3\n";
        assert_eq!(
            entries(text, Path::new("/music/")),
            [
                "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3",
                "A/b.flac",
                "C/d.ogg",
                "E/f.opus",
                "elsewhere/g.mp3",
            ]
        );
    }

    #[test]
    fn an_export_reads_back_as_the_same_paths() {
        let track = TrackSummary {
            id: 1,
            title: "Line\nBreak".into(),
            artist: Some("Band".into()),
            album: None,
            album_id: None,
            track_number: None,
            disc_number: None,
            year: None,
            duration_ms: 61_500,
            format: "mp3".into(),
            path: "Band/Line.mp3".into(),
        };
        let text = export(&[track]);
        assert_eq!(
            text,
            "#EXTM3U\n#EXTINF:61,Band - Line Break\nBand/Line.mp3\n"
        );
        assert_eq!(entries(&text, Path::new("/m")), ["Band/Line.mp3"]);
    }
}
