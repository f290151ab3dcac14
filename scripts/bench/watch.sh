#!/usr/bin/env bash
# Live library benchmark: at 100,000 files, how long until a file copied into the watched media
# folder is in the list (and until a deleted one is gone), what the watch costs to set up, and the
# watching server's idle CPU and memory.
#
#   scripts/bench/watch.sh
#
# 1. Builds the release server (unless SERVER_BIN is given) and makes, once, in
#    target/bench/watch/, a library of BENCH_FILES files in folders of 100 (10 album folders to an
#    artist folder): hard links of the demo's MP3, FLAC, OGG and Opus files under distinct names.
# 2. A fresh SQLite database: `server scan` (the first scan), then `server scan` again with nothing
#    changed: what one incremental scan of the whole tree costs, which the watcher does not pay.
# 3. `server serve --no-scan` (watching by default); the time until its log says it watches.
# 4. Its CPU time over BENCH_IDLE_SECONDS idle seconds (utime + stime from /proc/PID/stat), and
#    its resident memory.
# 5. BENCH_ROUNDS times: a tagless WAV (its title is its file name) is copied into one album
#    folder; GET /api/tracks?q=NAME is polled every 10 ms over one keep-alive connection until it
#    lists it; then the file is deleted and polled until it is gone.
# Results: a Markdown section on stdout; raw logs and JSON in target/bench/watch/last-run/.
#
# Environment (defaults in brackets):
#   BENCH_FILES [100000]  BENCH_IDLE_SECONDS [60]  BENCH_ROUNDS [10]
#   SERVER_BIN [target/release/server, built with cargo build --release]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../lib/tools.sh"
source "$HERE/bench_key.sh"
source "$HERE/bench_server.sh"
cd "$ROOT"

FILES="${BENCH_FILES:-100000}"
IDLE="${BENCH_IDLE_SECONDS:-60}"
ROUNDS="${BENCH_ROUNDS:-10}"
WORK="$ROOT/target/bench/watch"
RUN="$WORK/last-run"
MEDIA="$WORK/media-$FILES"
PY="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE=1

bench_start "$RUN"

ensure_apt sox
bench_server_copy "$TMP"

log "making the library ($FILES files) in $MEDIA"
seeds=()
for f in "Lumen Drift/Harbour Lights/01 - Morning Tide.mp3" "Lumen Drift/Harbour Lights/02 - Café Arpeggio.flac" \
	"Lumen Drift/Harbour Lights/03 - Lantern Walk.ogg" "Lumen Drift/Paper Skies/01 - Sommernächte.opus"; do
	seeds+=(--seed-file "$ROOT/media/$f")
done
"$PY" "$HERE/watch_bench.py" make-library --out "$MEDIA" --files "$FILES" "${seeds[@]}"
FOLDERS=$(find "$MEDIA" -type d | wc -l)
sox -n -r 22050 -c 1 "$TMP/arrival.wav" synth 1 pluck D4

url="sqlite://$WORK/watch.db?mode=rwc"
rm -f "$WORK/watch.db" "$WORK/watch.db-wal" "$WORK/watch.db-shm"
scan() {
	local start end line
	start=$(date +%s.%N)
	line=$("$TMP/server" --media-dir "$MEDIA" --database-url "$url" scan 2>>"$RUN/scan.log") ||
		{ tail -n 20 "$RUN/scan.log" >&2; die "scan failed"; }
	end=$(date +%s.%N)
	printf '%s (process %s s)\n' "$line" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')"
}
log "first scan"
FIRST_SCAN="$(scan)"
log "$FIRST_SCAN"
log "a second scan, nothing changed"
RESCAN="$(scan)"
log "$RESCAN"
bench_api_key "$TMP/server" "$url" "$TMP/headers" "$RUN/user.log"

port="$("$PY" "$HERE/bench_util.py" free-port)"
started=$(date +%s.%N)
"$TMP/server" --media-dir "$MEDIA" --database-url "$url" serve --no-scan --addr "127.0.0.1:$port" \
	>"$RUN/serve.log" 2>&1 &
SERVER_PID=$!
"$PY" "$HERE/bench_util.py" wait-http "http://127.0.0.1:$port/health" --expect-body ok --timeout 60 --pid "$SERVER_PID" ||
	{ tail -n 20 "$RUN/serve.log" >&2; die "the server did not start"; }
for _ in $(seq 600); do
	grep -q "watching the media folder for changes" "$RUN/serve.log" && break
	grep -q "cannot watch the media folder" "$RUN/serve.log" && { tail -n 5 "$RUN/serve.log" >&2; die "not watching"; }
	sleep 0.1
done
WATCHING=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
log "watching after $WATCHING s ($FOLDERS folders)"
sleep 2 # the track list loads into memory after start-up

log "idle CPU over $IDLE s"
IDLE_JSON="$("$PY" "$HERE/watch_bench.py" idle-cpu --pid "$SERVER_PID" --seconds "$IDLE")"
RSS="$(awk '/VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$SERVER_PID/status")"
log "idle: $IDLE_JSON, RSS $RSS"

log "$ROUNDS rounds: copy a file in, delete it"
LATENCY_JSON="$("$PY" "$HERE/watch_bench.py" latency --base "http://127.0.0.1:$port" --header-file "$TMP/headers" \
	--media "$MEDIA" --wav "$TMP/arrival.wav" --rounds "$ROUNDS" --json "$RUN/latency.json")"
log "latency: $LATENCY_JSON"
BATCHES="$(grep -c "media folder changed" "$RUN/serve.log" || true)"
BATCH_EXAMPLE="$(grep "media folder changed" "$RUN/serve.log" | tail -n 2 | sed 's/.*media folder changed: //' | paste -sd ';' -)"
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=

MACHINE="nproc $(nproc); CPU $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); disk $(df -h --output=source,fstype "$WORK" | tail -n1 | awk '{print $1 " (" $2 ")"}'); kernel $(uname -r); fs.inotify.max_user_watches $(cat /proc/sys/fs/inotify/max_user_watches)"
cat <<REPORT
Date: $(date -u '+%Y-%m-%d %H:%M UTC')
Command: \`BENCH_FILES=$FILES BENCH_IDLE_SECONDS=$IDLE BENCH_ROUNDS=$ROUNDS scripts/bench/watch.sh\`
Machine: $MACHINE
cadenza: $SERVER_DESC
Library: $FILES files (hard links of 4 demo files) in $FOLDERS folders; SQLite

| what | result |
|---|---|
| first scan | $FIRST_SCAN |
| whole-tree incremental rescan, nothing changed | $RESCAN |
| serve start until the watch is in place | $WATCHING s |
| idle CPU over $IDLE s, watching | $IDLE_JSON |
| resident memory, watching, list loaded | $RSS |
| copy in → listed by GET /api/tracks ($ROUNDS rounds) | $(echo "$LATENCY_JSON" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print("median %.2f s, max %.2f s" % (d["listed_median_s"], d["listed_max_s"]))') |
| delete → gone from the list | $(echo "$LATENCY_JSON" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); print("median %.2f s, max %.2f s" % (d["gone_median_s"], d["gone_max_s"]))') |
| scans of changes logged ($BATCHES); the last two | $BATCH_EXAMPLE |
REPORT
