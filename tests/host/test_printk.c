/* Host suites: printk level filtering and continuation (kernel/printk.c),
 * panic/BUG/WARN wording and exit (kernel/panic.c). */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/panic.h>
#include <kernel/arch.h>
#include "host.h"

static int saved_loglevel;

static int printk_init(struct ktest *t)
{
	(void)t;
	saved_loglevel = console_loglevel;
	host_console_clear();
	return 0;
}

static void printk_exit(struct ktest *t)
{
	(void)t;
	console_loglevel = saved_loglevel;
}

static void test_level_below_loglevel_printed(struct ktest *t)
{
	console_loglevel = 4;
	pr_err("err shown\n");
	pr_warn("warn hidden\n");
	pr_info("info hidden\n");
	printk("default hidden\n");
	console_loglevel = 5;
	printk("default shown\n");
	EXPECT_STREQ(t, host_console_text(), "err shown\ndefault shown\n");
}

static void test_debug_needs_loglevel_8(struct ktest *t)
{
	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	pr_debug("hidden\n");
	console_loglevel = 8;
	pr_debug("shown\n");
	EXPECT_STREQ(t, host_console_text(), "shown\n");
}

static void test_prefix_never_printed(struct ktest *t)
{
	int n = pr_info("abc\n");

	EXPECT_EQ(t, n, 4);
	EXPECT_STREQ(t, host_console_text(), "abc\n");
}

static void test_cont_joins_line(struct ktest *t)
{
	pr_info("a");
	pr_cont("b");
	pr_cont("c\n");
	EXPECT_STREQ(t, host_console_text(), "abc\n");
}

static void test_cont_follows_hidden_line(struct ktest *t)
{
	pr_debug("x");
	pr_cont("y\n");
	pr_info("z\n");
	EXPECT_STREQ(t, host_console_text(), "z\n");
}

static void test_new_message_ends_open_line(struct ktest *t)
{
	pr_info("open");
	pr_info("next\n");
	EXPECT_STREQ(t, host_console_text(), "open\nnext\n");
}

static void test_interrupts_restored(struct ktest *t)
{
	EXPECT_FALSE(t, arch_irqs_disabled());
	pr_info("x\n");
	EXPECT_FALSE(t, arch_irqs_disabled());
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(test_level_below_loglevel_printed),
	KTEST_CASE(test_debug_needs_loglevel_8),
	KTEST_CASE(test_prefix_never_printed),
	KTEST_CASE(test_cont_joins_line),
	KTEST_CASE(test_cont_follows_hidden_line),
	KTEST_CASE(test_new_message_ends_open_line),
	KTEST_CASE(test_interrupts_restored),
	{}
};
KTEST_SUITE_FULL(printk, printk_init, printk_exit, printk_cases);

/* ---- panic ---------------------------------------------------------- */

static int panic_init(struct ktest *t)
{
	(void)t;
	host_console_clear();
	host_console_echo(false);	/* keep "Kernel panic" out of the run log */
	return 0;
}

static void panic_exit(struct ktest *t)
{
	(void)t;
	host_console_echo(true);
}

static void test_panic_message_and_exit_code(struct ktest *t)
{
	int code;

	HOST_CATCH_EXIT(code, panic("out of %s: %d\n", "memory", 7));
	host_console_echo(true);
	EXPECT_EQ(t, code, ARCH_EXIT_FAILURE);
	EXPECT_TRUE(t, host_console_contains(
		"Kernel panic - not syncing: out of memory: 7\n"));
	EXPECT_TRUE(t, host_console_contains(
		"---[ end Kernel panic - not syncing: out of memory: 7 ]---\n"));
	EXPECT_FALSE(t, arch_irqs_disabled());
}

static void test_panic_twice(struct ktest *t)
{
	int first, second;

	HOST_CATCH_EXIT(first, panic("one"));
	HOST_CATCH_EXIT(second, panic("two"));
	host_console_echo(true);
	EXPECT_EQ(t, first, ARCH_EXIT_FAILURE);
	EXPECT_EQ(t, second, ARCH_EXIT_FAILURE);
	EXPECT_TRUE(t, host_console_contains("not syncing: two\n"));
}

static void test_bug_on(struct ktest *t)
{
	int code;
	volatile int x = 1;

	HOST_CATCH_EXIT(code, BUG_ON(x == 1));
	host_console_echo(true);
	EXPECT_EQ(t, code, ARCH_EXIT_FAILURE);
	EXPECT_TRUE(t, host_console_contains("kernel BUG at tests/host/test_printk.c:"));
	EXPECT_TRUE(t, host_console_contains("Kernel panic - not syncing: "));
}

static void test_bug_on_false_returns(struct ktest *t)
{
	int code;
	volatile int x = 0;

	HOST_CATCH_EXIT(code, BUG_ON(x == 1));
	host_console_echo(true);
	EXPECT_EQ(t, code, HOST_NO_EXIT);
	EXPECT_STREQ(t, host_console_text(), "");
}

static int warn_site(int v)
{
	return WARN_ONCE(v > 1, "v is %d", v);
}

static void test_warn(struct ktest *t)
{
	bool fired = WARN(1 + 1 == 2, "value %d", 42);

	host_console_echo(true);
	EXPECT_TRUE(t, fired);
	EXPECT_TRUE(t, host_console_contains("WARNING: at tests/host/test_printk.c:"));
	EXPECT_TRUE(t, host_console_contains(" test_warn()\nvalue 42\n---[ end trace ]---\n"));
	EXPECT_FALSE(t, WARN_ON(0));
}

static void test_warn_once(struct ktest *t)
{
	EXPECT_TRUE(t, warn_site(2));
	EXPECT_TRUE(t, warn_site(3));
	EXPECT_FALSE(t, warn_site(0));
	host_console_echo(true);
	EXPECT_TRUE(t, host_console_contains("v is 2\n"));
	EXPECT_FALSE(t, host_console_contains("v is 3"));
}

static const struct ktest_case panic_cases[] = {
	KTEST_CASE(test_panic_message_and_exit_code),
	KTEST_CASE(test_panic_twice),
	KTEST_CASE(test_bug_on),
	KTEST_CASE(test_bug_on_false_returns),
	KTEST_CASE(test_warn),
	KTEST_CASE(test_warn_once),
	{}
};
KTEST_SUITE_FULL(panic, panic_init, panic_exit, panic_cases);
