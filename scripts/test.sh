#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests, then the browser tests in
# Debian's Chromium against the real server, and two published Subsonic client libraries against
# it. Installs what is missing first. Exits non-zero on the first failure.
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

# Every cargo step below builds with the settings cargo-leptos gives a debug build
# (`--cfg erase_components`, and LEPTOS_OUTPUT_NAME, which leptos reads at compile time), and the
# server and the app are always selected together (one feature resolution): so no dependency,
# build script or macro is compiled twice, and the browser tests' server is the binary the tests
# built.
export RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=cadenza
SERVER_AND_APP=(--locked -p server -p app --features app/ssr)

log "lints (server and app for the server, app for the browser)"
cargo clippy "${SERVER_AND_APP[@]}" --all-targets -- -D warnings
# The browser's code as a release build compiles it (without erase_components).
env -u RUSTFLAGS cargo clippy --locked -p frontend --target wasm32-unknown-unknown -- -D warnings

log "unit and integration tests"
# The suites twice: on SQLite (temporary files), then on a real PostgreSQL server, the one
# TEST_DATABASE_URL names or else a throwaway cluster started here (each test makes its own database).
env -u TEST_DATABASE_URL cargo test "${SERVER_AND_APP[@]}"
# Timing tests (an unknown user costs what a wrong password does), alone so nothing else skews them.
env -u TEST_DATABASE_URL cargo test "${SERVER_AND_APP[@]}" -- --ignored --test-threads=1
log "server tests again on PostgreSQL"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  cargo test "${SERVER_AND_APP[@]}" --test integration
else
  start_test_postgres
  cargo test "${SERVER_AND_APP[@]}" --test integration
  stop_test_postgres
  unset TEST_DATABASE_URL
fi

log "fault: PostgreSQL stops under the server and comes back"
# A cluster of its own (stopped and started again), the binary the tests built.
scripts/faults/database_outage.sh target/debug/server

log "building the site for the browser tests"
# The WASM, styles and assets; the server is target/debug/server, which the tests built.
cargo leptos build --frontend-only
test -x target/debug/server

log "browser tests (Playwright, Debian Chromium)"
(cd end2end && CI=${CI:-} npx playwright test)

log "Subsonic client libraries (py-opensonic, subsonic-api)"
# Two published clients against the same server binary, over a small generated library; the
# script installs its own venv and node_modules.
end2end/subsonic/run.sh

log "all tests passed"
