/* Host tests for the buddy allocator over a simulated physical memory:
 * zone set-up, split and merge, seeded random storms checked against a
 * reference model, fallback, compound pages, zeroing, bad_page cases,
 * poisoning and the reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ktest.h>
#include <kernel/param.h>
#include <mm/boot.h>
#include <mm/mm.h>
#include "host.h"
#include "../kernel/bad_page_cases.h"
#include "../kernel/test_pages.h"
#include "../kernel/mm_invariants.h"

/* The default machine: 64 MiB, DMA [0, 16M), Normal [16M, 48M), HighMem
 * [48M, 64M); RAM [4K, 636K) and [1M, 64M); [1M, 4M) stays reserved (the
 * "kernel"). */
#define M_PFN(mb)        ((unsigned long)(mb) << (20 - PAGE_SHIFT))
#define DEF_MAX_PFN      M_PFN(64)
#define LOW_RAM_START    1UL
#define LOW_RAM_END      0x9fUL
#define KERNEL_END_PFN   M_PFN(4)

/* Global mm state saved around each case, so the run's free page count
 * (the free_pages state hook) is what it was before the suite. */
struct mm_saved {
	struct pglist_data pgdat;
	struct page *map;
	unsigned long pfns, lowmem_end;
	bool grouping_off, poison;
	int min_free, movable_zone;
};

static struct mm_saved saved;
static struct page *test_map;

void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);

void buddy_test_save(void)
{
	saved.pgdat = contig_page_data;
	saved.map = mem_map;
	saved.pfns = mem_map_pfns;
	saved.lowmem_end = lowmem_end_pfn;
	saved.movable_zone = movable_zone;
	saved.grouping_off = page_group_by_mobility_disabled;
	saved.poison = page_poison_enabled;
	saved.min_free = min_free_kbytes;
}

void buddy_test_restore(void)
{
	bad_pages_release();
	contig_page_data = saved.pgdat;
	mem_map = saved.map;
	mem_map_pfns = saved.pfns;
	lowmem_end_pfn = saved.lowmem_end;
	movable_zone = saved.movable_zone;
	page_group_by_mobility_disabled = saved.grouping_off;
	page_poison_enabled = saved.poison;
	min_free_kbytes = saved.min_free;
	free(test_map);
	test_map = NULL;
	warn_alloc_ratelimit_reset();
	host_console_echo(true);
}

/* A machine with RAM [LOW_RAM_START, LOW_RAM_END) and [1M, max_pfn), free
 * except below KERNEL_END_PFN. Returns 0 or -1. */
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start)
{
	const struct zone_limits zl = { LOW_RAM_START, ends[0], ends[1], max_pfn };

	if (host_phys_init(PFN_PHYS(max_pfn)))
		return -1;
	free(test_map);
	test_map = calloc(max_pfn, sizeof(struct page));
	if (!test_map)
		return -1;
	free_area_init(test_map, &zl, movable_start);
	memmap_mark_present(LOW_RAM_START, LOW_RAM_END);
	memmap_mark_present(M_PFN(1), max_pfn);
	free_range_to_buddy(LOW_RAM_START, LOW_RAM_END);
	free_range_to_buddy(KERNEL_END_PFN, max_pfn);
	setup_per_zone_wmarks();
	return 0;
}

static const unsigned long def_ends[3] = { M_PFN(16), M_PFN(48), M_PFN(64) };

int host_machine_64m(void)
{
	buddy_test_save();
	return buddy_machine(M_PFN(64), def_ends, 0);
}
static const struct zone_limits def_limits = { LOW_RAM_START, M_PFN(16), M_PFN(48), M_PFN(64) };

static int buddy_init(struct ktest *t)
{
	(void)t;
	buddy_test_save();
	host_console_echo(getenv("BUDDY_ECHO") != NULL);
	return buddy_machine(DEF_MAX_PFN, def_ends, 0);
}

static void buddy_exit(struct ktest *t)
{
	(void)t;
	buddy_test_restore();
}

static struct zone *Z(int idx)
{
	return &contig_page_data.node_zones[idx];
}

static u32 rng_state;
static u32 rng(void)
{
	return xorshift32(&rng_state);
}

static void test_zone_setup(struct ktest *t)
{
	unsigned long low_ram = LOW_RAM_END - LOW_RAM_START;

	EXPECT_EQ(t, Z(ZONE_DMA)->zone_start_pfn, 1);
	EXPECT_EQ(t, Z(ZONE_DMA)->spanned_pages, M_PFN(16) - 1);
	EXPECT_EQ(t, Z(ZONE_DMA)->present_pages, low_ram + M_PFN(15));
	EXPECT_EQ(t, Z(ZONE_DMA)->managed_pages, low_ram + M_PFN(12));
	EXPECT_EQ(t, Z(ZONE_NORMAL)->zone_start_pfn, M_PFN(16));
	EXPECT_EQ(t, Z(ZONE_NORMAL)->managed_pages, M_PFN(32));
	EXPECT_EQ(t, Z(ZONE_HIGHMEM)->managed_pages, M_PFN(16));
	EXPECT_EQ(t, Z(ZONE_MOVABLE)->spanned_pages, 0);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_EQ(t, totalhigh_pages(), M_PFN(16));
	EXPECT_EQ(t, total_present_pages(), low_ram + M_PFN(63));
	EXPECT_TRUE(t, free_lists_check());
	EXPECT_TRUE(t, PageReserved(pfn_to_page(0)));
	EXPECT_TRUE(t, PageReserved(pfn_to_page(LOW_RAM_END)));
	EXPECT_TRUE(t, PageHighMem(pfn_to_page(M_PFN(48))));
	EXPECT_FALSE(t, PageHighMem(pfn_to_page(M_PFN(48) - 1)));
	/* [4M, 16M) and [16M, 48M) are whole order-10 blocks. */
	EXPECT_EQ(t, Z(ZONE_NORMAL)->free_area[MAX_ORDER - 1].nr_free, 8);
	EXPECT_EQ(t, Z(ZONE_DMA)->free_area[MAX_ORDER - 1].nr_free, 3);
}

/* Zone boundaries that are not block-aligned split blocks. */
static void test_unaligned_zone_boundaries(struct ktest *t)
{
	const unsigned long ends[3] = { M_PFN(16) + 3, M_PFN(40) + 5, M_PFN(64) };

	ASSERT_EQ(t, buddy_machine(DEF_MAX_PFN, ends, 0), 0);
	EXPECT_TRUE(t, free_lists_check());
	EXPECT_EQ(t, Z(ZONE_DMA)->managed_pages, (LOW_RAM_END - LOW_RAM_START) + M_PFN(12) + 3);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_EQ(t, page_zonenum(pfn_to_page(M_PFN(16) + 2)), ZONE_DMA);
	EXPECT_EQ(t, page_zonenum(pfn_to_page(M_PFN(16) + 3)), ZONE_NORMAL);
}

static void test_split_and_merge(struct ktest *t)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	struct page *p;
	unsigned int o;

	buddyinfo_snapshot(before);
	p = alloc_pages(GFP_KERNEL, 0);
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, page_zonenum(p), ZONE_NORMAL);
	EXPECT_EQ(t, page_count(p), 1);
	buddyinfo_snapshot(after);
	for (o = 0; o < MAX_ORDER - 1; o++)
		EXPECT_EQ(t, after[ZONE_NORMAL][o], before[ZONE_NORMAL][o] + 1);
	EXPECT_EQ(t, after[ZONE_NORMAL][MAX_ORDER - 1], before[ZONE_NORMAL][MAX_ORDER - 1] - 1);
	EXPECT_TRUE(t, free_lists_check());
	__free_pages(p, 0);
	buddyinfo_snapshot(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
	EXPECT_TRUE(t, free_lists_check());
}

#define STORM_SLOTS 256
#define STORM_OPS   20000

static const gfp_t storm_masks[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE, GFP_DMA | GFP_KERNEL,
	GFP_KERNEL | __GFP_RECLAIMABLE, GFP_NOWAIT, GFP_USER | __GFP_COMP,
};

/* Random allocations and frees; a bitmap of allocated pfns (the reference
 * model) catches overlaps, zones are checked against gfp_zone(), and at the
 * end buddyinfo equals the start. */
static void test_random_storm(struct ktest *t)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	struct { struct page *p; unsigned int order; } slot[STORM_SLOTS];
	unsigned char *used = calloc(mem_map_pfns, 1);
	unsigned long free0 = nr_free_pages(), allocated = 0, bad0 = bad_page_count();
	int i, failures = 0;

	ASSERT_NOT_NULL(t, used);
	memset(slot, 0, sizeof(slot));
	rng_state = 0x12345678;
	buddyinfo_snapshot(before);
	for (i = 0; i < STORM_OPS && !failures; i++) {
		unsigned int s = rng() % STORM_SLOTS;
		unsigned long pfn, k;

		if (slot[s].p) {
			pfn = page_to_pfn(slot[s].p);
			for (k = 0; k < (1UL << slot[s].order); k++)
				used[pfn + k] = 0;
			__free_pages(slot[s].p, slot[s].order);
			allocated -= 1UL << slot[s].order;
			slot[s].p = NULL;
		} else {
			gfp_t gfp = storm_masks[rng() % ARRAY_SIZE(storm_masks)] | __GFP_NOWARN;
			unsigned int order = rng() % 7;
			struct page *p = alloc_pages(gfp, order);

			if (!p)
				continue;
			pfn = page_to_pfn(p);
			if (!IS_ALIGNED(pfn, 1UL << order) || page_zonenum(p) > gfp_zone(gfp))
				failures++;
			for (k = 0; k < (1UL << order); k++) {
				if (used[pfn + k] || PageReserved(p + k))
					failures++;
				used[pfn + k] = 1;
			}
			slot[s].p = p;
			slot[s].order = order;
			allocated += 1UL << order;
		}
		if (nr_free_pages() + allocated != free0)
			failures++;
		if (!mm_invariants_check("random_storm", (unsigned long)i, MM_INV_ANY_KMAPS))
			failures++;
	}
	EXPECT_EQ(t, failures, 0);
	for (i = 0; i < STORM_SLOTS; i++)
		if (slot[i].p)
			__free_pages(slot[i].p, slot[i].order);
	free(used);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_TRUE(t, free_lists_check());
	buddyinfo_snapshot(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
	EXPECT_EQ(t, bad_page_count(), bad0);
}

/* Exhaust with high orders first, chaining blocks through page->lru. */
static unsigned long exhaust(gfp_t gfp, struct list_head *list)
{
	unsigned long pages = 0;
	int order;

	for (order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages(gfp | __GFP_NOWARN, (unsigned int)order))) {
			list_add(&p->lru, list);
			pages += 1UL << order;
		}
	}
	return pages;
}

static void release(struct list_head *list)
{
	while (!list_empty(list)) {
		struct page *p = list_first_entry(list, struct page, lru);

		list_del(&p->lru);
		__free_pages(p, (unsigned int)p->private);
	}
}

static void test_exhaustion_and_fallback(struct ktest *t)
{
	unsigned long free0 = nr_free_pages(), got;
	LIST_HEAD(blocks);
	struct page *p;

	got = exhaust(GFP_HIGHUSER, &blocks);
	EXPECT_GT(t, got, 0);
	/* HighMem, then Normal, then DMA, each down to its reserve. */
	EXPECT_LE(t, Z(ZONE_HIGHMEM)->free_pages, min_wmark_pages(Z(ZONE_HIGHMEM)));
	EXPECT_LE(t, Z(ZONE_NORMAL)->free_pages,
		  min_wmark_pages(Z(ZONE_NORMAL)) + Z(ZONE_NORMAL)->lowmem_reserve[ZONE_HIGHMEM]);
	EXPECT_LE(t, Z(ZONE_DMA)->free_pages,
		  min_wmark_pages(Z(ZONE_DMA)) + Z(ZONE_DMA)->lowmem_reserve[ZONE_HIGHMEM]);
	p = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	EXPECT_NULL(t, p);
	release(&blocks);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_TRUE(t, free_lists_check());

	/* GFP_DMA never leaves DMA; GFP_KERNEL never reaches HighMem. */
	exhaust(GFP_DMA, &blocks);
	list_for_each_entry(p, &blocks, lru)
		if (page_zonenum(p) != ZONE_DMA)
			break;
	EXPECT_TRUE(t, &p->lru == &blocks);
	release(&blocks);
	exhaust(GFP_KERNEL, &blocks);
	list_for_each_entry(p, &blocks, lru)
		if (page_zonenum(p) == ZONE_HIGHMEM)
			break;
	EXPECT_TRUE(t, &p->lru == &blocks);
	EXPECT_EQ(t, Z(ZONE_HIGHMEM)->free_pages, Z(ZONE_HIGHMEM)->managed_pages);
	release(&blocks);
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_compound(struct ktest *t)
{
	unsigned long free0 = nr_free_pages();
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	int i;

	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, PageHead(p));
	EXPECT_EQ(t, compound_order(p), 3);
	for (i = 1; i < 8; i++) {
		EXPECT_TRUE(t, PageTail(p + i));
		EXPECT_TRUE(t, compound_head(p + i) == p);
	}
	put_page(p + 5);        /* through a tail: frees the whole compound */
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_FALSE(t, PageTail(p + 1));
	EXPECT_TRUE(t, free_lists_check());
}

static void test_zeroing(struct ktest *t)
{
	unsigned long addr = __get_free_pages(GFP_KERNEL, 1);
	unsigned char *b;
	int i, nonzero = 0;

	ASSERT_NE(t, addr, 0);
	memset((void *)addr, 0x5a, 2 * PAGE_SIZE);
	free_pages(addr, 1);
	addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	ASSERT_NE(t, addr, 0);
	b = (unsigned char *)addr;
	for (i = 0; i < (int)(2 * PAGE_SIZE); i++)
		nonzero += b[i] != 0;
	EXPECT_EQ(t, nonzero, 0);
	free_pages(addr, 1);
	addr = get_zeroed_page(GFP_KERNEL);
	EXPECT_NE(t, addr, 0);
	free_page(addr);
}

static void test_get_free_pages_refuses_highmem(struct ktest *t)
{
	unsigned long free0 = nr_free_pages();
	struct page *p;

	host_console_clear();
	EXPECT_EQ(t, __get_free_pages(GFP_HIGHUSER, 0), 0);
	EXPECT_TRUE(t, host_console_contains("__GFP_HIGHMEM refused"));
	EXPECT_EQ(t, nr_free_pages(), free0);
	p = alloc_page(GFP_HIGHUSER);
	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, PageHighMem(p));
	EXPECT_NULL(t, page_address(p));
	__free_page(p);
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_accounting(struct ktest *t)
{
	unsigned long acc0 = nr_accounted_pages();
	struct page *p = alloc_pages(GFP_KERNEL_ACCOUNT, 2);

	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, nr_accounted_pages(), acc0 + 4);
	host_console_clear();
	show_meminfo();
	EXPECT_TRUE(t, host_console_contains("Accounted:            16 kB\n"));
	__free_pages(p, 2);
	EXPECT_EQ(t, nr_accounted_pages(), acc0);
}

static void test_pageblock_stealing(struct ktest *t)
{
	struct page *u, *m;

	EXPECT_EQ(t, get_pageblock_migratetype(pfn_to_page(M_PFN(20))), MIGRATE_MOVABLE);
	u = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, u);
	EXPECT_EQ(t, get_pageblock_migratetype(u), MIGRATE_UNMOVABLE);
	m = alloc_page(GFP_HIGHUSER_MOVABLE & ~__GFP_HIGHMEM);
	ASSERT_NOT_NULL(t, m);
	EXPECT_EQ(t, get_pageblock_migratetype(m), MIGRATE_MOVABLE);
	EXPECT_NE(t, page_to_pfn(u) >> pageblock_order, page_to_pfn(m) >> pageblock_order);
	/* A second unmovable page comes from the stolen block. */
	__free_page(m);
	m = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, m);
	EXPECT_EQ(t, page_to_pfn(u) >> pageblock_order, page_to_pfn(m) >> pageblock_order);
	__free_page(m);
	__free_page(u);
	EXPECT_TRUE(t, free_lists_check());
}

/* The shared cases (tests/kernel/bad_page_cases.h), then the report the
 * reserved page produced, in Linux's bad_page() format. */
static void test_bad_page_cases(struct ktest *t)
{
	char line[80];
	unsigned long pfn;

	host_console_clear();
	pfn = bad_page_cases(t);
	ASSERT_NE(t, pfn, BAD_PAGE_NO_PFN);
	snprintf(line, sizeof(line), "BUG: Bad page state in process mm386  pfn:%05lx\n", pfn);
	EXPECT_TRUE(t, host_console_contains(line));
	EXPECT_TRUE(t, host_console_contains("page dumped because: freeing a reserved page\n"));
}

static void test_poison(struct ktest *t)
{
	const unsigned long ends[3] = { M_PFN(16), M_PFN(32), M_PFN(32) };
	unsigned char *b;
	struct page *p;

	page_poison_enabled = true;
	ASSERT_EQ(t, buddy_machine(M_PFN(32), ends, 0), 0);
	p = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	b = page_address(p);
	EXPECT_EQ(t, b[0], 0xaa);
	EXPECT_FALSE(t, host_console_contains("pagealloc:"));
	__free_page(p);
	EXPECT_TRUE(t, PagePoisoned(p));
	b[0x123] = 0x12;
	host_console_clear();
	kernel_check_poison(p, 0);
	EXPECT_TRUE(t, host_console_contains("pagealloc: memory corruption\n"));
	EXPECT_TRUE(t, host_console_contains("first bad byte at offset 0x123: 0x12"));
	b[0x123] = PAGE_POISON;
	SetPagePoisoned(p);
	b[7] = PAGE_POISON ^ 0x10;
	host_console_clear();
	kernel_check_poison(p, 0);
	EXPECT_TRUE(t, host_console_contains("pagealloc: single bit error\n"));
	b[7] = PAGE_POISON;
	SetPagePoisoned(p);
	EXPECT_TRUE(t, free_lists_check());
}

static void test_order_too_large(struct ktest *t)
{
	unsigned long free0 = nr_free_pages();

	EXPECT_NULL(t, alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER));
	EXPECT_NULL(t, alloc_pages(GFP_KERNEL, MAX_ORDER + 5));
	EXPECT_EQ(t, nr_free_pages(), free0);
}

static void test_failure_report_format(struct ktest *t)
{
	LIST_HEAD(blocks);

	exhaust(GFP_DMA, &blocks);
	host_console_clear();
	EXPECT_NULL(t, alloc_page(GFP_DMA | __GFP_ZERO));
	EXPECT_TRUE(t, host_console_contains(
		"mm386: page allocation failure: order:0, mode:0x8001(GFP_DMA|__GFP_ZERO), nodemask=(null)\n"));
	EXPECT_TRUE(t, host_console_contains("Mem-Info:\n"));
	EXPECT_TRUE(t, host_console_contains("Node 0 DMA free:"));
	EXPECT_TRUE(t, host_console_contains("lowmem_reserve[]: 0 "));
	EXPECT_TRUE(t, host_console_contains("Node 0 Normal: 0*4kB 0*8kB"));
	host_console_clear();
	EXPECT_NULL(t, alloc_page(GFP_DMA | __GFP_NOWARN));
	EXPECT_STREQ(t, host_console_text(), "");
	/* NOFAIL that cannot be met: a BUG report even with NOWARN, then NULL */
	exhaust(GFP_DMA | __GFP_MEMALLOC, &blocks);
	EXPECT_EQ(t, Z(ZONE_DMA)->free_pages, 0);
	EXPECT_NULL(t, alloc_pages(GFP_DMA | __GFP_NOFAIL | __GFP_NOWARN | __GFP_NOMEMALLOC, 1));
	EXPECT_TRUE(t, host_console_contains("BUG: __GFP_NOFAIL allocation of order 1"));
	release(&blocks);
}

static void test_failure_ratelimit(struct ktest *t)
{
	LIST_HEAD(blocks);
	int i;

	exhaust(GFP_DMA, &blocks);
	warn_alloc_ratelimit_reset();
	host_console_clear();
	for (i = 0; i < WARN_ALLOC_BURST + 5; i++)
		EXPECT_NULL(t, alloc_page(GFP_DMA));
	warn_alloc_ratelimit_reset();
	EXPECT_TRUE(t, host_console_contains("warn_alloc: 5 callbacks suppressed\n"));
	release(&blocks);
}

static void test_reports(struct ktest *t)
{
	char line[160];

	host_console_clear();
	show_buddyinfo();
	snprintf(line, sizeof(line), "Node 0, zone   Normal %6u %6u ", 0, 0);
	EXPECT_TRUE(t, host_console_contains(line));
	EXPECT_TRUE(t, host_console_contains("Node 0, zone  HighMem "));
	EXPECT_FALSE(t, host_console_contains("Movable"));
	host_console_clear();
	show_zoneinfo();
	EXPECT_TRUE(t, host_console_contains("Node 0, zone   Normal\n  pages free     8192\n"));
	snprintf(line, sizeof(line), "        managed  %lu\n", M_PFN(32));
	EXPECT_TRUE(t, host_console_contains(line));
	EXPECT_TRUE(t, host_console_contains("Node 0, zone  Movable\n"));
	host_console_clear();
	show_pagetypeinfo();
	EXPECT_TRUE(t, host_console_contains("Page block order: 10\nPages per block:  1024\n"));
	EXPECT_TRUE(t, host_console_contains("Node    0, zone   Normal, type      Movable      0 "));
	EXPECT_TRUE(t, host_console_contains("Node 0, zone   Normal            0            8 "));
	host_console_clear();
	show_meminfo();
	snprintf(line, sizeof(line), "MemTotal:       %8lu kB\n", totalram_pages() * 4);
	EXPECT_TRUE(t, host_console_contains(line));
	EXPECT_TRUE(t, host_console_contains("HighTotal:         16384 kB\n"));
	host_console_clear();
	mm_print_page_size();
	EXPECT_TRUE(t, host_console_contains("mem_map: struct page is "));
}

static void test_movable_zone(struct ktest *t)
{
	unsigned long start;
	struct page *p;

	ASSERT_EQ(t, parse_param_string("movablecore=8M", true), 0);
	start = find_movable_start_pfn(&def_limits, total_present_pages());
	movable_params_reset();
	EXPECT_EQ(t, start, M_PFN(56));
	ASSERT_EQ(t, buddy_machine(DEF_MAX_PFN, def_ends, start), 0);
	EXPECT_EQ(t, Z(ZONE_MOVABLE)->managed_pages, M_PFN(8));
	EXPECT_EQ(t, Z(ZONE_HIGHMEM)->managed_pages, M_PFN(8));
	EXPECT_EQ(t, totalhigh_pages(), M_PFN(16));
	p = alloc_page(GFP_HIGHUSER_MOVABLE);
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, page_zonenum(p), ZONE_MOVABLE);
	EXPECT_TRUE(t, PageHighMem(p));
	__free_page(p);
	p = alloc_page(GFP_HIGHUSER);
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, page_zonenum(p), ZONE_HIGHMEM);
	__free_page(p);
	EXPECT_TRUE(t, free_lists_check());

	ASSERT_EQ(t, parse_param_string("kernelcore=60M", true), 0);
	EXPECT_EQ(t, find_movable_start_pfn(&def_limits, M_PFN(64)), M_PFN(60));
	movable_params_reset();
	ASSERT_EQ(t, parse_param_string("kernelcore=50%", true), 0);
	/* half of 64M is 32M: never below the top zone's start (48M) */
	EXPECT_EQ(t, find_movable_start_pfn(&def_limits, M_PFN(64)), M_PFN(48));
	movable_params_reset();
	EXPECT_EQ(t, find_movable_start_pfn(&def_limits, M_PFN(64)), 0);
}

static void test_free_lists_check_detects(struct ktest *t)
{
	struct zone *z = Z(ZONE_NORMAL);

	z->free_area[3].nr_free++;
	EXPECT_FALSE(t, free_lists_check());
	z->free_area[3].nr_free--;
	z->free_pages++;
	EXPECT_FALSE(t, free_lists_check());
	z->free_pages--;
	EXPECT_TRUE(t, free_lists_check());
}

/* ---- per-CPU lists ---------------------------------------------------- */

static void raw_buddyinfo(unsigned long out[MAX_NR_ZONES][MAX_ORDER])
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			out[z][o] = Z(z)->free_area[o].nr_free;
}

static void expect_pcp_size(struct ktest *t, int zi, int high, int batch)
{
	zone_pcp_update(Z(zi));
	EXPECT_EQ(t, Z(zi)->pcp[smp_processor_id()].high, high);
	EXPECT_EQ(t, Z(zi)->pcp[smp_processor_id()].batch, batch);
}

/* Linux 4.19's zone_batchsize(): zones under 32 MiB get high 0, batch 1;
 * 32 MiB 6/1; 96 MiB 42/7; 128 MiB 42/7; 880 MiB (over 512 MiB, capped)
 * 186/31. */
static void test_pcp_sizing(struct ktest *t)
{
	const unsigned long ends_128m[3] = { M_PFN(16), M_PFN(112), M_PFN(128) };
	const unsigned long ends_1g[3] = { M_PFN(16), M_PFN(896), M_PFN(1024) };

	expect_pcp_size(t, ZONE_DMA, 0, 1);
	expect_pcp_size(t, ZONE_NORMAL, 6, 1);
	expect_pcp_size(t, ZONE_HIGHMEM, 0, 1);
	ASSERT_EQ(t, buddy_machine(M_PFN(128), ends_128m, 0), 0);
	expect_pcp_size(t, ZONE_NORMAL, 42, 7);
	ASSERT_EQ(t, buddy_machine(M_PFN(1024), ends_1g, 0), 0);
	expect_pcp_size(t, ZONE_NORMAL, 186, 31);
	expect_pcp_size(t, ZONE_HIGHMEM, 42, 7);
}

static void test_pcp_zoneinfo(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL);

	ASSERT_NOT_NULL(t, p);
	__free_page(p);
	host_console_clear();
	show_zoneinfo();
	EXPECT_TRUE(t, host_console_contains(
		"      nr_free_pages 8191\n"
		"  pagesets\n"
		"    cpu: 0\n"
		"              count: 1\n"
		"              high:  6\n"
		"              batch: 1\n"
		"  start_pfn:           4096\n"));
	host_console_clear();
	show_free_areas();
	EXPECT_TRUE(t, host_console_contains("free_pcp:1 free_cma:0\n"));
	/* buddyinfo drains first: the page is back in its order-10 block. */
	host_console_clear();
	show_buddyinfo();
	EXPECT_EQ(t, Z(ZONE_NORMAL)->pcp[smp_processor_id()].count, 0);
	EXPECT_EQ(t, Z(ZONE_NORMAL)->free_area[MAX_ORDER - 1].nr_free, 8);
}

/* A 128 MiB machine: Normal [16M, 112M), high 42, batch 7. */
static int pcp_machine(void)
{
	const unsigned long ends[3] = { M_PFN(16), M_PFN(112), M_PFN(128) };

	if (buddy_machine(M_PFN(128), ends, 0))
		return -1;
	zone_pcp_update(Z(ZONE_NORMAL));
	return 0;
}

static void test_pcp_refill_in_batches(struct ktest *t)
{
	struct zone *z = Z(ZONE_NORMAL);
	struct page *p[7], *extra;
	unsigned long buddy0;
	int i;

	ASSERT_EQ(t, pcp_machine(), 0);
	buddy0 = z->free_pages;
	for (i = 0; i < 7; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
		/* One split of the buddy, handed out in ascending order. */
		EXPECT_EQ(t, page_to_pfn(p[i]), page_to_pfn(p[0]) + (unsigned long)i);
		EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 6 - i);
		EXPECT_EQ(t, z->free_pages, buddy0 - 7);
	}
	extra = alloc_page(GFP_KERNEL);                 /* the next batch */
	EXPECT_NOT_NULL(t, extra);
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 6);
	EXPECT_EQ(t, z->free_pages, buddy0 - 14);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages() - 8);
	EXPECT_TRUE(t, free_lists_check());
	__free_page(extra);
	for (i = 0; i < 7; i++)
		__free_page(p[i]);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
}

static void test_pcp_spill_at_high(struct ktest *t)
{
	struct zone *z = Z(ZONE_NORMAL);
	struct page *p[42];
	unsigned long buddy0;
	int i;

	ASSERT_EQ(t, pcp_machine(), 0);
	for (i = 0; i < 42; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
	}
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 0);                 /* six whole batches */
	buddy0 = z->free_pages;
	for (i = 0; i < 41; i++)
		__free_page(p[i]);
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 41);
	EXPECT_EQ(t, z->free_pages, buddy0);
	__free_page(p[41]);
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 35);
	EXPECT_EQ(t, z->free_pages, buddy0 + 7);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_TRUE(t, free_lists_check());
}

static void test_pcp_drain_all_pages(struct ktest *t)
{
	unsigned long before[MAX_NR_ZONES][MAX_ORDER], after[MAX_NR_ZONES][MAX_ORDER];
	static const gfp_t masks[] = {
		GFP_KERNEL, GFP_KERNEL | __GFP_RECLAIMABLE, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER,
	};
	struct page *p[120];
	int i;

	ASSERT_EQ(t, pcp_machine(), 0);
	raw_buddyinfo(before);
	for (i = 0; i < 120; i++) {
		p[i] = alloc_page(masks[i % 4]);
		ASSERT_NOT_NULL(t, p[i]);
	}
	for (i = 0; i < 120; i++)
		__free_page(p[i]);
	EXPECT_GT(t, nr_pcp_pages(), 0);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_EQ(t, zone_nr_free(Z(ZONE_NORMAL)),
		  Z(ZONE_NORMAL)->free_pages + (unsigned long)Z(ZONE_NORMAL)->pcp[smp_processor_id()].count);
	drain_all_pages();
	EXPECT_EQ(t, nr_pcp_pages(), 0);
	raw_buddyinfo(after);
	EXPECT_EQ(t, memcmp(before, after, sizeof(before)), 0);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_TRUE(t, free_lists_check());
}

/* Unmovable pages waiting on a per-CPU list are found by movable requests
 * once the buddy lists are empty; the watermark check (buddy pages only)
 * passes again after the drain. */
static void test_pcp_pages_found_when_buddy_empty(struct ktest *t)
{
	struct zone *z = Z(ZONE_NORMAL);
	struct page *p[20];
	unsigned long free0, got;
	LIST_HEAD(blocks);
	int i;

	ASSERT_EQ(t, pcp_machine(), 0);
	for (i = 0; i < 20; i++) {
		p[i] = alloc_page(GFP_KERNEL);
		ASSERT_NOT_NULL(t, p[i]);
	}
	drain_all_pages();
	for (i = 0; i < 20; i++)
		__free_page(p[i]);
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 20);
	free0 = nr_free_pages();
	got = exhaust(GFP_HIGHUSER_MOVABLE | __GFP_MEMALLOC, &blocks);
	EXPECT_EQ(t, got, free0);
	EXPECT_EQ(t, nr_pcp_pages(), 0);
	EXPECT_EQ(t, nr_free_pages(), 0);
	release(&blocks);
	EXPECT_EQ(t, nr_free_pages(), free0);
	EXPECT_TRUE(t, free_lists_check());
}

/* GFP_KERNEL stops at Normal's min watermark counted on the buddy lists
 * alone, with the lists drained (the last attempt's drain). */
static void test_pcp_watermark_counts_buddy_only(struct ktest *t)
{
	struct zone *z = Z(ZONE_NORMAL);
	LIST_HEAD(blocks);

	ASSERT_EQ(t, pcp_machine(), 0);
	exhaust(GFP_KERNEL, &blocks);
	EXPECT_EQ(t, z->pcp[smp_processor_id()].count, 0);
	EXPECT_EQ(t, z->free_pages, min_wmark_pages(z));
	release(&blocks);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
}

/* Poisoning and the allocation checks apply to per-CPU pages too. */
static void test_pcp_checks(struct ktest *t)
{
	unsigned long bad0 = bad_page_count();
	struct page *p, *q, *r;

	ASSERT_EQ(t, pcp_machine(), 0);
	p = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, p);
	q = alloc_page(GFP_KERNEL);                    /* p + 1, from the list */
	ASSERT_NOT_NULL(t, q);
	__free_page(q);
	q->_refcount = 1;                              /* corrupted while free */
	host_console_clear();
	r = alloc_page(GFP_KERNEL);
	ASSERT_NOT_NULL(t, r);
	EXPECT_TRUE(t, r != q);
	EXPECT_EQ(t, bad_page_count(), bad0 + 1);
	EXPECT_STREQ(t, bad_page_last_reason(), "nonzero _refcount");
	EXPECT_EQ(t, bad_pages_quarantined(), 1);
	__free_page(r);
	__free_page(p);
	EXPECT_EQ(t, bad_pages_release(), 1);
	EXPECT_EQ(t, nr_free_pages(), totalram_pages());
	EXPECT_TRUE(t, free_lists_check());
}

static const struct ktest_case buddy_cases[] = {
	KTEST_CASE(test_zone_setup),
	KTEST_CASE(test_unaligned_zone_boundaries),
	KTEST_CASE(test_split_and_merge),
	KTEST_CASE(test_random_storm),
	KTEST_CASE(test_exhaustion_and_fallback),
	KTEST_CASE(test_compound),
	KTEST_CASE(test_zeroing),
	KTEST_CASE(test_get_free_pages_refuses_highmem),
	KTEST_CASE(test_accounting),
	KTEST_CASE(test_pageblock_stealing),
	KTEST_CASE(test_bad_page_cases),
	KTEST_CASE(test_poison),
	KTEST_CASE(test_order_too_large),
	KTEST_CASE(test_failure_report_format),
	KTEST_CASE(test_failure_ratelimit),
	KTEST_CASE(test_reports),
	KTEST_CASE(test_movable_zone),
	KTEST_CASE(test_free_lists_check_detects),
	KTEST_CASE(test_pcp_sizing),
	KTEST_CASE(test_pcp_zoneinfo),
	KTEST_CASE(test_pcp_refill_in_batches),
	KTEST_CASE(test_pcp_spill_at_high),
	KTEST_CASE(test_pcp_drain_all_pages),
	KTEST_CASE(test_pcp_pages_found_when_buddy_empty),
	KTEST_CASE(test_pcp_watermark_counts_buddy_only),
	KTEST_CASE(test_pcp_checks),
	{}
};
KTEST_SUITE_FULL(buddy_host, buddy_init, buddy_exit, buddy_cases);
