//! The command line: `server [serve]` runs the web app, `server scan` fills the library and exits.
//! Every option can also come from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::domain::db::DatabaseUrl;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Cadenza: stream your music library to a browser"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// The folder that holds the music.
    #[arg(
        long,
        global = true,
        env = "CADENZA_MEDIA_DIR",
        default_value = "media"
    )]
    pub media_dir: PathBuf,

    /// Where the library lives: `sqlite://…` (default, created on first start) or `postgres://…`.
    /// Its password is never printed.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        default_value = "sqlite://data/cadenza.db?mode=rwc",
        hide_env_values = true
    )]
    pub database_url: DatabaseUrl,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Scan the media folder into the library, then exit.
    Scan(ScanArgs),
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: LEPTOS_SITE_ADDR or 127.0.0.1:3000].
    #[arg(long, env = "CADENZA_ADDR")]
    pub addr: Option<SocketAddr>,

    /// Do not scan the media folder at start-up.
    #[arg(long)]
    pub no_scan: bool,
}

#[derive(Debug, Default, clap::Args)]
pub struct ScanArgs {
    /// Re-read every file, even those whose size and modification time are unchanged.
    #[arg(long)]
    pub full: bool,
}
