//! The command line: `server [serve]` runs the web app, `server scan` fills the library and exits,
//! `server user …` manages accounts. Every option can also come from the environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

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

    /// The key that encrypts the secrets of API keys made for Subsonic token authentication;
    /// made at first use. Every instance on one database needs the same file [default:
    /// `token.key` beside the SQLite database, else `./token.key`].
    #[arg(
        long,
        global = true,
        env = "CADENZA_TOKEN_KEY_FILE",
        value_name = "FILE"
    )]
    pub token_key_file: Option<PathBuf>,
}

impl Cli {
    /// The token key's file: as given, else beside the SQLite database, else here.
    pub fn token_key_file(&self) -> PathBuf {
        if let Some(file) = &self.token_key_file {
            return file.clone();
        }
        let beside_database = self.database_url.sqlite_file().and_then(Path::parent);
        beside_database.map_or_else(|| PathBuf::from("token.key"), |dir| dir.join("token.key"))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app (the default).
    Serve(ServeArgs),
    /// Scan the media folder into the library, then exit.
    Scan(ScanArgs),
    /// Manage accounts: add, list, change a password, disable, make an API key.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input when it is not a terminal (one
    /// line), else asked for twice; never from the command line, where `ps` would show it.
    Add {
        name: String,
        /// May manage users and start rescans.
        #[arg(long)]
        admin: bool,
    },
    /// List the users.
    List,
    /// Set a user's password (read like `add` does); ends all of the user's sessions.
    Passwd { name: String },
    /// Disable a user: their sessions end, their keys and links stop working.
    Disable { name: String },
    /// Enable a disabled user again.
    Enable { name: String },
    /// Make a new API key for a user and print it, once: it is stored only as a hash.
    ApiKey {
        name: String,
        /// What the key is for, shown in lists of keys.
        #[arg(long, default_value = "")]
        label: String,
        /// Also let Subsonic apps sign in with a salted token over this key (`t` and `s`): the
        /// key is then kept encrypted under the token key, not only as a hash.
        #[arg(long)]
        subsonic_token: bool,
    },
}

#[derive(Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on [default: LEPTOS_SITE_ADDR or 127.0.0.1:3000].
    #[arg(long, env = "CADENZA_ADDR")]
    pub addr: Option<SocketAddr>,

    /// Do not scan the media folder at start-up.
    #[arg(long)]
    pub no_scan: bool,

    /// Do not watch the media folder for changes (then it is scanned periodically only with
    /// `--scan-interval`).
    #[arg(long, env = "CADENZA_NO_WATCH")]
    pub no_watch: bool,

    /// Seconds between incremental scans of the media folder where it is not watched: with
    /// `--no-watch`, or where watching is not possible (a network mount, the inotify limit),
    /// which falls back to one every 300 s unless this is given.
    #[arg(long, env = "CADENZA_SCAN_INTERVAL", value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub scan_interval: Option<u64>,

    /// The address listeners use, e.g. `https://music.example.org`. With https, the session
    /// cookie is `Secure` (named `__Host-…`); the setup link is printed with it.
    #[arg(long, env = "CADENZA_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// A reverse proxy whose `X-Forwarded-For` is believed (repeat, or separate with commas).
    #[arg(
        long = "trusted-proxy",
        env = "CADENZA_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Where cover thumbnails are kept [default: `cache` beside the SQLite database, else
    /// `./cache`].
    #[arg(long, env = "CADENZA_CACHE_DIR", value_name = "FOLDER")]
    pub cache_dir: Option<PathBuf>,
}

impl ServeArgs {
    /// The cache folder: as given, else `cache` beside the SQLite database (as the database's
    /// own folder is made on first start), else `cache` in the working folder.
    pub fn cache_dir(&self, database: &DatabaseUrl) -> PathBuf {
        if let Some(dir) = &self.cache_dir {
            return dir.clone();
        }
        let beside_database = database.sqlite_file().and_then(Path::parent);
        beside_database.map_or_else(|| PathBuf::from("cache"), |dir| dir.join("cache"))
    }
}

#[derive(Debug, Default, clap::Args)]
pub struct ScanArgs {
    /// Re-read every file, even those whose size and modification time are unchanged.
    #[arg(long)]
    pub full: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache_dir(given: Option<&str>, database: &str) -> PathBuf {
        let args = ServeArgs {
            cache_dir: given.map(PathBuf::from),
            ..ServeArgs::default()
        };
        args.cache_dir(&database.parse().expect("url"))
    }

    #[test]
    fn the_cache_is_beside_the_sqlite_database_unless_given() {
        let default = "sqlite://data/cadenza.db?mode=rwc";
        assert_eq!(cache_dir(None, default), Path::new("data/cache"));
        assert_eq!(cache_dir(None, "sqlite://cadenza.db"), Path::new("cache"));
        assert_eq!(cache_dir(None, "postgres://u:p@h/db"), Path::new("cache"));
        assert_eq!(
            cache_dir(Some("/var/cache/cadenza"), default),
            Path::new("/var/cache/cadenza")
        );
    }
}
