/* ktest runner details beyond include/kernel/ktest.h: totals of the last run
 * and a runner over explicit tables (used to test the framework itself). */
#ifndef KERNEL_KTEST_RUN_H
#define KERNEL_KTEST_RUN_H

#include <kernel/ktest.h>

struct ktest_totals {
	unsigned suites;        /* suites selected */
	unsigned suites_failed; /* suites reported "not ok" */
	unsigned hook_failures; /* suites failed only by a changed state hook */
	unsigned cases;         /* cases run (skipped ones included) */
	unsigned passed;
	unsigned failed;
	unsigned skipped;
};

/* Totals of the most recent ktest_run()/ktest_run_table() to finish. */
void ktest_last_totals(struct ktest_totals *out);

/* Like ktest_run() over the given suites and hooks instead of the linker
 * sections. Prints the same KTAP. Returns failed cases plus suites failed by
 * a state hook. Not reentrant with respect to output nesting: a run inside a
 * case prints its own top-level KTAP lines. */
int ktest_run_table(const struct ktest_suite *suites, size_t nsuites,
		    const struct ktest_state_hook *hooks, size_t nhooks,
		    const char *globs, struct ktest_totals *out);

/* Print a KTAP diagnostic line ("    # ...") outside any case, e.g. from a
 * suite hook. */
void ktest_comment(const char *fmt, ...) __printf(1, 2);

/* True when name is selected by globs (comma-separated; NULL, "" and "all"
 * select everything, "off" nothing). */
bool ktest_globs_select(const char *globs, const char *name);

#endif
