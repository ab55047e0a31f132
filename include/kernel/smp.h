/* Which CPU is running, generically. The architecture keeps the number
 * where one instruction reads it (x86: offset 0 of the per-CPU segment in
 * %fs, as Linux's i386 per-CPU area; the host: always 0). */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <kernel/types.h>

/* Linux's CONFIG_NR_CPUS default for 32-bit x86 without bigsmp. */
#define NR_CPUS 8

/* This CPU's logical number, 0 for the boot CPU. Any context; the answer
 * holds as long as the caller cannot migrate (no scheduler: always).
 * Inline in the kernel (arch/x86/include/asm/smp_id.h: one instruction);
 * out of line on the host, which is CPU 0 (tests/host/stubs.c). */
#ifdef MM386_HOST
unsigned int arch_smp_processor_id(void);
#else
#include <asm/smp_id.h>
#endif
#define smp_processor_id() arch_smp_processor_id()

/* CPUs started and running kernel code (1 on a uniprocessor). */
unsigned int arch_num_online_cpus(void);
#define num_online_cpus() arch_num_online_cpus()

/* Start fn(arg) on another CPU, outside interrupt context (its idle loop
 * runs it), and return at once; arch_smp_wait() waits until it returned.
 * One call at a time per CPU: a second one first waits for the first.
 * Returns 0, or -ENXIO when cpu is not online or is this CPU. Process
 * context. */
int arch_smp_call_async(unsigned int cpu, void (*fn)(void *), void *arg);
void arch_smp_wait(unsigned int cpu);
/* Run fn(arg) on every other online CPU in interrupt context (the
 * call-function IPI's handler, interrupts off there) and return once all
 * have run it: Linux's smp_call_function(fn, arg, wait = 1). Unlike
 * arch_smp_call_async() it reaches a CPU that is busy running code, as
 * long as that CPU turns interrupts on now and then. Any context, any CPU,
 * interrupts on or off: while it waits the caller runs the calls other
 * CPUs send it, so two CPUs calling at once cannot deadlock. The caller
 * must not hold a lock that fn, or code another CPU runs with interrupts
 * off, may take. Returns the number of CPUs that ran fn (0 on one CPU). */
unsigned int arch_smp_call_function(void (*fn)(void *), void *arg);
/* Inter-processor interrupts sent since boot (function calls and TLB
 * shootdowns alike). */
unsigned long arch_ipis_sent(void);

#endif
