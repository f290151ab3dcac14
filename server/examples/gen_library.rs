//! Generates a large, messy music library for scan benchmarks and tests: N real (tiny) audio files
//! in nested folders, with the tag mess of a real collection. Deterministic for a given seed.
//!
//! ```sh
//! cargo run --release -p server --example gen_library -- --out target/gen-library/10k --count 10000 --seed 1
//! ```
//!
//! One template per format (about 1 s of sine, low bitrate) is encoded once with sox, lame, flac,
//! oggenc, opusenc and ffmpeg; each file is a copy of its format's template with tags written by
//! lofty in memory, so a file costs one tag write and one `write(2)`.
//!
//! What the library holds (proportions are of files, roughly):
//! - formats: MP3 50 %, FLAC 28 %, M4A 8 %, Ogg Vorbis 6 %, Opus 5 %, WAV 3 % (one format per album);
//! - albums of 8–15 tracks per disc, by one artist, with album artist, year, genre, track and disc
//!   numbers; one album in ten has two or three discs; one in twelve is a compilation
//!   (album artist "Various Artists", a different artist per track, the compilation flag);
//! - loose files in `Incoming/…` and `Downloads/` with partial tags;
//! - 4 % of files without any tag (the scanner then titles them from the file name), 6 % with only
//!   a title or a title and an artist, 1 % with a very long title, album or artist (200–900 chars);
//! - names with accents, CJK and emoji; titles that repeat ("Intro", "Untitled", …);
//! - search words: "love" in about 6 % of titles, "café" in about 1 %, "quixotic" in about 0.05 %.
//!
//! The folder gets a `.gen-library.json` manifest (seed, counts, word counts), and the tool refuses
//! to write into a non-empty folder that has no such manifest.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::Parser;
use lofty::config::WriteOptions;
use lofty::file::FileType;
use lofty::tag::{Accessor, ItemKey, Tag, TagExt};

const MANIFEST: &str = ".gen-library.json";

#[derive(Debug, Parser)]
#[command(about = "Generate a large library of small audio files with varied, messy tags")]
struct Args {
    /// Folder to fill (created; emptied first if an earlier run made it).
    #[arg(long)]
    out: PathBuf,
    /// Number of audio files.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// Seed: the same seed and count give the same library.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// SplitMix64: small, fast and good enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Format {
    Mp3,
    Flac,
    M4a,
    Ogg,
    Opus,
    Wav,
}

impl Format {
    const ALL: [Format; 6] = [
        Format::Mp3,
        Format::Flac,
        Format::M4a,
        Format::Ogg,
        Format::Opus,
        Format::Wav,
    ];
    /// Relative frequency in the library.
    fn weight(self) -> u64 {
        match self {
            Format::Mp3 => 50,
            Format::Flac => 28,
            Format::M4a => 8,
            Format::Ogg => 6,
            Format::Opus => 5,
            Format::Wav => 3,
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Format::Mp3 => "mp3",
            Format::Flac => "flac",
            Format::M4a => "m4a",
            Format::Ogg => "ogg",
            Format::Opus => "opus",
            Format::Wav => "wav",
        }
    }
    fn file_type(self) -> FileType {
        match self {
            Format::Mp3 => FileType::Mpeg,
            Format::Flac => FileType::Flac,
            Format::M4a => FileType::Mp4,
            Format::Ogg => FileType::Vorbis,
            Format::Opus => FileType::Opus,
            Format::Wav => FileType::Wav,
        }
    }
    fn random(rng: &mut Rng) -> Self {
        let total: u64 = Self::ALL.iter().map(|f| f.weight()).sum();
        let mut roll = rng.next() % total;
        for format in Self::ALL {
            if roll < format.weight() {
                return format;
            }
            roll -= format.weight();
        }
        Format::Mp3
    }
}

/// The tags of one file; `None` everywhere for a file with no tag at all.
#[derive(Clone, Debug, Default)]
struct Tags {
    title: Option<String>,
    artist: Option<String>,
    album: Option<String>,
    album_artist: Option<String>,
    track: Option<(u32, u32)>,
    disc: Option<(u32, u32)>,
    year: Option<u32>,
    genre: Option<String>,
    compilation: bool,
}

impl Tags {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.artist.is_none() && self.album.is_none()
    }
}

struct Planned {
    path: PathBuf,
    format: Format,
    tags: Tags,
}

// Vocabularies. Names are invented; a few carry accents, CJK or emoji on purpose.
#[rustfmt::skip]
const FIRST: &[&str] = &[
    "The", "Los", "Les", "Die", "Little", "Big", "Electric", "Silver", "Velvet", "Midnight",
    "Nordic", "Crystal", "Wild", "Lonely", "Golden", "Neon", "Black", "Paper", "Glass", "Iron",
    "Señor", "Mañana", "Øster", "Jürgen", "Zoë", "Ångström", "Chloé", "Renée", "Ñandú", "Åsa",
    "東京", "夜の", "서울", "Kōsei", "🔥", "Blue", "Saint", "Doctor", "Captain", "Mother",
];
#[rustfmt::skip]
const SECOND: &[&str] = &[
    "Owls", "Tigers", "Harbour", "Machine", "Orchestra", "Collective", "Brothers", "Sisters",
    "Quartet", "Sound System", "Lights", "Rivers", "Ghosts", "Foxes", "Parade", "Society",
    "Müller", "Björkman", "Dvořák Ensemble", "Garçons", "Señoritas", "Þórsdóttir", "Łukasz",
    "シティ", "楽団", "밴드", "Trio 🎷", "Kid", "Hearts", "Wolves", "Atlas", "Echo", "Drive",
];
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "night", "summer", "river", "light", "dream", "fire", "rain", "heart", "city", "road",
    "morning", "shadow", "ocean", "song", "dance", "stars", "winter", "gold", "silence", "home",
    "garden", "train", "window", "mirror", "paper", "machine", "echo", "storm", "sugar", "wire",
    "déjà vu", "naïve", "résumé", "über", "señorita", "crème", "fiancée", "smörgåsbord",
    "東京", "さくら", "夜明け", "사랑", "바다", "月光", "🌙", "💔", "✨", "blue", "red", "slow",
];
#[rustfmt::skip]
const REPEATED_TITLES: &[&str] = &[
    "Intro", "Outro", "Untitled", "Interlude", "Home", "Track 1", "Reprise", "Bonus Track",
];
#[rustfmt::skip]
const GENRES: &[&str] = &[
    "Rock", "Pop", "Jazz", "Electronic", "Classical", "Hip-Hop", "Folk", "Metal", "Ambient",
    "Soul", "Reggae", "Blues", "Chanson française", "J-Pop", "K-Pop", "Música Popular",
];
#[rustfmt::skip]
const ALBUM_SHAPES: &[&str] = &[
    "{w}", "{W} {w}", "The {W} Sessions", "{W} & {W}", "Songs of {W}", "Live at the {W}",
    "{W} (Deluxe Edition)", "{W}, Vol. 2", "Greatest Hits",
];

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn artist_name(rng: &mut Rng) -> String {
    match rng.range(0, 9) {
        0 => capitalise(rng.pick(WORDS)),
        1 => format!(
            "{} {} feat. {}",
            rng.pick(FIRST),
            rng.pick(SECOND),
            rng.pick(SECOND)
        ),
        _ => format!("{} {}", rng.pick(FIRST), rng.pick(SECOND)),
    }
}

fn title(rng: &mut Rng) -> String {
    if rng.chance(0.05) {
        return rng.pick(REPEATED_TITLES).to_owned();
    }
    let mut words: Vec<String> = (0..rng.range(1, 4))
        .map(|_| rng.pick(WORDS).to_owned())
        .collect();
    // The benchmark's search words, at known rates.
    if rng.chance(0.06) {
        let at = rng.range(0, words.len() as u64) as usize;
        words.insert(at, "love".to_owned());
    }
    if rng.chance(0.01) {
        words.push("café".to_owned());
    }
    if rng.chance(0.0005) {
        words.insert(0, "quixotic".to_owned());
    }
    let mut title = words
        .iter()
        .enumerate()
        .map(|(i, w)| if i == 0 { capitalise(w) } else { w.clone() })
        .collect::<Vec<_>>()
        .join(" ");
    if rng.chance(0.05) {
        title.push_str(rng.pick(&[" (Remix)", " (Live)", " - Remastered 2011", " [Demo]"]));
    }
    title
}

fn album_title(rng: &mut Rng) -> String {
    let shape = rng.pick(ALBUM_SHAPES);
    let mut out = String::new();
    let mut rest = shape;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let word = rng.pick(WORDS);
        out.push_str(&if &rest[at..at + 3] == "{W}" {
            capitalise(word)
        } else {
            word.to_owned()
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    capitalise(&out)
}

/// 200–900 characters of words: the kind of value a broken tagger leaves.
fn very_long(rng: &mut Rng) -> String {
    let target = rng.range(200, 900) as usize;
    let mut out = String::new();
    while out.chars().count() < target {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    capitalise(&out)
}

/// A file or folder name: no `/`, no NUL, no leading dot, at most about 120 bytes.
fn file_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c == '/' || c == '\0' { '_' } else { c })
        .collect();
    if out.len() > 120 {
        let mut cut = 120;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    let out = out.trim().trim_start_matches('.').to_owned();
    if out.is_empty() {
        "_".to_owned()
    } else {
        out
    }
}

/// Messes up a well-tagged file now and then: no tags, partial tags, long or padded values.
fn mess_up(rng: &mut Rng, mut tags: Tags) -> Tags {
    let roll = rng.next() % 1000;
    if roll < 40 {
        return Tags::default();
    }
    if roll < 100 {
        let keep_artist = rng.chance(0.5);
        return Tags {
            title: tags.title,
            artist: if keep_artist { tags.artist } else { None },
            ..Tags::default()
        };
    }
    if roll < 110 {
        match rng.range(0, 2) {
            0 => tags.title = Some(very_long(rng)),
            1 => tags.album = Some(very_long(rng)),
            _ => tags.artist = Some(very_long(rng)),
        }
    } else if roll < 130 {
        tags.title = tags.title.map(|t| format!("  {t} "));
    }
    tags
}

/// Plans `count` files: paths and tags, in the order they are generated.
fn plan(count: usize, seed: u64) -> Vec<Planned> {
    let mut rng = Rng(seed ^ 0x5EED_CADE_4A11_0000);
    let artists: Vec<String> = (0..(count / 40).max(4))
        .map(|_| artist_name(&mut rng))
        .collect();
    let mut files = Vec::with_capacity(count);
    let mut folders = HashSet::new();
    let mut loose = 0usize;
    let mut loose_paths = HashSet::new();
    while files.len() < count {
        let format = Format::random(&mut rng);
        let kind = rng.next() % 100;
        let year = rng.range(1962, 2026) as u32;
        let genre = rng.pick(GENRES).to_owned();
        if kind < 8 {
            // Loose files: a download folder, partial tags, names from wherever.
            for _ in 0..rng.range(1, 5) {
                loose += 1;
                let title = title(&mut rng);
                let folder = if rng.chance(0.5) {
                    PathBuf::from("Downloads")
                } else {
                    PathBuf::from(format!("Incoming/{year}/batch {:03}", loose % 97))
                };
                let name = match rng.range(0, 2) {
                    0 => format!("track{loose:05}"),
                    1 => format!("{} - {title}", artists[rng.next() as usize % artists.len()]),
                    _ => format!("{title} [{loose}]"),
                };
                let tags = if rng.chance(0.3) {
                    Tags::default()
                } else {
                    Tags {
                        title: Some(title),
                        artist: rng
                            .chance(0.6)
                            .then(|| artists[rng.next() as usize % artists.len()].clone()),
                        year: rng.chance(0.3).then_some(year),
                        ..Tags::default()
                    }
                };
                let mut path = folder.join(format!("{}.{}", file_name(&name), format.ext()));
                let mut n = 2;
                while !loose_paths.insert(path.clone()) {
                    path = folder.join(format!("{} ({n}).{}", file_name(&name), format.ext()));
                    n += 1;
                }
                files.push(Planned { path, format, tags });
            }
            continue;
        }
        let compilation = kind < 16;
        let album = album_title(&mut rng);
        let album_artist = if compilation {
            "Various Artists".to_owned()
        } else {
            artists[rng.next() as usize % artists.len()].clone()
        };
        let discs = if rng.chance(0.1) {
            rng.range(2, 3) as u32
        } else {
            1
        };
        let base = if compilation {
            PathBuf::from("Compilations")
        } else {
            PathBuf::from(file_name(&album_artist))
        };
        let mut folder = base.join(file_name(&if rng.chance(0.7) {
            format!("{year} - {album}")
        } else {
            album.clone()
        }));
        let mut n = 2;
        while !folders.insert(folder.clone()) {
            folder.set_file_name(format!("{} ({n})", file_name(&album)));
            n += 1;
        }
        for disc in 1..=discs {
            let tracks = rng.range(8, 15) as u32;
            let disc_folder = if discs > 1 {
                folder.join(format!("CD{disc}"))
            } else {
                folder.clone()
            };
            for track in 1..=tracks {
                let title = title(&mut rng);
                let artist = if compilation {
                    artists[rng.next() as usize % artists.len()].clone()
                } else {
                    album_artist.clone()
                };
                let tags = mess_up(
                    &mut rng,
                    Tags {
                        title: Some(title.clone()),
                        artist: Some(artist),
                        album: Some(album.clone()),
                        album_artist: Some(album_artist.clone()),
                        track: Some((track, tracks)),
                        disc: (discs > 1).then_some((disc, discs)),
                        year: Some(year),
                        genre: Some(genre.clone()),
                        compilation,
                    },
                );
                files.push(Planned {
                    path: disc_folder.join(format!(
                        "{track:02} - {}.{}",
                        file_name(&title),
                        format.ext()
                    )),
                    format,
                    tags,
                });
            }
        }
    }
    files.truncate(count);
    files
}

/// One ≈1 s template per format, encoded by the usual command-line tools into `dir`.
fn make_templates(dir: &Path) -> anyhow::Result<BTreeMap<Format, Vec<u8>>> {
    let src = dir.join("source.wav");
    let run = |program: &str, args: &[&str]| -> anyhow::Result<()> {
        let status = Command::new(program).args(args).status().with_context(|| {
            format!("cannot run {program} (scripts/gen-library.sh installs it)")
        })?;
        if !status.success() {
            bail!("{program} {args:?} failed: {status}");
        }
        Ok(())
    };
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let source = src.to_string_lossy().into_owned();
    run(
        "sox",
        &[
            "-n", "-r", "22050", "-c", "1", "-b", "16", &source, "synth", "1", "sine", "440",
            "vol", "0.5",
        ],
    )?;
    run(
        "sox",
        &[
            "-n",
            "-r",
            "8000",
            "-c",
            "1",
            "-b",
            "16",
            &path("t.wav"),
            "synth",
            "1",
            "sine",
            "440",
            "vol",
            "0.5",
        ],
    )?;
    // 44.1 kHz stereo (MPEG-1): lofty misreads the Info header of lame's 22 kHz mono (MPEG-2) files
    // and warns on each one, which no real library does file after file.
    let stereo = dir.join("stereo.wav").to_string_lossy().into_owned();
    run(
        "sox",
        &[
            "-n", "-r", "44100", "-c", "2", "-b", "16", &stereo, "synth", "1", "sine", "440",
            "vol", "0.5",
        ],
    )?;
    run("lame", &["--quiet", "-b", "64", &stereo, &path("t.mp3")])?;
    run(
        "flac",
        &["--silent", "--force", "-o", &path("t.flac"), &source],
    )?;
    run(
        "oggenc",
        &["--quiet", "-q", "0", "-o", &path("t.ogg"), &source],
    )?;
    run(
        "opusenc",
        &["--quiet", "--bitrate", "16", &source, &path("t.opus")],
    )?;
    run(
        "ffmpeg",
        &[
            "-nostdin",
            "-loglevel",
            "error",
            "-y",
            "-i",
            &source,
            "-c:a",
            "aac",
            "-b:a",
            "32k",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            &path("t.m4a"),
        ],
    )?;
    Format::ALL
        .into_iter()
        .map(|format| {
            let file = dir.join(format!("t.{}", format.ext()));
            let bytes = std::fs::read(&file).with_context(|| file.display().to_string())?;
            Ok((format, bytes))
        })
        .collect()
}

fn lofty_tag(format: Format, tags: &Tags) -> Tag {
    let mut tag = Tag::new(format.file_type().primary_tag_type());
    if let Some(v) = &tags.title {
        tag.set_title(v.clone());
    }
    if let Some(v) = &tags.artist {
        tag.set_artist(v.clone());
    }
    if let Some(v) = &tags.album {
        tag.set_album(v.clone());
    }
    if let Some(v) = &tags.album_artist {
        tag.insert_text(ItemKey::AlbumArtist, v.clone());
    }
    if let Some((n, total)) = tags.track {
        tag.set_track(n);
        tag.set_track_total(total);
    }
    if let Some((n, total)) = tags.disc {
        tag.set_disk(n);
        tag.set_disk_total(total);
    }
    if let Some(year) = tags.year {
        tag.set_year(year);
    }
    if let Some(v) = &tags.genre {
        tag.set_genre(v.clone());
    }
    if tags.compilation {
        tag.insert_text(ItemKey::FlagCompilation, "1".to_owned());
    }
    tag
}

/// The bytes of one file: its template with its tags written in.
fn render(file: &Planned, template: &[u8]) -> anyhow::Result<Vec<u8>> {
    if file.tags.is_empty() {
        return Ok(template.to_vec());
    }
    let mut bytes = Cursor::new(template.to_vec());
    lofty_tag(file.format, &file.tags)
        .save_to(&mut bytes, WriteOptions::default())
        .with_context(|| format!("tagging {}", file.path.display()))?;
    Ok(bytes.into_inner())
}

/// Empties `out` if an earlier run made it; refuses a folder with anything else in it.
fn prepare_out(out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)?.next().is_none();
        if !empty {
            if !out.join(MANIFEST).exists() {
                bail!(
                    "{} is not empty and was not made by gen_library: not touching it",
                    out.display()
                );
            }
            std::fs::remove_dir_all(out)?;
        }
    }
    std::fs::create_dir_all(out)?;
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let templates_dir = tempfile::tempdir()?;
    let templates = make_templates(templates_dir.path())?;
    let planned = plan(args.count, args.seed);
    prepare_out(&args.out)?;

    let mut folders: Vec<PathBuf> = planned
        .iter()
        .filter_map(|f| f.path.parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(args.out.join(folder))?;
    }

    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = planned.len().div_ceil(threads).max(1);
    let bytes: u64 = std::thread::scope(|scope| {
        let workers: Vec<_> = planned
            .chunks(chunk)
            .map(|files| {
                let (templates, out) = (&templates, &args.out);
                scope.spawn(move || -> anyhow::Result<u64> {
                    let mut bytes = 0;
                    for file in files {
                        let data = render(file, &templates[&file.format])?;
                        bytes += data.len() as u64;
                        let path = out.join(&file.path);
                        std::fs::write(&path, data).with_context(|| path.display().to_string())?;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().map_err(|_| anyhow::anyhow!("writer panicked"))?)
            .sum::<anyhow::Result<u64>>()
    })?;

    let mut formats: BTreeMap<&str, usize> = BTreeMap::new();
    for file in &planned {
        *formats.entry(file.format.ext()).or_default() += 1;
    }
    let titled = |word: &str| {
        planned
            .iter()
            .filter(|f| {
                f.tags
                    .title
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(word))
            })
            .count()
    };
    let manifest = serde_json::json!({
        "count": planned.len(),
        "seed": args.seed,
        "bytes": bytes,
        "formats": formats,
        "untagged": planned.iter().filter(|f| f.tags.is_empty()).count(),
        "compilation_tracks": planned.iter().filter(|f| f.tags.compilation).count(),
        "folders": folders.len(),
        "titles_with": { "love": titled("love"), "café": titled("café"), "quixotic": titled("quixotic") },
    });
    std::fs::write(
        args.out.join(MANIFEST),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    println!(
        "gen_library: {} files ({:.1} MB) in {} folders under {} in {:.2} s; {}",
        planned.len(),
        bytes as f64 / 1e6,
        folders.len(),
        args.out.display(),
        started.elapsed().as_secs_f64(),
        manifest
    );
    Ok(())
}
