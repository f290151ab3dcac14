#!/usr/bin/env bash
# Starts the built server for the browser tests: the demo library plus a generated 30-minute
# MP3 (large media is made here, never committed) and a short track whose file is deleted after
# the scan, in a fresh SQLite database, scanned before the server answers. Run from the
# workspace root; the port is the first argument.
set -euo pipefail
port=${1:-3100}
# Another server binary (for example a copy, while other builds rewrite target/debug/server).
server=${CADENZA_E2E_SERVER:-target/debug/server}
work=target/e2e
media=$work/media
mkdir -p "$media"

# The demo library, linked rather than copied.
ln -sfn "$PWD/media" "$media/demo"

# A 30-minute constant-bitrate MP3 (about 10.8 MB): a plucked arpeggio, 8 s long, repeated.
long="$media/Long Test/Endless Arpeggio.mp3"
if [ ! -s "$long" ]; then
  mkdir -p "$(dirname "$long")"
  sox -n -r 22050 -c 1 -t wav "$work/pattern.wav" \
      synth 2 pluck C4 : synth 2 pluck E4 : synth 2 pluck G4 : synth 2 pluck B3
  sox "$work/pattern.wav" "$work/long.wav" repeat 224
  lame --quiet -b 48 --cbr --tt "Endless Arpeggio" --ta "Test Signals" --tl "Long Test" --tn 1 \
      "$work/long.wav" "$long.tmp"
  mv "$long.tmp" "$long"
  rm -f "$work/long.wav" "$work/pattern.wav"
fi

# "Vanishing Act", track 2 of the same album (so it sorts right after "Endless Arpeggio"): a few
# seconds, scanned, then deleted before serving, as when a file goes away after a scan. The
# stream route answers 404 FILE_MISSING for it; the player must say so and go on.
vanishing="$media/Long Test/Vanishing Act.mp3"
sox -n -r 22050 -c 1 -t wav "$work/vanishing.wav" synth 3 pluck A3
lame --quiet -b 48 --cbr --tt "Vanishing Act" --ta "Test Signals" --tl "Long Test" --tn 2 \
    "$work/vanishing.wav" "$vanishing"
rm -f "$work/vanishing.wav"

db=$work/e2e.db
rm -f "$db" "$db-wal" "$db-shm"
export DATABASE_URL="sqlite://$db?mode=rwc" CADENZA_MEDIA_DIR="$media"
"$server" scan
rm -f "$vanishing"
# The accounts of tests/accounts.ts, made as an administrator would, password on standard input.
printf '%s\n' "e2e admin passphrase" | "$server" user add ada --admin
printf '%s\n' "e2e listener passphrase" | "$server" user add lena
exec "$server" serve --no-scan --addr "127.0.0.1:$port"
