#!/usr/bin/env bash
# Subsonic API benchmark (issue 14): at 100,000 tracks, on SQLite and on PostgreSQL, the latency
# of getAlbumList2, search3, getArtists and getIndexes, and an app's full offline sync by search3.
#
#   scripts/bench/subsonic.sh                    # uses the existing release build if there is one
#   BENCH_BUILD=1 scripts/bench/subsonic.sh      # builds the release server first
#
# 1. The release server (`cargo build --release -p server`, as bench_server.sh builds it; the
#    Subsonic door needs no WASM) unless it is there or BENCH_BUILD=1, and the library generator
#    (server/examples/gen_library.rs). The library is library.sh's query library: BENCH_TRACKS tiny
#    real files, seed 2, generated once into target/bench/library/media-100000-s2 (shared with
#    library.sh and collection.sh; about 30 s).
# 2. For each database of BENCH_DATABASES: a fresh database (SQLite: a file in
#    target/bench/subsonic/; PostgreSQL: a throwaway cluster of scripts/lib/postgres.sh with its
#    default durability, or BENCH_DATABASE_URL), `server scan`, a user `bench` with a random
#    password (standard input), an API key (`server user api-key bench --label bench`) and a
#    second key made with `--subsonic-token` (for u+t+s). The password and the keys are kept in
#    shell variables and handed to subsonic_queries.py in its environment only: on no command
#    line, in no file, log or report. The token key file is in the temporary folder.
# 3. `server serve --no-scan --no-watch`; subsonic_queries.py `first` (the first calls after a
#    start: the album snapshot and the track list index load), `cases` (BENCH_REQUESTS calls per
#    case at each of BENCH_CONCURRENCY, signed in by apiKey; then u+p and u+t+s at concurrency 1)
#    and `sync` (BENCH_SYNC_ROUNDS full syncs by search3, pages of BENCH_SYNC_PAGE songs).
# Results: target/bench/subsonic/results.md (Markdown for docs/BENCHMARKS.md); raw JSON and logs
# in target/bench/subsonic/last-run/. Every process it starts is stopped on exit.
#
# Environment (defaults in brackets):
#   BENCH_TRACKS [100000]  BENCH_REQUESTS [1000]  BENCH_CONCURRENCY [1,8]  BENCH_AUTH_REQUESTS [500]
#   BENCH_SYNC_ROUNDS [3]  BENCH_SYNC_PAGE [500]  BENCH_DATABASES ["sqlite postgres"]  BENCH_BUILD [0]
#   BENCH_DATABASE_URL: a PostgreSQL admin URL to use instead of a throwaway cluster (its role
#     must be able to CREATE DATABASE)
#   SERVER_BIN [target/release/server]  GEN_LIBRARY_BIN [target/release/examples/gen_library]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/tools.sh"
source "$HERE/../lib/postgres.sh"
cd "$ROOT"

COMMAND="$(
	while IFS= read -r var; do printf '%s=%q ' "$var" "${!var}"; done < <(compgen -e | grep -E '^(BENCH_|SERVER_BIN$|GEN_LIBRARY_BIN$)' | grep -v '^BENCH_DATABASE_URL$' | sort)
	printf 'scripts/bench/subsonic.sh'
)"

TRACKS="${BENCH_TRACKS:-100000}"
REQUESTS="${BENCH_REQUESTS:-1000}"
CONCURRENCY="${BENCH_CONCURRENCY:-1,8}"
AUTH_REQUESTS="${BENCH_AUTH_REQUESTS:-500}"
SYNC_ROUNDS="${BENCH_SYNC_ROUNDS:-3}"
SYNC_PAGE="${BENCH_SYNC_PAGE:-500}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
WORK="$ROOT/target/bench/subsonic"
RUN="$WORK/last-run"
OUT="$WORK/results.md"
PY="${PYTHON:-python3}"
UTIL="$HERE/bench_util.py"
DRIVER="$HERE/subsonic_queries.py"
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
	stop_test_postgres
	rm -rf "$TMP"
}
trap cleanup EXIT

# --- binaries ------------------------------------------------------------------------------------
ensure_apt sox lame flac vorbis-tools opus-tools ffmpeg sqlite3 # the generator's encoders; sqlite3
SERVER_BIN="${SERVER_BIN:-$ROOT/target/release/server}"
GEN_LIBRARY_BIN="${GEN_LIBRARY_BIN:-$ROOT/target/release/examples/gen_library}"
build=()
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$SERVER_BIN" ]; then build+=(--bin server); fi
[ -x "$GEN_LIBRARY_BIN" ] || build+=(--example gen_library)
if [ ${#build[@]} -gt 0 ]; then
	log "building ${build[*]} (release)"
	LEPTOS_OUTPUT_NAME=cadenza cargo build --release --locked -p server "${build[@]}"
fi
cp "$SERVER_BIN" "$TMP/server" # private copies: a rebuild cannot swap them mid-run
cp "$GEN_LIBRARY_BIN" "$TMP/gen_library"
# Uncommitted changes to the server's sources are in the binary only if they are older than it.
LOCAL=""
while IFS= read -r file; do
	[ -f "$file" ] || continue
	if [ "$(date -r "$file" +%s)" -le "$(date -r "$SERVER_BIN" +%s)" ]; then
		LOCAL="+local changes"
	elif [ -z "$LOCAL" ]; then
		LOCAL=" (local changes made after the build are not in it)"
	fi
done < <(git diff --name-only HEAD -- server/src server/Cargo.toml app/src app/Cargo.toml Cargo.lock)
SERVER_DESC="$SERVER_BIN (built $(date -u -r "$SERVER_BIN" '+%Y-%m-%d %H:%M UTC')), git $(git rev-parse --short HEAD)$LOCAL"
# A binary older than the last commit to the server's code is not the commit above: say so.
LAST_CHANGE="$(git log -1 --format=%ct -- server app Cargo.lock)"
if [ "$(date -r "$SERVER_BIN" +%s)" -lt "$LAST_CHANGE" ]; then
	SERVER_DESC="$SERVER_DESC (**older than the last commit to server/, app/ or Cargo.lock, $(git log -1 --format=%h -- server app Cargo.lock): rebuild with BENCH_BUILD=1**)"
	log "warning: $SERVER_BIN is older than the last change to the server's code"
fi

# --- the library (library.sh's query library, same folder) ---------------------------------------
MEDIA="$ROOT/target/bench/library/media-$TRACKS-s2"
if ! "$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if (m["count"], m["seed"]) == (int(sys.argv[2]), 2) else 1)' \
	"$MEDIA/.gen-library.json" "$TRACKS" 2>/dev/null; then
	log "generating $TRACKS files (seed 2) in $MEDIA"
	mkdir -p "$(dirname "$MEDIA")"
	"$TMP/gen_library" --out "$MEDIA" --count "$TRACKS" --seed 2 >"$RUN/gen.log"
	tail -n1 "$RUN/gen.log" >&2
fi

# --- databases -----------------------------------------------------------------------------------
PG_ADMIN_URL=
if [[ " $DATABASES " == *" postgres "* ]]; then
	if [ -n "${BENCH_DATABASE_URL:-}" ]; then
		PG_ADMIN_URL="$BENCH_DATABASE_URL"
	else
		PG_TEST_DURABLE=1 start_test_postgres
		trap cleanup EXIT # start_test_postgres set its own
		PG_ADMIN_URL="$TEST_DATABASE_URL"
	fi
	PSQL="${PG_TEST_BIN:-$(postgres_bin_dir)}/psql"
	PG_VERSION="$("$PSQL" "$PG_ADMIN_URL" -qAtc 'SHOW server_version')"
	PG_SETTINGS="$("$PSQL" "$PG_ADMIN_URL" -qAtc "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem')")"
fi

# fresh_db KIND: prints the URL of a new, empty database.
fresh_db() {
	case "$1" in
	sqlite)
		rm -f "$WORK/subsonic.db" "$WORK/subsonic.db-wal" "$WORK/subsonic.db-shm"
		printf 'sqlite://%s?mode=rwc\n' "$WORK/subsonic.db"
		;;
	postgres)
		"$PSQL" "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS bench_subsonic" -c "CREATE DATABASE bench_subsonic" >/dev/null
		"$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/bench_subsonic")))' "$PG_ADMIN_URL"
		;;
	*) die "unknown database '$1' in BENCH_DATABASES" ;;
	esac
}

# sql KIND URL QUERY: one row of a query, fields separated by spaces.
sql() {
	case "$1" in
	sqlite) sqlite3 -separator ' ' "$WORK/subsonic.db" "$3" ;;
	postgres) "$PSQL" "$2" -qAt -F ' ' -c "$3" ;;
	esac
}

# server_cli URL ARGS…: the server's command line on this database, messages in user.log.
server_cli() {
	local url="$1"
	shift
	"$TMP/server" --media-dir "$MEDIA" --database-url "$url" --token-key-file "$TMP/token.key" "$@" 2>>"$RUN/user.log"
}

# key_of OUTPUT: the key in the output of `server user api-key`.
key_of() {
	[[ "$1" =~ (^|$'\n')(cadenza_[^[:space:]]+) ]] || die "no key in the output of \`server user api-key\`"
	printf '%s' "${BASH_REMATCH[2]}"
}

MACHINE="nproc $(nproc); CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); disk $(df -h --output=source,fstype "$WORK" | tail -n1 | awk '{print $1 " (" $2 ")"}'); kernel $(uname -r)"
LOAD_START="$(load)"
BUSY_BEFORE="$("$PY" "$UTIL" cpu-busy --seconds 2)"
log "load average $LOAD_START; CPU busy just before the run: $BUSY_BEFORE"

for kind in $DATABASES; do
	url="$(fresh_db "$kind")"
	log "$kind: scanning $TRACKS files"
	find "$MEDIA" -type f -print0 | xargs -0 cat >/dev/null # in the page cache for the scan
	SCAN_LINE="$("$TMP/server" --media-dir "$MEDIA" --database-url "$url" scan 2>"$RUN/scan-$kind.log")" ||
		{ tail -n 20 "$RUN/scan-$kind.log" >&2; die "scan failed ($kind)"; }
	log "$kind: $SCAN_LINE"

	BENCH_PASSWORD="$(head -c 24 /dev/urandom | base64)"
	printf '%s\n' "$BENCH_PASSWORD" | server_cli "$url" user add bench >/dev/null ||
		{ tail -n 20 "$RUN/user.log" >&2; die "could not add the user bench"; }
	BENCH_API_KEY="$(key_of "$(server_cli "$url" user api-key bench --label bench)")" ||
		{ tail -n 20 "$RUN/user.log" >&2; die "could not make an API key"; }
	BENCH_TOKEN_KEY="$(key_of "$(server_cli "$url" user api-key bench --label bench-token --subsonic-token)")" ||
		{ tail -n 20 "$RUN/user.log" >&2; die "could not make a token key"; }

	read -r N_TRACKS N_ALBUMS N_ARTISTS <<<"$(sql "$kind" "$url" "SELECT (SELECT COUNT(*) FROM tracks), (SELECT COUNT(DISTINCT album_id) FROM tracks WHERE album_id IS NOT NULL), (SELECT COUNT(DISTINCT artist_id) FROM albums WHERE id IN (SELECT album_id FROM tracks))")"
	log "$kind: $N_TRACKS tracks, $N_ALBUMS albums with tracks, $N_ARTISTS album artists"
	if [ "$kind" = sqlite ]; then
		DB_DESC="SQLite (bundled with sqlx, WAL, synchronous=NORMAL) on $(df --output=source "$WORK" | tail -n1)"
	else
		DB_DESC="PostgreSQL $PG_VERSION, throwaway cluster on 127.0.0.1 (scripts/lib/postgres.sh), $PG_SETTINGS"
	fi

	port="$("$PY" "$UTIL" free-port)"
	base="http://127.0.0.1:$port"
	"$TMP/server" --media-dir "$MEDIA" --database-url "$url" --token-key-file "$TMP/token.key" \
		serve --no-scan --no-watch --addr "127.0.0.1:$port" >"$RUN/serve-$kind.log" 2>&1 &
	SERVER_PID=$!
	"$PY" "$UTIL" wait-http "$base/health" --expect-body ok --timeout 60 --pid "$SERVER_PID" ||
		{ tail -n 20 "$RUN/serve-$kind.log" >&2; die "the server did not start ($kind)"; }
	sleep 1

	export BENCH_API_KEY BENCH_PASSWORD BENCH_TOKEN_KEY # for the driver only (its environment)
	log "$kind: first calls after the start"
	"$PY" "$DRIVER" first --base "$base" --json "$RUN/first-$kind.json" >/dev/null ||
		die "the first calls failed ($kind)"
	LOAD_BEFORE_CASES="$(load)"
	log "$kind: $REQUESTS calls per case at concurrency $CONCURRENCY (load $LOAD_BEFORE_CASES)"
	"$PY" "$DRIVER" cases --base "$base" --albums "$N_ALBUMS" --requests "$REQUESTS" \
		--concurrency "$CONCURRENCY" --auth-requests "$AUTH_REQUESTS" --server-pid "$SERVER_PID" \
		--json "$RUN/cases-$kind.json" >/dev/null ||
		log "warning: some calls failed on $kind (see $RUN/cases-$kind.json)"
	LOAD_AFTER_CASES="$(load)"
	log "$kind: $SYNC_ROUNDS full syncs by search3, $SYNC_PAGE songs a page (load $LOAD_AFTER_CASES)"
	"$PY" "$DRIVER" sync --base "$base" --expect-songs "$N_TRACKS" --page "$SYNC_PAGE" \
		--rounds "$SYNC_ROUNDS" --server-pid "$SERVER_PID" --json "$RUN/sync-$kind.json" >/dev/null ||
		log "warning: a sync was incomplete on $kind (see $RUN/sync-$kind.json)"
	LOAD_AFTER_SYNC="$(load)"
	RSS="$(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")"
	stop_server
	unset BENCH_API_KEY BENCH_PASSWORD BENCH_TOKEN_KEY

	DB_DESC="$DB_DESC" LIBRARY_DESC="$N_TRACKS tracks ($SCAN_LINE), $N_ALBUMS albums with tracks, $N_ARTISTS album artists" \
		LOAD_BEFORE_CASES="$LOAD_BEFORE_CASES" LOAD_AFTER_CASES="$LOAD_AFTER_CASES" LOAD_AFTER_SYNC="$LOAD_AFTER_SYNC" RSS="$RSS" \
		"$PY" -c 'import json, os, sys; e = os.environ; json.dump({"database": e["DB_DESC"], "library": e["LIBRARY_DESC"], "load_before_cases": e["LOAD_BEFORE_CASES"], "load_after_cases": e["LOAD_AFTER_CASES"], "load_after_sync": e["LOAD_AFTER_SYNC"], "rss": e["RSS"]}, open(sys.argv[1], "w"), indent=2)' \
		"$RUN/meta-$kind.json"
done

# --- report --------------------------------------------------------------------------------------
"$PY" "$DRIVER" report --run "$RUN" --databases "$DATABASES" \
	--meta "Date: $(date -u '+%Y-%m-%d %H:%M UTC')" \
	--meta "Command: \`$COMMAND\`" \
	--meta "Machine: $MACHINE" \
	--meta "Load average (1, 5, 15 min) at the start: $LOAD_START; CPU busy just before: $BUSY_BEFORE; at the end: $(load)" \
	--meta "cadenza: $SERVER_DESC; \`serve --no-scan --no-watch\`" \
	| tee "$OUT"
log "results written to $OUT"
