#!/usr/bin/env python3
"""make mutate: a small mutation runner over mm/ and the firmware-map code.

usage: tests/mutate.py [--list] [--only GLOB] [--fuzz-only] [--keep] [--fuzz-seconds N]
                       [--timeout N] [MUTANTS_FILE]

Each mutant of MUTANTS_FILE (default tests/mutants.txt, whose header
describes the format) is one small, realistic bug: a block of old lines
replaced by new lines. The old lines are found by content in any C file
under arch/, mm/, kernel/ or include/, so mutants survive file moves; they
must occur exactly once there. Each mutant is applied to a private copy of
the tree (made once, in a temporary directory; the mutated file is restored
after each run). Leading blanks do not count when matching, and new lines
take the old lines' indentation, which then builds and runs the host unit tests
(build/host/unit); when they all pass and the mutant names fuzz targets,
those run for --fuzz-seconds each from the committed corpus and the seeds.
A mutant is killed when a build-time assertion (_Static_assert) stops it, a
test fails, a sanitizer or a fuzz target reports, or the run exceeds
--timeout. One line per mutant, then the score; the exit
status is 0 only when every mutant was killed and every one applied and
built.
"""
import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEARCH_DIRS = ('arch', 'mm', 'kernel', 'include')
SOURCE_EXT = ('.c', '.h')
# Seconds for the first, full builds of the private copy (a loaded machine
# takes minutes).
FULL_BUILD_TIMEOUT = 1800


class Mutant:
    def __init__(self, name, where):
        self.name, self.where = name, where
        self.desc = ''
        self.fuzz = []
        self.old, self.new = [], []


def parse_mutants(path):
    """The mutants of path, in order (format: the file's own header)."""
    mutants, cur, block = [], None, None
    with open(path) as fh:
        lines = fh.read().split('\n')
    for n, line in enumerate(lines, 1):
        where = '%s:%d' % (os.path.relpath(path, ROOT), n)
        if line.startswith('== '):
            m = re.match(r'^== ([A-Za-z0-9_.-]+): (.+)$', line)
            if not m:
                raise SystemExit('%s: header must be "== NAME: what breaks"' % where)
            cur, block = Mutant(m.group(1), where), None
            cur.desc = m.group(2)
            mutants.append(cur)
        elif cur is None or (block is None and (not line.strip() or line.startswith('#'))):
            continue
        elif line.startswith('fuzz:') and block is None:
            cur.fuzz = line[len('fuzz:'):].split()
        elif line == '--- old':
            block = cur.old
        elif line == '+++ new':
            block = cur.new
        elif line == '@@ end':
            block = None
        elif block is not None:
            block.append(line)
        else:
            raise SystemExit('%s: unexpected line outside a block: %r' % (where, line))
    names = set()
    for m in mutants:
        if not m.old:
            raise SystemExit('%s: mutant %s has no old lines' % (m.where, m.name))
        if m.name in names:
            raise SystemExit('%s: mutant %s defined twice' % (m.where, m.name))
        names.add(m.name)
    return mutants


def source_files(root):
    for d in SEARCH_DIRS:
        for dirpath, _, files in os.walk(os.path.join(root, d)):
            for f in sorted(files):
                if f.endswith(SOURCE_EXT):
                    yield os.path.join(dirpath, f)


def find_block(lines, old):
    """Indices i where lines[i:i + len(old)] match old, leading blanks aside."""
    want = [o.strip() for o in old]
    first = want[0]
    hits = []
    for i, line in enumerate(lines):
        if line.strip() == first and [l.strip() for l in lines[i:i + len(want)]] == want:
            hits.append(i)
    return hits


def locate(root, mutant):
    """(path, text, mutated text) of the one file holding the mutant's old
    lines, or (None, reason, None). Leading blanks do not count in the
    match; each new line takes the indentation of the old line at its
    position (the last old line's past the end)."""
    hits = []
    for path in source_files(root):
        with open(path) as fh:
            text = fh.read()
        lines = text.split('\n')
        for i in find_block(lines, mutant.old):
            hits.append((path, text, lines, i))
    if len(hits) != 1:
        where = ', '.join(sorted({os.path.relpath(h[0], root) for h in hits}))
        return None, 'old lines found %d times%s' % (len(hits), ': ' + where if where else ''), None
    path, text, lines, i = hits[0]
    olds = lines[i:i + len(mutant.old)]
    new = []
    for k, line in enumerate(mutant.new):
        ref = olds[min(k, len(olds) - 1)]
        indent = ref[:len(ref) - len(ref.lstrip())]
        new.append(indent + line.strip() if line.strip() else '')
    return path, text, '\n'.join(lines[:i] + new + lines[i + len(olds):])


def copy_tree(dst):
    files = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=ROOT,
                           check=True, stdout=subprocess.PIPE).stdout.decode().split('\0')
    for f in files:
        if not f or not os.path.isfile(os.path.join(ROOT, f)):
            continue
        os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(ROOT, f), os.path.join(dst, f))


def run(cmd, cwd, timeout, env=None):
    """(returncode or 'timeout', output)."""
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode('utf-8', 'replace') if e.stdout else ''
        return 'timeout', out


def first_failure(out):
    """The first failing case of a KTAP stream, or the sanitizer's line."""
    suite = None
    for line in out.split('\n'):
        m = re.match(r'^\s*# Subtest: (\S+)', line)
        if m:
            suite = m.group(1)
        m = re.match(r'^\s+not ok \d+ (\S+)', line)
        if m:
            return '%s.%s' % (suite, m.group(1))
        if 'ERROR: AddressSanitizer' in line or 'runtime error:' in line:
            return 'sanitizer: ' + line.strip()[:70]
    return 'exit status'


def host_env():
    env = dict(os.environ)
    env['ASAN_OPTIONS'] = 'detect_leaks=1'
    env['UBSAN_OPTIONS'] = 'print_stacktrace=1'
    return env


def build_host(tree, timeout):
    return run(['make', '-s', 'host-unit'], tree, timeout)


def build_fuzz(tree, targets, timeout):
    bins = ['build/fuzz/fuzz_%s' % t for t in targets]
    return run(['make', '-s'] + bins + ['build/fuzz/mapinputs/.stamp'], tree, timeout)


def run_fuzz(tree, target, seconds):
    """None when the target found nothing, else a short reason."""
    scratch = tempfile.mkdtemp(prefix='mutate-corpus-')
    try:
        cmd = ['./build/fuzz/fuzz_%s' % target, '-max_total_time=%d' % seconds,
               '-artifact_prefix=%s/' % scratch, scratch,
               'tests/fuzz/corpus/%s' % target, 'build/fuzz/mapinputs/%s' % target]
        dict_file = os.path.join(tree, 'tests/fuzz/%s.dict' % target)
        if os.path.exists(dict_file):
            cmd.insert(1, '-dict=' + dict_file)
        for d in cmd[-2:]:
            os.makedirs(os.path.join(tree, d), exist_ok=True)
        rc, out = run(cmd, tree, seconds * 3 + 60)
        if rc == 0:
            return None
        m = re.search(r'^(fuzz_\w+: .*)$', out, re.M)
        return 'fuzz %s: %s' % (target, m.group(1)[:60] if m else 'crash (%s)' % rc)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('mutants', nargs='?', default=os.path.join(ROOT, 'tests', 'mutants.txt'))
    ap.add_argument('--list', action='store_true',
                    help='list the mutants and where they apply; fails when one is not found')
    ap.add_argument('--only', action='append', default=[], help='run mutants matching GLOB')
    ap.add_argument('--fuzz-seconds', type=int, default=10)
    ap.add_argument("--timeout", type=int, default=30, help='seconds per build or test run')
    ap.add_argument('--keep', action='store_true', help='keep the private copy')
    ap.add_argument('--fuzz-only', action='store_true',
                    help='skip the host tests: see what the fuzz targets alone kill '
                         '(mutants without a fuzz: line then survive)')
    args = ap.parse_args()

    mutants = parse_mutants(args.mutants)
    if args.only:
        mutants = [m for m in mutants if any(fnmatch.fnmatch(m.name, g) for g in args.only)]
    if args.list:
        missing = 0
        for m in mutants:
            path, why, _ = locate(ROOT, m)
            missing += path is None
            print('%-28s %-26s %s' % (m.name, os.path.relpath(path, ROOT) if path else
                                      'NOT FOUND (%s)' % why, m.desc))
        print('mutate: %d mutants, %d not found' % (len(mutants), missing))
        return 1 if missing else 0

    tree = tempfile.mkdtemp(prefix='mm386-mutate-')
    start = time.time()
    killed, bad, survived = 0, [], []
    try:
        copy_tree(tree)
        rc, out = build_host(tree, FULL_BUILD_TIMEOUT)
        if rc != 0:
            print(out[-3000:])
            print('mutate: the unmutated tree does not build (%s)' % rc)
            return 1
        rc, out = run(['./build/host/unit'], tree, args.timeout, host_env())
        if rc != 0:
            print('mutate: the unmutated tree fails its host tests (%s)' % first_failure(out))
            return 1
        targets = sorted({t for m in mutants for t in m.fuzz})
        if targets:
            rc, out = build_fuzz(tree, targets, FULL_BUILD_TIMEOUT)
            if rc != 0:
                print(out[-3000:])
                print('mutate: the fuzz targets do not build')
                return 1
        for i, m in enumerate(mutants, 1):
            label = '[%2d/%d] %-28s' % (i, len(mutants), m.name)
            path, text, mutated = locate(tree, m)
            if path is None:
                print('%s NOT APPLIED: %s' % (label, text))
                bad.append(m.name)
                continue
            rel = os.path.relpath(path, tree)
            t0 = time.time()
            with open(path, 'w') as fh:
                fh.write(mutated)
            try:
                verdict = None
                rc, out = build_host(tree, args.timeout)
                errors = [l for l in out.split('\n') if 'error' in l]
                if rc != 0 and any('static assert' in l or 'static_assert' in l for l in errors):
                    verdict = 'build: ' + errors[0].split('error:')[-1].strip()[:60]
                elif rc != 0:
                    print('%s NOT BUILT: %s' % (label, (errors or ['?'])[0][:90]))
                    bad.append(m.name)
                    continue
                elif not args.fuzz_only:
                    rc, out = run(['./build/host/unit'], tree, args.timeout, host_env())
                if verdict or args.fuzz_only:
                    pass
                elif rc == 'timeout':
                    verdict = 'host tests time out'
                elif rc != 0:
                    verdict = 'host: ' + first_failure(out)
                if verdict is None and m.fuzz:
                    rc, out = build_fuzz(tree, m.fuzz, args.timeout)
                    if rc != 0:
                        print('%s NOT BUILT (fuzz): %s' % (label, out.strip()[:80]))
                        bad.append(m.name)
                        continue
                    for target in m.fuzz:
                        verdict = run_fuzz(tree, target, args.fuzz_seconds)
                        if verdict:
                            break
                secs = time.time() - t0
                if verdict:
                    killed += 1
                    print('%s killed   %5.1fs  %-20s by %s' % (label, secs, rel, verdict))
                else:
                    survived.append(m.name)
                    print('%s SURVIVED %5.1fs  %-20s %s' % (label, secs, rel, m.desc))
            finally:
                with open(path, 'w') as fh:
                    fh.write(text)
            sys.stdout.flush()
    finally:
        if args.keep:
            print('mutate: private copy kept in %s' % tree)
        else:
            shutil.rmtree(tree, ignore_errors=True)
    total = len(mutants)
    print('mutate: %d/%d killed (%.0f%%), %d survived, %d not applied or not built; %.0f s'
          % (killed, total, 100.0 * killed / total if total else 100.0, len(survived), len(bad),
             time.time() - start))
    if survived:
        print('mutate: survivors: %s' % ' '.join(survived))
    return 0 if not survived and not bad else 1


if __name__ == '__main__':
    sys.exit(main())
