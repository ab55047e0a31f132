/* Host run of the pagemap and fragmentation index suites
 * (tests/kernel/pagemap_test.c) on the buddy tests' 64 MiB simulated machine
 * (tests/host/test_buddy.c), plus a host-only comparison of the indices with
 * a model that derives them another way, over many random buddyinfo counts. */
#include <stdlib.h>

#include <kernel/ktest.h>
#include <mm/frag.h>
#include <mm/mm.h>
#include "host.h"

static int pagemap_host_init(struct ktest *t)
{
	(void)t;
	host_console_echo(false);
	return host_machine_64m();
}

static void pagemap_host_exit(struct ktest *t)
{
	(void)t;
	buddy_test_restore();
}

#define PAGEMAP_TEST_HOST
#include "../kernel/pagemap_test.c"

/* The model: expand the counts into pages by block size. Unusable pages
 * are those in blocks smaller than the request; the extfrag index follows
 * Linux's definition 1 - (1 + free/requested) / blocks in thousandths,
 * each division truncated as Linux's integer code does. */
static int model_unusable(const unsigned long nr[MAX_ORDER], unsigned int order)
{
	unsigned long long free = 0, small = 0;
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		free += (unsigned long long)nr[o] * (1ULL << o);
		if (o < order)
			small += (unsigned long long)nr[o] * (1ULL << o);
	}
	return free ? (int)(small * 1000 / free) : 1000;
}

static int model_extfrag(const unsigned long nr[MAX_ORDER], unsigned int order)
{
	unsigned long long free = 0, blocks = 0, big = 0;
	unsigned int o;

	for (o = 0; o < MAX_ORDER; o++) {
		free += (unsigned long long)nr[o] * (1ULL << o);
		blocks += nr[o];
		if (o >= order)
			big += nr[o];
	}
	if (!blocks)
		return 0;
	if (big)
		return -1000;
	return 1000 - (int)((1000 + free * 1000 / (1ULL << order)) / blocks);
}

static void test_frag_matches_model(struct ktest *t)
{
	unsigned int seed = 12345, round, o, order;

	for (round = 0; round < 2000; round++) {
		unsigned long nr[MAX_ORDER];
		struct contig_page_info info;

		for (o = 0; o < MAX_ORDER; o++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly empty high orders, as on a fragmented zone. */
			nr[o] = ((seed >> 16) % 4 == 0) ? (seed >> 8) % 3000 : 0;
		}
		for (order = 0; order < MAX_ORDER; order++) {
			contig_page_info_fill(nr, order, &info);
			EXPECT_EQ(t, unusable_free_index(order, &info), model_unusable(nr, order));
			EXPECT_EQ(t, fragmentation_index(order, &info), model_extfrag(nr, order));
		}
	}
}

static const struct ktest_case frag_host_cases[] = {
	KTEST_CASE(test_frag_matches_model),
	{}
};
KTEST_SUITE(frag_host, frag_host_cases);
