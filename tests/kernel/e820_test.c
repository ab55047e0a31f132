/* In-kernel suite: the memory map this boot ended with. The sanitised e820
 * map keeps its invariants, every RAM page lies in exactly one zone and its
 * struct page says which, the zones' present counts are the RAM in their
 * spans, the zones keep to the i386 bounds, memblock never hands out
 * reserved memory. Read-only: the allocation case
 * restores memblock and never touches the memory it was given. */
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <asm/e820.h>
#include <mm/boot.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/arch.h>
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

/* The expectations below come from the hardware and the i386 layout, not
 * from the code that laid the zones out: ISA DMA reaches 24 address bits,
 * and the kernel's 1 GiB of virtual space above PAGE_OFFSET (3 GiB) bounds
 * what can be direct-mapped. The exact ranges of each machine are the
 * matrix's "Zone ranges:" checks (tests/matrix.txt). */
#define ISA_DMA_ADDRESS_BITS   24
#define ISA_DMA_END_PFN        ((1UL << ISA_DMA_ADDRESS_BITS) >> PAGE_SHIFT)
#define I386_KERNEL_SPACE      0x40000000ULL    /* 4 GiB - PAGE_OFFSET */
#define NONPAE_END_PFN         (0x100000000ULL >> PAGE_SHIFT)
#define FIRST_RAM_PFN          1   /* page 0 is BIOS data (Linux's trim_bios_range()) */

static struct zone *zone_of(int idx)
{
	return &NODE_DATA(0)->node_zones[idx];
}

/* The one zone whose span holds pfn, -1 for none, -2 for several. */
static int span_holding(unsigned long pfn)
{
	int z, found = -1;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		if (!zone_spans_pfn(zone_of(z), pfn))
			continue;
		if (found >= 0)
			return -2;
		found = z;
	}
	return found;
}

static unsigned long walk_pages, walk_bad_zone, walk_first_bad, walk_present[MAX_NR_ZONES];

/* Every page of a memblock memory range: exactly one zone spans it, and the
 * zone its struct page names (set while mem_map was filled) is that one. */
static void walk_range(unsigned long s, unsigned long e, void *arg)
{
	unsigned long pfn;

	(void)arg;
	for (pfn = s; pfn < e; pfn++) {
		int z = span_holding(pfn);

		walk_pages++;
		if (z < 0 || !pfn_valid(pfn) || page_zonenum(pfn_to_page(pfn)) != z) {
			if (!walk_bad_zone++)
				walk_first_bad = pfn;
			continue;
		}
		walk_present[z]++;
	}
}

static void walk_memory(void)
{
	walk_pages = walk_bad_zone = walk_first_bad = 0;
	memset(walk_present, 0, sizeof(walk_present));
	memblock_for_each_mem_pfn_range(walk_range, NULL);
}

static void test_every_ram_page_in_its_zone(struct ktest *t)
{
	walk_memory();
	EXPECT_GT(t, walk_pages, 0);
	EXPECT_EQ(t, walk_bad_zone, 0);
	if (walk_bad_zone)
		ktest_info(t, "first page outside its zone: pfn %#lx", walk_first_bad);
}

/* Zone present counts equal the RAM pages memblock has in each span, and
 * no e820 RAM page below the end of the last zone is missing from memblock. */
static void test_present_pages_match_ram(struct ktest *t)
{
	unsigned long total = 0, top = 0;
	u32 i;
	int z;

	walk_memory();
	for (z = 0; z < MAX_NR_ZONES; z++) {
		EXPECT_EQ(t, zone_of(z)->present_pages, walk_present[z]);
		total += zone_of(z)->present_pages;
		if (zone_of(z)->spanned_pages)
			top = max(top, zone_end_pfn(zone_of(z)));
	}
	EXPECT_EQ(t, total, walk_pages);
	EXPECT_EQ(t, NODE_DATA(0)->node_present_pages, total);
	for (i = 0; i < e820_table.nr_entries; i++) {
		const struct e820_entry *en = &e820_table.entries[i];
		u64 spfn = max((en->addr + PAGE_SIZE - 1) >> PAGE_SHIFT, (u64)FIRST_RAM_PFN);
		u64 epfn = min((en->addr + en->size) >> PAGE_SHIFT, (u64)top);

		if (en->type != E820_TYPE_RAM || spfn >= epfn)
			continue;
		EXPECT_TRUE(t, memblock_is_memory(PFN_PHYS(spfn)));
		EXPECT_TRUE(t, memblock_is_memory(PFN_PHYS(epfn) - 1));
	}
}

/* DMA stays within 16 MiB, the direct-mapped zones within the kernel's
 * virtual space and the direct map, HighMem above them, nothing above
 * 4 GiB without PAE; the zones do not overlap and keep their order. */
static void test_zones_within_i386_limits(struct ktest *t)
{
	struct zone *dma = zone_of(ZONE_DMA), *normal = zone_of(ZONE_NORMAL);
	struct zone *high = zone_of(ZONE_HIGHMEM);
	unsigned long lowmem_end = 0, prev_end = 0;
	int z;

	if (dma->spanned_pages)
		EXPECT_LE(t, zone_end_pfn(dma), ISA_DMA_END_PFN);
	if (dma->spanned_pages)
		lowmem_end = zone_end_pfn(dma);
	if (normal->spanned_pages) {
		EXPECT_GE(t, normal->zone_start_pfn, ISA_DMA_END_PFN);
		lowmem_end = zone_end_pfn(normal);
	}
	EXPECT_LE(t, PFN_PHYS(lowmem_end), I386_KERNEL_SPACE);
	EXPECT_LE(t, PFN_PHYS(lowmem_end), arch_direct_map_end());
	if (high->spanned_pages) {
		EXPECT_GE(t, PFN_PHYS(high->zone_start_pfn), arch_direct_map_end());
		if (!pae_enabled)
			EXPECT_LE(t, zone_end_pfn(high), NONPAE_END_PFN);
	}
	/* Zones in index order below ZONE_MOVABLE follow each other. */
	for (z = 0; z < ZONE_MOVABLE; z++) {
		if (!zone_of(z)->spanned_pages)
			continue;
		EXPECT_GE(t, zone_of(z)->zone_start_pfn, prev_end);
		prev_end = zone_end_pfn(zone_of(z));
	}
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

		EXPECT_NE(t, p, 0);
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
	EXPECT_EQ(t, got, ALLOC_TRIES);
}

/* The limits the architecture computed, against the hardware's bounds. */
static void test_zone_limits_within_bounds(struct ktest *t)
{
	const struct zone_limits *zl = mm_zone_limits();

	if (!zl)
		KTEST_SKIP(t, "zone limits not computed");
	EXPECT_LE(t, zl->max_dma_pfn, ISA_DMA_END_PFN);
	EXPECT_LE(t, zl->max_low_pfn, PFN_DOWN(zone_limits_maxmem()));
	EXPECT_LE(t, zl->max_low_pfn, zl->max_pfn);
	if (!pae_enabled)
		EXPECT_LE(t, zl->max_pfn, NONPAE_END_PFN);
	EXPECT_EQ(t, zl->min_pfn, PFN_UP(memblock_start_of_ram()));
}

static const struct ktest_case e820_cases[] = {
	KTEST_CASE(test_map_sane),
	KTEST_CASE(test_map_resanitise_changes_nothing),
	KTEST_CASE(test_every_ram_page_in_its_zone),
	KTEST_CASE(test_present_pages_match_ram),
	KTEST_CASE(test_zones_within_i386_limits),
	KTEST_CASE(test_reserved_list_sound),
	KTEST_CASE(test_alloc_never_returns_reserved),
	KTEST_CASE(test_zone_limits_within_bounds),
	{}
};
KTEST_SUITE(e820, e820_cases);
