//! MP3 seeking for `start_sec`: finds where the MPEG audio frame holding a given second starts, so
//! a body cut there decodes from that second (a byte offset guessed from the bitrate would not).
//!
//! Three ways, tried in this order:
//! 1. Constant bitrate: frame `k` starts `k` mean frame lengths into the audio (padding keeps the
//!    drift under a byte). Exact and a few reads, but only trusted when real frames of that
//!    bitrate sit where predicted at a quarter, half, three quarters of the way and at `k`.
//! 2. Seek table, when the target is more than `WALK_BYTES` into the audio: the Xing/Info TOC
//!    (LAME) or the VBRI table (Fraunhofer) gives an estimate within about a percent of the
//!    duration, then the next real frame start after it is taken.
//! 3. Walking the frame headers from the first one and summing their durations: exact for any
//!    bitrate, but reads the file up to that second (about 0.4 ms per MB from the page cache).
//!
//! Reads are positional, through one 64 KiB block; nothing here reads the whole file at once.

use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;

/// Why no offset could be found.
#[derive(Debug, thiserror::Error)]
pub enum Mp3Error {
    #[error("reading the MP3 file failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("no MPEG audio frames where the audio should start")]
    NotMp3,
}

/// Byte offset of the first byte of the MPEG audio frame that contains `seconds`, or `None` when
/// `seconds` is at or past the end of the audio. Errors when the file is not a parseable MP3.
///
/// Time 0 is the first audio frame: a Xing/Info/VBRI frame holds no audio, so it is never the
/// answer. Negative and NaN `seconds` count as 0.
pub fn frame_offset_for_second(file: &File, seconds: f64) -> Result<Option<u64>, Mp3Error> {
    let seconds = seconds.max(0.0);
    let mut reader = Reader::new(file)?;
    let stream = Stream::locate(&mut reader)?;
    if stream
        .duration()
        .is_some_and(|duration| seconds >= duration)
    {
        return Ok(None);
    }
    if let Some(answer) = constant_bitrate_offset(&mut reader, &stream, seconds)? {
        return Ok(answer);
    }
    if let Some(offset) = seek_table_offset(&mut reader, &stream, seconds)? {
        return Ok(Some(offset));
    }
    Ok(walk(&mut reader, &stream, seconds)?)
}

/// How far to look for a frame start: after the ID3v2 tag, or after a seek-table estimate.
const SEARCH_WINDOW: u64 = 64 * 1024;
/// Bytes read at once: one read covers about 150 frames at 128 kbit/s when walking.
const BLOCK: usize = 64 * 1024;
/// ID3v2 tags are sometimes stacked by tools that prepend a new one; more than this is not audio.
const MAX_ID3_TAGS: usize = 4;
/// How far a constant-bitrate frame may start from `k` mean lengths: under a byte of padding
/// drift, or one 4-byte slot in Layer I, plus rounding.
const CBR_TOLERANCE: u64 = 4;
/// Up to this far into the audio a walk costs a millisecond or two and is exact, so a seek table
/// (off by up to a percent of the duration where the bitrate jumps) is only used beyond it.
const WALK_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    Mpeg1,
    Mpeg2,
    Mpeg25,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    L1,
    L2,
    L3,
}

/// The fields of a 4-byte MPEG audio frame header that size and time a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FrameHeader {
    version: Version,
    layer: Layer,
    kbps: u32,
    sample_rate: u32,
    padding: bool,
    mono: bool,
}

impl FrameHeader {
    /// `None` unless the bytes are a sync word followed by known version, layer, bitrate, sample
    /// rate and emphasis: free format is refused because its length cannot be computed.
    fn parse(bytes: [u8; 4]) -> Option<Self> {
        if bytes[0] != 0xFF || bytes[1] & 0xE0 != 0xE0 || bytes[3] & 0b11 == 0b10 {
            return None;
        }
        let version = match (bytes[1] >> 3) & 0b11 {
            0 => Version::Mpeg25,
            2 => Version::Mpeg2,
            3 => Version::Mpeg1,
            _ => return None,
        };
        let layer = match (bytes[1] >> 1) & 0b11 {
            1 => Layer::L3,
            2 => Layer::L2,
            3 => Layer::L1,
            _ => return None,
        };
        Some(Self {
            version,
            layer,
            kbps: bitrate_kbps(version, layer, bytes[2] >> 4)?,
            sample_rate: sample_rate(version, (bytes[2] >> 2) & 0b11)?,
            padding: bytes[2] & 0b10 != 0,
            mono: bytes[3] >> 6 == 0b11,
        })
    }

    /// PCM samples per channel the frame decodes to.
    fn samples(&self) -> u32 {
        match (self.layer, self.version) {
            (Layer::L1, _) => 384,
            (Layer::L2, _) | (Layer::L3, Version::Mpeg1) => 1152,
            (Layer::L3, _) => 576,
        }
    }

    fn duration(&self) -> f64 {
        f64::from(self.samples()) / f64::from(self.sample_rate)
    }

    /// Whole frame length in bytes, header included (never less than 24).
    fn len(&self) -> u64 {
        let bits_per_second = u64::from(self.kbps) * 1000;
        let rate = u64::from(self.sample_rate);
        let padding = u64::from(self.padding);
        match self.layer {
            // Layer I counts in 4-byte slots, so its length is rounded per slot.
            Layer::L1 => (12 * bits_per_second / rate + padding) * 4,
            _ => u64::from(self.samples()) / 8 * bits_per_second / rate + padding,
        }
    }

    /// Where frame `k` of a constant-bitrate stream starts, counted from the first frame: `k`
    /// times the mean length (padding makes each frame long or short by one slot to keep it).
    fn constant_bitrate_offset(&self, k: u64) -> u64 {
        let (bytes, frames) = self.mean_len();
        u64::try_from(u128::from(k) * bytes / frames).unwrap_or(u64::MAX)
    }

    /// How many whole constant-bitrate frames could fit in `bytes`: an upper bound, allowing
    /// for the drift `CBR_TOLERANCE` admits.
    fn constant_bitrate_frames_in(&self, bytes: u64) -> u64 {
        let (mean_bytes, frames) = self.mean_len();
        let fitting = u128::from(bytes.saturating_add(CBR_TOLERANCE + 1)) * frames / mean_bytes;
        u64::try_from(fitting).unwrap_or(u64::MAX)
    }

    /// The mean frame length at this bitrate as a fraction `(bytes, frames)`: frames of a
    /// 44.1 kHz stream are not a whole number of bytes long.
    fn mean_len(&self) -> (u128, u128) {
        let bytes = u128::from(self.samples() / 8) * u128::from(self.kbps) * 1000;
        (bytes, u128::from(self.sample_rate))
    }

    /// Frames of one stream keep their version, layer and sample rate; a lookalike rarely does.
    fn same_stream(&self, other: &Self) -> bool {
        self.version == other.version
            && self.layer == other.layer
            && self.sample_rate == other.sample_rate
    }

    /// Where a Xing/Info tag sits in a Layer III frame: right after the header and side info.
    fn xing_offset(&self) -> u64 {
        match (self.version, self.mono) {
            (Version::Mpeg1, false) => 4 + 32,
            (Version::Mpeg1, true) | (_, false) => 4 + 17,
            (_, true) => 4 + 9,
        }
    }
}

fn bitrate_kbps(version: Version, layer: Layer, index: u8) -> Option<u32> {
    const V1_L1: [u16; 15] = [
        0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
    ];
    const V1_L2: [u16; 15] = [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
    ];
    const V1_L3: [u16; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const V2_L1: [u16; 15] = [
        0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
    ];
    const V2_L23: [u16; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let table = match (version, layer) {
        (Version::Mpeg1, Layer::L1) => &V1_L1,
        (Version::Mpeg1, Layer::L2) => &V1_L2,
        (Version::Mpeg1, Layer::L3) => &V1_L3,
        (_, Layer::L1) => &V2_L1,
        (_, _) => &V2_L23,
    };
    // Index 0 (free format) maps to 0 and index 15 (forbidden) is past the table.
    table
        .get(usize::from(index))
        .map(|&kbps| u32::from(kbps))
        .filter(|&kbps| kbps != 0)
}

fn sample_rate(version: Version, index: u8) -> Option<u32> {
    let base = [44_100, 48_000, 32_000].get(usize::from(index))?;
    Some(match version {
        Version::Mpeg1 => *base,
        Version::Mpeg2 => base / 2,
        Version::Mpeg25 => base / 4,
    })
}

/// Positional reads through one reusable block, so walking frames costs one `read_at` per block
/// rather than one per frame.
struct Reader<'f> {
    file: &'f File,
    len: u64,
    block_start: u64,
    block: Vec<u8>,
}

impl<'f> Reader<'f> {
    fn new(file: &'f File) -> io::Result<Self> {
        Ok(Self {
            file,
            len: file.metadata()?.len(),
            block_start: 0,
            block: Vec::new(),
        })
    }

    /// Up to `count` bytes at `pos`: fewer only at the end of the file.
    fn bytes(&mut self, pos: u64, count: usize) -> io::Result<&[u8]> {
        let end = pos.saturating_add(count as u64).min(self.len);
        if pos >= end {
            return Ok(&[]);
        }
        let block_end = self.block_start + self.block.len() as u64;
        if pos < self.block_start || end > block_end {
            self.load(pos, count.max(BLOCK))?;
        }
        let from = usize::try_from(pos - self.block_start).map_err(io::Error::other)?;
        let available = self.block.get(from..).unwrap_or_default();
        Ok(&available[..available.len().min(count)])
    }

    fn load(&mut self, pos: u64, size: usize) -> io::Result<()> {
        self.block.resize(size, 0);
        let filled = read_up_to(self.file, pos, &mut self.block)?;
        self.block.truncate(filled);
        self.block_start = pos;
        Ok(())
    }

    fn header_at(&mut self, pos: u64) -> io::Result<Option<FrameHeader>> {
        let bytes = self.bytes(pos, 4)?;
        Ok(bytes.try_into().ok().and_then(FrameHeader::parse))
    }

    /// The header at `pos` if a frame (of the same stream as `like`, when given) starts there:
    /// its header is valid and so are the `following` headers it chains to, unless the file ends
    /// first. The chain is what tells a frame from a byte pair that merely looks like a sync word.
    fn frame_at(
        &mut self,
        pos: u64,
        like: Option<&FrameHeader>,
        following: usize,
    ) -> io::Result<Option<FrameHeader>> {
        let Some(header) = self
            .header_at(pos)?
            .filter(|header| like.is_none_or(|like| header.same_stream(like)))
        else {
            return Ok(None);
        };
        let mut next = pos + header.len();
        for _ in 0..following {
            if next == self.len {
                break;
            }
            match self.header_at(next)? {
                Some(after) if after.same_stream(&header) => next += after.len(),
                _ => return Ok(None),
            }
        }
        Ok(Some(header))
    }

    /// The first frame start in the `SEARCH_WINDOW` bytes from `from` (see [`Self::frame_at`]).
    fn resync(
        &mut self,
        from: u64,
        like: Option<&FrameHeader>,
        following: usize,
    ) -> io::Result<Option<(u64, FrameHeader)>> {
        let end = from.saturating_add(SEARCH_WINDOW).min(self.len);
        let mut pos = from;
        while pos < end {
            // Only a 0xFF byte can start a header: jump straight to the next one.
            let window = self.bytes(pos, (end - pos) as usize)?;
            let Some(skip) = window.iter().position(|&byte| byte == 0xFF) else {
                return Ok(None);
            };
            pos += skip as u64;
            if let Some(header) = self.frame_at(pos, like, following)? {
                return Ok(Some((pos, header)));
            }
            pos += 1;
        }
        Ok(None)
    }
}

/// Fills `buf` from `pos` with as many reads as it takes; short only at the end of the file.
fn read_up_to(file: &File, pos: u64, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read_at(&mut buf[filled..], pos + filled as u64) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Where the audio is, and what a Xing/Info/VBRI frame in front of it says about it.
struct Stream {
    /// The first frame, which may be a tag frame rather than audio.
    first_frame: u64,
    /// The stream's version, layer and sample rate, from the first frame.
    header: FrameHeader,
    /// The first audio frame: time 0.
    data_start: u64,
    tag: Option<SeekTag>,
}

/// A Xing/Info or VBRI frame's totals and table; each field only if the tag carries it.
struct SeekTag {
    frames: Option<u32>,
    bytes: Option<u32>,
    toc: Option<Toc>,
}

enum Toc {
    /// Byte position (in 256ths of the stream) at each whole percent of the duration.
    Xing([u8; 100]),
    Vbri(VbriTable),
}

/// VBRI table: `entries` big-endian sizes of `entry_size` bytes, each times `scale` the bytes of
/// `frames_per_entry` frames.
struct VbriTable {
    pos: u64,
    entries: u16,
    scale: u16,
    entry_size: u16,
    frames_per_entry: u16,
}

impl Stream {
    /// Skips ID3v2 tags, then finds the first frame (chained to two more, so stray sync words in
    /// tag padding or in another format's data are not taken for audio).
    fn locate(reader: &mut Reader) -> Result<Self, Mp3Error> {
        let after_tags = skip_id3v2(reader)?;
        let (first_frame, header) = reader
            .resync(after_tags, None, 2)?
            .ok_or(Mp3Error::NotMp3)?;
        let tag = seek_tag(reader, first_frame, &header)?;
        let data_start = match tag {
            Some(_) => first_frame + header.len(),
            None => first_frame,
        };
        Ok(Self {
            first_frame,
            header,
            data_start,
            tag,
        })
    }

    /// The duration a tag states, if it gives a frame count.
    fn duration(&self) -> Option<f64> {
        let frames = self.tag.as_ref()?.frames?;
        Some(f64::from(frames) * self.header.duration())
    }

    /// Bytes of audio after the tag frame: the tag's total when plausible, else the rest of the
    /// file.
    fn audio_bytes(&self, file_len: u64) -> u64 {
        let tag_frame = self.data_start - self.first_frame;
        let rest = file_len.saturating_sub(self.data_start);
        self.tag
            .as_ref()
            .and_then(|tag| tag.bytes)
            .and_then(|bytes| u64::from(bytes).checked_sub(tag_frame))
            .filter(|&bytes| bytes > 0 && bytes <= rest)
            .unwrap_or(rest)
    }
}

/// Where the audio may begin: after any ID3v2 tags (syncsafe size, plus 10 with a footer).
fn skip_id3v2(reader: &mut Reader) -> io::Result<u64> {
    let mut pos = 0;
    for _ in 0..MAX_ID3_TAGS {
        match id3v2_len(reader.bytes(pos, 10)?) {
            Some(len) => pos += len,
            None => break,
        }
    }
    Ok(pos)
}

fn id3v2_len(header: &[u8]) -> Option<u64> {
    let header: &[u8; 10] = header.try_into().ok()?;
    let syncsafe = header[6..].iter().all(|byte| byte & 0x80 == 0);
    if &header[..3] != b"ID3" || header[3] == 0xFF || header[4] == 0xFF || !syncsafe {
        return None;
    }
    let size = header[6..]
        .iter()
        .fold(0u64, |size, &byte| size << 7 | u64::from(byte));
    let footer = if header[5] & 0x10 != 0 { 10 } else { 0 };
    Some(10 + size + footer)
}

/// The Xing/Info or VBRI tag in the first frame, if it is one (Layer III only, as encoders write
/// them).
fn seek_tag(reader: &mut Reader, frame: u64, header: &FrameHeader) -> io::Result<Option<SeekTag>> {
    if header.layer != Layer::L3 {
        return Ok(None);
    }
    if let Some(tag) = xing_tag(reader.bytes(frame + header.xing_offset(), 120)?) {
        return Ok(Some(tag));
    }
    // VBRI sits after 32 bytes of side info whatever the channel mode.
    Ok(vbri_tag(reader.bytes(frame + 36, 26)?, frame + 36 + 26))
}

fn xing_tag(bytes: &[u8]) -> Option<SeekTag> {
    if !(bytes.starts_with(b"Xing") || bytes.starts_with(b"Info")) {
        return None;
    }
    let flags = be_u32(bytes, 4)?;
    let mut at = 8;
    let mut field = |flag: u32, len: usize| {
        let start = at;
        if flags & flag == 0 {
            return None;
        }
        at += len;
        bytes.get(start..at)
    };
    let frames = field(1, 4).and_then(|b| be_u32(b, 0));
    let bytes_total = field(2, 4).and_then(|b| be_u32(b, 0));
    let toc = field(4, 100)
        .and_then(|b| <[u8; 100]>::try_from(b).ok())
        .filter(toc_is_usable)
        .map(Toc::Xing);
    Some(SeekTag {
        // A zero count (an encoder that never came back to fill it in) says nothing.
        frames: frames.filter(|&frames| frames > 0),
        bytes: bytes_total,
        toc,
    })
}

/// A TOC must rise with time and not be blank (some encoders leave zeros when streaming).
fn toc_is_usable(toc: &[u8; 100]) -> bool {
    toc.windows(2).all(|pair| pair[0] <= pair[1]) && toc[99] > 0
}

fn vbri_tag(bytes: &[u8], table_pos: u64) -> Option<SeekTag> {
    if !bytes.starts_with(b"VBRI") {
        return None;
    }
    let table = VbriTable {
        pos: table_pos,
        entries: be_u16(bytes, 18)?,
        scale: be_u16(bytes, 20)?,
        entry_size: be_u16(bytes, 22)?,
        frames_per_entry: be_u16(bytes, 24)?,
    };
    let usable =
        table.entries > 0 && (1..=4).contains(&table.entry_size) && table.frames_per_entry > 0;
    Some(SeekTag {
        frames: be_u32(bytes, 14).filter(|&frames| frames > 0),
        bytes: be_u32(bytes, 10),
        toc: usable.then_some(Toc::Vbri(table)),
    })
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let field = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(field.try_into().ok()?))
}

fn be_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let field = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes(field.try_into().ok()?))
}

/// Method 1 (see the module doc): the first audio frame's bitrate, assumed constant, checked at
/// four points up to the target frame; a VBR stream, a gap or a splice fails a check. `None`
/// when the stream did not prove constant, else the answer: a frame, or `None` past the end.
fn constant_bitrate_offset(
    reader: &mut Reader,
    stream: &Stream,
    seconds: f64,
) -> io::Result<Option<Option<u64>>> {
    let Some(first) = reader
        .header_at(stream.data_start)?
        .filter(|header| header.same_stream(&stream.header))
    else {
        return Ok(None);
    };
    let fitting = first.constant_bitrate_frames_in(reader.len.saturating_sub(stream.data_start));
    let target = (seconds / first.duration()).floor();
    // Past the frames that fit, the last check is a few frames before the end of the file,
    // leaving room for the final frames and a short trailing tag (ID3v1).
    let past_end = target >= fitting as f64;
    let last = if past_end {
        fitting.saturating_sub(3)
    } else {
        target as u64
    };
    let mut found = None;
    for k in [last / 4, last / 2, last / 4 * 3, last] {
        let expected = stream.data_start + first.constant_bitrate_offset(k);
        found = same_bitrate_frame_near(reader, expected, &first)?;
        if found.is_none() {
            return Ok(None);
        }
    }
    Ok(Some(found.filter(|_| !past_end)))
}

/// A frame with `like`'s bitrate starting within `CBR_TOLERANCE` bytes of `expected`, nearest
/// first.
fn same_bitrate_frame_near(
    reader: &mut Reader,
    expected: u64,
    like: &FrameHeader,
) -> io::Result<Option<u64>> {
    for distance in 0..=CBR_TOLERANCE {
        let candidates = [
            expected.checked_sub(distance),
            expected.checked_add(distance),
        ];
        for pos in candidates.into_iter().flatten() {
            let frame = reader.frame_at(pos, Some(like), 1)?;
            if frame.is_some_and(|frame| frame.kbps == like.kbps) {
                return Ok(Some(pos));
            }
        }
    }
    Ok(None)
}

/// Method 2: the tag's table gives an estimate; the answer is the first frame start from there.
/// `None` without a table, or when the estimate is close enough to the start to walk instead.
fn seek_table_offset(
    reader: &mut Reader,
    stream: &Stream,
    seconds: f64,
) -> io::Result<Option<u64>> {
    let estimate = table_estimate(reader, stream, seconds)?;
    let Some(estimate) = estimate.filter(|&at| at - stream.data_start >= WALK_BYTES) else {
        return Ok(None);
    };
    next_frame(reader, stream, estimate)
}

/// Where the tag's table, if any, puts `seconds` (never before the first audio frame).
fn table_estimate(reader: &mut Reader, stream: &Stream, seconds: f64) -> io::Result<Option<u64>> {
    let estimate = match stream.tag.as_ref().and_then(|tag| tag.toc.as_ref()) {
        Some(Toc::Xing(toc)) => xing_estimate(toc, stream, seconds, reader.len),
        Some(Toc::Vbri(table)) => vbri_estimate(reader, table, stream, seconds)?,
        None => None,
    };
    Ok(estimate.map(|at| at.max(stream.data_start)))
}

/// The first frame of the stream starting at or after `pos`, within `SEARCH_WINDOW`.
fn next_frame(reader: &mut Reader, stream: &Stream, pos: u64) -> io::Result<Option<u64>> {
    let found = reader.resync(pos, Some(&stream.header), 1)?;
    Ok(found.map(|(pos, _)| pos))
}

/// LAME's seek: the TOC entry at the whole percent, interpolated towards the next one (256, the
/// end, after the last), as a fraction of the audio bytes.
fn xing_estimate(toc: &[u8; 100], stream: &Stream, seconds: f64, file_len: u64) -> Option<u64> {
    let percent = (seconds / stream.duration()? * 100.0).clamp(0.0, 100.0);
    let index = (percent as usize).min(99);
    let here = f64::from(toc[index]);
    let next = toc.get(index + 1).map_or(256.0, |&entry| f64::from(entry));
    let fraction = (here + (next - here) * (percent - index as f64)) / 256.0;
    let into_audio = fraction * stream.audio_bytes(file_len) as f64;
    Some(stream.data_start + into_audio as u64)
}

/// The VBRI table's sizes summed up to the entry holding the target frame, plus the part of that
/// entry's bytes the target is into. Reads the table only up to that entry.
fn vbri_estimate(
    reader: &mut Reader,
    table: &VbriTable,
    stream: &Stream,
    seconds: f64,
) -> io::Result<Option<u64>> {
    // The target frame's position in the table, in entries.
    let position = seconds / stream.header.duration() / f64::from(table.frames_per_entry);
    let entry_float = position.floor();
    if entry_float >= f64::from(table.entries) {
        return Ok(None);
    }
    let entry = entry_float as usize;
    let size = usize::from(table.entry_size);
    let bytes = reader.bytes(table.pos, (entry + 1) * size)?;
    let sizes: Vec<u64> = bytes
        .chunks_exact(size)
        .map(|chunk| chunk.iter().fold(0, |sum, &b| sum << 8 | u64::from(b)))
        .map(|value| value * u64::from(table.scale))
        .collect();
    let Some((&last, before)) = sizes.split_last().filter(|_| sizes.len() == entry + 1) else {
        return Ok(None);
    };
    // Saturating: a bogus table must not overflow, only miss the file (and fall back).
    let before = before
        .iter()
        .fold(0u64, |sum, &size| sum.saturating_add(size));
    let within = (last as f64 * (position - entry_float)) as u64;
    Ok(Some(
        stream
            .data_start
            .saturating_add(before)
            .saturating_add(within),
    ))
}

/// Method 3: sums frame durations from the first audio frame. Damage or a trailing tag is
/// skipped by resyncing; no frame start in the window after it means the audio has ended.
fn walk(reader: &mut Reader, stream: &Stream, seconds: f64) -> io::Result<Option<u64>> {
    let mut pos = stream.data_start;
    let mut elapsed = 0.0;
    loop {
        let header = match reader
            .header_at(pos)?
            .filter(|header| header.same_stream(&stream.header))
        {
            Some(header) => header,
            None => match reader.resync(pos, Some(&stream.header), 1)? {
                Some((next, header)) => {
                    pos = next;
                    header
                }
                None => return Ok(None),
            },
        };
        let duration = header.duration();
        if elapsed + duration > seconds {
            return Ok(Some(pos));
        }
        elapsed += duration;
        pos += header.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    const DEMO_DIR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../media/Lumen Drift/Harbour Lights"
    );

    fn run(program: &str, args: &[&str]) {
        let status = Command::new(program)
            .args(args)
            .status()
            .unwrap_or_else(|error| {
                panic!("{program} must be installed (Debian package {program}): {error}")
            });
        assert!(status.success(), "{program} {args:?} failed");
    }

    /// 60 s of a tone then 60 s of pink noise, so a VBR encoding changes bitrate at 1:00 and a
    /// table that assumed a constant rate would land far from 1:10.
    fn source_wav(dir: &Path) -> PathBuf {
        let tone = dir.join("tone.wav");
        let noise = dir.join("noise.wav");
        let source = dir.join("source.wav");
        let format = ["-r", "44100", "-c", "2", "-b", "16"];
        let path = |p: &Path| p.to_str().expect("utf-8 temp path").to_owned();
        let (tone_s, noise_s, source_s) = (path(&tone), path(&noise), path(&source));
        run(
            "sox",
            &[
                &["-n"][..],
                &format,
                &[&tone_s, "synth", "60", "sine", "440", "vol", "0.5"],
            ]
            .concat(),
        );
        run(
            "sox",
            &[
                &["-n"][..],
                &format,
                &[&noise_s, "synth", "60", "pinknoise", "vol", "0.5"],
            ]
            .concat(),
        );
        run("sox", &[&tone_s, &noise_s, &source_s]);
        source
    }

    /// Encodes the 120 s source with `lame` and these options.
    fn encode(lame_options: &[&str]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = source_wav(dir.path());
        let mp3 = dir.path().join("out.mp3");
        let source = source.to_str().expect("utf-8 temp path");
        let out = mp3.to_str().expect("utf-8 temp path");
        run(
            "lame",
            &[&["--quiet"][..], lame_options, &[source, out]].concat(),
        );
        (dir, mp3)
    }

    fn offset_in(path: &Path, seconds: f64) -> Result<Option<u64>, Mp3Error> {
        let file = File::open(path).expect("open test file");
        frame_offset_for_second(&file, seconds)
    }

    fn header_in(bytes: &[u8], pos: usize) -> Option<FrameHeader> {
        let four: [u8; 4] = bytes.get(pos..pos + 4)?.try_into().ok()?;
        FrameHeader::parse(four)
    }

    /// Where the first audio frame is, per the module (what the other checks count time from).
    fn data_start(path: &Path) -> u64 {
        let file = File::open(path).expect("open test file");
        let mut reader = Reader::new(&file).expect("reader");
        Stream::locate(&mut reader).expect("an MP3").data_start
    }

    /// Asserts a frame starts at `offset` (valid header chaining to the next one) and returns
    /// the time it starts at, by walking every frame from the first audio frame up to it.
    fn frame_start_time(path: &Path, offset: u64) -> (f64, FrameHeader) {
        let bytes = std::fs::read(path).expect("read test file");
        let target = usize::try_from(offset).expect("offset fits");
        let header = header_in(&bytes, target).expect("a frame header at the offset");
        let next = header_in(&bytes, target + header.len() as usize).expect("the next header");
        assert!(next.same_stream(&header));
        let mut pos = usize::try_from(data_start(path)).expect("offset fits");
        let mut time = 0.0;
        while pos < target {
            let on_the_way = header_in(&bytes, pos).expect("unbroken frames up to the offset");
            time += on_the_way.duration();
            pos += on_the_way.len() as usize;
        }
        assert_eq!(pos, target, "the offset is not on the frame chain");
        (time, header)
    }

    /// The frame at the offset is the one playing at `seconds`.
    fn assert_exact(path: &Path, seconds: f64) {
        let offset = offset_in(path, seconds)
            .expect("an MP3")
            .expect("inside the audio");
        let (start, header) = frame_start_time(path, offset);
        assert!(
            start <= seconds && seconds < start + header.duration(),
            "frame at {offset} plays from {start} s, not {seconds} s"
        );
    }

    fn has_tag(path: &Path, tag: &[u8]) -> bool {
        let bytes = std::fs::read(path).expect("read test file");
        bytes[..2000].windows(4).any(|window| window == tag)
    }

    #[test]
    fn frame_headers_give_the_standard_sizes() {
        let mpeg1_l3 = FrameHeader::parse([0xFF, 0xFB, 0x90, 0x64]).expect("128 kbit/s 44.1 kHz");
        assert_eq!(
            (mpeg1_l3.kbps, mpeg1_l3.sample_rate, mpeg1_l3.len()),
            (128, 44_100, 417)
        );
        assert_eq!(mpeg1_l3.samples(), 1152);
        let padded = FrameHeader::parse([0xFF, 0xFB, 0x92, 0x64]).expect("padded");
        assert_eq!(padded.len(), 418);
        let mpeg2_l3 =
            FrameHeader::parse([0xFF, 0xF3, 0x80, 0xC4]).expect("64 kbit/s 22.05 kHz mono");
        assert_eq!(
            (mpeg2_l3.samples(), mpeg2_l3.len(), mpeg2_l3.xing_offset()),
            (576, 208, 13)
        );
        let mpeg25_l3 = FrameHeader::parse([0xFF, 0xE3, 0x88, 0x00]).expect("64 kbit/s 8 kHz");
        assert_eq!((mpeg25_l3.sample_rate, mpeg25_l3.len()), (8_000, 576));
        let layer1 =
            FrameHeader::parse([0xFF, 0xFF, 0x42, 0x00]).expect("Layer I 128k 44.1k padded");
        assert_eq!((layer1.samples(), layer1.len()), (384, 140));
        let layer2 = FrameHeader::parse([0xFF, 0xFD, 0xA4, 0x00]).expect("Layer II 192k 48k");
        assert_eq!((layer2.samples(), layer2.len()), (1152, 576));
    }

    #[test]
    fn bad_header_fields_are_refused() {
        assert!(
            FrameHeader::parse([0xFF, 0xFB, 0x00, 0x64]).is_none(),
            "free format"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xFB, 0xF0, 0x64]).is_none(),
            "bitrate 15"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xFB, 0x9C, 0x64]).is_none(),
            "sample rate 3"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xEB, 0x90, 0x64]).is_none(),
            "version 01"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xF9, 0x90, 0x64]).is_none(),
            "layer 00"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xFB, 0x90, 0x66]).is_none(),
            "emphasis 10"
        );
        assert!(
            FrameHeader::parse([0xFE, 0xFB, 0x90, 0x64]).is_none(),
            "no sync"
        );
    }

    #[test]
    fn id3v2_sizes_are_syncsafe_and_count_the_footer() {
        assert_eq!(
            id3v2_len(b"ID3\x04\x00\x00\x00\x00\x02\x01"),
            Some(10 + 257)
        );
        assert_eq!(
            id3v2_len(b"ID3\x04\x00\x10\x00\x00\x02\x01"),
            Some(20 + 257)
        );
        assert_eq!(
            id3v2_len(b"ID3\x04\x00\x00\x00\x00\x80\x01"),
            None,
            "not syncsafe"
        );
        assert_eq!(id3v2_len(b"TAG\x04\x00\x00\x00\x00\x02\x01"), None);
        assert_eq!(id3v2_len(b"ID3"), None);
    }

    #[test]
    fn cbr_with_info_tag_lands_on_the_frame_playing_second_70() {
        let (_dir, mp3) = encode(&["-b", "128"]);
        assert!(has_tag(&mp3, b"Info"), "lame writes an Info frame for CBR");
        assert_exact(&mp3, 70.0);
        assert_exact(&mp3, 119.9);
        assert_eq!(offset_in(&mp3, 120.5).expect("an MP3"), None);
    }

    #[test]
    fn cbr_without_tag_lands_on_the_frame_playing_second_70() {
        let (_dir, mp3) = encode(&["-t", "-b", "128"]);
        assert!(!has_tag(&mp3, b"Info") && !has_tag(&mp3, b"Xing"));
        assert_exact(&mp3, 70.0);
        assert_exact(&mp3, 0.0);
        assert_eq!(offset_in(&mp3, 121.0).expect("an MP3"), None);
    }

    /// Where the seek table alone (method 2, whatever the distance) lands for `seconds`.
    fn table_landing(file: &File, seconds: f64) -> Option<u64> {
        let mut reader = Reader::new(file).expect("reader");
        let stream = Stream::locate(&mut reader).expect("an MP3");
        let estimate = table_estimate(&mut reader, &stream, seconds)
            .expect("read")
            .expect("a table");
        next_frame(&mut reader, &stream, estimate).expect("read")
    }

    #[test]
    fn vbr_with_xing_toc_lands_within_a_second_of_70() {
        let (_dir, mp3) = encode(&["-V", "4"]);
        assert!(has_tag(&mp3, b"Xing"), "lame writes a Xing frame for VBR");
        let file = File::open(&mp3).expect("open test file");
        for seconds in [10.0, 59.5, 70.0, 100.0] {
            let offset = table_landing(&file, seconds).expect("a frame after the estimate");
            let (start, _) = frame_start_time(&mp3, offset);
            assert!(
                (start - seconds).abs() < 1.0,
                "{seconds} s landed at {start} s"
            );
        }
        // Under `WALK_BYTES` into the audio the public answer is walked, so exact.
        assert_exact(&mp3, 70.0);
        assert_eq!(offset_in(&mp3, 130.0).expect("an MP3"), None);
    }

    #[test]
    fn vbr_without_tag_is_walked_exactly() {
        let (_dir, mp3) = encode(&["-t", "-V", "4"]);
        assert_exact(&mp3, 70.0);
        assert_exact(&mp3, 30.0);
        assert_eq!(offset_in(&mp3, 200.0).expect("an MP3"), None);
    }

    #[test]
    fn the_stream_cut_at_70_decodes_to_the_last_50_seconds() {
        let (dir, mp3) = encode(&["-t", "-V", "4"]);
        let offset = offset_in(&mp3, 70.0)
            .expect("an MP3")
            .expect("inside the audio");
        let bytes = std::fs::read(&mp3).expect("read test file");
        let tail = dir.path().join("tail.mp3");
        std::fs::write(
            &tail,
            &bytes[usize::try_from(offset).expect("offset fits")..],
        )
        .expect("write tail");
        let wav = dir.path().join("tail.wav");
        run(
            "lame",
            &[
                "--quiet",
                "--decode",
                tail.to_str().expect("utf-8"),
                wav.to_str().expect("utf-8"),
            ],
        );
        // 16-bit stereo after a 44-byte header; the decoder adds under 0.1 s of delay and padding.
        let pcm = std::fs::metadata(&wav)
            .expect("decoded")
            .len()
            .saturating_sub(44);
        let seconds = pcm as f64 / 4.0 / 44_100.0;
        assert!((seconds - 50.0).abs() < 0.1, "the tail plays {seconds} s");
    }

    #[test]
    fn demo_mp3_audio_starts_after_its_id3_tag_with_cover() {
        let demo = Path::new(DEMO_DIR).join("01 - Morning Tide.mp3");
        let tag_end = {
            let mut head = [0u8; 10];
            let file = File::open(&demo).expect("demo mp3");
            file.read_exact_at(&mut head, 0)
                .expect("read the tag header");
            id3v2_len(&head).expect("an ID3v2 tag")
        };
        assert!(tag_end > 9_000, "the tag holds a cover");
        let offset = offset_in(&demo, 10.0)
            .expect("an MP3")
            .expect("inside the audio");
        assert!(offset > tag_end);
        assert_exact(&demo, 10.0);
        assert_eq!(offset_in(&demo, 1000.0).expect("an MP3"), None);
        assert_eq!(offset_in(&demo, f64::INFINITY).expect("an MP3"), None);
    }

    #[test]
    fn time_zero_is_the_first_audio_frame_after_the_info_frame() {
        let demo = Path::new(DEMO_DIR).join("01 - Morning Tide.mp3");
        let start = data_start(&demo);
        assert_eq!(offset_in(&demo, 0.0).expect("an MP3"), Some(start));
        assert_eq!(offset_in(&demo, -5.0).expect("an MP3"), Some(start));
        assert_eq!(offset_in(&demo, f64::NAN).expect("an MP3"), Some(start));
    }

    #[test]
    fn other_formats_and_empty_files_are_not_mp3() {
        for name in [
            "02 - Café Arpeggio.flac",
            "03 - Lantern Walk.ogg",
            "cover.jpg",
        ] {
            let result = offset_in(&Path::new(DEMO_DIR).join(name), 5.0);
            assert!(
                matches!(result, Err(Mp3Error::NotMp3)),
                "{name}: {result:?}"
            );
        }
        let empty = tempfile::tempfile().expect("temp file");
        assert!(matches!(
            frame_offset_for_second(&empty, 0.0),
            Err(Mp3Error::NotMp3)
        ));
    }

    /// Synthetic MPEG-1 Layer III frames alternating 64 and 192 kbit/s at 44.1 kHz (zero
    /// payload: only the headers matter here), led by a VBRI frame whose table has one entry
    /// per 10 frames.
    fn vbri_file(frames: usize) -> (File, Vec<u64>) {
        let headers = [[0xFF, 0xFB, 0x50, 0x04], [0xFF, 0xFB, 0xB0, 0x04]];
        let lens: Vec<usize> = (0..frames)
            .map(|i| if i % 2 == 0 { 208 } else { 626 })
            .collect();
        let mut table = Vec::new();
        for chunk in lens.chunks(10) {
            let bytes: usize = chunk.iter().sum();
            table.extend_from_slice(&u16::try_from(bytes / 2).expect("fits").to_be_bytes());
        }
        let mut tag_frame = vec![0u8; 626];
        tag_frame[..4].copy_from_slice(&headers[1]);
        tag_frame[36..40].copy_from_slice(b"VBRI");
        tag_frame[50..54].copy_from_slice(&u32::try_from(frames).expect("fits").to_be_bytes());
        let entries = u16::try_from(table.len() / 2).expect("fits");
        tag_frame[54..56].copy_from_slice(&entries.to_be_bytes());
        tag_frame[56..58].copy_from_slice(&2u16.to_be_bytes()); // scale
        tag_frame[58..60].copy_from_slice(&2u16.to_be_bytes()); // entry size
        tag_frame[60..62].copy_from_slice(&10u16.to_be_bytes()); // frames per entry
        tag_frame[62..62 + table.len()].copy_from_slice(&table);
        let mut bytes = tag_frame;
        let mut starts = Vec::new();
        for (i, len) in lens.iter().enumerate() {
            starts.push(bytes.len() as u64);
            let mut frame = vec![0u8; *len];
            frame[..4].copy_from_slice(&headers[i % 2]);
            bytes.extend_from_slice(&frame);
        }
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(&bytes).expect("write");
        (file, starts)
    }

    #[test]
    fn vbri_table_finds_the_frame_within_its_entry() {
        let (file, starts) = vbri_file(200);
        let frame = 1152.0 / 44_100.0;
        let index_of = |offset: u64| starts.iter().position(|&s| s == offset);
        for k in [0usize, 9, 10, 57, 123, 198] {
            let seconds = (k as f64 + 0.5) * frame;
            let by_table = table_landing(&file, seconds).expect("a frame after the estimate");
            let found = index_of(by_table).expect("a frame start");
            assert!(found.abs_diff(k) <= 1, "frame {k} wanted, got {found}");
            let exact = frame_offset_for_second(&file, seconds).expect("an MP3");
            assert_eq!(exact.and_then(index_of), Some(k));
        }
        // The table puts the middle of the last frame past its start, with no frame after: the
        // walk still finds it.
        let last = frame_offset_for_second(&file, 199.5 * frame).expect("an MP3");
        assert_eq!(last.and_then(index_of), Some(199));
        assert_eq!(
            frame_offset_for_second(&file, 200.0 * frame).expect("an MP3"),
            None
        );
    }

    #[test]
    fn walking_skips_damage_between_frames() {
        let frame = [0xFF, 0xFB, 0x90, 0x64];
        let mut bytes = Vec::new();
        let mut starts = Vec::new();
        for i in 0..40 {
            if i == 20 {
                bytes.extend_from_slice(&[0x00; 100]);
            }
            starts.push(bytes.len() as u64);
            let mut data = vec![0u8; 417];
            data[..4].copy_from_slice(&frame);
            bytes.extend_from_slice(&data);
        }
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(&bytes).expect("write");
        let seconds = 30.5 * 1152.0 / 44_100.0;
        assert_eq!(
            frame_offset_for_second(&file, seconds).expect("an MP3"),
            Some(starts[30])
        );
        assert_eq!(frame_offset_for_second(&file, 1.1).expect("an MP3"), None);
    }

    /// Frame-like bytes: valid-looking headers with random fields and payload sizes, behind an
    /// optional Xing or VBRI tag filled with random bytes, so every path sees nonsense.
    fn frame_soup() -> impl Strategy<Value = Vec<u8>> {
        let frame = (any::<[u8; 2]>(), prop::collection::vec(any::<u8>(), 0..700));
        let tag = prop_oneof![
            Just(&b""[..]),
            Just(&b"Xing"[..]),
            Just(&b"Info"[..]),
            Just(&b"VBRI"[..])
        ];
        (
            tag,
            prop::collection::vec(any::<u8>(), 0..200),
            prop::collection::vec(frame, 0..30),
        )
            .prop_map(|(tag, tag_body, frames)| {
                let mut bytes = vec![0xFF, 0xFB, 0x90, 0x64];
                bytes.resize(36, 0); // where both tags sit in an MPEG-1 stereo frame
                bytes.extend_from_slice(tag);
                bytes.extend_from_slice(&tag_body);
                for ([b2, b3], payload) in frames {
                    bytes.extend_from_slice(&[0xFF, 0xFB, b2, b3]);
                    bytes.extend_from_slice(&payload);
                }
                bytes
            })
    }

    fn file_with(bytes: &[u8]) -> File {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(bytes).expect("write");
        file
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..5000), seconds in -1.0f64..100.0) {
            let _ = frame_offset_for_second(&file_with(&bytes), seconds);
        }

        #[test]
        fn frame_like_bytes_never_panic_and_answer_inside_the_file(bytes in frame_soup(), seconds in 0.0f64..2.0) {
            if let Ok(Some(offset)) = frame_offset_for_second(&file_with(&bytes), seconds) {
                prop_assert!(offset < bytes.len() as u64);
            }
        }
    }
}
