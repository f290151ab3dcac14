//! Track id → file, for the stream route: answered from memory, filled from the database on a
//! miss and emptied after each scan, so a seek costs no database query.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::http::HeaderValue;
use sea_orm::{DatabaseConnection, DbErr};

use crate::db::queries;
use crate::stream::{content_type::audio_content_type, disposition::inline_disposition};

/// What the stream route needs to serve one track, computed once per track, not per request.
#[derive(Debug)]
pub struct TrackFile {
    pub id: i64,
    pub path: PathBuf,
    pub content_type: &'static str,
    pub disposition: HeaderValue,
}

impl TrackFile {
    fn new(id: i64, media_root: &Path, relative: &str) -> Self {
        let path = media_root.join(relative);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            id,
            content_type: audio_content_type(&path).unwrap_or("application/octet-stream"),
            disposition: HeaderValue::from_str(&inline_disposition(&file_name))
                .unwrap_or_else(|_| HeaderValue::from_static("inline")),
            path,
        }
    }
}

pub struct TrackIndex {
    db: DatabaseConnection,
    media_root: PathBuf,
    cache: RwLock<HashMap<i64, Arc<TrackFile>>>,
}

impl TrackIndex {
    pub fn new(db: DatabaseConnection, media_root: PathBuf) -> Self {
        Self {
            db,
            media_root,
            cache: RwLock::new(HashMap::new()),
        }
    }

    pub async fn get(&self, id: i64) -> Result<Option<Arc<TrackFile>>, DbErr> {
        if let Some(hit) = self.read_cache(|cache| cache.get(&id).cloned()) {
            return Ok(Some(hit));
        }
        let Some(row) = queries::find_track(&self.db, id).await? else {
            return Ok(None);
        };
        let file = Arc::new(TrackFile::new(row.id, &self.media_root, &row.path));
        if let Ok(mut cache) = self.cache.write() {
            cache.insert(id, Arc::clone(&file));
        }
        Ok(Some(file))
    }

    /// Forgets every entry: called after a scan changed the library.
    pub fn invalidate(&self) {
        if let Ok(mut cache) = self.cache.write() {
            cache.clear();
        }
    }

    fn read_cache<T>(
        &self,
        f: impl FnOnce(&HashMap<i64, Arc<TrackFile>>) -> Option<T>,
    ) -> Option<T> {
        self.cache.read().ok().and_then(|cache| f(&cache))
    }
}
