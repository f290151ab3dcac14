"""Writes a large cover picture, a PNG, with the standard library only (no image library is
installed on the bench machine): smooth colour bands with a little noise, so it compresses like a
picture, not like a flat colour or like noise.

usage: make_cover.py OUT.png SIDE
"""

import random
import struct
import sys
import zlib


def chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def main() -> int:
    out, side = sys.argv[1], int(sys.argv[2])
    noise = random.Random(13)
    rows = []
    for y in range(side):
        row = bytearray([0])  # filter: none
        for x in range(side):
            jitter = noise.randrange(8)
            row += bytes(((x * 255 // side + jitter) & 255, (y * 255 // side + jitter) & 255, ((x ^ y) & 255)))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
    png += chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
