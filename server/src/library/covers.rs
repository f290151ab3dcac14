//! Album covers: an image beside the files, or the picture in an audio file's tags. Blocking:
//! call it off the async runtime.

use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::tags::read_picture;
use crate::stream::conditional::Validators;

/// Images larger than this are not served as covers.
const MAX_COVER_BYTES: u64 = 16 * 1024 * 1024;

/// Validators of the file the cover comes from, without reading it: enough to answer a
/// conditional request with 304.
pub fn cover_validators(file: &Path) -> std::io::Result<Validators> {
    let meta = std::fs::metadata(file)?;
    Ok(Validators::new(meta.ino(), meta.size(), meta.modified()?))
}

/// The cover stored in `file` (`embedded`: in its tags; otherwise the file is the image), with
/// its content type. `Ok(None)` when there is no usable picture any more.
pub fn load_cover(file: &Path, embedded: bool) -> std::io::Result<Option<(String, Vec<u8>)>> {
    if embedded {
        return read_picture(file).map_err(std::io::Error::other);
    }
    let mut bytes = Vec::new();
    std::fs::File::open(file)?
        .take(MAX_COVER_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_COVER_BYTES {
        return Ok(None);
    }
    Ok(Some((image_type(file).to_owned(), bytes)))
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
