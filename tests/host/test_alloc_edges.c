/* Host run of the allocator edge cases (tests/kernel/alloc_edges_test.c)
 * under ASan/UBSan, each case on a fresh simulated 64 MiB machine
 * (tests/host/test_buddy.c) with the slab allocator started. */
#include <stdlib.h>

#include <kernel/ktest.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "host.h"

#define ALLOC_EDGES_HOST
#include "../kernel/alloc_edges_test.c"

static int alloc_edges_host_init(struct ktest *t)
{
	(void)t;
	host_console_echo(getenv("ALLOC_EDGES_ECHO") != NULL);
	if (host_machine_64m())
		return -1;
	kmem_cache_init();
	return 0;
}

static void alloc_edges_host_exit(struct ktest *t)
{
	(void)t;
	kmem_cache_shrink_all();
	buddy_test_restore();
}

static const struct ktest_case alloc_edges_host_cases[] = {
	ALLOC_EDGES_CASES,
	{}
};
KTEST_SUITE_FULL(alloc_edges_host, alloc_edges_host_init, alloc_edges_host_exit,
		 alloc_edges_host_cases);
