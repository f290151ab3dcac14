#!/usr/bin/env bash
# The size of the release WASM, quickly: builds only the browser crate (`frontend`, profile
# wasm-release), then runs wasm-bindgen and wasm-opt the way `cargo leptos build --release` does
# (the flags are read from `wasm-opt-features` in Cargo.toml), and prints raw and gzip -9 bytes.
# About a minute after a change to `app/`, against ten for a full release build; used for the
# per-change table in docs/BENCHMARKS.md ("Release WASM and JS"). The full build's file is
# measured by scripts/bench/seek_playing.sh.
#
#   scripts/bench/wasm_size.sh [label]     # appends "<time> <label> raw=… gzip=…" to target/bench/wasm-size.log
#
# Leaves in target/bench/wasm/: named.wasm (after wasm-bindgen, function names kept, for
# `twiggy top`/`twiggy paths`) and cadenza.wasm (after wasm-opt, what the browser gets).
set -euo pipefail
source "$(dirname "$0")/../lib/tools.sh"
cd "$ROOT"
ensure_rust_tools
ensure_node_tools

# The environment cargo-leptos gives the front-end build (read at compile time by Leptos).
export LEPTOS_OUTPUT_NAME=cadenza LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=frontend \
  LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=true LEPTOS_HASH_FILES=false
cargo build --locked --package=frontend --lib --target-dir="$ROOT/target/front" \
  --target=wasm32-unknown-unknown --no-default-features --profile=wasm-release

out=target/bench/wasm
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target=web --out-name=cadenza --out-dir="$out" \
  target/front/wasm32-unknown-unknown/wasm-release/frontend.wasm
mv "$out/cadenza_bg.wasm" "$out/named.wasm"
mapfile -t flags < <(python3 -c '
import tomllib
with open("Cargo.toml", "rb") as f:
    meta = tomllib.load(f)["workspace"]["metadata"]["leptos"][0]
print("\n".join(meta["wasm-opt-features"]))')
wasm-opt "${flags[@]}" "$out/named.wasm" -o "$out/cadenza.wasm"

raw=$(wc -c <"$out/cadenza.wasm")
gz=$(gzip -9 -c "$out/cadenza.wasm" | wc -c)
line="$(date -u '+%Y-%m-%d %H:%M') git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- app frontend Cargo.toml || echo '+changes') ${1:-} raw=$raw gzip=$gz"
echo "$line" | tee -a target/bench/wasm-size.log
