/* slabinfo: every cache in Linux's /proc/slabinfo version 2.1 layout.
 *
 * Columns as SLUB fills them: objsize is the slot stride (object plus
 * metadata), the tunables are all 0 (no per-CPU arrays), active_slabs
 * counts slabs holding at least one object, num_slabs all slabs.
 * Every CPU's current slab is flushed first (slab_flush_all()), so the
 * figures are exact (Linux's count a current slab's free objects as
 * active). */
#include <kernel/arch.h>
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <mm/mm.h>
#include <mm/slab.h>

struct slabinfo_line {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
};

/* A consistent snapshot of one cache's counters. */
static void cache_snapshot(const struct kmem_cache *s, struct slabinfo_line *l)
{
	spinlock_t *lock = (spinlock_t *)&s->list_lock;
	unsigned long irq;

	spin_lock_irqsave(lock, irq);
	l->active_objs = s->nr_active;
	l->num_objs = s->nr_slabs * s->objects;
	l->num_slabs = s->nr_slabs;
	l->active_slabs = s->nr_slabs - s->nr_empty;
	spin_unlock_irqrestore(lock, irq);
}

static int format_line(const struct kmem_cache *s, char *buf, size_t size);

void slabinfo_show(void)
{
	const struct kmem_cache *s;

	slab_flush_all_caches();
	printk("slabinfo - version: 2.1\n");
	printk("# name            <active_objs> <num_objs> <objsize> <objperslab> "
	       "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
	       "slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	list_for_each_entry(s, &slab_caches, list) {
		char line[SLABINFO_LINE_MAX];

		format_line(s, line, sizeof(line));
		printk("%s\n", line);
	}
}

int slabinfo_format(const struct kmem_cache *s, char *buf, size_t size)
{
	/* Flushing moves objects between free lists, not out of the cache. */
	slab_flush_all((struct kmem_cache *)s);
	return format_line(s, buf, size);
}

static int format_line(const struct kmem_cache *s, char *buf, size_t size)
{
	struct slabinfo_line l;

	cache_snapshot(s, &l);
	return snprintf(buf, size, "%-17s %6lu %6lu %6u %4u %4lu : tunables %4u %4u %4u : "
			"slabdata %6lu %6lu %6u",
			s->name, l.active_objs, l.num_objs, s->size, s->objects,
			1UL << s->order, 0u, 0u, 0u, l.active_slabs, l.num_slabs, 0u);
}

unsigned long slab_total_active_objects(void)
{
	const struct kmem_cache *s;
	unsigned long n = 0;

	slab_flush_all_caches();
	list_for_each_entry(s, &slab_caches, list)
		n += s->nr_active;
	return n;
}

unsigned long slab_total_pages(void)
{
	const struct kmem_cache *s;
	unsigned long n = 0;

	list_for_each_entry(s, &slab_caches, list)
		n += s->nr_slabs << s->order;
	return n;
}
