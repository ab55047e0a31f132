/* The boot sequence: start_kernel() in kernel/main.c drives it and calls the
 * arch hooks below at the right moments. */
#ifndef KERNEL_SETUP_H
#define KERNEL_SETUP_H

#include <kernel/types.h>
#include <kernel/compiler.h>

/* Generic boot, entered from the arch entry code with the loader's magic and
 * the physical address of its information block. */
__noreturn void start_kernel(u32 magic, phys_addr_t boot_info);

/* Map [phys, phys + len) readable for the boot-info parser; NULL when it
 * cannot (too large). Mappings stay valid until about 1 MiB more has been
 * mapped through the same window; copy what you keep. */
const void *arch_boot_map(phys_addr_t phys, size_t len, void *ctx);

/* Print what the CPU is and can do. */
void arch_print_cpu(void);
/* Build the final kernel page tables: the direct map of [0, lowmem_end),
 * then drop the boot identity map. Page tables come from memblock. */
void arch_paging_init(phys_addr_t lowmem_end);
/* Print the virtual kernel memory layout block. */
void arch_print_memory_layout(phys_addr_t lowmem_end);
/* Interrupt controller and timer on, interrupts enabled. */
void arch_irq_init(void);

/* The kernel image, from the linker script. */
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[];
extern char __bss_start[], __bss_stop[], _end[];

#endif
