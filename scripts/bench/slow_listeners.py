#!/usr/bin/env python3
"""Scenario D: many slow listeners, each playing one file at a modest bit rate.

Each listener opens its own connection (the connections are ramped up over --ramp seconds),
GETs a random file, records the time to the first body byte (connect included), then reads at
--rate bytes/s (a token bucket holding one second of tokens: at most RATE bytes per second, in
reads of at most --read-size bytes) until --seconds after the end of the ramp.

At the end it reports how many listeners kept pace (received >= --pace-fraction of
RATE x the time since their first byte, or the whole file), the TTFB distribution, the errors,
and -- with --pid -- the server's memory: VmRSS sampled every 0.5 s (peak), and VmHWM at the end
(reset to the current RSS before the run through /proc/PID/clear_refs when permitted).

The client must keep up with 1,000 sockets on one core: it uses asyncio streams with a small
buffer limit, shrinks the transport's recv size to the read size (a CPython selector-transport
detail; harmless elsewhere), and wakes each listener about once per second.

Standard library only.

    slow_listeners.py --port 8080 --targets targets.tsv [--listeners 1000] [--seconds 30] [--pid PID]
                      [--header-file FILE]

With --header-file, every request also carries the file's headers (`Name: value` a line), e.g.
cadenza's `Authorization: Bearer KEY`.
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


class Listener:
    __slots__ = ("target", "ttfb", "t_first", "t_end", "received", "length", "finished", "error")

    def __init__(self, target):
        self.target = target
        self.ttfb = None  # seconds from connect start to the first body byte
        self.t_first = None
        self.t_end = None
        self.received = 0  # body bytes, the first ones included
        self.length = None
        self.finished = False  # read the whole body
        self.error = None


async def listen(args, me: Listener, start_at: float, deadline: float) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, start_at - loop.time()))
    path, size, _ = me.target
    rate = args.rate
    writer = None
    try:
        t0 = time.perf_counter()
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(args.host, args.port, limit=args.read_size),
            args.connect_timeout,
        )
        if hasattr(writer.transport, "max_size"):
            writer.transport.max_size = args.read_size  # recv() at most one read's worth
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {args.host}:{args.port}\r\nAccept: */*\r\n"
            f"{args.extra_headers}\r\n".encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), args.ttfb_timeout)
        status, headers = parse_head(head)
        if status != 200:
            raise HttpError(f"status {status} (expected 200)")
        me.length = int(headers.get("content-length", size))
        # The bucket starts full: one second's worth may be read at once.
        first = await asyncio.wait_for(
            reader.read(min(rate, args.read_size, me.length)), args.ttfb_timeout
        )
        now = time.perf_counter()
        if not first:
            raise HttpError("connection closed before the first body byte")
        me.ttfb = now - t0
        me.t_first = now
        me.received = len(first)
        tokens = rate - len(first)
        last = now
        while me.received < me.length:
            now = time.perf_counter()
            if now >= deadline:
                break
            tokens = min(rate, tokens + (now - last) * rate)
            last = now
            want = min(args.read_size, me.length - me.received)
            if tokens < want:
                await asyncio.sleep(min((want - tokens) / rate, deadline - now))
                continue
            data = await asyncio.wait_for(reader.read(want), max(0.001, deadline - now))
            if not data:
                raise HttpError(f"connection closed after {me.received} of {me.length} body bytes")
            me.received += len(data)
            tokens -= len(data)
        me.finished = me.received >= me.length
    except asyncio.TimeoutError:
        if me.t_first is None:
            me.error = "timeout before the first body byte"
        # else: the deadline fell while waiting for data -- judged by the pace check
    except (OSError, HttpError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as e:
        me.error = f"{type(e).__name__}: {e}"
    finally:
        me.t_end = min(time.perf_counter(), deadline)
        if writer is not None:
            writer.close()


def read_status_kib(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, value = line.split(":", 1)
                out[name] = int(value.split()[0])
    return out


async def sample_rss(pid: int, stop: asyncio.Event, samples: list[int]) -> None:
    while not stop.is_set():
        try:
            samples.append(read_status_kib(pid).get("VmRSS", 0))
        except OSError:
            return  # the process is gone
        try:
            await asyncio.wait_for(stop.wait(), 0.5)
        except asyncio.TimeoutError:
            pass


async def run(args) -> dict:
    targets = load_targets(args.targets)
    rng = random.Random(args.seed)
    listeners = [Listener(rng.choice(targets)) for _ in range(args.listeners)]

    rss_start = hwm_reset = None
    samples: list[int] = []
    stop = asyncio.Event()
    sampler = None
    if args.pid:
        try:
            with open(f"/proc/{args.pid}/clear_refs", "w") as f:
                f.write("5")  # resets VmHWM to the current RSS
            hwm_reset = True
        except OSError:
            hwm_reset = False
        rss_start = read_status_kib(args.pid).get("VmRSS")
        sampler = asyncio.create_task(sample_rss(args.pid, stop, samples))

    loop = asyncio.get_running_loop()
    t_loop0 = loop.time()
    t_start = time.perf_counter()
    deadline = t_start + args.ramp + args.seconds
    step = args.ramp / max(1, args.listeners)
    tasks = [
        asyncio.create_task(listen(args, me, t_loop0 + i * step, deadline))
        for i, me in enumerate(listeners)
    ]
    # Hard bound: every task ends by the deadline (plus TTFB timeout); never wait beyond that.
    done, pending = await asyncio.wait(
        tasks, timeout=args.ramp + args.seconds + args.ttfb_timeout + args.connect_timeout + 10
    )
    for t in pending:
        t.cancel()
    for t in pending:
        me = listeners[tasks.index(t)]
        me.error = me.error or "client gave up (hard time limit)"
        me.t_end = me.t_end or deadline
    elapsed = time.perf_counter() - t_start

    hwm_end = None
    if sampler:
        stop.set()
        await sampler
        try:
            hwm_end = read_status_kib(args.pid).get("VmHWM")
        except OSError:
            pass

    at_pace = 0
    errors = []
    ttfbs = []
    total_bytes = 0
    shortfalls = []
    for me in listeners:
        total_bytes += me.received
        if me.ttfb is not None:
            ttfbs.append(me.ttfb)
        if me.error:
            errors.append(me.error)
            continue
        if me.t_first is None:
            continue
        expected = args.rate * (me.t_end - me.t_first)
        if me.finished or me.received >= args.pace_fraction * expected:
            at_pace += 1
        else:
            shortfalls.append(me.received / expected if expected else 0.0)
    ttfbs.sort()
    shortfalls.sort()
    ms = lambda s: None if s is None else round(s * 1000, 3)  # noqa: E731
    mib = lambda kib: None if kib is None else round(kib / 1024, 1)  # noqa: E731
    return {
        "scenario": "D",
        "listeners": args.listeners,
        "at_pace": at_pace,
        "got_first_byte": len(ttfbs),
        "errors": len(errors),
        "error_kinds": summarize_errors(errors),
        "behind_pace": len(shortfalls),
        "worst_pace_fraction": round(shortfalls[0], 3) if shortfalls else None,
        "ttfb_p50_ms": ms(percentile(ttfbs, 50)),
        "ttfb_p99_ms": ms(percentile(ttfbs, 99)),
        "ttfb_max_ms": ms(ttfbs[-1] if ttfbs else None),
        "rate_bytes_per_s": args.rate,
        "seconds": args.seconds,
        "ramp_s": args.ramp,
        "elapsed_s": round(elapsed, 3),
        "body_mib": round(total_bytes / 2**20, 1),
        "rss_start_mib": mib(rss_start),
        "rss_peak_mib": mib(max(samples) if samples else None),
        "rss_samples": len(samples),
        "hwm_reset": hwm_reset,
        "hwm_end_mib": mib(hwm_end),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--targets", required=True, help="TSV: request path, size[, absolute file path]")
    p.add_argument("--listeners", type=int, default=1000)
    p.add_argument("--rate", type=int, default=16 * 1024, help="bytes/s per listener (default 16 KiB/s)")
    p.add_argument("--read-size", type=int, default=16 * 1024, help="bytes per read (default 16 KiB)")
    p.add_argument("--seconds", type=float, default=30.0, help="listening time after the ramp")
    p.add_argument("--ramp", type=float, default=2.0, help="seconds over which connections open")
    p.add_argument("--pace-fraction", type=float, default=0.95)
    p.add_argument("--connect-timeout", type=float, default=10.0)
    p.add_argument("--ttfb-timeout", type=float, default=15.0)
    p.add_argument("--pid", type=int, help="server process to sample VmRSS/VmHWM of")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--label", default="")
    p.add_argument("--json-out")
    p.add_argument("--header-file", help="extra request headers, one `Name: value` a line (e.g. Authorization)")
    args = p.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        p.error("loopback only")
    args.extra_headers = header_lines(load_header_file(args.header_file))
    if args.rate < args.read_size:
        p.error("--rate must be at least --read-size (the bucket holds one second of tokens)")

    result = asyncio.run(run(args))
    result["label"] = args.label
    print(
        f"D {args.label}: {result['at_pace']}/{result['listeners']} listeners kept pace "
        f"({result['behind_pace']} behind, worst at {result['worst_pace_fraction']} of the rate), "
        f"{result['errors']} errors; TTFB p50 {result['ttfb_p50_ms']} ms, p99 {result['ttfb_p99_ms']} ms, "
        f"max {result['ttfb_max_ms']} ms; RSS {result['rss_start_mib']} MiB at start, "
        f"peak {result['rss_peak_mib']} MiB, VmHWM {result['hwm_end_mib']} MiB "
        f"(reset before run: {result['hwm_reset']}); {result['body_mib']} MiB read in {result['elapsed_s']} s"
    )
    for kind, count in result["error_kinds"].items():
        print(f"  error x{count}: {kind}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(result, f, indent=1)
    return 0 if result["got_first_byte"] else 1


if __name__ == "__main__":
    sys.exit(main())
