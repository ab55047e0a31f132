/* Watermarks and lowmem reserves (Linux 4.19 mm/page_alloc.c formulas:
 * init_per_zone_wmark_min(), __setup_per_zone_wmarks(),
 * setup_per_zone_lowmem_reserve(), __zone_watermark_ok())
 * and the watermark check every allocation attempt makes. */
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <mm/mm.h>

/* Bounds of min_free_kbytes (Linux's). */
#define MIN_FREE_KBYTES_FLOOR   128
#define MIN_FREE_KBYTES_CEILING 65536
/* Highmem min watermark bounds, in pages (SWAP_CLUSTER_MAX .. 128). */
#define HIGHMEM_MIN_FLOOR       32
#define HIGHMEM_MIN_CEILING     128
/* low - min is at least managed * WATERMARK_SCALE_FACTOR / 10000. */
#define WATERMARK_SCALE_FACTOR  10
#define WATERMARK_SCALE_DIV     10000

int min_free_kbytes = 1024;

const int lowmem_reserve_ratio[MAX_NR_ZONES] = {
	[ZONE_DMA] = 256, [ZONE_NORMAL] = 32, [ZONE_HIGHMEM] = 0, [ZONE_MOVABLE] = 0,
};

static unsigned long int_sqrt(unsigned long long x)
{
	unsigned long long r = 0, bit = 1ULL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return (unsigned long)r;
}

int calculate_min_free_kbytes(unsigned long lowmem_managed_pages)
{
	unsigned long long kbytes = (unsigned long long)lowmem_managed_pages * (PAGE_SIZE >> 10);
	unsigned long v = int_sqrt(kbytes * 16);

	return (int)clamp(v, (unsigned long)MIN_FREE_KBYTES_FLOOR,
			  (unsigned long)MIN_FREE_KBYTES_CEILING);
}

void setup_per_zone_lowmem_reserve(void)
{
	struct zone *zones = contig_page_data.node_zones;
	int j, idx;

	for (j = 0; j < MAX_NR_ZONES; j++) {
		unsigned long managed = zones[j].managed_pages;

		zones[j].lowmem_reserve[j] = 0;
		for (idx = j - 1; idx >= 0; idx--) {
			struct zone *lower = &zones[idx];

			lower->lowmem_reserve[j] = lowmem_reserve_ratio[idx] > 0 ?
				managed / (unsigned long)lowmem_reserve_ratio[idx] : 0;
			managed += lower->managed_pages;
		}
	}
}

void __setup_per_zone_wmarks(void)
{
	unsigned long pages_min = (unsigned long)min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *z;

	for_each_zone(z)
		if (!is_highmem(z))
			lowmem_pages += z->managed_pages;

	for_each_zone(z) {
		unsigned long tmp = lowmem_pages ?
			(unsigned long)((u64)pages_min * z->managed_pages / lowmem_pages) : 0;
		unsigned long scaled = (unsigned long)((u64)z->managed_pages *
			WATERMARK_SCALE_FACTOR / WATERMARK_SCALE_DIV);

		/* Highmem gets its minimum even when it manages nothing. */
		if (is_highmem(z))
			z->watermark[WMARK_MIN] = clamp(z->managed_pages / 1024,
							(unsigned long)HIGHMEM_MIN_FLOOR,
							(unsigned long)HIGHMEM_MIN_CEILING);
		else
			z->watermark[WMARK_MIN] = tmp;
		tmp = max(tmp >> 2, scaled);
		z->watermark[WMARK_LOW] = z->watermark[WMARK_MIN] + tmp;
		z->watermark[WMARK_HIGH] = z->watermark[WMARK_MIN] + 2 * tmp;
	}
}

void setup_per_zone_wmarks(void)
{
	static bool printed;
	unsigned long lowmem = 0;
	struct zone *z;

	for_each_zone(z)
		if (!is_highmem(z))
			lowmem += z->managed_pages;
	min_free_kbytes = calculate_min_free_kbytes(lowmem);
	__setup_per_zone_wmarks();
	setup_per_zone_lowmem_reserve();
	if (!printed) {
		printed = true;
		pr_info("Built 1 zonelists, mobility grouping %s.  Total pages: %lu\n",
			page_group_by_mobility_disabled ? "off" : "on", totalram_pages());
	}
}

unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int f = ALLOC_WMARK_MIN;

	if (gfp & __GFP_HIGH)
		f |= ALLOC_HIGH;
	if ((gfp & __GFP_ATOMIC) && !(gfp & __GFP_NOMEMALLOC))
		f |= ALLOC_HARDER;
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC))
		f |= ALLOC_NO_WATERMARKS;
	return f;
}

bool __zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
			 int classzone_idx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;
	unsigned int o;

	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (alloc_flags & ALLOC_HARDER)
		min -= min / 4;
	if (classzone_idx < 0 || classzone_idx >= MAX_NR_ZONES)
		classzone_idx = zone_idx(z);
	if (free_pages <= min + (long)z->lowmem_reserve[classzone_idx])
		return false;
	if (!order)
		return true;
	for (o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		int mt;

		if (!area->nr_free)
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!list_empty(&area->free_list[mt]))
				return true;
		if ((alloc_flags & ALLOC_HARDER) &&
		    !list_empty(&area->free_list[MIGRATE_HIGHATOMIC]))
			return true;
	}
	return false;
}

bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags,
				   (long)z->free_pages);
}
