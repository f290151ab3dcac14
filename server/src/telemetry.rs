//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (default: info for our crates;
//! lofty's per-file notes, such as a duration estimated from the bitrate, only as errors, or a
//! large library's scan would print one line per file; notify's notes, such as a watch that was
//! gone already when its folder was removed, only as warnings).

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=warn,lofty=error,notify=warn")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
