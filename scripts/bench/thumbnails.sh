#!/usr/bin/env bash
# Cover thumbnail benchmark: the time to the first thumbnail (cold: decoded, scaled, encoded and
# written to the cache folder) and warm requests per second, for `GET /covers/{id}?size=256`.
#
#   scripts/bench/thumbnails.sh          # about 1 minute with a built server
#
# 1. A media folder in target/bench/thumbnails/: the demo album Harbour Lights (its cover.jpg is
#    300×300) and the demo's Paper Skies (its one track, which has no picture, beside a 2000×2000
#    cover.png of 10 MB, made once by make_cover.py), scanned into a fresh SQLite database; an API key.
# 2. `server serve --no-scan` with a fresh --cache-dir.
# 3. Cold: BENCH_COLD_ROUNDS times per album, the thumbnail folder is removed and one request
#    timed with curl (time_total).
# 4. Warm: wrk (BENCH_CONNECTIONS connections, one thread, BENCH_SECONDS s) on the thumbnail of
#    the large cover, then on the small cover as stored (`/covers/{id}`) for comparison.
# Results: a Markdown section on stdout; raw logs in target/bench/thumbnails/last-run/.
#
# Environment (defaults in brackets):
#   BENCH_COLD_ROUNDS [5]  BENCH_SECONDS [10]  BENCH_CONNECTIONS [8]
#   SERVER_BIN [target/release/server, built with cargo build --release]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/tools.sh"
source "$HERE/bench_key.sh"
source "$HERE/bench_server.sh"
cd "$ROOT"

ROUNDS="${BENCH_COLD_ROUNDS:-5}"
SECS="${BENCH_SECONDS:-10}"
CONNS="${BENCH_CONNECTIONS:-8}"
WORK="$ROOT/target/bench/thumbnails"
RUN="$WORK/last-run"
MEDIA="$WORK/media"
PY="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE=1

bench_start "$RUN"

bench_server_copy "$TMP"

log "the media folder"
mkdir -p "$MEDIA/Lumen Drift/Paper Skies"
cp -r "$ROOT/media/Lumen Drift/Harbour Lights" "$MEDIA/Lumen Drift/"
cp "$ROOT/media/Lumen Drift/Paper Skies/01 - Sommernächte.opus" "$MEDIA/Lumen Drift/Paper Skies/"
LARGE="$MEDIA/Lumen Drift/Paper Skies/cover.png"
[ -s "$LARGE" ] || "$PY" "$HERE/make_cover.py" "$LARGE" 2000

url="sqlite://$WORK/thumbnails.db?mode=rwc"
rm -f "$WORK/thumbnails.db" "$WORK/thumbnails.db-wal" "$WORK/thumbnails.db-shm"
"$TMP/server" --media-dir "$MEDIA" --database-url "$url" scan >>"$RUN/scan.log" 2>&1 ||
	{ tail -n 20 "$RUN/scan.log" >&2; die "scan failed"; }
bench_api_key "$TMP/server" "$url" "$TMP/headers" "$RUN/user.log"

CACHE="$TMP/cache"
port="$("$PY" "$HERE/bench_util.py" free-port)"
"$TMP/server" --media-dir "$MEDIA" --database-url "$url" serve --no-scan --no-watch \
	--cache-dir "$CACHE" --addr "127.0.0.1:$port" >"$RUN/serve.log" 2>&1 &
SERVER_PID=$!
"$PY" "$HERE/bench_util.py" wait-http "http://127.0.0.1:$port/health" --expect-body ok --timeout 60 --pid "$SERVER_PID" ||
	{ tail -n 20 "$RUN/serve.log" >&2; die "the server did not start"; }
BASE="http://127.0.0.1:$port"

album_id() { # the id of the album titled $1
	curl -fsS -H @"$TMP/headers" "$BASE/api/albums?per_page=500" |
		"$PY" -c 'import json, sys; print(next(a["id"] for a in json.load(sys.stdin)["items"] if a["title"] == sys.argv[1]))' "$1"
}
SMALL_ID="$(album_id "Harbour Lights")"
LARGE_ID="$(album_id "Paper Skies")"
curl -fsS -o /dev/null -H @"$TMP/headers" "$BASE/covers/$SMALL_ID" # the first connection, warmed

cold() { # median and max of ROUNDS cold requests for album $1, in ms; checks the answer is a JPEG
	local id="$1" times=() out
	for _ in $(seq "$ROUNDS"); do
		rm -rf "$CACHE/covers"
		out="$(curl -fsS -o "$TMP/thumb.jpg" -w '%{content_type} %{time_total}' -H @"$TMP/headers" "$BASE/covers/$id?size=256")"
		[ "${out%% *}" = image/jpeg ] || die "album $id: not a JPEG: $out"
		times+=("${out##* }")
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "median %.0f ms, max %.0f ms (%d rounds)", t[int((NR + 1) / 2)], t[NR], NR }'
}
log "cold thumbnails"
COLD_SMALL="$(cold "$SMALL_ID")"
COLD_LARGE="$(cold "$LARGE_ID")"
THUMB_BYTES="$(stat -c %s "$TMP/thumb.jpg")"
log "300×300 JPEG: $COLD_SMALL; 2000×2000 PNG: $COLD_LARGE"

warm() { # requests/s and latency of wrk on $1
	BENCH_HEADER_FILE="$TMP/headers" wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/header_file.lua" "$1" >"$RUN/$2.log" 2>&1 ||
		die "wrk failed on $1"
	! grep -q "Non-2xx" "$RUN/$2.log" || die "errors in $RUN/$2.log"
	awk '/Requests\/sec/ { r = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } END { printf "%.0f req/s, p50 %s, p99 %s", r, p50, p99 }' "$RUN/$2.log"
}
log "warm requests"
WARM_THUMB="$(warm "$BASE/covers/$LARGE_ID?size=256" warm-thumbnail)"
WARM_FULL="$(warm "$BASE/covers/$SMALL_ID" warm-full)"
log "thumbnail: $WARM_THUMB; full cover: $WARM_FULL"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

MACHINE="nproc $(nproc); CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); kernel $(uname -r)"
cat <<REPORT
Date: $(date -u '+%Y-%m-%d %H:%M UTC')
Command: \`BENCH_COLD_ROUNDS=$ROUNDS BENCH_SECONDS=$SECS BENCH_CONNECTIONS=$CONNS scripts/bench/thumbnails.sh\`
Machine: $MACHINE
cadenza: $SERVER_DESC
Client: $(wrk --version 2>&1 | head -n1 | awk '{print $1, $2}'), one thread, $CONNS keep-alive connections, API key; curl for the cold requests

| what (\`?size=256\`) | result |
|---|---|
| cold, 300×300 JPEG beside the files | $COLD_SMALL |
| cold, 2000×2000 PNG (10 MB) beside the files | $COLD_LARGE |
| thumbnail size (from the large cover) | $THUMB_BYTES bytes |
| warm thumbnail, ${SECS} s | $WARM_THUMB |
| warm full cover as stored (the 300×300 JPEG, $(stat -c %s "$MEDIA/Lumen Drift/Harbour Lights/cover.jpg") bytes), for comparison | $WARM_FULL |
REPORT
