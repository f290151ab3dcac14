//! Opens a track's file and reads its metadata from the open handle, so the validators and the
//! bytes sent always belong to the same version of the file.
//!
//! A file whose path the kernel has cached is opened right away with `openat2(RESOLVE_CACHED)`,
//! which fails instead of waiting for the disk; only then does the open go to the blocking pool.
//! A warm request therefore never leaves the async worker, and a cold one never blocks it.

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use rustix::fs::{openat2, Mode, OFlags, ResolveFlags, CWD};

use super::LibraryError;

pub struct OpenFile {
    pub file: File,
    pub metadata: Metadata,
}

pub async fn open_file(path: PathBuf) -> Result<OpenFile, LibraryError> {
    let opened = match open_cached(&path) {
        Some(opened) => opened,
        None => tokio::task::spawn_blocking(move || open_blocking(&path))
            .await
            .map_err(io::Error::other)?,
    };
    opened.map_err(|error| match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => LibraryError::FileMissing,
        _ => LibraryError::Io(error),
    })
}

/// `None` when the open would have to wait for the disk, or the kernel cannot tell.
fn open_cached(path: &Path) -> Option<io::Result<OpenFile>> {
    let flags = OFlags::RDONLY | OFlags::CLOEXEC;
    match openat2(CWD, path, flags, Mode::empty(), ResolveFlags::CACHED) {
        Ok(fd) => Some(checked(File::from(fd))),
        Err(rustix::io::Errno::NOENT) => Some(Err(io::ErrorKind::NotFound.into())),
        Err(_) => None,
    }
}

fn open_blocking(path: &Path) -> io::Result<OpenFile> {
    checked(File::open(path)?)
}

/// `fstat` reads the inode the open handle already holds.
fn checked(file: File) -> io::Result<OpenFile> {
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::ErrorKind::NotFound.into());
    }
    Ok(OpenFile { file, metadata })
}
