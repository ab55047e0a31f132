#!/usr/bin/env python3
"""Where a benchmark's instructions go: boot build/kernel-bench.elf with one
benchmark selected under QEMU -icount shift=0 with `-d exec,in_asm,nochain`
(every translation block's instructions as QEMU translates them, then one
line per execution of a block), attribute every executed instruction to
the kernel function holding its address (`nm`), and print instructions per
operation for each function, counted from the first instruction of the
benchmark's function (--start) to the first of the report that follows
(--end), divided by the operations in that window (--ops; the benchmarks
time 16 chunks of 256 operations after one warm-up operation).

    python3 scripts/bench_profile.py kmalloc64_pair --start bench_kmalloc

The figures include the warm-up and the timing loop's own instructions
(arch_cycles, the loop counter), so they add up to slightly more than the
benchmark's figure. The log is large (about 1 GB for -m 3G: the boot is
in it); it goes to a temporary file that is removed afterwards.

Python 3 standard library only; needs nm (binutils) and QEMU.
"""

import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPS = 16 * 256 + 1
TRACE_RE = re.compile(r'^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/')
INSN_RE = re.compile(r'^0x([0-9a-f]+):')


def symbols(kernel, nm):
    out = subprocess.run([nm, '-n', kernel], stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    addrs, names = [], []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'tTwW':
            addrs.append(int(parts[0], 16))
            names.append(parts[2])
    return addrs, names


def profile(log, addrs, names, start, end):
    """Per-function instruction counts between the first block executed in
    start and the first block executed in end after it."""
    def sym(a):
        i = bisect.bisect_right(addrs, a) - 1
        return names[i] if i >= 0 else '?'

    blocks = {}             # block pc -> [function of each instruction]
    counts = collections.Counter()
    cur = None
    on = False
    with open(log, errors='replace') as f:
        for line in f:
            m = INSN_RE.match(line)
            if m and cur is not None:
                cur.append(sym(int(m.group(1), 16)))
                continue
            if line.startswith('IN:'):
                cur = []
                continue
            m = TRACE_RE.match(line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if cur is not None:
                # The block just listed is the one executed next.
                if cur:
                    blocks[pc] = cur
                cur = None
            insns = blocks.get(pc)
            if not insns:
                continue
            fn = insns[0]
            if not on:
                if fn != start:
                    continue
                on = True
            elif fn == end:
                break
            counts.update(insns)
    return counts, on


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('bench', help='benchmark name (bench=NAME)')
    ap.add_argument('--start', required=True, help='function whose first block opens the window')
    ap.add_argument('--end', default='report', help='function that closes it (default %(default)s)')
    ap.add_argument('--ops', type=int, default=OPS, help='operations in the window (default %(default)s)')
    ap.add_argument('--kernel', default=os.path.join(ROOT, 'build', 'kernel-bench.elf'))
    ap.add_argument('--mem', default='3G')
    ap.add_argument('--qemu', default=os.environ.get('QEMU', 'qemu-system-i386'))
    ap.add_argument('--nm', default=os.environ.get('NM', 'nm'))
    ap.add_argument('--top', type=int, default=25)
    args = ap.parse_args(argv)

    addrs, names = symbols(args.kernel, args.nm)
    fd, log = tempfile.mkstemp(prefix='bench_profile.', suffix='.log')
    os.close(fd)
    try:
        cmd = [args.qemu, '-M', 'pc', '-m', args.mem, '-accel', 'tcg',
               '-icount', 'shift=0,sleep=off', '-kernel', args.kernel,
               '-append', 'ktest=off bench=%s ktest.exit=1' % args.bench,
               '-display', 'none', '-serial', 'stdio', '-no-reboot',
               '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
               '-d', 'exec,in_asm,nochain', '-D', log]
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             universal_newlines=True, errors='replace').stdout
        figure = [l for l in out.splitlines() if l.startswith('bench: %s ' % args.bench)]
        counts, seen = profile(log, addrs, names, args.start, args.end)
    finally:
        os.unlink(log)
    if not seen:
        print('bench_profile: %s never ran' % args.start, file=sys.stderr)
        return 1
    total = sum(counts.values())
    print('%s (%s), window %s .. %s, %d operations' % (
        args.bench, figure[0].split(' ', 2)[2] if figure else 'no figure',
        args.start, args.end, args.ops))
    print('%8s  %s' % ('insns/op', 'function'))
    for fn, n in counts.most_common(args.top):
        print('%8.1f  %s' % (n / args.ops, fn))
    print('%8.1f  total' % (total / args.ops))
    return 0


if __name__ == '__main__':
    sys.exit(main())
