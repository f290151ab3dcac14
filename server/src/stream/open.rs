//! Opens a track's file off the async runtime and reads its metadata from the open handle, so the
//! validators and the bytes sent always belong to the same version of the file.

use std::fs::{File, Metadata};
use std::io;
use std::path::PathBuf;

use crate::error::AppError;

pub struct OpenFile {
    pub file: File,
    pub metadata: Metadata,
}

pub async fn open_track_file(path: PathBuf) -> Result<OpenFile, AppError> {
    let opened = tokio::task::spawn_blocking(move || {
        let file = File::open(&path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Err(io::Error::from(io::ErrorKind::NotFound));
        }
        Ok(OpenFile { file, metadata })
    })
    .await
    .map_err(io::Error::other)?;
    opened.map_err(|error| match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied => AppError::FileMissing,
        _ => AppError::Io(error),
    })
}
