#!/usr/bin/env bash
# Library benchmark: scan speed and list/search latency, on SQLite and on PostgreSQL, side by side.
#
#   scripts/bench/library.sh
#
# 1. Builds the release server and the library generator (server/examples/gen_library.rs), and
#    generates (once, cached in target/bench/library/) a 10,000-file library (seed 1) and a
#    100,000-file library (seed 2) of tiny real audio files with messy tags.
# 2. For each database, on a fresh database: the first scan of the 10k library (tracks/s), a
#    rescan with nothing changed, a rescan after 1 % of the files were touched (new mtime), and a
#    full rescan (`scan --full`, every file re-read).
# 3. For each database: scans the 100k library into a fresh database, starts `server serve
#    --no-scan`, and measures `GET /api/tracks` list and search latency p50/p99 over one keep-alive
#    connection (scripts/bench/library_queries.py). The API is for signed-in callers only: before
#    serving, a user `bench` (random password) is added to that database and given an API key,
#    which library_queries.py sends as `Authorization: Bearer KEY`; the key is kept only in a file
#    of the temporary directory (mode 600): on no command line, in no log or report.
#
# PostgreSQL is a throwaway cluster (scripts/lib/postgres.sh) with PostgreSQL's default durability
# (fsync on), unless BENCH_DATABASE_URL names a server to use (its role must be able to CREATE
# DATABASE). SQLite is a file in target/bench/library/ (WAL, synchronous=NORMAL, as the server sets).
# Files are in the page cache during the scans (they are read once before the first scan).
# Every process it starts is stopped on exit. Results: a Markdown table on stdout, also written to
# $BENCH_OUT; raw logs and JSON in target/bench/library/last-run/.
#
# Environment (defaults in brackets):
#   BENCH_FILES [10000]            files in the scan library      BENCH_SEED [1]
#   BENCH_QUERY_TRACKS [100000]    files in the query library (seed 2); 0 skips the query part
#   BENCH_CHANGED [1]              percent of files touched before the third scan
#   BENCH_DATABASES ["sqlite postgres"]
#   BENCH_REQUESTS [300]           timed requests per query case (after 20 untimed)
#   BENCH_DATABASE_URL             a PostgreSQL admin URL to use instead of a throwaway cluster
#   BENCH_OUT [target/bench/library-results.md]
#   SERVER_BIN [target/release/server, built with cargo build --release]
#   GEN_LIBRARY_BIN [target/release/examples/gen_library, built likewise]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/tools.sh"
source "$HERE/../lib/postgres.sh"
source "$HERE/bench_key.sh"
cd "$ROOT" # `serve` finds target/site relative to its working directory

COMMAND="$(
	while IFS= read -r var; do printf '%s=%q ' "$var" "${!var}"; done < <(compgen -e | grep -E '^(BENCH_|SERVER_BIN$|GEN_LIBRARY_BIN$)' | grep -v '^BENCH_DATABASE_URL$' | sort)
	printf 'scripts/bench/library.sh'
)"

FILES="${BENCH_FILES:-10000}"
SEED="${BENCH_SEED:-1}"
QUERY_TRACKS="${BENCH_QUERY_TRACKS:-100000}"
CHANGED_PCT="${BENCH_CHANGED:-1}"
DATABASES="${BENCH_DATABASES:-sqlite postgres}"
REQUESTS="${BENCH_REQUESTS:-300}"
OUT="${BENCH_OUT:-$ROOT/target/bench/library-results.md}"
WORK="$ROOT/target/bench/library"
RUN="$WORK/last-run"
PY="${PYTHON:-python3}"
UTIL="$HERE/bench_util.py"
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ next to the scripts

die() {
	log "error: $*"
	exit 1
}

rm -rf "$RUN"
mkdir -p "$RUN" "$(dirname "$OUT")"
TMP="$(mktemp -d)"
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
	stop_test_postgres
	rm -rf "$TMP"
}
trap cleanup EXIT

# --- binaries ------------------------------------------------------------------------------------
ensure_apt sox lame flac vorbis-tools opus-tools ffmpeg
build=()
[ -n "${SERVER_BIN:-}" ] || build+=(--bin server)
[ -n "${GEN_LIBRARY_BIN:-}" ] || build+=(--example gen_library)
if [ ${#build[@]} -gt 0 ]; then
	log "building ${build[*]} (release)"
	cargo build --release -p server "${build[@]}"
fi
SERVER_BIN="${SERVER_BIN:-$ROOT/target/release/server}"
GEN_LIBRARY_BIN="${GEN_LIBRARY_BIN:-$ROOT/target/release/examples/gen_library}"
# Private copies, so that a concurrent rebuild cannot swap them mid-run.
cp "$SERVER_BIN" "$TMP/server"
cp "$GEN_LIBRARY_BIN" "$TMP/gen_library"
SERVER_DESC="$SERVER_BIN (built $(date -r "$SERVER_BIN" '+%Y-%m-%d %H:%M')), git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server app || echo '+local changes')"

# --- libraries -----------------------------------------------------------------------------------
# library COUNT SEED: prints the folder, generating it unless its manifest already says so.
library() {
	local dir="$WORK/media-$1-s$2"
	if ! "$PY" -c 'import json,sys; m=json.load(open(sys.argv[1])); sys.exit(0 if (m["count"], m["seed"]) == (int(sys.argv[2]), int(sys.argv[3])) else 1)' \
		"$dir/.gen-library.json" "$1" "$2" 2>/dev/null; then
		log "generating $1 files (seed $2) in $dir"
		"$TMP/gen_library" --out "$dir" --count "$1" --seed "$2" >"$RUN/gen-$1.log"
		tail -n1 "$RUN/gen-$1.log" >&2
	fi
	printf '%s\n' "$dir"
}
warm() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }

SCAN_MEDIA="$(library "$FILES" "$SEED")"
QUERY_MEDIA=
if [ "$QUERY_TRACKS" -gt 0 ]; then QUERY_MEDIA="$(library "$QUERY_TRACKS" 2)"; fi

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

# fresh_db KIND NAME: prints the URL of a new, empty database.
fresh_db() {
	case "$1" in
	sqlite)
		rm -f "$WORK/$2.db" "$WORK/$2.db-wal" "$WORK/$2.db-shm"
		printf 'sqlite://%s?mode=rwc\n' "$WORK/$2.db"
		;;
	postgres)
		"$PSQL" "$PG_ADMIN_URL" -qAtc "DROP DATABASE IF EXISTS $2" -c "CREATE DATABASE $2" >/dev/null
		"$PY" -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$PG_ADMIN_URL" "$2"
		;;
	*) die "unknown database '$1' in BENCH_DATABASES" ;;
	esac
}

# scan KIND LABEL URL MEDIA [--full]: one `server scan`, its summary as a JSON line in $RUN/scans.jsonl.
scan() {
	local kind="$1" label="$2" url="$3" media="$4" start end line
	shift 4
	start=$(date +%s.%N)
	line=$("$TMP/server" --media-dir "$media" --database-url "$url" scan "$@" 2>>"$RUN/scan-$kind.log") ||
		{ tail -n 20 "$RUN/scan-$kind.log" >&2; die "scan failed ($kind, $label)"; }
	end=$(date +%s.%N)
	log "$kind $label: $line (process $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s)"
	# "scan: 10000 added, 0 updated, 0 removed, 0 unchanged, 0 failed in 3.21 s"
	"$PY" - "$kind" "$label" "$line" "$start" "$end" >>"$RUN/scans.jsonl" <<-'PY'
		import json, re, sys
		kind, label, line, start, end = sys.argv[1:]
		m = re.search(r"(\d+) added, (\d+) updated, (\d+) removed, (\d+) unchanged, (\d+) failed in ([\d.]+) s", line)
		keys = ["added", "updated", "removed", "unchanged", "failed"]
		row = {"db": kind, "label": label, "line": line, "process_s": float(end) - float(start)}
		if m:
		    row.update({k: int(v) for k, v in zip(keys, m.groups()[:5])})
		    row["scan_s"] = float(m.group(6))
		print(json.dumps(row))
	PY
}

# bench_key URL FILE: an API key of the user bench in FILE (scripts/bench/bench_key.sh).
bench_key() { bench_api_key "$TMP/server" "$1" "$2" "$RUN/user.log"; }

BUSY_BEFORE="$("$PY" "$UTIL" cpu-busy --seconds 2)"
log "CPU busy before the run: $BUSY_BEFORE"

for kind in $DATABASES; do
	# --- scans of the 10k library ----------------------------------------------------------------
	url="$(fresh_db "$kind" "bench_scan")"
	warm "$SCAN_MEDIA"
	scan "$kind" first "$url" "$SCAN_MEDIA"
	scan "$kind" unchanged "$url" "$SCAN_MEDIA"
	scan "$kind" unchanged2 "$url" "$SCAN_MEDIA"
	# Touch every (100 / BENCH_CHANGED)-th file: a new mtime makes the scanner re-read it.
	step=$((100 / CHANGED_PCT))
	find "$SCAN_MEDIA" -type f ! -name '.*' | LC_ALL=C sort | awk -v s="$step" 'NR % s == 0' >"$RUN/touched.txt"
	tr '\n' '\0' <"$RUN/touched.txt" | xargs -0 touch
	scan "$kind" changed "$url" "$SCAN_MEDIA"
	scan "$kind" full "$url" "$SCAN_MEDIA" --full

	# --- list and search latency at 100k tracks --------------------------------------------------
	if [ -n "$QUERY_MEDIA" ]; then
		url="$(fresh_db "$kind" "bench_query")"
		warm "$QUERY_MEDIA"
		scan "$kind" first-100k "$url" "$QUERY_MEDIA"
		bench_key "$url" "$TMP/headers-$kind"
		port="$("$PY" "$UTIL" free-port)"
		"$TMP/server" --media-dir "$QUERY_MEDIA" --database-url "$url" serve --no-scan \
			--addr "127.0.0.1:$port" >"$RUN/serve-$kind.log" 2>&1 &
		SERVER_PID=$!
		"$PY" "$UTIL" wait-http "http://127.0.0.1:$port/health" --expect-body ok --timeout 60 --pid "$SERVER_PID" ||
			{ tail -n 20 "$RUN/serve-$kind.log" >&2; die "the server did not start ($kind)"; }
		log "$kind: list and search latency ($REQUESTS requests per case)"
		"$PY" "$HERE/library_queries.py" --base "http://127.0.0.1:$port" --requests "$REQUESTS" \
			--header-file "$TMP/headers-$kind" --json "$RUN/queries-$kind.json" >/dev/null || log "warning: query benchmark failed on $kind (see $RUN/queries-$kind.json)"
		kill "$SERVER_PID"
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
done

# --- report --------------------------------------------------------------------------------------
MACHINE="nproc $(nproc); CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); disk $(df -h --output=source,fstype "$WORK" | tail -n1 | awk '{print $1 " (" $2 ")"}'); kernel $(uname -r)"
"$PY" "$HERE/library_report.py" --run "$RUN" --files "$FILES" --query-tracks "$QUERY_TRACKS" \
	--changed "$(wc -l <"$RUN/touched.txt")" --databases "$DATABASES" \
	--meta "Date: $(date -u '+%Y-%m-%d %H:%M UTC')" \
	--meta "Command: \`$COMMAND\`" \
	--meta "Machine: $MACHINE" \
	--meta "CPU busy just before the run: $BUSY_BEFORE" \
	--meta "cadenza: $SERVER_DESC" \
	--meta "SQLite: bundled with sqlx, WAL, synchronous=NORMAL, file on the disk above" \
	${PG_VERSION:+--meta "PostgreSQL: $PG_VERSION, throwaway cluster on 127.0.0.1 (scripts/lib/postgres.sh), $PG_SETTINGS"} \
	--meta "Libraries: $(tr -d '\n ' <"$SCAN_MEDIA/.gen-library.json" | cut -c1-400)" \
	| tee "$OUT"
log "results written to $OUT"
