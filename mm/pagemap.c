/* The physical memory map picture (contract: include/mm/pagemap.h). It
 * reads mem_map and memblock only; nothing here changes allocator state
 * except draining the per-CPU lists, as the buddyinfo report does. */
#include <kernel/arch.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/pagemap.h>

static const char used_chars[MIGRATE_TYPES] = { 'U', 'M', 'R', 'A', 'I' };

/* memblock reservation names and what the map calls them; anything else
 * reserved in RAM is kernel or boot data. */
static const struct {
	const char *name;
	enum pagemap_kind kind;
} reserved_kinds[] = {
	{ "low memory", PAGEMAP_FIRMWARE },
	{ "BIOS area", PAGEMAP_FIRMWARE },
	{ "mem_map", PAGEMAP_PGTABLE },
	{ "kernel page table", PAGEMAP_PGTABLE },
};

static enum pagemap_kind reserved_kind(unsigned long pfn)
{
	phys_addr_t phys = PFN_PHYS(pfn);
	const char *name;
	size_t i;

	if (!memblock_is_memory(phys))
		return PAGEMAP_HOLE;
	name = memblock_reserved_name(phys);
	for (i = 0; name && i < ARRAY_SIZE(reserved_kinds); i++)
		if (!strcmp(name, reserved_kinds[i].name))
			return reserved_kinds[i].kind;
	return PAGEMAP_KERNEL;
}

/* pfn may lie inside a free block whose head is below it: look for a head
 * at each order's alignment, as Linux's is_free_buddy_page() does. */
void pagemap_walk_start(struct pagemap_walk *w, unsigned long pfn)
{
	unsigned int order;

	w->pfn = pfn;
	w->free_end = pfn;
	w->used_end = pfn;
	for (order = 0; order < MAX_ORDER; order++) {
		unsigned long head = pfn & ~((1UL << order) - 1);
		const struct page *page;

		if (!pfn_valid(head))
			continue;
		page = pfn_to_page(head);
		if (PageBuddy(page) && page->private >= order) {
			w->free_end = head + (1UL << page->private);
			return;
		}
	}
}

void pagemap_count_range(unsigned long start, unsigned long end, struct pagemap_counts *c)
{
	struct pagemap_walk w;

	memset(c, 0, sizeof(*c));
	pagemap_walk_start(&w, start);
	pagemap_walk_count(&w, end, c);
}

void pagemap_walk_count(struct pagemap_walk *w, unsigned long end, struct pagemap_counts *c)
{
	for (; w->pfn < end; w->pfn++) {
		const struct page *page;

		if (w->pfn < w->free_end) {     /* inside a free block */
			c->pages[PAGEMAP_FREE]++;
			continue;
		}
		if (!pfn_valid(w->pfn)) {
			c->pages[PAGEMAP_HOLE]++;
			continue;
		}
		page = pfn_to_page(w->pfn);
		if (PageBuddy(page)) {
			w->free_end = w->pfn + (1UL << page->private);
			c->pages[PAGEMAP_FREE]++;
		} else if (PageBad(page)) {
			c->pages[PAGEMAP_BAD]++;
		} else if (PageReserved(page)) {
			c->pages[reserved_kind(w->pfn)]++;
		} else {
			/* An allocation's head carries its order and the
			 * migratetype it was allocated for; its other pages
			 * count with it. */
			if (w->pfn >= w->used_end) {
				unsigned long order = min(page->private, (unsigned long)MAX_ORDER - 1);

				w->used_end = w->pfn + (1UL << order);
				w->used_mt = page_migratetype(page);
			}
			c->pages[PAGEMAP_USED]++;
			c->used[w->used_mt]++;
		}
	}
}

char pagemap_cell_char(const struct pagemap_counts *c)
{
	static const struct {
		enum pagemap_kind kind;
		char ch;
	} reserved_chars[] = {
		{ PAGEMAP_FIRMWARE, 'F' }, { PAGEMAP_PGTABLE, 'P' }, { PAGEMAP_KERNEL, 'K' },
	};
	unsigned long most = 0;
	char ch = 0;
	size_t i;
	int mt;

	if (c->pages[PAGEMAP_BAD])
		return 'X';
	if (c->pages[PAGEMAP_USED]) {
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			if (c->used[mt] > most) {
				most = c->used[mt];
				ch = used_chars[mt];
			}
		}
		return c->pages[PAGEMAP_FREE] ? (char)(ch - 'A' + 'a') : ch;
	}
	for (i = 0; i < ARRAY_SIZE(reserved_chars); i++) {
		if (c->pages[reserved_chars[i].kind] > most) {
			most = c->pages[reserved_chars[i].kind];
			ch = reserved_chars[i].ch;
		}
	}
	if (ch)
		return ch;
	return c->pages[PAGEMAP_FREE] ? '.' : '_';
}

static void print_legend(unsigned int order)
{
	pr_info("pagemap: 1 char = %lu pages (%lu KiB), %d per row\n", 1UL << order,
		(1UL << order) * (PAGE_SIZE / 1024), PAGEMAP_ROW_CELLS);
	pr_info("legend: . free  U M R A I used (unmovable movable reclaimable highatomic isolate;\n");
	pr_info("        lower case: partly free)  F firmware  P mem_map/page tables  K kernel  X bad  _ no RAM\n");
}

/* Print a zone's cells of 2^order pages, aligned to their size and clipped
 * to the zone; add up their counts in total. Returns the number of
 * full-size cells that are entirely free (a cell clipped by the zone's
 * edge can never hold a free block of the cell's size). */
static unsigned long zone_map(const struct zone *z, unsigned int order,
			      struct pagemap_counts *total, bool print)
{
	unsigned long start = z->zone_start_pfn, end = zone_end_pfn(z);
	unsigned long cell = 1UL << order, pfn = start;
	struct pagemap_walk w;
	unsigned long whole_free = 0;
	unsigned int col = 0;

	if (print)
		pr_info("zone %8s [mem %#011llx-%#011llx]\n", z->name,
			(unsigned long long)PFN_PHYS(start), (unsigned long long)PFN_PHYS(end) - 1);
	pagemap_walk_start(&w, start);
	while (pfn < end) {
		unsigned long next = min((pfn | (cell - 1)) + 1, end);
		struct pagemap_counts c;
		int k;

		memset(&c, 0, sizeof(c));
		pagemap_walk_count(&w, next, &c);
		if (print && !col)
			pr_info("%#011llx ", (unsigned long long)PFN_PHYS(pfn));
		if (print)
			pr_cont("%c", pagemap_cell_char(&c));
		if (++col == PAGEMAP_ROW_CELLS) {
			if (print)
				pr_cont("\n");
			col = 0;
		}
		for (k = 0; k < PAGEMAP_NR_KINDS; k++)
			total->pages[k] += c.pages[k];
		for (k = 0; k < MIGRATE_TYPES; k++)
			total->used[k] += c.used[k];
		if (c.pages[PAGEMAP_FREE] == cell)     /* a full-size cell, all free */
			whole_free++;
		pfn = next;
	}
	if (print && col)
		pr_cont("\n");
	return whole_free;
}

/* Summary line. `whole_free` counts the cells entirely free (on the buddy
 * lists): for pageblock cells, what buddyinfo's orders >= pageblock_order
 * add up to. */
static void print_summary(const struct zone *z, unsigned long cells, unsigned long whole_free,
			  const struct pagemap_counts *t)
{
	pr_info("pagemap: zone %s cells=%lu free_cells=%lu free=%lu used=%lu reserved=%lu hole=%lu bad=%lu\n",
		z->name, cells, whole_free, t->pages[PAGEMAP_FREE], t->pages[PAGEMAP_USED],
		t->pages[PAGEMAP_FIRMWARE] + t->pages[PAGEMAP_PGTABLE] + t->pages[PAGEMAP_KERNEL],
		t->pages[PAGEMAP_HOLE], t->pages[PAGEMAP_BAD]);
}

static unsigned long nr_cells(const struct zone *z, unsigned int order)
{
	unsigned long first = z->zone_start_pfn >> order;
	unsigned long last = (zone_end_pfn(z) - 1) >> order;

	return last - first + 1;
}

static void map_one_zone(const struct zone *z, unsigned int order)
{
	struct pagemap_counts total;
	unsigned long whole_free;

	memset(&total, 0, sizeof(total));
	whole_free = zone_map(z, order, &total, true);
	print_summary(z, nr_cells(z, order), whole_free, &total);
}

unsigned long pagemap_zone_counts(const struct zone *z, unsigned int order,
				  struct pagemap_counts *total)
{
	memset(total, 0, sizeof(*total));
	return z->spanned_pages ? zone_map(z, order, total, false) : 0;
}

void show_pagemap(void)
{
	const struct zone *z;

	drain_all_pages();
	print_legend(pageblock_order);
	for_each_zone(z)
		if (z->spanned_pages)
			map_one_zone(z, pageblock_order);
}

void show_pagemap_zone(const struct zone *z)
{
	unsigned int order = PAGEMAP_ZONE_MIN_ORDER;

	drain_all_pages();
	while (z->spanned_pages && nr_cells(z, order) > PAGEMAP_ZONE_MAX_CELLS)
		order++;
	print_legend(order);
	if (z->spanned_pages)
		map_one_zone(z, order);
	else
		pr_info("zone %8s empty\n", z->name);
}
