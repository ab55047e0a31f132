/* ktest: the self-test framework (KUnit-like), output as KTAP version 1.
 *
 * A suite is a table of small cases, registered from its own file:
 *
 *     static void test_split(struct ktest *t) { EXPECT_EQ(t, 2, 1 + 1); }
 *     static const struct ktest_case buddy_cases[] = {
 *             KTEST_CASE(test_split),
 *             {}
 *     };
 *     KTEST_SUITE(buddy, buddy_cases);
 *
 * The same suites run in the kernel (tests/kernel) and on the host
 * (tests/host); KTEST_SUITE places them in the "mm386_ktests" section.
 *
 * EXPECT_* record a failure and go on; ASSERT_* record it and return from the
 * case (cases return void). Failures print the expression, the expected and
 * actual values and file:line as KTAP diagnostics ("# ...").
 *
 * State hooks (ktest_state_hook) are sampled before and after each suite;
 * a suite that leaves a sampled value changed (free pages, kmap slots, ...)
 * fails with a diagnostic naming the hook and both values. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <kernel/types.h>
#include <kernel/compiler.h>

enum ktest_status { KTEST_PASS, KTEST_FAIL, KTEST_SKIP };

struct ktest {
	const char *name;
	enum ktest_status status;
	const char *skip_reason;
	void *priv;                 /* for the suite's init/exit */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;   /* terminated by an empty entry */
	int (*init)(struct ktest *t);     /* optional, before each case */
	void (*exit)(struct ktest *t);    /* optional, after each case */
	/* Optional, once before the state hooks are first sampled: builds
	 * lasting state the cases would otherwise create on first use and
	 * that is not a leak (kernel page tables, which are never freed). */
	void (*prepare)(void);
	/* Non-NULL: the suite runs with no background load on the other
	 * CPUs (tests/kernel/smp_load.c), and this says why (it asserts exact
	 * global counters, exhausts memory, or uses the other CPUs itself). */
	const char *alone;
};

struct ktest_state_hook {
	const char *name;
	unsigned long (*sample)(void);
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }

/* A suite with any fields of struct ktest_suite besides its name, e.g.
 * KTEST_SUITE_DEFINE(reclaim, .cases = reclaim_cases, .init = reclaim_init,
 *                    .alone = "exhausts memory"). */
#define KTEST_SUITE_DEFINE(ident, ...)                                       \
	static const struct ktest_suite __ktest_##ident                      \
	__section("mm386_ktests") __used __aligned(sizeof(void *)) =         \
		{ .name = #ident, __VA_ARGS__ }
#define KTEST_SUITE_FULL(ident, init_fn, exit_fn, case_table)               \
	KTEST_SUITE_DEFINE(ident, .cases = case_table, .init = init_fn, .exit = exit_fn)
#define KTEST_SUITE(ident, case_table) KTEST_SUITE_FULL(ident, NULL, NULL, case_table)
#define KTEST_SUITE_PREPARED(ident, prepare_fn, case_table)                 \
	KTEST_SUITE_DEFINE(ident, .cases = case_table, .prepare = prepare_fn)
/* A suite that runs without the background load; reason as for .alone. */
#define KTEST_SUITE_ALONE(ident, reason, case_table)                        \
	KTEST_SUITE_DEFINE(ident, .cases = case_table, .alone = reason)

#define KTEST_STATE_HOOK(ident, fn)                                          \
	static const struct ktest_state_hook __ktest_hook_##ident            \
	__section("mm386_ktest_hooks") __used __aligned(sizeof(void *)) =    \
		{ .name = #ident, .sample = fn }

/* Run every suite whose name matches one of the comma-separated globs
 * ("all" or NULL: every suite). Prints KTAP. Returns the number of failed
 * cases; *ran (optional) gets the number of cases run. */
int ktest_run(const char *globs, unsigned *ran);
/* Glob match with '*' and '?'. */
bool ktest_glob_match(const char *pattern, const char *s);

/* Internal: record a failed expectation. */
void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void ktest_skip(struct ktest *t, const char *reason);
/* Print a diagnostic line ("    # ...") inside the current case. */
void ktest_info(struct ktest *t, const char *fmt, ...) __printf(2, 3);

#define KTEST_SKIP(t, reason) do { ktest_skip(t, reason); return; } while (0)

/* Values are compared as long long, printed in decimal and hex. */
#define __KT_BINARY(t, a, op, b, onfail) do {                                \
	long long __a = (long long)(a), __b = (long long)(b);                \
	if (!(__a op __b)) {                                                 \
		ktest_fail(t, __FILE__, __LINE__,                            \
			   "Expected %s %s %s, but %s == %lld (%#llx), %s == %lld (%#llx)", \
			   #a, #op, #b, #a, __a, (unsigned long long)__a,    \
			   #b, __b, (unsigned long long)__b);                \
		onfail;                                                      \
	}                                                                    \
} while (0)
#define __KT_TRUE(t, c, onfail) do {                                          \
	if (!(c)) {                                                          \
		ktest_fail(t, __FILE__, __LINE__, "Expected %s to be true", #c); \
		onfail;                                                      \
	}                                                                    \
} while (0)
#define __KT_STREQ(t, a, b, onfail) do {                                      \
	const char *__sa = (a), *__sb = (b);                                 \
	if (!__sa || !__sb || __builtin_strcmp(__sa, __sb) != 0) {           \
		ktest_fail(t, __FILE__, __LINE__,                            \
			   "Expected %s == %s, but %s == \"%s\", %s == \"%s\"", \
			   #a, #b, #a, __sa ? __sa : "(null)", #b,           \
			   __sb ? __sb : "(null)");                          \
		onfail;                                                      \
	}                                                                    \
} while (0)

#define EXPECT_EQ(t, a, b)  __KT_BINARY(t, a, ==, b, (void)0)
#define EXPECT_NE(t, a, b)  __KT_BINARY(t, a, !=, b, (void)0)
#define EXPECT_LT(t, a, b)  __KT_BINARY(t, a, <, b, (void)0)
#define EXPECT_LE(t, a, b)  __KT_BINARY(t, a, <=, b, (void)0)
#define EXPECT_GT(t, a, b)  __KT_BINARY(t, a, >, b, (void)0)
#define EXPECT_GE(t, a, b)  __KT_BINARY(t, a, >=, b, (void)0)
#define EXPECT_TRUE(t, c)   __KT_TRUE(t, c, (void)0)
#define EXPECT_FALSE(t, c)  __KT_TRUE(t, !(c), (void)0)
#define EXPECT_NULL(t, p)   __KT_TRUE(t, (p) == NULL, (void)0)
#define EXPECT_NOT_NULL(t, p) __KT_TRUE(t, (p) != NULL, (void)0)
#define EXPECT_STREQ(t, a, b) __KT_STREQ(t, a, b, (void)0)

#define ASSERT_EQ(t, a, b)  __KT_BINARY(t, a, ==, b, return)
#define ASSERT_NE(t, a, b)  __KT_BINARY(t, a, !=, b, return)
#define ASSERT_LT(t, a, b)  __KT_BINARY(t, a, <, b, return)
#define ASSERT_LE(t, a, b)  __KT_BINARY(t, a, <=, b, return)
#define ASSERT_GT(t, a, b)  __KT_BINARY(t, a, >, b, return)
#define ASSERT_GE(t, a, b)  __KT_BINARY(t, a, >=, b, return)
#define ASSERT_TRUE(t, c)   __KT_TRUE(t, c, return)
#define ASSERT_FALSE(t, c)  __KT_TRUE(t, !(c), return)
#define ASSERT_NULL(t, p)   __KT_TRUE(t, (p) == NULL, return)
#define ASSERT_NOT_NULL(t, p) __KT_TRUE(t, (p) != NULL, return)
#define ASSERT_STREQ(t, a, b) __KT_STREQ(t, a, b, return)

#endif
