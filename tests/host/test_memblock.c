/* Host suites: memblock (region lists, the top-down allocator, free ranges)
 * and zone_limits (Linux i386 zone boundaries and messages). */
#include <stdio.h>
#include <string.h>

#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/param.h>
#include <asm/e820.h>
#include <mm/boot.h>
#include <mm/memblock.h>
#include <mm/pfn.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <asm/zone_limits.h>
#include "host.h"

#define K(x) ((phys_addr_t)(x) << 10)
#define M(x) ((phys_addr_t)(x) << 20)
#define G(x) ((phys_addr_t)(x) << 30)
#define HOST_MEM M(64)

static int mb_init(struct ktest *t)
{
	(void)t;
	memblock_reset();
	host_console_clear();
	return 0;
}

static void mb_exit(struct ktest *t)
{
	(void)t;
	memblock_reset();
}

static bool region_is(const struct memblock_type *type, unsigned long i,
		      phys_addr_t base, phys_addr_t end)
{
	return i < type->cnt && type->regions[i].base == base &&
	       type->regions[i].base + type->regions[i].size == end;
}

static void test_add_merges(struct ktest *t)
{
	memblock_add(M(2), M(1));
	memblock_add(0, M(1));
	memblock_add(M(1), M(1));               /* fills the gap: one region */
	memblock_add(K(512), M(2));             /* overlaps: nothing new */
	memblock_add(M(8), M(1));
	ASSERT_EQ(t, memblock.memory.cnt, 2);
	EXPECT_TRUE(t, region_is(&memblock.memory, 0, 0, M(3)));
	EXPECT_TRUE(t, region_is(&memblock.memory, 1, M(8), M(9)));
	EXPECT_EQ(t, memblock_phys_mem_size(), M(4));
	EXPECT_EQ(t, memblock_start_of_ram(), 0);
	EXPECT_EQ(t, memblock_end_of_ram(), M(9));
}

static void test_reserve_keeps_names(struct ktest *t)
{
	memblock_reserve(M(1), M(1), "kernel");
	memblock_reserve(M(2), K(4), "kernel");         /* same name: merges */
	memblock_reserve(M(2) + K(4), K(4), "initrd");  /* other name: apart */
	memblock_reserve(K(1536), M(1), "late");        /* only the new part */
	ASSERT_EQ(t, memblock.reserved.cnt, 3);
	EXPECT_TRUE(t, region_is(&memblock.reserved, 0, M(1), M(2) + K(4)));
	EXPECT_STREQ(t, memblock.reserved.regions[0].name, "kernel");
	EXPECT_TRUE(t, region_is(&memblock.reserved, 1, M(2) + K(4), M(2) + K(8)));
	EXPECT_STREQ(t, memblock.reserved.regions[1].name, "initrd");
	EXPECT_TRUE(t, region_is(&memblock.reserved, 2, M(2) + K(8), M(2) + K(512)));
	EXPECT_STREQ(t, memblock.reserved.regions[2].name, "late");
	EXPECT_TRUE(t, memblock_is_reserved(M(2) + K(5)));
	EXPECT_FALSE(t, memblock_is_reserved(M(3)));
	EXPECT_TRUE(t, memblock_is_region_reserved(M(2) + K(500), M(1)));
	EXPECT_FALSE(t, memblock_is_region_reserved(M(3), M(1)));
}

static void test_add_past_top_is_cut(struct ktest *t)
{
	EXPECT_EQ(t, memblock_add(~(phys_addr_t)0 - K(4), M(1)), 0);
	EXPECT_EQ(t, memblock_end_of_ram(), ~(phys_addr_t)0);
}

static void test_from_e820_rounds_inward(struct ktest *t)
{
	static struct e820_table tab = {
		.nr_entries = 4,
		.entries = {
			{ 0x1234, 0x9fc00 - 0x1234, E820_TYPE_RAM },
			{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
			{ M(1), M(15) + 0x800, E820_TYPE_RAM },
			{ M(20), 0x800, E820_TYPE_RAM },        /* less than a page */
		},
	};

	struct mem_region r[4];

	ASSERT_EQ(t, e820_ram_regions(&tab, r, ARRAY_SIZE(r)), 2);
	EXPECT_EQ(t, r[0].start, 0x2000);
	EXPECT_EQ(t, r[0].end, 0x9f000);
	EXPECT_EQ(t, r[1].start, M(1));
	EXPECT_EQ(t, r[1].end, M(16));
	EXPECT_EQ(t, e820_ram_regions(&tab, r, 1), 1);
	EXPECT_TRUE(t, host_console_contains("more than 1 RAM ranges"));
}

static void test_alloc_top_down(struct ktest *t)
{
	memblock_add(M(1), M(15));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE),
		  M(16) - K(4));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE),
		  M(16) - K(8));
	EXPECT_TRUE(t, memblock_is_reserved(M(16) - K(8)));
	EXPECT_EQ(t, memblock.reserved.cnt, 1);         /* same name: merged */
}

static void test_alloc_alignment(struct ktest *t)
{
	phys_addr_t p;

	memblock_add(M(1), M(15));
	memblock_reserve(M(16) - 100, 100, "top");
	p = memblock_phys_alloc_range(100, K(64), 0, MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(t, p, M(16) - K(64));
	p = memblock_phys_alloc_range(3, 1, 0, MEMBLOCK_ALLOC_ANYWHERE);
	EXPECT_EQ(t, p, M(16) - 103);
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), 3, 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
	EXPECT_TRUE(t, host_console_contains("bad request"));
}

static void test_alloc_limit_and_range(struct ktest *t)
{
	phys_addr_t p;

	memblock_add(M(1), M(63));
	memblock_set_current_limit(M(8));
	p = memblock_phys_alloc_range(M(1), K(4), 0, MEMBLOCK_ALLOC_ACCESSIBLE);
	EXPECT_EQ(t, p, M(7));
	p = memblock_phys_alloc_range(M(1), K(4), M(2), M(4));
	EXPECT_EQ(t, p, M(3));
	/* Does not fit inside [M(2), M(3)) any more: fails. */
	EXPECT_EQ(t, memblock_phys_alloc_range(M(2), K(4), M(2), M(4)), 0);
	EXPECT_EQ(t, memblock_get_current_limit(), M(8));
}

/* Without a limit of its own, memblock hands out only what the direct map
 * reaches (memblock_alloc() writes through it); a higher limit does not
 * lift that, an explicit end does. */
static void test_limit_starts_at_direct_map(struct ktest *t)
{
	ASSERT_EQ(t, host_phys_init(M(16)), 0);
	memblock_add(M(1), M(63));
	EXPECT_EQ(t, memblock_get_current_limit(), M(16));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ACCESSIBLE),
		  M(16) - K(4));
	memblock_set_current_limit(M(32));
	EXPECT_EQ(t, memblock_get_current_limit(), M(16));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE),
		  M(64) - K(4));
}

static void test_never_page_zero(struct ktest *t)
{
	memblock_add(0, K(4));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
	memblock_add(K(4), K(4));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE), K(4));
	EXPECT_EQ(t, memblock_phys_alloc_range(K(4), K(4), 0, MEMBLOCK_ALLOC_ANYWHERE), 0);
}

/* A seeded random mix of reservations and allocations: every allocation
 * lies in memory, is aligned, and overlaps nothing reserved before it. */
static void test_alloc_never_overlaps_reserved(struct ktest *t)
{
	static struct memblock before;
	u32 seed = 0x2badb002;
	unsigned i, allocated = 0;

	memblock_add(M(1), M(15));
	memblock_add(M(20), M(40));
	for (i = 0; i < 100; i++) {
		phys_addr_t size, align, p;
		unsigned long r;

		seed = seed * 1103515245 + 12345;
		size = ((seed >> 8) % 300000) + 1;
		align = (phys_addr_t)1 << ((seed >> 4) % 16);
		if (seed & 0x80000000) {
			memblock_reserve(((seed >> 3) % M(64)), size / 4 + 1, "random");
			continue;
		}
		before = memblock;
		p = memblock_phys_alloc_range(size, align, 0, MEMBLOCK_ALLOC_ANYWHERE);
		if (!p)
			continue;
		allocated++;
		ASSERT_EQ(t, p & (align - 1), 0);
		for (r = 0; r < before.reserved.cnt; r++) {
			const struct memblock_region *rg = &before.reserved.regions[r];

			ASSERT_TRUE(t, p + size <= rg->base || p >= rg->base + rg->size);
		}
		ASSERT_TRUE(t, memblock_is_memory(p) && memblock_is_memory(p + size - 1));
		ASSERT_TRUE(t, (p < M(16)) == (p + size <= M(16)));
		ASSERT_TRUE(t, memblock_is_reserved(p) && memblock_is_reserved(p + size - 1));
	}
	EXPECT_GT(t, allocated, 30);
	EXPECT_FALSE(t, host_console_contains("list full"));
}

static void test_memblock_alloc_zeroes(struct ktest *t)
{
	unsigned char *p;

	ASSERT_EQ(t, host_phys_init(HOST_MEM), 0);
	memset((char *)host_phys_base() + M(32), 0xa5, M(1));
	memblock_add(M(1), M(63));
	memblock_set_current_limit(M(32) + K(64));
	p = memblock_alloc(K(8), K(4), "page tables");
	ASSERT_NOT_NULL(t, p);
	EXPECT_EQ(t, (phys_addr_t)(p - (unsigned char *)host_phys_base()), M(32) + K(56));
	EXPECT_EQ(t, p[0], 0);
	EXPECT_EQ(t, p[K(8) - 1], 0);
	EXPECT_EQ(t, p[K(8)], 0xa5);
	EXPECT_STREQ(t, memblock.reserved.regions[0].name, "page tables");
	EXPECT_NULL(t, memblock_alloc(0, K(4), "nothing"));
}

static void test_exhaustion_panics_naming_request(struct ktest *t)
{
	volatile int code;

	ASSERT_EQ(t, host_phys_init(HOST_MEM), 0);
	memblock_add(M(1), M(1));
	memblock_set_current_limit(M(2));
	HOST_CATCH_EXIT(code, memblock_alloc(M(2), K(4), "mem_map"));
	EXPECT_EQ(t, code, ARCH_EXIT_FAILURE);
	EXPECT_TRUE(t, host_console_contains("out of memory for mem_map: 2097152 bytes"));
}

static void record_range(unsigned long s, unsigned long e, void *arg)
{
	unsigned long *v = arg;

	if (v[0] < 16) {
		v[1 + 2 * v[0]] = s;
		v[2 + 2 * v[0]] = e;
	}
	v[0]++;
}

static void test_free_ranges_page_rounded(struct ktest *t)
{
	unsigned long v[33] = { 0 };

	memblock_add(0, M(1));
	memblock_add(M(2), M(2));
	memblock_reserve(0, K(64), "low memory");
	memblock_reserve(K(640), K(384), "BIOS area");
	memblock_reserve(0x9f800, 0x100, "ebda");       /* partial page */
	memblock_reserve(M(3), 1, "byte");
	memblock_reserve(M(8), M(1), "outside memory");
	memblock_for_each_free_range(record_range, v);
	ASSERT_EQ(t, v[0], 3);
	EXPECT_EQ(t, v[1], 0x10);
	EXPECT_EQ(t, v[2], 0x9f);
	EXPECT_EQ(t, v[3], 0x200);
	EXPECT_EQ(t, v[4], 0x300);
	EXPECT_EQ(t, v[5], 0x301);
	EXPECT_EQ(t, v[6], 0x400);
	memset(v, 0, sizeof(v));
	memblock_for_each_mem_pfn_range(record_range, v);
	ASSERT_EQ(t, v[0], 2);
	EXPECT_EQ(t, v[2], 0x100);
	EXPECT_EQ(t, v[3], 0x200);
}

static void test_cap_memory(struct ktest *t)
{
	memblock_add(M(1), M(3));
	memblock_add(G(4), G(1));
	memblock_add(G(6), G(1));
	memblock_cap_memory(G(4) + M(1));
	ASSERT_EQ(t, memblock.memory.cnt, 2);
	EXPECT_EQ(t, memblock_end_of_ram(), G(4) + M(1));
	memblock_cap_memory(M(2));
	EXPECT_EQ(t, memblock_end_of_ram(), M(2));
}

static void test_boot_regions(struct ktest *t)
{
	static const struct mem_region r[] = {
		{ K(4), K(636), MEM_REGION_RAM, NULL },
		{ M(1), M(8), MEM_REGION_RAM, NULL },
		{ M(9), M(9) + 100, MEM_REGION_RAM, NULL },     /* not page aligned */
		{ 0x10000, 0x10100, MEM_REGION_RESERVED, "multiboot info" },
		{ M(4), M(5), MEM_REGION_RESERVED, "module" },
		{ M(6), M(6), MEM_REGION_RESERVED, "empty" },
	};

	mm_boot_memblock(r, ARRAY_SIZE(r));
	EXPECT_EQ(t, memblock.memory.cnt, 2);
	EXPECT_EQ(t, memblock_end_of_ram(), M(8));
	EXPECT_TRUE(t, memblock_is_reserved(0x100ff));
	EXPECT_TRUE(t, memblock_is_reserved(M(5) - 1));
	EXPECT_FALSE(t, memblock_is_reserved(M(5)));
	EXPECT_EQ(t, memblock.reserved.cnt, 2);
	EXPECT_TRUE(t, host_console_contains("0x0000000000900063] RAM is malformed, ignored"));
	EXPECT_TRUE(t, host_console_contains("] reserved empty is malformed, ignored"));
}

/* A reservation that does not fit stops the boot: the memory it covers
 * would otherwise be handed out. */
static void test_boot_region_reserve_fails_stops(struct ktest *t)
{
	static const struct mem_region r = { M(100), M(101), MEM_REGION_RESERVED, "kernel image" };
	volatile int code;
	unsigned i;

	for (i = 0; i < MEMBLOCK_MAX_REGIONS; i++)
		memblock_reserve(M(2 * i), K(4), "many");
	HOST_CATCH_EXIT(code, mm_boot_memblock(&r, 1));
	EXPECT_EQ(t, code, ARCH_EXIT_FAILURE);
	EXPECT_TRUE(t, host_console_contains("cannot reserve [mem 0x0000000006400000-0x00000000064fffff] kernel image"));
}

static void test_list_full(struct ktest *t)
{
	unsigned i;
	int ret = 0;

	for (i = 0; i < MEMBLOCK_MAX_REGIONS + 1; i++)
		ret = memblock_reserve(M(2 * i), K(4), "many");
	EXPECT_EQ(t, ret, -ENOSPC);
	EXPECT_EQ(t, memblock.reserved.cnt, MEMBLOCK_MAX_REGIONS);
	EXPECT_TRUE(t, host_console_contains("reserved list full"));
}

static void test_dump_names_reserved(struct ktest *t)
{
	memblock_add(M(1), M(1));
	memblock_reserve(M(1), K(4), "kernel");
	memblock_dump();
	EXPECT_TRUE(t, host_console_contains("MEMBLOCK configuration:\n"));
	EXPECT_TRUE(t, host_console_contains(
		" reserved[0x0]\t[0x0000000000100000-0x0000000000100fff], 0x1000 bytes kernel\n"));
	EXPECT_TRUE(t, host_console_contains(
		" memory[0x0]\t[0x0000000000100000-0x00000000001fffff], 0x100000 bytes\n"));
}

static const struct ktest_case memblock_cases[] = {
	KTEST_CASE(test_add_merges),
	KTEST_CASE(test_reserve_keeps_names),
	KTEST_CASE(test_add_past_top_is_cut),
	KTEST_CASE(test_from_e820_rounds_inward),
	KTEST_CASE(test_alloc_top_down),
	KTEST_CASE(test_alloc_alignment),
	KTEST_CASE(test_alloc_limit_and_range),
	KTEST_CASE(test_limit_starts_at_direct_map),
	KTEST_CASE(test_never_page_zero),
	KTEST_CASE(test_alloc_never_overlaps_reserved),
	KTEST_CASE(test_memblock_alloc_zeroes),
	KTEST_CASE(test_exhaustion_panics_naming_request),
	KTEST_CASE(test_free_ranges_page_rounded),
	KTEST_CASE(test_cap_memory),
	KTEST_CASE(test_boot_regions),
	KTEST_CASE(test_boot_region_reserve_fails_stops),
	KTEST_CASE(test_list_full),
	KTEST_CASE(test_dump_names_reserved),
	{}
};
KTEST_SUITE_FULL(memblock, mb_init, mb_exit, memblock_cases);

/* ---- zone limits ------------------------------------------------------- */

static int zl_init(struct ktest *t)
{
	(void)t;
	memblock_reset();
	zone_limits_params_reset();
	pae_enabled = false;
	host_console_clear();
	return 0;
}

static void zl_exit(struct ktest *t)
{
	(void)t;
	memblock_reset();
	zone_limits_params_reset();
}

/* QEMU -M pc with mb MiB, as memblock holds it after the BIOS trim. */
static void qemu_ram(phys_addr_t mb)
{
	memblock_add(K(4), 0x9f000 - K(4));
	if (mb <= 3072) {
		memblock_add(M(1), M(mb) - M(1) - K(128));
	} else {
		memblock_add(M(1), G(3) - M(1) - K(128));
		memblock_add(G(4), M(mb) - G(3));
	}
}

static void test_zones_2g(struct ktest *t)
{
	struct zone_limits zl;
	unsigned long s, e;

	qemu_ram(2048);
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.min_pfn, 1);
	EXPECT_EQ(t, zl.max_dma_pfn, 0x1000);
	EXPECT_EQ(t, zl.max_low_pfn, 0x38000);
	EXPECT_EQ(t, zl.max_pfn, 0x7ffe0);
	EXPECT_TRUE(t, host_console_contains("1151MB HIGHMEM available.\n896MB LOWMEM available.\n"));
	zone_limits_span(&zl, ZONE_HIGHMEM, &s, &e);
	EXPECT_EQ(t, s, 0x38000);
	EXPECT_EQ(t, e, 0x7ffe0);
	host_console_clear();
	zone_limits_print(&zl, 0);
	EXPECT_STREQ(t, host_console_text(),
		     "Zone ranges:\n"
		     "  DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
		     "  Normal   [mem 0x0000000001000000-0x0000000037ffffff]\n"
		     "  HighMem  [mem 0x0000000038000000-0x000000007ffdffff]\n"
		     "Movable zone start for each node\n"
		     "Early memory node ranges\n"
		     "  node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		     "  node   0: [mem 0x0000000000100000-0x000000007ffdffff]\n"
		     "Initmem setup node 0 [mem 0x0000000000001000-0x000000007ffdffff]\n");
}

static void test_zones_15m_dma_only(struct ktest *t)
{
	struct zone_limits zl;

	qemu_ram(15);
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_low_pfn, zl.max_pfn);
	EXPECT_EQ(t, zl.max_dma_pfn, zl.max_pfn);
	host_console_clear();
	zone_limits_print(&zl, 0);
	EXPECT_TRUE(t, host_console_contains("  Normal   empty\n  HighMem  empty\n"));
	EXPECT_TRUE(t, host_console_contains("  DMA      [mem 0x0000000000001000-0x0000000000edffff]\n"));
}

static void test_zones_897m_tiny_highmem(struct ktest *t)
{
	struct zone_limits zl;

	memblock_add(K(4), M(897) - K(4));
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_low_pfn, 0x38000);
	EXPECT_EQ(t, zl.max_pfn, 0x38100);
	EXPECT_TRUE(t, host_console_contains("1MB HIGHMEM available.\n"));
}

static void test_zones_8g_ram_above_4g_ignored(struct ktest *t)
{
	struct zone_limits zl;

	qemu_ram(8192);
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_pfn, 0xbffe0);
	EXPECT_TRUE(t, host_console_contains(
		"Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!\n"
		"2175MB HIGHMEM available.\n"));
	EXPECT_EQ(t, memblock_end_of_ram(), G(3) - K(128));
}

static void test_pae_keeps_ram_below_64g(struct ktest *t)
{
	struct zone_limits zl;

	pae_enabled = true;
	qemu_ram(8192);
	memblock_add(G(70), G(1));
	zone_limits_init(&zl);
	pae_enabled = false;
	EXPECT_EQ(t, zl.max_pfn, PFN_DOWN(G(9)));
	EXPECT_TRUE(t, host_console_contains(
		"Warning: only 64GB will be used: last_pfn = 0x1000000 max_arch_pfn = 0x1000000\n"));
	EXPECT_EQ(t, memblock_end_of_ram(), G(9));
}

/* A PAE 20 GiB QEMU pc: HighMem runs to the end of RAM, pfns above 4 GiB
 * stay exact in unsigned long, and memblock hands out memory only below
 * the direct map's end even with 17 GiB above 4 GiB. */
static void test_pae_20g_highmem_to_end_of_ram(struct ktest *t)
{
	struct zone_limits zl;
	unsigned long s, e;

	pae_enabled = true;
	qemu_ram(20480);
	zone_limits_init(&zl);
	pae_enabled = false;
	EXPECT_EQ(t, zl.max_low_pfn, 0x38000);
	EXPECT_EQ(t, zl.max_pfn, 0x540000);
	EXPECT_EQ(t, PFN_PHYS(zl.max_pfn), G(21));
	EXPECT_EQ(t, PFN_DOWN(G(21) - 1), 0x53ffff);
	EXPECT_EQ(t, PFN_UP(G(20) + 1), 0x500001);
	EXPECT_TRUE(t, host_console_contains("20608MB HIGHMEM available.\n896MB LOWMEM available.\n"));
	EXPECT_FALSE(t, host_console_contains("Warning"));
	zone_limits_span(&zl, ZONE_HIGHMEM, &s, &e);
	EXPECT_EQ(t, s, 0x38000);
	EXPECT_EQ(t, e, 0x540000);
	EXPECT_EQ(t, memblock_end_of_ram(), G(21));
	EXPECT_EQ(t, memblock_phys_mem_size(), G(20) - K(128) - K(4) - M(1) + 0x9f000);
}

/* mem_map for 21 GiB of frames (168 MiB with the kernel's 32-byte struct
 * page; the host's is larger) in the 216 MiB of lowmem vmalloc=800M leaves
 * would leave under 64 MiB: HighMem is cut to what fits, with the figures. */
static void test_pae_memmap_squeeze_refused(struct ktest *t)
{
	unsigned long per_pfn = sizeof(struct page), fits = (unsigned long)(M(152) / per_pfn);
	struct zone_limits zl;
	char msg[160];

	pae_enabled = true;
	qemu_ram(20480);
	EXPECT_EQ(t, parse_param_string("vmalloc=800M", true), 0);
	zone_limits_init(&zl);
	pae_enabled = false;
	EXPECT_EQ(t, zl.max_low_pfn, PFN_DOWN(M(216)));
	EXPECT_EQ(t, zl.max_pfn, fits);
	snprintf(msg, sizeof(msg), "mem_map for 21504MB of RAM would take %luMB of the 216MB "
		 "lowmem, leaving under 64MB: ignoring RAM above %luMB\n",
		 (unsigned long)(0x540000UL * per_pfn >> 20), (unsigned long)(PFN_PHYS(fits) >> 20));
	EXPECT_TRUE(t, host_console_contains(msg));
	EXPECT_EQ(t, memblock_end_of_ram(), PFN_PHYS(fits));
}

static void test_highmem_param_small_ram(struct ktest *t)
{
	struct zone_limits zl;

	memblock_add(K(4), M(512) - K(4));
	EXPECT_EQ(t, parse_param_string("highmem=128M", true), 0);
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_low_pfn, PFN_DOWN(M(384)));
	EXPECT_EQ(t, zl.max_pfn, PFN_DOWN(M(512)));
	EXPECT_TRUE(t, host_console_contains("128MB HIGHMEM available.\n384MB LOWMEM available.\n"));
}

static void test_highmem_param_messages(struct ktest *t)
{
	struct zone_limits zl;

	memblock_add(K(4), M(512) - K(4));
	parse_param_string("highmem=1G", true);
	zone_limits_init(&zl);
	EXPECT_TRUE(t, host_console_contains(
		"highmem size (1024MB) is bigger than pages available (512MB)!\n"));
	EXPECT_EQ(t, zl.max_low_pfn, zl.max_pfn);
	parse_param_string("highmem=480M", true);
	zone_limits_init(&zl);
	EXPECT_TRUE(t, host_console_contains(
		"highmem size (480MB) results in <64MB lowmem, ignoring it!\n"));
	EXPECT_EQ(t, zl.max_low_pfn, zl.max_pfn);
}

static void test_highmem_param_big_ram(struct ktest *t)
{
	struct zone_limits zl;

	qemu_ram(2048);
	parse_param_string("highmem=100M", true);
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_pfn, 0x38000 + PFN_DOWN(M(100)));
	EXPECT_EQ(t, memblock_end_of_ram(), M(996));
	parse_param_string("highmem=3G", true);
	memblock_reset();
	qemu_ram(2048);
	zone_limits_init(&zl);
	EXPECT_TRUE(t, host_console_contains(
		"only 1151MB highmem pages available, ignoring highmem size of 3072MB!\n"));
	EXPECT_EQ(t, zl.max_pfn, 0x7ffe0);
}

static void test_vmalloc_param(struct ktest *t)
{
	struct zone_limits zl;

	qemu_ram(2048);
	EXPECT_EQ(t, zone_limits_maxmem(), M(896));
	EXPECT_EQ(t, parse_param_string("vmalloc=256M", true), 0);
	EXPECT_EQ(t, zone_limits_maxmem(), M(760));
	zone_limits_init(&zl);
	EXPECT_EQ(t, zl.max_low_pfn, PFN_DOWN(M(760)));
	EXPECT_EQ(t, parse_param_string("vmalloc=1M vmalloc=2G vmalloc=x", true), 3);
	EXPECT_EQ(t, zone_limits_maxmem(), M(760));
	EXPECT_TRUE(t, host_console_contains("malformed parameter vmalloc=1M"));
}

static void test_ram_above_16m_only(struct ktest *t)
{
	struct zone_limits zl;
	unsigned long s, e;

	memblock_add(M(32), M(64));
	zone_limits_init(&zl);
	zone_limits_span(&zl, ZONE_DMA, &s, &e);
	EXPECT_EQ(t, s, e);
	zone_limits_span(&zl, ZONE_NORMAL, &s, &e);
	EXPECT_EQ(t, s, PFN_DOWN(M(32)));
	EXPECT_EQ(t, e, PFN_DOWN(M(96)));
	EXPECT_EQ(t, zl.max_pfn, PFN_DOWN(M(96)));
}

static const struct ktest_case zone_limits_cases[] = {
	KTEST_CASE(test_zones_2g),
	KTEST_CASE(test_zones_15m_dma_only),
	KTEST_CASE(test_zones_897m_tiny_highmem),
	KTEST_CASE(test_zones_8g_ram_above_4g_ignored),
	KTEST_CASE(test_pae_keeps_ram_below_64g),
	KTEST_CASE(test_pae_20g_highmem_to_end_of_ram),
	KTEST_CASE(test_pae_memmap_squeeze_refused),
	KTEST_CASE(test_highmem_param_small_ram),
	KTEST_CASE(test_highmem_param_messages),
	KTEST_CASE(test_highmem_param_big_ram),
	KTEST_CASE(test_vmalloc_param),
	KTEST_CASE(test_ram_above_16m_only),
	{}
};
KTEST_SUITE_FULL(zone_limits, zl_init, zl_exit, zone_limits_cases);
