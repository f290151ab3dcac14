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
cargo test --locked -p app --features ssr
# The server's suite twice: on SQLite (temporary files), then on a real PostgreSQL server, the one
# TEST_DATABASE_URL names or else a throwaway cluster started here (each test makes its own database).
env -u TEST_DATABASE_URL cargo test --locked -p server
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
cargo leptos build

log "browser tests (Playwright, Debian Chromium)"
(cd end2end && CI=${CI:-} npx playwright test)

log "all tests passed"
