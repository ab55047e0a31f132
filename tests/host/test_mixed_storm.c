/* Host run of the mixed storm (tests/kernel/mixed_storm_test.c) under
 * ASan/UBSan on a fresh simulated 64 MiB machine (tests/host/test_buddy.c)
 * with the slab allocator started. */
#include <stdlib.h>

#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "host.h"

#define MIXED_STORM_HOST
#include "../kernel/mixed_storm_test.c"

static int mixed_storm_host_init(struct ktest *t)
{
	(void)t;
	host_console_echo(getenv("MIXED_STORM_ECHO") != NULL);
	if (host_machine_64m())
		return -1;
	kmem_cache_init();
	return 0;
}

static void mixed_storm_host_exit(struct ktest *t)
{
	(void)t;
	kmem_cache_shrink_all();
	/* kunmap()ed pages stay mapped until a flush: the next suite's
	 * machine must not find them. */
	kmap_reset();
	buddy_test_restore();
}

static const struct ktest_case mixed_storm_host_cases[] = {
	MIXED_STORM_CASES,
	{}
};
KTEST_SUITE_FULL(mixed_storm_host, mixed_storm_host_init, mixed_storm_host_exit,
		 mixed_storm_host_cases);
