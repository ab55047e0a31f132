/* vmalloc, vfree, vmap, vunmap and the area bookkeeping behind them and
 * ioremap (contract: include/mm/vmalloc.h). Follows Linux mm/vmalloc.c:
 * __vmalloc_node_range / __vmalloc_area_node for the page-by-page fill,
 * free_vmap_area_noflush / __purge_vmap_area_lazy for the lazy TLB flush,
 * __vfree_deferred for vfree from interrupt context. */
#include "vmalloc_internal.h"
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/softirq.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/slab.h>

/* Above this many pages one full TLB flush beats an invlpg per page
 * (Linux x86 tlb_single_page_flush_ceiling). */
#define TLB_SINGLE_PAGE_FLUSH_CEILING 33
#define RET_IP __builtin_return_address(0)

struct vmap_state vas;
static struct va_node *preload;         /* the node va_alloc may take */
static void *vfree_deferred_list;       /* chained through each area's first word */
static struct tasklet_struct vfree_tasklet;
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
	unsigned long flags = arch_irq_save();
	struct vmap_area *list = vas.purge_list, *va, *next;

	vas.purge_list = NULL;
	/* The lock stays held across the flush: no address on the list can
	 * be handed out again before its stale TLB entries are gone. */
	if (vas.lazy_pages > TLB_SINGLE_PAGE_FLUSH_CEILING) {
		arch_flush_tlb_all();
	} else {
		for (va = list; va; va = va->purge_next)
			for (unsigned long a = va->node.start; a < va->node.end; a += PAGE_SIZE)
				arch_flush_tlb_one(a);
	}
	vas.nr_lazy = 0;
	vas.lazy_pages = 0;
	for (va = list; va; va = next) {
		next = va->purge_next;
		va_free(&vas.space, &va->node);
		kmem_cache_free(vmap_area_cachep, va);
	}
	arch_irq_restore(flags);
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
		irq = arch_irq_save();
		preload = pre;
		ret = va_alloc(&vas.space, size, align, gfp, &va->node);
		pre = preload;
		preload = NULL;
		if (!ret)
			va->vm = (struct vm_struct){ .addr = (void *)va->node.start, .size = size,
						     .flags = flags, .caller = caller };
		arch_irq_restore(irq);
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
		irq = arch_irq_save();
		va_free(&vas.space, &va->node);
		arch_irq_restore(irq);
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
	unsigned long irq = arch_irq_save();
	struct vmap_area *va = node_to_va(va_find_busy(&vas.space, addr));

	if (va && (va->lazy || va->node.start != addr))
		va = NULL;
	arch_irq_restore(irq);
	return va;
}

bool remove_vmap_area(unsigned long addr, struct vm_struct *vm)
{
	unsigned long irq = arch_irq_save(), mapped;
	struct vmap_area *va = node_to_va(va_find_busy(&vas.space, addr));
	bool purge;

	if (!va || va->lazy || va->node.start != addr) {
		arch_irq_restore(irq);
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
	arch_irq_restore(irq);
	if (purge)
		vm_unmap_aliases();
	return true;
}

/* Unmap the area at addr; free its pages and page array when dealloc. */
static void __vunmap(const void *addr, bool dealloc)
{
	struct vm_struct vm;

	if (WARN(!IS_ALIGNED((unsigned long)addr, PAGE_SIZE),
		 "Trying to vfree() bad address (%p)\n", addr))
		return;
	if (!remove_vmap_area((unsigned long)addr, &vm)) {
		WARN(1, "Trying to vfree() nonexistent vm area (%p)\n", addr);
		return;
	}
	if (!dealloc || !(vm.flags & VM_ALLOC) || !vm.pages)
		return;
	for (unsigned int i = 0; i < vm.nr_pages; i++)
		__free_page(vm.pages[i]);
	if (vm.flags & VM_VPAGES)
		__vunmap(vm.pages, true);
	else
		kfree(vm.pages);
}

static void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp,
			    const void *caller)
{
	unsigned long real_size = size, array_size, irq;
	gfp_t nested_gfp = (gfp & ~(GFP_ZONEMASK | __GFP_ZERO)) | __GFP_ZERO;
	gfp_t page_gfp = gfp | __GFP_NOWARN;
	struct vmap_area *va;
	struct page **pages;
	unsigned int nr, i;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	if (!(gfp & (__GFP_DMA | __GFP_DMA32)))
		page_gfp |= __GFP_HIGHMEM;
	size = ALIGN(size, PAGE_SIZE);
	if (!size || size < real_size || (size >> PAGE_SHIFT) > totalram_pages())
		goto fail;
	va = alloc_vmap_area(size + PAGE_SIZE, align, VM_ALLOC, gfp, caller);
	if (!va)
		goto fail;
	nr = (unsigned int)(size >> PAGE_SHIFT);
	array_size = (unsigned long)nr * sizeof(struct page *);
	if (array_size > PAGE_SIZE) {
		pages = __vmalloc_node(array_size, PAGE_SIZE, nested_gfp | __GFP_HIGHMEM, caller);
		va->vm.flags |= VM_VPAGES;
	} else {
		pages = kmalloc(array_size, nested_gfp);
	}
	va->vm.pages = pages;
	if (!pages) {
		__vunmap(va->vm.addr, true);
		goto fail;
	}
	for (i = 0; i < nr; i++) {
		struct page *page = alloc_page(page_gfp);

		if (!page) {
			if (!(gfp & __GFP_NOWARN))
				warn_alloc_msg(gfp, "vmalloc: allocation failure, allocated %lu of %lu bytes",
					       (unsigned long)i << PAGE_SHIFT, va->vm.size);
			__vunmap(va->vm.addr, true);
			return NULL;
		}
		pages[i] = page;
		vmap_map_page(va, i, page_to_pfn(page), PAGE_CACHE_MODE_WB);
		irq = arch_irq_save();
		va->vm.nr_pages = i + 1;
		vas.vmalloc_pages++;
		arch_irq_restore(irq);
	}
	return va->vm.addr;
fail:
	if (!(gfp & __GFP_NOWARN))
		warn_alloc_msg(gfp, "vmalloc: allocation failure: %lu bytes", real_size);
	return NULL;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL, RET_IP);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL | __GFP_ZERO, RET_IP);
}

/* i386: every lowmem page is 32-bit addressable; GFP_KERNEL keeps HighMem
 * out (Linux's GFP_VMALLOC32 there is GFP_KERNEL; __GFP_DMA32 would only
 * stop the __GFP_HIGHMEM that __vmalloc_node adds). */
void *vmalloc_32(unsigned long size)
{
	return __vmalloc_node(size, PAGE_SIZE, GFP_KERNEL | __GFP_DMA32, RET_IP);
}

void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, PAGE_SIZE, gfp, RET_IP);
}

static void vfree_deferred_run(unsigned long data)
{
	unsigned long irq = arch_irq_save();
	void *list = vfree_deferred_list;

	(void)data;
	vfree_deferred_list = NULL;
	arch_irq_restore(irq);
	while (list) {
		void *next = *(void **)list;

		__vunmap(list, true);
		list = next;
	}
}

void vfree(const void *addr)
{
	unsigned long irq;

	if (!addr)
		return;
	if (in_interrupt()) {
		/* The area's own first word links it: no allocation here. */
		if (WARN(!find_vmap_area((unsigned long)addr),
			 "Trying to vfree() nonexistent vm area (%p)\n", addr))
			return;
		irq = arch_irq_save();
		*(void **)addr = vfree_deferred_list;
		vfree_deferred_list = (void *)addr;
		arch_irq_restore(irq);
		tasklet_schedule(&vfree_tasklet);
		return;
	}
	might_sleep();
	__vunmap(addr, true);
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vmap_area *va;

	might_sleep();
	if (!count || count > totalram_pages())
		return NULL;
	va = alloc_vmap_area(((unsigned long)count + 1) << PAGE_SHIFT, PAGE_SIZE, flags,
			     GFP_KERNEL, RET_IP);
	if (!va)
		return NULL;
	for (unsigned int i = 0; i < count; i++)
		vmap_map_page(va, i, page_to_pfn(pages[i]), prot.mode);
	return va->vm.addr;
}

void vunmap(const void *addr)
{
	might_sleep();
	if (addr)
		__vunmap(addr, false);
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	return arch_kernel_page_pfn((unsigned long)addr & PAGE_MASK);
}

struct page *vmalloc_to_page(const void *addr)
{
	unsigned long pfn = vmalloc_to_pfn(addr);

	return pfn != -1UL && pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
}

bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= vas.start && a < vas.end;
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

/* Also starts over on a fresh machine (the host tests build one per case). */
void vmalloc_init(void)
{
	vas = (struct vmap_state){ 0 };
	vfree_deferred_list = NULL;
	arch_vmalloc_range(&vas.start, &vas.end);
	vmap_area_cachep = kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0,
					     SLAB_PANIC, NULL);
	vmap_node_cachep = kmem_cache_create("vmap_free_range", sizeof(struct va_node), 0,
					     SLAB_PANIC, NULL);
	preload = kmem_cache_alloc(vmap_node_cachep, GFP_KERNEL);
	if (!preload || va_space_init(&vas.space, vas.start, vas.end, node_from_preload,
				      node_free))
		panic("vmalloc: no memory for the area allocator");
	tasklet_init(&vfree_tasklet, vfree_deferred_run, 0);
	vas.ready = true;
}

void vmalloc_exit(void)
{
	vm_unmap_aliases();
	WARN_ON(vas.space.nr_busy);
	va_space_destroy(&vas.space);
	kmem_cache_destroy(vmap_area_cachep);
	kmem_cache_destroy(vmap_node_cachep);
	vas.ready = false;
}
