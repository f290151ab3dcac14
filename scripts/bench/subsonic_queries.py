#!/usr/bin/env python3
"""Latency of the Subsonic API door (/rest/NAME, f=json), an offline sync by `search3`, and the
report of scripts/bench/subsonic.sh.

    BENCH_API_KEY=… subsonic_queries.py first --base http://127.0.0.1:PORT [--json OUT]
    BENCH_API_KEY=… BENCH_PASSWORD=… BENCH_TOKEN_KEY=… subsonic_queries.py cases --base …
        --albums N [--requests 1000] [--warmup 50] [--concurrency 1,8] [--cases …]
        [--auth-requests 500] [--server-pid PID] [--json OUT]
    BENCH_API_KEY=… subsonic_queries.py sync --base … --expect-songs N [--page 500] [--rounds 3]
        [--server-pid PID] [--json OUT]
    subsonic_queries.py report --run DIR --databases "sqlite postgres" [--meta LINE]…

Secrets come from the environment only (never a command line, a file or a log): BENCH_API_KEY
(`server user api-key bench`, sent as `apiKey=`, the OpenSubsonic way: no password hashing on
the measured path), and for the sign-in cases BENCH_USER [bench] with BENCH_PASSWORD (`u`+`p`,
the plain password: the server remembers a checked one, so only the first call pays Argon2) and
BENCH_TOKEN_KEY (a key made with `--subsonic-token`, for `u`+`t`+`s`: t = md5(key + salt), a new
salt every call).

`first`: the first calls after a start, in this order, one each: getAlbumList2 (the album
snapshot loads), search3 with a word (the track list index loads), getArtists, getIndexes, the
same getAlbumList2 again; then u+p (Argon2) and u+p again (remembered).

`cases`: for each case, `--warmup` untimed calls then `--requests` timed ones at each concurrency
(N threads, each with its own keep-alive HTTP/1.1 connection, taking calls from one shared list;
a call's time runs from sending it until its whole body is read; the JSON is parsed and checked
after the clock stops, so that a 150 KB getArtists does not time Python's json.loads). Every answer
must be HTTP 200 with `subsonic-response.status == "ok"` and the method's element (and for the
ordered album lists exactly the page asked for). Offsets, words and list kinds are drawn at
random with a fixed seed. The auth cases (`ping`/`getAlbumList2` with u+p, `ping` with u+t+s) run
at concurrency 1 with `--auth-requests`. With --server-pid, the server's CPU time per case.

`sync`: what an offline app does: `search3?query=&artistCount=0&albumCount=0&songCount=PAGE
&songOffset=K` from K = 0 in steps of PAGE until a short page, one call after another on one
connection, each page parsed, its songs counted and their ids checked for repeats; the total must
equal --expect-songs. `--rounds` times; the wall time of each sync includes the client's parsing.

Prints one JSON object (also written to --json).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import resource
import secrets
import statistics
import sys
import threading
import time
import urllib.parse

CLIENT = "cadenza-bench"
API = "1.16.1"
PAGE = 50  # getAlbumList2 size

# Words of the generated library (server/examples/gen_library.rs): title words at known rates
# ("love" 6 %, "cafe" for café 1 %, "quixotic" 0.05 %), common title/album words, artist words,
# two-word queries, an album shape's word, and CJK.
WORDS = [
    "love", "cafe", "quixotic", "night", "summer rain", "harbour", "velvet owls", "sessions",
    "deja vu", "東京", "blue", "live", "silver", "echo",
]

CASES = [
    "ping",
    "getAlbumList2 alphabeticalByName",
    "getAlbumList2 newest",
    "getAlbumList2 random",
    "search3",
    "getArtists",
    "getIndexes",
]
AUTH_CASES = ["ping u+p", "getAlbumList2 alphabeticalByName u+p", "ping u+t+s"]


def percentile(sorted_ms: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_ms:
        return float("nan")
    rank = max(1, round(p / 100 * len(sorted_ms) + 0.5 - 1e-9))
    return sorted_ms[min(rank, len(sorted_ms)) - 1]


def load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"{name} is not set")
    return value


def auth_query(kind: str) -> str:
    """The sign-in parameters of one call (a new salt for every token call)."""
    if kind == "apiKey":
        return "apiKey=" + urllib.parse.quote(env("BENCH_API_KEY"), safe="")
    user = urllib.parse.quote(os.environ.get("BENCH_USER", "bench"), safe="")
    if kind == "u+p":
        return f"u={user}&p=" + urllib.parse.quote(env("BENCH_PASSWORD"), safe="")
    if kind == "u+t+s":
        salt = secrets.token_hex(8)
        token = hashlib.md5((env("BENCH_TOKEN_KEY") + salt).encode()).hexdigest()
        return f"u={user}&t={token}&s={salt}"
    raise ValueError(kind)


def url(method: str, params: str, auth: str = "apiKey") -> str:
    extra = f"&{params}" if params else ""
    return f"/rest/{method}?{auth_query(auth)}&v={API}&c={CLIENT}&f=json{extra}"


class Client:
    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers={"Accept": "application/json"})
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                # A dropped keep-alive connection: reconnect once (the retry is timed too).
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def answer(status: int, body: bytes) -> dict:
    """The `subsonic-response` of a good answer; ValueError otherwise (the body is not shown
    whole: it is the server's, but a failed sign-in answer is short anyway)."""
    if status != 200:
        raise ValueError(f"HTTP {status}: {body[:200]!r}")
    doc = json.loads(body)
    reply = doc.get("subsonic-response")
    if not isinstance(reply, dict):
        raise ValueError(f"no subsonic-response: {body[:200]!r}")
    if reply.get("status") != "ok":
        raise ValueError(f"status {reply.get('status')!r}: {reply.get('error')!r}")
    return reply


def check(case: str, reply: dict, expect: int | None) -> None:
    """The method's element is there; an ordered album page holds exactly `expect` albums."""
    if case.startswith("ping"):
        return
    if case.startswith("getAlbumList2"):
        albums = reply["albumList2"]["album"]
        if expect is not None and len(albums) != expect:
            raise ValueError(f"{case}: {len(albums)} albums, expected {expect}")
        if not albums:
            raise ValueError(f"{case}: no album")
    elif case == "search3":
        result = reply["searchResult3"]
        for key in ("artist", "album", "song"):
            if not isinstance(result.get(key), list):
                raise ValueError(f"search3: no {key} list")
    elif case == "getArtists":
        if not reply["artists"]["index"]:
            raise ValueError("getArtists: no index")
    elif case == "getIndexes":
        if not reply["indexes"]["index"]:
            raise ValueError("getIndexes: no index")
    else:
        raise ValueError(case)


def calls_for(case: str, count: int, albums: int, rng: random.Random) -> list[tuple[str, str, int | None, str]]:
    """(method, params, expected album count or None, label) for `count` calls of `case`."""
    out = []
    for _ in range(count):
        if case.startswith("ping"):
            out.append(("ping", "", None, ""))
        elif case.startswith("getAlbumList2 alphabeticalByName") or case == "getAlbumList2 newest":
            kind = case.split()[1]
            offset = rng.randrange(0, max(1, albums - PAGE + 1))
            out.append(("getAlbumList2", f"type={kind}&size={PAGE}&offset={offset}", min(PAGE, albums - offset), ""))
        elif case == "getAlbumList2 random":
            out.append(("getAlbumList2", f"type=random&size={PAGE}", min(PAGE, albums), ""))
        elif case == "search3":
            word = rng.choice(WORDS)
            q = urllib.parse.quote(word, safe="")
            out.append(("search3", f"query={q}&artistCount=20&albumCount=20&songCount=20", None, word))
        elif case in ("getArtists", "getIndexes"):
            out.append((case, "", None, ""))
        else:
            raise ValueError(case)
    return out


def auth_of(case: str) -> str:
    for kind in ("u+t+s", "u+p"):
        if case.endswith(" " + kind):
            return kind
    return "apiKey"


def cpu_ticks(pid: int | None) -> int | None:
    if pid is None:
        return None
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def stats(times: list[float]) -> dict:
    times = sorted(times)
    if not times:
        return {}
    return {
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "max_ms": round(times[-1], 2),
        "mean_ms": round(sum(times) / len(times), 2),
    }


def run_case(base: str, case: str, work: list, warmup: list, concurrency: int, server_pid: int | None) -> dict:
    auth = auth_of(case)
    clients = [Client(base) for _ in range(concurrency)]
    for i, (method, params, expect, _) in enumerate(warmup):
        check(case, answer(*clients[i % concurrency].get(url(method, params, auth))), expect)
    # The URLs are made before the clock starts (a token's md5 is the client's work).
    paths = [url(method, params, auth) for method, params, _, _ in work]
    times: list[float] = []
    by_label: dict[str, list[float]] = {}
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
            _, params, expect, label = work[i]
            start = time.perf_counter()
            try:
                status, body = client.get(paths[i])
                elapsed = (time.perf_counter() - start) * 1000
                check(case, answer(status, body), expect)
            except (http.client.HTTPException, OSError, ValueError, KeyError, TypeError) as error:
                with lock:
                    errors.append(f"{work[i][0]}?{params}: {type(error).__name__}: {error}")
                continue
            with lock:
                times.append(elapsed)
                sizes.append(len(body))
                if label:
                    by_label.setdefault(label, []).append(elapsed)

    hz = os.sysconf("SC_CLK_TCK")
    load_before = load()
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
        c.close()
    method, params, _, _ = work[0]
    result = {
        "case": case,
        "auth": auth,
        "concurrency": concurrency,
        "requests": len(work),
        "ok": len(times),
        "errors": len(errors),
        "error_examples": errors[:3],
        "wall_s": round(wall, 3),
        "req_per_s": round(len(times) / wall, 1) if wall else None,
        "client_cpu_pct": round(100 * ((client_after.ru_utime + client_after.ru_stime) - (client_before.ru_utime + client_before.ru_stime)) / wall, 1),
        "load_before": load_before,
        "load_after": load(),
        "example": f"/rest/{method}?…&f=json" + (f"&{params}" if params else ""),
        **stats(times),
    }
    if sizes:
        result["bytes_median"] = sorted(sizes)[len(sizes) // 2]
    if by_label:
        result["by_word"] = {label: {"n": len(v), **stats(v)} for label, v in sorted(by_label.items())}
    if server_before is not None and server_after is not None:
        result["server_cpu_pct"] = round(100 * (server_after - server_before) / hz / wall, 1)
        if times:
            result["server_cpu_ms_per_call"] = round(1000 * (server_after - server_before) / hz / len(times), 3)
    return result


def cases(args: argparse.Namespace) -> dict:
    result = {"albums": args.albums, "page": PAGE, "words": WORDS, "cases": []}
    names = [c for c in args.cases.split(",") if c]
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        for case in names:
            rng = random.Random(f"{args.seed}-{case}-{concurrency}")
            warmup = calls_for(case, args.warmup, args.albums, rng)
            work = calls_for(case, args.requests, args.albums, rng)
            row = run_case(args.base, case, work, warmup, concurrency, args.server_pid)
            print(f"  {case} c={concurrency}: " + json.dumps({k: v for k, v in row.items() if k not in ('error_examples', 'by_word')}), file=sys.stderr)
            result["cases"].append(row)
    if args.auth_requests > 0:
        for case in AUTH_CASES:
            if case == "ping u+t+s" and not os.environ.get("BENCH_TOKEN_KEY"):
                continue
            rng = random.Random(f"{args.seed}-{case}")
            warmup = calls_for(case, 10, args.albums, rng)
            work = calls_for(case, args.auth_requests, args.albums, rng)
            row = run_case(args.base, case, work, warmup, 1, args.server_pid)
            print(f"  {case} c=1: " + json.dumps({k: v for k, v in row.items() if k != 'error_examples'}), file=sys.stderr)
            result["cases"].append(row)
    return result


def timed(client: Client, path: str) -> tuple[float, dict]:
    start = time.perf_counter()
    reply = answer(*client.get(path))
    return round((time.perf_counter() - start) * 1000, 2), reply


def first(args: argparse.Namespace) -> dict:
    client = Client(args.base)
    out = {}
    steps = [
        ("first getAlbumList2 alphabeticalByName (album snapshot loads)", url("getAlbumList2", f"type=alphabeticalByName&size={PAGE}&offset=0")),
        ("first search3 query=love (track list index loads)", url("search3", "query=love&artistCount=20&albumCount=20&songCount=20")),
        ("first getArtists", url("getArtists", "")),
        ("first getIndexes", url("getIndexes", "")),
        ("getAlbumList2 alphabeticalByName again", url("getAlbumList2", f"type=alphabeticalByName&size={PAGE}&offset=0")),
        ("first ping with u+p (Argon2 check)", url("ping", "", "u+p")),
        ("second ping with u+p (remembered)", url("ping", "", "u+p")),
    ]
    for label, path in steps:
        out[label], _ = timed(client, path)
    client.close()
    return out


def sync(args: argparse.Namespace) -> dict:
    rounds = []
    for round_number in range(1, args.rounds + 1):
        client = Client(args.base)
        seen: set[str] = set()
        duplicates = 0
        page_ms: list[float] = []
        sizes = 0
        offset = 0
        parse_s = 0.0  # the client's json.loads of the pages
        hz = os.sysconf("SC_CLK_TCK")
        server_before = cpu_ticks(args.server_pid)
        load_before = load()
        start = time.perf_counter()
        while True:
            path = url("search3", f"query=&artistCount=0&albumCount=0&songCount={args.page}&songOffset={offset}")
            t0 = time.perf_counter()
            status, body = client.get(path)
            t1 = time.perf_counter()
            reply = answer(status, body)
            parse_s += time.perf_counter() - t1
            songs = reply["searchResult3"].get("song", [])
            page_ms.append((time.perf_counter() - t0) * 1000)  # sent → body parsed
            sizes += len(body)
            for song in songs:
                if song["id"] in seen:
                    duplicates += 1
                seen.add(song["id"])
            if len(songs) < args.page:
                break
            offset += args.page
        wall = time.perf_counter() - start
        server_after = cpu_ticks(args.server_pid)
        client.close()
        row = {
            "round": round_number,
            "seconds": round(wall, 3),
            "pages": len(page_ms),
            "songs": len(seen) + duplicates,
            "distinct": len(seen),
            "duplicates": duplicates,
            "expected": args.expect_songs,
            "complete": len(seen) == args.expect_songs and duplicates == 0,
            "bytes": sizes,
            "client_parse_s": round(parse_s, 2),
            "load_before": load_before,
            "load_after": load(),
            "page": stats(page_ms),
            "first_page_ms": round(page_ms[0], 2),
            "last_full_pages_ms": [round(x, 2) for x in page_ms[-4:-1]],
        }
        # How the page time grows with the offset: mean of the first and the last tenth of the pages.
        tenth = max(1, len(page_ms) // 10)
        row["first_tenth_mean_ms"] = round(statistics.mean(page_ms[:tenth]), 2)
        row["last_tenth_mean_ms"] = round(statistics.mean(page_ms[-tenth - 1:-1] or page_ms[-1:]), 2)
        if server_before is not None and server_after is not None:
            row["server_cpu_s"] = round((server_after - server_before) / hz, 2)
        print(f"  sync round {round_number}: " + json.dumps(row), file=sys.stderr)
        rounds.append(row)
    times = sorted(r["seconds"] for r in rounds)
    return {"page_size": args.page, "rounds": rounds, "median_s": times[len(times) // 2],
            "all_complete": all(r["complete"] for r in rounds)}


# --- the report ------------------------------------------------------------------------------------

TARGET_MS = {"getAlbumList2": 20, "search3": 20, "getArtists": 20, "getIndexes": 200}


def target_of(case: str) -> float | None:
    if case.endswith(("u+p", "u+t+s")):
        return None
    return TARGET_MS.get(case.split()[0])


def fmt(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def report(args: argparse.Namespace) -> int:
    kinds = args.databases.split()
    data = {}
    for kind in kinds:
        def read(name: str):
            path = os.path.join(args.run, f"{name}-{kind}.json")
            return json.load(open(path)) if os.path.exists(path) else None
        data[kind] = {"cases": read("cases"), "sync": read("sync"), "first": read("first"), "meta": read("meta")}
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    out = []
    for line in args.meta:
        out.append(f"- {line}")
    for kind in kinds:
        meta = data[kind]["meta"] or {}
        if meta:
            out.append(f"- {names.get(kind, kind)}: {meta.get('database', '')}; {meta.get('library', '')}; "
                       f"load average (1, 5, 15 min) before the cases {meta.get('load_before_cases', '?')}, "
                       f"after them {meta.get('load_after_cases', '?')}, after the syncs {meta.get('load_after_sync', '?')}; "
                       f"server RSS after the run {meta.get('rss', '?')}")
    out.append("")

    # Latency table: one row per case and concurrency, the databases side by side.
    head = "| call (ms) | conc. | " + " | ".join(f"{names.get(k, k)}: p50 / p95 / **p99** / max | req/s | server CPU ms/call" for k in kinds) + " |"
    out.append(head)
    out.append("|---|---:|" + "---:|---:|---:|" * len(kinds))
    rows: dict[tuple[str, int], dict[str, dict]] = {}
    order: list[tuple[str, int]] = []
    for kind in kinds:
        for row in (data[kind]["cases"] or {}).get("cases", []):
            key = (row["case"], row["concurrency"])
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][kind] = row
    for key in order:
        case, conc = key
        cells = []
        for kind in kinds:
            row = rows[key].get(kind)
            if not row or "p50_ms" not in row:
                cells.append("failed | | ")
                continue
            bad = f" ({row['errors']} errors)" if row.get("errors") else ""
            cells.append(f"{fmt(row['p50_ms'], 2)} / {fmt(row['p95_ms'], 2)} / **{fmt(row['p99_ms'], 2)}** / {fmt(row['max_ms'])}{bad} | "
                         f"{fmt(row['req_per_s'], 0)} | {fmt(row.get('server_cpu_ms_per_call'), 2)}")
        label = f"`{case}`" if " " not in case else f"`{case.split()[0]}` {' '.join(case.split()[1:])}"
        out.append(f"| {label} | {conc} | " + " | ".join(cells) + " |")
    out.append("")

    # search3 by word, concurrency 1.
    words_rows = []
    for kind in kinds:
        for row in (data[kind]["cases"] or {}).get("cases", []):
            if row["case"] == "search3" and row["concurrency"] == 1 and row.get("by_word"):
                words_rows.append((kind, row["by_word"]))
    if words_rows:
        words = list(words_rows[0][1].keys())
        out.append("`search3` by word, concurrency 1 (p50 / p99 ms, n calls):")
        out.append("")
        out.append("| word | " + " | ".join(names.get(k, k) for k, _ in words_rows) + " |")
        out.append("|---|" + "---:|" * len(words_rows))
        for word in words:
            cells = []
            for _, by in words_rows:
                w = by.get(word)
                cells.append(f"{fmt(w['p50_ms'], 2)} / {fmt(w['p99_ms'], 2)} ({w['n']})" if w else "–")
            out.append(f"| {word} | " + " | ".join(cells) + " |")
        out.append("")

    # The sync.
    out.append("| full sync by `search3` (query empty, songCount=500) | " + " | ".join(names.get(k, k) for k in kinds) + " |")
    out.append("|---|" + "---:|" * len(kinds))
    lines = {
        "wall time per round (s)": lambda s: ", ".join(fmt(r["seconds"], 2) for r in s["rounds"]),
        "**median** (target ≤ 10 s)": lambda s: f"**{fmt(s['median_s'], 2)} s**",
        "pages / songs / distinct / duplicates": lambda s: f"{s['rounds'][0]['pages']} / {s['rounds'][0]['songs']:,} / {s['rounds'][0]['distinct']:,} / {s['rounds'][0]['duplicates']}",
        "complete (every track once, total as in the database)": lambda s: "yes" if s["all_complete"] else "**no**",
        "page time p50 / p99 / max (ms)": lambda s: " ; ".join(f"{fmt(r['page']['p50_ms'])} / {fmt(r['page']['p99_ms'])} / {fmt(r['page']['max_ms'])}" for r in s["rounds"][:1]),
        "mean page time, first tenth → last tenth of the pages (ms)": lambda s: f"{fmt(s['rounds'][0]['first_tenth_mean_ms'])} → {fmt(s['rounds'][0]['last_tenth_mean_ms'])}",
        "answer bytes per sync": lambda s: f"{s['rounds'][0]['bytes'] / 1e6:,.1f} MB",
        "of which the client's JSON parsing (s)": lambda s: ", ".join(fmt(r.get("client_parse_s"), 2) for r in s["rounds"]),
        "server CPU per sync (s)": lambda s: ", ".join(fmt(r.get("server_cpu_s"), 2) for r in s["rounds"]),
        "load average before → after (1 min)": lambda s: ", ".join(f"{r['load_before'].split()[0]} → {r['load_after'].split()[0]}" for r in s["rounds"]),
    }
    for label, cell in lines.items():
        values = []
        for kind in kinds:
            s = data[kind]["sync"]
            try:
                values.append(cell(s) if s else "–")
            except (KeyError, IndexError, TypeError):
                values.append("–")
        out.append(f"| {label} | " + " | ".join(values) + " |")
    out.append("")

    # First calls after a start.
    firsts = [(k, data[k]["first"]) for k in kinds if data[k]["first"]]
    if firsts:
        out.append("| first calls after a start (ms) | " + " | ".join(names.get(k, k) for k, _ in firsts) + " |")
        out.append("|---|" + "---:|" * len(firsts))
        for label in firsts[0][1]:
            out.append(f"| {label} | " + " | ".join(fmt(f.get(label), 1) for _, f in firsts) + " |")
        out.append("")

    # Against the targets.
    out.append("| target | " + " | ".join(names.get(k, k) for k in kinds) + " |")
    out.append("|---|" + "---|" * len(kinds))
    for method, limit in TARGET_MS.items():
        for conc in sorted({c for (_, c) in order}):
            cells = []
            for kind in kinds:
                worst = None
                for row in (data[kind]["cases"] or {}).get("cases", []):
                    if row["case"].split()[0] == method and row["concurrency"] == conc and target_of(row["case"]) and "p99_ms" in row:
                        if worst is None or row["p99_ms"] > worst["p99_ms"]:
                            worst = row
                if worst is None:
                    cells.append("–")
                else:
                    ok = worst["p99_ms"] <= limit and not worst.get("errors")
                    cells.append(f"{'met' if ok else '**missed**'}: worst p99 {fmt(worst['p99_ms'], 1)} ms ({worst['case']})")
            out.append(f"| `{method}` p99 ≤ {limit} ms, concurrency {conc} | " + " | ".join(cells) + " |")
    cells = []
    for kind in kinds:
        s = data[kind]["sync"]
        if not s:
            cells.append("–")
        else:
            ok = s["median_s"] <= 10 and s["all_complete"]
            cells.append(f"{'met' if ok else '**missed**'}: median {fmt(s['median_s'], 2)} s{'' if s['all_complete'] else ', incomplete'}")
    out.append("| full sync by `search3` ≤ 10 s | " + " | ".join(cells) + " |")
    print("\n".join(out))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("first", "cases", "sync", "report"))
    parser.add_argument("--base")
    parser.add_argument("--albums", type=int, default=0, help="albums in the library (offsets are drawn below it)")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--auth-requests", type=int, default=500)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--expect-songs", type=int, default=0)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--run", help="report: the folder of the run's JSON files")
    parser.add_argument("--databases", default="sqlite postgres")
    parser.add_argument("--meta", action="append", default=[])
    parser.add_argument("--json")
    args = parser.parse_args()

    if args.mode == "report":
        return report(args)
    if not args.base or urllib.parse.urlsplit(args.base).hostname != "127.0.0.1":
        raise SystemExit("--base must be a loopback URL (http://127.0.0.1:PORT)")
    if args.mode == "first":
        result = first(args)
    elif args.mode == "cases":
        if args.albums <= 0:
            raise SystemExit("--albums is needed")
        result = cases(args)
    else:
        result = sync(args)
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(result, out, indent=2, ensure_ascii=False)
    if args.mode == "cases":
        return 1 if any(c.get("errors") for c in result["cases"]) else 0
    if args.mode == "sync":
        return 0 if result["all_complete"] else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
