#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests, then the browser tests in
# Debian's Chromium against the real server. Installs what is missing first. Exits non-zero on
# the first failure.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
source "$(dirname "$0")/lib/postgres.sh"
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
# The tests' build is also the browser tests' server: built once with the settings cargo-leptos
# gives a debug build (`--cfg erase_components`, and LEPTOS_OUTPUT_NAME, which leptos reads at
# compile time), so no dependency is compiled twice. The lints above check the code without
# them, as a release build compiles it.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=cadenza
cargo test --locked -p app --features ssr
# The server's suite twice: on SQLite (temporary files), then on a real PostgreSQL server, the one
# TEST_DATABASE_URL names or else a throwaway cluster started here (each test makes its own database).
env -u TEST_DATABASE_URL cargo test --locked -p server
# Timing tests (an unknown user costs what a wrong password does), alone so nothing else skews them.
env -u TEST_DATABASE_URL cargo test --locked -p server --test integration -- --ignored --test-threads=1
log "server tests again on PostgreSQL"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  cargo test --locked -p server
else
  start_test_postgres
  cargo test --locked -p server
  stop_test_postgres
  unset TEST_DATABASE_URL
fi

log "building the site for the browser tests"
# The WASM, styles and assets; the server binary is the one the server's tests just built.
cargo leptos build --frontend-only
cargo build --locked -p server

log "browser tests (Playwright, Debian Chromium)"
(cd end2end && CI=${CI:-} npx playwright test)

log "all tests passed"
