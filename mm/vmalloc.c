/* vmalloc, vfree, vmap and vunmap (contract: include/mm/vmalloc.h) over
 * the area records of mm/vmap.c. Follows Linux mm/vmalloc.c:
 * __vmalloc_node_range / __vmalloc_area_node for the page-by-page fill,
 * __vfree_deferred for vfree from interrupt context. */
#include "vmalloc_internal.h"
#include <kernel/arch.h>
#include <kernel/spinlock.h>
#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/softirq.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/slab.h>

#define RET_IP __builtin_return_address(0)

static void *vfree_deferred_list;       /* chained through each area's first word */
static struct tasklet_struct vfree_tasklet;

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
		spin_lock_irqsave(&vmap_area_lock, irq);
		va->vm.nr_pages = i + 1;
		vas.vmalloc_pages++;
		spin_unlock_irqrestore(&vmap_area_lock, irq);
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
	unsigned long irq;

	spin_lock_irqsave(&vmap_area_lock, irq);
	void *list = vfree_deferred_list;

	(void)data;
	vfree_deferred_list = NULL;
	spin_unlock_irqrestore(&vmap_area_lock, irq);
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
		spin_lock_irqsave(&vmap_area_lock, irq);
		*(void **)addr = vfree_deferred_list;
		vfree_deferred_list = (void *)addr;
		spin_unlock_irqrestore(&vmap_area_lock, irq);
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

/* Also starts over on a fresh machine (the host tests build one per case). */
void vmalloc_init(void)
{
	vfree_deferred_list = NULL;
	vmap_areas_init();
	tasklet_init(&vfree_tasklet, vfree_deferred_run, 0);
}

void vmalloc_exit(void)
{
	vmap_areas_exit();
}
