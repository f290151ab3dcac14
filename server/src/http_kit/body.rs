//! The response body: one span of an open file, handed to hyper one chunk at a time. A client
//! that goes away ends the stream at once: hyper drops the body and no further read starts.
//!
//! Reads: a chunk whose pages are in the page cache is read right away with
//! `preadv2(RWF_NOWAIT)`, which never blocks; only when the kernel would have to wait for the disk
//! does the read go to tokio's blocking pool. Most requests thus cost no thread hop at all.
//!
//! Chunk sizes follow the listener's pace: memory per stream is whatever chunk is waiting for the
//! socket, so a stream starts with small chunks (a quick first byte, and little held by a slow
//! listener) and only a client that keeps taking them as fast as they come gets large ones
//! (fewer syscalls and wake-ups). A short span is sent as one chunk.

use std::fs::File;
use std::future::Future;
use std::io::{self, IoSliceMut};
use std::os::unix::fs::FileExt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use rustix::io::{preadv2, ReadWriteFlags};
use tokio::task::JoinHandle;

use super::range::ByteRange;

/// A span up to this size goes out as one chunk (a seek's read-ahead, a 64 KiB range).
pub const SINGLE_CHUNK_SPAN: u64 = 128 * 1024;
/// First chunks, and every chunk of a listener that reads slowly.
pub const MIN_CHUNK: u64 = 16 * 1024;
/// Once this much went out at full speed, chunks grow to [`MID_CHUNK`]…
const FAST_FOR_MID: u64 = 512 * 1024;
pub const MID_CHUNK: u64 = 64 * 1024;
/// …and after this much, to [`MAX_CHUNK`].
const FAST_FOR_MAX: u64 = 2 * 1024 * 1024;
pub const MAX_CHUNK: u64 = 256 * 1024;
/// A client that asks for the next chunk later than this after the previous one is not keeping
/// up with the disk: its socket is full, so its chunks go back to the smallest size.
const SLOW_GAP: Duration = Duration::from_millis(10);

/// Streams `span` of `file`; its exact length is known up front (`Content-Length`).
pub struct FileBody {
    file: Arc<File>,
    offset: u64,
    remaining: u64,
    pace: Pace,
    pending: Option<JoinHandle<io::Result<Vec<u8>>>>,
    /// The version of the file the answer's headers describe.
    version: FileVersion,
}

/// What tells one version of a file's bytes from another: its length and modification time
/// (a writer updates the time before it changes a byte, so a read that saw a new byte is
/// followed by an `fstat` that sees the new time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileVersion {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileVersion {
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        Self {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        }
    }
}

impl FileBody {
    pub fn new(file: File, span: ByteRange, version: FileVersion) -> Self {
        Self {
            file: Arc::new(file),
            offset: span.first,
            remaining: span.size(),
            pace: Pace::default(),
            pending: None,
            version,
        }
    }

    /// After each read: a file rewritten in place since the answer began (a tag editor saving,
    /// a sync tool) ends the body with an error, so no listener gets old and new bytes mixed;
    /// the client sees a cut answer and asks again (with `If-Range`, for the whole new file).
    fn still_same_file(&self) -> io::Result<()> {
        let now = FileVersion::of(&self.file.metadata()?);
        if now == self.version {
            return Ok(());
        }
        tracing::warn!("a file changed while it was being sent: the answer was cut");
        Err(io::Error::other("the file changed while it was being sent"))
    }
}

impl Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = &mut *self;
        if this.remaining == 0 {
            return Poll::Ready(None);
        }
        let data = match this.pending.as_mut() {
            Some(pending) => {
                let result = ready!(Pin::new(pending).poll(cx));
                this.pending = None;
                result.map_err(io::Error::other)??
            }
            None => {
                let len = this.pace.next_len(this.remaining, Instant::now());
                match read_cached(&this.file, this.offset, len)? {
                    Some(data) => data,
                    None => {
                        let (file, offset) = (Arc::clone(&this.file), this.offset);
                        let pending = this.pending.insert(tokio::task::spawn_blocking(move || {
                            read_blocking(&file, offset, len)
                        }));
                        let result = ready!(Pin::new(pending).poll(cx));
                        this.pending = None;
                        result.map_err(io::Error::other)??
                    }
                }
            }
        };
        this.still_same_file()?;
        let len = data.len() as u64;
        this.offset += len;
        this.remaining -= len;
        this.pace.sent(len, Instant::now());
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(data)))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

/// How fast this stream's client takes its chunks.
#[derive(Debug, Default)]
struct Pace {
    /// Bytes sent since the client last fell behind.
    fast_bytes: u64,
    last_sent: Option<Instant>,
}

impl Pace {
    fn next_len(&mut self, remaining: u64, now: Instant) -> u64 {
        if remaining <= SINGLE_CHUNK_SPAN {
            return remaining;
        }
        if self
            .last_sent
            .is_some_and(|last| now.duration_since(last) > SLOW_GAP)
        {
            self.fast_bytes = 0;
        }
        let size = match self.fast_bytes {
            n if n >= FAST_FOR_MAX => MAX_CHUNK,
            n if n >= FAST_FOR_MID => MID_CHUNK,
            _ => MIN_CHUNK,
        };
        size.min(remaining)
    }

    fn sent(&mut self, len: u64, now: Instant) {
        self.fast_bytes += len;
        self.last_sent = Some(now);
    }
}

/// Reads `len` bytes at `offset` if the page cache holds them all; `None` when the kernel would
/// have to wait for the disk (or cannot tell without waiting).
fn read_cached(file: &File, offset: u64, len: u64) -> io::Result<Option<Vec<u8>>> {
    let mut data = vec![0; len as usize];
    match preadv2(
        file,
        &mut [IoSliceMut::new(&mut data)],
        offset,
        ReadWriteFlags::NOWAIT,
    ) {
        Ok(n) if n as u64 == len => Ok(Some(data)),
        // Partly cached, at the end of a file that shrank, or no RWF_NOWAIT support: let the
        // blocking read decide, where a short file is an error.
        Ok(_) => Ok(None),
        Err(error)
            if error == rustix::io::Errno::AGAIN || error == rustix::io::Errno::OPNOTSUPP =>
        {
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// Reads exactly `len` bytes at `offset`. A file that shrank under us fails the stream (the client
/// sees a cut response) rather than sending bytes of another version.
fn read_blocking(file: &File, offset: u64, len: u64) -> io::Result<Vec<u8>> {
    let mut data = vec![0; len as usize];
    file.read_exact_at(&mut data, offset)?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use std::io::Write;

    fn temp_file(bytes: &[u8]) -> File {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(bytes).expect("write");
        file
    }

    #[tokio::test]
    async fn sends_exactly_the_span_in_bounded_chunks() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let span = ByteRange {
            first: 1000,
            last: 250_000,
        };
        let file = temp_file(&data);
        let version = FileVersion::of(&file.metadata().expect("meta"));
        let mut body = FileBody::new(file, span, version);
        assert_eq!(body.size_hint().exact(), Some(span.size()));
        let mut got = Vec::new();
        while let Some(frame) = body.frame().await {
            let chunk = frame.expect("frame").into_data().expect("data");
            assert!(chunk.len() as u64 <= MAX_CHUNK);
            got.extend_from_slice(&chunk);
        }
        assert_eq!(got, &data[1000..=250_000]);
    }

    #[test]
    fn chunks_grow_only_while_the_client_keeps_up() {
        let mut pace = Pace::default();
        let t0 = Instant::now();
        let big = 100 * MAX_CHUNK;
        assert_eq!(pace.next_len(big, t0), MIN_CHUNK);
        let mut now = t0;
        let mut sizes = Vec::new();
        for _ in 0..60 {
            let len = pace.next_len(big, now);
            sizes.push(len);
            pace.sent(len, now);
            now += Duration::from_micros(100);
        }
        assert!(
            sizes.contains(&MID_CHUNK) && sizes.last() == Some(&MAX_CHUNK),
            "{sizes:?}"
        );
        // A listener whose socket filled up asks late: back to small chunks.
        assert_eq!(pace.next_len(big, now + Duration::from_secs(1)), MIN_CHUNK);
    }

    #[test]
    fn a_short_span_is_one_chunk() {
        assert_eq!(
            Pace::default().next_len(64 * 1024, Instant::now()),
            64 * 1024
        );
    }

    #[tokio::test]
    async fn a_file_that_shrank_fails_instead_of_sending_other_bytes() {
        let file = temp_file(&[7u8; 100]);
        let version = FileVersion::of(&file.metadata().expect("meta"));
        file.set_len(10).expect("truncate");
        let body = FileBody::new(file, ByteRange { first: 0, last: 99 }, version);
        assert!(body.collect().await.is_err());
    }

    #[tokio::test]
    async fn a_file_rewritten_in_place_mid_answer_is_cut_not_mixed() {
        let old: Vec<u8> = vec![1u8; 600_000];
        let file = temp_file(&old);
        let version = FileVersion::of(&file.metadata().expect("meta"));
        let writer = file.try_clone().expect("clone");
        let mut body = FileBody::new(
            file,
            ByteRange {
                first: 0,
                last: 599_999,
            },
            version,
        );
        let first = body.frame().await.expect("frame").expect("first chunk");
        assert!(first.into_data().expect("data").iter().all(|b| *b == 1));
        // The same inode rewritten with other bytes of the same length (a tag editor saving).
        std::thread::sleep(Duration::from_millis(20));
        writer.write_all_at(&[2u8; 600_000], 0).expect("rewrite");
        let mut cut = false;
        while let Some(frame) = body.frame().await {
            match frame {
                Ok(frame) => {
                    let chunk = frame.into_data().expect("data");
                    assert!(chunk.iter().all(|b| *b == 1), "a new byte was sent");
                }
                Err(_) => {
                    cut = true;
                    break;
                }
            }
        }
        assert!(cut, "the answer went on after the file changed");
    }
}
