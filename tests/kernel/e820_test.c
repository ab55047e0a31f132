/* In-kernel suite: the memory map this boot ended with. The sanitised e820
 * map keeps its invariants, every usable page below max_pfn lies in exactly
 * one zone, memblock never hands out reserved memory, and the zone spans
 * follow from the limits the boot printed. Read-only: the allocation case
 * restores memblock and never touches the memory it was given. */
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <asm/e820.h>
#include <mm/boot.h>
#include <mm/memblock.h>
#include <mm/pfn.h>
#include <mm/mmzone.h>
#include <asm/page.h>
#include <asm/zone_limits.h>

#define ALLOC_TRIES 16

static struct e820_table copy;
static struct memblock saved;

static void test_map_sane(struct ktest *t)
{
	ASSERT_GT(t, e820_table.nr_entries, 0);
	EXPECT_TRUE(t, e820_table_is_sane(&e820_table));
	EXPECT_GT(t, e820_total_of_type(&e820_table, E820_TYPE_RAM), 0);
}

static void test_map_resanitise_changes_nothing(struct ktest *t)
{
	u32 i;

	memcpy(&copy, &e820_table, sizeof(copy));
	e820_sanitize(&copy);
	ASSERT_EQ(t, copy.nr_entries, e820_table.nr_entries);
	for (i = 0; i < copy.nr_entries; i++) {
		EXPECT_EQ(t, copy.entries[i].addr, e820_table.entries[i].addr);
		EXPECT_EQ(t, copy.entries[i].size, e820_table.entries[i].size);
		EXPECT_EQ(t, copy.entries[i].type, e820_table.entries[i].type);
	}
}

/* Pages of [s, e) inside zones; zones must not overlap, so a page counted
 * twice would make this exceed e - s. */
static unsigned long pages_in_zones(const struct zone_limits *zl, unsigned long s,
				    unsigned long e)
{
	unsigned long total = 0;
	int z;

	for (z = 0; z < ZONE_MOVABLE; z++) {
		unsigned long zs, ze;

		zone_limits_span(zl, z, &zs, &ze);
		zs = max(zs, s);
		ze = min(ze, e);
		if (zs < ze)
			total += ze - zs;
	}
	return total;
}

static void test_zones_disjoint_and_ordered(struct ktest *t)
{
	const struct zone_limits *zl = mm_zone_limits();
	unsigned long prev_end = 0;
	int z;

	if (!zl)
		KTEST_SKIP(t, "zone limits not computed");
	for (z = 0; z < ZONE_MOVABLE; z++) {
		unsigned long s, e;

		zone_limits_span(zl, z, &s, &e);
		EXPECT_LE(t, s, e);
		EXPECT_GE(t, s, prev_end);
		prev_end = e;
	}
	EXPECT_EQ(t, prev_end, max(zl->max_pfn, zl->min_pfn));
}

static void test_every_usable_page_in_one_zone(struct ktest *t)
{
	const struct zone_limits *zl = mm_zone_limits();
	u32 i;

	if (!zl)
		KTEST_SKIP(t, "zone limits not computed");
	for (i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *en = &e820_table.entries[i];
		u64 spfn = (en->addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
		u64 epfn = (en->addr + en->size) >> PAGE_SHIFT;

		if (en->type != E820_TYPE_RAM)
			continue;
		/* RAM past max_pfn (above 4 GiB, or cut by highmem=) is unused
		 * by design and printed as such. */
		epfn = min(epfn, (u64)zl->max_pfn);
		if (spfn >= epfn)
			continue;
		EXPECT_EQ(t, pages_in_zones(zl, (unsigned long)spfn, (unsigned long)epfn),
			  epfn - spfn);
	}
}

static unsigned long mem_pages, mem_pages_in_zones;

static void count_mem(unsigned long s, unsigned long e, void *arg)
{
	mem_pages += e - s;
	mem_pages_in_zones += pages_in_zones(arg, s, e);
}

static void test_memblock_memory_in_zones(struct ktest *t)
{
	const struct zone_limits *zl = mm_zone_limits();

	if (!zl)
		KTEST_SKIP(t, "zone limits not computed");
	mem_pages = mem_pages_in_zones = 0;
	memblock_for_each_mem_pfn_range(count_mem, (void *)zl);
	EXPECT_GT(t, mem_pages, 0);
	EXPECT_EQ(t, mem_pages_in_zones, mem_pages);
	EXPECT_LE(t, memblock_end_of_ram(), PFN_PHYS(zl->max_pfn));
}

static void test_reserved_list_sound(struct ktest *t)
{
	unsigned long i;

	EXPECT_TRUE(t, memblock_is_reserved(0));
	EXPECT_TRUE(t, memblock_is_reserved(X86_RESERVE_LOW - 1));
	EXPECT_TRUE(t, memblock_is_reserved(E820_BIOS_BEGIN));
	EXPECT_TRUE(t, memblock_is_reserved(E820_BIOS_END - 1));
	for (i = 1; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *p = &memblock.reserved.regions[i - 1];

		EXPECT_LE(t, p->base + p->size, memblock.reserved.regions[i].base);
	}
}

static bool overlaps_saved_reserved(phys_addr_t base, phys_addr_t size)
{
	unsigned long i;

	for (i = 0; i < saved.reserved.cnt; i++) {
		const struct memblock_region *r = &saved.reserved.regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

/* Allocate with memblock as it stands (the memory itself is never used),
 * check each result against the reserved list as it was, then restore. */
static void test_alloc_never_returns_reserved(struct ktest *t)
{
	static const phys_addr_t sizes[] = { 1, PAGE_SIZE, 3 * PAGE_SIZE + 5, 64 * 1024 };
	phys_addr_t limit = memblock_get_current_limit();
	unsigned i, got = 0;

	memcpy(&saved, &memblock, sizeof(saved));
	for (i = 0; i < ALLOC_TRIES; i++) {
		phys_addr_t size = sizes[i % ARRAY_SIZE(sizes)];
		phys_addr_t align = (phys_addr_t)1 << (i % 13);
		phys_addr_t end = i % 2 ? MAX_DMA_ADDRESS_PHYS : MEMBLOCK_ALLOC_ACCESSIBLE;
		phys_addr_t p = memblock_phys_alloc_range(size, align, 0, end);

		if (!p)
			continue;
		got++;
		EXPECT_EQ(t, p & (align - 1), 0);
		EXPECT_FALSE(t, overlaps_saved_reserved(p, size));
		EXPECT_TRUE(t, memblock_is_memory(p) && memblock_is_memory(p + size - 1));
		EXPECT_LE(t, p + size, i % 2 ? MAX_DMA_ADDRESS_PHYS : limit);
		/* What was handed out is now reserved itself. */
		EXPECT_TRUE(t, memblock_is_reserved(p));
	}
	memcpy(&memblock, &saved, sizeof(saved));
	if (!got)
		ktest_info(t, "memblock had nothing left to hand out");
}

static void test_zone_spans_follow_limits(struct ktest *t)
{
	const struct zone_limits *zl = mm_zone_limits();
	unsigned long s, e;

	if (!zl)
		KTEST_SKIP(t, "zone limits not computed");
	EXPECT_LE(t, zl->max_dma_pfn, PFN_DOWN(MAX_DMA_ADDRESS_PHYS));
	EXPECT_LE(t, zl->max_low_pfn, PFN_DOWN(zone_limits_maxmem()));
	EXPECT_LE(t, zl->max_low_pfn, zl->max_pfn);
	if (!pae_enabled)
		EXPECT_LE(t, zl->max_pfn, MAX_NONPAE_PFN);
	EXPECT_EQ(t, zl->min_pfn, PFN_UP(memblock_start_of_ram()));

	zone_limits_span(zl, ZONE_DMA, &s, &e);
	EXPECT_EQ(t, s, zl->min_pfn);
	EXPECT_EQ(t, e, max(zl->max_dma_pfn, zl->min_pfn));
	zone_limits_span(zl, ZONE_NORMAL, &s, &e);
	EXPECT_EQ(t, e, max(zl->max_low_pfn, s));
	zone_limits_span(zl, ZONE_HIGHMEM, &s, &e);
	EXPECT_EQ(t, e, max(zl->max_pfn, s));
	EXPECT_EQ(t, s == e, zl->max_pfn <= max(zl->max_low_pfn, zl->min_pfn));
}

static const struct ktest_case e820_cases[] = {
	KTEST_CASE(test_map_sane),
	KTEST_CASE(test_map_resanitise_changes_nothing),
	KTEST_CASE(test_zones_disjoint_and_ordered),
	KTEST_CASE(test_every_usable_page_in_one_zone),
	KTEST_CASE(test_memblock_memory_in_zones),
	KTEST_CASE(test_reserved_list_sound),
	KTEST_CASE(test_alloc_never_returns_reserved),
	KTEST_CASE(test_zone_spans_follow_limits),
	{}
};
KTEST_SUITE(e820, e820_cases);
