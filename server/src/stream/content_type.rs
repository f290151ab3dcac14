//! The `Content-Type` of a media file, from its extension (the scanner only admits these).

use std::path::Path;

/// Audio formats the library accepts, with the MIME type the stream route sends for each.
const AUDIO_TYPES: &[(&str, &str)] = &[
    ("mp3", "audio/mpeg"),
    ("flac", "audio/flac"),
    ("ogg", "audio/ogg"),
    ("oga", "audio/ogg"),
    ("opus", "audio/ogg; codecs=opus"),
    ("m4a", "audio/mp4"),
    ("m4b", "audio/mp4"),
    ("mp4", "audio/mp4"),
    ("aac", "audio/aac"),
    ("wav", "audio/wav"),
    ("webm", "audio/webm"),
];

/// The MIME type for `path`, or `None` when it is not an audio file the library plays.
pub fn audio_content_type(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    AUDIO_TYPES
        .iter()
        .find(|(known, _)| *known == ext)
        .map(|(_, mime)| *mime)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_supported_format_has_its_type() {
        for (file, mime) in [
            ("a.mp3", "audio/mpeg"),
            ("b.FLAC", "audio/flac"),
            ("c.ogg", "audio/ogg"),
            ("d.opus", "audio/ogg; codecs=opus"),
            ("e.m4a", "audio/mp4"),
            ("f.wav", "audio/wav"),
        ] {
            assert_eq!(audio_content_type(Path::new(file)), Some(mime), "{file}");
        }
    }

    #[test]
    fn other_files_are_not_audio() {
        assert_eq!(audio_content_type(Path::new("cover.jpg")), None);
        assert_eq!(audio_content_type(Path::new("README")), None);
    }
}
