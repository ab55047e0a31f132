/* Private to mm/vmap.c, mm/vmalloc.c, mm/ioremap.c, mm/vmalloc_report.c: the
 * area records and the helpers they share. Public contract:
 * include/mm/vmalloc.h. */
#ifndef MM_VMALLOC_INTERNAL_H
#define MM_VMALLOC_INTERNAL_H

#include <kernel/spinlock.h>
#include <mm/vmalloc.h>
#include <mm/pfn.h>
#include <mm/vmap_area.h>

/* One reserved range: live (vm describes it) or freed and waiting for the
 * purge that flushes the TLB (lazy). node.end includes the guard page. */
struct vmap_area {
	struct va_node node;
	struct vm_struct vm;
	bool lazy;
	struct vmap_area *purge_next;
};

/* The allocator state; every field is guarded by vmap_area_lock (Linux's
 * name), taken with interrupts off: vfree() and find_vm_area() may run in
 * interrupt context. Never held across a TLB flush (mm/vmap.c
 * vm_unmap_aliases()). */
struct vmap_state {
	struct va_space space;
	unsigned long start, end;       /* the vmalloc area */
	bool ready;
	struct vmap_area *purge_list;   /* lazily freed areas */
	unsigned long nr_lazy, lazy_pages;
	unsigned long vmalloc_pages;    /* pages vmalloc() areas hold */
};
extern struct vmap_state vas;
extern spinlock_t vmap_area_lock;

static inline struct vmap_area *node_to_va(struct va_node *n)
{
	return n ? (struct vmap_area *)((char *)n - __builtin_offsetof(struct vmap_area, node))
		 : NULL;
}

/* Reserve size bytes plus a guard page aligned to align, page tables
 * for the mapped part made. Process context when gfp may sleep. NULL when
 * there is no room (one purge is tried first) or no memory; with no room
 * the "vmap allocation for size N failed" line is printed unless
 * __GFP_NOWARN. */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long flags, gfp_t gfp, const void *caller);
/* Map page i of the area (i < its mapped pages) to pfn with mode. */
void vmap_map_page(struct vmap_area *va, unsigned int i, unsigned long pfn,
		   enum page_cache_mode mode);
/* The live area starting at addr (NULL if none), and, for
 * vfree/vunmap/iounmap, the same with the area taken out of use: its
 * PTEs cleared and the area queued for the lazy purge. The vm_struct
 * copy in *vm stays valid for the caller. */
struct vmap_area *find_vmap_area(unsigned long addr);
bool remove_vmap_area(unsigned long addr, struct vm_struct *vm);

/* Set up (or, for host tests, tear down) the records, their caches and
 * the range allocator (mm/vmap.c); vmalloc_init()/vmalloc_exit() call
 * them. */
void vmap_areas_init(void);
void vmap_areas_exit(void);

#endif
