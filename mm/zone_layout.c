/* Zone spans from the architecture's limits, the one table of zone names,
 * and Linux's "Zone ranges:" block (mm/page_alloc.c free_area_init()). */
#include <mm/boot.h>
#include <mm/memblock.h>
#include <mm/mmzone.h>
#include <mm/pfn.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>

static const char *const zone_names[MAX_NR_ZONES] = {
	[ZONE_DMA] = "DMA", [ZONE_NORMAL] = "Normal",
	[ZONE_HIGHMEM] = "HighMem", [ZONE_MOVABLE] = "Movable",
};

const char *zone_name(enum zone_type idx)
{
	return (unsigned int)idx < MAX_NR_ZONES ? zone_names[idx] : "?";
}

bool zone_idx_populated(enum zone_type idx)
{
	return (unsigned int)idx < MAX_NR_ZONES &&
	       populated_zone(&contig_page_data.node_zones[idx]);
}

void zone_limits_span(const struct zone_limits *zl, enum zone_type idx,
		      unsigned long *start, unsigned long *end)
{
	const unsigned long ends[ZONE_MOVABLE] = {
		zl->max_dma_pfn, zl->max_low_pfn, zl->max_pfn,
	};
	unsigned long s = zl->min_pfn, e = s;
	int z;

	for (z = 0; z <= (int)idx && z < ZONE_MOVABLE; z++) {
		s = e;
		e = max(ends[z], s);
	}
	*start = s;
	*end = e;
}

static void print_node_range(unsigned long start_pfn, unsigned long end_pfn, void *arg)
{
	(void)arg;
	pr_info("  node %3d: [mem %#018llx-%#018llx]\n", 0,
		(unsigned long long)PFN_PHYS(start_pfn),
		(unsigned long long)PFN_PHYS(end_pfn) - 1);
}

void zone_limits_print(const struct zone_limits *zl, unsigned long movable_start_pfn)
{
	unsigned long start, end;
	int z;

	pr_info("Zone ranges:\n");
	for (z = 0; z < ZONE_MOVABLE; z++) {
		unsigned long s, e;

		zone_limits_span(zl, z, &s, &e);
		if (s == e)
			pr_info("  %-8s empty\n", zone_names[z]);
		else
			pr_info("  %-8s [mem %#018llx-%#018llx]\n", zone_names[z],
				(unsigned long long)PFN_PHYS(s),
				(unsigned long long)PFN_PHYS(e) - 1);
	}
	pr_info("Movable zone start for each node\n");
	if (movable_start_pfn)
		pr_info("  Node %d: %#018llx\n", 0,
			(unsigned long long)PFN_PHYS(movable_start_pfn));
	pr_info("Early memory node ranges\n");
	memblock_for_each_mem_pfn_range(print_node_range, NULL);
	start = PFN_UP(memblock_start_of_ram());
	end = PFN_DOWN(memblock_end_of_ram());
	pr_info("Initmem setup node %d [mem %#018llx-%#018llx]\n", 0,
		(unsigned long long)PFN_PHYS(start),
		end ? (unsigned long long)PFN_PHYS(end) - 1 : 0ULL);
}
