#!/usr/bin/env python3
"""Scenario B: open-ended seeks, the way an audio element seeks.

Each request opens a fresh TCP connection, sends `Range: bytes=N-` for a random N, times how long
the first body byte takes to arrive (connect included), reads READ_BYTES (256 KiB) of the body,
then closes the connection while the server still has the rest of the file to send.

A few workers run concurrently; the run is bounded both by a total request count and by a time
limit. Every answer must be a 206 whose Content-Range starts at N; every VERIFY_EVERY-th body is
also compared byte for byte with the file on disk (outside the timed part).

Standard library only. Prints a human summary and, with --json-out, writes the numbers as JSON.

    seeks.py --port 8080 --targets targets.tsv [--requests 2000] [--workers 8] [--header-file FILE]

With --header-file, every request also carries the file's headers (`Name: value` a line), e.g.
cadenza's `Authorization: Bearer KEY`: `--header-file <(printf 'Authorization: Bearer %s\\n' "$KEY")`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time

from bench_common import (
    HttpError,
    header_lines,
    load_header_file,
    load_targets,
    parse_head,
    percentile,
    summarize_errors,
)


async def one_seek(args, target, counter: int) -> float:
    """One seek; returns its time to first body byte in seconds, or raises."""
    path, size, abspath = target
    read_bytes = min(args.read_bytes, size)
    first = random.randrange(0, size - read_bytes + 1)
    request = (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: {args.host}:{args.port}\r\n"
        f"Range: bytes={first}-\r\n"
        "Accept: */*\r\n"
        f"{args.extra_headers}"
        "\r\n"
    ).encode()

    t0 = time.perf_counter()
    reader, writer = await asyncio.open_connection(args.host, args.port, limit=256 * 1024)
    try:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status, headers = parse_head(head)
        if status != 206:
            raise HttpError(f"status {status} (expected 206)")
        content_range = headers.get("content-range", "")
        expected = f"bytes {first}-{size - 1}/{size}"
        if content_range != expected:
            raise HttpError(f"Content-Range {content_range!r} (expected {expected!r})")
        chunk = await reader.read(64 * 1024)
        ttfb = time.perf_counter() - t0
        if not chunk:
            raise HttpError("connection closed before the first body byte")
        parts = [chunk]
        got = len(chunk)
        while got < read_bytes:
            chunk = await reader.read(min(64 * 1024, read_bytes - got))
            if not chunk:
                raise HttpError(f"connection closed after {got} body bytes")
            parts.append(chunk)
            got += len(chunk)
    finally:
        # Closing with unread data in the socket makes the kernel reset the connection, as a
        # browser abandoning a seek does.
        writer.close()

    if args.verify_every and counter % args.verify_every == 0 and abspath:
        body = b"".join(parts)[:read_bytes]
        with open(abspath, "rb") as f:
            f.seek(first)
            if f.read(read_bytes) != body:
                raise HttpError(f"body bytes differ from the file at offset {first}")
    return ttfb


async def run(args) -> dict:
    targets = load_targets(args.targets)
    ttfbs: list[float] = []
    errors: list[str] = []
    issued = 0
    t_start = time.perf_counter()
    t_stop = t_start + args.max_seconds

    async def worker() -> None:
        nonlocal issued
        while issued < args.requests and time.perf_counter() < t_stop:
            issued += 1
            n = issued
            try:
                ttfbs.append(
                    await asyncio.wait_for(
                        one_seek(args, random.choice(targets), n), args.timeout
                    )
                )
            except asyncio.TimeoutError:
                errors.append(f"timeout after {args.timeout}s")
            except (OSError, HttpError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as e:
                errors.append(f"{type(e).__name__}: {e}")

    await asyncio.gather(*(worker() for _ in range(args.workers)))
    elapsed = time.perf_counter() - t_start
    ttfbs.sort()
    ms = lambda s: None if s is None else round(s * 1000, 3)  # noqa: E731
    return {
        "scenario": "B",
        "requests": issued,
        "ok": len(ttfbs),
        "errors": len(errors),
        "error_kinds": summarize_errors(errors),
        "elapsed_s": round(elapsed, 3),
        "seeks_per_s": round(len(ttfbs) / elapsed, 1) if elapsed > 0 else None,
        "ttfb_p50_ms": ms(percentile(ttfbs, 50)),
        "ttfb_p90_ms": ms(percentile(ttfbs, 90)),
        "ttfb_p99_ms": ms(percentile(ttfbs, 99)),
        "ttfb_max_ms": ms(ttfbs[-1] if ttfbs else None),
        "read_bytes": args.read_bytes,
        "workers": args.workers,
        "hit_time_limit": issued < args.requests,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--targets", required=True, help="TSV: request path, size, absolute file path")
    p.add_argument("--requests", type=int, default=2000, help="total seeks (default 2000)")
    p.add_argument("--workers", type=int, default=8, help="concurrent connections (default 8)")
    p.add_argument("--read-bytes", type=int, default=256 * 1024, help="body bytes read per seek")
    p.add_argument("--timeout", type=float, default=10.0, help="per-seek timeout, seconds")
    p.add_argument("--max-seconds", type=float, default=120.0, help="stop issuing seeks after this")
    p.add_argument("--verify-every", type=int, default=10, help="compare every Nth body with the file (0: never)")
    p.add_argument("--label", default="")
    p.add_argument("--json-out")
    p.add_argument("--header-file", help="extra request headers, one `Name: value` a line (e.g. Authorization)")
    args = p.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        p.error("loopback only")
    args.extra_headers = header_lines(load_header_file(args.header_file))

    result = asyncio.run(run(args))
    result["label"] = args.label
    print(
        f"B {args.label}: {result['ok']}/{result['requests']} seeks ok, {result['errors']} errors, "
        f"{result['seeks_per_s']} seeks/s; TTFB p50 {result['ttfb_p50_ms']} ms, "
        f"p90 {result['ttfb_p90_ms']} ms, p99 {result['ttfb_p99_ms']} ms, max {result['ttfb_max_ms']} ms"
    )
    for kind, count in result["error_kinds"].items():
        print(f"  error x{count}: {kind}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
