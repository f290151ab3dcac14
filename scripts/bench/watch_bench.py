#!/usr/bin/env python3
"""Helpers for watch.sh (standard library only; loopback only).

    watch_bench.py make-library --out DIR --files N --seed-file F [--seed-file F …]
    watch_bench.py idle-cpu --pid PID --seconds S
    watch_bench.py latency --base URL --header-file FILE --media DIR --wav FILE --rounds N --json OUT
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import sys
import time
import urllib.parse

from bench_common import load_header_file

PER_FOLDER = 100
ALBUMS_PER_ARTIST = 10


def make_library(args) -> int:
    """BENCH_FILES names for a few real files: hard links, 100 to a folder, 10 folders to an
    artist. The tags are alike; what the watcher meets is the number of files and folders."""
    manifest = os.path.join(args.out, ".watch-bench.json")
    wanted = {"files": args.files, "seeds": [os.path.basename(s) for s in args.seed_file]}
    try:
        with open(manifest) as f:
            if json.load(f) == wanted:
                return 0
    except (OSError, ValueError):
        pass
    shutil.rmtree(args.out, ignore_errors=True)
    for n in range(args.files):
        folder = n // PER_FOLDER
        seed = args.seed_file[n % len(args.seed_file)]
        directory = os.path.join(
            args.out, f"Artist {folder // ALBUMS_PER_ARTIST:04d}", f"Album {folder % ALBUMS_PER_ARTIST:02d}"
        )
        if n % PER_FOLDER == 0:
            os.makedirs(directory, exist_ok=True)
        extension = os.path.splitext(seed)[1]
        os.link(seed, os.path.join(directory, f"{n % PER_FOLDER:03d} Track {n}{extension}"))
    with open(manifest, "w") as f:
        json.dump(wanted, f)
    return 0


def _cpu_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def idle_cpu(args) -> int:
    """CPU seconds the process used over S idle seconds, and as a percentage of one core."""
    hz = os.sysconf("SC_CLK_TCK")
    before, started = _cpu_ticks(args.pid), time.monotonic()
    time.sleep(args.seconds)
    used = (_cpu_ticks(args.pid) - before) / hz
    wall = time.monotonic() - started
    print(json.dumps({"cpu_s": used, "wall_s": wall, "percent_of_a_core": 100 * used / wall}))
    return 0


class Api:
    def __init__(self, base: str, headers: list[tuple[str, str]]):
        url = urllib.parse.urlsplit(base)
        if url.hostname != "127.0.0.1":
            raise SystemExit("loopback only")
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        self.headers = dict(headers)

    def total(self, query: str) -> int:
        self.conn.request("GET", f"/api/tracks?q={urllib.parse.quote(query)}", headers=self.headers)
        response = self.conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"GET /api/tracks answered {response.status}")
        return json.loads(body)["total"]


def _until(api: Api, name: str, wanted: int, started: float, limit: float = 30.0) -> float:
    while True:
        if api.total(name) == wanted:
            return time.monotonic() - started
        if time.monotonic() - started > limit:
            raise SystemExit(f"{name}: not {'listed' if wanted else 'gone'} after {limit} s")
        time.sleep(0.01)


def latency(args) -> int:
    """Copies a tagless WAV (its title is its file name) into a folder of the library, times
    until GET /api/tracks finds it, then deletes it and times until it is gone; N rounds."""
    api = Api(args.base, load_header_file(args.header_file))
    rows = []
    for round_ in range(args.rounds):
        name = f"arrival{round_:03d}x{os.getpid()}"
        target = os.path.join(args.media, "Artist 0042", "Album 07", f"{name}.wav")
        started = time.monotonic()
        shutil.copyfile(args.wav, target)
        listed = _until(api, name, 1, started)
        started = time.monotonic()
        os.remove(target)
        gone = _until(api, name, 0, started)
        rows.append({"listed_s": listed, "gone_s": gone})
        time.sleep(1.0)  # a fresh batch each round
    summary = {
        "rounds": rows,
        "listed_median_s": statistics.median(r["listed_s"] for r in rows),
        "listed_max_s": max(r["listed_s"] for r in rows),
        "gone_median_s": statistics.median(r["gone_s"] for r in rows),
        "gone_max_s": max(r["gone_s"] for r in rows),
    }
    with open(args.json, "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "rounds"}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(required=True)
    m = sub.add_parser("make-library")
    m.add_argument("--out", required=True)
    m.add_argument("--files", type=int, required=True)
    m.add_argument("--seed-file", action="append", required=True)
    m.set_defaults(fn=make_library)
    c = sub.add_parser("idle-cpu")
    c.add_argument("--pid", type=int, required=True)
    c.add_argument("--seconds", type=float, default=60)
    c.set_defaults(fn=idle_cpu)
    lat = sub.add_parser("latency")
    lat.add_argument("--base", required=True)
    lat.add_argument("--header-file", required=True)
    lat.add_argument("--media", required=True)
    lat.add_argument("--wav", required=True)
    lat.add_argument("--rounds", type=int, default=10)
    lat.add_argument("--json", required=True)
    lat.set_defaults(fn=latency)
    args = parser.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
