//! The response body: one span of an open file, read in chunks on tokio's blocking pool (a disk
//! read can block) and handed to hyper one chunk at a time. A client that goes away ends the
//! stream at once: hyper drops the body and no further read starts.
//!
//! Memory is bounded for the whole server, not only per stream: every chunk in flight holds
//! permits of one shared budget until hyper has written it. Chunks are large (few syscalls and
//! wake-ups) while the budget is plentiful and shrink as it runs low, so a thousand slow
//! listeners, each with a chunk parked in a full socket, cost a few megabytes in all.

use std::fs::File;
use std::future::Future;
use std::io;
use std::os::unix::fs::FileExt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::{Semaphore, SemaphorePermit};

use super::range::ByteRange;

/// Largest chunk: a fast client gets the file in few reads and writes.
pub const MAX_CHUNK: u64 = 256 * 1024;
/// Smallest chunk, used when many streams hold buffers at once.
pub const MIN_CHUNK: u64 = 16 * 1024;
/// Bytes of chunks in flight across all streams, counted in KiB permits.
const BUDGET_KIB: usize = 24 * 1024;
static BUDGET: Semaphore = Semaphore::const_new(BUDGET_KIB);

type ChunkFuture = Pin<Box<dyn Future<Output = io::Result<Bytes>> + Send>>;

/// Streams `span` of `file`; its exact length is known up front (`Content-Length`).
pub struct FileBody {
    file: Arc<File>,
    offset: u64,
    remaining: u64,
    pending: Option<ChunkFuture>,
}

impl FileBody {
    pub fn new(file: File, span: ByteRange) -> Self {
        Self {
            file: Arc::new(file),
            offset: span.first,
            remaining: span.size(),
            pending: None,
        }
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
        let pending = this.pending.get_or_insert_with(|| {
            let len = chunk_size(BUDGET.available_permits(), this.remaining);
            Box::pin(read_chunk(Arc::clone(&this.file), this.offset, len))
        });
        let result = ready!(pending.as_mut().poll(cx));
        this.pending = None;
        let chunk = result?;
        this.offset += chunk.len() as u64;
        this.remaining -= chunk.len() as u64;
        Poll::Ready(Some(Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

/// The next chunk's size for `available_kib` of free budget and `remaining` bytes to send.
fn chunk_size(available_kib: usize, remaining: u64) -> u64 {
    let available = available_kib as u64 * 1024;
    let budget_share = if available >= BUDGET_KIB as u64 * 1024 / 2 {
        MAX_CHUNK
    } else if available >= BUDGET_KIB as u64 * 1024 / 8 {
        MAX_CHUNK / 4
    } else {
        MIN_CHUNK
    };
    budget_share.min(remaining)
}

/// A chunk's bytes together with the budget they hold until hyper drops them.
struct Chunk {
    data: Vec<u8>,
    _permit: SemaphorePermit<'static>,
}

impl AsRef<[u8]> for Chunk {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

/// Waits for budget, then reads exactly `len` bytes at `offset`. A file that shrank under us
/// fails the stream (the client sees a cut response) rather than sending another version's bytes.
async fn read_chunk(file: Arc<File>, offset: u64, len: u64) -> io::Result<Bytes> {
    let kib = u32::try_from(len.div_ceil(1024)).unwrap_or(u32::MAX);
    let permit = BUDGET.acquire_many(kib).await.map_err(io::Error::other)?;
    let data = tokio::task::spawn_blocking(move || {
        let mut data = vec![0; len as usize];
        file.read_exact_at(&mut data, offset).map(|()| data)
    })
    .await
    .map_err(io::Error::other)??;
    Ok(Bytes::from_owner(Chunk {
        data,
        _permit: permit,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;
    use std::io::Write;

    /// The budget is shared by the whole process: body tests take turns to see its counts.
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

    fn temp_file(bytes: &[u8]) -> File {
        let mut file = tempfile::tempfile().expect("temp file");
        file.write_all(bytes).expect("write");
        file
    }

    #[tokio::test]
    async fn sends_exactly_the_span_in_bounded_chunks() {
        let _turn = SERIAL.lock().await;
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let span = ByteRange {
            first: 1000,
            last: 250_000,
        };
        let mut body = FileBody::new(temp_file(&data), span);
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
    fn chunks_shrink_as_the_budget_runs_low_and_never_pass_the_span() {
        assert_eq!(chunk_size(BUDGET_KIB, 10 * MAX_CHUNK), MAX_CHUNK);
        assert_eq!(chunk_size(BUDGET_KIB / 4, 10 * MAX_CHUNK), MAX_CHUNK / 4);
        assert_eq!(chunk_size(0, 10 * MAX_CHUNK), MIN_CHUNK);
        assert_eq!(chunk_size(BUDGET_KIB, 100), 100);
    }

    #[tokio::test]
    async fn chunks_hold_budget_until_dropped() {
        let _turn = SERIAL.lock().await;
        let data = vec![1u8; 3 * MAX_CHUNK as usize];
        let mut body = FileBody::new(
            temp_file(&data),
            ByteRange {
                first: 0,
                last: data.len() as u64 - 1,
            },
        );
        let before = BUDGET.available_permits();
        let chunk = body
            .frame()
            .await
            .expect("a chunk")
            .expect("read")
            .into_data()
            .expect("data");
        assert!(BUDGET.available_permits() < before);
        drop(chunk);
        assert_eq!(BUDGET.available_permits(), before);
    }

    #[tokio::test]
    async fn a_file_that_shrank_fails_instead_of_sending_other_bytes() {
        let _turn = SERIAL.lock().await;
        let file = temp_file(&[7u8; 100]);
        file.set_len(10).expect("truncate");
        let body = FileBody::new(file, ByteRange { first: 0, last: 99 });
        assert!(body.collect().await.is_err());
    }
}
