/* vmalloc reports (contract: include/mm/vmalloc.h): /proc/vmallocinfo
 * in Linux's layout (mm/vmalloc.c, s_show), the meminfo figures, and the
 * page-fault report's line for vmalloc addresses.
 *
 * The caller is printed as a bare address, as Linux's %pS does without
 * kallsyms: `addr2line -e build/kernel.elf ADDR` names it. */
#include "vmalloc_internal.h"
#include <kernel/arch.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <mm/pfn.h>

/* One line; the walk runs with interrupts disabled. */
static int show_area(struct va_node *n, void *arg)
{
	struct vmap_area *va = node_to_va(n);
	const struct vm_struct *vm = &va->vm;

	(void)arg;
	if (va->lazy) {
		pr_info("0x%08lx-0x%08lx %7lu unpurged vm_area\n", n->start, n->end,
			n->end - n->start);
		return 0;
	}
	pr_info("0x%08lx-0x%08lx %7lu", n->start, n->end, vm->size);
	if (vm->caller)
		pr_cont(" 0x%08lx", (unsigned long)vm->caller);
	if (vm->nr_pages)
		pr_cont(" pages=%u", vm->nr_pages);
	if (vm->phys_addr)
		pr_cont(" phys=0x%08llx", (unsigned long long)vm->phys_addr);
	if (vm->flags & VM_IOREMAP)
		pr_cont(" ioremap");
	if (vm->flags & VM_ALLOC)
		pr_cont(" vmalloc");
	if (vm->flags & VM_MAP)
		pr_cont(" vmap");
	if (vm->flags & VM_VPAGES)
		pr_cont(" vpages");
	pr_cont("\n");
	return 0;
}

void vmallocinfo_show(void)
{
	unsigned long irq;

	spin_lock_irqsave(&vmap_area_lock, irq);

	va_for_each_busy(&vas.space, show_area, NULL);
	spin_unlock_irqrestore(&vmap_area_lock, irq);
}

void vmalloc_get_info(struct vmalloc_info *info)
{
	unsigned long irq;

	spin_lock_irqsave(&vmap_area_lock, irq);

	*info = (struct vmalloc_info){
		.total = vas.end - vas.start,
		.used = vas.vmalloc_pages << PAGE_SHIFT,
		.chunk = vas.ready ? va_largest_free(&vas.space) : 0,
		.nr_areas = vas.space.nr_busy - vas.nr_lazy,
		.nr_lazy = vas.nr_lazy,
		.lazy_pages = vas.lazy_pages,
		.nr_free_ranges = vas.space.nr_free,
		.free_bytes = vas.space.free_bytes,
	};
	spin_unlock_irqrestore(&vmap_area_lock, irq);
}

static const char *area_kind(const struct vm_struct *vm)
{
	if (vm->flags & VM_IOREMAP)
		return "ioremap";
	if (vm->flags & VM_ALLOC)
		return "vmalloc";
	if (vm->flags & VM_MAP)
		return "vmap";
	return "reserved";
}

bool vmalloc_report_fault(unsigned long addr)
{
	struct vmap_area *va;
	struct va_node *n;

	if (!vas.ready || addr < vas.start || addr >= vas.end)
		return false;
	/* Called from the fault handler: read the trees as they are. */
	va = node_to_va(va_find_busy(&vas.space, addr));
	if (va && va->lazy) {
		pr_emerg("vmalloc: %08lx is in a freed area 0x%08lx-0x%08lx (unpurged vm_area)\n",
			 addr, va->node.start, va->node.end);
	} else if (va && addr >= va->node.end - PAGE_SIZE) {
		pr_emerg("vmalloc: %08lx is in the guard page of area 0x%08lx-0x%08lx (%lu bytes %s, caller 0x%08lx)\n",
			 addr, va->node.start, va->node.end, va->vm.size, area_kind(&va->vm),
			 (unsigned long)va->vm.caller);
	} else if (va) {
		pr_emerg("vmalloc: %08lx is in area 0x%08lx-0x%08lx (%lu bytes %s, caller 0x%08lx)\n",
			 addr, va->node.start, va->node.end, va->vm.size, area_kind(&va->vm),
			 (unsigned long)va->vm.caller);
	} else {
		n = va_find_free(&vas.space, addr);
		pr_emerg("vmalloc: %08lx is in free vmalloc space 0x%08lx-0x%08lx (no area: never allocated or freed)\n",
			 addr, n ? n->start : addr, n ? n->end : addr);
	}
	return true;
}

const char *vmalloc_check(void)
{
	unsigned long irq;

	spin_lock_irqsave(&vmap_area_lock, irq);
	const char *err = va_space_check(&vas.space);

	spin_unlock_irqrestore(&vmap_area_lock, irq);
	return err;
}
