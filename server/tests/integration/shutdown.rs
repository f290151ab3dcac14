//! SIGTERM to the real server: it stops accepting at once, lets a stream in flight finish, cuts
//! one that stalls after the grace period, and exits 0 either way.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::common::TestApp;

/// A valid WAV of `seconds` of silence (16-bit mono, 44.1 kHz): about 88 KB a second.
fn silent_wav(seconds: u32) -> Vec<u8> {
    let data_len = seconds * 44_100 * 2;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&44_100u32.to_le_bytes());
    wav.extend_from_slice(&88_200u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    wav.resize(44 + data_len as usize, 0);
    wav
}

struct Server {
    child: Child,
    addr: std::net::SocketAddr,
}

impl Server {
    async fn start(app: &TestApp) -> Self {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port");
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args([
                "serve",
                "--no-scan",
                "--no-watch",
                "--addr",
                &addr.to_string(),
            ])
            .env("DATABASE_URL", app.database.url())
            .env("CADENZA_MEDIA_DIR", &app.media)
            .env("CADENZA_CACHE_DIR", app.cache.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the server");
        let started = Instant::now();
        while TcpStream::connect(addr).await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(30), "no server");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self { child, addr }
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
    }

    /// Waits for the process to end; its exit status and how long it took.
    async fn exit(mut self, within: Duration) -> (std::process::ExitStatus, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return (status, started.elapsed());
            }
            if started.elapsed() > within {
                let _ = self.child.kill();
                panic!("the server did not exit within {within:?}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Asks for the whole file of `id` on a socket with a small receive buffer; returns the
/// stream after the head, and the length it announced.
async fn start_stream(app: &TestApp, addr: std::net::SocketAddr, id: i64) -> (TcpStream, usize) {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(4096).expect("rcvbuf");
    let mut stream = socket.connect(addr).await.expect("connect");
    let request = format!(
        "GET /music/track?track_id={id} HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n\
         Connection: close\r\n\r\n",
        app.cookie()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.expect("head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("content-length");
    (stream, length)
}

async fn app_with_a_long_track() -> (TestApp, i64, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("long.wav"), silent_wav(120)).expect("wav");
    let app = TestApp::with_media(dir.path().to_path_buf()).await;
    let id = app.track_id("long.wav").await;
    (app, id, dir)
}

/// A new connection is refused soon after SIGTERM.
async fn refused_within(addr: std::net::SocketAddr, within: Duration) {
    let started = Instant::now();
    while TcpStream::connect(addr).await.is_ok() {
        assert!(
            started.elapsed() < within,
            "still accepting {within:?} after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn sigterm_stops_accepting_lets_the_stream_in_flight_finish_and_exits_0() {
    let (app, id, _dir) = app_with_a_long_track().await;
    let server = Server::start(&app).await;
    let (mut stream, length) = start_stream(&app, server.addr, id).await;
    let mut first = vec![0u8; 64 * 1024];
    stream.read_exact(&mut first).await.expect("some of it");

    server.terminate();
    refused_within(server.addr, Duration::from_secs(2)).await;
    let mut rest = Vec::new();
    tokio::time::timeout(Duration::from_secs(8), stream.read_to_end(&mut rest))
        .await
        .expect("the rest in time")
        .expect("read");
    assert_eq!(
        first.len() + rest.len(),
        length,
        "the stream in flight ended whole"
    );
    let (status, _) = server.exit(Duration::from_secs(5)).await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn a_stalled_listener_is_cut_after_the_grace_period_and_the_server_exits_0() {
    let (app, id, _dir) = app_with_a_long_track().await;
    let server = Server::start(&app).await;
    // Takes the head and then nothing: the server's buffers fill and its send waits.
    let (_stalled, length) = start_stream(&app, server.addr, id).await;
    assert!(length > 5_000_000);
    tokio::time::sleep(Duration::from_millis(300)).await;

    server.terminate();
    refused_within(server.addr, Duration::from_secs(2)).await;
    let (status, took) = server.exit(Duration::from_secs(20)).await;
    assert!(status.success(), "{status:?}");
    assert!(
        took >= Duration::from_secs(5),
        "it waited for the stream ({took:?})"
    );
}
