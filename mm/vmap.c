/* The vmalloc area's records (contract: mm/vmalloc_internal.h and the
 * get_vm_area family of include/mm/vmalloc.h): reserving ranges, finding
 * them, unmapping them, and the lazy TLB purge that returns their
 * addresses (Linux mm/vmalloc.c: alloc_vmap_area, free_vmap_area_noflush,
 * __purge_vmap_area_lazy). */
#include "vmalloc_internal.h"
#include <kernel/arch.h>
#include <kernel/spinlock.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/slab.h>

/* Above this many pages one full TLB flush beats an invlpg per page
 * (Linux x86 tlb_single_page_flush_ceiling). */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33
#define RET_IP __builtin_return_address(0)

struct vmap_state vas;
DEFINE_SPINLOCK(vmap_area_lock);
static struct va_node *preload;         /* the node va_alloc may take */
/* Linux's vmap_area_cachep; free-range nodes get a cache of their own. */
static struct kmem_cache *vmap_area_cachep, *vmap_node_cachep;

/* The range allocator takes its free-range node from the preload the
 * caller made before disabling interrupts (Linux's ne_fit_preload). */
static struct va_node *node_from_preload(gfp_t gfp)
{
	struct va_node *n = preload;

	(void)gfp;
	preload = NULL;
	return n;
}

static void node_free(struct va_node *n)
{
	kmem_cache_free(vmap_node_cachep, n);
}

static unsigned long area_pages(const struct vmap_area *va)
{
	return (va->node.end - va->node.start) >> PAGE_SHIFT;
}

void vm_unmap_aliases(void)
{
	struct vmap_area *list, *va, *next;
	unsigned long flags, lazy_pages;

	spin_lock_irqsave(&vmap_area_lock, flags);
	list = vas.purge_list;
	lazy_pages = vas.lazy_pages;
	vas.purge_list = NULL;
	vas.nr_lazy = 0;
	vas.lazy_pages = 0;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	if (!list)
		return;
	/* The areas stay reserved until the flush is done everywhere, so no
	 * address on the list is handed out while a stale TLB entry for it
	 * may remain. The flush waits for the other CPUs: it runs without the
	 * lock, which they may be spinning on with interrupts off. A purge
	 * running on another CPU is not waited for: an allocation retrying
	 * after its own purge may still find the space full. */
	if (lazy_pages > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		arch_flush_tlb_all();
	} else {
		for (va = list; va; va = va->purge_next)
			for (unsigned long a = va->node.start; a < va->node.end; a += PAGE_SIZE)
				arch_flush_tlb_one(a);
	}
	spin_lock_irqsave(&vmap_area_lock, flags);
	for (va = list; va; va = next) {
		next = va->purge_next;
		va_free(&vas.space, &va->node);
		kmem_cache_free(vmap_area_cachep, va);
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
}

struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long flags, gfp_t gfp, const void *caller)
{
	gfp_t node_gfp = gfp & ~(GFP_ZONEMASK | __GFP_ZERO);
	struct vmap_area *va;
	struct va_node *pre;
	bool purged = false;
	unsigned long irq;
	int ret;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	if (WARN_ON_ONCE(!vas.ready))
		return NULL;
	va = kmem_cache_zalloc(vmap_area_cachep, node_gfp);
	if (!va)
		return NULL;
	for (;;) {
		pre = kmem_cache_alloc(vmap_node_cachep, node_gfp);
		if (!pre) {
			kmem_cache_free(vmap_area_cachep, va);
			return NULL;
		}
		spin_lock_irqsave(&vmap_area_lock, irq);
		preload = pre;
		ret = va_alloc(&vas.space, size, align, gfp, &va->node);
		pre = preload;
		preload = NULL;
		if (!ret)
			va->vm = (struct vm_struct){ .addr = (void *)va->node.start, .size = size,
						     .flags = flags, .caller = caller };
		spin_unlock_irqrestore(&vmap_area_lock, irq);
		if (pre)
			kmem_cache_free(vmap_node_cachep, pre);
		if (ret != -ENOSPC || purged || !vas.nr_lazy)
			break;
		purged = true;
		vm_unmap_aliases();
	}
	if (ret) {
		if (ret == -ENOSPC && !(gfp & __GFP_NOWARN))
			pr_warn("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n",
				size);
		kmem_cache_free(vmap_area_cachep, va);
		return NULL;
	}
	if (arch_kernel_pgtable_alloc(va->node.start, va->node.end - PAGE_SIZE, gfp)) {
		spin_lock_irqsave(&vmap_area_lock, irq);
		va_free(&vas.space, &va->node);
		spin_unlock_irqrestore(&vmap_area_lock, irq);
		kmem_cache_free(vmap_area_cachep, va);
		return NULL;
	}
	return va;
}

void vmap_map_page(struct vmap_area *va, unsigned int i, unsigned long pfn,
		   enum page_cache_mode mode)
{
	/* Never mapped since the last purge flushed it: no TLB entry to drop. */
	va->vm.mode = arch_map_kernel_page_mode(va->node.start + ((unsigned long)i << PAGE_SHIFT),
						pfn, mode);
}

struct vmap_area *find_vmap_area(unsigned long addr)
{
	unsigned long irq;

	spin_lock_irqsave(&vmap_area_lock, irq);
	struct vmap_area *va = node_to_va(va_find_busy(&vas.space, addr));

	if (va && (va->lazy || va->node.start != addr))
		va = NULL;
	spin_unlock_irqrestore(&vmap_area_lock, irq);
	return va;
}

bool remove_vmap_area(unsigned long addr, struct vm_struct *vm)
{
	unsigned long irq, mapped;
	struct vmap_area *va;
	bool purge;

	spin_lock_irqsave(&vmap_area_lock, irq);
	va = node_to_va(va_find_busy(&vas.space, addr));
	if (!va || va->lazy || va->node.start != addr) {
		spin_unlock_irqrestore(&vmap_area_lock, irq);
		return false;
	}
	*vm = va->vm;
	va->lazy = true;
	if (vm->flags & VM_ALLOC)
		vas.vmalloc_pages -= vm->nr_pages;
	mapped = area_pages(va) - 1;
	for (unsigned long i = 0; i < mapped; i++)
		arch_unmap_kernel_page(addr + (i << PAGE_SHIFT));
	va->purge_next = vas.purge_list;
	vas.purge_list = va;
	vas.nr_lazy++;
	vas.lazy_pages += area_pages(va);
	purge = vas.lazy_pages > VMAP_LAZY_MAX_PAGES;
	spin_unlock_irqrestore(&vmap_area_lock, irq);
	if (purge)
		vm_unmap_aliases();
	return true;
}

struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller)
{
	struct vmap_area *va;

	size = ALIGN(size, PAGE_SIZE);
	if (!size || size + PAGE_SIZE < size)
		return NULL;
	va = alloc_vmap_area(size + PAGE_SIZE, PAGE_SIZE, flags, GFP_KERNEL, caller);
	return va ? &va->vm : NULL;
}

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return get_vm_area_caller(size, flags, RET_IP);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va = find_vmap_area((unsigned long)addr);

	return va ? &va->vm : NULL;
}

void free_vm_area(struct vm_struct *area)
{
	struct vm_struct copy;

	if (!remove_vmap_area((unsigned long)area->addr, &copy))
		WARN(1, "Trying to free nonexistent vm area (%p)\n", area->addr);
}

bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= vas.start && a < vas.end;
}

void vmap_areas_init(void)
{
	vas = (struct vmap_state){ 0 };
	arch_vmalloc_range(&vas.start, &vas.end);
	vmap_area_cachep = kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0,
					     SLAB_PANIC, NULL);
	vmap_node_cachep = kmem_cache_create("vmap_free_range", sizeof(struct va_node), 0,
					     SLAB_PANIC, NULL);
	preload = kmem_cache_alloc(vmap_node_cachep, GFP_KERNEL);
	if (!preload || va_space_init(&vas.space, vas.start, vas.end, node_from_preload,
				      node_free))
		panic("vmalloc: no memory for the area allocator");
	vas.ready = true;
}

void vmap_areas_exit(void)
{
	vm_unmap_aliases();
	WARN_ON(vas.space.nr_busy);
	va_space_destroy(&vas.space);
	kmem_cache_destroy(vmap_area_cachep);
	kmem_cache_destroy(vmap_node_cachep);
	vas.ready = false;
}
