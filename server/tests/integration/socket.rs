//! The real HTTP server loop over a loopback socket: ranges arrive intact, and a listener that
//! hangs up mid-file does not disturb the next one, nor keep its stream going.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The server loop on a free port: its address, the switch that stops it, and its task, which
/// ends once every connection has ended.
async fn start(
    app: &crate::common::TestApp,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = server::router(app.state.clone());
    let serving = tokio::spawn(server::serve::serve(listener, router, async {
        let _ = stopped.await;
    }));
    (addr, stop, serving)
}

/// Sends one request and reads the whole answer (the server closes: `Connection: close`).
async fn exchange(addr: std::net::SocketAddr, request: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("answer in time")
        .expect("read");
    answer
}

#[tokio::test]
async fn a_range_over_a_socket_arrives_byte_exact_and_hang_ups_are_harmless() {
    let app = crate::common::TestApp::demo().await;
    let id = app.track_id("Night Garden.wav").await;
    let file = std::fs::read(app.track_path(id).await).expect("demo file");
    let (addr, stop, serving) = start(&app).await;
    let cookie = app.cookie();

    // A listener that reads a little of the whole file and hangs up.
    let mut early = TcpStream::connect(addr).await.expect("connect");
    let get =
        format!("GET /music/track?track_id={id} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n");
    early.write_all(get.as_bytes()).await.expect("send");
    let mut some = [0u8; 4096];
    let n = early.read(&mut some).await.expect("read");
    assert!(n > 0);
    drop(early);

    let answer = exchange(
        addr,
        &format!("GET /music/track?track_id={id} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nRange: bytes=500000-\r\nConnection: close\r\n\r\n"),
    )
    .await;
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("head")
        + 4;
    let head = String::from_utf8_lossy(&answer[..split]).to_lowercase();
    assert!(head.starts_with("http/1.1 206"), "{head}");
    assert!(
        head.contains(&format!(
            "content-range: bytes 500000-{}/{}",
            file.len() - 1,
            file.len()
        )),
        "{head}"
    );
    assert_eq!(&answer[split..], &file[500_000..]);

    // The listener that hung up holds nothing open: a graceful stop, which waits up to ten
    // seconds for running responses, ends at once.
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(3), serving)
        .await
        .expect("the hung-up stream ended, so the server stops at once")
        .expect("server task");
}
