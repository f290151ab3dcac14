//! The server's integration tests, in one binary (a 2-core machine links each test binary on its
//! own): the real router driven without a socket, and the real server loop over loopback.

mod access;
mod accounts;
mod api;
mod collection;
mod common;
mod conditional;
mod follow;
mod library;
mod migrations;
mod secrets;
mod shutdown;
mod socket;
mod start_sec;
mod stream;
mod subsonic;
mod thumbnails;
mod watch;
