/* memtest= cases that need no memory (include/mm/memtest.h): Linux's
 * pattern table and running order. Shared by tests/kernel/memtest_test.c
 * and tests/host/test_fault_inject.c, which include this file. */
#ifndef TESTS_KERNEL_MEMTEST_CASES_H
#define TESTS_KERNEL_MEMTEST_CASES_H

#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <mm/memtest.h>

/* Linux's mm/memtest.c patterns[], in its order. */
static const u64 linux_patterns[] = {
	0, 0xffffffffffffffffULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL,
	0x1111111111111111ULL, 0x2222222222222222ULL, 0x4444444444444444ULL,
	0x8888888888888888ULL, 0x3333333333333333ULL, 0x6666666666666666ULL,
	0xccccccccccccccccULL, 0x9999999999999999ULL, 0x7777777777777777ULL,
	0xbbbbbbbbbbbbbbbbULL, 0xddddddddddddddddULL, 0xeeeeeeeeeeeeeeeeULL,
	0x7a6c7258554e494cULL,
};

static void test_patterns_match_linux(struct ktest *t)
{
	ASSERT_EQ(t, ARRAY_SIZE(linux_patterns), MEMTEST_NR_PATTERNS);
	for (unsigned int i = 0; i < MEMTEST_NR_PATTERNS; i++)
		EXPECT_EQ(t, memtest_patterns[i], linux_patterns[i]);
	/* early_memtest() counts down from N - 1, modulo 17: the last pass
	 * always writes pattern 0. */
	EXPECT_EQ(t, memtest_pattern_index(17, 0), 16);
	EXPECT_EQ(t, memtest_pattern_index(17, 16), 0);
	EXPECT_EQ(t, memtest_pattern_index(1, 0), 0);
	EXPECT_EQ(t, memtest_pattern_index(4, 0), 3);
	EXPECT_EQ(t, memtest_pattern_index(20, 0), 2);
	EXPECT_EQ(t, memtest_pattern_index(20, 3), 16);
	EXPECT_EQ(t, memtest_pattern_index(20, 19), 0);
}

#define MEMTEST_LOGIC_CASES KTEST_CASE(test_patterns_match_linux)

#endif
