/* Host suite: kernel/vsprintf.c conversions, widths, truncation. */
#include <kernel/ktest.h>
#include <kernel/vsprintf.h>

#define OUT_SIZE 128

static char out[OUT_SIZE];

/* Formats into out through vsnprintf, so the compiler cannot fold the call. */
static __printf(2, 3) int fmt(size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(out, size, f, ap);
	va_end(ap);
	return n;
}

/* Expect the full output and its length. */
#define CHECK(t, expected, f, ...) do {                                  \
	int __n = fmt(sizeof(out), f, ##__VA_ARGS__);                    \
	EXPECT_STREQ(t, out, expected);                                  \
	EXPECT_EQ(t, __n, (int)__builtin_strlen(expected));              \
} while (0)

static void test_plain_text(struct ktest *t)
{
	CHECK(t, "hello", "hello");
	CHECK(t, "", "%s", "");
	CHECK(t, "100%", "100%%");
}

static void test_signed_decimal(struct ktest *t)
{
	CHECK(t, "42", "%d", 42);
	CHECK(t, "-42", "%i", -42);
	CHECK(t, "-2147483648", "%d", (int)-2147483647 - 1);
	CHECK(t, "-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	CHECK(t, "+7", "%+d", 7);
	CHECK(t, " 7", "% d", 7);
}

static void test_field_width(struct ktest *t)
{
	CHECK(t, "   42", "%5d", 42);
	CHECK(t, "42   |", "%-5d|", 42);
	CHECK(t, "   -3", "%5d", -3);
	CHECK(t, "-0003", "%05d", -3);
	CHECK(t, "00042", "%05u", 42u);
	CHECK(t, "  -42", "%*d", 5, -42);
	CHECK(t, "-42  |", "%*d|", -5, -42);
	CHECK(t, "123456", "%3d", 123456);
}

static void test_precision_numbers(struct ktest *t)
{
	CHECK(t, "  007", "%5.3d", 7);
	CHECK(t, "-007", "%.3d", -7);
	CHECK(t, "", "%.0d", 0);
}

static void test_unsigned_max(struct ktest *t)
{
	CHECK(t, "4294967295", "%u", 4294967295u);
	CHECK(t, "18446744073709551615", "%llu", ~0ULL);
	CHECK(t, "4294967296", "%llu", 0x100000000ULL);
	CHECK(t, "0", "%lu", 0UL);
}

static void test_hex(struct ktest *t)
{
	CHECK(t, "deadbeef", "%x", 0xdeadbeefu);
	CHECK(t, "DEADBEEF", "%X", 0xdeadbeefu);
	CHECK(t, "0x1f", "%#x", 0x1fu);
	CHECK(t, "0X1F", "%#X", 0x1fu);
	CHECK(t, "0x0", "%#x", 0u);
	CHECK(t, "000000ff", "%08x", 0xffu);
	CHECK(t, "123456789abcdef0", "%llx", 0x123456789abcdef0ULL);
	CHECK(t, "ffffffffffffffff", "%llx", ~0ULL);
}

static void test_hex_width_with_prefix(struct ktest *t)
{
	CHECK(t, "0x0000000000000000", "%#018llx", 0ULL);
	CHECK(t, "0x0000000100000000", "%#018llx", 0x100000000ULL);
	CHECK(t, "0x000000013fffffff", "%#018llx", 0x13fffffffULL);
	CHECK(t, "0x00000000000fffff", "%#018llx", 0xfffffULL);
	CHECK(t, "     0x10", "%#9x", 0x10u);
	CHECK(t, "0x10     |", "%-#9x|", 0x10u);
}

static void test_octal(struct ktest *t)
{
	CHECK(t, "10", "%o", 8u);
	CHECK(t, "010", "%#o", 8u);
	CHECK(t, "0", "%#o", 0u);
	CHECK(t, "1777777777777777777777", "%llo", ~0ULL);
}

static void test_strings(struct ktest *t)
{
	const char *volatile null_str = NULL;

	CHECK(t, "abc     |", "%-8s|", "abc");
	CHECK(t, "     abc", "%8s", "abc");
	CHECK(t, "ab", "%.2s", "abc");
	CHECK(t, "abc", "%.5s", "abc");
	CHECK(t, "a", "%.*s", 1, "abc");
	CHECK(t, "  ab", "%4.2s", "abc");
	CHECK(t, "(null)", "%s", null_str);
}

static void test_chars(struct ktest *t)
{
	CHECK(t, "x", "%c", 'x');
	CHECK(t, "  x", "%3c", 'x');
	CHECK(t, "x  |", "%-3c|", 'x');
}

static void test_length_modifiers(struct ktest *t)
{
	CHECK(t, "1", "%hhu", (unsigned char)257u);
	CHECK(t, "-1", "%hd", (short)-1);
	CHECK(t, "65535", "%hu", (unsigned short)65535u);
	CHECK(t, "12345", "%zu", (size_t)12345);
	CHECK(t, "-5", "%td", (ptrdiff_t)-5);
	CHECK(t, "-1", "%ld", -1L);
	CHECK(t, "ff", "%zx", (size_t)255);
}

static void test_pointer(struct ktest *t)
{
	const char *expect = sizeof(void *) == 8 ? "0x0000000000001234" : "0x00001234";

	CHECK(t, expect, "%p", (void *)0x1234);
}

static void test_truncation(struct ktest *t)
{
	int n;

	n = fmt(5, "hello world");
	EXPECT_STREQ(t, out, "hell");
	EXPECT_EQ(t, n, 11);

	n = fmt(6, "%d", 123456);
	EXPECT_STREQ(t, out, "12345");
	EXPECT_EQ(t, n, 6);

	n = fmt(1, "abc");
	EXPECT_STREQ(t, out, "");
	EXPECT_EQ(t, n, 3);
}

static void test_size_zero_writes_nothing(struct ktest *t)
{
	out[0] = 'Z';
	EXPECT_EQ(t, fmt(0, "%s", "abc"), 3);
	EXPECT_EQ(t, out[0], 'Z');
}

static void test_snprintf_and_scnprintf(struct ktest *t)
{
	/* Through a volatile pointer so the compiler's own snprintf is not used. */
	int (*volatile sn)(char *, size_t, const char *, ...) = snprintf;
	char small[4];

	EXPECT_EQ(t, sn(small, sizeof(small), "%d", 12345), 5);
	EXPECT_STREQ(t, small, "123");
	EXPECT_EQ(t, scnprintf(small, sizeof(small), "%d", 12345), 3);
	EXPECT_EQ(t, scnprintf(small, sizeof(small), "%d", 12), 2);
	EXPECT_EQ(t, scnprintf(small, 0, "%d", 12), 0);
}

static void test_unknown_conversion_kept(struct ktest *t)
{
	/* Not a literal: the compiler's format check would reject it. */
	const char *volatile unknown = "%w|%d";

	CHECK(t, "%w|5", unknown, 5);
}

static const struct ktest_case vsprintf_cases[] = {
	KTEST_CASE(test_plain_text),
	KTEST_CASE(test_signed_decimal),
	KTEST_CASE(test_field_width),
	KTEST_CASE(test_precision_numbers),
	KTEST_CASE(test_unsigned_max),
	KTEST_CASE(test_hex),
	KTEST_CASE(test_hex_width_with_prefix),
	KTEST_CASE(test_octal),
	KTEST_CASE(test_strings),
	KTEST_CASE(test_chars),
	KTEST_CASE(test_length_modifiers),
	KTEST_CASE(test_pointer),
	KTEST_CASE(test_truncation),
	KTEST_CASE(test_size_zero_writes_nothing),
	KTEST_CASE(test_snprintf_and_scnprintf),
	KTEST_CASE(test_unknown_conversion_kept),
	{}
};
KTEST_SUITE(vsprintf, vsprintf_cases);
