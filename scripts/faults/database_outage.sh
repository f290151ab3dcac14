#!/usr/bin/env bash
# Fault test (issue 16): PostgreSQL stops under a running server and comes back.
#  - meanwhile, what needs the database answers 503 with a JSON body within a few seconds (not
#    the pool's 30 s), and a Subsonic call answers its failed envelope, never a hang or a 5xx page;
#  - a listener who was signed in a moment before goes on streaming and seeking (the track's
#    file and who the key stands for were looked up already);
#  - when the database is back, everything answers again without a restart.
# Usage: scripts/faults/database_outage.sh [SERVER_BINARY] (default target/debug/server).
set -euo pipefail
source "$(dirname "$0")/../lib/tools.sh"
source "$(dirname "$0")/../lib/postgres.sh"
cd "$ROOT"
server=$(realpath "${1:-target/debug/server}")
work=$(mktemp -d "${TMPDIR:-/tmp}/cadenza-outage.XXXXXX")
start_test_postgres
trap 'kill "${serving:-}" 2>/dev/null || true; stop_test_postgres; rm -rf "$work"' EXIT

export DATABASE_URL="$TEST_DATABASE_URL" CADENZA_MEDIA_DIR="$ROOT/media" \
  CADENZA_TOKEN_KEY_FILE="$work/token.key" CADENZA_CACHE_DIR="$work/cache"
"$server" scan >/dev/null
printf '%s\n' "outage test passphrase" | "$server" user add ada --admin >/dev/null
key=$("$server" user api-key ada --label outage 2>/dev/null)
port=$(free_local_port)
"$server" serve --no-scan --no-watch --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
serving=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/health" >/dev/null && break; sleep 0.1; done

failures=0
# expect NAME STATUS BODY_PATTERN MAX_SECONDS CURL_ARGS…: one request; its status, body and time
# checked.
expect() {
  local name=$1 status=$2 pattern=$3 max=$4; shift 4
  local got
  got=$(curl -s -m 10 -o "$work/body" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $key" "$@")
  if [ "${got%% *}" = "$status" ] && grep -aq -- "$pattern" "$work/body" \
     && awk -v t="${got#* }" -v m="$max" 'BEGIN { exit !(t <= m) }'; then
    printf '  ok    %-44s %s in %ss\n' "$name" "${got%% *}" "${got#* }"
  else
    printf '  FAIL  %-44s got %s, body: %s\n' "$name" "$got" "$(head -c 120 "$work/body")"
    failures=$((failures + 1))
  fi
}

log "database up"
expect "track list" 200 '"items"' 5 "$base/api/tracks?per_page=1"
expect "stream, a range" 206 'ID3' 1 -r 0-99 "$base/music/track?track_id=1"
expect "subsonic ping" 200 '"status":"ok"' 1 "$base/rest/ping?apiKey=$key&f=json"

log "database stopped"
_as_pg_user "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null
expect "track list: 503 with a JSON body" 503 '"LIBRARY_UNAVAILABLE"' 5 "$base/api/tracks?per_page=1"
expect "stream goes on at once (a seek's range)" 206 '' 1 -r 100000-100099 "$base/music/track?track_id=1"
expect "subsonic call: its failed envelope" 200 '"status":"failed"' 5 \
  "$base/rest/getAlbumList2?apiKey=$key&f=json&type=newest"

log "database back"
_as_pg_user "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_TEST_PORT -k $PG_TEST_DIR" start >/dev/null
expect "track list again" 200 '"items"' 5 "$base/api/tracks?per_page=1"
expect "subsonic again" 200 '"albumList2"' 5 "$base/rest/getAlbumList2?apiKey=$key&f=json&type=newest"

if [ "$failures" -ne 0 ]; then
  tail -n 20 "$work/server.log" >&2
  exit 1
fi
log "database outage: all answers as expected"
