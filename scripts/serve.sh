#!/usr/bin/env bash
# Builds the app (release) and serves it on http://127.0.0.1:3000 over the demo library in media/.
# Installs what is missing first. Server options come from the environment, e.g.
# `CADENZA_MEDIA_DIR=~/Music ./scripts/serve.sh` (see README.md, "Using it").
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$ROOT"

ensure_rust_tools
ensure_node_tools

log "building and serving on http://127.0.0.1:3000 (Ctrl-C stops)"
# --precompress writes .br/.gz beside the site's files, which the server then sends to browsers that
# accept them (the WASM: about 230 KB brotli instead of 710 KB).
exec cargo leptos serve --release --precompress
