/* What the per-CPU slab suites share (slab_cpu_test.c, slab_cpu_smp_test.c):
 * a cache with per-CPU slabs, an object's slab, exact counts. */
#ifndef TESTS_KERNEL_SLAB_CPU_TEST_H
#define TESTS_KERNEL_SLAB_CPU_TEST_H

#include <kernel/compiler.h>
#include <mm/mm.h>
#include <mm/slab.h>

#define SCT_OBJ_SIZE   64
/* Room for two slabs and a bit of a third. */
#define SCT_MAX_OBJS   (3 * PAGE_SIZE / SCT_OBJ_SIZE)

/* A cache of SCT_OBJ_SIZE objects with per-CPU slabs, or NULL (then the
 * case is to be skipped: slub_debug made it a debug cache, or no memory). */
static inline struct kmem_cache *sct_cache(const char *name)
{
	struct kmem_cache *s = kmem_cache_create(name, SCT_OBJ_SIZE, 0, 0, NULL);

	if (s && (s->flags & SLAB_DEBUG_FLAGS)) {
		kmem_cache_destroy(s);
		return NULL;
	}
	return s;
}

static inline struct page *sct_slab_of(const void *obj)
{
	return compound_head(virt_to_page(obj));
}

static inline unsigned long sct_active(struct kmem_cache *s)
{
	slab_flush_all(s);
	return s->nr_active;
}

/* Do n objects (none NULL) all differ and all lie in slab? */
static inline bool sct_distinct_in(void *const *objs, unsigned int n, const struct page *slab)
{
	for (unsigned int i = 0; i < n; i++) {
		if (!objs[i] || sct_slab_of(objs[i]) != slab)
			return false;
		for (unsigned int j = 0; j < i; j++)
			if (objs[j] == objs[i])
				return false;
	}
	return true;
}

#endif
