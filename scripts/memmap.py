#!/usr/bin/env python3
"""Draw a booted machine's physical memory as an SVG picture: `make map`.

Boots build/kernel.elf under QEMU (MEM=, CMDLINE= as for `make run`), runs
the shell commands of an optional workload file (WORKLOAD=, the format of
tests/shell/*.txt), then `pagemap ZONE` for each zone, and reads from the
serial log:
  - the firmware memory map (BIOS-e820: lines, or user: lines after mem=/memmap=),
  - the memblock reservations (reserved[...] lines of the boot log),
  - the zones and the pagemap cells (the pagemap command).
It writes build/memmap.svg: four columns over one address axis (firmware map,
zones, reservations, pagemap cells), every range labelled with its addresses.

Scale: each range between two boundaries gets a height that grows with the
logarithm of its size (a 4 KiB range is a thin band, 1 GiB about two and a half
times a 1 MiB one), so holes and a huge HighMem stay readable next to the first
megabyte. Inside one range, the pagemap cells are drawn linearly.

    python3 scripts/memmap.py --mem 2G --out build/memmap.svg
    python3 scripts/memmap.py --log build/script.log      # from an existing log
"""
import argparse
import math
import os
import re
import sys
import tempfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests'))

E820_RE = re.compile(r'^(BIOS-e820|user|Multiboot-meminfo): \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\] (.+?)\s*$', re.M)
RESERVED_RE = re.compile(r'^ reserved\[0x[0-9a-f]+\]\s+\[(0x[0-9a-f]+)-(0x[0-9a-f]+)\], 0x[0-9a-f]+ bytes ?(.*?)\s*$', re.M)
CELL_RE = re.compile(r'^pagemap: 1 char = (\d+) pages')
ZONE_RE = re.compile(r'^zone\s+(\S+) \[mem (0x[0-9a-f]+)-(0x[0-9a-f]+)\]')
ROW_RE = re.compile(r'^(0x[0-9a-f]+) (\S+)$')
PAGE = 4096

E820_COLOURS = {'usable': '#8fd18f', 'reserved': '#c8c8c8', 'ACPI data': '#f0c080',
                'ACPI NVS': '#e0a060', 'unusable': '#ff8080', 'persistent (type 7)': '#80c0ff',
                'persistent (type 12)': '#80c0ff'}
ZONE_COLOURS = {'DMA': '#ffd27f', 'Normal': '#7fb2ff', 'HighMem': '#c59cff', 'Movable': '#7fe0d0'}
RESERVED_COLOURS = {'low memory': '#999999', 'BIOS area': '#999999', 'mem_map': '#8e6c8a',
                    'kernel page table': '#8e6c8a'}
CELL_COLOURS = {'.': '#e3f2e3', '_': '#ffffff', 'U': '#d9534f', 'u': '#f0a8a6',
                'M': '#3f7fc0', 'm': '#a9c9ea', 'R': '#e08a1e', 'r': '#f5cc95',
                'A': '#b0b000', 'a': '#e0e080', 'I': '#707070', 'i': '#b0b0b0',
                'F': '#999999', 'P': '#8e6c8a', 'K': '#404040', 'X': '#ff00ff'}
CELL_NAMES = [('.', 'free'), ('U', 'unmovable'), ('u', 'unmovable, partly free'),
              ('M', 'movable'), ('m', 'movable, partly free'), ('R', 'reclaimable'),
              ('r', 'reclaimable, partly free'), ('F', 'firmware'), ('P', 'mem_map / page tables'),
              ('K', 'kernel and boot data'), ('X', 'bad'), ('_', 'no RAM')]


def parse_log(text):
    """Returns (e820, reserved, zones, cells): lists of [start, end) ranges
    with a label; cells are (start, end, char)."""
    text = text.replace('\r', '')
    entries = E820_RE.findall(text)
    kinds = {k for k, *_ in entries}
    use = 'user' if 'user' in kinds else ('BIOS-e820' if 'BIOS-e820' in kinds else 'Multiboot-meminfo')
    e820, seen = [], set()
    for kind, a, b, t in entries:
        r = (int(a, 16), int(b, 16) + 1, t)
        if kind == use and r not in seen:
            seen.add(r)
            e820.append(r)
    reserved = [(int(a, 16), int(b, 16) + 1, name or 'reserved')
                for a, b, name in RESERVED_RE.findall(text)]
    zones, cells, cell_pages, zone = [], [], None, None
    for line in text.split('\n'):
        m = CELL_RE.match(line)
        if m:
            cell_pages = int(m.group(1))
            continue
        m = ZONE_RE.match(line)
        if m and cell_pages:
            zone = [m.group(1), int(m.group(2), 16), int(m.group(3), 16) + 1, None]
            zone[3] = zone[1]          # next cell start
            zones.append((zone[1], zone[2], zone[0]))
            continue
        m = ROW_RE.match(line)
        if m and zone:
            size = cell_pages * PAGE
            for ch in m.group(2):
                start = zone[3]
                end = min((start // size + 1) * size, zone[2])
                cells.append((start, end, ch))
                zone[3] = end
            continue
        if line.startswith('pagemap: zone'):
            zone = None
    return sorted(e820), sorted(reserved), zones, cells


def height(size):
    """Band height in pixels for a range of size bytes (logarithmic)."""
    return 12 + 16 * max(0.0, math.log2(max(size, 1)) - 12)


def addr(a):
    return '0x%09x' % a


def human(n):
    for unit, div in (('GiB', 1 << 30), ('MiB', 1 << 20), ('KiB', 1 << 10)):
        if n >= div:
            v = n / div
            return ('%d %s' if v == int(v) else '%.1f %s') % (v, unit)
    return '%d B' % n


def draw(e820, reserved, zones, cells, title):
    bounds = {0}
    for rng in (e820, reserved, zones):
        for s, e, _ in rng:
            bounds.update((s, e))
    top = max(bounds)
    bounds = sorted(bounds)
    bands = list(zip(bounds, bounds[1:]))
    y0, ys, y = 70, {}, 70
    for s, e in bands:
        ys[s] = y
        y += height(e - s)
    ys[top] = y
    total_h = y + 60 + 18 * ((len(CELL_NAMES) + 3) // 4) + 40

    def ypos(a):
        """y of an address: linear inside its band."""
        for s, e in bands:
            if s <= a <= e:
                return ys[s] + (ys[e] - ys[s]) * (a - s) / (e - s)
        return ys[top]

    cols = {'e820': (110, 150), 'zone': (270, 90), 'reserved': (370, 150), 'pagemap': (530, 150)}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="11">' % (1010, total_h),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="22" font-size="15">%s</text>' % escape(title),
           '<text x="10" y="40">band heights grow with log2(size): not to a linear scale; '
           'pagemap cells are linear inside each band</text>']
    for name, (x, w) in cols.items():
        out.append('<text x="%d" y="60">%s</text>' % (x, {'e820': 'firmware map', 'zone': 'zones',
                   'reserved': 'reserved (memblock)', 'pagemap': 'pagemap cells'}[name]))

    def rect(col, s, e, fill, label, title_text):
        x, w = cols[col]
        y1, y2 = ypos(s), ypos(e)
        out.append('<rect x="%d" y="%.2f" width="%d" height="%.2f" fill="%s" stroke="#555" '
                   'stroke-width="0.5"><title>%s</title></rect>'
                   % (x, y1, w, max(y2 - y1, 0.5), fill, escape(title_text)))
        if label and y2 - y1 >= 11:
            out.append('<text x="%d" y="%.1f">%s</text>' % (x + 4, min(y1 + 11, y2 - 2), escape(label)))

    last = -100
    for b in bounds:
        y = ys[b]
        out.append('<line x1="100" x2="690" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (y, y))
        if y - last >= 10:
            out.append('<text x="8" y="%.1f">%s</text>' % (y + 4, addr(b)))
            last = y
    covered = 0
    for s, e, t in e820:
        if s > covered:
            rect('e820', covered, s, '#f7f7f7', 'hole', 'no firmware entry %s-%s' % (addr(covered), addr(s - 1)))
        rect('e820', s, e, E820_COLOURS.get(t, '#c8c8c8'), t,
             '%s %s-%s (%s)' % (t, addr(s), addr(e - 1), human(e - s)))
        covered = max(covered, e)
    for s, e, name in zones:
        rect('zone', s, e, ZONE_COLOURS.get(name, '#eeeeee'), name,
             'zone %s %s-%s (%s)' % (name, addr(s), addr(e - 1), human(e - s)))
    for s, e, name in reserved:
        rect('reserved', s, e, RESERVED_COLOURS.get(name, '#404040'), name,
             '%s %s-%s (%s)' % (name, addr(s), addr(e - 1), human(e - s)))
    x, w = cols['pagemap']
    runs = []                            # neighbouring cells alike: one rectangle
    for s, e, ch in cells:
        if runs and runs[-1][2] == ch and runs[-1][1] == s:
            runs[-1] = (runs[-1][0], e, ch)
        else:
            runs.append((s, e, ch))
    for s, e, ch in runs:
        y1, y2 = ypos(s), ypos(e)
        out.append('<rect x="%d" y="%.3f" width="%d" height="%.3f" fill="%s"><title>%s %s-%s</title></rect>'
                   % (x, y1, w, max(y2 - y1, 0.2), CELL_COLOURS.get(ch, '#ff0'), escape(ch),
                      addr(s), addr(e - 1)))
    # Range labels on the right: each band's size and firmware type.
    for s, e in bands:
        y1, y2 = ys[s], ys[e]
        if y2 - y1 >= 11:
            kind = next((t for a, b, t in e820 if a <= s < b), 'hole')
            out.append('<text x="690" y="%.1f">%s-%s %s</text>'
                       % (y1 + 11, addr(s), addr(e - 1), escape('%s %s' % (human(e - s), kind))))
    y = ys[top] + 30
    out.append('<text x="10" y="%d">pagemap legend:</text>' % y)
    for i, (ch, name) in enumerate(CELL_NAMES):
        cx, cy = 10 + (i % 4) * 220, y + 10 + (i // 4) * 18
        out.append('<rect x="%d" y="%d" width="12" height="12" fill="%s" stroke="#555" stroke-width="0.5"/>'
                   % (cx, cy, CELL_COLOURS[ch]))
        out.append('<text x="%d" y="%d">%s %s</text>' % (cx + 16, cy + 10, escape(ch), escape(name)))
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--mem', default=os.environ.get('MEM') or '512M')
    ap.add_argument('--machine', default='pc')
    ap.add_argument('--cmdline', default=os.environ.get('CMDLINE') or 'ktest=off')
    ap.add_argument('--workload', default=os.environ.get('WORKLOAD') or '',
                    help='shell commands to run before the map is taken')
    ap.add_argument('--log', default='', help='draw from this serial log instead of booting')
    ap.add_argument('--out', default=os.path.join(ROOT, 'build', 'memmap.svg'))
    a = ap.parse_args(argv)
    if a.log:
        with open(a.log, encoding='utf-8', errors='replace') as fh:
            text = fh.read()
        title = 'mm386 physical memory (%s)' % os.path.basename(a.log)
    else:
        import run_script
        lines, skip = [], 0
        if a.workload:
            with open(a.workload, encoding='utf-8') as fh:
                lines += [l for l in fh.read().split('\n') if l.strip() != 'poweroff']
            with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as fh:
                fh.write('\n'.join(lines) + '\n')
            skip = len(run_script.rm.load_script(fh.name))
            os.unlink(fh.name)
        # Each zone in its finer cells (pagemap ZONE); an empty zone says so.
        lines += ['pagemap %s' % z for z in ZONE_COLOURS] + ['poweroff']
        with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as fh:
            fh.write('\n'.join(lines) + '\n')
            script = fh.name
        try:
            ok, text, notes = run_script.run(script, a.mem, a.machine, a.cmdline,
                                             log=os.path.join(ROOT, 'build', 'memmap.log'),
                                             quiet=True)
        finally:
            os.unlink(script)
        if not ok:
            print('memmap: the boot failed: ' + '; '.join(notes), file=sys.stderr)
            return 1
        # The maps are those after the workload's own commands.
        pos = 0
        for _ in range(skip + 1):
            pos = text.find(run_script.rm.PROMPT, pos) + 1
        maps = text[pos:]
        text = text[:text.find(run_script.rm.PROMPT)] + maps
        title = 'mm386 physical memory: -M %s -m %s %s%s' % (
            a.machine, a.mem, a.cmdline,
            ', after %s' % os.path.basename(a.workload) if a.workload else '')
    e820, reserved, zones, cells = parse_log(text)
    if not e820 or not zones or not cells:
        print('memmap: the log has no %s' % ', '.join(
            n for n, v in (('memory map', e820), ('zones', zones), ('pagemap', cells)) if not v),
            file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, 'w', encoding='utf-8') as fh:
        fh.write(draw(e820, reserved, zones, cells, title))
    print('memmap: %s (%d firmware ranges, %d zones, %d reservations, %d pagemap cells)'
          % (a.out, len(e820), len(zones), len(reserved), len(cells)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
