//! The cache folder of thumbnails: `{album}/{size}-{source}.jpg`. A file is written under a
//! temporary name and renamed into place, so a reader (or a second writer of the same
//! thumbnail) sees the whole file or none; the older versions of that album's size go then.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::key::ThumbnailKey;

#[derive(Debug)]
pub struct ThumbnailStore {
    root: PathBuf,
}

impl ThumbnailStore {
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    /// The thumbnail, if it was made already.
    pub fn read(&self, key: &ThumbnailKey) -> io::Result<Option<Vec<u8>>> {
        match fs::read(self.root.join(key.relative_path())) {
            Ok(bytes) if !bytes.is_empty() => Ok(Some(bytes)),
            Ok(_) => Ok(None),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Keeps `jpeg` as `key`'s thumbnail, then removes the album's older versions of that size.
    pub fn write(&self, key: &ThumbnailKey, jpeg: &[u8]) -> io::Result<()> {
        let path = self.root.join(key.relative_path());
        let folder = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(folder)?;
        let temporary = folder.join(temporary_name());
        let written = write_synced(&temporary, jpeg).and_then(|()| fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        written?;
        remove_older_versions(folder, key, &path);
        Ok(())
    }
}

/// Unique within the machine: the process id and a counter (two processes may share the folder).
fn temporary_name() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!(".tmp-{}-{n}", std::process::id())
}

/// Synced before the rename, so a crash leaves no empty file under the final name.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = File::options().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Best effort: a leftover is only disk space, and the next write of that size tries again.
fn remove_older_versions(folder: &Path, key: &ThumbnailKey, current: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let prefix = key.size_prefix();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let same_size = name.to_str().is_some_and(|n| n.starts_with(&prefix));
        if same_size && path != current {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::library::thumbnails::size::ThumbnailSize;

    fn key(source: &Path, size: u64) -> ThumbnailKey {
        let metadata = fs::metadata(source).expect("metadata");
        let size = ThumbnailSize::fitting(size).expect("size");
        ThumbnailKey::new(3, size, source, false, &metadata)
    }

    #[test]
    fn a_thumbnail_written_is_read_back_and_a_new_version_replaces_the_old() {
        let dir = tempfile::tempdir().expect("dir");
        let source = dir.path().join("cover.jpg");
        fs::write(&source, b"v1").expect("source");
        let store = ThumbnailStore::new(dir.path().join("cache"));
        let (old, other_size) = (key(&source, 128), key(&source, 64));
        assert_eq!(store.read(&old).expect("read"), None);
        store.write(&old, b"old").expect("write");
        store.write(&other_size, b"small").expect("write");
        assert_eq!(
            store.read(&old).expect("read").as_deref(),
            Some(&b"old"[..])
        );

        fs::write(&source, b"version 2").expect("source changed");
        let new = key(&source, 128);
        store.write(&new, b"new").expect("write");
        assert_eq!(
            store.read(&new).expect("read").as_deref(),
            Some(&b"new"[..])
        );
        assert_eq!(
            store.read(&old).expect("read"),
            None,
            "the old version is gone"
        );
        assert!(
            store.read(&other_size).expect("read").is_some(),
            "other sizes stay"
        );
        let names: Vec<_> = fs::read_dir(dir.path().join("cache/3"))
            .expect("folder")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }
}
