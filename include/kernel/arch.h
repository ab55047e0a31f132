/* What generic code (kernel/, mm/) needs from the machine. arch/x86
 * implements it for the kernel; tests/host/stubs.c implements it on the host.
 * Nothing here names a register or a port. */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <kernel/types.h>
#include <kernel/compiler.h>

/* Write bytes to every console (serial, VGA). Any context. */
void arch_console_write(const char *s, size_t n);
/* One byte of console input, or -1 when none is waiting. Never blocks. */
int arch_console_getc(void);

/* Leave the run with a code: under QEMU through the isa-debug-exit port
 * (QEMU exits with (code << 1) | 1); on real hardware, stop the other CPUs,
 * disable interrupts and halt with a message. Never returns. */
#define ARCH_EXIT_SUCCESS 0x10
#define ARCH_EXIT_FAILURE 0x11
__noreturn void arch_exit(int code);

/* Stop this CPU for good: interrupts off, halted. For a CPU that must not
 * go on while another one reports a panic. Never returns. */
__noreturn void arch_cpu_stop(void);

/* Interrupt flag: save-and-disable / restore, whether it is off (now, or
 * in flags an arch_irq_save() returned). Any
 * context. Inline in the kernel (arch/x86/include/asm/irqflags.h): the
 * allocators' fast paths take them on every call. The host build has them
 * out of line (tests/host/stubs.c). */
#ifdef MM386_HOST
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);
bool arch_irqs_disabled(void);
bool arch_irqs_disabled_flags(unsigned long flags);
#else
#include <asm/irqflags.h>
#endif
/* Turn interrupts on. Only once the interrupt controller is set up
 * (arch_irq_init() has run): softirqs use it to run with interrupts on. */
void arch_irq_enable(void);

/* Wait for the next interrupt (hlt). */
void arch_idle(void);

/* Cycle counter (rdtsc; under QEMU -icount it counts instructions).
 * Returns 0 when the CPU has no TSC. */
u64 arch_cycles(void);

#endif
