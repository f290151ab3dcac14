#!/usr/bin/env python3
"""Latency of the album grid and album pages (server-rendered views and server functions).

    BENCH_PASSWORD=… collection_queries.py --base http://127.0.0.1:PORT --albums-file IDS
        [--requests 2000] [--warmup 50] [--concurrency 1,8] [--server-pid PID] [--json OUT]
    BENCH_PASSWORD=… collection_queries.py first --base … --albums-file IDS [--json OUT]

Signs in as BENCH_USER [bench] with the password in BENCH_PASSWORD (environment only: never on a
command line) through `POST /login`, as the sign-in form does (form fields `username`,
`password`, and an `Origin` header naming the server), and sends the session cookie with every
request. IDS is a file of the album ids the grid shows (albums with tracks), one a line.

Cases, each with `--requests` timed requests after `--warmup` untimed ones, at each concurrency
(N threads, each with its own keep-alive HTTP/1.1 connection, taking requests from one shared
list; a request's time runs from sending it until its whole body is read):

  grid page       GET /albums?sort=artist&page=N          the whole server-rendered page
  album page      GET /albums/{id}                        the whole server-rendered page
  album_grid fn   POST /api/album_grid  query[sort]=artist&query[page]=N   (postcard answer)
  album_page fn   POST /api/album_page  id={id}                            (postcard answer)

and with --playlist ID, --playlist-requests (20) at concurrency 1 (not against the 20 ms target):
  playlist page   GET /playlists/{ID}     playlist fn   POST /api/playlist id={ID}

N and the ids are drawn at random (fixed seed) over all pages and all albums. Every answer must be
a 200; a page must hold the grid's cards (or the album's article), a function's answer must be
postcard. With --server-pid, the server's CPU time over each case is reported too (utime+stime of
/proc/PID/stat), and the client's own CPU time always: a client near 100 % of a core sets the pace.

`first` measures what the first requests after a start cost (the album snapshot loads on the
first request that needs it): it signs in, then times GET /albums?sort=artist&page=1, the same
again, and GET /albums/{id} of one album. Run it against a server that has answered nothing else.

Prints one JSON object (also written to --json).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import sys
import threading
import time
import urllib.parse

PER_PAGE = 60  # the grid's page size (app::model::ALBUMS_PER_PAGE)
PLAYLIST = 0  # --playlist


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, round(p / 100 * len(sorted_ms) + 0.5 - 1e-9))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def sign_in(base: str) -> str:
    """The `Cookie` header value of a new session of BENCH_USER."""
    password = os.environ.get("BENCH_PASSWORD")
    if not password:
        raise SystemExit("BENCH_PASSWORD is not set")
    user = os.environ.get("BENCH_USER", "bench")
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = urllib.parse.urlencode({"username": user, "password": password})
    conn.request(
        "POST",
        "/login",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": base.rstrip("/")},
    )
    response = conn.getresponse()
    response.read()
    cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    session = [c.split(";", 1)[0] for c in cookies if "cadenza_session=" in c.split(";", 1)[0]]
    if response.status != 303 or not session:
        raise SystemExit(f"signing in failed: POST /login answered {response.status} without a session cookie")
    return session[0]


class Client:
    def __init__(self, base: str, cookie: str) -> None:
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.origin = base.rstrip("/")
        self.cookie = cookie
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def send(self, method: str, path: str, body: str | None) -> tuple[int, str, bytes]:
        headers = {"Cookie": self.cookie, "Origin": self.origin}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Accept"] = "application/x-postcard"
        else:
            headers["Accept"] = "text/html"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.getheader("Content-Type") or "", response.read()
            except (http.client.HTTPException, OSError):
                # A dropped keep-alive connection: reconnect once (the retry is timed too).
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def check(case: str, status: int, content_type: str, body: bytes) -> None:
    if status != 200:
        raise ValueError(f"{case}: HTTP {status}: {body[:200]!r}")
    if case == "grid page" and b'class="album-card"' not in body:
        raise ValueError(f"{case}: no album card in the page ({len(body)} bytes)")
    if case == "playlist page" and body.count(b'class="entry"') < 1:
        raise ValueError(f"{case}: no entry in the page ({len(body)} bytes)")
    if case == "album page" and b'class="album-page"' not in body:
        raise ValueError(f"{case}: no album in the page ({len(body)} bytes)")
    if case.endswith(" fn") and ("postcard" not in content_type or not body):
        raise ValueError(f"{case}: not a postcard answer ({content_type!r}, {len(body)} bytes)")


def requests_for(case: str, count: int, pages: int, albums: list[int], rng: random.Random) -> list[tuple[str, str, str | None]]:
    out = []
    for _ in range(count):
        if case == "grid page":
            out.append(("GET", f"/albums?sort=artist&page={rng.randint(1, pages)}", None))
        elif case == "album page":
            out.append(("GET", f"/albums/{rng.choice(albums)}", None))
        elif case == "album_grid fn":
            out.append(("POST", "/api/album_grid", f"query%5Bsort%5D=artist&query%5Bpage%5D={rng.randint(1, pages)}"))
        elif case == "album_page fn":
            out.append(("POST", "/api/album_page", f"id={rng.choice(albums)}"))
        elif case == "playlist page":
            out.append(("GET", f"/playlists/{PLAYLIST}", None))
        elif case == "playlist fn":
            out.append(("POST", "/api/playlist", f"id={PLAYLIST}"))
        else:
            raise ValueError(case)
    return out


def cpu_ticks(pid: int | None) -> int | None:
    if pid is None:
        return None
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def run_case(base: str, cookie: str, case: str, work: list, warmup: list, concurrency: int, server_pid: int | None) -> dict:
    clients = [Client(base, cookie) for _ in range(concurrency)]
    # Warm-up: every connection opened and used, untimed.
    for i, (method, path, body) in enumerate(warmup):
        check(case, *clients[i % concurrency].send(method, path, body))
    times: list[float] = []
    sizes: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    next_index = iter(range(len(work)))

    def worker(client: Client) -> None:
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                return
            method, path, body = work[i]
            start = time.perf_counter()
            try:
                status, content_type, answer = client.send(method, path, body)
            except (http.client.HTTPException, OSError) as error:
                with lock:
                    errors.append(f"{path}: {error}")
                continue
            elapsed = (time.perf_counter() - start) * 1000
            try:
                check(case, status, content_type, answer)
            except ValueError as error:
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                times.append(elapsed)
                sizes.append(len(answer))

    hz = os.sysconf("SC_CLK_TCK")
    server_before = cpu_ticks(server_pid)
    client_before = resource.getrusage(resource.RUSAGE_SELF)
    wall_start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - wall_start
    client_after = resource.getrusage(resource.RUSAGE_SELF)
    server_after = cpu_ticks(server_pid)
    for c in clients:
        c.conn.close()
    times.sort()
    result = {
        "case": case,
        "concurrency": concurrency,
        "requests": len(work),
        "ok": len(times),
        "errors": len(errors),
        "error_examples": errors[:3],
        "wall_s": round(wall, 3),
        "req_per_s": round(len(times) / wall, 1) if wall else None,
        "client_cpu_pct": round(100 * ((client_after.ru_utime + client_after.ru_stime) - (client_before.ru_utime + client_before.ru_stime)) / wall, 1),
        "example": work[0][1] + (f" [{work[0][2]}]" if work[0][2] else ""),
    }
    if times:
        result.update(
            {
                "p50_ms": round(percentile(times, 50), 2),
                "p90_ms": round(percentile(times, 90), 2),
                "p99_ms": round(percentile(times, 99), 2),
                "max_ms": round(times[-1], 2),
                "mean_ms": round(sum(times) / len(times), 2),
                "bytes_median": sorted(sizes)[len(sizes) // 2],
            }
        )
    if server_before is not None and server_after is not None:
        result["server_cpu_pct"] = round(100 * (server_after - server_before) / hz / wall, 1)
    return result


def read_albums(path: str) -> list[int]:
    with open(path) as f:
        ids = [int(line) for line in f if line.strip()]
    if not ids:
        raise SystemExit(f"no album ids in {path}")
    return ids


def first(args: argparse.Namespace) -> dict:
    albums = read_albums(args.albums_file)
    cookie = sign_in(args.base)
    client = Client(args.base, cookie)
    rng = random.Random(args.seed)
    out = {}
    for label, case, path in (
        ("first GET /albums?sort=artist&page=1", "grid page", "/albums?sort=artist&page=1"),
        ("second GET /albums?sort=artist&page=1", "grid page", "/albums?sort=artist&page=1"),
        ("then GET /albums/{id}", "album page", f"/albums/{rng.choice(albums)}"),
    ):
        start = time.perf_counter()
        status, content_type, body = client.send("GET", path, None)
        out[label] = round((time.perf_counter() - start) * 1000, 2)
        check(case, status, content_type, body)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", nargs="?", default="cases", choices=("cases", "first"))
    parser.add_argument("--base", required=True)
    parser.add_argument("--albums-file", required=True, help="album ids of the grid, one a line")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--cases", default="grid page,album page,album_grid fn,album_page fn")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--playlist", type=int, help="also time GET /playlists/ID and POST /api/playlist id=ID")
    parser.add_argument("--playlist-requests", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()

    if args.mode == "first":
        result = first(args)
    else:
        albums = read_albums(args.albums_file)
        pages = (len(albums) + PER_PAGE - 1) // PER_PAGE
        cookie = sign_in(args.base)
        result = {"albums": len(albums), "pages": pages, "per_page": PER_PAGE, "cases": []}
        for concurrency in (int(c) for c in args.concurrency.split(",")):
            for case in args.cases.split(","):
                rng = random.Random(f"{args.seed}-{case}-{concurrency}")
                warmup = requests_for(case, args.warmup, pages, albums, rng)
                work = requests_for(case, args.requests, pages, albums, rng)
                row = run_case(args.base, cookie, case, work, warmup, concurrency, args.server_pid)
                print(f"  {case} c={concurrency}: " + json.dumps({k: v for k, v in row.items() if k != 'error_examples'}), file=sys.stderr)
                result["cases"].append(row)
        if args.playlist:
            global PLAYLIST
            PLAYLIST = args.playlist
            for case in ("playlist page", "playlist fn"):
                rng = random.Random(args.seed)
                row = run_case(args.base, cookie, case, requests_for(case, args.playlist_requests, pages, albums, rng),
                               requests_for(case, 2, pages, albums, rng), 1, args.server_pid)
                print(f"  {case}: " + json.dumps(row), file=sys.stderr)
                result["cases"].append(row)
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2)
    return 1 if any(c.get("errors") for c in result.get("cases", [])) else 0


if __name__ == "__main__":
    sys.exit(main())
