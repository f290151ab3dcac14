#!/usr/bin/env python3
"""Markdown report of scripts/bench/library.sh: scans and queries, SQLite | PostgreSQL side by side.

    library_report.py --run DIR --files N --query-tracks N --changed N --databases "sqlite postgres"
                      [--meta "Line"]...

Reads DIR/scans.jsonl (one line per `server scan`) and DIR/queries-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
TARGETS = {"first": 2000.0, "unchanged": 0.5, "query_p99": 20.0}


def fmt(value, digits=2, suffix=""):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{suffix}"
    return f"{value:,}{suffix}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--query-tracks", type=int, required=True)
    parser.add_argument("--changed", type=int, required=True)
    parser.add_argument("--databases", required=True)
    parser.add_argument("--meta", action="append", default=[])
    args = parser.parse_args()
    dbs = args.databases.split()

    scans: dict[tuple[str, str], dict] = {}
    with open(os.path.join(args.run, "scans.jsonl")) as f:
        for line in f:
            row = json.loads(line)
            scans[(row["db"], row["label"])] = row
    queries = {}
    for db in dbs:
        path = os.path.join(args.run, f"queries-{db}.json")
        if os.path.exists(path):
            with open(path) as f:
                queries[db] = json.load(f)

    out = []
    for meta in args.meta:
        out.append(f"- {meta}")
    out.append("")
    out.append("| Metric | " + " | ".join(NAMES.get(db, db) for db in dbs) + " |")
    out.append("|---|" + "---:|" * len(dbs))

    def row(label, cell):
        out.append(f"| {label} | " + " | ".join(cell(db) for db in dbs) + " |")

    def scan_cell(label, what):
        def cell(db):
            s = scans.get((db, label))
            if not s or "scan_s" not in s:
                return "—"
            if what == "rate":
                return fmt(s["added"] / s["scan_s"] if s["scan_s"] else None, 0)
            if what == "seconds":
                return f"{s['scan_s']:.2f} s (process {s['process_s']:.2f} s)"
            if what == "counts":
                return f"{s['added']}+ {s['updated']}~ {s['removed']}- {s['unchanged']}= {s['failed']}!"
            return "—"

        return cell

    n = args.files
    row(f"first scan of {n:,} files: tracks/s (target ≥ 2,000)", scan_cell("first", "rate"))
    row("first scan: time in the scanner (whole process incl. connect + migrate)", scan_cell("first", "seconds"))
    row("first scan: added+ updated~ removed- unchanged= failed!", scan_cell("first", "counts"))
    row(f"rescan, nothing changed (target ≤ 0.5 s)", scan_cell("unchanged", "seconds"))
    row("rescan, nothing changed, again", scan_cell("unchanged2", "seconds"))
    row(f"rescan after {args.changed} files ({100 * args.changed / n:.0f} %) touched", scan_cell("changed", "seconds"))
    row("rescan after the touch: counts", scan_cell("changed", "counts"))
    row("full rescan (`scan --full`, every file re-read)", scan_cell("full", "seconds"))
    if args.query_tracks:
        row(f"first scan of {args.query_tracks:,} files: tracks/s", scan_cell("first-100k", "rate"))
        row(f"first scan of {args.query_tracks:,} files: time", scan_cell("first-100k", "seconds"))

        labels: list[str] = []
        for db in dbs:
            for label in queries.get(db, {}).get("cases", {}):
                if label not in labels:
                    labels.append(label)
        errors = {db: q["error"] for db, q in queries.items() if "error" in q}
        if not labels:
            row("`GET /api/tracks`", lambda db: errors.get(db, "not run"))
        for label in labels:

            def cell(db, label=label):
                case = queries.get(db, {}).get("cases", {}).get(label)
                if case is None:
                    return errors.get(db, "—")
                if "error" in case:
                    return f"error: {case['error'][:80]}"
                return f"{case['p50_ms']:.2f} / {case['p99_ms']:.2f} (total {case['total']:,})"

            row(f"{label}: p50 / p99 ms (target p99 ≤ 20)", cell)
        row("tracks in the query database", lambda db: fmt(queries.get(db, {}).get("tracks")))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
