# Shared by scripts/serve.sh and scripts/test.sh: installs what is missing, skips what is there.
# Versions that build with this machine's Rust are explained in README.md ("Toolchain").

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CARGO_LEPTOS_VERSION=0.3.10

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages, installed only when one is missing.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The wasm32 target, cargo-leptos, and wasm-bindgen-cli at exactly the version in Cargo.lock.
ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
    log "installing cargo-leptos ${CARGO_LEPTOS_VERSION} (about 12 minutes on 2 cores, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  local bindgen
  bindgen=$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -q " ${bindgen}\$"; then
    log "installing wasm-bindgen-cli ${bindgen}"
    # Its own lockfile pins a crate this registry lacks: resolve afresh, within our Rust version.
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version "$bindgen"
  fi
}

# The npm packages of end2end/ (Playwright, and binaryen's wasm-opt for release builds), first on
# PATH so cargo-leptos never tries to download its own wasm-opt.
ensure_node_tools() {
  # Node may come from another source than Debian (this image has Node 20 with its own npm).
  command -v node >/dev/null && command -v npm >/dev/null || ensure_apt nodejs npm
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] \
     || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    log "installing the npm packages of end2end/"
    (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  fi
  export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
}
