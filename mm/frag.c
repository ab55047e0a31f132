/* Fragmentation indices (contract: include/mm/frag.h). The formulas are
 * those of Linux's mm/vmstat.c, computed from buddyinfo counts only, so the
 * host tests can compare them with an independent model of the same counts. */
#include <kernel/printk.h>
#include <mm/frag.h>
#include <mm/mm.h>

void contig_page_info_fill(const unsigned long nr_free[MAX_ORDER], unsigned int order,
			   struct contig_page_info *info)
{
	unsigned int o;

	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (o = 0; o < MAX_ORDER; o++) {
		info->free_blocks_total += nr_free[o];
		info->free_pages += nr_free[o] << o;
		if (o >= order)
			info->free_blocks_suitable += nr_free[o] << (o - order);
	}
}

int fragmentation_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long long requested = 1ULL << order;
	unsigned long long per_block;

	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	/* 1000 - (1000 + free/requested in thousandths) / blocks */
	per_block = (1000ULL + info->free_pages * 1000ULL / requested) /
		    info->free_blocks_total;
	return 1000 - (int)per_block;
}

int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	unsigned long long usable = (unsigned long long)info->free_blocks_suitable << order;

	if (!info->free_pages)
		return 1000;
	return (int)((info->free_pages - usable) * 1000ULL / info->free_pages);
}

/* wide: Linux's "%2d.%03d " (extfrag, which can be -1.000) rather than
 * "%d.%03d " (unusable). */
static void show_index(int (*index)(unsigned int, const struct contig_page_info *),
		       bool wide)
{
	unsigned long snap[MAX_NR_ZONES][MAX_ORDER];
	struct contig_page_info info;
	const struct zone *z;
	unsigned int o;

	buddyinfo_snapshot(snap);
	for_each_populated_zone(z) {
		pr_info("Node %d, zone %8s ", 0, z->name);
		for (o = 0; o < MAX_ORDER; o++) {
			int v;

			contig_page_info_fill(snap[zone_idx(z)], o, &info);
			v = index(o, &info);
			/* C division, as Linux prints it: -1000 is "-1.000"; the
			 * rare negative extfrag values above -1000 (one small free
			 * block, e.g. -500) print as Linux's do, " 0.-500". */
			if (wide)
				pr_cont("%2d.%03d ", v / 1000, v % 1000);
			else
				pr_cont("%d.%03d ", v / 1000, v % 1000);
		}
		pr_cont("\n");
	}
}

void show_extfrag_index(void)
{
	show_index(fragmentation_index, true);
}

void show_unusable_index(void)
{
	show_index(unusable_free_index, false);
}
