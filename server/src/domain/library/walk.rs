//! Walks the media folder: every audio file with its size and modification time, and the cover
//! images lying beside them; the whole folder, or only the paths that changed. Blocking: run it
//! off the async runtime.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

use super::format::Format;

/// File names (without extension, any case) taken as an album's cover, best first.
const COVER_NAMES: [&str; 4] = ["cover", "folder", "front", "album"];
const COVER_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// An audio file found on disk.
#[derive(Clone, Debug)]
pub struct FoundFile {
    /// Relative to the media folder, with `/` separators.
    pub relative: String,
    pub absolute: PathBuf,
    pub format: Format,
    pub size: i64,
    pub mtime_ns: i64,
}

impl FoundFile {
    /// The folder part of `relative` ("" at the top).
    pub fn folder(&self) -> &str {
        folder_of(&self.relative)
    }
}

/// The folder part of a relative path ("" at the top).
fn folder_of(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<FoundFile>,
    /// Folder (relative) → its cover image (relative).
    pub covers: HashMap<String, String>,
    /// Entries that could not be read: unreadable folders, symbolic link loops, names that are
    /// not UTF-8.
    pub failed: usize,
}

/// Every audio file below `root`. Symbolic links are followed; walkdir reports a loop as an
/// error for that entry, which is logged and counted, and the walk goes on.
pub fn walk(root: &Path) -> Walk {
    let mut walker = Walker::new(root);
    walker.walk_below(root, None);
    walker.walk
}

/// The audio files at or below each of `starts` (relative to `root`; files or folders, and
/// those that are gone are simply not found), with the covers of the folders they are in.
pub fn walk_within(root: &Path, starts: &[String]) -> Walk {
    let mut walker = Walker::new(root);
    for start in starts {
        let path = root.join(start);
        match std::fs::metadata(&path) {
            Ok(metadata) if metadata.is_dir() => walker.walk_below(&path, None),
            Ok(_) => {
                walker.walk_below(&path, None);
                // The file's folder may hold its album's cover.
                if let Some(folder) = path.parent() {
                    walker.walk_below(folder, Some(1));
                }
            }
            Err(_) => {}
        }
    }
    // Overlapping starts (a folder and a file in it) find a file twice: keep it once.
    let files = &mut walker.walk.files;
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files.dedup_by(|a, b| a.relative == b.relative);
    walker.walk
}

/// One walk's findings, and the best cover name seen in each folder so far.
struct Walker<'a> {
    root: &'a Path,
    walk: Walk,
    cover_rank: HashMap<String, usize>,
}

impl<'a> Walker<'a> {
    fn new(root: &'a Path) -> Self {
        Self {
            root,
            walk: Walk::default(),
            cover_rank: HashMap::new(),
        }
    }

    /// Audio files and covers at `start` or below it, `max_depth` levels at most. At depth 1,
    /// only covers are taken (the folder of a changed file is listed for its cover).
    fn walk_below(&mut self, start: &Path, max_depth: Option<usize>) {
        let covers_only = max_depth.is_some();
        let mut entries = WalkDir::new(start).follow_links(true);
        if let Some(depth) = max_depth {
            entries = entries.max_depth(depth);
        }
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    tracing::warn!(%error, "skipped while walking the media folder");
                    self.walk.failed += 1;
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path();
            if let Some(rank) = cover_rank_of(path) {
                self.cover(path, rank);
            } else if !covers_only {
                self.audio(&entry);
            }
        }
    }

    fn cover(&mut self, path: &Path, rank: usize) {
        if let Some(relative) = relative_path(self.root, path) {
            let folder = folder_of(&relative).to_owned();
            if self.cover_rank.get(&folder).is_none_or(|&best| rank < best) {
                self.cover_rank.insert(folder.clone(), rank);
                self.walk.covers.insert(folder, relative);
            }
        }
    }

    fn audio(&mut self, entry: &walkdir::DirEntry) {
        let path = entry.path();
        let Some(format) = Format::of_path(path) else {
            return;
        };
        let Some(relative) = relative_path(self.root, path) else {
            tracing::warn!(path = %path.display(), "skipped: file name is not valid UTF-8");
            self.walk.failed += 1;
            return;
        };
        let metadata = match entry.metadata() {
            Ok(metadata) => metadata,
            Err(error) => {
                tracing::warn!(path = %relative, %error, "skipped: no metadata");
                self.walk.failed += 1;
                return;
            }
        };
        let mtime_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        self.walk.files.push(FoundFile {
            relative,
            absolute: path.to_path_buf(),
            format,
            size: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
            mtime_ns,
        });
    }
}

/// How good a cover `path` is by its name (lower is better), or `None` if it is not one.
fn cover_rank_of(path: &Path) -> Option<usize> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    if !COVER_EXTENSIONS.contains(&extension.as_str()) {
        return None;
    }
    let stem = path.file_stem()?.to_str()?.to_ascii_lowercase();
    COVER_NAMES.iter().position(|name| *name == stem)
}

/// `path` relative to `root`, with `/` separators; `None` for names that are not UTF-8.
pub fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cover_names_rank_cover_before_folder() {
        assert_eq!(cover_rank_of(Path::new("a/Cover.JPG")), Some(0));
        assert_eq!(cover_rank_of(Path::new("a/folder.png")), Some(1));
        assert_eq!(cover_rank_of(Path::new("a/booklet.jpg")), None);
        assert_eq!(cover_rank_of(Path::new("a/cover.txt")), None);
    }

    #[test]
    fn walk_finds_audio_and_covers_and_survives_a_link_loop() {
        let dir = tempfile::tempdir().expect("temp dir");
        let album = dir.path().join("Artist/Album");
        std::fs::create_dir_all(&album).expect("mkdir");
        std::fs::write(album.join("01 One.mp3"), b"x").expect("write");
        std::fs::write(album.join("folder.jpg"), b"x").expect("write");
        std::fs::write(album.join("cover.jpg"), b"x").expect("write");
        std::fs::write(album.join("notes.txt"), b"x").expect("write");
        // A link back up the tree: followed naively it never ends.
        std::os::unix::fs::symlink(dir.path(), album.join("loop")).expect("symlink");

        let walk = walk(dir.path());
        let files: Vec<&str> = walk.files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(files, ["Artist/Album/01 One.mp3"]);
        assert_eq!(walk.files[0].folder(), "Artist/Album");
        assert_eq!(
            walk.covers.get("Artist/Album").map(String::as_str),
            Some("Artist/Album/cover.jpg")
        );
        assert_eq!(walk.failed, 1, "the loop is counted");
    }
}
