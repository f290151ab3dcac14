//! The sizes a thumbnail is made in: a request's size is snapped up to the next one, so the cache
//! holds at most a handful of files per album however many sizes are asked for.

use std::fmt;

/// Longest sides, in pixels, that thumbnails are made with.
pub const SIZES: [u32; 5] = [64, 128, 256, 512, 1024];

/// One of [`SIZES`]: the longest side of a thumbnail, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ThumbnailSize(u32);

impl ThumbnailSize {
    /// The smallest size that holds `asked` pixels, or the largest where none does; `None` for 0.
    pub fn fitting(asked: u64) -> Option<Self> {
        if asked == 0 {
            return None;
        }
        let largest = SIZES[SIZES.len() - 1];
        let snapped = SIZES
            .into_iter()
            .find(|&size| u64::from(size) >= asked)
            .unwrap_or(largest);
        Some(Self(snapped))
    }

    pub fn pixels(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ThumbnailSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapped(asked: u64) -> Option<u32> {
        ThumbnailSize::fitting(asked).map(ThumbnailSize::pixels)
    }

    #[test]
    fn a_size_snaps_up_to_the_next_one_made() {
        assert_eq!(snapped(1), Some(64));
        assert_eq!(snapped(64), Some(64));
        assert_eq!(snapped(65), Some(128));
        assert_eq!(snapped(100), Some(128));
        assert_eq!(snapped(128), Some(128));
        assert_eq!(snapped(300), Some(512));
        assert_eq!(snapped(1024), Some(1024));
    }

    #[test]
    fn a_size_past_the_largest_is_capped_and_zero_is_none() {
        assert_eq!(snapped(1025), Some(1024));
        assert_eq!(snapped(u64::MAX), Some(1024));
        assert_eq!(snapped(0), None);
    }
}
