//! The response body: one span of an open file, read in bounded chunks on tokio's blocking pool
//! (a disk read can block) and handed to hyper one chunk at a time, so memory per stream stays
//! constant whatever the file size, and a client that goes away ends the stream at once (hyper
//! drops the body and no further read is started).

use std::fs::File;
use std::future::Future;
use std::io;
use std::os::unix::fs::FileExt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::task::JoinHandle;

use super::range::ByteRange;

/// Bytes read per chunk: large enough to keep syscalls and wake-ups few, small enough to bound
/// memory per listener.
pub const CHUNK_SIZE: u64 = 64 * 1024;

/// Streams `span` of `file`; its exact length is known up front (`Content-Length`).
pub struct FileBody {
    file: Arc<File>,
    offset: u64,
    remaining: u64,
    pending: Option<JoinHandle<io::Result<Bytes>>>,
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
            let file = Arc::clone(&this.file);
            let (offset, len) = (this.offset, this.remaining.min(CHUNK_SIZE) as usize);
            tokio::task::spawn_blocking(move || read_chunk(&file, offset, len))
        });
        let result = ready!(Pin::new(pending).poll(cx));
        this.pending = None;
        let chunk = match result {
            Ok(Ok(chunk)) => chunk,
            Ok(Err(error)) => return Poll::Ready(Some(Err(error))),
            Err(join_error) => return Poll::Ready(Some(Err(io::Error::other(join_error)))),
        };
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

/// Reads exactly `len` bytes at `offset`. A file that shrank under us fails the stream (the
/// client sees a cut response), rather than sending bytes of another version.
fn read_chunk(file: &File, offset: u64, len: usize) -> io::Result<Bytes> {
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, offset)?;
    Ok(Bytes::from(buf))
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
        let mut body = FileBody::new(temp_file(&data), span);
        assert_eq!(body.size_hint().exact(), Some(span.size()));
        let mut got = Vec::new();
        while let Some(frame) = body.frame().await {
            let chunk = frame.expect("frame").into_data().expect("data");
            assert!(chunk.len() as u64 <= CHUNK_SIZE);
            got.extend_from_slice(&chunk);
        }
        assert_eq!(got, &data[1000..=250_000]);
    }

    #[tokio::test]
    async fn a_file_that_shrank_fails_instead_of_sending_other_bytes() {
        let file = temp_file(&[7u8; 100]);
        file.set_len(10).expect("truncate");
        let body = FileBody::new(file, ByteRange { first: 0, last: 99 });
        assert!(body.collect().await.is_err());
    }
}
