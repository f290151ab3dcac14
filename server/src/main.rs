//! Entry point: parse the command line, connect and migrate, then serve, scan or manage users.

use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use leptos::config::get_configuration;
use server::auth_config::AuthConfig;
use server::cli::{Cli, Command, ServeArgs};
use server::domain::library::{ScanOptions, Thumbnails, WatchOptions};
use server::domain::{db, Accounts, Library};
use server::{router, serve, telemetry, users_command, AppState};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init();
    let url = &cli.database_url;
    let db = match db::connect(url.expose()).await {
        Ok(db) => db,
        // The driver's message may quote the URL: it is shown without the password.
        Err(error) => anyhow::bail!(
            "cannot open the library database {url}: {}",
            url.scrub(&error.to_string())
        ),
    };
    let accounts = Arc::new(Accounts::new(db.clone()).with_token_key_file(cli.token_key_file()));
    let library = Arc::new(
        Library::open(db, cli.media_dir.clone())
            .await
            .context("cannot read the library's state")?,
    );

    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::User(command) => users_command::run(&accounts, command).await,
        Command::Scan(args) => {
            let options = ScanOptions {
                full: args.full,
                progress: true,
            };
            let summary = library.scan(options).await.context("scan failed")?;
            println!("scan: {summary}");
            Ok(())
        }
        Command::Serve(args) => {
            let mut leptos_options = get_configuration(None)?.leptos_options;
            if let Some(addr) = args.addr {
                leptos_options.site_addr = addr;
            }
            let addr = leptos_options.site_addr;
            let thumbnails = Arc::new(Thumbnails::new(&args.cache_dir(&cli.database_url)));
            let auth = Arc::new(AuthConfig {
                public_url: args.public_url,
                trusted_proxies: args.trusted_proxies,
            });
            announce_setup(&accounts, &auth, addr).await?;
            library.follow();
            // Watching starts before the start-up scan, so nothing changed meanwhile is missed;
            // its first batch waits for that scan to end.
            library.keep_up(WatchOptions {
                watch: !args.no_watch,
                scan_every: args.scan_interval.map(std::time::Duration::from_secs),
                ..WatchOptions::default()
            });
            let scan = !args.no_scan;
            tokio::spawn(start_up(Arc::clone(&library), scan));
            let state = AppState::new(leptos_options, library, accounts, auth, thumbnails);
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            tracing::info!("listening on http://{addr}");
            serve::serve(listener, router(state), shutdown_signal()).await;
            Ok(())
        }
    }
}

/// With no users yet, prints the one-time setup link (on standard output, not the log: it is a
/// secret for whoever runs the server).
async fn announce_setup(
    accounts: &Accounts,
    auth: &AuthConfig,
    addr: std::net::SocketAddr,
) -> anyhow::Result<()> {
    let Some(token) = accounts.setup_token().await? else {
        return Ok(());
    };
    let base = auth
        .public_origin()
        .map_or_else(|| format!("http://{addr}"), str::to_owned);
    println!(
        "\nNo account exists yet. Open this one-time setup link to create the first (admin) \
         account:\n\n    {base}/setup?token={token}\n\n(or run `server user add NAME --admin`; \
         a new link is made at every start until an account exists)\n"
    );
    Ok(())
}

/// In the background, so the server answers at once: the scan (unless `--no-scan`), then the
/// track list loaded into memory before the first listener asks for it.
async fn start_up(library: Arc<Library>, scan: bool) {
    if scan {
        match library.scan(ScanOptions::default()).await {
            Ok(summary) => tracing::info!("library scan: {summary}"),
            Err(error) => tracing::error!(%error, "library scan failed"),
        }
    }
    let started = std::time::Instant::now();
    match library.tracks(&Default::default()).await {
        Ok(page) => tracing::info!(
            tracks = page.total,
            "track list loaded in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ),
        Err(error) => tracing::warn!(%error, "track list not loaded"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
