//! Fills the library from the media folder, incrementally: an unchanged file (same size and
//! modification time) is skipped without being opened, a changed one is re-read, a new one is
//! added and a vanished one removed. Walking and tag reading run on the blocking pool; writes
//! are batched in transactions. A file that cannot be read is logged and counted, never fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set, TransactionTrait};
use walkdir::WalkDir;

use super::tags::{read_tags, TrackTags};
use crate::db::entity::track;
use crate::db::queries;
use crate::stream::content_type::audio_content_type;

/// Files read and written per transaction.
const BATCH: usize = 200;

#[derive(Clone, Copy, Debug, Default)]
pub struct ScanOptions {
    /// Re-read every file, changed or not.
    pub full: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanSummary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub failed: usize,
    pub elapsed: Duration,
}

impl ScanSummary {
    pub fn changed_anything(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

impl std::fmt::Display for ScanSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} removed, {} unchanged, {} failed in {:.2} s",
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.failed,
            self.elapsed.as_secs_f64()
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("media folder {0}: {1}")]
    MediaRoot(PathBuf, std::io::Error),
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("scan task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// An audio file found on disk.
#[derive(Clone, Debug)]
struct FoundFile {
    relative: String,
    absolute: PathBuf,
    size: i64,
    mtime_ns: i64,
}

/// Scans `root` into `db` and says what changed.
pub async fn scan_library(
    db: &DatabaseConnection,
    root: &Path,
    options: ScanOptions,
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let root = root
        .canonicalize()
        .map_err(|e| ScanError::MediaRoot(root.to_path_buf(), e))?;
    let mut known: HashMap<String, (i64, i64, i64)> = queries::file_stamps(db)
        .await?
        .into_iter()
        .map(|(id, path, size, mtime)| (path, (id, size, mtime)))
        .collect();

    let walk_root = root.clone();
    let (found, mut failed) = tokio::task::spawn_blocking(move || walk(&walk_root)).await?;

    let mut summary = ScanSummary::default();
    let mut to_read: Vec<(Option<i64>, FoundFile)> = Vec::new();
    for file in found {
        match known.remove(&file.relative) {
            Some((_, size, mtime))
                if !options.full && size == file.size && mtime == file.mtime_ns =>
            {
                summary.unchanged += 1
            }
            Some((id, ..)) => to_read.push((Some(id), file)),
            None => to_read.push((None, file)),
        }
    }

    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    for batch in to_read.chunks(BATCH) {
        let batch = batch.to_vec();
        let read: Vec<_> = tokio::task::spawn_blocking(move || {
            batch
                .into_iter()
                .map(|(id, file)| {
                    let tags = read_tags(&file.absolute);
                    (id, file, tags)
                })
                .collect()
        })
        .await?;
        let txn = db.begin().await?;
        let mut inserts = Vec::new();
        for (id, file, tags) in read {
            let tags = match tags {
                Ok(tags) => tags,
                Err(error) => {
                    tracing::warn!(path = %file.relative, %error, "skipped: unreadable audio file");
                    failed += 1;
                    continue;
                }
            };
            let mut row = active_model(&file, tags);
            match id {
                Some(id) => {
                    row.id = Set(id);
                    row.update(&txn).await?;
                    summary.updated += 1;
                }
                None => {
                    row.added_at = Set(now);
                    inserts.push(row);
                    summary.added += 1;
                }
            }
        }
        if !inserts.is_empty() {
            track::Entity::insert_many(inserts).exec(&txn).await?;
        }
        txn.commit().await?;
    }

    // Whatever is left in `known` was not found on disk any more.
    let gone: Vec<i64> = known.into_values().map(|(id, ..)| id).collect();
    summary.removed = usize::try_from(queries::delete_tracks(db, gone).await?).unwrap_or(0);
    summary.failed = failed;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Every audio file below `root` (symbolic links followed, loops detected by walkdir), and the
/// number of entries that could not be read.
fn walk(root: &Path) -> (Vec<FoundFile>, usize) {
    let mut found = Vec::new();
    let mut failed = 0;
    for entry in WalkDir::new(root).follow_links(true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                tracing::warn!(%error, "skipped while walking the media folder");
                failed += 1;
                continue;
            }
        };
        if !entry.file_type().is_file() || audio_content_type(entry.path()).is_none() {
            continue;
        }
        let Some(relative) = relative_path(root, entry.path()) else {
            tracing::warn!(path = %entry.path().display(), "skipped: file name is not valid UTF-8");
            failed += 1;
            continue;
        };
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(error) => {
                tracing::warn!(path = %relative, %error, "skipped: no metadata");
                failed += 1;
                continue;
            }
        };
        let mtime_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        found.push(FoundFile {
            relative,
            absolute: entry.path().to_path_buf(),
            size: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
            mtime_ns,
        });
    }
    (found, failed)
}

/// `path` relative to `root`, with `/` separators; `None` for names that are not UTF-8.
fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

fn active_model(file: &FoundFile, tags: TrackTags) -> track::ActiveModel {
    let format = Path::new(&file.relative)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    track::ActiveModel {
        path: Set(file.relative.clone()),
        title: Set(tags.title),
        artist: Set(tags.artist),
        album: Set(tags.album),
        album_artist: Set(tags.album_artist),
        track_number: Set(tags.track_number),
        disc_number: Set(tags.disc_number),
        year: Set(tags.year),
        genre: Set(tags.genre),
        duration_ms: Set(tags.duration_ms),
        format: Set(format),
        bitrate_kbps: Set(tags.bitrate_kbps),
        sample_rate: Set(tags.sample_rate),
        channels: Set(tags.channels),
        file_size: Set(file.size),
        mtime_ns: Set(file.mtime_ns),
        ..Default::default()
    }
}
