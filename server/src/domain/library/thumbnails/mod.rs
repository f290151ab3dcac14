//! Cover thumbnails: an album's cover scaled to one of a few sizes, made once and kept in a cache
//! folder under a name that changes with the source picture. Decoding and scaling run on the
//! blocking pool, at most [`AT_ONCE`] at a time; a request that waited finds the work done.

mod key;
mod scale;
mod size;
mod store;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

pub use key::ThumbnailKey;
pub use scale::placeholder_jpeg;
pub use size::{ThumbnailSize, SIZES};

use super::covers::{self, blocking};
use store::ThumbnailStore;

/// How many thumbnails are made at once: they take a core each while they run.
pub const AT_ONCE: usize = 2;
/// Broken sources remembered (then forgotten all at once): enough for any real library.
const MAX_BROKEN_REMEMBERED: usize = 10_000;

/// The one owner of the thumbnail cache.
#[derive(Debug)]
pub struct Thumbnails {
    store: Arc<ThumbnailStore>,
    permits: Arc<Semaphore>,
    /// Sources whose picture could not be decoded: warned about once, not decoded again.
    broken: Mutex<HashSet<String>>,
}

/// What a thumbnail request gets.
#[derive(Debug)]
pub enum Thumbnail {
    /// A JPEG.
    Jpeg(Vec<u8>),
    /// There is no usable picture: too large, gone from the tags, or undecodable.
    NoPicture,
}

impl Thumbnails {
    /// Thumbnails kept in `cache_dir/covers` (made when the first is written).
    pub fn new(cache_dir: &Path) -> Self {
        Self {
            store: Arc::new(ThumbnailStore::new(cache_dir.join("covers"))),
            permits: Arc::new(Semaphore::new(AT_ONCE)),
            broken: Mutex::new(HashSet::new()),
        }
    }

    /// The thumbnail `key` names, from the cache or made from the picture at `path` (in its
    /// tags when `embedded`). Only an I/O error reading the source is an error.
    pub async fn get(
        &self,
        key: &ThumbnailKey,
        path: PathBuf,
        embedded: bool,
    ) -> io::Result<Thumbnail> {
        if self.is_broken(key) {
            return Ok(Thumbnail::NoPicture);
        }
        let store = Arc::clone(&self.store);
        let cached_key = key.clone();
        if let Some(jpeg) = blocking(move || store.read(&cached_key)).await? {
            return Ok(Thumbnail::Jpeg(jpeg));
        }
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(io::Error::other)?;
        let store = Arc::clone(&self.store);
        let made_key = key.clone();
        // The permit goes with the work: a request that hangs up does not free it early.
        let made = blocking(move || {
            let _permit = permit;
            make(&store, &made_key, &path, embedded)
        })
        .await?;
        match made {
            Made::Jpeg(jpeg) => Ok(Thumbnail::Jpeg(jpeg)),
            Made::NoPicture => Ok(Thumbnail::NoPicture),
            Made::Undecodable(error) => {
                self.remember_broken(key, &error);
                Ok(Thumbnail::NoPicture)
            }
        }
    }

    fn is_broken(&self, key: &ThumbnailKey) -> bool {
        self.broken
            .lock()
            .is_ok_and(|broken| broken.contains(key.source()))
    }

    fn remember_broken(&self, key: &ThumbnailKey, error: &image::ImageError) {
        let Ok(mut broken) = self.broken.lock() else {
            return;
        };
        if broken.len() >= MAX_BROKEN_REMEMBERED {
            broken.clear();
        }
        if broken.insert(key.source().to_owned()) {
            tracing::warn!(album = key.album(), %error, "cover cannot be decoded; placeholder served");
        }
    }
}

enum Made {
    Jpeg(Vec<u8>),
    NoPicture,
    Undecodable(image::ImageError),
}

/// On the blocking pool: the cache again (another request may have made it while this one
/// waited), else read the source, scale it and keep the result.
fn make(
    store: &ThumbnailStore,
    key: &ThumbnailKey,
    path: &Path,
    embedded: bool,
) -> io::Result<Made> {
    if let Some(jpeg) = store.read(key)? {
        return Ok(Made::Jpeg(jpeg));
    }
    let Some(picture) = covers::load_blocking(path, embedded)? else {
        return Ok(Made::NoPicture);
    };
    let jpeg = match scale::scale_to_jpeg(&picture.bytes, key.size().pixels()) {
        Ok(jpeg) => jpeg,
        Err(error) => return Ok(Made::Undecodable(error)),
    };
    // A cache that cannot be written costs speed, not the answer.
    if let Err(error) = store.write(key, &jpeg) {
        tracing::warn!(album = key.album(), %error, "thumbnail not cached");
    }
    Ok(Made::Jpeg(jpeg))
}
