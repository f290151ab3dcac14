//! Entry point: parse the command line, connect and migrate, then serve or scan.

use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use leptos::config::get_configuration;
use server::cli::{Cli, Command, ServeArgs};
use server::library::{scan_library, ScanOptions};
use server::{db, http, router, telemetry, AppState};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init();
    let db = db::connect(&cli.database_url)
        .await
        .with_context(|| format!("cannot open the library database {}", cli.database_url))?;

    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Scan(args) => {
            let summary = scan_library(
                &db,
                &cli.media_dir,
                ScanOptions {
                    full: args.full,
                    progress: true,
                },
            )
            .await
            .context("scan failed")?;
            println!("scan: {summary}");
            Ok(())
        }
        Command::Serve(args) => {
            let mut leptos_options = get_configuration(None)?.leptos_options;
            if let Some(addr) = args.addr {
                leptos_options.site_addr = addr;
            }
            let addr = leptos_options.site_addr;
            let state = AppState::new(leptos_options, db, cli.media_dir.clone());
            if args.no_scan {
                spawn_list_warm_up(state.clone());
            } else {
                spawn_startup_scan(state.clone());
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            tracing::info!("listening on http://{addr}");
            http::serve(listener, router(state), shutdown_signal()).await;
            Ok(())
        }
    }
}

/// Scans in the background: the server answers at once, and the list fills as the scan ends.
fn spawn_startup_scan(state: AppState) {
    tokio::spawn(async move {
        match scan_library(&state.db, &state.media_root, ScanOptions::default()).await {
            Ok(summary) => {
                tracing::info!("library scan: {summary}");
                if summary.changed_anything() {
                    Arc::clone(&state.tracks).invalidate();
                }
            }
            Err(error) => tracing::error!(%error, "library scan failed"),
        }
        warm_up_list(&state).await;
    });
}

/// Loads the track list's index before the first listener asks for it.
fn spawn_list_warm_up(state: AppState) {
    tokio::spawn(async move { warm_up_list(&state).await });
}

async fn warm_up_list(state: &AppState) {
    let started = std::time::Instant::now();
    match state.list.page(&Default::default()).await {
        Ok(page) => tracing::info!(
            tracks = page.total,
            "track list index loaded in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        ),
        Err(error) => tracing::warn!(%error, "track list index not loaded"),
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
