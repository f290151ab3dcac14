#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests, then the browser tests in
# Debian's Chromium against the real server. Installs what is missing first. Exits non-zero on
# the first failure.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$ROOT"

# A CI run builds everything once: incremental caches would only cost disk (gigabytes) and time.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

ensure_apt chromium sox lame
ensure_rust_tools
ensure_node_tools

log "formatting"
cargo fmt --all -- --check

log "lints (server, app for the server, app for the browser)"
cargo clippy --locked -p server --all-targets -- -D warnings
cargo clippy --locked -p app --features ssr --all-targets -- -D warnings
cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

log "unit and integration tests"
cargo test --locked -p app --features ssr
cargo test --locked -p server

log "building the site for the browser tests"
cargo leptos build

log "browser tests (Playwright, Debian Chromium)"
(cd end2end && CI=${CI:-} npx playwright test)

log "all tests passed"
