"""Helpers shared by the Python load generators (standard library only)."""

from __future__ import annotations

import collections
import math
import re


class HttpError(Exception):
    """The server answered, but not as expected."""


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
