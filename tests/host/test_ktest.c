/* Host suite: the ktest framework itself (kernel/ktest.c): glob selection
 * and the exact KTAP it prints for passing, failing, skipped cases and a
 * changed state hook. Nested runs print with the console echo off, so the
 * run log keeps a single KTAP document. */
#include <string.h>

#include <kernel/ktest.h>
#include <kernel/ktest_run.h>
#include <kernel/vsprintf.h>
#include "host.h"

static void test_glob_match(struct ktest *t)
{
	EXPECT_TRUE(t, ktest_glob_match("buddy", "buddy"));
	EXPECT_FALSE(t, ktest_glob_match("buddy", "budd"));
	EXPECT_FALSE(t, ktest_glob_match("budd", "buddy"));
	EXPECT_TRUE(t, ktest_glob_match("bud*", "buddy"));
	EXPECT_TRUE(t, ktest_glob_match("*dy", "buddy"));
	EXPECT_TRUE(t, ktest_glob_match("b?ddy", "buddy"));
	EXPECT_FALSE(t, ktest_glob_match("b?dy", "buddy"));
	EXPECT_TRUE(t, ktest_glob_match("*", ""));
	EXPECT_FALSE(t, ktest_glob_match("?", ""));
	EXPECT_TRUE(t, ktest_glob_match("a*b*c", "aXXbYbc"));
	EXPECT_TRUE(t, ktest_glob_match("a*b", "ab"));
	EXPECT_FALSE(t, ktest_glob_match("a*b", "abc"));
	EXPECT_TRUE(t, ktest_glob_match("**x", "yx"));
}

static void test_glob_lists(struct ktest *t)
{
	EXPECT_TRUE(t, ktest_globs_select(NULL, "slab"));
	EXPECT_TRUE(t, ktest_globs_select("", "slab"));
	EXPECT_TRUE(t, ktest_globs_select("all", "slab"));
	EXPECT_FALSE(t, ktest_globs_select("off", "slab"));
	EXPECT_TRUE(t, ktest_globs_select("buddy,sl*", "slab"));
	EXPECT_TRUE(t, ktest_globs_select("sl*,buddy", "slab"));
	EXPECT_FALSE(t, ktest_globs_select("buddy,gfp", "slab"));
	EXPECT_FALSE(t, ktest_globs_select("buddy,", "slab"));
}

/* ---- a fake run ----------------------------------------------------- */

static unsigned long fake_counter;

static unsigned long sample_fake_counter(void)
{
	return fake_counter;
}

static void fake_pass(struct ktest *t)
{
	EXPECT_EQ(t, 1, 1);
}

static void fake_skip(struct ktest *t)
{
	KTEST_SKIP(t, "no highmem");
}

static int fail_line;

static void fake_fail(struct ktest *t)
{
	fail_line = __LINE__ + 1;
	EXPECT_EQ(t, 1 + 1, 3);
	ktest_info(t, "after the failure");
}

static void fake_leak(struct ktest *t)
{
	(void)t;
	fake_counter++;
}

static const struct ktest_case pass_cases[] = {
	KTEST_CASE(fake_pass), KTEST_CASE(fake_skip), {}
};
static const struct ktest_case fail_cases[] = {
	KTEST_CASE(fake_pass), KTEST_CASE(fake_fail), {}
};
static const struct ktest_case skip_cases[] = {
	KTEST_CASE(fake_skip), {}
};
static const struct ktest_case leak_cases[] = {
	KTEST_CASE(fake_leak), {}
};

static const struct ktest_suite fake_suites[] = {
	{ .name = "fake_mixed", .cases = pass_cases },
	{ .name = "fake_fail", .cases = fail_cases },
	{ .name = "fake_skip", .cases = skip_cases },
	{ .name = "fake_leak", .cases = leak_cases },
};
static const struct ktest_state_hook fake_hooks[] = {
	{ .name = "fake_counter", .sample = sample_fake_counter },
};

static int run_fake(const char *globs, struct ktest_totals *tot)
{
	int failed;

	fake_counter = 0;
	host_console_clear();
	host_console_echo(false);
	failed = ktest_run_table(fake_suites, ARRAY_SIZE(fake_suites),
				 fake_hooks, ARRAY_SIZE(fake_hooks), globs, tot);
	host_console_echo(true);
	return failed;
}

static void test_ktap_output(struct ktest *t)
{
	static const char expected[] =
		"KTAP version 1\n"
		"1..4\n"
		"    KTAP version 1\n"
		"    # Subtest: fake_mixed\n"
		"    1..2\n"
		"    ok 1 fake_pass\n"
		"    ok 2 fake_skip # SKIP no highmem\n"
		"ok 1 fake_mixed\n"
		"    KTAP version 1\n"
		"    # Subtest: fake_fail\n"
		"    1..2\n"
		"    ok 1 fake_pass\n"
		"    # tests/host/test_ktest.c:%d: Expected 1 + 1 == 3, but 1 + 1 == 2 (0x2), 3 == 3 (0x3)\n"
		"    # after the failure\n"
		"    not ok 2 fake_fail\n"
		"not ok 2 fake_fail\n"
		"    KTAP version 1\n"
		"    # Subtest: fake_skip\n"
		"    1..1\n"
		"    ok 1 fake_skip # SKIP no highmem\n"
		"ok 3 fake_skip # SKIP\n"
		"    KTAP version 1\n"
		"    # Subtest: fake_leak\n"
		"    1..1\n"
		"    ok 1 fake_leak\n"
		"    # state hook fake_counter changed: before 0, after 1\n"
		"not ok 4 fake_leak\n"
		"# ktest: 6 cases, 3 passed, 1 failed, 2 skipped\n"
		"# ktest: 1 suites failed by a state hook\n";
	struct ktest_totals tot;
	char want[sizeof(expected) + 16];
	int failed = run_fake("all", &tot);

	snprintf(want, sizeof(want), expected, fail_line);
	EXPECT_EQ(t, failed, 2);
	EXPECT_STREQ(t, host_console_text(), want);
	EXPECT_EQ(t, tot.suites, 4);
	EXPECT_EQ(t, tot.suites_failed, 2);
	EXPECT_EQ(t, tot.hook_failures, 1);
	EXPECT_EQ(t, tot.cases, 6);
	EXPECT_EQ(t, tot.passed, 3);
	EXPECT_EQ(t, tot.skipped, 2);
}

static void test_ktap_selection(struct ktest *t)
{
	struct ktest_totals tot;

	EXPECT_EQ(t, run_fake("fake_m*,fake_s?ip", &tot), 0);
	EXPECT_TRUE(t, host_console_contains("KTAP version 1\n1..2\n"));
	EXPECT_TRUE(t, host_console_contains("\nok 2 fake_skip # SKIP\n"));
	EXPECT_FALSE(t, host_console_contains("fake_leak"));
	EXPECT_EQ(t, tot.cases, 3);

	EXPECT_EQ(t, run_fake("off", &tot), 0);
	EXPECT_TRUE(t, host_console_contains("KTAP version 1\n1..0\n"));
	EXPECT_EQ(t, tot.suites, 0);
}

static const struct ktest_case ktest_cases[] = {
	KTEST_CASE(test_glob_match),
	KTEST_CASE(test_glob_lists),
	KTEST_CASE(test_ktap_output),
	KTEST_CASE(test_ktap_selection),
	{}
};
KTEST_SUITE(ktest, ktest_cases);
