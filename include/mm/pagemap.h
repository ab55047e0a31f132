/* The physical memory map as a picture: one character per block of pages.
 *
 *   pagemap: 1 char = 1024 pages (4096 KiB), 64 per row
 *   zone      DMA [mem 0x000000000-0x000ffffff]
 *   0x000000000 FKu.
 *   zone   Normal [mem 0x001000000-0x037ffffff]
 *   0x001000000 P...............................................................
 *   ...
 *   pagemap: zone Normal cells=220 free=218 partly=1 used=0 reserved=1 hole=0 bad=0
 *
 * What a cell shows, first match wins (the legend is printed with the map):
 *   X  a bad page (failed a check or a RAM test; never allocated again)
 *   U M R A I  allocated pages, by the migratetype they were allocated
 *              for (Unmovable, Movable, Reclaimable, HighAtomic, Isolate;
 *              the most pages win); lower case when the cell also has
 *              free pages
 *   F  reserved for the firmware (the low 64 KiB, the BIOS area)
 *   P  reserved for mem_map or kernel page tables
 *   K  reserved for the kernel image and boot data
 *   .  free
 *   _  no RAM (a hole, or past the end of RAM)
 * The per-CPU lists are drained first, so free means on the buddy lists. */
#ifndef MM_PAGEMAP_H
#define MM_PAGEMAP_H

#include <mm/mmzone.h>

#define PAGEMAP_ROW_CELLS 64    /* 12 + 64 columns fit an 80-column terminal */

enum pagemap_kind {
	PAGEMAP_FREE,
	PAGEMAP_USED,           /* by migratetype: see pagemap_counts.used */
	PAGEMAP_FIRMWARE,
	PAGEMAP_PGTABLE,
	PAGEMAP_KERNEL,
	PAGEMAP_HOLE,
	PAGEMAP_BAD,
	PAGEMAP_NR_KINDS,
};

struct pagemap_counts {
	unsigned long pages[PAGEMAP_NR_KINDS];
	unsigned long used[MIGRATE_TYPES];
};

/* A walk over increasing pfns that knows which free block it is in. Start
 * it at a zone's first pfn (free blocks never cross a zone's start). */
struct pagemap_walk {
	unsigned long pfn;
	unsigned long free_end;         /* end of the free block pfn is in */
	unsigned long used_end;         /* end of the allocation pfn is in */
	int used_mt;                    /* that allocation's migratetype */
};

void pagemap_walk_start(struct pagemap_walk *w, unsigned long pfn);
/* Count [w->pfn, end) into c (added to what c holds) and advance. */
void pagemap_walk_count(struct pagemap_walk *w, unsigned long end, struct pagemap_counts *c);
/* Counts of [start, end), wherever start lies (inside a free block too). */
void pagemap_count_range(unsigned long start, unsigned long end, struct pagemap_counts *c);
/* A zone's counts without printing, in cells of 2^order pages; returns the
 * number of cells that are entirely free. The caller drains the per-CPU
 * lists first if pages on them should count as free. */
unsigned long pagemap_zone_counts(const struct zone *z, unsigned int order,
				  struct pagemap_counts *total);
/* The character for one cell's counts (rules above). */
char pagemap_cell_char(const struct pagemap_counts *c);

/* Print the map of every zone with a spanned range, one cell per pageblock,
 * then one summary line per zone. */
void show_pagemap(void);
/* One zone in finer detail: cells of 2^order pages, where order is the
 * smallest >= PAGEMAP_ZONE_MIN_ORDER that keeps the map within
 * PAGEMAP_ZONE_MAX_CELLS cells. */
#define PAGEMAP_ZONE_MIN_ORDER 4
#define PAGEMAP_ZONE_MAX_CELLS 4096
void show_pagemap_zone(const struct zone *z);

#endif
