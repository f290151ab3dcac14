"""Helpers shared by the Python load generators (standard library only)."""

from __future__ import annotations

import collections
import math
import re


class HttpError(Exception):
    """The server answered, but not as expected."""


def load_header_file(path: str | None) -> list[tuple[str, str]]:
    """Extra request headers from a file, one `Name: value` a line (blank lines and `#` comments
    skipped); none without a file. The scripts put cadenza's `Authorization: Bearer KEY` there,
    which keeps the key off every command line (a `ps` would show it) and out of the logs."""
    if not path:
        return []
    headers = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip() or " " in name or "\t" in name:
                # The line itself is not shown: it may hold a key.
                raise SystemExit(f"{path}, line {number}: not a `Name: value` header")
            headers.append((name, value.strip()))
    return headers


def header_lines(headers: list[tuple[str, str]]) -> str:
    """The headers as raw HTTP/1.1 lines, each ending in CRLF."""
    return "".join(f"{name}: {value}\r\n" for name, value in headers)


def load_targets(path: str) -> list[tuple[str, int, str | None]]:
    """Reads a targets TSV: `<request path>\t<size>[\t<absolute file path>]` per line."""
    targets = []
    with open(path) as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[0]:
                targets.append((fields[0], int(fields[1]), fields[2] if len(fields) > 2 else None))
    if not targets:
        raise SystemExit(f"no targets in {path}")
    return targets


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Status code and lower-cased headers of an HTTP/1.x response head."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/"):
        raise HttpError(f"bad status line {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarize_errors(errors: list[str], keep: int = 8) -> dict[str, int]:
    """Groups error messages (long numbers such as offsets masked) and keeps the most common kinds."""
    kinds = collections.Counter(re.sub(r"\d{4,}", "N", e) for e in errors)
    return dict(kinds.most_common(keep))
