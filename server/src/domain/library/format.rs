//! The audio formats the library plays: one enum that knows each format's file extensions, its
//! MIME type, the name the database stores, and whether a stream may start at a frame boundary.

use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Mp3,
    Flac,
    Ogg,
    Opus,
    Mp4,
    Aac,
    Wav,
    Webm,
}

/// File extensions (lower case) the scanner admits, with their format.
const EXTENSIONS: &[(&str, Format)] = &[
    ("mp3", Format::Mp3),
    ("flac", Format::Flac),
    ("ogg", Format::Ogg),
    ("oga", Format::Ogg),
    ("opus", Format::Opus),
    ("m4a", Format::Mp4),
    ("m4b", Format::Mp4),
    ("mp4", Format::Mp4),
    ("aac", Format::Aac),
    ("wav", Format::Wav),
    ("webm", Format::Webm),
];

impl Format {
    /// The format of the file at `path`, from its extension; `None` when it is no audio file the
    /// library plays.
    pub fn of_path(path: &Path) -> Option<Self> {
        Self::of_extension(path.extension()?.to_str()?)
    }

    fn of_extension(extension: &str) -> Option<Self> {
        let extension = extension.to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .find(|(known, _)| *known == extension)
            .map(|(_, format)| *format)
    }

    /// The `tracks.format` value of a row: the format's name, or (rows scanned before the enum)
    /// any extension of it.
    pub fn of_column(value: &str) -> Option<Self> {
        Self::of_extension(value)
    }

    /// What `tracks.format` stores, and what the API shows.
    pub fn column(self) -> &'static str {
        match self {
            Self::Mp3 => "mp3",
            Self::Flac => "flac",
            Self::Ogg => "ogg",
            Self::Opus => "opus",
            Self::Mp4 => "m4a",
            Self::Aac => "aac",
            Self::Wav => "wav",
            Self::Webm => "webm",
        }
    }

    /// The `Content-Type` the file is served with.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Mp3 => "audio/mpeg",
            Self::Flac => "audio/flac",
            Self::Ogg => "audio/ogg",
            Self::Opus => "audio/ogg; codecs=opus",
            Self::Mp4 => "audio/mp4",
            Self::Aac => "audio/aac",
            Self::Wav => "audio/wav",
            Self::Webm => "audio/webm",
        }
    }

    /// Whether the file cut at a frame boundary still plays (`start_sec`): true for MP3, whose
    /// frames stand alone; a cut FLAC, Ogg, MP4 or WAV stream lacks the headers it needs.
    pub fn starts_at_a_frame(self) -> bool {
        matches!(self, Self::Mp3)
    }
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
            let format = Format::of_path(Path::new(file));
            assert_eq!(format.map(Format::mime), Some(mime), "{file}");
        }
    }

    #[test]
    fn other_files_are_not_audio() {
        assert_eq!(Format::of_path(Path::new("cover.jpg")), None);
        assert_eq!(Format::of_path(Path::new("README")), None);
    }

    #[test]
    fn the_column_reads_back_as_the_same_format_and_old_extensions_still_read() {
        for (_, format) in EXTENSIONS {
            assert_eq!(Format::of_column(format.column()), Some(*format));
        }
        assert_eq!(Format::of_column("m4b"), Some(Format::Mp4));
        assert_eq!(Format::of_column("oga"), Some(Format::Ogg));
        assert_eq!(Format::of_column("txt"), None);
    }

    #[test]
    fn only_mp3_starts_at_a_frame() {
        let starting: Vec<Format> = EXTENSIONS
            .iter()
            .map(|(_, f)| *f)
            .filter(|f| f.starts_at_a_frame())
            .collect();
        assert_eq!(starting, [Format::Mp3]);
    }
}
