//! Reads a file's tags and audio properties with lofty. Blocking: call it off the async runtime.

use std::path::Path;

use lofty::config::ParseOptions;
use lofty::file::{AudioFile, TaggedFileExt};
use lofty::picture::PictureType;
use lofty::probe::Probe;
use lofty::tag::{Accessor, ItemKey, Tag};

/// What the library records about one file's contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrackTags {
    pub title: String,
    pub artist: Option<String>,
    pub album: Option<String>,
    pub album_artist: Option<String>,
    pub track_number: Option<i32>,
    pub disc_number: Option<i32>,
    pub year: Option<i32>,
    pub genre: Option<String>,
    pub duration_ms: i64,
    pub bitrate_kbps: Option<i32>,
    pub sample_rate: Option<i32>,
    pub channels: Option<i32>,
    /// Whether a tag holds a picture (the album's cover when no image lies beside the file).
    pub has_picture: bool,
}

/// Reads `path`. A file without tags still gets a title: its name without the extension.
pub fn read_tags(path: &Path) -> lofty::error::Result<TrackTags> {
    let tagged = lofty::read_from_path(path)?;
    let properties = tagged.properties();
    let tag = tagged.primary_tag().or_else(|| tagged.first_tag());
    let text = |f: fn(&Tag) -> Option<String>| tag.and_then(f).filter(|s| !s.trim().is_empty());
    let fallback_title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(TrackTags {
        title: text(|t| t.title().map(|s| s.trim().to_owned())).unwrap_or(fallback_title),
        artist: text(|t| t.artist().map(|s| s.trim().to_owned())),
        album: text(|t| t.album().map(|s| s.trim().to_owned())),
        album_artist: text(|t| {
            t.get_string(&ItemKey::AlbumArtist)
                .map(|s| s.trim().to_owned())
        }),
        track_number: tag
            .and_then(|t| t.track())
            .and_then(|n| i32::try_from(n).ok()),
        disc_number: tag
            .and_then(|t| t.disk())
            .and_then(|n| i32::try_from(n).ok()),
        year: tag.and_then(year),
        genre: text(|t| t.genre().map(|s| s.trim().to_owned())),
        duration_ms: i64::try_from(properties.duration().as_millis()).unwrap_or(i64::MAX),
        bitrate_kbps: properties
            .audio_bitrate()
            .and_then(|b| i32::try_from(b).ok()),
        sample_rate: properties.sample_rate().and_then(|r| i32::try_from(r).ok()),
        channels: properties.channels().map(i32::from),
        has_picture: tagged.tags().iter().any(|t| t.picture_count() > 0),
    })
}

/// The year from whichever date field the format uses (`2024`, `2024-05-01`, …).
fn year(tag: &Tag) -> Option<i32> {
    [
        ItemKey::Year,
        ItemKey::RecordingDate,
        ItemKey::ReleaseDate,
        ItemKey::OriginalReleaseDate,
    ]
    .into_iter()
    .filter_map(|key| tag.get_string(&key))
    .find_map(|value| value.trim().get(..4)?.parse().ok())
}

/// The picture in `path`'s tags that best serves as a cover (the front cover, else the first),
/// with its MIME type. Reads the tags, not the audio.
pub fn read_picture(path: &Path) -> lofty::error::Result<Option<(String, Vec<u8>)>> {
    let tagged = Probe::open(path)?
        .options(ParseOptions::new().read_properties(false))
        .read()?;
    let pictures = || tagged.tags().iter().flat_map(|t| t.pictures());
    let best = pictures()
        .find(|p| p.pic_type() == PictureType::CoverFront)
        .or_else(|| pictures().next());
    Ok(best.map(|picture| {
        let mime = picture
            .mime_type()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        (mime, picture.data().to_vec())
    }))
}
