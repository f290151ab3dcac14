#!/usr/bin/env bash
# Builds the app (release) and serves it on http://127.0.0.1:3000 over the demo library in media/.
# Installs what is missing first. Extra arguments go to the server, e.g. `-- --media-dir ~/Music`.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$ROOT"

ensure_rust_tools
ensure_node_tools

log "building and serving on http://127.0.0.1:3000 (Ctrl-C stops)"
exec cargo leptos serve --release "$@"
