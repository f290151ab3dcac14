#!/usr/bin/env bash
# Streaming benchmark: cadenza's /music/track against nginx serving the same files, side by side.
#
#   scripts/bench/stream.sh
#
# Generates (once, cached in target/bench/media) real MP3 files with sox | lame, scans them into
# a bench library (target/bench/cadenza.db), starts the release server and a private nginx (both
# pinned to one CPU), runs the load generators (pinned to another CPU), and prints a Markdown
# table, also written to target/bench/stream-results.md. Raw logs and JSON: target/bench/last-run/.
#
#   A  random 64 KiB ranges, keep-alive, wrk + ranges.lua        req/s, latency p50/p99
#   B  `Range: bytes=N-` seeks, read 256 KiB, close (seeks.py)    time to first byte p50/p99
#   C  whole-file GETs, keep-alive, wrk + whole.lua              MB/s
#   D  slow listeners at 16 KiB/s (slow_listeners.py)            at pace, TTFB, server peak RSS
#
# Everything is on 127.0.0.1. Every process it starts is stopped on exit, failure included.
#
# The stream needs a signed-in caller: the script keeps a user `bench` in the bench database
# (added on the first run, with a random password nobody needs; enabled again if disabled) and
# makes a new API key for it on every run (`server user api-key`). The key lives only in a file of
# the temporary directory (mode 600), as `Authorization: Bearer KEY`, which every load generator
# sends on every request -- to nginx too (it ignores it), so that both servers get requests of the
# same size. It is on no command line and in no log or report.
#
# Environment (defaults in brackets):
#   BENCH_SECONDS [20]          duration of A and C, each server
#   BENCH_WARMUP [2]            seconds of untimed range requests per server before A (0: none)
#   BENCH_A_CONNS [64]          connections in A          BENCH_C_CONNS [32]   connections in C
#   BENCH_SPAN [65536]          bytes per range in A
#   BENCH_SEEKS [2000]          seeks in B                BENCH_SEEK_WORKERS [8]  concurrent seeks
#   BENCH_LISTENERS [1000]      listeners in D            BENCH_LISTEN_SECONDS [30]  listening time
#   BENCH_RAMP [2]              seconds over which D's connections open
#   BENCH_SCENARIOS ["A B C D"] which scenarios to run
#   BENCH_FILES [20]            bench files               BENCH_TRACK_SECONDS [300]  length of each
#   BENCH_SERVER_CPU [0]        CPU for both servers      BENCH_CLIENT_CPU [1]  CPU for the clients
#   BENCH_WRK_THREADS [1]       wrk threads (all on the client CPU)
#   BENCH_OUT [target/bench/stream-results.md]
#   SERVER_BIN [target/release/server, built with `cargo build --release -p server` if missing]
#   NGINX_BIN [/usr/sbin/nginx]
#   RUST_LOG                    passed to the server as is (unset: the server's default, info)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT" # the server looks for target/site relative to its working directory

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# The exact command, with the settings that were given.
COMMAND="$(
	while IFS= read -r var; do printf '%s=%q ' "$var" "${!var}"; done < <(compgen -e | grep -E '^(BENCH_|SERVER_BIN$|NGINX_BIN$|RUST_LOG$)' | sort)
	printf 'scripts/bench/stream.sh'
	for a in "$@"; do printf ' %q' "$a"; done
)"

if ! ulimit -n 65536 2>/dev/null; then
	hard="$(ulimit -Hn)"
	ulimit -n "$hard"
	log "warning: cannot raise the open-file limit to 65536; using the hard limit, $hard"
fi

SECS="${BENCH_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-2}"
A_CONNS="${BENCH_A_CONNS:-64}"
C_CONNS="${BENCH_C_CONNS:-32}"
SPAN="${BENCH_SPAN:-65536}"
B_REQUESTS="${BENCH_SEEKS:-2000}"
B_WORKERS="${BENCH_SEEK_WORKERS:-8}"
D_LISTENERS="${BENCH_LISTENERS:-1000}"
D_SECONDS="${BENCH_LISTEN_SECONDS:-30}"
D_RAMP="${BENCH_RAMP:-2}"
SCENARIOS="${BENCH_SCENARIOS:-A B C D}"
FILES="${BENCH_FILES:-20}"
TRACK_SECONDS="${BENCH_TRACK_SECONDS:-300}"
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
CLIENT_CPU="${BENCH_CLIENT_CPU:-1}"
WRK_THREADS="${BENCH_WRK_THREADS:-1}"
NGINX="${NGINX_BIN:-/usr/sbin/nginx}"
OUT="${BENCH_OUT:-$ROOT/target/bench/stream-results.md}"

for v in SECS WARMUP A_CONNS C_CONNS SPAN B_REQUESTS B_WORKERS D_LISTENERS D_SECONDS D_RAMP FILES \
	TRACK_SECONDS SERVER_CPU CLIENT_CPU WRK_THREADS; do
	[[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number, not '${!v}'"
done
((SECS >= 1 && FILES >= 1 && TRACK_SECONDS >= 10 && D_SECONDS >= 1)) || die "durations and counts must be positive"
SCENARIOS="${SCENARIOS^^}"

for tool in sox lame wrk taskset python3; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
[[ -x "$NGINX" ]] || die "nginx not found at $NGINX"
NCPU="$(nproc)"
if ((SERVER_CPU >= NCPU || CLIENT_CPU >= NCPU)); then
	log "warning: only $NCPU CPU(s): servers and clients share CPU 0"
	SERVER_CPU=0
	CLIENT_CPU=0
fi

BENCH_DIR="$ROOT/target/bench"
MEDIA="$BENCH_DIR/media"
RUN_DIR="$BENCH_DIR/last-run"
ALBUM="Bench Artist/Bench Sines ${TRACK_SECONDS}s"
mkdir -p "$BENCH_DIR" "$MEDIA/$ALBUM"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
TMP="$(mktemp -d /tmp/cadenza-bench.XXXXXX)"
PY="python3"
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ next to the scripts
UTIL="$HERE/bench_util.py"

# --- clean-up: stop what we started (by pid), even on failure or Ctrl-C ----------------------
SERVER_PIDS=()
CLIENT_PID=""

running() { # pid: alive and not a zombie
	local state
	state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
	[[ -n "$state" && "$state" != Z ]]
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n "$CLIENT_PID" ]]; then kill -TERM "$CLIENT_PID" 2>/dev/null || true; fi
	local pid i
	for pid in "${SERVER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${SERVER_PIDS[@]}" $CLIENT_PID; do
		for ((i = 0; i < 50; i++)); do
			running "$pid" || break
			sleep 0.1
		done
		if running "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
	done
	wait 2>/dev/null || true
	cp "$TMP/nginx/logs/error.log" "$RUN_DIR/nginx-error.log" 2>/dev/null || true
	rm -rf "$TMP"
	exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# Runs a load generator pinned to the client CPU, in the background so signals reach the trap.
run_client() { # logfile command...
	local out="$1"
	shift
	taskset -c "$CLIENT_CPU" "$@" >"$out" 2>&1 &
	CLIENT_PID=$!
	local rc=0
	wait "$CLIENT_PID" || rc=$?
	CLIENT_PID=""
	return "$rc"
}

# CPU time of a running process (all threads), in clock ticks.
CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0; }

# CPU seconds of the reaped children of this shell (the load generators; the servers are only
# reaped at exit). `times` must run in this shell, not in a subshell, hence the file.
children_cpu() { # sets CHILD_CPU
	times >"$TMP/times"
	CHILD_CPU="$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] } printf "%.3f\n", s }' "$TMP/times")"
}

# run_client, plus the server's and the client's CPU use over the run, kept in SCEN-SERVER.cpu.
run_measured() { # scenario server logfile command...
	local scen="$1" srv="$2" out="$3"
	shift 3
	local t0 t1 s0 s1 c0 c1 rc=0
	children_cpu
	c0="$CHILD_CPU"
	s0="$(cpu_ticks "${PID[$srv]}")"
	t0="$(date +%s.%N)"
	run_client "$out" "$@" || rc=$?
	t1="$(date +%s.%N)"
	s1="$(cpu_ticks "${PID[$srv]}")"
	children_cpu
	c1="$CHILD_CPU"
	awk -v s0="$s0" -v s1="$s1" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$CLK_TCK" 'BEGIN {
		w = t1 - t0
		printf "{\"wall_s\": %.3f, \"server_cpu_s\": %.2f, \"client_cpu_s\": %.2f, \"server_pct\": %.1f, \"client_pct\": %.1f}\n",
			w, (s1 - s0) / hz, c1 - c0, (s1 - s0) / hz / w * 100, (c1 - c0) / w * 100
	}' >"$RUN_DIR/$scen-$srv.cpu"
	return "$rc"
}

# --- media: real MP3s (the scanner reads tags and skips unreadable files) -----------------------
: >"$RUN_DIR/paths.txt"
for ((i = 1; i <= FILES; i++)); do
	freq=$((200 + 20 * i))
	rel="$ALBUM/$(printf '%02d' "$i") - Sine $freq Hz.mp3"
	printf '%s\n' "$rel" >>"$RUN_DIR/paths.txt"
	dest="$MEDIA/$rel"
	[[ -s "$dest" ]] && continue
	log "encoding $rel (${TRACK_SECONDS}s, 128 kbit/s CBR)"
	rm -f "$dest.part"
	nice -n 10 sox -V1 -n -r 44100 -c 2 -b 16 -t wav - synth "$TRACK_SECONDS" sine "$freq" |
		nice -n 10 lame --quiet -b 128 --cbr --add-id3v2 --tt "Sine $freq Hz" --ta "Bench Artist" \
			--tl "Bench Sines ${TRACK_SECONDS}s" --tn "$i/$FILES" - "$dest.part"
	mv "$dest.part" "$dest"
done

# --- the server binary: a private copy, so a concurrent rebuild cannot swap it mid-run ----------
if [[ -n "${SERVER_BIN:-}" ]]; then
	[[ -x "$SERVER_BIN" ]] || die "SERVER_BIN=$SERVER_BIN is not an executable"
else
	SERVER_BIN="$ROOT/target/release/server"
	if [[ ! -x "$SERVER_BIN" ]]; then
		log "building the release server (cargo build --release -p server)"
		cargo build --release -p server
	fi
fi
SERVER_DESC="$SERVER_BIN (built $(date -r "$SERVER_BIN" '+%Y-%m-%d %H:%M'))"
cp "$SERVER_BIN" "$TMP/server"

export CADENZA_MEDIA_DIR="$MEDIA"
export DATABASE_URL="sqlite://$BENCH_DIR/cadenza.db?mode=rwc"
log "scanning $MEDIA"
if ! "$TMP/server" scan >"$RUN_DIR/scan.log" 2>&1; then
	tail -n 20 "$RUN_DIR/scan.log" >&2
	die "scan failed"
fi
# --- the bench user and an API key (the stream is for signed-in callers only) --------------------
HEADERS="$TMP/headers" # `Authorization: Bearer KEY`, read by every load generator
if ! USERS="$("$TMP/server" user list 2>>"$RUN_DIR/user.log")"; then
	tail -n 20 "$RUN_DIR/user.log" >&2
	die "\`server user list\` failed (a server without accounts? it needs the \`user\` command)"
fi
case "$(awk -F'\t' 'tolower($1) == "bench" { print $3; exit }' <<<"$USERS")" in
"")
	log "adding the user bench to the bench database"
	head -c 24 /dev/urandom | base64 | "$TMP/server" user add bench >>"$RUN_DIR/user.log" 2>&1 ||
		{ tail -n 20 "$RUN_DIR/user.log" >&2; die "could not add the user bench"; }
	;;
disabled)
	"$TMP/server" user enable bench >>"$RUN_DIR/user.log" 2>&1 ||
		{ tail -n 20 "$RUN_DIR/user.log" >&2; die "could not enable the user bench"; }
	;;
esac
KEY="$("$TMP/server" user api-key bench --label "scripts/bench/stream.sh $(date -u '+%Y-%m-%d %H:%M')" \
	2>>"$RUN_DIR/user.log")" || { tail -n 20 "$RUN_DIR/user.log" >&2; die "could not make an API key"; }
[[ "$KEY" =~ (^|$'\n')(cadenza_[^[:space:]]+) ]] || die "no key in the output of \`server user api-key\`"
(umask 077 && printf 'Authorization: Bearer %s\n' "${BASH_REMATCH[2]}" >"$HEADERS") # a builtin: not in ps
unset KEY BASH_REMATCH

$PY "$UTIL" targets --db "$BENCH_DIR/cadenza.db" --media "$MEDIA" --paths "$RUN_DIR/paths.txt" \
	--cadenza "$RUN_DIR/targets-cadenza.tsv" --nginx "$RUN_DIR/targets-nginx.tsv" >/dev/null ||
	die "could not map the bench files to track ids (see $RUN_DIR/scan.log)"
AVG_SIZE="$(awk -F'\t' '{ s += $2; n++ } END { printf "%.0f", s / n }' "$RUN_DIR/targets-cadenza.tsv")"

# Other work on the machine (a build, tests) skews every number: say how busy it was before.
BUSY_BEFORE="$($PY "$UTIL" cpu-busy --seconds 2)"
log "CPU busy before the run: $BUSY_BEFORE"
if (($(cut -d% -f1 <<<"$BUSY_BEFORE") > 10)); then
	log "warning: the machine is not idle; the numbers will be noisy"
fi

# Both servers read from the page cache: warm it.
while IFS= read -r rel; do cat "$MEDIA/$rel" >/dev/null; done <"$RUN_DIR/paths.txt"

declare -A PORT PID TARGETS
TARGETS[cadenza]="$RUN_DIR/targets-cadenza.tsv"
TARGETS[nginx]="$RUN_DIR/targets-nginx.tsv"

# --- cadenza ------------------------------------------------------------------------------------
PORT[cadenza]="$($PY "$UTIL" free-port)"
taskset -c "$SERVER_CPU" "$TMP/server" serve --no-scan --addr "127.0.0.1:${PORT[cadenza]}" \
	>"$RUN_DIR/cadenza.log" 2>&1 &
PID[cadenza]=$!
SERVER_PIDS+=("${PID[cadenza]}")
if ! $PY "$UTIL" wait-http "http://127.0.0.1:${PORT[cadenza]}/health" --expect-body ok --timeout 60 --pid "${PID[cadenza]}"; then
	tail -n 20 "$RUN_DIR/cadenza.log" >&2
	die "cadenza did not start"
fi
log "cadenza: pid ${PID[cadenza]}, http://127.0.0.1:${PORT[cadenza]}, CPU $SERVER_CPU"

# --- nginx: private config, one process, no master ----------------------------------------------
PORT[nginx]="$($PY "$UTIL" free-port)"
mkdir -p "$TMP/nginx/logs" "$TMP/nginx/tmp"
NGINX_CONNS=$((D_LISTENERS + A_CONNS + C_CONNS + B_WORKERS + 256))
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile $(ulimit -n);
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/logs/error.log warn;

events {
    worker_connections $NGINX_CONNS;
}

http {
    types { audio/mpeg mp3; }
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 65s;
    client_body_temp_path $TMP/nginx/tmp/client_body;
    proxy_temp_path $TMP/nginx/tmp/proxy;
    fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
    uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
    scgi_temp_path $TMP/nginx/tmp/scgi;

    server {
        listen 127.0.0.1:${PORT[nginx]} backlog=1024;
        server_name bench;
        root $MEDIA;
    }
}
EOF
taskset -c "$SERVER_CPU" "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/logs/error.log" \
	>"$RUN_DIR/nginx.log" 2>&1 &
PID[nginx]=$!
SERVER_PIDS+=("${PID[nginx]}")
FIRST_NGINX_PATH="$(head -n 1 "${TARGETS[nginx]}" | cut -f1)"
if ! $PY "$UTIL" wait-http "http://127.0.0.1:${PORT[nginx]}$FIRST_NGINX_PATH" --timeout 30 --pid "${PID[nginx]}"; then
	cat "$RUN_DIR/nginx.log" "$TMP/nginx/logs/error.log" >&2 2>/dev/null || true
	die "nginx did not start"
fi
log "nginx: pid ${PID[nginx]}, http://127.0.0.1:${PORT[nginx]}, CPU $SERVER_CPU"

# Same bytes from both before anything is timed.
for srv in cadenza nginx; do
	$PY "$UTIL" check --port "${PORT[$srv]}" --targets "${TARGETS[$srv]}" --label "$srv" --header-file "$HEADERS" >&2 ||
		die "$srv does not serve the files correctly"
done

# --- scenarios ----------------------------------------------------------------------------------
alive_or_note() { # scenario server: false (and a note in the log) if the server has died
	if running "${PID[$2]}"; then return 0; fi
	log "$2 is not running: scenario $1 not run for it"
	echo "$2 was not running" >"$RUN_DIR/$1-$2.log"
	return 1
}

show() { sed 's/^/    /' "$1" >&2; }

scenario_a() {
	local srv url
	for srv in cadenza nginx; do
		alive_or_note a "$srv" || continue
		url="http://127.0.0.1:${PORT[$srv]}"
		if ((WARMUP > 0)); then
			run_client "$RUN_DIR/warmup-$srv.log" env BENCH_HEADER_FILE="$HEADERS" wrk -t"$WRK_THREADS" -c"$A_CONNS" -d"${WARMUP}s" \
				-s "$HERE/ranges.lua" "$url" -- "${TARGETS[$srv]}" "$SPAN" || true
		fi
		log "A $srv: ${SPAN}-byte ranges, $A_CONNS connections, ${SECS}s"
		run_measured a "$srv" "$RUN_DIR/a-$srv.log" env BENCH_HEADER_FILE="$HEADERS" wrk -t"$WRK_THREADS" -c"$A_CONNS" -d"${SECS}s" --timeout 10s --latency \
			-s "$HERE/ranges.lua" "$url" -- "${TARGETS[$srv]}" "$SPAN" || log "A $srv: wrk failed"
		show "$RUN_DIR/a-$srv.log"
		sleep 1
	done
}

scenario_b() {
	local srv
	for srv in cadenza nginx; do
		alive_or_note b "$srv" || continue
		log "B $srv: $B_REQUESTS seeks, $B_WORKERS at a time"
		run_measured b "$srv" "$RUN_DIR/b-$srv.log" $PY "$HERE/seeks.py" --port "${PORT[$srv]}" --targets "${TARGETS[$srv]}" \
			--requests "$B_REQUESTS" --workers "$B_WORKERS" --label "$srv" --json-out "$RUN_DIR/b-$srv.json" \
			--header-file "$HEADERS" ||
			log "B $srv: seeks.py failed"
		show "$RUN_DIR/b-$srv.log"
		sleep 1
	done
}

scenario_c() {
	local srv
	for srv in cadenza nginx; do
		alive_or_note c "$srv" || continue
		log "C $srv: whole files, $C_CONNS connections, ${SECS}s"
		run_measured c "$srv" "$RUN_DIR/c-$srv.log" env BENCH_HEADER_FILE="$HEADERS" wrk -t"$WRK_THREADS" -c"$C_CONNS" -d"${SECS}s" --timeout 30s --latency \
			-s "$HERE/whole.lua" "http://127.0.0.1:${PORT[$srv]}" -- "${TARGETS[$srv]}" || log "C $srv: wrk failed"
		show "$RUN_DIR/c-$srv.log"
		sleep 1
	done
}

scenario_d() {
	local srv
	for srv in cadenza nginx; do
		alive_or_note d "$srv" || continue
		log "D $srv: $D_LISTENERS listeners at 16 KiB/s, ${D_RAMP}s ramp + ${D_SECONDS}s"
		run_measured d "$srv" "$RUN_DIR/d-$srv.log" $PY "$HERE/slow_listeners.py" --port "${PORT[$srv]}" \
			--targets "${TARGETS[$srv]}" --listeners "$D_LISTENERS" --seconds "$D_SECONDS" --ramp "$D_RAMP" \
			--pid "${PID[$srv]}" --label "$srv" --json-out "$RUN_DIR/d-$srv.json" --header-file "$HEADERS" ||
			log "D $srv: slow_listeners.py failed"
		show "$RUN_DIR/d-$srv.log"
		sleep 2
	done
}

for s in $SCENARIOS; do
	case "$s" in
	A) scenario_a ;;
	B) scenario_b ;;
	C) scenario_c ;;
	D) scenario_d ;;
	*) die "unknown scenario '$s' (BENCH_SCENARIOS takes A B C D)" ;;
	esac
done

# --- report -------------------------------------------------------------------------------------
GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then GIT_REV="$GIT_REV + uncommitted changes"; fi
NONDEFAULT="$(compgen -e | grep -E '^BENCH_' | grep -vE '^BENCH_(OUT|SERVER_CPU|CLIENT_CPU)$' || true)"
{
	echo "# Streaming benchmark: cadenza vs nginx"
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Command: \`$COMMAND\`"
	echo "- Machine: nproc $NCPU; CPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); kernel $(uname -sr); RAM $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- CPU busy just before the run (all CPUs): $BUSY_BEFORE; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "- Pinning: both servers on CPU $SERVER_CPU (\`taskset -c $SERVER_CPU\`), load generators on CPU $CLIENT_CPU; open-file limit $(ulimit -n)"
	echo "- cadenza: \`$SERVER_DESC\`, git $GIT_REV, RUST_LOG=${RUST_LOG:-<server default>}"
	case "$SERVER_BIN" in */debug/*) echo "- **cadenza is a debug build**: its numbers say nothing about release performance" ;; esac
	echo "- nginx: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), worker_processes 1, master_process off, sendfile on, tcp_nopush on, keepalive_requests 100000, access_log off"
	echo "- Media: $FILES MP3 files (sox sine + lame 128 kbit/s CBR, ${TRACK_SECONDS}s), $(awk -v s="$AVG_SIZE" 'BEGIN { printf "%.2f MB", s / 1e6 }') on average, page-cached"
	echo "- Requests: every one carries \`Authorization: Bearer <API key of a bench user>\`, to both servers; cadenza looks the key up in its database on each request, nginx ignores it"
	echo "- Clients: $(wrk --version 2>&1 | head -n1 | awk '{print $1, $2}') ($WRK_THREADS thread), $($PY --version 2>&1) asyncio"
	if [[ -n "$NONDEFAULT" ]]; then
		echo "- **Non-default parameters** ($(echo $NONDEFAULT | tr ' ' ',')): not comparable with a full run"
	fi
} >"$RUN_DIR/info.md"

mkdir -p "$(dirname "$OUT")"
$PY "$HERE/report.py" --run-dir "$RUN_DIR" --info "$RUN_DIR/info.md" --out "$OUT" --params \
	"span=$SPAN" "a_conns=$A_CONNS" "c_conns=$C_CONNS" "seconds=$SECS" "b_workers=$B_WORKERS" \
	"b_requests=$B_REQUESTS" "d_listeners=$D_LISTENERS" "d_seconds=$D_SECONDS" "avg_size=$AVG_SIZE"
cp "$OUT" "$RUN_DIR/stream-results.md" 2>/dev/null || true
log "written to $OUT (logs in $RUN_DIR)"
