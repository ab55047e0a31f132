#!/usr/bin/env python3
"""mm386 benchmarks (`make bench`): boot build/kernel-bench.elf once under QEMU with
-icount shift=0,sleep=off (the guest's rdtsc counts guest instructions, so
the figures repeat exactly run to run), collect the kernel's
"bench: NAME VALUE UNIT" lines, print a table with each figure's ratio to the
LIFO free-list baseline measured in the same boot, and write it to
build/bench.txt.

Builds nothing. Exit status: 0 when the boot succeeded and every benchmark
reported; 1 when the boot failed, a benchmark is missing, or (--runs N) two
runs disagree; 2 on usage errors. Speed is never judged: the target column
is information for the reader, not a pass/fail criterion.

Python 3 standard library only.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'build')
DEFAULT_KERNEL = os.path.join(BUILD, 'kernel-bench.elf')
DEFAULT_OUT = os.path.join(BUILD, 'bench.txt')
DEFAULT_LOG = os.path.join(BUILD, 'bench.log')

QEMU = os.environ.get('QEMU', 'qemu-system-i386')
MEM = '3G'
CMDLINE = 'ktest=off bench=all ktest.exit=1'
EXIT_PASS = 33          # isa-debug-exit: (0x10 << 1) | 1
DEFAULT_TIMEOUT = 600.0
TAIL_LINES = 30

BASELINE = 'lifo_pair'
BENCH_RE = re.compile(r'^bench: (?P<name>[A-Za-z0-9_.-]+) (?P<value>\d+) (?P<unit>\S+)\s*$')
NOTE_RE = re.compile(r'^bench: (?P<text>.*)$')
DONE_LINE = 'bench: done'

# Every benchmark the kernel must report, in table order, with a one-line
# description, whether a ratio to the baseline means anything (allocator
# figures per operation), the target when it has one: (kind, limit) with
# kind 'insns' or 'bytes' (at most limit), and Linux's figure when there is
# one (LINUX below).
BENCHMARKS = [
    ('lifo_pair', 'baseline: LIFO free-list pop+push of a page', False, None),
    ('order0_pair_kernel', 'alloc_page+__free_page, GFP_KERNEL', True, ('insns', 90)),
    ('order0_pair_highuser', 'alloc_page+__free_page, GFP_HIGHUSER', True, ('insns', 90)),
    ('order0_pair_atomic', 'alloc_page+__free_page, GFP_ATOMIC', True, ('insns', 90)),
    ('order0_pair_kernel_nosplit', 'the same, buddy held: no split or merge', True, None),
    ('order3_pair_kernel', 'alloc_pages+__free_pages order 3, GFP_KERNEL', True, ('insns', 330)),
    ('zeroed_page_pair', 'get_zeroed_page+free_page', True, ('insns', 1200)),
    ('order0_batch1024_kernel', '1024 alloc_page then 1024 frees, per page', True,
     ('insns', 250)),
    ('kmalloc64_pair', 'kmalloc+kfree, 64 bytes', True, ('insns', 72)),
    ('kmalloc4096_pair', 'kmalloc+kfree, 4096 bytes', True, ('insns', 100)),
    ('kmap_atomic_pair', 'kmap_atomic+kunmap_atomic, highmem page', True, ('insns', 60)),
    ('kmap_pair', 'kmap+kunmap, highmem page', True, ('insns', 90)),
    ('irq_save_restore_pair', 'arch_irq_save+arch_irq_restore', True, ('insns', 8)),
    ('vmalloc16k_pair', 'vmalloc(16 KiB)+vfree (4 pages, page tables made)', True, None),
    ('vmap_lookup_10', 'find_vm_area, 10 live areas', True, None),
    ('vmap_lookup_1000', 'find_vm_area, 1000 live areas', True, None),
    ('vmap_area_pair_10', 'get_vm_area+free_vm_area past 10 holes', True, None),
    ('vmap_area_pair_1000', 'get_vm_area+free_vm_area past 1000 holes', True, None),
    ('memmap_init_per_page', 'boot: mem_map, zones, free to buddy, per page', False,
     ('insns', 40)),
    ('memmap_zones_per_page', 'boot: free_area_init + present pages, per page', False, None),
    ('memmap_to_buddy_per_page', 'boot: free RAM to the buddy lists, per page', False, None),
    ('memmap_pages', 'boot: mem_map entries (pages of RAM)', False, None),
    ('struct_page_size', 'sizeof(struct page)', False, ('bytes', 32)),
    ('memmap_bytes_per_mib', 'mem_map bytes per MiB of RAM', False, None),
]

# Linux's figures for the same operations: a built-in benchmark of the same
# loops (cheapest of 16 chunks of 256 operations, the same LIFO baseline,
# which measures 18 instructions there too) in a Linux 6.1 i386 kernel,
# uniprocessor, SLUB, no debug options, booted under the same QEMU command
# (-M pc -m 3G -icount shift=0,sleep=off). Guest instructions per operation.
# irq_save_restore_pair is local_irq_save+local_irq_restore, inline there.
# kmap_atomic_pair is 166 on Linux's PAE build (kernel-pae.elf's row).
LINUX_VERSION = 'Linux 6.1 i386 UP, SLUB'
LINUX = {
    'lifo_pair': 18,
    'order0_pair_kernel': 444,
    'order0_pair_atomic': 442,
    'order0_pair_highuser': 394,
    'order3_pair_kernel': 661,
    'order0_batch1024_kernel': 504,
    'zeroed_page_pair': 1578,
    'kmalloc64_pair': 158,
    'kmalloc4096_pair': 163,
    'kmap_atomic_pair': 109,
    'kmap_pair': 124,
    'irq_save_restore_pair': 8,
}
LINUX_PAE = dict(LINUX, kmap_atomic_pair=166)

# SMP rows (tests/kernel/bench_smp.c): a second boot with 4 CPUs under
# single-threaded TCG (-icount needs it; the vCPUs run round robin and the
# TSC counts every vCPU's instructions). Each row is measured on the boot
# CPU while the other active CPUs run the same pair; the cheapest chunk is
# one the boot CPU ran within its own turn. Not judged.
SMP_CPUS = 4
SMP_ACTIVE = (1, 2, 4)
SMP_ROWS = [('order0_pair_kernel', 'alloc_page+__free_page, GFP_KERNEL'),
            ('kmalloc64_pair', 'kmalloc+kfree, 64 bytes')]
SMP_CMDLINE = 'ktest=off bench=*_cpus* ktest.exit=1'


def qemu_command(kernel, qemu=QEMU, mem=MEM, cmdline=CMDLINE, smp=1):
    smp_args = ['-smp', str(smp), '-accel', 'tcg,thread=single'] if smp > 1 else \
        ['-accel', 'tcg']
    return [qemu, '-M', 'pc', '-m', mem] + smp_args + [
            '-icount', 'shift=0,sleep=off', '-kernel', kernel,
            '-append', cmdline, '-display', 'none', '-serial', 'stdio',
            '-no-reboot', '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']


class Run:
    """One boot: its serial output, exit status and parsed figures."""

    def __init__(self, cmd, timeout):
        self.cmd = cmd
        self.error = None
        self.status = None
        self.output = ''
        self.figures = {}       # name -> (value, unit)
        self.notes = []         # other "bench: ..." lines
        self.duplicates = []
        try:
            proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, timeout=timeout)
        except FileNotFoundError:
            self.error = '%s not found (make deps installs it)' % cmd[0]
            return
        except subprocess.TimeoutExpired as e:
            self.output = (e.output or b'').decode('utf-8', 'replace')
            self.error = 'timed out after %.0f s' % timeout
            self.parse()
            return
        self.status = proc.returncode
        self.output = proc.stdout.decode('utf-8', 'replace')
        self.parse()
        if self.status != EXIT_PASS:
            self.error = 'QEMU exited with status %d, expected %d' % (self.status, EXIT_PASS)
        elif DONE_LINE not in self.lines():
            self.error = 'no "%s" line: the benchmarks did not finish' % DONE_LINE

    def lines(self):
        return [l.rstrip('\r') for l in self.output.splitlines()]

    def parse(self):
        for line in self.lines():
            m = BENCH_RE.match(line)
            if m:
                name = m.group('name')
                if name in self.figures:
                    self.duplicates.append(name)
                self.figures[name] = (int(m.group('value')), m.group('unit'))
                continue
            m = NOTE_RE.match(line)
            if m:
                self.notes.append(m.group('text'))


def ratio_text(value, base):
    if not base:
        return '-'
    return '%.1fx' % (value / base)


def target_text(target, value):
    if target is None:
        return ''
    kind, limit = target
    return '<= %d: %s' % (limit, 'met' if value <= limit else 'missed')


def table(figures, linux=None):
    """The table as a list of lines; benchmarks the kernel did not report
    show as MISSING, extra ones it did report are listed after. linux: the
    Linux figures to compare with (LINUX when None)."""
    linux = LINUX if linux is None else linux
    base = figures.get(BASELINE, (0, ''))[0]
    rows = [('benchmark', 'value', 'unit', 'x lifo', 'linux', 'x linux', 'target', 'what')]
    known = set()
    for name, what, ratio, target in BENCHMARKS:
        known.add(name)
        if name not in figures:
            rows.append((name, 'MISSING', '', '', '', '', '', what))
            continue
        value, unit = figures[name]
        r = ratio_text(value, base) if (ratio or name == BASELINE) else ''
        lx = linux.get(name)
        rows.append((name, str(value), unit, r, str(lx) if lx else '',
                     '%.2fx' % (value / lx) if lx else '',
                     target_text(target, value), what))
    for name in sorted(set(figures) - known):
        value, unit = figures[name]
        rows.append((name, str(value), unit, '', '', '', '', '(not in run_bench.py\'s list)'))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    right = (1, 3, 4, 5)
    out = []
    for i, r in enumerate(rows):
        cells = [r[c].rjust(widths[c]) if c in right else r[c].ljust(widths[c])
                 for c in range(len(widths))] + [r[-1]]
        out.append('  '.join(cells).rstrip())
        if i == 0:
            out.append('  '.join('-' * w for w in widths) + '  ' + '-' * len('what'))
    return out


def verdict(figures, linux=None):
    """Closing lines: each target met or missed, and the rows above Linux."""
    linux = LINUX if linux is None else linux
    met, missed, above = [], [], []
    for name, _, _, target in BENCHMARKS:
        if name not in figures:
            continue
        value = figures[name][0]
        if target:
            (met if value <= target[1] else missed).append(name)
        if name in linux and name != BASELINE and value > linux[name]:
            above.append('%s (%d > %d)' % (name, value, linux[name]))
    out = ['targets met: %d of %d' % (len(met), len(met) + len(missed))]
    if missed:
        out.append('targets missed: ' + ', '.join(missed))
    out.append('above Linux: ' + (', '.join(above) if above else 'none'))
    return out


def boot_runs(kernel, args, log_path, label, smp=1):
    """Boot kernel args.runs times; returns (runs, problems, shown command)."""
    cmd = qemu_command(kernel, qemu=args.qemu, smp=smp,
                       cmdline=SMP_CMDLINE if smp > 1 else CMDLINE)
    shown = ' '.join(shlex.quote(os.path.relpath(c, ROOT) if c == kernel else c)
                     for c in cmd)
    problems = []
    runs = []
    for i in range(args.runs):
        run = Run(cmd, args.timeout)
        runs.append(run)
        if log_path:
            os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
            log = log_path if i == 0 else '%s.%d' % (log_path, i + 1)
            with open(log, 'w') as f:
                f.write('# %s\n' % ' '.join(shlex.quote(c) for c in cmd))
                f.write(run.output)
        if run.error:
            problems.append('%srun %d: %s' % (label, i + 1, run.error))
            tail = run.lines()[-TAIL_LINES:]
            if tail:
                print('run_bench: last serial lines of run %d:' % (i + 1), file=sys.stderr)
                for line in tail:
                    print('    ' + line, file=sys.stderr)
        for name in run.duplicates:
            problems.append('run %d: %s reported more than once' % (i + 1, name))
        if i and run.figures != runs[0].figures:
            diff = sorted(n for n in set(run.figures) | set(runs[0].figures)
                          if run.figures.get(n) != runs[0].figures.get(n))
            problems.append('run %d differs from run 1: %s' % (i + 1, ', '.join(
                '%s %s vs %s' % (n, runs[0].figures.get(n, ('-',))[0],
                                 run.figures.get(n, ('-',))[0]) for n in diff)))

    return runs, problems, shown


def side_by_side(plain, pae):
    """The PAE kernel's figures beside the plain kernel's, with their ratio."""
    rows = [('benchmark', 'plain', 'pae', 'pae/plain', 'linux pae')]
    for name, _, _, _ in BENCHMARKS:
        a, b = plain.get(name, (None, ''))[0], pae.get(name, (None, ''))[0]
        lx = LINUX_PAE.get(name)
        rows.append((name, '-' if a is None else str(a), '-' if b is None else str(b),
                     '%.2fx' % (b / a) if a and b is not None else '',
                     str(lx) if lx else ''))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for i, r in enumerate(rows):
        out.append('  '.join(r[c].ljust(widths[c]) if c == 0 else r[c].rjust(widths[c])
                             for c in range(len(r))).rstrip())
        if i == 0:
            out.append('  '.join('-' * w for w in widths))
    return out


def smp_table(single, smp):
    """The SMP rows: each pair with 1, 2 and 4 CPUs active beside the
    single-CPU boot's figure."""
    rows = [('benchmark', 'one-CPU boot') + tuple('%d active' % n for n in SMP_ACTIVE) +
            ('what',)]
    for name, what in SMP_ROWS:
        one = single.get(name, (None,))[0]
        cells = ['-' if one is None else str(one)]
        for n in SMP_ACTIVE:
            v = smp.get('%s_cpus%d' % (name, n), (None,))[0]
            cells.append('MISSING' if v is None else str(v))
        rows.append((name,) + tuple(cells) + (what,))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for i, r in enumerate(rows):
        out.append('  '.join([r[0].ljust(widths[0])] +
                             [r[c].rjust(widths[c]) for c in range(1, len(widths))] +
                             [r[-1]]).rstrip())
        if i == 0:
            out.append('  '.join('-' * w for w in widths) + '  ' + '-' * len('what'))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--kernel', default=DEFAULT_KERNEL, help='kernel image (default %(default)s)')
    ap.add_argument('--qemu', default=QEMU, help='QEMU binary (default %(default)s)')
    ap.add_argument('--out', default=DEFAULT_OUT, help='table file (default %(default)s)')
    ap.add_argument('--log', default=DEFAULT_LOG, help='serial log (default %(default)s)')
    ap.add_argument('--timeout', type=float, default=DEFAULT_TIMEOUT,
                    help='seconds a boot may take (default %(default)s)')
    ap.add_argument('--runs', type=int, default=1,
                    help='boot this many times and require identical figures (default 1)')
    ap.add_argument('--pae-kernel', default=None,
                    help='also boot this PAE kernel image and print its figures beside '
                         'the plain ones (make bench: build/kernel-pae-bench.elf)')
    ap.add_argument('--no-smp', action='store_true',
                    help='skip the %d-CPU boot of the SMP rows' % SMP_CPUS)
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error('--runs must be at least 1')
    if not os.path.isfile(args.kernel):
        print('run_bench: %s does not exist (run make first)' % args.kernel, file=sys.stderr)
        return 1

    runs, problems, shown = boot_runs(args.kernel, args, args.log, '')
    figures = runs[0].figures
    for name, _, _, _ in BENCHMARKS:
        if name not in figures:
            problems.append('%s missing' % name)

    out = ['mm386 benchmarks: guest instructions per operation (QEMU -icount shift=0), '
           '-m %s' % MEM,
           'command: %s' % shown, '']
    out += table(figures)
    out += ['', 'linux: %s, the same loops under the same QEMU command '
            '(tests/run_bench.py LINUX)' % LINUX_VERSION]
    out += verdict(figures)
    if args.pae_kernel:
        pae_runs, pae_problems, pae_shown = boot_runs(
            args.pae_kernel, args, args.log and args.log + '.pae', 'PAE ')
        problems += pae_problems
        pae = pae_runs[0].figures
        for name, _, _, _ in BENCHMARKS:
            if name not in pae:
                problems.append('PAE %s missing' % name)
        out += ['', 'PAE kernel beside the plain one (guest instructions; linux pae: '
                'Linux 6.1 with CONFIG_X86_PAE where it differs)',
                'command: %s' % pae_shown, '']
        out += side_by_side(figures, pae)
    if not args.no_smp:
        smp_runs, smp_problems, smp_shown = boot_runs(
            args.kernel, args, args.log and args.log + '.smp', 'SMP ', smp=SMP_CPUS)
        problems += smp_problems
        smp = smp_runs[0].figures
        for name, _ in SMP_ROWS:
            for n in SMP_ACTIVE:
                if '%s_cpus%d' % (name, n) not in smp:
                    problems.append('SMP %s_cpus%d missing' % (name, n))
        out += ['', 'SMP rows: guest instructions per pair on the boot CPU while the other '
                'active CPUs run the same pair (not judged; README, Benchmarks)',
                'command: %s' % smp_shown, '']
        out += smp_table(figures, smp)
        out += ['  ' + n for n in smp_runs[0].notes if 'meanwhile' in n]
    notes = [n for n in runs[0].notes
             if not n.startswith('start') and n != DONE_LINE[len('bench: '):]]
    if notes:
        out += ['', 'kernel notes:'] + ['  ' + n for n in notes]
    if args.runs > 1 and not any('differs' in p for p in problems):
        out += ['', '%d runs, identical figures' % args.runs]
    text = '\n'.join(out) + '\n'
    print(text, end='')
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            f.write(text)
    for p in problems:
        print('run_bench: FAIL: %s' % p, file=sys.stderr)
    if problems:
        return 1
    print('run_bench: %d benchmarks, table written to %s' % (
        len(BENCHMARKS), os.path.relpath(args.out, ROOT) if args.out else '-'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
