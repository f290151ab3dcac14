//! The name of one thumbnail: its album, its size and a digest of the identity of the file the
//! picture comes from (path, inode, size, modification time, whether it is a tag), so a changed
//! or replaced cover gets a new name and is never served stale.

use std::fs::Metadata;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::size::ThumbnailSize;

/// Bumped when thumbnails are made differently (filter, quality, format), so old files are not
/// served for new ones.
const RECIPE: &[u8] = b"jpeg-q85-lanczos3-v1";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThumbnailKey {
    album: i64,
    size: ThumbnailSize,
    /// 16 hex digits of the source's identity (not of the size: one warning per broken source).
    source: String,
}

impl ThumbnailKey {
    /// The key of `album`'s thumbnail at `size` from the file at `path` as `metadata` describes
    /// it (`embedded`: the picture is in that audio file's tags).
    pub fn new(
        album: i64,
        size: ThumbnailSize,
        path: &Path,
        embedded: bool,
        metadata: &Metadata,
    ) -> Self {
        let mut hash = Sha256::new();
        hash.update(RECIPE);
        hash.update((path.as_os_str().len() as u64).to_le_bytes());
        hash.update(path.as_os_str().as_bytes());
        hash.update([u8::from(embedded)]);
        hash.update(metadata.ino().to_le_bytes());
        hash.update(metadata.len().to_le_bytes());
        hash.update(metadata.mtime().to_le_bytes());
        hash.update(metadata.mtime_nsec().to_le_bytes());
        let digest = hash.finalize();
        let source = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Self {
            album,
            size,
            source,
        }
    }

    pub fn album(&self) -> i64 {
        self.album
    }

    pub fn size(&self) -> ThumbnailSize {
        self.size
    }

    /// Names the source picture's version, whatever the size.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Names this thumbnail everywhere: `{album}-{size}-{source}`, an entity tag's opaque part.
    pub fn tag(&self) -> String {
        format!("{}-{}-{}", self.album, self.size, self.source)
    }

    /// Where the thumbnail lies in the cache folder: one folder per album, so a new version can
    /// replace the old one without listing the whole cache.
    pub(super) fn relative_path(&self) -> PathBuf {
        PathBuf::from(self.album.to_string()).join(format!("{}-{}.jpg", self.size, self.source))
    }

    /// The file-name prefix every version of this album's thumbnail at this size shares.
    pub(super) fn size_prefix(&self) -> String {
        format!("{}-", self.size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(dir: &Path, embedded: bool) -> ThumbnailKey {
        let file = dir.join("cover.jpg");
        let metadata = std::fs::metadata(&file).expect("metadata");
        let size = ThumbnailSize::fitting(128).expect("size");
        ThumbnailKey::new(7, size, &file, embedded, &metadata)
    }

    #[test]
    fn the_same_file_gives_the_same_key_and_a_rewrite_a_new_one() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("cover.jpg"), b"one").expect("write");
        let first = key(dir.path(), false);
        assert_eq!(first, key(dir.path(), false));
        assert_ne!(first, key(dir.path(), true), "embedded or not");
        assert_eq!(first.relative_path().parent(), Some(Path::new("7")));
        assert!(first.tag().starts_with("7-128-"));

        std::fs::write(dir.path().join("cover.jpg"), b"a longer one").expect("rewrite");
        let second = key(dir.path(), false);
        assert_ne!(first.source(), second.source());
        assert_eq!(first.size_prefix(), second.size_prefix());
    }
}
