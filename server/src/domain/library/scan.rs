//! Fills the library from the media folder, incrementally: an unchanged file (same size and
//! modification time) is skipped without being opened, a changed one is re-read, a new one is
//! added and a vanished one removed (ids are never reused); a moved file is a removal and an
//! addition. The scope is the whole folder, or only the paths the watcher saw change. Walking and tag reading run off the
//! async runtime (tags on rayon's threads, one batch ahead of the writes); writes are batched in
//! transactions. A file that cannot be read is logged and counted, never fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait, Iterable, Set, TransactionTrait};

use super::albums::{remove_orphans, AlbumBook, CoverSource};
use super::progress::ScanProgress;
use super::tags::{read_tags, TrackTags};
use super::walk::{walk, walk_within, FoundFile};
use crate::domain::db::entity::track;
use crate::domain::db::keys::{album_position, fold, search_text};
use crate::domain::db::queries;

/// Files read and written per transaction.
const BATCH: usize = 250;

#[derive(Clone, Copy, Debug, Default)]
pub struct ScanOptions {
    /// Re-read every file, changed or not.
    pub full: bool,
    /// Draw a progress bar on standard error (only when it is a terminal).
    pub progress: bool,
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

    /// Adds `other`'s counts and time to these.
    pub fn add(&mut self, other: &Self) {
        self.added += other.added;
        self.updated += other.updated;
        self.removed += other.removed;
        self.unchanged += other.unchanged;
        self.failed += other.failed;
        self.elapsed += other.elapsed;
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

/// A file to read: its id when the library already knows it.
type Job = (Option<i64>, FoundFile);
type ReadResult = (Option<i64>, FoundFile, lofty::error::Result<TrackTags>);

/// What a scan compares with the disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScanScope {
    /// The whole media folder: a track whose file is not found any more is removed.
    Everything,
    /// Only what is at or below these paths, relative to the media folder (files or folders,
    /// present or gone): what the watcher saw change. Nothing else is looked at.
    Paths(Vec<String>),
}

/// Scans `scope` of `root` into `db` and says what changed; `progress` follows it.
pub async fn scan_library(
    db: &DatabaseConnection,
    root: &Path,
    scope: &ScanScope,
    options: ScanOptions,
    progress: &ScanProgress,
) -> Result<ScanSummary, ScanError> {
    let started = Instant::now();
    let root = root
        .canonicalize()
        .map_err(|e| ScanError::MediaRoot(root.to_path_buf(), e))?;
    let stamps = match scope {
        ScanScope::Everything => queries::file_stamps(db).await?,
        ScanScope::Paths(paths) => queries::file_stamps_within(db, paths).await?,
    };
    let mut known: HashMap<String, (i64, i64, i64)> = stamps
        .into_iter()
        .map(|(id, path, size, mtime)| (path, (id, size, mtime)))
        .collect();

    let walk_root = root.clone();
    let walk_scope = scope.clone();
    let found = tokio::task::spawn_blocking(move || match walk_scope {
        ScanScope::Everything => walk(&walk_root),
        ScanScope::Paths(paths) => walk_within(&walk_root, &paths),
    })
    .await?;
    progress.saw(found.files.len());
    let covers = Arc::new(found.covers);

    let mut summary = ScanSummary {
        failed: found.failed,
        ..Default::default()
    };
    let mut to_read: Vec<Job> = Vec::new();
    for file in found.files {
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

    if !to_read.is_empty() {
        let bar = progress_bar(options.progress, to_read.len());
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let mut book = AlbumBook::load(db).await?;
        let mut batches = to_read.chunks(BATCH).map(<[Job]>::to_vec);
        // Tags of the next batch are read while this one is written.
        let mut reading = batches.next().map(spawn_read);
        while let Some(task) = reading.take() {
            let read = task.await?;
            reading = batches.next().map(spawn_read);
            let count = read.len();
            write_batch(db, &mut book, &covers, read, now, &mut summary).await?;
            bar.inc(count as u64);
            progress.read(count);
        }
        bar.finish_and_clear();
    }

    // Whatever is left in `known` was not found on disk any more (within the scope).
    let gone: Vec<i64> = known.into_values().map(|(id, ..)| id).collect();
    summary.removed = usize::try_from(queries::delete_tracks(db, gone).await?).unwrap_or(0);
    if summary.removed + summary.updated > 0 {
        remove_orphans(db).await?;
    }
    if summary.changed_anything() {
        queries::bump_library_generation(db).await?;
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

fn spawn_read(batch: Vec<Job>) -> tokio::task::JoinHandle<Vec<ReadResult>> {
    tokio::task::spawn_blocking(move || {
        batch
            .into_par_iter()
            .map(|(id, file)| {
                let tags = read_tags(&file.absolute);
                (id, file, tags)
            })
            .collect()
    })
}

async fn write_batch(
    db: &DatabaseConnection,
    book: &mut AlbumBook,
    covers: &HashMap<String, String>,
    read: Vec<ReadResult>,
    now: i64,
    summary: &mut ScanSummary,
) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let mut rows = Vec::new();
    for (id, file, tags) in read {
        let tags = match tags {
            Ok(tags) => tags,
            Err(error) => {
                tracing::warn!(path = %file.relative, %error, "skipped: unreadable audio file");
                summary.failed += 1;
                continue;
            }
        };
        let cover = match covers.get(file.folder()) {
            Some(image) => Some(CoverSource::Image(image)),
            None if tags.has_picture => Some(CoverSource::Embedded(&file.relative)),
            None => None,
        };
        let (artist_id, album_id) = book.resolve(&txn, &tags, cover).await?;
        let mut row = active_model(&file, tags);
        row.artist_id = Set(artist_id);
        row.album_id = Set(album_id);
        // A known file keeps its id and first-seen time: the upsert below matches it by path.
        row.added_at = Set(now);
        if id.is_some() {
            summary.updated += 1;
        } else {
            summary.added += 1;
        }
        rows.push(row);
    }
    if !rows.is_empty() {
        track::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(track::Column::Path)
                    .update_columns(track::Column::iter().filter(|c| {
                        !matches!(
                            c,
                            track::Column::Id | track::Column::Path | track::Column::AddedAt
                        )
                    }))
                    .to_owned(),
            )
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// A progress bar on a terminal, nothing elsewhere (logs, tests, the start-up scan).
fn progress_bar(wanted: bool, len: usize) -> ProgressBar {
    if !wanted || len == 0 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} files, {per_sec}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

fn active_model(file: &FoundFile, tags: TrackTags) -> track::ActiveModel {
    let shelf_artist = tags.album_artist.as_ref().or(tags.artist.as_ref());
    track::ActiveModel {
        path: Set(file.relative.clone()),
        sort_artist: Set(shelf_artist.map(|a| fold(a)).unwrap_or_default()),
        sort_album: Set(tags.album.as_deref().map(fold).unwrap_or_default()),
        sort_title: Set(fold(&tags.title)),
        album_position: Set(album_position(tags.disc_number, tags.track_number)),
        search_text: Set(search_text(&[
            Some(tags.title.as_str()),
            tags.artist.as_deref(),
            tags.album.as_deref(),
            tags.album_artist.as_deref(),
        ])),
        title: Set(tags.title),
        artist: Set(tags.artist),
        album: Set(tags.album),
        album_artist: Set(tags.album_artist),
        track_number: Set(tags.track_number),
        disc_number: Set(tags.disc_number),
        year: Set(tags.year),
        genre: Set(tags.genre),
        duration_ms: Set(tags.duration_ms),
        format: Set(file.format.column().to_owned()),
        bitrate_kbps: Set(tags.bitrate_kbps),
        sample_rate: Set(tags.sample_rate),
        channels: Set(tags.channels),
        file_size: Set(file.size),
        mtime_ns: Set(file.mtime_ns),
        ..Default::default()
    }
}
