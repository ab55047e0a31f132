/* Fragmentation indices in the formats of Linux's debugfs files
 * extfrag/extfrag_index and extfrag/unusable_index (mm/vmstat.c:
 * fill_contig_page_info(), __fragmentation_index(), unusable_free_index()).
 *
 * Both are computed from one zone's free block counts per order (buddyinfo)
 * and are fixed-point values in thousandths:
 *   unusable index: the share of free memory that cannot serve an
 *     allocation of the order (0 = all of it can, 1000 = none of it can;
 *     1000 also when nothing is free).
 *   extfrag index: why an allocation of the order would fail: towards 0
 *     for lack of memory, towards 1000 for fragmentation; -1000 when it
 *     would succeed (a block of that order is free), 0 when nothing is free.
 * The reports print them as Linux does: "%d.%03d " and "%2d.%03d ". */
#ifndef MM_FRAG_H
#define MM_FRAG_H

#include <mm/mmzone.h>

struct contig_page_info {
	unsigned long free_pages;           /* pages in free blocks */
	unsigned long free_blocks_total;    /* free blocks of any order */
	unsigned long free_blocks_suitable; /* blocks of `order` the free blocks hold */
};

/* Sum nr_free[0..MAX_ORDER) for an allocation of `order`. */
void contig_page_info_fill(const unsigned long nr_free[MAX_ORDER], unsigned int order,
			   struct contig_page_info *info);
int fragmentation_index(unsigned int order, const struct contig_page_info *info);
int unusable_free_index(unsigned int order, const struct contig_page_info *info);

/* Print one line per populated zone (after draining the per-CPU lists):
 * "Node 0, zone   Normal " then one value per order. */
void show_extfrag_index(void);
void show_unusable_index(void);

#endif
