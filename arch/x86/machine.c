/* The x86 side of include/kernel/arch.h: consoles, leaving the run,
 * the interrupt flag and the cycle counter. */
#include <kernel/arch.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/serial.h>
#include <asm/smp.h>
#include <asm/vga.h>

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4). */
#define QEMU_EXIT_PORT 0xf4

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
		vga_putc(s[i]);
	}
}

int arch_console_getc(void)
{
	int c = serial_getc();

	return c >= 0 ? c : kbd_getc();
}

__noreturn void arch_exit(int code)
{
	static const char msg[] = "mm386: run ended; halting (no QEMU exit device)\n";

	irq_disable();
	outl(QEMU_EXIT_PORT, (u32)code);
	/* Still here: real hardware, or QEMU without the exit device. */
	smp_send_stop();
	arch_console_write(msg, sizeof(msg) - 1);
	for (;;)
		cpu_halt();
}

__noreturn void arch_cpu_stop(void)
{
	irq_disable();
	for (;;)
		cpu_halt();
}

void arch_idle(void)
{
	cpu_halt();
}

void arch_irq_enable(void)
{
	irq_enable();
}

u64 arch_cycles(void)
{
	u32 lo, hi;

	if (!cpu_has(X86_FEATURE_TSC))
		return 0;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}
