//! Track id → file, for the stream route: answered from memory, filled from the database on a
//! miss, and emptied when the library generation moves, so a seek costs no database query and
//! never serves a file that a scan (here or in another process) has since removed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use sea_orm::{DatabaseConnection, DbErr};

use super::format::Format;
use super::generation::Generation;
use crate::domain::db::queries;

/// What serving one track needs, computed once per track, not per request.
#[derive(Debug)]
pub struct TrackFile {
    pub id: i64,
    pub path: PathBuf,
    /// `None` for a file whose extension is no longer one the library plays.
    pub format: Option<Format>,
    /// The file's name, for `Content-Disposition`.
    pub file_name: String,
    /// The track's length as the scan read it.
    pub duration_ms: i64,
}

impl TrackFile {
    fn new(id: i64, media_root: &Path, relative: &str, duration_ms: i64) -> Self {
        let path = media_root.join(relative);
        Self {
            id,
            duration_ms,
            format: Format::of_path(&path),
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path,
        }
    }
}

#[derive(Default)]
struct Entries {
    generation: i64,
    files: HashMap<i64, Arc<TrackFile>>,
}

pub struct FileCache {
    db: DatabaseConnection,
    media_root: PathBuf,
    entries: RwLock<Entries>,
}

impl FileCache {
    pub fn new(db: DatabaseConnection, media_root: PathBuf) -> Self {
        Self {
            db,
            media_root,
            entries: RwLock::default(),
        }
    }

    pub async fn get(
        &self,
        id: i64,
        generation: &Generation,
    ) -> Result<Option<Arc<TrackFile>>, DbErr> {
        let now = generation.current();
        let hit = self.entries.read().ok().and_then(|entries| {
            (entries.generation == now)
                .then(|| entries.files.get(&id).cloned())
                .flatten()
        });
        if hit.is_some() {
            return Ok(hit);
        }
        let Some(row) = queries::find_track(&self.db, id).await? else {
            return Ok(None);
        };
        let file = Arc::new(TrackFile::new(
            row.id,
            &self.media_root,
            &row.path,
            row.duration_ms,
        ));
        if let Ok(mut entries) = self.entries.write() {
            if entries.generation != now {
                entries.files.clear();
                entries.generation = now;
            }
            entries.files.insert(id, Arc::clone(&file));
        }
        Ok(Some(file))
    }
}
