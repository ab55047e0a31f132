/* The allocator invariants of tests/kernel/mm_invariants.h. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/printk.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/slab.h>

#include "mm_invariants.h"
#include "smp_load.h"


static const char *inv_storm;
static unsigned long inv_step;

#define inv_fail(fmt, ...) \
	(pr_err("mm_invariants: %s step %lu: " fmt "\n", inv_storm, inv_step, ##__VA_ARGS__), false)

/* The free block holding pfn other than one with head pfn itself, or NULL:
 * a PG_buddy head at an aligned pfn below whose order reaches pfn. */
static const struct page *inv_enclosing_free(const struct zone *z, unsigned long pfn,
					     unsigned int from_order)
{
	unsigned int o;

	for (o = from_order; o < MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *p;

		if (head == pfn || !zone_spans_pfn(z, head))
			continue;
		p = pfn_to_page(head);
		if (PageBuddy(p) && p->private >= o)
			return p;
	}
	return NULL;
}

static bool inv_free_lists(const struct zone *z)
{
	unsigned long pages = 0;
	unsigned int order;
	int mt;

	for (order = 0; order < MAX_ORDER; order++) {
		const struct free_area *area = &z->free_area[order];
		unsigned long blocks = 0;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *pos;

			list_for_each(pos, &area->free_list[mt]) {
				const struct page *p = list_entry(pos, struct page, lru);
				unsigned long pfn = page_to_pfn(p);
				const struct page *outer;

				if (++blocks > area->nr_free)
					return inv_fail("%s order %u: more blocks listed than nr_free %lu",
							z->name, order, area->nr_free);
				if (!PageBuddy(p) || p->private != order || page_migratetype(p) != mt ||
				    page_count(p) != 0)
					return inv_fail("%s order %u type %d: block %#lx: buddy %d order %lu type %d refcount %d",
							z->name, order, mt, pfn, PageBuddy(p), p->private,
							page_migratetype(p), page_count(p));
				if (!IS_ALIGNED(pfn, 1UL << order) || !zone_spans_pfn(z, pfn) ||
				    !zone_spans_pfn(z, pfn + (1UL << order) - 1) ||
				    page_zonenum(p) != zone_idx(z))
					return inv_fail("%s order %u: block %#lx misaligned or outside the zone",
							z->name, order, pfn);
				outer = inv_enclosing_free(z, pfn, order + 1);
				if (outer)
					return inv_fail("%s order %u: block %#lx inside free block %#lx order %lu",
							z->name, order, pfn, page_to_pfn(outer),
							outer->private);
			}
		}
		if (blocks != area->nr_free)
			return inv_fail("%s order %u: %lu blocks listed, nr_free %lu", z->name, order,
					blocks, area->nr_free);
		pages += blocks << order;
	}
	if (pages != z->free_pages)
		return inv_fail("%s: %lu pages on the free lists, free_pages %lu", z->name, pages,
				z->free_pages);
	return true;
}

static bool inv_pcp(const struct zone *z)
{
	const struct per_cpu_pages *pcp = &z->pcp[smp_processor_id()];
	long total = 0;
	unsigned int li;

	for (li = 0; li < NR_PCP_LISTS; li++) {
		unsigned int order = li / MIGRATE_PCPTYPES;
		int mt = (int)(li % MIGRATE_PCPTYPES);
		const struct list_head *pos;

		for (pos = pcp->lists[li]; pos; pos = pos->next) {
			const struct page *p = list_entry(pos, struct page, lru);
			unsigned long pfn = page_to_pfn(p);

			total += 1L << order;
			if (total > pcp->count)
				return inv_fail("%s pcp: more pages listed than count %d", z->name,
						pcp->count);
			if (PageBuddy(p) || page_count(p) != 0 || PageReserved(p) ||
			    page_zonenum(p) != zone_idx(z) || !zone_spans_pfn(z, pfn))
				return inv_fail("%s pcp type %d: page %#lx: buddy %d refcount %d flags %#lx",
						z->name, mt, pfn, PageBuddy(p), page_count(p), p->flags);
			if (inv_enclosing_free(z, pfn, order))
				return inv_fail("%s pcp type %d: page %#lx is inside a free block",
						z->name, mt, pfn);
		}
	}
	if (total != pcp->count)
		return inv_fail("%s pcp: %ld pages listed, count %d", z->name, total, pcp->count);
	if (pcp->high && pcp->count >= pcp->high)
		return inv_fail("%s pcp: count %d at or above high %d", z->name, pcp->count,
				pcp->high);
	return true;
}

/* Slabs on one list: each of the cache, with the inuse the list calls for. */
static bool inv_slab_list(struct kmem_cache *s, const struct list_head *head,
			  const char *name, unsigned long *slabs, unsigned long *active)
{
	const struct list_head *pos;
	unsigned long n = 0;

	list_for_each(pos, head) {
		const struct page *p = list_entry(pos, struct page, lru);
		bool ok;

		if (++n > s->nr_slabs)
			return inv_fail("cache %s: more slabs listed than nr_slabs %lu", s->name,
					s->nr_slabs);
		if (head == &s->slabs_full)
			ok = p->inuse == s->objects;
		else if (head == &s->slabs_partial)
			ok = p->inuse > 0 && p->inuse < s->objects;
		else
			ok = p->inuse == 0;
		if (!PageSlab(p) || p->slab_cache != s)
			return inv_fail("cache %s: %s slab %#lx is not a slab of the cache", s->name,
					name, page_to_pfn(p));
		if (!ok)
			return inv_fail("cache %s: slab %#lx with %u of %u objects in use is on the %s list",
					s->name, page_to_pfn(p), p->inuse, s->objects, name);
		*active += p->inuse;
	}
	*slabs += n;
	return true;
}

static bool inv_slab(void)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &slab_caches, list) {
		unsigned long slabs = 0, active = 0, empty = 0;

		if (!inv_slab_list(s, &s->slabs_full, "full", &slabs, &active) ||
		    !inv_slab_list(s, &s->slabs_partial, "partial", &slabs, &active) ||
		    !inv_slab_list(s, &s->slabs_empty, "empty", &empty, &active))
			return false;
		/* Current slabs are on no list; the counters hold their
		 * page->inuse (a CPU's own free objects counted in use). */
		for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
			const struct page *p = slab_cpu_page(s, cpu);

			if (p) {
				slabs++;
				active += p->inuse;
			}
		}
		slabs += empty;
		if (slabs != s->nr_slabs || empty != s->nr_empty || active != s->nr_active)
			return inv_fail("cache %s: lists hold %lu slabs (%lu empty, %lu objects), counters say %lu (%lu, %lu)",
					s->name, slabs, empty, active, s->nr_slabs, s->nr_empty,
					s->nr_active);
	}
	return true;
}

static bool inv_kmap(int kmaps_held)
{
	struct kmap_pool_state st;

	kmap_get_pool_state(&st);
	if (st.free + st.unused + st.in_use != LAST_PKMAP)
		return inv_fail("kmap: %u free + %u unused + %u in use slots, not %u", st.free,
				st.unused, st.in_use, LAST_PKMAP);
	if (kmaps_held != MM_INV_ANY_KMAPS && st.in_use != (unsigned int)kmaps_held)
		return inv_fail("kmap: %u slots in use, %d kmaps held", st.in_use, kmaps_held);
	return true;
}

bool mm_invariants_check(const char *storm, unsigned long step, int kmaps_held)
{
	unsigned long flags;
	const struct zone *z;
	bool ok = true;

	smp_load_pause();
	flags = arch_irq_save();

	inv_storm = storm;
	inv_step = step;
	for_each_zone(z)
		if (!inv_free_lists(z) || !inv_pcp(z)) {
			ok = false;
			break;
		}
	ok = ok && inv_slab() && inv_kmap(kmaps_held);
	arch_irq_restore(flags);
	smp_load_resume();
	return ok;
}
