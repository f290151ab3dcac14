#!/usr/bin/env python3
"""Turns the results of one stream.sh run into a Markdown report (standard library only).

    report.py --run-dir DIR --info FILE [--out FILE] [--params k=v ...]

Reads from DIR: a-{cadenza,nginx}.log and c-….log (wrk output with a `BENCH_JSON {…}` line),
b-….json (seeks.py) and d-….json (slow_listeners.py). A missing file shows as "skipped", a file
without results as "FAIL".
"""

from __future__ import annotations

import argparse
import json
import os
import sys

SERVERS = ("cadenza", "nginx")


class Failed(Exception):
    pass


def load(run_dir: str, scenario: str, server: str):
    """The result dict, None if the scenario was skipped, or Failed if it ran without a result."""
    log = os.path.join(run_dir, f"{scenario}-{server}.log")
    js = os.path.join(run_dir, f"{scenario}-{server}.json")
    if scenario in ("a", "c"):
        if not os.path.exists(log):
            return None
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("BENCH_JSON "):
                    return json.loads(line[len("BENCH_JSON "):])
        return Failed()
    if not os.path.exists(js):
        return Failed() if os.path.exists(log) else None
    with open(js) as f:
        return json.load(f)


def load_cpu(run_dir: str, scenario: str, server: str):
    path = os.path.join(run_dir, f"{scenario}-{server}.cpu")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def wrk_rps(r):
    return r["requests"] / (r["duration_us"] / 1e6)


def wrk_mibps(r):
    return r["bytes"] / (r["duration_us"] / 1e6) / 2**20


def wrk_errors(r):
    keys = ("err_connect", "err_read", "err_write", "err_status", "err_timeout", "bad_status", "bad_length")
    return sum(r.get(k, 0) for k in keys)


def fmt(value, digits):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--run-dir", required=True)
    p.add_argument("--info", required=True, help="lines to print above the table")
    p.add_argument("--out")
    p.add_argument("--params", nargs="*", default=[], help="k=v: scenario parameters for labels")
    args = p.parse_args()
    prm = dict(kv.split("=", 1) for kv in args.params)
    g = lambda k, d="?": prm.get(k, d)  # noqa: E731

    res = {(s, srv): load(args.run_dir, s, srv) for s in "abcd" for srv in SERVERS}

    # (label, scenario, extractor, digits, ratio?)
    rows = [
        (f"A req/s — random {int(g('span', 65536)) // 1024} KiB ranges, {g('a_conns')} conns, {g('seconds')} s", "a", wrk_rps, 0, True),
        ("A latency p50 (ms)", "a", lambda r: r["p50_us"] / 1000, 2, True),
        ("A latency p99 (ms)", "a", lambda r: r["p99_us"] / 1000, 2, True),
        ("A errors (non-206, wrong length, socket, timeout)", "a", wrk_errors, 0, False),
        ("A CPU % of one core: server / load generator", "a", "cpu", 0, False),
        (f"B TTFB p50 (ms) — `bytes=N-` seeks, {g('b_workers')} workers × {g('b_requests')} total, read 256 KiB + close", "b", lambda r: r["ttfb_p50_ms"], 2, True),
        ("B TTFB p99 (ms)", "b", lambda r: r["ttfb_p99_ms"], 2, True),
        ("B errors", "b", lambda r: r["errors"], 0, False),
        ("B CPU % of one core: server / load generator", "b", "cpu", 0, False),
        (f"C MB/s (MiB/s, as wrk's Transfer/sec) — whole files, {g('c_conns')} conns, {g('seconds')} s", "c", wrk_mibps, 1, True),
        ("C req/s", "c", wrk_rps, 1, True),
        ("C errors (HTTP ≥ 400, socket, timeout)", "c", wrk_errors, 0, False),
        ("C CPU % of one core: server / load generator", "c", "cpu", 0, False),
        (f"D listeners at pace (of {g('d_listeners')}, 16 KiB/s each, {g('d_seconds')} s)", "d", lambda r: r["at_pace"], 0, True),
        ("D TTFB p50 (ms)", "d", lambda r: r["ttfb_p50_ms"], 2, True),
        ("D TTFB p99 (ms)", "d", lambda r: r["ttfb_p99_ms"], 2, True),
        ("D TTFB max (ms)", "d", lambda r: r["ttfb_max_ms"], 2, False),
        ("D peak RSS (MiB, VmRSS sampled every 0.5 s)", "d", lambda r: r["rss_peak_mib"], 1, True),
        ("D VmHWM at end (MiB, reset before D)", "d", lambda r: r["hwm_end_mib"], 1, False),
        ("D errors", "d", lambda r: r["errors"], 0, False),
        ("D CPU % of one core: server / load generator", "d", "cpu", 0, False),
    ]

    lines = [line.rstrip("\n") for line in open(args.info)]
    lines.append("")
    lines.append("| Metric | cadenza | nginx | ratio (cadenza / nginx) |")
    lines.append("|---|---:|---:|---:|")
    notes = []
    for label, scen, get, digits, want_ratio in rows:
        cells = []
        values = []
        if get == "cpu":
            for srv in SERVERS:
                c = load_cpu(args.run_dir, scen, srv)
                cells.append(f"{c['server_pct']:.0f} / {c['client_pct']:.0f}" if c else "n/a")
            if any(cell != "n/a" for cell in cells):
                lines.append(f"| {label} | {cells[0]} | {cells[1]} |  |")
            continue
        for srv in SERVERS:
            r = res[(scen, srv)]
            if r is None:
                cells.append("skipped")
                values.append(None)
            elif isinstance(r, Failed):
                cells.append("FAIL")
                values.append(None)
            else:
                try:
                    v = get(r)
                except (KeyError, TypeError, ZeroDivisionError):
                    v = None
                cells.append(fmt(v, digits))
                values.append(v)
        ratio = ""
        if want_ratio and all(isinstance(v, (int, float)) for v in values) and values[1]:
            ratio = f"{values[0] / values[1]:.2f}×"
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {ratio} |")

    for srv in SERVERS:
        c = res[("c", srv)]
        if isinstance(c, dict) and c.get("requests") and g("avg_size", None):
            per = c["bytes"] / c["requests"]
            avg = float(g("avg_size"))
            if per < 0.98 * avg:
                notes.append(f"C {srv}: {per:,.0f} bytes per response on average, files average {avg:,.0f}: short bodies?")
        for scen in "bd":
            r = res[(scen, srv)]
            if isinstance(r, dict) and r.get("error_kinds"):
                kinds = "; ".join(f"{k} ×{n}" for k, n in r["error_kinds"].items())
                notes.append(f"{scen.upper()} {srv} errors: {kinds}")
        d = res[("d", srv)]
        if isinstance(d, dict) and d.get("behind_pace"):
            notes.append(f"D {srv}: {d['behind_pace']} listeners behind pace, the worst at {d['worst_pace_fraction']} of the rate")

    lines.append("")
    lines.append("Ratios are cadenza / nginx: above 1 is better for cadenza on req/s, MB/s and listeners at pace, "
                 "worse on latencies, TTFB and RSS. CPU rows: the server's and the load generator's CPU time over "
                 "the timed run (warm-up excluded); a load generator near 100 % means the client, not the server, "
                 "set the pace.")
    for n in notes:
        lines.append(f"- {n}")
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
