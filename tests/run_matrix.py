#!/usr/bin/env python3
"""mm386 test runner: host unit tests plus a matrix of QEMU boots.

Each matrix entry (tests/matrix.txt) is one boot: a QEMU machine, memory size,
boot path (QEMU -kernel = Multiboot1, or a GRUB ISO = Multiboot2) and kernel
command line, or a host command. A boot passes only when QEMU exits with the
expected code (33: the kernel wrote 0x10 to isa-debug-exit) AND the KTAP
stream on the serial port is complete with every test ok, AND the expected
boot-log regexes match. A hang (timeout), a triple fault (exit 0), an
incomplete KTAP stream or a missing log line is a failure.

Serial logs are kept in build/test-logs/NAME.log, the QEMU command line and
its stderr in build/test-logs/NAME.qemu.log. The output ends with a table and,
as the very last line, "N passed, N failed" counting test cases over every
boot and host test; a boot that failed without a countable failed case counts
as one failed case. Exit status: 0 when everything passed, 1 otherwise, 2 on
usage errors.

Python 3 standard library only.
"""

import argparse
import codecs
import fnmatch
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fdimage  # noqa: E402  (tests/fdimage.py: the floppy test image)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, 'build')
LOGDIR = os.path.join(BUILD, 'test-logs')
ISODIR = os.path.join(BUILD, 'test-iso')
IMGDIR = os.path.join(BUILD, 'test-img')
# boot = floppy-img / disk-img: the shipped image (make floppy / make hdd),
# copied with this entry's grub.cfg in place of the menu, and how QEMU
# attaches and boots it.
IMAGES = {
    'floppy-img': ('mm386-floppy.img', 'floppy', 'a'),
    'disk-img': ('mm386-disk.img', 'ide', 'c'),
    # make iso's CD as built (both kernels, grub.cfg's own choice): menu = shipped.
    'iso-img': ('mm386.iso', 'cdrom', 'd'),
}
DURATIONS = os.path.join(LOGDIR, 'durations.json')
DEFAULT_MATRIX = os.path.join(ROOT, 'tests', 'matrix.txt')

QEMU = os.environ.get('QEMU', 'qemu-system-i386')
GRUB_MKRESCUE = os.environ.get('GRUB_MKRESCUE', 'grub-mkrescue')
# Mirrors the Makefile's ISO; "mmap" provides GRUB's cutmem/badram commands.
GRUB_MODULES = ('multiboot2 multiboot normal serial terminal configfile echo '
                'mmap halt reboot part_msdos iso9660 biosdisk')
DEFAULT_GRUB_FLAGS = '--install-modules="%s" --fonts= --locales= --themes=' % GRUB_MODULES

EXIT_PASS = 33          # isa-debug-exit: (0x10 << 1) | 1
EXIT_FAIL = 35          # (0x11 << 1) | 1
PROMPT = 'mm> '
DEFAULT_TIMEOUT = 240.0 # whole boot
DEFAULT_IDLE = 90.0     # no serial output for this long: hung
TAIL_LINES = 25         # serial log lines shown for a failed boot
REASON_WIDTH = 100      # table column; the full reason is in NAME.qemu.log
SCRIPT_CMD_TIMEOUT = 60.0

# ---------------------------------------------------------------------------
# KTAP version 1 parser
# ---------------------------------------------------------------------------

VERSION_RE = re.compile(r'^(?P<ind>[ \t]*)K?TAP version (?P<v>\d+)\s*$')
PLAN_RE = re.compile(r'^(?P<ind>[ \t]*)1\.\.(?P<n>\d+)\s*(?:#.*)?$')
RESULT_RE = re.compile(r'^(?P<ind>[ \t]*)(?P<ok>not ok|ok)[ \t]+(?P<num>\d+)'
                       r'(?:[ \t]+(?:-[ \t]+)?(?P<rest>.*))?$')
SUBTEST_RE = re.compile(r'^(?P<ind>[ \t]*)#[ \t]*Subtest:[ \t]*(?P<name>.*?)\s*$')
DIRECTIVE_RE = re.compile(r'(?:^|\s)#\s*(?P<d>SKIP|TODO|XFAIL)\b\s*(?P<why>.*)$',
                          re.IGNORECASE)
SUMMARY_RE = re.compile(r'^\s*#\s*ktest:\s*(?P<cases>\d+) cases?, (?P<passed>\d+) passed, '
                        r'(?P<failed>\d+) failed, (?P<skipped>\d+) skipped')


def _indent(s):
    return len(s.expandtabs(8))


class KtapNode:
    """One KTAP (sub)test document: its plan and its result lines."""

    def __init__(self, indent, name=None, lineno=0):
        self.indent = indent
        self.name = name
        self.lineno = lineno
        self.plan = None
        self.results = []       # dicts: num, ok, name, directive, child
        self.summary = None     # "# ktest: ..." counts seen after this doc

    def empty(self):
        return self.plan is None and not self.results


class KtapResult:
    """Counts over every top-level KTAP document found in a log."""

    def __init__(self):
        self.docs = []
        self.errors = []
        self.passed = self.failed = self.skipped = 0
        self.failures = []      # "suite.case" names of failed cases

    @property
    def complete(self):
        return bool(self.docs) and not self.errors

    def describe(self):
        return '%d passed, %d failed, %d skipped' % (self.passed, self.failed,
                                                     self.skipped)


def parse_ktap(text):
    """Parse every top-level KTAP document in text (a whole serial log).

    Lines that are not KTAP (boot messages, diagnostics) are ignored wherever
    they appear. Returns a KtapResult; errors lists every way the stream is
    incomplete or inconsistent (missing plan, plan/result count mismatch,
    out-of-order numbers, a subtest without its parent's result line)."""
    res = KtapResult()
    stack = []

    def err(lineno, msg):
        res.errors.append('line %d: %s' % (lineno, msg) if lineno else msg)

    def check_done(node, lineno, what):
        label = node.name or ('top level' if node.indent == 0 else 'subtest')
        if node.plan is None:
            err(lineno, '%s %s: no plan line' % (label, what))
        elif node.plan != len(node.results):
            err(lineno, '%s %s: plan 1..%d but %d results' %
                (label, what, node.plan, len(node.results)))

    def close_above(depth, lineno, why):
        while len(stack) > depth:
            node = stack.pop()
            if not node.empty():
                err(lineno, '%s ended without a result line (%s)' %
                    (node.name or 'subtest', why))

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.replace('\r', '').rstrip()
        if not line.strip():
            continue
        m = VERSION_RE.match(line)
        if m:
            ind = _indent(m.group('ind'))
            if ind == 0 or not stack:
                if stack:
                    close_above(1, lineno, 'new KTAP document')
                    check_done(stack[0], lineno, 'at next document')
                stack[:] = [KtapNode(ind, lineno=lineno)]
                res.docs.append(stack[0])
                continue
            while stack and stack[-1].indent > ind:
                close_above(len(stack) - 1, lineno, 'version line')
            if stack[-1].indent == ind and len(stack) > 1 and stack[-1].empty():
                continue        # "# Subtest:" came first and opened it
            if stack[-1].indent == ind:
                close_above(len(stack) - 1, lineno, 'next subtest')
            stack.append(KtapNode(ind, lineno=lineno))
            continue
        if not stack:
            continue
        m = SUBTEST_RE.match(line)
        if m:
            ind = _indent(m.group('ind'))
            top = stack[-1]
            if top.indent == ind and len(stack) > 1 and top.empty():
                top.name = m.group('name')
            elif ind > top.indent:
                stack.append(KtapNode(ind, m.group('name'), lineno))
            continue
        m = PLAN_RE.match(line)
        if m:
            ind = _indent(m.group('ind'))
            for node in reversed(stack):
                if node.indent == ind:
                    if node.plan is not None:
                        err(lineno, 'second plan line')
                    node.plan = int(m.group('n'))
                    break
            else:
                if ind > stack[-1].indent:      # subtest without header
                    node = KtapNode(ind, lineno=lineno)
                    node.plan = int(m.group('n'))
                    stack.append(node)
            continue
        m = RESULT_RE.match(line)
        if m:
            ind = _indent(m.group('ind'))
            depth = None
            for i in range(len(stack) - 1, -1, -1):
                if stack[i].indent == ind:
                    depth = i
                    break
            if depth is None:
                if ind > stack[-1].indent:
                    stack.append(KtapNode(ind, lineno=lineno))
                    depth = len(stack) - 1
                else:
                    continue    # not part of this document
            node = stack[depth]
            child = None
            if len(stack) > depth + 1:
                child = stack[depth + 1]
                close_above(depth + 2, lineno, 'parent result')
                stack.pop()
                check_done(child, lineno, 'at its result line')
            rest = m.group('rest') or ''
            directive, why = None, ''
            d = DIRECTIVE_RE.search(rest)
            if d:
                directive, why = d.group('d').upper(), d.group('why').strip()
                rest = rest[:d.start()]
            num = int(m.group('num'))
            if num != len(node.results) + 1:
                err(lineno, 'result %d where %d was expected' %
                    (num, len(node.results) + 1))
            if child is not None and child.name is None:
                child.name = rest.strip()
            node.results.append({'num': num, 'ok': m.group('ok') == 'ok',
                                 'name': rest.strip(), 'directive': directive,
                                 'why': why, 'child': child})
            continue
        m = SUMMARY_RE.match(line)
        if m and res.docs:
            res.docs[-1].summary = {k: int(v) for k, v in m.groupdict().items()}
    if stack:
        close_above(1, 0, 'end of log')
        check_done(stack[0], 0, 'at end of log')

    def count(node, prefix):
        """Returns (passed, failed, skipped, failed cases) under node."""
        p = f = s = lf = 0
        for r in node.results:
            name = prefix + r['name']
            if r['child'] is not None and r['child'].results:
                cp, cf, cs, clf = count(r['child'], name + '.')
                p, f, s, lf = p + cp, f + cf, s + cs, lf + clf
                if not r['ok'] and cf == 0 and r['directive'] != 'SKIP':
                    f += 1          # e.g. a suite's state hook failed
                    res.failures.append(name)
            elif r['directive'] == 'SKIP':
                s += 1
            elif r['ok']:
                p += 1     # "not ok ... # TODO" is a known failure: not a pass
            else:
                f += 1
                lf += 1
                res.failures.append(name)
        return p, f, s, lf

    for doc in res.docs:
        p, f, s, lf = count(doc, '')
        res.passed += p
        res.failed += f
        res.skipped += s
        sm = doc.summary
        if sm and (sm['cases'] != p + lf + s or sm['passed'] != p or sm['skipped'] != s):
            err(0, 'summary line says %(cases)d cases, %(passed)d passed, '
                '%(skipped)d skipped' % sm +
                ' but the results give %d passed, %d failed, %d skipped' % (p, lf, s))
    return res


# ---------------------------------------------------------------------------
# Matrix file
# ---------------------------------------------------------------------------

LIST_KEYS = {'expect_log', 'forbid_log', 'grub', 'tags', 'floppy_expect'}
KNOWN_KEYS = LIST_KEYS | {
    'machine', 'cpu', 'smp', 'mem', 'boot', 'cmdline', 'exit', 'ktap', 'timeout',
    'script', 'qemu_args', 'command', 'requires', 'autoexit', 'grub_loader', 'idle',
    'description', 'floppy', 'serial', 'script_whole', 'script_repeat', 'keys', 'kernel',
    'menu'}
BOOTS = ('kernel', 'iso', 'host') + tuple(IMAGES)


class Entry:
    def __init__(self, name, fields, where):
        self.name = name
        self.where = where
        f = fields
        self.boot = f.get('boot', 'kernel')
        self.machine = f.get('machine', 'pc')
        self.cpu = f.get('cpu', '')
        self.smp = f.get('smp', '')
        self.mem = f.get('mem', '128M')
        self.cmdline = f.get('cmdline', 'ktest=all')
        self.script = f.get('script', '')
        self.autoexit = _bool(f.get('autoexit', 'no' if self.script else 'yes'), where)
        off = re.search(r'(^|\s)ktest=off(\s|$)', self.cmdline) is not None
        self.ktap = _bool(f.get('ktap', 'no' if (off or self.script) else 'yes'), where)
        default_exit = '0' if self.boot == 'host' else str(EXIT_PASS)
        self.exit = int(f.get('exit', default_exit), 0)
        self.timeout = float(f.get('timeout', DEFAULT_TIMEOUT))
        self.idle = float(f.get('idle', DEFAULT_IDLE))
        self.expect_log = f.get('expect_log', [])
        self.forbid_log = f.get('forbid_log', [])
        self.grub = f.get('grub', [])
        self.grub_loader = f.get('grub_loader', 'multiboot2')
        self.qemu_args = shlex.split(f.get('qemu_args', ''))
        self.command = f.get('command', '')
        self.requires = f.get('requires', '')
        self.kernel = f.get('kernel', '')
        if self.kernel and self.boot != 'kernel':
            raise MatrixError('%s: kernel = FILE needs boot = kernel' % where)
        self.tags = [t for v in f.get('tags', []) for t in v.split()]
        self.description = f.get('description', '')
        fd = f.get('floppy', '').split()
        self.floppy = fd[0] if fd else ''
        self.floppy_readonly = fd[1:] == ['readonly']
        self.floppy_expect = f.get('floppy_expect', [])
        if self.floppy not in ('', 'a', 'b') or fd[1:] not in ([], ['readonly']):
            raise MatrixError('%s: floppy = a|b [readonly]' % where)
        self.serial = f.get('serial', 'stdio')
        self.menu = f.get('menu', 'entry')
        if self.menu not in ('entry', 'shipped') or (self.menu == 'shipped' and
                                                      self.boot not in IMAGES):
            raise MatrixError('%s: menu = entry | shipped (image boots only)' % where)
        if self.boot == 'iso-img' and self.menu != 'shipped':
            raise MatrixError('%s: boot = iso-img needs menu = shipped' % where)
        self.script_whole = _bool(f.get('script_whole', 'no'), where)
        self.keys = f.get('keys', '')
        if self.keys and (self.serial != 'none' or not re.fullmatch(r'[a-z0-9 ]+', self.keys)):
            raise MatrixError('%s: keys (a-z, 0-9, space) need serial = none' % where)
        if self.serial not in ('stdio', 'none'):
            raise MatrixError('%s: serial must be stdio or none' % where)
        if self.script_whole and not self.script:
            raise MatrixError('%s: script_whole needs a script' % where)
        self.script_repeat = int(f.get('script_repeat', '1'))
        if self.script_repeat != 1 and not self.script_whole:
            raise MatrixError('%s: script_repeat needs script_whole' % where)
        for rx in self.expect_log + self.forbid_log:
            try:
                re.compile(rx)
            except re.error as e:
                raise MatrixError('%s: bad regex %r: %s' % (where, rx, e))
        if self.boot not in BOOTS:
            raise MatrixError('%s: boot must be one of %s' % (where, ', '.join(BOOTS)))
        if self.boot == 'host' and not self.command:
            raise MatrixError('%s: a host entry needs command=' % where)
        if self.grub_loader not in ('multiboot2', 'multiboot'):
            raise MatrixError('%s: grub_loader must be multiboot2 or multiboot' % where)

    def full_cmdline(self):
        if self.autoexit and not re.search(r'(^|\s)ktest\.exit=', self.cmdline):
            return (self.cmdline + ' ktest.exit=1').strip()
        return self.cmdline

    def method(self):
        if self.boot in IMAGES:
            return self.boot.split('-')[0] + '/MB2'
        if self.boot == 'iso':
            return 'GRUB/MB1' if self.grub_loader == 'multiboot' else 'GRUB/MB2'
        return {'kernel': '-kernel/MB1', 'host': 'host'}[self.boot]


class MatrixError(Exception):
    pass


def _bool(v, where):
    if v.lower() in ('1', 'yes', 'true', 'on'):
        return True
    if v.lower() in ('0', 'no', 'false', 'off'):
        return False
    raise MatrixError('%s: expected yes or no, got %r' % (where, v))


def load_matrix(path):
    """Parse the matrix file: "[name]" blocks of "key = value" lines.

    A "[defaults]" block sets defaults for the blocks after it. Keys in
    LIST_KEYS may repeat and accumulate. Values are taken verbatim after the
    first "=" (leading/trailing blanks stripped), so regexes and "$" need no
    quoting. "#" starts a comment only at the beginning of a line."""
    entries, names = [], set()
    defaults, cur, cur_name, cur_line = {}, None, None, 0

    def finish():
        if cur is None:
            return
        if cur_name == 'defaults':
            defaults.clear()
            defaults.update(cur)
            return
        merged = {k: (list(v) if isinstance(v, list) else v) for k, v in defaults.items()}
        for k, v in cur.items():
            if k in LIST_KEYS and k in merged and k != 'grub':
                merged[k] = merged[k] + v
            else:
                merged[k] = v
        entries.append(Entry(cur_name, merged, '%s:%d' % (path, cur_line)))

    with open(path, encoding='utf-8') as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            m = re.match(r'^\[([A-Za-z0-9_.+-]+)\]$', line)
            if m:
                finish()
                cur_name, cur, cur_line = m.group(1), {}, n
                if cur_name in names:
                    raise MatrixError('%s:%d: duplicate entry [%s]' % (path, n, cur_name))
                if cur_name != 'defaults':
                    names.add(cur_name)
                continue
            if cur is None:
                raise MatrixError('%s:%d: key outside of a [name] block' % (path, n))
            key, sep, val = line.partition('=')
            key, val = key.strip(), val.strip()
            if not sep or key not in KNOWN_KEYS:
                raise MatrixError('%s:%d: unknown key %r (known: %s)' %
                                  (path, n, key, ', '.join(sorted(KNOWN_KEYS))))
            if key in LIST_KEYS:
                cur.setdefault(key, []).append(val)
            else:
                cur[key] = val
    finish()
    return entries


# ---------------------------------------------------------------------------
# Shell scripts (boots that drive the serial shell)
# ---------------------------------------------------------------------------

def load_script(path):
    """A script file: one shell command per line; "=~ REGEX" and "!~ REGEX"
    lines that follow a command must / must not match its output (everything
    between the command's echo and the next prompt); "raw TEXT" sends TEXT with
    Python escapes (\\x7f, \\t) decoded; "#" lines are comments. Returns a list
    of (bytes_to_send, [(must_match, regex)])."""
    steps = []
    with open(path, encoding='utf-8') as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip('\n')
            s = line.strip()
            if not s or s.startswith('#'):
                continue
            if s.startswith('=~ ') or s.startswith('!~ '):
                if not steps:
                    raise MatrixError('%s:%d: expectation before any command' % (path, n))
                rx = s[3:].strip()
                try:
                    re.compile(rx)
                except re.error as e:
                    raise MatrixError('%s:%d: bad regex: %s' % (path, n, e))
                steps[-1][1].append((s.startswith('=~'), rx))
                continue
            if s.startswith('raw '):
                data = codecs.decode(line.split('raw ', 1)[1], 'unicode_escape')
                steps.append((data.encode('latin-1'), [], n))
            else:
                steps.append((s.encode('utf-8'), [], n))
    return [(d, e) for d, e, _ in steps]


# ---------------------------------------------------------------------------
# Running one boot
# ---------------------------------------------------------------------------

class Outcome:
    def __init__(self, entry):
        self.entry = entry
        self.ok = False
        self.reason = ''
        self.passed = self.failed = self.skipped = 0
        self.seconds = 0.0
        self.exit = None
        self.log = os.path.join(LOGDIR, entry.name + '.log')
        self.side = os.path.join(LOGDIR, entry.name + '.qemu.log')
        self.notes = []


class Serial:
    """Collects a child's stdout into the log file and a buffer."""

    def __init__(self, proc, logpath):
        self.proc = proc
        self.buf = bytearray()
        self.cond = threading.Condition()
        self.eof = False
        self.last = time.monotonic()    # time of the latest output
        self.fh = open(logpath, 'wb')
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self):
        fd = self.proc.stdout.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b''
            with self.cond:
                if not chunk:
                    self.eof = True
                    self.cond.notify_all()
                    break
                self.buf += chunk
                self.last = time.monotonic()
                self.fh.write(chunk)
                self.fh.flush()
                self.cond.notify_all()
        self.fh.close()

    def wait_for(self, pred, deadline, idle=None):
        """Wait until pred(text) is true, EOF, the deadline, or (with idle) no
        output for idle seconds; returns pred's last value."""
        with self.cond:
            while True:
                text = self.buf.decode('utf-8', 'replace')
                v = pred(text)
                if v or self.eof:
                    return v
                now = time.monotonic()
                left = deadline - now
                if left <= 0 or (idle is not None and now - self.last >= idle):
                    return v
                self.cond.wait(min(left, 1.0))

    def text(self):
        with self.cond:
            return self.buf.decode('utf-8', 'replace')


def clean(text):
    return text.replace('\r', '')


def drive_script(entry, steps, serial, proc, deadline, idle, out, side):
    """Send each script line after a prompt; check its output's expectations."""
    if not serial.wait_for(lambda t: clean(t).endswith(PROMPT), deadline, idle):
        out.notes.append('no %r prompt' % PROMPT)
        return False
    ok = True
    for data, expects in steps:
        mark = len(serial.text())
        try:
            proc.stdin.write(data + b'\n')
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            out.notes.append('QEMU stopped reading input before %r' % data)
            return False
        cmd_deadline = min(deadline, time.monotonic() + SCRIPT_CMD_TIMEOUT)
        serial.wait_for(lambda t: clean(t[mark:]).endswith('\n' + PROMPT), cmd_deadline)
        reply = clean(serial.text()[mark:])
        if reply.endswith(PROMPT):
            reply = reply[:-len(PROMPT)]
        first, nl, rest = reply.partition('\n')
        shown = data.decode('latin-1')
        if nl and shown.strip() and shown.strip() in first:
            reply = rest
        side.write('--- command %r\n%s' % (shown, reply))
        if not reply.endswith('\n'):
            side.write('\n')
        for must, rx in expects:
            hit = re.search(rx, reply, re.M) is not None
            if hit == must:
                out.passed += 1
            else:
                out.failed += 1
                ok = False
                why = '%r: output %s /%s/' % (shown, 'lacks' if must else 'has', rx)
                out.notes.append(why)
                side.write('FAIL ' + why + '\n')
        if proc.poll() is not None:
            break
    return ok


KEY_NAMES = {' ': 'spc'}
KEYS_INTERVAL = 0.3     # seconds between two monitor sendkey commands
KEYS_REPEAT = 5.0       # seconds between two rounds of the whole line


def type_keys(entry, proc, side):
    """Type entry.keys and Enter on the PS/2 keyboard through QEMU's monitor
    (on stdin when keys is set), again every KEYS_REPEAT seconds until QEMU
    exits: the runner cannot see when the shell is up on a machine without
    a serial port, and a line typed into a busy boot may be lost to the
    keyboard's small buffer. Each round starts with Enter to close any
    partial line."""
    seq = ['ret'] + [KEY_NAMES.get(c, c) for c in entry.keys] + ['ret']
    while proc.poll() is None:
        for k in seq:
            try:
                proc.stdin.write(('sendkey %s\n' % k).encode())
                proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                return
            time.sleep(KEYS_INTERVAL)
        try:
            side.write('typed %r\n' % entry.keys)
            side.flush()
        except ValueError:      # the boot is over and its log closed
            return
        time.sleep(KEYS_REPEAT)


def check_whole_script(steps, text, out, side):
    """A script sent in one piece before the boot: every command must come
    back in order, each echoed after its own prompt (none lost, none cut),
    and its output (up to the next prompt) must meet its expectations."""
    chunks = clean(text).split('\n' + PROMPT)[1:]
    ok = True
    for i, (data, expects) in enumerate(steps):
        shown = data.decode('latin-1')
        if i >= len(chunks):
            out.notes.append('no prompt for %r' % shown)
            out.failed += 1
            return False
        echo, _, reply = chunks[i].partition('\n')
        side.write('--- command %r\n%s%s\n' % (shown, echo + '\n', reply))
        if echo.strip() != shown.strip():
            out.notes.append('command %d came back as %r, sent %r' % (i + 1, echo, shown))
            out.failed += 1
            ok = False
            continue
        out.passed += 1
        for must, rx in expects:
            if (re.search(rx, reply, re.M) is not None) == must:
                out.passed += 1
            else:
                out.failed += 1
                ok = False
                out.notes.append('%r: output %s /%s/' % (shown, 'lacks' if must else 'has', rx))
    return ok


def qemu_command(entry, kernel, iso):
    argv = [QEMU, '-M', entry.machine]
    if entry.cpu:
        argv += ['-cpu', entry.cpu]
    # -smp N: N vCPUs in parallel host threads (multi-threaded TCG).
    accel = 'tcg,thread=multi' if entry.smp else 'tcg'
    if entry.smp:
        argv += ['-smp', entry.smp]
    argv += ['-m', entry.mem, '-accel', accel, '-display', 'none',
             '-monitor', 'stdio' if entry.keys else 'none',
             '-nic', 'none', '-no-reboot',
             '-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04']
    if entry.serial == 'none':
        argv += ['-serial', 'none']
    else:
        argv += ['-chardev', 'stdio,id=ser0,signal=off', '-serial', 'chardev:ser0']
    if entry.boot == 'kernel':
        argv += ['-kernel', kernel, '-append', entry.full_cmdline()]
    elif entry.boot in IMAGES:
        _, iface, drive = IMAGES[entry.boot]
        if iface == 'cdrom':
            argv += ['-cdrom', iso, '-boot', drive]
        else:
            argv += ['-drive', 'file=%s,if=%s,index=0,format=raw' % (iso, iface), '-boot', drive]
    else:
        argv += ['-cdrom', iso, '-boot', 'd']
    if entry.floppy:
        # A fresh copy of the test image per boot; format=raw, or QEMU
        # refuses writes to sector 0 of a probed raw image.
        argv += ['-drive', 'file=%s,if=floppy,index=%d,format=raw%s' %
                 (floppy_image(entry), 'ab'.index(entry.floppy),
                  ',readonly=on' if entry.floppy_readonly else '')]
    return argv + entry.qemu_args


def floppy_image(entry):
    return os.path.join(LOGDIR, entry.name + '.fd.img')


def grub_quote(word):
    return "'" + word.replace("'", "'\\''") + "'"


def grub_config(entry):
    """The test ISO's grub.cfg: one entry, booted at once, GRUB on serial.
    (No timeout_style=hidden: with serial input it costs GRUB 3 s per boot.)"""
    body = ['serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1',
            'terminal_input serial console',
            'terminal_output serial console',
            'set timeout=0',
            'set default=0',
            'menuentry "mm386 test: %s" {' % entry.name]
    body += ['\t' + g for g in entry.grub]
    args = ' '.join(grub_quote(w) for w in entry.full_cmdline().split())
    body.append('\t%s /boot/kernel.elf %s' % (entry.grub_loader, args))
    body.append('\tboot')
    body.append('}')
    return '\n'.join(body) + '\n'


def build_image(entry):
    """A copy of the shipped image with this entry's grub.cfg: the boot
    sector, GRUB core, kernel and file system are the ones `make floppy` /
    `make hdd` made. Returns the path of the copy (one per entry)."""
    shipped = os.path.join(BUILD, IMAGES[entry.boot][0])
    if not os.path.exists(shipped):
        raise RuntimeError('no %s (run make %s)' % (os.path.relpath(shipped, ROOT),
                                                   {'floppy-img': 'floppy', 'disk-img': 'hdd',
                                                    'iso-img': 'iso'}[entry.boot]))
    os.makedirs(IMGDIR, exist_ok=True)
    img = os.path.join(IMGDIR, entry.name + '.img')
    cfg = os.path.join(IMGDIR, entry.name + '.cfg')
    shutil.copyfile(shipped, img)
    if entry.menu == 'shipped':
        return img
    with open(cfg, 'w') as fh:
        fh.write(grub_config(entry))
    p = subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'mkimage.py'), 'config',
                        img, cfg], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise RuntimeError('grub.cfg into %s: %s' % (img, p.stdout.decode(errors='replace')))
    return img


_iso_locks = {}
_iso_locks_guard = threading.Lock()


def build_iso(entry, kernel, flags):
    """Build (or reuse) the GRUB ISO for this entry's grub.cfg and kernel.

    Cached in build/test-iso/<hash>.iso keyed by grub.cfg, kernel contents and
    grub-mkrescue flags. Returns the path; raises RuntimeError with
    grub-mkrescue's output on failure."""
    cfg = grub_config(entry)
    h = hashlib.sha256()
    h.update(cfg.encode())
    h.update(flags.encode())
    with open(kernel, 'rb') as fh:
        h.update(fh.read())
    key = h.hexdigest()[:16]
    iso = os.path.join(ISODIR, key + '.iso')
    with _iso_locks_guard:
        lock = _iso_locks.setdefault(key, threading.Lock())
    with lock:
        if os.path.exists(iso):
            os.utime(iso)
            return iso
        os.makedirs(ISODIR, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix='iso-' + key + '-', dir=ISODIR)
        try:
            os.makedirs(os.path.join(tmp, 'root', 'boot', 'grub'))
            shutil.copyfile(kernel, os.path.join(tmp, 'root', 'boot', 'kernel.elf'))
            with open(os.path.join(tmp, 'root', 'boot', 'grub', 'grub.cfg'), 'w') as fh:
                fh.write(cfg)
            out = os.path.join(tmp, 'out.iso')
            argv = [GRUB_MKRESCUE, '-o', out] + shlex.split(flags) + [os.path.join(tmp, 'root')]
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0 or not os.path.exists(out):
                raise RuntimeError('grub-mkrescue failed (%d): %s' %
                                   (p.returncode, p.stdout.decode(errors='replace')[-2000:]))
            with open(os.path.join(ISODIR, key + '.cfg'), 'w') as fh:
                fh.write(cfg)
            os.replace(out, iso)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return iso


BUG_RE = re.compile(r'(Kernel panic[^\n]*|BUG:[^\n]*|WARNING:[^\n]*|'
                    r'(?:unknown|bad) (?:boot )?magic[^\n]*|[A-Z][a-z]+ fault[^\n]*|'
                    r'Exception[^\n]*|error:[^\n]*)')


def exit_reason(rc, expected, host=False):
    if rc == expected:
        return ''
    if rc is None:
        return 'no exit'
    if rc < 0:
        return 'killed by signal %d' % -rc
    if host:
        return 'exit %d (expected %d)' % (rc, expected)
    known = {0: 'exit 0: triple fault/reset or no exit port',
             1: 'exit 1: QEMU error',
             EXIT_PASS: 'exit 33 (pass)',
             EXIT_FAIL: 'exit 35: kernel reported failure'}
    return known.get(rc, 'exit %d' % rc) + (' (expected %d)' % expected)


def check_logs(entry, text, out):
    ok = True
    for rx in entry.expect_log:
        if not re.search(rx, text, re.M):
            out.notes.append('missing log /%s/' % rx)
            ok = False
    for rx in entry.forbid_log:
        m = re.search(rx, text, re.M)
        if m:
            out.notes.append('forbidden log: %s' % m.group(0).strip()[:80])
            ok = False
    return ok


def finish_counts(entry, text, out, ok):
    """Combine exit status, KTAP and log checks into out.ok and the counts."""
    text = text.replace('\r', '')
    if entry.ktap:
        k = parse_ktap(text)
        out.passed += k.passed
        out.failed += k.failed
        out.skipped += k.skipped
        if not k.docs:
            out.notes.append('no KTAP output')
            ok = False
        elif k.errors:
            out.notes.append('KTAP incomplete: ' + k.errors[0])
            ok = False
        if k.failed:
            out.notes.append('failed: ' + ', '.join(k.failures[:4]) +
                             (' ...' if len(k.failures) > 4 else ''))
            ok = False
    if not check_logs(entry, text, out):
        ok = False
    if not ok and out.failed == 0:
        out.failed = 1
    if ok and out.passed + out.failed + out.skipped == 0:
        out.passed = 1
    out.ok = ok


INJECT_RE = re.compile(r'# fault-injection: p=(\d+)%.* fail_page_alloc forced (\d+), '
                       r'failslab forced (\d+)')


def injected_failures(text):
    """'1%:7 10%:138 ...': failures the fault_inject suite forced, per run."""
    return ' '.join('%s%%:%d' % (m.group(1), int(m.group(2)) + int(m.group(3)))
                    for m in INJECT_RE.finditer(text))


def run_boot(entry, opts):
    out = Outcome(entry)
    t0 = time.monotonic()
    deadline = t0 + entry.timeout * opts.timeout_scale
    os.makedirs(LOGDIR, exist_ok=True)
    with open(out.side, 'w') as side:
        try:
            ok = _run_boot(entry, opts, out, deadline, side)
            text = open(out.log, 'rb').read().decode('utf-8', 'replace') \
                if os.path.exists(out.log) else ''
            finish_counts(entry, text, out, ok)
            out.injected = injected_failures(text)
            if not out.ok and out.exit not in (None, entry.exit):
                m = BUG_RE.search(text)
                if m:
                    out.notes.append(m.group(0).strip()[:100])
        except Exception as e:      # the run goes on; this boot fails
            out.notes.insert(0, str(e).splitlines()[0] if str(e) else repr(e))
            side.write('runner error: %s\n' % e)
            out.ok, out.failed = False, max(out.failed, 1)
        side.write('result: %s %s\n' % ('PASS' if out.ok else 'FAIL', '; '.join(out.notes)))
    out.seconds = time.monotonic() - t0
    out.reason = '; '.join(out.notes)
    return out


def entry_kernel(entry, opts):
    """The kernel an entry boots: its own kernel = FILE, else --kernel."""
    return os.path.join(ROOT, entry.kernel) if entry.kernel else opts.kernel


def _run_boot(entry, opts, out, deadline, side):
    """Run the boot; returns False for exit-status/timeout/script failures."""
    steps = None
    if entry.script:
        steps = load_script(os.path.join(ROOT, entry.script))
        # all but the last command (poweroff) script_repeat times
        steps = steps[:-1] * entry.script_repeat + steps[-1:]
    if entry.boot == 'host':
        if entry.requires and not os.path.exists(os.path.join(ROOT, entry.requires)):
            raise RuntimeError('%s not built' % entry.requires)
        argv = shlex.split(entry.command)
        env = dict(os.environ)
        env.setdefault('ASAN_OPTIONS', 'detect_leaks=1:abort_on_error=0')
        env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')
    else:
        kernel = entry_kernel(entry, opts)
        if not os.path.exists(kernel):
            raise RuntimeError('no kernel %s (run make)' % os.path.relpath(kernel, ROOT))
        iso = None
        if entry.boot == 'iso':
            iso = build_iso(entry, kernel, opts.grub_flags)
            side.write('grub.cfg:\n%s\n' % grub_config(entry))
        elif entry.boot in IMAGES:
            iso = build_image(entry)
            side.write('grub.cfg: %s\n' % ('as shipped' if entry.menu == 'shipped'
                                            else '\n' + grub_config(entry)))
        if entry.floppy:
            fdimage.make(floppy_image(entry))
        argv = qemu_command(entry, kernel, iso)
        env = None
    side.write('command: %s\n' % ' '.join(shlex.quote(a) for a in argv))
    side.flush()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env,
                            stdin=subprocess.PIPE if steps is not None or entry.keys
                            else subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=side if entry.boot != 'host' else subprocess.STDOUT)
    serial = Serial(proc, out.log)
    ok = True
    try:
        if entry.keys:
            threading.Thread(target=type_keys, args=(entry, proc, side), daemon=True).start()
        if steps is not None and entry.script_whole:
            try:        # all of it before the kernel runs: typed ahead
                proc.stdin.write(b''.join(d + b'\n' for d, _ in steps))
                proc.stdin.flush()
            except (BrokenPipeError, OSError):
                out.notes.append('QEMU stopped reading input')
                ok = False
        elif steps is not None:
            if not drive_script(entry, steps, serial, proc, deadline,
                                entry.idle * opts.timeout_scale, out, side):
                ok = False
            try:
                proc.stdin.close()
            except OSError:
                pass
        idle = entry.idle * opts.timeout_scale
        while True:
            try:
                proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if now >= deadline:
                why = 'timeout after %.0f s' % (entry.timeout * opts.timeout_scale)
            elif now - serial.last >= idle:
                why = 'timeout: no output for %.0f s' % idle
            else:
                continue
            proc.kill()
            proc.wait()
            out.notes.insert(0, why)
            ok = False
            break
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        serial.thread.join(5)
    out.exit = proc.returncode
    if steps is not None and entry.script_whole:
        if not check_whole_script(steps, serial.text(), out, side):
            ok = False
    if not out.notes or not out.notes[0].startswith('timeout'):
        why = exit_reason(proc.returncode, entry.exit, entry.boot == 'host')
        if why:
            out.notes.insert(0, why)
            ok = False
    if entry.floppy:
        # The host-side check: what the guest wrote, and nothing else.
        bad = fdimage.check(floppy_image(entry), entry.floppy_expect)
        for line in bad[:10]:
            side.write('floppy image: %s\n' % line)
        if bad:
            out.notes.append('floppy image: %s' % bad[0] +
                             (' (+%d more)' % (len(bad) - 1) if len(bad) > 1 else ''))
            out.failed += 1
            ok = False
        else:
            out.passed += 1
    return ok


# ---------------------------------------------------------------------------
# Self-test of the KTAP parser
# ---------------------------------------------------------------------------

GOOD = """\
mm386 booting
KTAP version 1
1..2
    KTAP version 1
    # Subtest: vsprintf
    1..3
    ok 1 test_zero
    # a diagnostic
    ok 2 test_hex # SKIP no hex today
    ok 3 - test_width
ok 1 vsprintf
unrelated boot line
    KTAP version 1
    # Subtest: parse
    1..1
    ok 1 test_quoted
ok 2 parse
# ktest: 4 cases, 3 passed, 0 failed, 1 skipped
"""


def selftest():
    fails, runs = [], []

    def check(what, cond):
        runs.append(what)
        if not cond:
            fails.append(what)
        print('%s %s' % ('ok  ' if cond else 'FAIL', what))

    check('injected failures counted', injected_failures(
        '    # fault-injection: p=10% steps=3000 fail_page_alloc forced 74, failslab forced 64, '
        'NULL returns 138\n    # fault-injection: p=50% error paths: fail_page_alloc forced 2, '
        'failslab forced 3; 4 built\n') == '10%:138 50%:5')
    r = parse_ktap(GOOD)
    check('complete stream parses', r.complete and (r.passed, r.failed, r.skipped) == (3, 0, 1))
    r = parse_ktap(GOOD.replace('    ok 1 test_quoted', '    not ok 1 test_quoted')
                   .replace('ok 2 parse', 'not ok 2 parse')
                   .replace('3 passed, 0 failed', '2 passed, 1 failed'))
    check('failed case counted', r.complete and r.failed == 1 and r.failures == ['parse.test_quoted'])
    r = parse_ktap(GOOD.replace('    ok 1 test_zero', '    not ok 1 test_zero # TODO later')
                   .replace('ok 1 vsprintf', 'not ok 1 vsprintf'))
    check('"not ok # TODO" is not a pass', r.passed == 2 and r.failed == 1 and
          r.failures == ['vsprintf.test_zero'])
    r = parse_ktap(GOOD.replace('ok 2 parse', 'not ok 2 parse'))
    check('suite failure without failed case counts one', r.failed == 1 and r.passed == 3)
    r = parse_ktap(GOOD.split('ok 2 parse')[0])
    check('missing suite result is incomplete', not r.complete)
    r = parse_ktap(GOOD.replace('    ok 3 - test_width\n', ''))
    check('missing case is incomplete', not r.complete)
    r = parse_ktap(GOOD.replace('1..2\n', ''))
    check('missing top plan is incomplete', not r.complete)
    r = parse_ktap('boot\nno tests here\n')
    check('no KTAP at all', not r.docs and not r.complete)
    r = parse_ktap(GOOD.replace('\n', '\r\n'))
    check('CRLF line ends', r.complete and r.passed == 3)
    r = parse_ktap(GOOD.replace('    # a diagnostic\n', 'printk: noise inside\n  ok whatever\n'))
    check('noise lines inside a suite are ignored', r.complete and r.passed == 3)
    r = parse_ktap(GOOD + GOOD)
    check('two documents are summed', r.complete and r.passed == 6 and r.skipped == 2)
    r = parse_ktap(GOOD.replace('    ok 3 - test_width', '    ok 4 - test_width'))
    check('out-of-order number is an error', not r.complete)
    two = GOOD.replace('    ', '  ')
    r = parse_ktap(two)
    check('two-space indentation', r.complete and r.passed == 3)
    r = parse_ktap(GOOD.replace('3 passed', '4 passed'))
    check('summary mismatch is an error', not r.complete)
    sub_first = GOOD.replace('    KTAP version 1\n    # Subtest: parse\n',
                             '    # Subtest: parse\n    KTAP version 1\n')
    r = parse_ktap(sub_first)
    check('"# Subtest" before the version line', r.complete and r.passed == 3)
    truncated = GOOD[:GOOD.index('    ok 3')]
    r = parse_ktap(truncated)
    check('log cut mid-suite is incomplete', not r.complete)
    e = Entry('x', {'cmdline': 'ktest=off', 'grub': ['cutmem 15M 16M'],
                    'boot': 'iso'}, 'selftest')
    check('ktest=off implies no KTAP', not e.ktap and e.full_cmdline() == 'ktest=off ktest.exit=1')
    e = Entry('x', {'cmdline': 'memmap=4M$64M it\'s', 'boot': 'iso'}, 'selftest')
    cfg = grub_config(e)
    check('grub.cfg quotes $ and quotes',
          "'memmap=4M$64M' 'it'\\''s' 'ktest=all'" not in cfg and
          "'memmap=4M$64M'" in cfg and "'it'\\''s'" in cfg)
    with tempfile.TemporaryDirectory() as d:
        mpath = os.path.join(d, 'm.txt')
        with open(mpath, 'w') as fh:
            fh.write('[defaults]\nmem = 64M\ntags = a\n\n[one]\ncmdline = memmap=4M$64M\n'
                     'expect_log = x = y$\nexpect_log = z\ntags = b\n'
                     '[two]\nboot = iso\ngrub = cutmem 15M 16M\nexit = 35\n')
        m = load_matrix(mpath)
        check('matrix defaults and repeated keys',
              [e.name for e in m] == ['one', 'two'] and m[0].mem == '64M' and
              m[0].expect_log == ['x = y$', 'z'] and m[0].tags == ['a', 'b'] and
              m[0].cmdline == 'memmap=4M$64M' and m[1].exit == 35 and
              m[1].grub == ['cutmem 15M 16M'])
        with open(mpath, 'a') as fh:
            fh.write('bogus = 1\n')
        try:
            load_matrix(mpath)
            check('unknown matrix key rejected', False)
        except MatrixError:
            check('unknown matrix key rejected', True)
        spath = os.path.join(d, 's.txt')
        with open(spath, 'w') as fh:
            fh.write('# c\ngfp GFP_KERNEL\n=~ zone:Normal\n!~ HighMem\nraw a\\x7fb\n')
        sc = load_script(spath)
        check('script parsing', sc == [(b'gfp GFP_KERNEL', [(True, 'zone:Normal'),
                                                            (False, 'HighMem')]),
                                       (b'a\x7fb', [])])
    print('%d passed, %d failed' % (len(runs) - len(fails), len(fails)))
    return 1 if fails else 0


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def load_durations():
    try:
        with open(DURATIONS) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def save_durations(outcomes):
    d = load_durations()
    for o in outcomes:
        if o.ok:
            d[o.entry.name] = round(o.seconds, 1)
    try:
        with open(DURATIONS, 'w') as fh:
            json.dump(d, fh, indent=1, sort_keys=True)
    except OSError:
        pass


def mem_mib(mem):
    m = re.match(r'^(\d+)([KMGT]?)', mem.upper())
    if not m:
        return 0
    n = int(m.group(1))
    return n * {'K': 1 / 1024, '': 1, 'M': 1, 'G': 1024, 'T': 1 << 20}[m.group(2)]


def estimate(entry, durations):
    if entry.name in durations:
        return durations[entry.name]
    return 20 + mem_mib(entry.mem) / 256 + (10 if entry.boot == 'iso' else 0)


def short(text, width):
    return text if len(text) <= width else text[:width - 3] + '...'


def table(outcomes):
    hdr = ('boot', 'machine', 'mem', 'via', 'pass', 'fail', 'skip', 'secs', 'status')
    rows = []
    for o in outcomes:
        e = o.entry
        mach = e.machine + ('/' + e.cpu if e.cpu else '') if e.boot != 'host' else '-'
        rows.append((e.name, mach, e.mem if e.boot != 'host' else '-', e.method(),
                     str(o.passed), str(o.failed), str(o.skipped), '%.1f' % o.seconds,
                     'PASS' if o.ok else 'FAIL: ' + short(o.reason or '?', REASON_WIDTH)))
    w = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr) - 1)]
    lines = []
    for r in [hdr] + rows:
        cells = [r[i].ljust(w[i]) if i < 4 else r[i].rjust(w[i]) for i in range(len(w))]
        lines.append('  '.join(cells) + '  ' + r[-1])
    lines.insert(1, '-' * min(120, max(len(l) for l in lines)))
    return '\n'.join(lines)


def tail(path, n):
    try:
        with open(path, 'rb') as fh:
            data = fh.read().decode('utf-8', 'replace').replace('\r', '')
    except OSError:
        return ''
    return '\n'.join(data.splitlines()[-n:])


def main(argv):
    ap = argparse.ArgumentParser(description='mm386 host tests and QEMU boot matrix')
    ap.add_argument('--only', action='append', default=[], metavar='GLOB',
                    help='run entries whose name matches GLOB (repeatable, comma lists)')
    ap.add_argument('--skip', action='append', default=[], metavar='GLOB',
                    help='leave out entries whose name matches GLOB')
    ap.add_argument('--tag', action='append', default=[],
                    help='run only entries with this tag (repeatable)')
    ap.add_argument('--skip-tag', action='append', default=[],
                    help='leave out entries with this tag (repeatable)')
    ap.add_argument('--list', action='store_true', help='list entries and their commands')
    ap.add_argument('-j', '--jobs', type=int, default=os.cpu_count() or 1)
    ap.add_argument('--timeout-scale', type=float, default=1.0, metavar='F')
    ap.add_argument('--kernel', default=os.path.join(BUILD, 'kernel.elf'))
    ap.add_argument('--matrix', default=DEFAULT_MATRIX)
    ap.add_argument('--grub-flags', default=os.environ.get('GRUB_MKRESCUE_FLAGS') or
                    DEFAULT_GRUB_FLAGS, help='grub-mkrescue flags for test ISOs')
    ap.add_argument('--no-tail', action='store_true',
                    help='do not print the serial log tail of failed boots')
    ap.add_argument('--selftest', action='store_true', help='test the KTAP parser')
    opts = ap.parse_args(argv)
    if opts.selftest:
        return selftest()
    opts.kernel = os.path.abspath(opts.kernel)
    try:
        entries = load_matrix(opts.matrix)
    except (MatrixError, OSError) as e:
        print('run_matrix: %s' % e, file=sys.stderr)
        return 2
    only = [g for o in opts.only for g in o.split(',') if g]
    skip = [g for o in opts.skip for g in o.split(',') if g]
    sel = [e for e in entries
           if (not only or any(fnmatch.fnmatchcase(e.name, g) for g in only))
           and not any(fnmatch.fnmatchcase(e.name, g) for g in skip)
           and (not opts.tag or set(opts.tag) & set(e.tags))
           and not set(opts.skip_tag) & set(e.tags)]
    if opts.list:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        for e in sel:
            print('%-24s %-10s %-6s %-11s %s' % (e.name, e.machine + ('/' + e.cpu if e.cpu else ''),
                                               e.mem, e.method(), ' '.join(e.tags)))
            if e.boot == 'host':
                print('    ' + e.command)
            else:
                iso = os.path.join(IMGDIR, e.name + '.img') if e.boot in IMAGES \
                    else os.path.join(ISODIR, '<hash>.iso')
                print('    ' + ' '.join(shlex.quote(a) for a in
                                        qemu_command(e, os.path.relpath(entry_kernel(e, opts)),
                                                     iso)))
                if e.boot == 'iso' or e.boot in IMAGES:
                    print('    grub: %s%s /boot/kernel.elf %s' %
                          (''.join(g + '; ' for g in e.grub), e.grub_loader, e.full_cmdline()))
        return 0
    if not sel:
        print('run_matrix: no entry matches', file=sys.stderr)
        return 2
    for tool in ([QEMU] if any(e.boot != 'host' for e in sel) else []) + \
            ([GRUB_MKRESCUE] if any(e.boot == 'iso' for e in sel) else []):
        if not shutil.which(tool):
            print('run_matrix: %s not found (make deps)' % tool, file=sys.stderr)
            return 2
    os.makedirs(LOGDIR, exist_ok=True)
    durations = load_durations()
    order = sorted(sel, key=lambda e: -estimate(e, durations))
    print('mm386 test matrix: %d entries, %d jobs, logs in %s' %
          (len(sel), opts.jobs, os.path.relpath(LOGDIR)), flush=True)
    done = []
    lock = threading.Lock()
    t0 = time.monotonic()

    def job(entry):
        o = run_boot(entry, opts)
        with lock:
            done.append(o)
            print('[%2d/%d] %s %-24s %6.1f s  %s' %
                  (len(done), len(sel), 'PASS' if o.ok else 'FAIL', entry.name, o.seconds,
                   '%d passed, %d failed, %d skipped' % (o.passed, o.failed, o.skipped)
                   if o.ok else o.reason) +
                  (' (injected failures %s)' % o.injected if getattr(o, 'injected', '') else ''),
                  flush=True)
        return o

    pool = ThreadPoolExecutor(max_workers=max(1, opts.jobs))
    try:
        futures = [pool.submit(job, e) for e in order]
        outcomes = [f.result() for f in futures]
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        print('\ninterrupted', file=sys.stderr)
        return 130
    pool.shutdown()
    outcomes.sort(key=lambda o: sel.index(o.entry))
    save_durations(outcomes)
    if not only and not skip and not opts.tag and not opts.skip_tag:
        prune_isos(opts.kernel)
    failed = [o for o in outcomes if not o.ok]
    if failed and not opts.no_tail:
        for o in failed:
            print('\n==> %s: last lines of %s (command in %s)' %
                  (o.entry.name, os.path.relpath(o.log), os.path.relpath(o.side)))
            print(tail(o.log, TAIL_LINES) or '(empty)')
    print()
    print(table(outcomes))
    forced = [int(x.split(':')[1]) for o in outcomes
              for x in getattr(o, 'injected', '').split()]
    if forced:
        print('fault injection: %d failures forced in %d runs of the fault_inject suite' %
              (sum(forced), len(forced)))
    print('matrix time %.0f s' % (time.monotonic() - t0))
    npass = sum(o.passed for o in outcomes)
    nfail = sum(o.failed for o in outcomes)
    print('%d passed, %d failed' % (npass, nfail), flush=True)
    return 1 if failed or nfail else 0


def prune_isos(kernel):
    """Drop cached test ISOs older than the kernel: they hold an old kernel."""
    try:
        kt = os.path.getmtime(kernel)
        for f in os.listdir(ISODIR):
            p = os.path.join(ISODIR, f)
            if os.path.getmtime(p) < kt:
                os.unlink(p)
    except OSError:
        pass


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
