/* crc32() against zlib's check values. */
#include <string.h>
#include <kernel/crc32.h>
#include <kernel/ktest.h>

static void test_crc32_check_value(struct ktest *t)
{
	EXPECT_EQ(t, crc32(0, "123456789", 9), 0xcbf43926u);
	EXPECT_EQ(t, crc32(0, "", 0), 0);
	EXPECT_EQ(t, crc32(0, "a", 1), 0xe8b7be43u);
}

static void test_crc32_chained(struct ktest *t)
{
	static const char text[] = "The quick brown fox jumps over the lazy dog";
	u32 whole = crc32(0, text, strlen(text));

	EXPECT_EQ(t, whole, 0x414fa339u);
	EXPECT_EQ(t, crc32(crc32(0, text, 10), text + 10, strlen(text) - 10), whole);
}

static const struct ktest_case crc32_cases[] = {
	KTEST_CASE(test_crc32_check_value),
	KTEST_CASE(test_crc32_chained),
	{}
};
KTEST_SUITE(crc32, crc32_cases);
