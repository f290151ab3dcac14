//! The music library: walking the media folder, reading tags, filling the database (artists,
//! albums, tracks), covers, and the two in-memory caches (id → file, the list's search and
//! sort) that follow the library generation. [`Library`] is the one handle the doors and the
//! command line hold.

mod albums;
mod batch;
mod catalog;
pub mod covers;
mod files;
mod filesystem;
pub mod format;
mod generation;
mod list;
mod mp3;
mod open;
mod progress;
mod scan;
mod scan_status;
mod shelf;
mod snapshot;
mod tags;
pub mod thumbnails;
mod walk;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use app::model::{
    AlbumDetail, AlbumQuery, AlbumSort, AlbumSummary, ArtistSummary, Page, TrackDetail, TrackQuery,
    TrackSummary,
};
use sea_orm::{DatabaseConnection, DbErr};

pub use batch::Debounce;
pub use covers::{Cover, CoverPicture};
pub use files::TrackFile;
pub use format::Format;
pub use open::OpenFile;
pub use scan::{ScanError, ScanOptions, ScanScope, ScanSummary};
pub use scan_status::{FinishedScan, LiveMode, RunningScan, ScanKind, ScanReport};
pub use thumbnails::{placeholder_jpeg, Thumbnail, ThumbnailKey, ThumbnailSize, Thumbnails};
pub use watch::{WatchOptions, FALLBACK_SCAN_EVERY};

pub use crate::domain::db::shelf::ShelfRow;
use crate::domain::db::{queries, shelf as shelf_queries};
use files::FileCache;
use generation::Generation;
use list::ListCache;
use scan_status::ScanStatus;
use shelf::AlbumShelf;
pub use shelf::{Shelf, ShelfArtist};

/// How often a server looks for a scan made elsewhere (`server scan`, another instance).
pub const FOLLOW_EVERY: Duration = Duration::from_millis(250);

/// What the library can answer instead of what was asked.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("no track has this id")]
    UnknownTrack,
    #[error("the track's file is gone from the media folder")]
    FileMissing,
    #[error("the second asked for is past the end of the track")]
    PastTheEnd,
    #[error("this format cannot be started at a frame")]
    CannotStartAtAFrame,
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

pub struct Library {
    db: DatabaseConnection,
    media_root: PathBuf,
    generation: Generation,
    files: FileCache,
    list: ListCache,
    shelf: AlbumShelf,
    /// One scan at a time in this process: start-up, rescan, watched changes, periodic.
    scan_lock: tokio::sync::Mutex<()>,
    scan_status: ScanStatus,
}

impl Library {
    /// The library in `db` over the files in `media_root`, at the generation the database holds.
    pub async fn open(db: DatabaseConnection, media_root: PathBuf) -> Result<Self, DbErr> {
        let generation = Generation::new(queries::library_generation(&db).await?);
        Ok(Self {
            files: FileCache::new(db.clone(), media_root.clone()),
            list: ListCache::new(db.clone()),
            shelf: AlbumShelf::new(db.clone()),
            generation,
            db,
            media_root,
            scan_lock: tokio::sync::Mutex::new(()),
            scan_status: ScanStatus::default(),
        })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn media_root(&self) -> &Path {
        &self.media_root
    }

    /// Scans the media folder into the database; this process's caches follow at once.
    pub async fn scan(&self, options: ScanOptions) -> Result<ScanSummary, ScanError> {
        self.scan_scope(ScanScope::Everything, options).await
    }

    /// Scans `scope` of the media folder, after any scan already running in this process; this
    /// process's caches follow at once, the others within [`FOLLOW_EVERY`].
    pub async fn scan_scope(
        &self,
        scope: ScanScope,
        options: ScanOptions,
    ) -> Result<ScanSummary, ScanError> {
        let _one_at_a_time = self.scan_lock.lock().await;
        let run = self.scan_status.begin(ScanKind::of(&scope));
        let outcome =
            scan::scan_library(&self.db, &self.media_root, &scope, options, run.progress()).await;
        run.finish(&outcome);
        let summary = outcome?;
        self.refresh().await?;
        Ok(summary)
    }

    /// What the scanner is doing, what it last did, and how the library follows the folder.
    pub fn scan_report(&self) -> ScanReport {
        self.scan_status.report()
    }

    /// Keeps the library up with changes in the media folder as `options` say (watching it,
    /// or scanning it periodically) for as long as the runtime runs and the library lives.
    pub fn keep_up(self: &Arc<Self>, options: WatchOptions) -> tokio::task::JoinHandle<()> {
        watch::keep_up(self, options)
    }

    /// The library generation this process has seen last (within [`FOLLOW_EVERY`] of the
    /// database's): the page polls it to know when to load its lists again.
    pub fn generation(&self) -> i64 {
        self.generation.current()
    }

    /// Reads the library generation from the database; says whether it moved since last seen.
    pub async fn refresh(&self) -> Result<bool, DbErr> {
        let seen = queries::library_generation(&self.db).await?;
        Ok(self.generation.observe(seen))
    }

    /// Follows scans made by other processes for as long as the runtime runs: the caches are
    /// fresh within [`FOLLOW_EVERY`] of a change.
    pub fn follow(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let library = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(FOLLOW_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                let Some(library) = library.upgrade() else {
                    return;
                };
                match library.refresh().await {
                    Ok(true) => tracing::info!(
                        generation = library.generation.current(),
                        "the library changed; caches follow"
                    ),
                    Ok(false) => {}
                    Err(error) => tracing::warn!(%error, "library generation not read"),
                }
            }
        })
    }

    /// The file of track `id`, from memory when this generation has seen it.
    pub async fn track_file(&self, id: i64) -> Result<Arc<TrackFile>, LibraryError> {
        self.files
            .get(id, &self.generation)
            .await?
            .ok_or(LibraryError::UnknownTrack)
    }

    /// Opens the file of `track`, without blocking the async workers on a cold disk.
    pub async fn open_file(&self, track: &TrackFile) -> Result<OpenFile, LibraryError> {
        open::open_file(track.path.clone()).await
    }

    /// Where a stream of `file` that starts at second `seconds` begins: the offset of the MP3
    /// frame that holds it, read from the file's frames or seek table.
    pub async fn frame_offset(
        &self,
        track: &TrackFile,
        file: OpenFile,
        seconds: f64,
    ) -> Result<(OpenFile, u64), LibraryError> {
        if !track.format.is_some_and(Format::starts_at_a_frame) {
            return Err(LibraryError::CannotStartAtAFrame);
        }
        let (file, offset) = tokio::task::spawn_blocking(move || {
            let offset = mp3::frame_offset_for_second(&file.file, seconds);
            (file, offset)
        })
        .await
        .map_err(std::io::Error::other)?;
        match offset {
            Ok(Some(offset)) => Ok((file, offset)),
            Ok(None) => Err(LibraryError::PastTheEnd),
            Err(mp3::Mp3Error::Io(error)) => Err(LibraryError::Io(error)),
            Err(error) => {
                tracing::warn!(track = track.id, %error, "start_sec: not a readable MP3");
                Err(LibraryError::CannotStartAtAFrame)
            }
        }
    }

    /// One page of tracks, searched and sorted as `query` asks.
    pub async fn tracks(&self, query: &TrackQuery) -> Result<Page<TrackSummary>, DbErr> {
        self.list.page(query, &self.generation).await
    }

    /// Everything about one track; `None` for an unknown id.
    pub async fn track(&self, id: i64) -> Result<Option<TrackDetail>, DbErr> {
        queries::track_detail(&self.db, id).await
    }

    /// One page of albums by title (the query's search and sort are not used).
    pub async fn albums(&self, query: &TrackQuery) -> Result<Page<AlbumSummary>, DbErr> {
        let by_title = AlbumQuery {
            sort: AlbumSort::Title,
            page: query.page(),
            per_page: query.per_page(),
        };
        self.album_grid(&by_title).await
    }

    /// One page of the album grid.
    pub async fn album_grid(&self, query: &AlbumQuery) -> Result<Page<AlbumSummary>, DbErr> {
        self.shelf.page(query, &self.generation).await
    }

    /// The albums with these ids, in that order; unknown ids are left out.
    pub async fn albums_by_ids(&self, ids: &[i64]) -> Result<Vec<AlbumSummary>, DbErr> {
        self.shelf.albums(ids, &self.generation).await
    }

    /// An album and its tracks in disc and track order; `None` for an unknown id.
    pub async fn album(&self, id: i64) -> Result<Option<AlbumDetail>, DbErr> {
        let Some(album) = self.shelf.albums(&[id], &self.generation).await?.pop() else {
            return Ok(None);
        };
        let tracks = shelf_queries::album_tracks(&self.db, id).await?;
        Ok(Some(AlbumDetail { album, tracks }))
    }

    /// An artist with the number of their tracks, their albums and up to `limit` of their
    /// tracks; `None` for an unknown id.
    pub async fn artist(
        &self,
        id: i64,
        limit: u64,
    ) -> Result<Option<(ArtistSummary, Vec<AlbumSummary>, Vec<TrackSummary>)>, DbErr> {
        let Some((artist, count)) = shelf_queries::artist_with_count(&self.db, id).await? else {
            return Ok(None);
        };
        let albums = self.shelf.albums_of_artist(id, &self.generation).await?;
        let tracks = shelf_queries::artist_tracks(&self.db, id, limit).await?;
        let summary = ArtistSummary {
            id: artist.id,
            name: artist.name,
            track_count: count,
        };
        Ok(Some((summary, albums, tracks)))
    }

    /// One page of artists by name (the query's search and sort are not used).
    pub async fn artists(&self, query: &TrackQuery) -> Result<Page<ArtistSummary>, DbErr> {
        queries::list_artists(&self.db, query).await
    }

    /// Starts a scan of the whole folder in the background, unless one is running (then
    /// `false`).
    pub fn rescan_in_background(self: &Arc<Self>) -> bool {
        if self.scan_report().running.is_some() {
            return false;
        }
        let library = Arc::clone(self);
        tokio::spawn(async move {
            match library.scan(ScanOptions::default()).await {
                Ok(summary) => tracing::info!("rescan: {summary}"),
                Err(error) => tracing::error!(%error, "rescan failed"),
            }
        });
        true
    }

    /// The album grid as loaded for the current generation (every album with tracks).
    pub async fn shelf(&self) -> Result<Arc<Shelf>, DbErr> {
        self.shelf.shelf(&self.generation).await
    }

    /// `take` track ids after `skip`, in the order of the ids.
    pub async fn track_ids_in_order(&self, skip: u64, take: u64) -> Result<Vec<i64>, DbErr> {
        self.list.ids_in_order(skip, take, &self.generation).await
    }

    /// Tracks holding every word of `q` (folded), in artist order: the total, and `take` ids
    /// after `skip`.
    pub async fn search_track_ids(
        &self,
        q: &str,
        skip: u64,
        take: u32,
    ) -> Result<(u64, Vec<i64>), DbErr> {
        self.list.search_ids(q, skip, take, &self.generation).await
    }

    /// Where album `id`'s cover comes from.
    pub async fn cover(&self, album: i64) -> Result<Cover, DbErr> {
        Ok(match queries::album_cover(&self.db, album).await? {
            None => Cover::UnknownAlbum,
            Some(None) => Cover::Missing,
            Some(Some((relative, embedded))) => Cover::File {
                path: self.media_root.join(relative),
                embedded,
            },
        })
    }
}
