/* The host unit-test binary: runs the ktest suites linked into it and prints
 * KTAP, then "N passed, N failed" (test cases; a suite failed only by a
 * changed state hook counts as one failure).
 *
 * Usage: unit [GLOBS]   (default "all"). Exit status 0 when nothing failed. */
#include <stdio.h>

#include <kernel/ktest.h>
#include <kernel/ktest_run.h>

int main(int argc, char **argv)
{
	const char *globs = argc > 1 ? argv[1] : "all";
	struct ktest_totals tot;
	int failed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	failed = ktest_run(globs, NULL);
	ktest_last_totals(&tot);
	printf("%u passed, %u failed\n", tot.passed,
	       tot.failed + tot.hook_failures);
	return failed ? 1 : 0;
}
