#!/usr/bin/env python3
"""The Markdown report of collection.sh, from the JSON files of its run folder.

    collection_report.py --run target/bench/collection/last-run [--meta "Date: …"]…
"""

from __future__ import annotations

import argparse
import json
import os
import statistics

TARGET_MS = 20.0  # issue 13: p99 ≤ 20 ms on the server


def ms(x) -> str:
    return "–" if x is None else f"{x:,.1f}" if x >= 100 else f"{x:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--meta", action="append", default=[])
    args = parser.parse_args()
    out = []
    for line in args.meta:
        out.append(f"- {line}")
    out.append("")

    first_path = os.path.join(args.run, "first.jsonl")
    if os.path.exists(first_path):
        rounds = [json.loads(line) for line in open(first_path) if line.strip()]
        if rounds:
            labels = list(rounds[0])
            out.append("First requests after a start (ms; each round a fresh `serve`, signed in, nothing else asked before):")
            out.append("")
            out.append("| request | " + " | ".join(f"round {i + 1}" for i in range(len(rounds))) + " | median |")
            out.append("|---|" + "---:|" * (len(rounds) + 1))
            for label in labels:
                values = [r[label] for r in rounds]
                out.append(f"| {label} | " + " | ".join(ms(v) for v in values) + f" | {ms(statistics.median(values))} |")
            out.append("")

    cases_path = os.path.join(args.run, "cases.json")
    if os.path.exists(cases_path):
        doc = json.load(open(cases_path))
        out.append(
            f"Latency over {doc['albums']:,} albums ({doc['pages']:,} grid pages of {doc['per_page']}), measured by the "
            "client from sending a request to the end of its body, on loopback (ms):"
        )
        out.append("")
        out.append("| case | conc. | ok / sent | p50 | p90 | p99 | max | req/s | server CPU | client CPU | body (median) | p99 ≤ 20 ms |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for c in doc["cases"]:
            met = "–" if c.get("p99_ms") is None else "(no target)" if c["case"].startswith("playlist") else ("**met**" if c["p99_ms"] <= TARGET_MS and not c["errors"] else "**missed**")
            out.append(
                f"| {c['case']} (`{c['example']}`) | {c['concurrency']} | {c['ok']:,} / {c['requests']:,} | {ms(c.get('p50_ms'))} | "
                f"{ms(c.get('p90_ms'))} | {ms(c.get('p99_ms'))} | {ms(c.get('max_ms'))} | {c.get('req_per_s', 0):,.0f} | "
                f"{c.get('server_cpu_pct', '–')} % | {c['client_cpu_pct']} % | {c.get('bytes_median', 0):,} B | {met} |"
            )
        errors = [e for c in doc["cases"] for e in c.get("error_examples", [])]
        if errors:
            out.append("")
            out.append("Errors (examples): " + "; ".join(errors[:5]))
        out.append("")

    browser_path = os.path.join(args.run, "playlist-browser.json")
    if os.path.exists(browser_path):
        doc = json.load(open(browser_path))
        s = doc["summary"]
        out.append(f"The playlist of {doc['entries']:,} entries in Chromium {doc['chromium']} (headless), `{doc['url'].split('//', 1)[1].split('/', 1)[1] if '//' in doc['url'] else doc['url']}`; "
                   f"HTML {s['htmlBytes']:,} B; entries in the document at DOMContentLoaded: {', '.join(str(x) for x in s['entriesAtDcl'])}.")
        if doc.get("extraCss"):
            out.append("")
            out.append(f"**Experiment: a style sheet added to the page by the benchmark:** `{doc['extraCss']}`")
        out.append("")
        out.append("| page load, from navigation start (ms) | n | p50 | max |")
        out.append("|---|---:|---:|---:|")
        for key, label in (
            ("responseStart", "→ first byte of the HTML (server)"),
            ("responseEnd", "→ whole HTML received"),
            ("domContentLoaded", "→ DOMContentLoaded (every entry in the document)"),
            ("fcp", "→ first contentful paint"),
            ("hydrated", "→ `body[data-hydrated]` (interactive)"),
            ("loadLongestTask", "longest task until 0.5 s after hydration"),
        ):
            v = s.get(key)
            if v:
                out.append(f"| {label} | {v['n']} | {ms(v['p50'])} | {ms(v['max'])} |")
        out.append("")
        out.append("| reorder (ms) | n | input → new order in the DOM, p50 / max | → next frame, p50 / max | Event Timing duration, p50 / max | longest long task (max) | inputs with a task > 100 ms | edit_playlist request, p50 / max |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for kind in ("button (mouse)", "button (Enter)", "drag"):
            r = s.get(kind)
            if not r or not r["toDom"]:
                continue
            def pm(v):
                return "–" if not v else f"{ms(v['p50'])} / {ms(v['max'])}"
            out.append(
                f"| {kind} | {r['toDom']['n']} | {pm(r['toDom'])} | {pm(r['toFrame'])} | {pm(r['eventDuration'])} | "
                f"{ms(r['longestTask']['max']) if r['longestTask'] else '–'} | {r['tasksOver100']} | {pm(r['serverEdit'])} |"
            )
        out.append("")
        out.append(f"Order in the page after the 20 reorders as expected: {s['orderInPage']}; after a reload (as the server kept it): {s['orderAfterReload']}.")
        out.append("")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
