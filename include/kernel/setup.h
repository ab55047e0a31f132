/* The boot sequence: start_kernel() in kernel/main.c drives it and calls the
 * arch hooks below at the right moments. */
#ifndef KERNEL_SETUP_H
#define KERNEL_SETUP_H

#include <kernel/types.h>
#include <kernel/compiler.h>

struct boot_info;

/* Generic boot, entered from the arch entry code with the loader's magic and
 * the physical address of its information block. */
__noreturn void start_kernel(u32 magic, phys_addr_t boot_info);

/* Read the boot loader's information (boot magic, physical address of its
 * block) into *bi, a copy: the loader's memory may be reused afterwards.
 * Problems are printed. Returns 0, or -EINVAL when *bi describes no memory. */
int arch_boot_info(u32 magic, phys_addr_t info, struct boot_info *bi);

/* Print what the CPU is and can do. */
void arch_print_cpu(void);
/* The firmware's memory map with the command line's edits, the
 * reservations, the zone limits and the kernel page tables; hands them to
 * mm (include/mm/boot.h), which starts the buddy allocator. Prints the
 * boot log's memory lines. Panics only when there is no usable RAM. Call
 * after the early parameters were parsed. */
void arch_setup_memory(const struct boot_info *bi);
/* Print the firmware memory map as the kernel uses it (shell `e820`). */
void arch_show_memory_map(void);
/* Print the virtual kernel memory layout block. */
void arch_print_memory_layout(void);
/* Interrupt controller and timer on, interrupts enabled. */
void arch_irq_init(void);
/* Probe the machine's devices (interrupts on, allocators up). */
void arch_device_init(void);
/* Start the other CPUs the firmware lists (Linux's smp_init()); nothing
 * on a machine without them. */
void arch_smp_init(void);

/* The kernel image, from the linker script. */
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[];
extern char __bss_start[], __bss_stop[], _end[];

#endif
