#!/usr/bin/env python3
"""Run a shell session from a file: `make script SCRIPT=FILE` (MEM=, CMDLINE=).

Boots build/kernel.elf under QEMU (-kernel, the command line ktest=off unless
CMDLINE says otherwise), waits for each "mm> " prompt, sends the file's next
command, and prints the transcript. The file is the format of tests/shell/*.txt
(one command a line; "=~ REGEX" / "!~ REGEX" lines check the output of the
command before them; "#" comments). End the file with `poweroff`.

Exit status: 0 when the session reached poweroff (QEMU's 33) with every check
met; 1 otherwise, with the reason on stderr.

    python3 tests/run_script.py tests/shell/basic.txt --mem 512M
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_matrix as rm  # noqa: E402  (the matrix runner's serial and script driver)


def run(script, mem='512M', machine='pc', cmdline='ktest=off', kernel=None, log=None,
        timeout=300.0, quiet=False):
    """Boot, drive the script, return (ok, transcript text, notes)."""
    kernel = kernel or os.path.join(rm.BUILD, 'kernel.elf')
    log = log or os.path.join(rm.BUILD, 'script.log')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    steps = rm.load_script(script)
    entry = rm.Entry('script', {'mem': mem, 'machine': machine, 'cmdline': cmdline,
                                'script': script}, script)
    out = rm.Outcome(entry)
    proc = subprocess.Popen(rm.qemu_command(entry, kernel, None), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    serial = rm.Serial(proc, log)
    deadline = time.monotonic() + timeout
    with open(log + '.checks', 'w') as side:
        ok = rm.drive_script(entry, steps, serial, proc, deadline, rm.DEFAULT_IDLE, out, side)
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        out.notes.append('QEMU still running at the timeout')
        ok = False
    serial.thread.join(5)
    if proc.returncode != rm.EXIT_PASS:
        out.notes.append('QEMU exited with %s, not %d (poweroff not reached)'
                         % (proc.returncode, rm.EXIT_PASS))
        ok = False
    text = rm.clean(serial.text())
    if not quiet:
        sys.stdout.write(text[text.find(rm.PROMPT):] if rm.PROMPT in text else text)
        print('\nscript: %d commands, %d checks passed, %d failed%s'
              % (len(steps), out.passed, out.failed,
                 '' if ok else ': ' + '; '.join(out.notes)))
    return ok, text, out.notes


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('script')
    ap.add_argument('--mem', default=os.environ.get('MEM') or '512M')
    ap.add_argument('--machine', default='pc')
    ap.add_argument('--cmdline', default=os.environ.get('CMDLINE') or 'ktest=off')
    ap.add_argument('--kernel', default=None)
    ap.add_argument('--log', default=None, help='serial log (default build/script.log)')
    a = ap.parse_args(argv)
    ok, _, notes = run(a.script, a.mem, a.machine, a.cmdline, a.kernel, a.log)
    if not ok:
        print('script failed: ' + '; '.join(notes), file=sys.stderr)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
