# Shared by the bench scripts that run the release server. Source it after scripts/lib/tools.sh
# (it uses `log` and ROOT).

# die MESSAGE: logs the error and ends the script (its EXIT trap cleans up).
die() {
	log "error: $*"
	exit 1
}

# bench_server_copy DIR: builds the release server unless SERVER_BIN names one, copies it to
# DIR/server (a rebuild cannot swap it mid-run) and sets SERVER_DESC (which binary, when built,
# from which commit).
bench_server_copy() {
	if [ -z "${SERVER_BIN:-}" ]; then
		log "building the server (release)"
		LEPTOS_OUTPUT_NAME=cadenza cargo build --release --locked -p server --bin server
	fi
	SERVER_BIN="${SERVER_BIN:-$ROOT/target/release/server}"
	cp "$SERVER_BIN" "$1/server"
	SERVER_DESC="$SERVER_BIN (built $(date -r "$SERVER_BIN" '+%Y-%m-%d %H:%M')), git $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- server app || echo '+local changes')"
}

# bench_start RUN: empties RUN (the raw logs of this run) and makes TMP, a temporary folder; at
# exit, the server SERVER_PID (once a script sets it) is stopped and TMP removed.
bench_start() {
	rm -rf "$1"
	mkdir -p "$1"
	TMP="$(mktemp -d)"
	SERVER_PID=
	trap bench_cleanup EXIT
}

bench_cleanup() {
	if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$TMP"
}
