/* Host suites: command-line parameters (kernel/params.c) and number parsing
 * (kernel/parse.c). Messages are checked in the captured console text. */
#include <string.h>

#include <kernel/ktest.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/vsprintf.h>
#include "host.h"

#define SEEN_SIZE 64

static int val_calls, early_calls, num_calls;
static char val_seen[SEEN_SIZE];
static unsigned long long num_value;

static int set_ptest_val(const char *val)
{
	val_calls++;
	snprintf(val_seen, sizeof(val_seen), "%s", val ? val : "(none)");
	return 0;
}
kernel_param("ptest.val", set_ptest_val);

static int set_ptest_early(const char *val)
{
	(void)val;
	early_calls++;
	return 0;
}
early_param("ptest.early", set_ptest_early);

static int set_ptest_num(const char *val)
{
	char *end;
	unsigned long long v;

	num_calls++;
	if (!val)
		return -EINVAL;
	v = simple_strtoull(val, &end, 0);
	if (end == val || *end)
		return -EINVAL;
	num_value = v;
	return 0;
}
kernel_param("ptest.num", set_ptest_num);

/* Fresh counters and an empty console capture for every case. */
static int params_init(struct ktest *t)
{
	(void)t;
	val_calls = early_calls = num_calls = 0;
	val_seen[0] = '\0';
	num_value = 0;
	host_console_clear();
	return 0;
}

static void test_quoted_value(struct ktest *t)
{
	int problems = parse_param_string("ptest.val=\"a b  c\"", false);

	EXPECT_EQ(t, problems, 0);
	EXPECT_EQ(t, val_calls, 1);
	EXPECT_STREQ(t, val_seen, "a b  c");
}

static void test_repeated_param_calls_each_time(struct ktest *t)
{
	parse_param_string("ptest.val=1 ptest.val=2\tptest.val=3", false);
	EXPECT_EQ(t, val_calls, 3);
	EXPECT_STREQ(t, val_seen, "3");
}

static void test_flag_without_value(struct ktest *t)
{
	parse_param_string("  ptest.val  ", false);
	EXPECT_EQ(t, val_calls, 1);
	EXPECT_STREQ(t, val_seen, "(none)");
}

static void test_empty_value(struct ktest *t)
{
	parse_param_string("ptest.val=", false);
	EXPECT_EQ(t, val_calls, 1);
	EXPECT_STREQ(t, val_seen, "");
}

static void test_early_and_late_passes(struct ktest *t)
{
	const char *line = "ptest.early=1 ptest.val=x";

	EXPECT_EQ(t, parse_param_string(line, true), 0);
	EXPECT_EQ(t, early_calls, 1);
	EXPECT_EQ(t, val_calls, 0);
	EXPECT_EQ(t, parse_param_string(line, false), 0);
	EXPECT_EQ(t, early_calls, 1);
	EXPECT_EQ(t, val_calls, 1);
}

static void test_unknown_reported_once_by_name(struct ktest *t)
{
	const char *line = "bogus=1 ptest.val=x";

	EXPECT_EQ(t, parse_param_string(line, true), 0);
	EXPECT_FALSE(t, host_console_contains("bogus"));
	EXPECT_EQ(t, parse_param_string(line, false), 1);
	EXPECT_TRUE(t, host_console_contains(
		"Unknown kernel command line parameter \"bogus\""));
	EXPECT_EQ(t, val_calls, 1);
}

static void test_malformed_reported_with_value(struct ktest *t)
{
	EXPECT_EQ(t, parse_param_string("ptest.num=12x ptest.num=34", false), 1);
	EXPECT_TRUE(t, host_console_contains("malformed parameter ptest.num=12x"));
	EXPECT_EQ(t, num_calls, 2);
	EXPECT_EQ(t, num_value, 34);
}

static void test_loglevel_param(struct ktest *t)
{
	int saved = console_loglevel;
	int ok, bad;

	console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	bad = parse_param_string("loglevel=99", true) +
	      parse_param_string("loglevel=x", true);
	ok = parse_param_string("loglevel=3", true);
	EXPECT_EQ(t, console_loglevel, 3);
	console_loglevel = saved;
	EXPECT_EQ(t, ok, 0);
	EXPECT_EQ(t, bad, 2);
	EXPECT_TRUE(t, host_console_contains("malformed parameter loglevel=99"));
}

static void test_qemu_image_name_dropped(struct ktest *t)
{
	const char raw[] = "/tmp/build/kernel.elf ptest.val=1 loglevel=7";

	cmdline_init(raw, sizeof(raw));
	EXPECT_STREQ(t, cmdline_get(), "ptest.val=1 loglevel=7");
	EXPECT_TRUE(t, host_console_contains("Command line: ptest.val=1 loglevel=7\n"));
	EXPECT_TRUE(t, host_console_contains("kernel.elf"));
}

static void test_only_image_name(struct ktest *t)
{
	cmdline_init("kernel.elf", sizeof("kernel.elf"));
	EXPECT_STREQ(t, cmdline_get(), "");
}

static void test_first_word_kept_when_parameter(struct ktest *t)
{
	cmdline_init("ptest.val=1 x", 100);
	EXPECT_STREQ(t, cmdline_get(), "ptest.val=1 x");
	cmdline_init("ptest.val other", 100);
	EXPECT_STREQ(t, cmdline_get(), "ptest.val other");
	cmdline_init(NULL, 0);
	EXPECT_STREQ(t, cmdline_get(), "");
}

static void test_unterminated_input_bounded(struct ktest *t)
{
	const char raw[] = { 'a', '=', '1', ' ', 'b', '=', '2' };	/* no NUL */

	cmdline_init(raw, 5);
	EXPECT_STREQ(t, cmdline_get(), "a=1 b");
	cmdline_init(raw, sizeof(raw));
	EXPECT_STREQ(t, cmdline_get(), "a=1 b=2");
}

static void test_overlong_truncated_at_word(struct ktest *t)
{
	static char raw[COMMAND_LINE_SIZE * 2];
	size_t len = 0, kept;

	while (len + 12 < sizeof(raw) - 1)
		len += (size_t)snprintf(raw + len, sizeof(raw) - len, "ptest.val=%zu ", len % 7);
	raw[len] = '\0';

	cmdline_init(raw, sizeof(raw));
	kept = strlen(cmdline_get());
	EXPECT_LE(t, kept, COMMAND_LINE_SIZE - 1);
	EXPECT_GT(t, kept, COMMAND_LINE_SIZE - 20);
	EXPECT_EQ(t, strncmp(cmdline_get(), raw, kept), 0);
	EXPECT_EQ(t, raw[kept], ' ');
	EXPECT_TRUE(t, host_console_contains("truncated"));
	EXPECT_EQ(t, parse_param_string(cmdline_get(), false), 0);
}

/* 0/1 switches: "1" or a bare name on, "0" off, anything else refused
 * with the value left alone. */
static void test_parse_switch(struct ktest *t)
{
	bool on = false;

	EXPECT_EQ(t, parse_switch("1", &on), 0);
	EXPECT_TRUE(t, on);
	EXPECT_EQ(t, parse_switch("0", &on), 0);
	EXPECT_FALSE(t, on);
	EXPECT_EQ(t, parse_switch(NULL, &on), 0);
	EXPECT_TRUE(t, on);
	EXPECT_EQ(t, parse_switch("2", &on), -EINVAL);
	EXPECT_EQ(t, parse_switch("", &on), -EINVAL);
	EXPECT_EQ(t, parse_switch("yes", &on), -EINVAL);
	EXPECT_TRUE(t, on);
}

static void test_parse_params_uses_kept_line(struct ktest *t)
{
	cmdline_init("vmlinuz ptest.early ptest.val=kept", 100);
	parse_params(true);
	parse_params(false);
	EXPECT_EQ(t, early_calls, 1);
	EXPECT_STREQ(t, val_seen, "kept");
	cmdline_init("", 1);
}

static const struct ktest_case params_cases[] = {
	KTEST_CASE(test_quoted_value),
	KTEST_CASE(test_parse_switch),
	KTEST_CASE(test_repeated_param_calls_each_time),
	KTEST_CASE(test_flag_without_value),
	KTEST_CASE(test_empty_value),
	KTEST_CASE(test_early_and_late_passes),
	KTEST_CASE(test_unknown_reported_once_by_name),
	KTEST_CASE(test_malformed_reported_with_value),
	KTEST_CASE(test_loglevel_param),
	KTEST_CASE(test_qemu_image_name_dropped),
	KTEST_CASE(test_only_image_name),
	KTEST_CASE(test_first_word_kept_when_parameter),
	KTEST_CASE(test_unterminated_input_bounded),
	KTEST_CASE(test_overlong_truncated_at_word),
	KTEST_CASE(test_parse_params_uses_kept_line),
	{}
};
KTEST_SUITE_FULL(params, params_init, NULL, params_cases);

/* ---- parse ---------------------------------------------------------- */

static void test_strtoull_bases(struct ktest *t)
{
	char *end;

	EXPECT_EQ(t, simple_strtoull("123abc", &end, 10), 123);
	EXPECT_STREQ(t, end, "abc");
	EXPECT_EQ(t, simple_strtoull("0x1F", &end, 0), 0x1f);
	EXPECT_STREQ(t, end, "");
	EXPECT_EQ(t, simple_strtoull("017", NULL, 0), 15);
	EXPECT_EQ(t, simple_strtoull("0x10", NULL, 16), 16);
	EXPECT_EQ(t, simple_strtoull("ff", NULL, 16), 255);
	EXPECT_EQ(t, simple_strtoull("0xg", &end, 0), 0);
	EXPECT_STREQ(t, end, "xg");
}

static void test_strtoull_no_digits(struct ktest *t)
{
	const char *s = "xyz";
	char *end;

	EXPECT_EQ(t, simple_strtoull(s, &end, 0), 0);
	EXPECT_TRUE(t, end == s);
}

static void test_strtoull_saturates(struct ktest *t)
{
	char *end;

	EXPECT_EQ(t, simple_strtoull("18446744073709551615", NULL, 10), (long long)~0ULL);
	EXPECT_EQ(t, simple_strtoull("99999999999999999999999z", &end, 10), (long long)~0ULL);
	EXPECT_STREQ(t, end, "z");
}

static void test_memparse_suffixes(struct ktest *t)
{
	char *end;

	EXPECT_EQ(t, memparse("64", NULL), 64);
	EXPECT_EQ(t, memparse("4K", NULL), 4096);
	EXPECT_EQ(t, memparse("4k", NULL), 4096);
	EXPECT_EQ(t, memparse("16M", NULL), 16ULL << 20);
	EXPECT_EQ(t, memparse("3g", NULL), 3ULL << 30);
	EXPECT_EQ(t, memparse("2T", NULL), 2ULL << 40);
	EXPECT_EQ(t, memparse("1P", NULL), 1ULL << 50);
	EXPECT_EQ(t, memparse("1E", NULL), 1ULL << 60);
	EXPECT_EQ(t, memparse("0x1000", NULL), 0x1000);
	EXPECT_EQ(t, memparse("512M@16M", &end), 512ULL << 20);
	EXPECT_STREQ(t, end, "@16M");
}

static void test_memparse_nothing_parsed(struct ktest *t)
{
	const char *s = "M12";
	char *end;

	EXPECT_EQ(t, memparse(s, &end), 0);
	EXPECT_TRUE(t, end == s);
}

static void test_memparse_overflow(struct ktest *t)
{
	bool ovf = false;

	memparse_ovf("16E", NULL, &ovf);
	EXPECT_TRUE(t, ovf);
	ovf = false;
	memparse_ovf("99999999999999999999", NULL, &ovf);
	EXPECT_TRUE(t, ovf);
	ovf = true;
	EXPECT_EQ(t, memparse_ovf("15E", NULL, &ovf), 15ULL << 60);
	EXPECT_FALSE(t, ovf);
	ovf = true;
	EXPECT_EQ(t, memparse_ovf("17179869183G", NULL, &ovf), 17179869183ULL << 30);
	EXPECT_FALSE(t, ovf);
	memparse_ovf("17179869184G", NULL, &ovf);
	EXPECT_TRUE(t, ovf);
}

static const struct ktest_case parse_cases[] = {
	KTEST_CASE(test_strtoull_bases),
	KTEST_CASE(test_strtoull_no_digits),
	KTEST_CASE(test_strtoull_saturates),
	KTEST_CASE(test_memparse_suffixes),
	KTEST_CASE(test_memparse_nothing_parsed),
	KTEST_CASE(test_memparse_overflow),
	{}
};
KTEST_SUITE(parse, parse_cases);
