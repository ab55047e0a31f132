/* First C code: bring up the consoles, descriptor tables and CPU
 * identification, then hand over to the generic start_kernel(). */
#include <kernel/setup.h>
#include <kernel/printk.h>
#include <kernel/timer.h>
#include <asm/cpu.h>
#include <asm/floppy.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/serial.h>
#include <asm/traps.h>
#include <asm/vga.h>

__noreturn void arch_start(u32 magic, u32 info);
__noreturn void arch_start(u32 magic, u32 info)
{
	serial_init();
	vga_init();
	gdt_init();
	percpu_cpu_init(0);
	idt_init();
	cpu_detect();
	pgtable_check_cpu();
	start_kernel(magic, info);
}

void arch_print_cpu(void)
{
	cpu_print();
}

void arch_irq_init(void)
{
	pic_init();
	pit_init(HZ);
	irq_enable();
}

void arch_device_init(void)
{
	serial_irq_init();
	floppy_init();
}
