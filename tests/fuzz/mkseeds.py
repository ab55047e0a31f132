#!/usr/bin/env python3
"""Seed inputs for the e820 fuzz targets, made from firmware maps.

usage: mkseeds.py MAPS_DIR OUT_DIR

Each MAPS_DIR/NAME.txt holds a firmware map as Linux prints it, one
"BIOS-e820: [mem 0xSTART-0xEND] TYPE" line per entry (END inclusive), and
optionally "cmdline: TEXT" lines. For every map this writes, in the input
format each target's header comment gives:
  OUT_DIR/e820/NAME     the map (tests/fuzz/fuzz_e820.c)
  OUT_DIR/memmap/NAME   the map and each command line (tests/fuzz/fuzz_memmap.c;
                        NAME.N for the Nth command line)
  OUT_DIR/edits/NAME    the map's whole pages below the model's window
                        (tests/fuzz/fuzz_edits.c), no edits
"""
import os
import re
import struct
import sys

TYPES = {'usable': 1, 'reserved': 2, 'ACPI data': 3, 'ACPI NVS': 4, 'unusable': 5}
LINE = re.compile(r'^\S+: \[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\] (.+)$')
MEMMAP_MAX_FW = 16              # fuzz_memmap.c FUZZ_MAX_FW_ENTRIES
EDITS_MAX_FW = 16               # fuzz_edits.c MAX_FW
EDITS_WINDOW_PAGES = 2 * 8192   # fuzz_edits.c: first page mod 2 * REF_PAGES
PAGE = 4096


def parse_type(text):
    if text in TYPES:
        return TYPES[text]
    m = re.match(r'^(?:persistent \(type|type) (\d+)\)?$', text)
    if not m:
        raise ValueError('unknown e820 type %r' % text)
    return int(m.group(1))


def read_map(path):
    entries, cmdlines = [], []
    with open(path) as fh:
        for raw in fh:
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('cmdline:'):
                cmdlines.append(line[len('cmdline:'):].strip())
                continue
            m = LINE.match(line)
            if not m:
                raise ValueError('%s: cannot read %r' % (path, line))
            start, end = int(m.group(1), 16), int(m.group(2), 16)
            entries.append((start, end + 1 - start, parse_type(m.group(3))))
    return entries, cmdlines


def shifted(v):
    """v as (u32, shift) with u32 << shift == v."""
    sh = 0
    while v >> sh >= 1 << 32:
        if v & (1 << sh):
            raise ValueError('%#x not representable' % v)
        sh += 1
    return v >> sh, sh


def e820_seed(entries):
    out = bytearray([len(entries)])
    for addr, size, typ in entries:
        a, ash = shifted(addr)
        s, ssh = shifted(size)
        out += struct.pack('<IIBBH', a, s, ash, ssh, typ)
    return bytes(out)


def memmap_seed(entries, cmdline):
    out = bytearray([len(entries[:MEMMAP_MAX_FW])])
    for addr, size, typ in entries[:MEMMAP_MAX_FW]:
        out += struct.pack('<QQI', addr, size, typ)
    return bytes(out) + cmdline.encode()


def edits_seed(entries):
    fw = []
    for addr, size, typ in entries:
        first = -(-addr // PAGE)
        last = (addr + size) // PAGE
        if first >= EDITS_WINDOW_PAGES or last <= first or typ > 15:
            continue
        fw.append(struct.pack('<HHB', first, min(last - first, 0xffff), typ - 1))
    fw = fw[:EDITS_MAX_FW]
    return bytes([len(fw)]) + b''.join(fw) + b'\0'


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    maps, out = sys.argv[1], sys.argv[2]
    for target in ('e820', 'memmap', 'edits'):
        os.makedirs(os.path.join(out, target), exist_ok=True)
    for fn in sorted(os.listdir(maps)):
        if not fn.endswith('.txt'):
            continue
        name = fn[:-4]
        entries, cmdlines = read_map(os.path.join(maps, fn))
        seeds = {('e820', name): e820_seed(entries), ('edits', name): edits_seed(entries),
                 ('memmap', name): memmap_seed(entries, '')}
        for i, cmd in enumerate(cmdlines):
            seeds[('memmap', '%s.%d' % (name, i))] = memmap_seed(entries, cmd)
        for (target, n), data in seeds.items():
            with open(os.path.join(out, target, n), 'wb') as fh:
                fh.write(data)


if __name__ == '__main__':
    main()
