//! The live library: the media folder is watched (inotify, through `notify`), the paths that
//! change are debounced into batches (`batch.rs`), and each batch is scanned on its own: only
//! those paths are looked at, and the library generation moves once per batch that changed
//! something, so every instance sharing the database follows. Where watching is not possible
//! (a network or FUSE mount, the inotify limit, any error from notify), one warning says why
//! and a periodic incremental scan takes over.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::time::Instant;

use super::batch::{ChangeBatch, Debounce};
use super::filesystem::unwatchable_filesystem;
use super::scan::ScanOptions;
use super::scan_status::LiveMode;
use super::walk::relative_path;
use super::Library;

/// The periodic scan's interval where watching is not possible and none was given.
pub const FALLBACK_SCAN_EVERY: Duration = Duration::from_secs(300);

/// How the library keeps up with the media folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WatchOptions {
    /// Watch the folder (inotify). When false, only the periodic scan, if `scan_every` is given.
    pub watch: bool,
    /// The periodic incremental scan's interval: with `watch` false, or as the fallback where
    /// watching fails ([`FALLBACK_SCAN_EVERY`] when `None`).
    pub scan_every: Option<Duration>,
    pub debounce: Debounce,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            watch: true,
            scan_every: None,
            debounce: Debounce::default(),
        }
    }
}

/// Why the folder is not watched.
#[derive(Debug, thiserror::Error)]
enum Unwatchable {
    #[error("it is on a {0} file system, where inotify misses changes made elsewhere")]
    RemoteFilesystem(&'static str),
    #[error(
        "the inotify limit is reached (too many folders for fs.inotify.max_user_watches, \
         or fs.inotify.max_user_instances)"
    )]
    TooManyFolders,
    #[error("{0}")]
    Notify(notify::Error),
    #[error("media folder {0}: {1}")]
    MediaRoot(PathBuf, std::io::Error),
    #[error("the watcher stopped")]
    Stopped,
}

impl From<notify::Error> for Unwatchable {
    fn from(error: notify::Error) -> Self {
        match error.kind {
            notify::ErrorKind::MaxFilesWatch => Self::TooManyFolders,
            // ENOSPC: what inotify_add_watch says at the limit.
            notify::ErrorKind::Io(ref io) if io.kind() == std::io::ErrorKind::StorageFull => {
                Self::TooManyFolders
            }
            _ => Self::Notify(error),
        }
    }
}

/// A watch in place: the watcher (dropping it ends the watch), the folder's canonical path,
/// and the events.
struct Watching {
    _watcher: RecommendedWatcher,
    root: PathBuf,
    events: UnboundedReceiver<notify::Result<Event>>,
}

/// Keeps `library` up with its media folder as `options` say, for as long as the runtime runs
/// and the library lives.
pub(super) fn keep_up(
    library: &Arc<Library>,
    options: WatchOptions,
) -> tokio::task::JoinHandle<()> {
    let weak = Arc::downgrade(library);
    let root = library.media_root().to_path_buf();
    tokio::spawn(async move {
        if !options.watch {
            match options.scan_every {
                Some(every) => {
                    tracing::info!(
                        "not watching the media folder (--no-watch); scanning it every {} s",
                        every.as_secs_f64()
                    );
                    scan_periodically(weak, every, None).await;
                }
                None => {
                    set_live(&weak, LiveMode::Off);
                    tracing::info!(
                        "not watching the media folder (--no-watch): changes are seen at the \
                         next rescan"
                    );
                }
            }
            return;
        }
        let every = options.scan_every.unwrap_or(FALLBACK_SCAN_EVERY);
        let why = match start_watching(root).await {
            Ok(watching) => {
                tracing::info!(folder = %watching.root.display(), "watching the media folder for changes");
                set_live(&weak, LiveMode::Watching);
                match follow_changes(&weak, watching, options.debounce).await {
                    Ok(()) => return,
                    Err(why) => why,
                }
            }
            Err(why) => why,
        };
        tracing::warn!(
            "cannot watch the media folder: {why}; falling back to an incremental scan every {} s",
            every.as_secs_f64()
        );
        scan_periodically(weak, every, Some(why.to_string())).await;
    })
}

fn set_live(library: &Weak<Library>, live: LiveMode) {
    if let Some(library) = library.upgrade() {
        library.scan_status.set_live(live);
    }
}

/// Sets up a recursive watch of `root`, off the async runtime: notify walks every folder to
/// add its watch.
async fn start_watching(root: PathBuf) -> Result<Watching, Unwatchable> {
    tokio::task::spawn_blocking(move || {
        let root = root
            .canonicalize()
            .map_err(|error| Unwatchable::MediaRoot(root.clone(), error))?;
        if let Some(kind) = unwatchable_filesystem(&root) {
            return Err(Unwatchable::RemoteFilesystem(kind));
        }
        let (sender, events) = unbounded_channel();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if event.as_ref().is_ok_and(|event| !is_change(&event.kind)) {
                return;
            }
            // The receiver is gone only when the library stopped following: nothing to do.
            let _ = sender.send(event);
        })?;
        watcher.watch(&root, RecursiveMode::Recursive)?;
        Ok(Watching {
            _watcher: watcher,
            root,
            events,
        })
    })
    .await
    .map_err(|_| Unwatchable::Stopped)?
}

/// Whether an event can mean a changed file: opening a file (the stream route, the scanner
/// itself) does not, closing one written does.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Gathers the events into batches and scans each when it is due. Returns when the library is
/// gone, or with the reason when the watch broke (the inotify limit met by a new folder).
async fn follow_changes(
    library: &Weak<Library>,
    mut watching: Watching,
    debounce: Debounce,
) -> Result<(), Unwatchable> {
    let mut batch = ChangeBatch::new(debounce);
    loop {
        let due = batch.due_at();
        tokio::select! {
            event = watching.events.recv() => {
                let now = Instant::now();
                match event.ok_or(Unwatchable::Stopped)? {
                    Ok(event) => note(&mut batch, &watching.root, event, now),
                    Err(error) => match Unwatchable::from(error) {
                        Unwatchable::Notify(error) => {
                            tracing::warn!(%error, "watching the media folder; the whole folder will be scanned");
                            batch.lost_track(now);
                        }
                        broken => return Err(broken),
                    },
                }
            }
            () = sleep_until(due) => {
                let Some(scope) = batch.take_if_due(Instant::now()) else {
                    continue;
                };
                let Some(library) = library.upgrade() else {
                    return Ok(());
                };
                match library.scan_scope(scope, ScanOptions::default()).await {
                    Ok(summary) if summary.changed_anything() => {
                        tracing::info!("media folder changed: {summary}");
                    }
                    Ok(summary) => tracing::debug!("media folder event, nothing changed: {summary}"),
                    Err(error) => tracing::warn!(%error, "scan of the changed paths failed"),
                }
            }
        }
    }
}

/// Puts `event`'s paths in the batch (relative to the media folder).
fn note(batch: &mut ChangeBatch, root: &Path, event: Event, now: Instant) {
    if event.need_rescan() {
        tracing::warn!(
            "inotify lost events (its queue overflowed): the whole folder will be scanned"
        );
        batch.lost_track(now);
    }
    for path in event.paths {
        match relative_path(root, &path) {
            Some(relative) => batch.changed(relative, now),
            None => {
                tracing::debug!(path = %path.display(), "change outside the media folder or not UTF-8: ignored")
            }
        }
    }
}

async fn sleep_until(due: Option<Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}

/// An incremental scan of the whole folder every `every`, the first one `every` from now (the
/// start-up scan has just run); `fallback` is why the folder is not watched, if it was meant to be.
async fn scan_periodically(library: Weak<Library>, every: Duration, fallback: Option<String>) {
    set_live(&library, LiveMode::Periodic { every, fallback });
    let mut ticks = tokio::time::interval_at(Instant::now() + every, every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(library) = library.upgrade() else {
            return;
        };
        match library.scan(ScanOptions::default()).await {
            Ok(summary) if summary.changed_anything() => {
                tracing::info!("periodic scan: {summary}");
            }
            Ok(summary) => tracing::debug!("periodic scan: {summary}"),
            Err(error) => tracing::warn!(%error, "periodic scan failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use notify::event::{CreateKind, ModifyKind};

    use super::*;

    #[test]
    fn opening_a_file_is_no_change_but_closing_a_written_one_is() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
    }

    #[test]
    fn the_watch_limit_is_a_fallback_of_its_own() {
        let limit = notify::Error::new(notify::ErrorKind::MaxFilesWatch);
        assert!(matches!(
            Unwatchable::from(limit),
            Unwatchable::TooManyFolders
        ));
        let other = notify::Error::generic("boom");
        assert!(matches!(Unwatchable::from(other), Unwatchable::Notify(_)));
    }
}
