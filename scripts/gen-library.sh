#!/usr/bin/env bash
# Generates a large library of small, real audio files with varied, messy tags, for scan
# benchmarks and manual testing (server/examples/gen_library.rs says what is in it):
#
#   scripts/gen-library.sh --out target/gen-library/10k --count 10000 --seed 1
#
# Installs the encoders it uses when missing, builds the generator in release mode and runs it.
# The same seed and count give the same library. Keep the output under target/ or a temp folder.
set -euo pipefail
source "$(dirname "$0")/lib/tools.sh"
cd "$ROOT"

ensure_apt sox lame flac vorbis-tools opus-tools ffmpeg
cargo run --quiet --release -p server --example gen_library -- "$@"
