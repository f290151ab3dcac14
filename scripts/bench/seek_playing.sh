#!/usr/bin/env bash
# The player in the browser: time to first audio and seek-to-playing in headless Chromium, plus the
# size of the release WASM and JS (raw, gzip -9, and what the server sends).
#
#   scripts/bench/seek_playing.sh            # uses the existing release build
#   BENCH_BUILD=1 scripts/bench/seek_playing.sh   # runs `cargo leptos build --release --precompress` first (as scripts/serve.sh)
#
# Generates once (cached in target/bench/browser/) a 60-minute MP3, 128 kbit/s CBR, 44.1 kHz
# stereo, title "Hour Long"; links it into a fresh temporary media folder with a fresh SQLite
# database, runs `server scan`, adds a user `bench` with a random password (the page is for
# signed-in users; the password is in no file, log or report, and dies with the temporary
# database), then `server serve --no-scan` on 127.0.0.1:$BENCH_PORT, and drives Chromium with
# seek_playing.mjs, which signs each browser context in before it opens the page (what it
# measures and how: the comment at its top). Writes
# target/bench/seek-playing.md (Markdown for docs/BENCHMARKS.md) and target/bench/seek-playing.json.
#
# Environment: BENCH_PORT [3190], BENCH_BUILD [0], SERVER_BIN [target/release/server], and those
# of seek_playing.mjs (BENCH_SEEKS [20], BENCH_LOADS [5], BENCH_SETTLE_MS [1000], BENCH_SEED [6]).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT" # the server finds target/site relative to its working directory

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

COMMAND="$(
	while IFS= read -r var; do printf '%s=%q ' "$var" "${!var}"; done < <(compgen -e | grep -E '^(BENCH_|SERVER_BIN$|CHROMIUM_PATH$)' | sort)
	printf 'scripts/bench/seek_playing.sh'
)"

PORT="${BENCH_PORT:-3190}"
SERVER_BIN="${SERVER_BIN:-target/release/server}"
CACHE=target/bench/browser
OUT_MD=target/bench/seek-playing.md
export BENCH_JSON="$ROOT/target/bench/seek-playing.json"
mkdir -p "$CACHE"

export PATH="$ROOT/end2end/node_modules/.bin:$PATH" # npm's wasm-opt for release builds
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -x "$SERVER_BIN" ] || [ ! -s target/site/pkg/cadenza.wasm ]; then
	log "cargo leptos build --release --precompress"
	cargo leptos build --release --precompress
fi

# The 60-minute track: an 8 s plucked pattern, 450 times, encoded straight from the pipe.
MP3="$CACHE/Hour Long.mp3"
if [ ! -s "$MP3" ]; then
	log "making $MP3 (about a minute)"
	sox -n -r 44100 -c 2 -t wav "$CACHE/pattern.wav" \
		synth 2 pluck C4 : synth 2 pluck E4 : synth 2 pluck G4 : synth 2 pluck B3
	sox "$CACHE/pattern.wav" -t raw -e signed -b 16 -L - repeat 449 |
		lame --quiet -r -s 44.1 --bitwidth 16 --signed --little-endian -m j -b 128 --cbr \
			--tt "Hour Long" --ta "Bench Signals" --tl "Bench" --tn 1 - "$MP3.tmp"
	mv "$MP3.tmp" "$MP3"
	rm -f "$CACHE/pattern.wav"
fi

RUN="$(mktemp -d "${TMPDIR:-/tmp}/cadenza-bench-browser.XXXXXX")"
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
	rm -rf "$RUN"
}
trap cleanup EXIT

mkdir -p "$RUN/media/Bench"
ln "$MP3" "$RUN/media/Bench/Hour Long.mp3" 2>/dev/null || cp "$MP3" "$RUN/media/Bench/Hour Long.mp3"
cat "$MP3" >/dev/null # in the page cache, like a file that was just played
export CADENZA_MEDIA_DIR="$RUN/media" DATABASE_URL="sqlite://$RUN/bench.db?mode=rwc"
"$SERVER_BIN" scan >"$RUN/scan.log" 2>&1
# The user the browser signs in as; a fresh database, so never "that name is taken".
BENCH_PASSWORD="$(head -c 24 /dev/urandom | base64)"
printf '%s\n' "$BENCH_PASSWORD" | "$SERVER_BIN" user add bench >"$RUN/user.log" 2>&1 ||
	{ cat "$RUN/user.log" >&2; log "could not add the user bench (a server without accounts?)"; exit 1; }
"$SERVER_BIN" serve --no-scan --addr "127.0.0.1:$PORT" >"$RUN/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do
	curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null || { cat "$RUN/server.log" >&2; exit 1; }

# Sizes: on disk, gzip -9, and what the server sends to a browser that accepts compression.
size_row() {
	local file="$1" url="$2" raw gz sent enc
	raw=$(stat -c %s "$file")
	gz=$(gzip -9 -c "$file" | wc -c)
	read -r sent enc < <(curl -s -o /dev/null -H 'Accept-Encoding: gzip, deflate, br, zstd' \
		-w '%{size_download} %header{content-encoding}\n' "http://127.0.0.1:$PORT$url")
	printf '| `%s` | %s | %s | %s (%s) |\n' "$url" "$(printf "%'d" "$raw")" "$(printf "%'d" "$gz")" \
		"$(printf "%'d" "$sent")" "${enc:-no Content-Encoding}"
}
SIZES="$(
	echo '| file | raw bytes | gzip -9 | sent by the server (Accept-Encoding: gzip, deflate, br, zstd) |'
	echo '|---|---:|---:|---:|'
	size_row target/site/pkg/cadenza.wasm /pkg/cadenza.wasm
	size_row target/site/pkg/cadenza.js /pkg/cadenza.js
)"

export BENCH_URL="http://127.0.0.1:$PORT"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "driving Chromium ($BENCH_URL)"
# The password through the environment of node alone (not exported, on no command line).
BENCH_USER=bench BENCH_PASSWORD="$BENCH_PASSWORD" node "$HERE/seek_playing.mjs" >"$RUN/summary.json"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
RAM="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
WASM_BUILT="$(date -u -r target/site/pkg/cadenza.wasm '+%Y-%m-%d %H:%M UTC')"
{
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Command: \`$COMMAND\`"
	echo "- Machine: nproc $(nproc); CPU $CPU; RAM $RAM; kernel $(uname -sr); load average $LOAD_BEFORE before, $LOAD_AFTER after"
	echo "- Build: \`target/site/pkg/cadenza.wasm\` of $WASM_BUILT, git $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Cargo.toml frontend app 2>/dev/null || echo ' + uncommitted changes')"
	echo
	echo "$SIZES"
	echo
	node - "$BENCH_JSON" <<-'EOF'
		const r = JSON.parse(require("node:fs").readFileSync(process.argv[2], "utf8"));
		const s = r.summary;
		const f = (x) => (x === null || x === undefined ? "–" : Number.isInteger(x) ? x.toLocaleString("en-US") : x.toFixed(1));
		const row = (name, v) => `| ${name} | ${v ? v.n : 0} | ${f(v?.p50)} | ${f(v?.p99)} | ${f(v?.max)} |`;
		console.log(`- Chromium ${r.chromium}; track "${r.title}", ${(r.duration / 60).toFixed(1)} min; ${r.seeks.length} seeks (seed ${r.seed}), ${r.settleMs} ms of playback before each; ${r.loads.length} page loads`);
		console.log(`- Seek samples ending on \`playing\`: ${s.kinds.playing ?? 0}, on \`seeked\` only: ${s.kinds["seeked-only"] ?? 0}; targets already buffered: ${s.bufferedTargets}`);
		console.log("");
		console.log("| metric (ms, measured in the page) | n | p50 | p99 | max |");
		console.log("|---|---:|---:|---:|---:|");
		console.log(row("navigation → body[data-hydrated]", s.hydrated));
		console.log(row("click on the title → first `playing` (time to first audio)", s.firstAudio));
		console.log(row("seek bar `change` → `playing` (seek to playing)", s.seek));
		console.log(row("… seek → Range request sent", s.seekToRequest));
		console.log(row("… request sent → response headers (server TTFB)", s.seekTtfb));
		console.log(row("… response headers → `playing`", s.seekHeadersToPlaying));
		console.log(row("… first body bytes → `playing`", s.seekFirstBytesToPlaying));
		console.log(row("media requests per seek (count)", s.seekRequests));
		console.log(row("bytes received before `playing` (count)", s.seekBytesBeforePlaying));
	EOF
} >"$OUT_MD"
cat "$OUT_MD"
log "written $OUT_MD and $BENCH_JSON"
