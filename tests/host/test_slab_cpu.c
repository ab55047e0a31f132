/* Host run of the per-CPU slab cases that need no second CPU
 * (tests/kernel/slab_cpu_test.c), under ASan/UBSan on a fresh simulated
 * machine each (the buddy tests' machine, tests/host/test_buddy.c). */
#include <kernel/ktest.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "host.h"

#define SLAB_CPU_TEST_HOST
#include "../kernel/slab_cpu_test.c"

/* From tests/host/test_buddy.c. */
void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

#define SCT_HOST_PFN(mb) ((unsigned long)(mb) << (20 - PAGE_SHIFT))

static const unsigned long sct_host_ends[3] = {
	SCT_HOST_PFN(16), SCT_HOST_PFN(32), SCT_HOST_PFN(32)
};

static int slab_cpu_host_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	slub_debug_reset();
	if (buddy_machine(SCT_HOST_PFN(32), sct_host_ends, 0))
		return -1;
	kmem_cache_init();
	return 0;
}

static void slab_cpu_host_exit(struct ktest *t)
{
	(void)t;
	kmem_cache_shrink_all();
	buddy_test_restore();
}

static const struct ktest_case slab_cpu_host_cases[] = {
	SLAB_CPU_COMMON_CASES,
	{}
};
KTEST_SUITE_FULL(slab_cpu_host, slab_cpu_host_init, slab_cpu_host_exit, slab_cpu_host_cases);
