#!/usr/bin/env bash
# Collection benchmark (issue 13): at 100,000 tracks, the album grid and album pages on the
# server, and a 5,000-track playlist in the browser.
#
#   scripts/bench/collection.sh                  # uses the existing release build if there is one
#   BENCH_BUILD=1 scripts/bench/collection.sh    # `cargo leptos build --release --precompress` first
#
# 1. The release build (server + WASM, as scripts/serve.sh and seek_playing.sh) unless it is there,
#    and the library generator (server/examples/gen_library.rs). The library is library.sh's
#    query library: BENCH_TRACKS tiny real files, seed 2, generated once into
#    target/bench/library/media-100000-s2 (shared with library.sh; about 30 s).
# 2. A fresh SQLite database in target/bench/collection/: `server scan`; a user `bench` with a
#    random password (standard input; the password is kept in a shell variable and handed to the
#    two clients in their environment only: on no command line, in no file, log or report); a
#    playlist of BENCH_PLAYLIST_ENTRIES tracks for bench, written straight into the database
#    with sqlite3 (tables playlists and playlist_tracks, as `create_playlist` writes them: positions
#    from 0), tracks picked in a fixed pseudo-random order.
# 3. BENCH_FIRST_ROUNDS times: `server serve --no-scan` (watching, as by default), wait until it
#    watches, sign in, and time the first GET /albums?sort=artist&page=1 (the album snapshot loads
#    then), the same again, and one album page (collection_queries.py first).
# 4. On the last of those servers: collection_queries.py: BENCH_REQUESTS requests per case at
#    each of BENCH_CONCURRENCY: GET /albums?sort=artist&page=N (random N), GET /albums/{id}
#    (random album), POST /api/album_grid and POST /api/album_page; p50/p90/p99, server and client
#    CPU. Then 20 requests each of the playlist's page (GET /playlists/{id}) and of its server
#    function (POST /api/playlist), one at a time: what the browser waits for before the first byte.
# 5. The playlist in headless Chromium (playlist_browser.mjs): BENCH_LOADS page loads, then 15
#    moves by the move buttons and 5 drags, each timed from the input to the new order in the DOM
#    and to the next frame, with the long tasks around it.
# Results: target/bench/collection/results.md (Markdown for docs/BENCHMARKS.md); raw JSON and logs in
# target/bench/collection/last-run/. Every process it starts is stopped on exit.
#
# Environment (defaults in brackets):
#   BENCH_TRACKS [100000]  BENCH_REQUESTS [2000]  BENCH_CONCURRENCY [1,8]  BENCH_FIRST_ROUNDS [3]
#   BENCH_PLAYLIST_ENTRIES [5000]  BENCH_LOADS [3]  BENCH_BROWSER [1]  BENCH_BUILD [0]
#   BENCH_EXTRA_CSS: a style sheet the browser run adds to the page (an experiment; see playlist_browser.mjs)
#   SERVER_BIN [target/release/server]  GEN_LIBRARY_BIN [target/release/examples/gen_library]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/tools.sh"
cd "$ROOT" # `serve` finds target/site relative to its working directory

COMMAND="$(
	while IFS= read -r var; do printf '%s=%q ' "$var" "${!var}"; done < <(compgen -e | grep -E '^(BENCH_|SERVER_BIN$|GEN_LIBRARY_BIN$)' | sort)
	printf 'scripts/bench/collection.sh'
)"

TRACKS="${BENCH_TRACKS:-100000}"
REQUESTS="${BENCH_REQUESTS:-2000}"
CONCURRENCY="${BENCH_CONCURRENCY:-1,8}"
FIRST_ROUNDS="${BENCH_FIRST_ROUNDS:-3}"
ENTRIES="${BENCH_PLAYLIST_ENTRIES:-5000}"
LOADS="${BENCH_LOADS:-3}"
BROWSER="${BENCH_BROWSER:-1}"
WORK="$ROOT/target/bench/collection"
RUN="$WORK/last-run"
OUT="$WORK/results.md"
PY="${PYTHON:-python3}"
UTIL="$HERE/bench_util.py"
export PYTHONDONTWRITEBYTECODE=1

die() {
	log "error: $*"
	exit 1
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

rm -rf "$RUN"
mkdir -p "$RUN"
TMP="$(mktemp -d)"
SERVER_PID=
stop_server() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
}
cleanup() {
	stop_server
	rm -rf "$TMP"
}
trap cleanup EXIT

# --- binaries ------------------------------------------------------------------------------------
ensure_apt sox lame flac vorbis-tools opus-tools ffmpeg sqlite3 # the generator's encoders; sqlite3
ensure_node_tools # Playwright, and npm's wasm-opt for a release build
SERVER_BIN="${SERVER_BIN:-$ROOT/target/release/server}"
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$SERVER_BIN" ] || [ ! -s target/site/pkg/cadenza.wasm ]; then
	log "cargo leptos build --release --precompress"
	cargo leptos build --release --precompress
fi
GEN_LIBRARY_BIN="${GEN_LIBRARY_BIN:-$ROOT/target/release/examples/gen_library}"
if [ ! -x "$GEN_LIBRARY_BIN" ]; then
	log "building the library generator (release)"
	cargo build --release -p server --example gen_library
fi
cp "$SERVER_BIN" "$TMP/server" # private copies: a rebuild cannot swap them mid-run
cp "$GEN_LIBRARY_BIN" "$TMP/gen_library"
SERVER_DESC="$SERVER_BIN (built $(date -u -r "$SERVER_BIN" '+%Y-%m-%d %H:%M UTC')), git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server app frontend || echo '+local changes')"
WASM_DESC="target/site/pkg/cadenza.wasm (built $(date -u -r target/site/pkg/cadenza.wasm '+%Y-%m-%d %H:%M UTC'))"

# --- the library (library.sh's query library, same folder) ---------------------------------------
MEDIA="$ROOT/target/bench/library/media-$TRACKS-s2"
if ! "$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if (m["count"], m["seed"]) == (int(sys.argv[2]), 2) else 1)' \
	"$MEDIA/.gen-library.json" "$TRACKS" 2>/dev/null; then
	log "generating $TRACKS files (seed 2) in $MEDIA"
	mkdir -p "$(dirname "$MEDIA")"
	"$TMP/gen_library" --out "$MEDIA" --count "$TRACKS" --seed 2 >"$RUN/gen.log"
	tail -n1 "$RUN/gen.log" >&2
fi
find "$MEDIA" -type f -print0 | xargs -0 cat >/dev/null # in the page cache for the scan

# --- the database --------------------------------------------------------------------------------
DB="$WORK/collection.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
URL="sqlite://$DB?mode=rwc"
log "scanning $TRACKS files into $DB"
SCAN_LINE="$("$TMP/server" --media-dir "$MEDIA" --database-url "$URL" scan 2>"$RUN/scan.log")" ||
	{ tail -n 20 "$RUN/scan.log" >&2; die "scan failed"; }
log "$SCAN_LINE"
BENCH_PASSWORD="$(head -c 24 /dev/urandom | base64)"
printf '%s\n' "$BENCH_PASSWORD" | "$TMP/server" --database-url "$URL" user add bench >"$RUN/user.log" 2>&1 ||
	{ cat "$RUN/user.log" >&2; die "could not add the user bench"; }

# The playlist: the first ENTRIES tracks in a fixed pseudo-random order (by id * 7919 mod a prime).
sqlite3 "$DB" <<-SQL
	PRAGMA foreign_keys = ON;
	INSERT INTO playlists (owner_id, name, comment, public, created_at, changed_at)
	  SELECT id, 'Bench $ENTRIES', '', 0, CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER)
	  FROM users WHERE name = 'bench';
	INSERT INTO playlist_tracks (playlist_id, position, track_id)
	  SELECT (SELECT MAX(id) FROM playlists), ROW_NUMBER() OVER (ORDER BY (id * 7919) % 100003, id) - 1, id
	  FROM tracks ORDER BY (id * 7919) % 100003, id LIMIT $ENTRIES;
SQL
PLAYLIST="$(sqlite3 "$DB" 'SELECT MAX(id) FROM playlists')"
PLAYLIST_ROWS="$(sqlite3 "$DB" "SELECT COUNT(*) FROM playlist_tracks WHERE playlist_id = $PLAYLIST")"
[ "$PLAYLIST_ROWS" = "$ENTRIES" ] || die "the playlist has $PLAYLIST_ROWS entries, not $ENTRIES"
# The albums the grid shows: those with tracks (server/src/domain/db/shelf.rs).
sqlite3 "$DB" 'SELECT DISTINCT album_id FROM tracks WHERE album_id IS NOT NULL ORDER BY 1' >"$RUN/album-ids.txt"
COUNTS="$(sqlite3 -separator ' ' "$DB" "SELECT (SELECT COUNT(*) FROM tracks), (SELECT COUNT(DISTINCT album_id) FROM tracks WHERE album_id IS NOT NULL), (SELECT COUNT(*) FROM artists), (SELECT COUNT(*) FROM tracks WHERE album_id IS NULL)")"
read -r N_TRACKS N_ALBUMS N_ARTISTS N_LOOSE <<<"$COUNTS"
log "$N_TRACKS tracks, $N_ALBUMS albums with tracks, $N_ARTISTS artists, $N_LOOSE tracks without an album; playlist $PLAYLIST with $ENTRIES entries"

# --- the server ----------------------------------------------------------------------------------
PORT="$("$PY" "$UTIL" free-port)"
BASE="http://127.0.0.1:$PORT"
start_server() {
	local started
	started=$(date +%s.%N)
	"$TMP/server" --media-dir "$MEDIA" --database-url "$URL" serve --no-scan --addr "127.0.0.1:$PORT" \
		>>"$RUN/serve.log" 2>&1 &
	SERVER_PID=$!
	"$PY" "$UTIL" wait-http "$BASE/health" --expect-body ok --timeout 60 --pid "$SERVER_PID" ||
		{ tail -n 20 "$RUN/serve.log" >&2; die "the server did not start"; }
	# Wait until the watch is in place: setting it up is busy work that is not the grid's.
	for _ in $(seq 600); do
		[ "$(grep -c "watching the media folder for changes" "$RUN/serve.log")" -ge "$1" ] && break
		sleep 0.1
	done
	sleep 1
	log "server up and watching after $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s (with 1 s of quiet)"
}

LOAD_START="$(load)"
: >"$RUN/first.jsonl"
for round in $(seq "$FIRST_ROUNDS"); do
	[ "$round" = 1 ] || stop_server
	start_server "$round"
	BENCH_PASSWORD="$BENCH_PASSWORD" "$PY" "$HERE/collection_queries.py" first --base "$BASE" \
		--albums-file "$RUN/album-ids.txt" --seed "$round" >>"$RUN/first.jsonl"
	log "first requests, round $round: $(tail -n1 "$RUN/first.jsonl")"
done
FIRST_LOAD="$(load)"

log "latency: $REQUESTS requests per case, concurrency $CONCURRENCY (load $(load))"
LOAD_BEFORE_CASES="$(load)"
BENCH_PASSWORD="$BENCH_PASSWORD" "$PY" "$HERE/collection_queries.py" --base "$BASE" \
	--albums-file "$RUN/album-ids.txt" --requests "$REQUESTS" --concurrency "$CONCURRENCY" \
	--server-pid "$SERVER_PID" --playlist "$PLAYLIST" --json "$RUN/cases.json" >/dev/null ||
	log "warning: some requests failed (see $RUN/cases.json)"
LOAD_AFTER_CASES="$(load)"
RSS="$(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")"

BROWSER_MD=""
if [ "$BROWSER" = 1 ]; then
	LOAD_BEFORE_BROWSER="$(load)"
	log "the playlist in Chromium (load $LOAD_BEFORE_BROWSER)"
	BENCH_URL="$BASE" BENCH_PASSWORD="$BENCH_PASSWORD" BENCH_PLAYLIST="$PLAYLIST" BENCH_ENTRIES="$ENTRIES" \
		BENCH_LOADS="$LOADS" BENCH_EXTRA_CSS="${BENCH_EXTRA_CSS:-}" BENCH_JSON="$RUN/playlist-browser.json" \
		node "$HERE/playlist_browser.mjs" >"$RUN/playlist-summary.json" 2>"$RUN/playlist-browser.log" ||
		{ tail -n 30 "$RUN/playlist-browser.log" >&2; die "the browser run failed"; }
	LOAD_AFTER_BROWSER="$(load)"
	BROWSER_MD="browser: load average $LOAD_BEFORE_BROWSER before, $LOAD_AFTER_BROWSER after; Chromium $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).chromium)' "$RUN/playlist-browser.json")"
fi
stop_server

# --- report --------------------------------------------------------------------------------------
MACHINE="nproc $(nproc); CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
"$PY" "$HERE/collection_report.py" --run "$RUN" \
	--meta "Date: $(date -u '+%Y-%m-%d %H:%M UTC')" \
	--meta "Command: \`$COMMAND\`" \
	--meta "Machine: $MACHINE" \
	--meta "Load average (1, 5, 15 min): at the start $LOAD_START; after the first-request rounds $FIRST_LOAD; before the latency cases $LOAD_BEFORE_CASES, after them $LOAD_AFTER_CASES${BROWSER_MD:+; $BROWSER_MD}" \
	--meta "cadenza: $SERVER_DESC; $WASM_DESC; SQLite (WAL) on $(df --output=source "$WORK" | tail -n1); server RSS after the cases $RSS" \
	--meta "Library: $N_TRACKS tracks ($SCAN_LINE), $N_ALBUMS albums with tracks, $N_ARTISTS artists, $N_LOOSE tracks without an album; playlist of $ENTRIES entries" \
	| tee "$OUT"
log "results written to $OUT"
