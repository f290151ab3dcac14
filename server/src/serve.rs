//! The server loop: hyper (HTTP/1.1 and HTTP/2) with a small per-connection write buffer,
//! so a slow listener holds at most one body chunk in memory instead of hyper's default ~400 KiB,
//! and graceful shutdown that lets running responses finish.

use std::future::Future;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// hyper's read and write buffer limit per connection (its minimum is 8 KiB): requests never
/// need more, and a response chunk waiting for a slow socket is never joined by others.
const MAX_CONNECTION_BUFFER: usize = 16 * 1024;

/// Kernel send buffer per connection. Left to autotuning, loopback and fast links let the kernel
/// take megabytes of a file at once for a listener who plays it at 16 KiB/s: copied for nothing,
/// at the cost of every other listener's first byte. A quarter megabyte (the kernel doubles it) is
/// seconds of audio ahead for any bitrate, and keeps a slow listener's chunks small.
const SEND_BUFFER: usize = 128 * 1024;

/// How long running responses may go on after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

pub async fn serve(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .max_buf_size(MAX_CONNECTION_BUFFER)
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a little instead of spinning.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let _ = rustix::net::sockopt::set_socket_send_buffer_size(&stream, SEND_BUFFER);
        // The peer address reaches handlers as `ConnectInfo` (the sign-in throttle keys on it).
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut request: http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        ));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some responses were cut short by the shutdown");
    }
}
