/* Zone set-up from the limits the architecture gave (include/mm/boot.h):
 * mem_map, zone spans, present pages, the hand-over of free RAM to the
 * buddy lists, and ZONE_MOVABLE from kernelcore=/movablecore=. Boot only,
 * one CPU. */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/boot.h>
#include <mm/mm.h>

unsigned long lowmem_end_pfn;
int movable_zone;
bool page_group_by_mobility_disabled;

/* Zone spans: from the architecture's limits (zone_limits_span(), the one
 * place spans are computed), after the Movable carve. */
static unsigned long span_start[MAX_NR_ZONES], span_end[MAX_NR_ZONES];
static unsigned long node_lo = ~0UL, node_hi;
static bool buddy_started;

/* kernelcore= / movablecore= in pages, or percent of RAM. */
static unsigned long kernelcore_pages, movablecore_pages;
static unsigned int kernelcore_percent, movablecore_percent;

static void zone_init_lists(struct zone *z, int idx)
{
	unsigned int o;
	int mt;

	memset(z, 0, sizeof(*z));
	z->name = zone_name(idx);
	spin_lock_init(&z->lock);
	z->lock.name = "zone->lock";
	for (o = 0; o < MAX_ORDER; o++)
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			INIT_LIST_HEAD(&z->free_area[o].free_list[mt]);
}

static void zone_set_span(int idx)
{
	struct zone *z = &contig_page_data.node_zones[idx];

	z->zone_start_pfn = span_start[idx];
	z->spanned_pages = span_end[idx] - span_start[idx];
}

/* Carve ZONE_MOVABLE = [movable_start_pfn, end of the zone holding it). */
static void carve_movable(unsigned long movable_start_pfn, unsigned long max_pfn)
{
	int i;

	span_start[ZONE_MOVABLE] = span_end[ZONE_MOVABLE] = max_pfn;
	if (!movable_start_pfn)
		return;
	for (i = ZONE_HIGHMEM; i >= 0; i--)
		if (movable_start_pfn >= span_start[i] && movable_start_pfn < span_end[i])
			break;
	if (i < 0) {
		pr_warn("free_area_init: movable start pfn %#lx outside every zone, ignored\n",
			movable_start_pfn);
		return;
	}
	span_start[ZONE_MOVABLE] = movable_start_pfn;
	span_end[ZONE_MOVABLE] = span_end[i];
	span_end[i] = movable_start_pfn;
}

void free_area_init(struct page *map, const struct zone_limits *zl,
		    unsigned long movable_start_pfn)
{
	unsigned long max_pfn = zl->max_pfn, pfn;
	int i;

	mem_map = map;
	mem_map_pfns = max_pfn;
	node_lo = ~0UL;
	node_hi = 0;
	buddy_started = false;
	page_group_by_mobility_disabled = false;
	memset(&contig_page_data, 0, sizeof(contig_page_data));

	for (i = 0; i < ZONE_MOVABLE; i++)
		zone_limits_span(zl, i, &span_start[i], &span_end[i]);
	lowmem_end_pfn = span_end[ZONE_NORMAL];
	for (i = ZONE_MOVABLE - 1; i > ZONE_DMA; i--)
		if (span_end[i] > span_start[i])
			break;
	movable_zone = i;
	carve_movable(movable_start_pfn, max_pfn);
	for (i = 0; i < MAX_NR_ZONES; i++) {
		zone_init_lists(&contig_page_data.node_zones[i], i);
		zone_set_span(i);
	}

	/* This loop runs for every frame of RAM (a million at 4 GiB): each
	 * field of struct page is stored once, no memset. A field added to
	 * struct page must be set here too: the assertion catches a field
	 * appended after inuse. Frames below the first zone (below the first
	 * RAM pfn) are set up as reserved pages of the first zone. */
	_Static_assert(ALIGN(__builtin_offsetof(struct page, inuse) + sizeof(unsigned int),
			     _Alignof(struct page)) == sizeof(struct page),
		       "struct page changed: update the initialiser below");
	for (i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long low_flags = ((unsigned long)i << PAGE_ZONE_SHIFT) |
					  (1UL << PG_reserved);
		unsigned long high_flags = low_flags | (1UL << PG_highmem);

		for (pfn = i == ZONE_DMA ? 0 : span_start[i]; pfn < span_end[i]; pfn++) {
			struct page *page = &map[pfn];

			page->flags = pfn >= lowmem_end_pfn ? high_flags : low_flags;
			page->_refcount = 1;
			page->private = 0;
			page->lru.next = page->lru.prev = &page->lru;
			page->first_page = NULL;
			page->freelist = NULL;
			page->inuse = 0;
		}
	}
	/* Boot memory starts movable, as in Linux: unmovable allocations
	 * steal pageblocks as they need them. */
	for (pfn = 0; pfn < max_pfn; pfn += pageblock_nr_pages)
		set_pageblock_migratetype(&map[pfn], MIGRATE_MOVABLE);
}

void memmap_mark_present(unsigned long start_pfn, unsigned long end_pfn)
{
	int i;

	end_pfn = min(end_pfn, mem_map_pfns);
	if (start_pfn >= end_pfn)
		return;
	node_lo = min(node_lo, start_pfn);
	node_hi = max(node_hi, end_pfn);
	for (i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long s = max(start_pfn, span_start[i]);
		unsigned long e = min(end_pfn, span_end[i]);

		if (s < e)
			contig_page_data.node_zones[i].present_pages += e - s;
	}
	contig_page_data.node_start_pfn = node_lo;
	contig_page_data.node_spanned_pages = node_hi - node_lo;
	contig_page_data.node_present_pages += end_pfn - start_pfn;
}

/* Decide mobility grouping once, before the first block reaches the lists:
 * with less RAM than pageblocks of every type need, grouping only wastes
 * (Linux's rule), and every pageblock becomes unmovable. */
static void decide_mobility_grouping(void)
{
	unsigned long pfn;

	buddy_started = true;
	page_group_by_mobility_disabled =
		contig_page_data.node_present_pages < pageblock_nr_pages * MIGRATE_TYPES;
	if (!page_group_by_mobility_disabled)
		return;
	for (pfn = 0; pfn < mem_map_pfns; pfn += pageblock_nr_pages)
		set_pageblock_migratetype(pfn_to_page(pfn), MIGRATE_UNMOVABLE);
}

/* Largest order for a block at pfn that stays below limit. */
static unsigned int block_order(unsigned long pfn, unsigned long limit)
{
	unsigned int order = MAX_ORDER - 1;

	while (order && (!IS_ALIGNED(pfn, 1UL << order) || pfn + (1UL << order) > limit))
		order--;
	return order;
}

void free_range_to_buddy(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long pfn = start_pfn;

	if (!buddy_started)
		decide_mobility_grouping();
	end_pfn = min(end_pfn, mem_map_pfns);
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(pfn);
		struct zone *zone = page_zone(page);
		unsigned long limit = min(end_pfn, span_end[zone_idx(zone)]), n, i;
		unsigned int order;

		if (!PageReserved(page)) {
			WARN_ONCE(1, "free_range_to_buddy: pfn %#lx is not reserved", pfn);
			pfn++;
			continue;
		}
		order = block_order(pfn, limit);
		for (i = 1; i < (1UL << order); i++) {
			if (!PageReserved(page + i)) {
				while ((1UL << order) > i)
					order--;
				break;
			}
		}
		n = 1UL << order;
		for (i = 0; i < n; i++) {
			ClearPageReserved(page + i);
			set_page_count(page + i, 0);
		}
		zone->managed_pages += n;
		/* Hand the block over as if it had been allocated, so it takes
		 * the normal free path (checks, poisoning, merging). */
		set_page_count(page, 1);
		page->private = order;
		__free_pages(page, order);
		pfn += n;
	}
}

/* ------------------------------------------------------------------------
 * ZONE_MOVABLE sizing.
 */

static int parse_core_size(const char *val, unsigned long *pages, unsigned int *percent)
{
	char *end;
	unsigned long long v;
	bool overflow = false;

	if (!val || !*val)
		return -EINVAL;
	v = simple_strtoull(val, &end, 0);
	if (end != val && *end == '%' && end[1] == '\0') {
		if (v > 100)
			return -EINVAL;
		*percent = (unsigned int)v;
		*pages = 0;
		return 0;
	}
	v = memparse_ovf(val, &end, &overflow);
	if (end == val || *end || overflow)
		return -EINVAL;
	*pages = (unsigned long)min(v >> PAGE_SHIFT, (unsigned long long)~0UL);
	*percent = 0;
	return 0;
}

static int parse_kernelcore(const char *val)
{
	return parse_core_size(val, &kernelcore_pages, &kernelcore_percent);
}
early_param("kernelcore", parse_kernelcore);

static int parse_movablecore(const char *val)
{
	return parse_core_size(val, &movablecore_pages, &movablecore_percent);
}
early_param("movablecore", parse_movablecore);

void movable_params_reset(void)
{
	kernelcore_pages = movablecore_pages = 0;
	kernelcore_percent = movablecore_percent = 0;
}

unsigned long find_movable_start_pfn(const struct zone_limits *zl, unsigned long total_pages)
{
	unsigned long kernelcore = kernelcore_pages, movable, top = 0, bottom = 0, start;
	int i;

	if (kernelcore_percent)
		kernelcore = (unsigned long)((u64)total_pages * kernelcore_percent / 100);
	if (movablecore_pages || movablecore_percent) {
		unsigned long m = movablecore_percent ?
			(unsigned long)((u64)total_pages * movablecore_percent / 100) :
			movablecore_pages;

		m = min(m, total_pages);
		/* With both given, the kernel keeps the larger share. */
		kernelcore = max(kernelcore, total_pages - m);
	} else if (!kernelcore_pages && !kernelcore_percent) {
		return 0;
	}
	if (kernelcore >= total_pages)
		return 0;
	movable = total_pages - kernelcore;

	for (i = 0; i < ZONE_MOVABLE; i++) {
		unsigned long s, e;

		zone_limits_span(zl, i, &s, &e);
		if (e > s) {
			bottom = s;
			top = e;
		}
	}
	if (!top)
		return 0;
	start = top > movable ? top - movable : 0;
	start = ALIGN(start, MAX_ORDER_NR_PAGES);
	start = max(start, bottom);
	return start < top ? start : 0;
}

/* ------------------------------------------------------------------------
 * Totals.
 */

unsigned long totalram_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		n += z->managed_pages;
	return n;
}

unsigned long totalhigh_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		if (is_highmem(z))
			n += z->managed_pages;
	return n;
}

unsigned long total_present_pages(void)
{
	return contig_page_data.node_present_pages;
}
