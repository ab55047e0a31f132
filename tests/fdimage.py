#!/usr/bin/env python3
"""The floppy test image: a 1.44 MB raw disk (2880 sectors of 512 bytes)
where every sector carries its LBA and a fixed pseudo-random pattern, so a
read of any sector can be checked without the image. The kernel's floppy
suite (tests/kernel/floppy_test.c) computes the same bytes.

Sector LBA with salt S (S = 0: the pristine image):
  bytes 0-3   LBA, little-endian
  bytes 4-7   LBA XOR 0xffffffff XOR S, little-endian
  bytes 8-511 126 words of xorshift32 (13, 17, 5), little-endian, from the
              seed (LBA * 0x9e3779b1 + S * 0x85ebca6b + 1) mod 2^32, each
              word taken after a step (a zero seed becomes 1)

    fdimage.py make IMAGE
    fdimage.py check IMAGE [SPEC ...]
SPEC is FIRST-LAST:pattern=S (the sectors hold salt S) or FIRST-LAST:fill=B
(every byte is B, decimal); every sector no SPEC names must be pristine.
check prints one line per wrong sector (up to 10) and exits 1 if any.
Python 3 standard library only."""

import struct
import sys

SECTOR = 512
SECTORS = 2880
MASK = 0xffffffff


def sector(lba, salt=0):
    x = (lba * 0x9e3779b1 + salt * 0x85ebca6b + 1) & MASK or 1
    words = [lba & MASK, (lba ^ MASK ^ salt) & MASK]
    for _ in range((SECTOR - 8) // 4):
        x ^= (x << 13) & MASK
        x ^= x >> 17
        x ^= (x << 5) & MASK
        words.append(x)
    return struct.pack('<%dI' % len(words), *words)


def make(path):
    with open(path, 'wb') as fh:
        for lba in range(SECTORS):
            fh.write(sector(lba))


def parse_spec(spec):
    rng, _, what = spec.partition(':')
    first, _, last = rng.partition('-')
    kind, _, val = what.partition('=')
    first, last, val = int(first), int(last or first), int(val)
    if kind == 'pattern':
        return first, last, lambda lba: sector(lba, val)
    if kind == 'fill':
        return first, last, lambda lba: bytes([val]) * SECTOR
    raise ValueError('bad spec %r (FIRST-LAST:pattern=S or FIRST-LAST:fill=B)' % spec)


def check(path, specs):
    """The problems found, as text lines (empty: the image is as expected)."""
    expect = {}
    for spec in specs:
        first, last, gen = parse_spec(spec)
        for lba in range(first, last + 1):
            expect[lba] = (gen, spec)
    with open(path, 'rb') as fh:
        data = fh.read()
    if len(data) != SECTOR * SECTORS:
        return ['%s: %d bytes, expected %d' % (path, len(data), SECTOR * SECTORS)]
    bad = []
    for lba in range(SECTORS):
        gen, why = expect.get(lba, (sector, 'pristine'))
        if data[lba * SECTOR:(lba + 1) * SECTOR] != gen(lba):
            bad.append('sector %d is not %s' % (lba, why))
    return bad


def main(argv):
    if len(argv) >= 2 and argv[0] == 'make':
        make(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == 'check':
        bad = check(argv[1], argv[2:])
        for line in bad[:10]:
            print(line)
        if len(bad) > 10:
            print('... %d wrong sectors in all' % len(bad))
        return 1 if bad else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
