#!/usr/bin/env python3
"""List and search latency of `GET /api/tracks` over one keep-alive connection.

    library_queries.py --base http://127.0.0.1:PORT [--requests 300] [--warmup 20] [--json OUT]
                       [--header-file FILE]

For each case (sorts artist/title/added on page 1 and on a deep page, searches for a common word,
a rare word and an accented word typed without its accent) it sends `--warmup` untimed requests,
then `--requests` timed ones, one after another on the same HTTP/1.1 connection, and reports
p50/p99/max in milliseconds, the answer's `total` and its size. Every answer must be a 200 with
the documented shape ({"items": [...], "page", "per_page", "total"}); anything else is an error
and the case is reported as failed. Prints one JSON object (also written to --json).

The API needs a signed-in caller: --header-file names a file of extra request headers, one
`Name: value` a line, e.g. `Authorization: Bearer KEY` with a key from `server user api-key NAME`
(library.sh makes one). A file keeps the key off the command line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
import urllib.parse

from bench_common import load_header_file

PER_PAGE = 100


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, round(p / 100 * len(sorted_ms) + 0.5 - 1e-9))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


class Client:
    def __init__(self, base: str, extra_headers: dict[str, str] | None = None) -> None:
        self.headers = {"Accept": "application/json", **(extra_headers or {})}
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            # A dropped keep-alive connection: reconnect once (the retry is timed too).
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            self.conn.request("GET", path, headers=self.headers)
            response = self.conn.getresponse()
            return response.status, response.read()


def check(status: int, body: bytes) -> dict:
    if status != 200:
        raise ValueError(f"HTTP {status}: {body[:200]!r}")
    doc = json.loads(body)
    for key in ("items", "page", "per_page", "total"):
        if key not in doc:
            raise ValueError(f"no '{key}' in the answer: {body[:200]!r}")
    return doc


def run_case(client: Client, path: str, requests: int, warmup: int) -> dict:
    doc = None
    for _ in range(warmup):
        doc = check(*client.get(path))
    times = []
    size = 0
    for _ in range(requests):
        start = time.perf_counter()
        status, body = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        doc = check(status, body)
        size = len(body)
    times.sort()
    return {
        "path": path,
        "requests": requests,
        "p50_ms": round(percentile(times, 50), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "max_ms": round(times[-1], 2),
        "mean_ms": round(statistics.fmean(times), 2),
        "total": doc["total"] if doc else None,
        "items": len(doc["items"]) if doc else None,
        "bytes": size,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--json")
    parser.add_argument("--header-file", help="extra request headers, one `Name: value` a line (e.g. Authorization)")
    args = parser.parse_args()

    client = Client(args.base, dict(load_header_file(args.header_file)))
    try:
        first = check(*client.get(f"/api/tracks?page=1&per_page={PER_PAGE}"))
    except (ValueError, OSError, http.client.HTTPException) as error:
        result = {"error": f"GET /api/tracks unusable: {error}"}
        print(json.dumps(result))
        if args.json:
            with open(args.json, "w") as out:
                json.dump(result, out, indent=2)
        return 2
    total = first["total"]
    deep = max(1, (total + PER_PAGE - 1) // PER_PAGE)  # the last page: the deepest offset

    cases = {}
    for sort in ("artist", "title", "added"):
        cases[f"list sort={sort} page=1"] = f"/api/tracks?sort={sort}&page=1&per_page={PER_PAGE}"
        cases[f"list sort={sort} page={deep}"] = f"/api/tracks?sort={sort}&page={deep}&per_page={PER_PAGE}"
    for label, q in (("common word", "love"), ("rare word", "quixotic"), ("accent-free 'cafe' for café", "cafe")):
        cases[f"search {label} q={q}"] = f"/api/tracks?q={urllib.parse.quote(q)}&sort=artist&page=1&per_page={PER_PAGE}"

    results = {"tracks": total, "deep_page": deep, "per_page": PER_PAGE, "cases": {}}
    failed = 0
    for label, path in cases.items():
        try:
            results["cases"][label] = run_case(client, path, args.requests, args.warmup)
        except (ValueError, OSError, http.client.HTTPException) as error:
            results["cases"][label] = {"path": path, "error": str(error)}
            failed += 1
        print(f"  {label}: {results['cases'][label]}", file=sys.stderr)
    print(json.dumps(results))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
