#!/usr/bin/env bash
# Proves the Subsonic API (/rest/…) with two real, published client libraries rather than our own
# idea of the protocol: py-opensonic (Python, `libopensonic`) and subsonic-api (npm). Run from the
# workspace root. Builds nothing: it serves the binary that is already built
# (CADENZA_SUBSONIC_SERVER, default target/debug/server) over a small generated library in a fresh
# SQLite database, on 127.0.0.1:CADENZA_SUBSONIC_PORT (default 3200), runs both suites against it,
# and stops it. Installs what is missing (a venv and node_modules beside this script), skips what
# is there. Exits non-zero when either suite fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib/tools.sh"
cd "$ROOT"

server=${CADENZA_SUBSONIC_SERVER:-target/debug/server}
port=${CADENZA_SUBSONIC_PORT:-3200}
work=target/subsonic
media=$work/media
db=$work/subsonic.db
venv=$here/.venv

if [ ! -x "$server" ]; then
  echo "no server binary at $server: build it first (cargo build -p server)" >&2
  exit 1
fi
ensure_apt sox lame
command -v node >/dev/null && command -v npm >/dev/null || ensure_apt nodejs npm
# Debian's python3 makes venvs only with python3-venv (ensurepip); other builds have it inside.
python3 -c 'import ensurepip' 2>/dev/null || ensure_apt python3-venv

# --- the clients -------------------------------------------------------------------------------

# The venv is made again only when requirements.txt changed since it was filled (the copy kept
# inside it says what it holds), or when it no longer runs (its Python gone, an install cut short).
if ! cmp -s "$here/requirements.txt" "$venv/requirements.installed" \
   || ! "$venv/bin/python" -c 'import libopensonic' 2>/dev/null; then
  log "installing py-opensonic into end2end/subsonic/.venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  cp "$here/requirements.txt" "$venv/requirements.installed"
fi
# npm writes node_modules/.package-lock.json on every install: older than the lock file means the
# lock changed since.
if [ ! -f "$here/node_modules/.package-lock.json" ] \
   || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  log "installing subsonic-api into end2end/subsonic/node_modules"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- the library -------------------------------------------------------------------------------

# Two artists, three albums, seven tracks of 2-4 s, each with its own tags, so every listing the
# tests read (artists, albums, genres, years, track numbers, search) has something to tell apart.
# The suites import the same table from library.json, written below from these rows.
# Rows: artist | album | year | genre | track number | title | seconds | note
TRACKS=(
  "Aurora Lanes|Copper Skies|2019|Ambient|1|Morning Copper|3|C4"
  "Aurora Lanes|Copper Skies|2019|Ambient|2|Tin Rain|2|E4"
  "Aurora Lanes|Copper Skies|2019|Ambient|3|Brass Dusk|4|G4"
  "Aurora Lanes|Quiet Engines|2021|Electronic|1|Piston Lullaby|2|A3"
  "Aurora Lanes|Quiet Engines|2021|Electronic|2|Idle Gear|3|D4"
  "Basalt Choir|Harbour Lights|2015|Folk|1|Lantern Song|3|F4"
  "Basalt Choir|Harbour Lights|2015|Folk|2|Tidewater|2|B3"
)
# The album whose folder holds a cover.jpg (the others have none).
COVERED_ALBUM="Copper Skies"

log "generating the Subsonic test library in $media"
rm -rf "$media"
mkdir -p "$media"
for row in "${TRACKS[@]}"; do
  IFS='|' read -r artist album year genre number title seconds note <<<"$row"
  dir="$media/$artist/$album"
  mkdir -p "$dir"
  file="$dir/$(printf '%02d' "$number") $title.mp3"
  sox -n -r 22050 -c 1 -t wav "$work/tone.wav" synth "$seconds" pluck "$note"
  lame --quiet -b 64 --cbr --tt "$title" --ta "$artist" --tl "$album" --tn "$number" \
      --ty "$year" --tg "$genre" "$work/tone.wav" "$file"
done
rm -f "$work/tone.wav"

# A 32×32 JPEG (211 bytes), written from these bytes: no image tool is certain to be on a fresh
# machine (scripts/test.sh installs sox and lame only), and the server decodes covers to scale
# them, so it must be a real picture.
base64 -d >"$media/Aurora Lanes/$COVERED_ALBUM/cover.jpg" <<'JPEG'
/9j/4AAQSkZJRgABAgAAAQABAAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiok
JCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABMAAEBAAAAAAAAAAAAAAAAAAAABAEB
AQAAAAAAAAAAAAAAAAAAAAYQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAAR
CAAgACADASIAAhEAAxEA/9oADAMBAAIRAxEAPwC8BEq8AAAAAB//2Q==
JPEG

# The same table for the suites, so the expectations cannot drift from what was generated.
printf '%s\n' "${TRACKS[@]}" | python3 -c '
import json, sys
keys = ["artist", "album", "year", "genre", "track", "title", "seconds"]
rows = [dict(zip(keys, line.rstrip("\n").split("|"))) for line in sys.stdin]
for row in rows:
    for key in ("year", "track", "seconds"):
        row[key] = int(row[key])
json.dump({"tracks": rows, "coveredAlbum": sys.argv[1]}, sys.stdout, indent=1)
' "$COVERED_ALBUM" >"$work/library.json"

# --- the server --------------------------------------------------------------------------------

rm -f "$db" "$db-wal" "$db-shm"
rm -rf "$work/cache"
export DATABASE_URL="sqlite://$db?mode=rwc" CADENZA_MEDIA_DIR="$media"
# The server's command line, its messages kept in cli.log and shown only when it fails.
cli() {
  "$server" "$@" 2>>"$work/cli.log" || { echo "server $* failed:" >&2; cat "$work/cli.log" >&2; return 1; }
}
: >"$work/cli.log"
cli scan >/dev/null

# An administrator and a listener, made as an administrator would (password on standard input),
# and two keys of the listener's: a plain one (OpenSubsonic apiKey) and one that may also be the
# secret of classic token auth (t = md5(key + salt)), which a hashed password can never be.
admin_password="subsonic admin passphrase"
listener_password="subsonic listener passphrase"
printf '%s\n' "$admin_password" | cli user add ada --admin >/dev/null
printf '%s\n' "$listener_password" | cli user add lena >/dev/null
api_key=$(cli user api-key lena --label phone | tail -n1)
token_key=$(cli user api-key lena --label tokens --subsonic-token | tail -n1)
if [ -z "$api_key" ] || [ -z "$token_key" ]; then
  echo "the server printed no API key" >&2
  exit 1
fi

url="http://127.0.0.1:$port"
# Another server still on the port would answer /health and take the tests.
if curl -fsS --max-time 2 "$url/health" >/dev/null 2>&1; then
  echo "something already answers on $url: stop it or set CADENZA_SUBSONIC_PORT" >&2
  exit 1
fi
log "starting the server on 127.0.0.1:$port"
# NO_COLOR: its log goes to a file, read by people and by the failure summary below.
NO_COLOR=1 "$server" serve --no-scan --no-watch --addr "127.0.0.1:$port" --cache-dir "$work/cache" \
    >"$work/server.log" 2>&1 &
server_pid=$!
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT

for _ in $(seq 1 100); do
  if [ "$(curl -fsS "$url/health" 2>/dev/null)" = "ok" ]; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server stopped while starting:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.2
done
if [ "$(curl -fsS "$url/health" 2>/dev/null)" != "ok" ]; then
  echo "the server did not answer /health within 20 s:" >&2
  tail -n 50 "$work/server.log" >&2
  exit 1
fi

# --- the suites --------------------------------------------------------------------------------

export CADENZA_URL="$url" SUBSONIC_LIBRARY="$ROOT/$work/library.json" \
  SUBSONIC_USER=lena SUBSONIC_PASSWORD="$listener_password" \
  SUBSONIC_API_KEY="$api_key" SUBSONIC_TOKEN_KEY="$token_key" \
  SUBSONIC_ADMIN=ada SUBSONIC_ADMIN_PASSWORD="$admin_password"

# Both suites run whatever the first one gave, so one run reports every failure.
failed=()
log "Subsonic: py-opensonic"
(cd "$here" && PYTHONDONTWRITEBYTECODE=1 "$venv/bin/python" -m unittest -v test_py_opensonic) || failed+=(py-opensonic)
log "Subsonic: subsonic-api"
(cd "$here" && node --test --test-reporter=spec subsonic_api.test.mjs) || failed+=(subsonic-api)

if [ ${#failed[@]} -gt 0 ]; then
  echo "the server's last lines:" >&2
  tail -n 30 "$work/server.log" >&2
  echo "Subsonic client suites failed: ${failed[*]} (server log: $work/server.log)" >&2
  exit 1
fi
log "Subsonic client suites passed"
