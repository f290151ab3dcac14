#!/usr/bin/env python3
"""Small helpers for stream.sh (standard library only; loopback only).

    bench_util.py free-port
    bench_util.py targets --db FILE --media DIR --paths LIST --cadenza OUT --nginx OUT
    bench_util.py wait-http URL [--timeout S] [--expect-body TEXT]
    bench_util.py check --port P --targets TSV --label NAME [--header-file FILE]
    bench_util.py cpu-busy [--seconds S]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import sqlite3
import sys
import time
import urllib.parse

from bench_common import load_header_file

LOOPBACK = "127.0.0.1"


def free_port(_args) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        print(s.getsockname()[1])
    return 0


def targets(args) -> int:
    """Maps the bench files to track ids and writes one targets TSV per server:
    `<request path>\t<size>\t<absolute path>`, in the same file order for both."""
    wanted = [line.rstrip("\n") for line in open(args.paths) if line.strip()]
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    try:
        ids = {path: track_id for track_id, path in db.execute("SELECT id, path FROM tracks")}
    finally:
        db.close()
    missing = [p for p in wanted if p not in ids]
    if missing:
        print(f"not in the library after the scan: {missing[:5]} ({len(missing)} in all)", file=sys.stderr)
        return 1
    with open(args.cadenza, "w") as c, open(args.nginx, "w") as n:
        for rel in wanted:
            absolute = os.path.join(args.media, rel)
            size = os.path.getsize(absolute)
            c.write(f"/music/track?track_id={ids[rel]}\t{size}\t{absolute}\n")
            n.write(f"/{urllib.parse.quote(rel, safe='/')}\t{size}\t{absolute}\n")
    print(f"{len(wanted)} targets")
    return 0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_http(args) -> int:
    url = urllib.parse.urlsplit(args.url)
    if url.hostname != LOOPBACK:
        print("loopback only", file=sys.stderr)
        return 2
    deadline = time.monotonic() + args.timeout
    last = None
    while time.monotonic() < deadline:
        if args.pid and not _alive(args.pid):
            print(f"process {args.pid} exited before {args.url} answered", file=sys.stderr)
            return 1
        try:
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=2)
            conn.request("GET", url.path + (f"?{url.query}" if url.query else ""))
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            if resp.status == 200 and (args.expect_body is None or body.strip() == args.expect_body.encode()):
                return 0
            last = f"status {resp.status}"
        except OSError as e:
            last = str(e)
        time.sleep(0.2)
    print(f"{args.url} not ready after {args.timeout}s: {last}", file=sys.stderr)
    return 1


def check(args) -> int:
    """A few range requests whose bodies must equal the file bytes: the servers serve the same
    files, the targets map to the right ones, and both honour Range before anything is timed."""
    rows = [line.rstrip("\n").split("\t") for line in open(args.targets) if line.strip()]
    extra = dict(load_header_file(args.header_file))
    rng = random.Random(1)
    problems = []
    for path, size, absolute in rng.sample(rows, min(4, len(rows))):
        size = int(size)
        with open(absolute, "rb") as f:
            data = f.read()
        first = rng.randrange(0, size - 65536)
        cases = [
            (f"bytes={first}-{first + 65535}", 206, data[first:first + 65536], f"bytes {first}-{first + 65535}/{size}"),
            (f"bytes={first}-", 206, data[first:], f"bytes {first}-{size - 1}/{size}"),
            (None, 200, data, None),
        ]
        for range_header, status, body, content_range in cases:
            conn = http.client.HTTPConnection(LOOPBACK, args.port, timeout=10)
            conn.request("GET", path, headers={**extra, "Range": range_header} if range_header else extra)
            resp = conn.getresponse()
            got = resp.read()
            conn.close()
            what = f"{args.label} GET {path} Range={range_header}"
            if resp.status != status:
                hint = ""
                if resp.status == 401:
                    hint = " (no or a refused API key: see --header-file)" if not extra else " (the API key was refused)"
                problems.append(f"{what}: status {resp.status}, expected {status}{hint}")
            elif got != body:
                problems.append(f"{what}: {len(got)} body bytes differ from the file's {len(body)}")
            elif content_range and resp.getheader("Content-Range") != content_range:
                problems.append(f"{what}: Content-Range {resp.getheader('Content-Range')!r}, expected {content_range!r}")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        print(f"{args.label}: range/full GETs match the files")
    return 1 if problems else 0


def _cpu_times() -> dict[str, tuple[int, int]]:
    """(busy, total) jiffies per CPU line of /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu"):
                name, *fields = line.split()
                v = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
                out[name] = (sum(v) - v[3] - v[4], sum(v))
    return out


def cpu_busy(args) -> int:
    """How busy the machine is before the run (other builds or tests skew every number)."""
    a = _cpu_times()
    time.sleep(args.seconds)
    b = _cpu_times()
    pct = {
        k: 100.0 * (b[k][0] - a[k][0]) / max(1, b[k][1] - a[k][1]) for k in b if k in a
    }
    per_cpu = ", ".join(f"{k} {v:.0f}%" for k, v in pct.items() if k != "cpu")
    print(f"{pct['cpu']:.0f}% ({per_cpu}) over {args.seconds:g}s")
    return 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("free-port").set_defaults(fn=free_port)
    t = sub.add_parser("targets")
    t.add_argument("--db", required=True)
    t.add_argument("--media", required=True)
    t.add_argument("--paths", required=True, help="relative paths of the bench files, one a line")
    t.add_argument("--cadenza", required=True)
    t.add_argument("--nginx", required=True)
    t.set_defaults(fn=targets)
    w = sub.add_parser("wait-http")
    w.add_argument("url")
    w.add_argument("--timeout", type=float, default=30)
    w.add_argument("--expect-body")
    w.add_argument("--pid", type=int, help="give up as soon as this process has exited")
    w.set_defaults(fn=wait_http)
    c = sub.add_parser("check")
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--targets", required=True)
    c.add_argument("--label", required=True)
    c.add_argument("--header-file", help="extra request headers, one `Name: value` a line (e.g. Authorization)")
    c.set_defaults(fn=check)
    b = sub.add_parser("cpu-busy")
    b.add_argument("--seconds", type=float, default=2.0)
    b.set_defaults(fn=cpu_busy)
    args = p.parse_args()
    return args.fn(args)


if __name__ == "__main__":
    sys.exit(main())
