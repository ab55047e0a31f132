/* First C code: bring up the consoles, descriptor tables and CPU
 * identification, then hand over to the generic start_kernel(). */
#include <kernel/setup.h>
#include <kernel/printk.h>
#include <kernel/timer.h>
#include <mm/arch.h>
#include <mm/vmlayout.h>
#include <asm/cpu.h>
#include <asm/serial.h>
#include <asm/traps.h>
#include <asm/vga.h>

/* Physical memory mapped by the boot page tables (boot/entry.asm). */
#define BOOT_MAPPED_END (16UL << 20)

static phys_addr_t direct_map_end = BOOT_MAPPED_END;
static unsigned boot_window_next;    /* next free page of the window */

__noreturn void arch_start(u32 magic, u32 info);
__noreturn void arch_start(u32 magic, u32 info)
{
	serial_init();
	vga_init();
	gdt_init();
	idt_init();
	cpu_detect();
	start_kernel(magic, info);
}

void arch_print_cpu(void)
{
	cpu_print();
}

void arch_set_direct_map_end(phys_addr_t end);
void arch_set_direct_map_end(phys_addr_t end)
{
	direct_map_end = end;
}

/* Window page i sits at an increasing virtual address. */
static unsigned long boot_window_vaddr(unsigned page)
{
	return fix_to_virt(FIX_BOOT_WINDOW + FIX_BOOT_WINDOW_PAGES - 1) +
	       (unsigned long)page * PAGE_SIZE;
}

const void *arch_boot_map(phys_addr_t phys, size_t len, void *ctx)
{
	(void)ctx;
	if (len == 0 || phys + len < phys)
		return NULL;
	if (phys + len <= direct_map_end)
		return arch_phys_to_virt(phys);

	phys_addr_t first = phys & ~(phys_addr_t)(PAGE_SIZE - 1);
	unsigned pages = (unsigned)DIV_ROUND_UP(phys + len - first, PAGE_SIZE);
	if (pages > FIX_BOOT_WINDOW_PAGES)
		return NULL;
	if (boot_window_next + pages > FIX_BOOT_WINDOW_PAGES) {
		for (unsigned i = 0; i < FIX_BOOT_WINDOW_PAGES; i++)
			arch_unmap_kernel_page(boot_window_vaddr(i));
		arch_flush_tlb_all();
		boot_window_next = 0;
	}
	unsigned long va = boot_window_vaddr(boot_window_next);
	for (unsigned i = 0; i < pages; i++) {
		unsigned long v = va + i * PAGE_SIZE;

		arch_map_kernel_page(v, (unsigned long)((first >> PAGE_SHIFT) + i));
		arch_flush_tlb_one(v);
	}
	boot_window_next += pages;
	return (const void *)(va + (unsigned long)(phys - first));
}

void arch_irq_init(void)
{
	pic_init();
	pit_init(HZ);
	irq_enable();
}
