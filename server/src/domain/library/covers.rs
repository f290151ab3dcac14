//! Album covers: an image beside the files, or the picture in an audio file's tags. The file work
//! runs on the blocking pool.

use std::fs::Metadata;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::tags::read_picture;

/// Images larger than this are not served as covers.
const MAX_COVER_BYTES: u64 = 16 * 1024 * 1024;

/// Where an album's cover comes from.
#[derive(Debug)]
pub enum Cover {
    /// No album has this id.
    UnknownAlbum,
    /// The album has no cover.
    Missing,
    /// `path` is the image, or (`embedded`) an audio file whose tags hold the picture.
    File { path: PathBuf, embedded: bool },
}

/// A cover picture and its content type as the file or the tag names it (not checked here).
#[derive(Debug)]
pub struct CoverPicture {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The metadata of the file a cover comes from, without reading it: enough to answer a
/// conditional request.
pub async fn metadata(path: PathBuf) -> io::Result<Metadata> {
    blocking(move || std::fs::metadata(path)).await
}

/// The picture stored in `path`; `Ok(None)` when there is no usable picture any more.
pub async fn load(path: PathBuf, embedded: bool) -> io::Result<Option<CoverPicture>> {
    blocking(move || load_blocking(&path, embedded)).await
}

/// `work` on the blocking pool; a panic there is an I/O error here.
pub(super) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> io::Result<T> + Send + 'static,
) -> io::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(io::Error::other)?
}

/// [`load`]'s work, for code already on the blocking pool.
pub(super) fn load_blocking(file: &Path, embedded: bool) -> io::Result<Option<CoverPicture>> {
    if embedded {
        let picture = read_picture(file).map_err(io::Error::other)?;
        return Ok(picture.map(|(content_type, bytes)| CoverPicture {
            content_type,
            bytes,
        }));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(MAX_COVER_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_COVER_BYTES {
        return Ok(None);
    }
    Ok(Some(CoverPicture {
        content_type: image_type(file).to_owned(),
        bytes,
    }))
}

fn image_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    }
}
