/* The host machine of the highmem suites (tests/host/test_highmem.c,
 * test_kmap_pool.c): a bare mem_map of HT_PFNS pages, the upper half
 * highmem, over the stub page table; no zones are touched, so the
 * free_pages state hook is not disturbed. Mappings are read and written
 * through host_ptr(). */
#ifndef TESTS_HOST_HIGHMEM_HOST_H
#define TESTS_HOST_HIGHMEM_HOST_H

#include <stdlib.h>

#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include "host.h"

#define HT_PFNS          (3 * LAST_PKMAP)
#define HT_LOWMEM_PFNS   (LAST_PKMAP / 2)
#define HT_HIGH_PFNS     (HT_PFNS - HT_LOWMEM_PFNS)
#define HT_PATTERN       0x9e3779b9U

static struct page *saved_map;
static unsigned long saved_pfns;
static struct page *ht_map;

static int highmem_init(struct ktest *t)
{
	unsigned long pfn;

	(void)t;
	saved_map = mem_map;
	saved_pfns = mem_map_pfns;
	if (host_phys_init(PFN_PHYS(HT_PFNS)))
		return -1;
	ht_map = calloc(HT_PFNS, sizeof(*ht_map));
	if (!ht_map)
		return -1;
	mem_map = ht_map;
	mem_map_pfns = HT_PFNS;
	for (pfn = HT_LOWMEM_PFNS; pfn < HT_PFNS; pfn++)
		SetPageHighMem(&ht_map[pfn]);
	preempt_count_set(0);
	host_irq_set_state(1);
	kmap_reset();
	host_phys_init(PFN_PHYS(HT_PFNS));      /* zero the counters */
	host_console_clear();
	return 0;
}

static void highmem_exit(struct ktest *t)
{
	(void)t;
	kmap_reset();
	preempt_count_set(0);
	mem_map = saved_map;
	mem_map_pfns = saved_pfns;
	free(ht_map);
	ht_map = NULL;
}

static struct page *high(unsigned long i)
{
	return pfn_to_page(HT_LOWMEM_PFNS + i);
}

static u32 *host_ptr(const void *kaddr)
{
	return host_kernel_vaddr_ptr((unsigned long)kaddr);
}

#endif
