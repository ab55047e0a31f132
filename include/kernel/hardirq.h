/* Execution context: which of the contexts of Linux's
 * Documentation/core-api/memory-allocation.rst the CPU is in.
 *
 *   context                         in_irq  in_serving_softirq  in_atomic
 *   process context, can sleep      0       0                   0 (irqs on)
 *   process, cannot sleep           0       0                   1, or irqs off
 *   interrupt handler (hardirq)     1       0                   1
 *   softirq, tasklet                0       1                   1
 *
 * preempt_count() packs, as in Linux, a preemption-disable depth (bits 0-7),
 * a softirq count (bits 8-15: SOFTIRQ_OFFSET while a softirq runs,
 * SOFTIRQ_DISABLE_OFFSET per local_bh_disable()) and a hardirq depth (bits
 * 16-19). The arch interrupt entry brackets every hardware interrupt with
 * irq_enter()/irq_exit(); irq_exit() runs pending softirqs
 * (include/kernel/softirq.h) when it leaves the outermost interrupt. There
 * is no scheduler: "atomic" means a context that must not sleep, and code
 * that may sleep checks it with might_sleep() (include/kernel/might_sleep.h).
 *
 * Each CPU has its own count, so every predicate below describes the CPU
 * that evaluates it; nothing here is shared between CPUs. The kernel keeps
 * it in the CPU's per-CPU area, one %fs-relative instruction per read or
 * change (arch/x86/include/asm/preempt.h, as Linux i386's __preempt_count);
 * the host build, one CPU, in a variable. */
#ifndef KERNEL_HARDIRQ_H
#define KERNEL_HARDIRQ_H

#include <kernel/types.h>
#include <kernel/arch.h>

#define PREEMPT_OFFSET          (1UL << 0)
#define SOFTIRQ_OFFSET          (1UL << 8)
#define SOFTIRQ_DISABLE_OFFSET  (2 * SOFTIRQ_OFFSET)
#define HARDIRQ_OFFSET          (1UL << 16)
#define PREEMPT_MASK            0x000000ffUL
#define SOFTIRQ_MASK            0x0000ff00UL
#define HARDIRQ_MASK            0x000f0000UL

#ifdef MM386_HOST
extern volatile unsigned long host_preempt_count;
static inline unsigned long arch_preempt_count(void) { return host_preempt_count; }
static inline void arch_preempt_count_add(unsigned long v) { host_preempt_count += v; }
static inline void arch_preempt_count_sub(unsigned long v) { host_preempt_count -= v; }
static inline void arch_preempt_count_set(unsigned long v) { host_preempt_count = v; }
#else
#include <asm/preempt.h>
#endif

/* This CPU's count (Linux's preempt_count()); changed only through the
 * helpers below, each balanced by its inverse. */
#define preempt_count()         arch_preempt_count()
#define preempt_count_add(v)    arch_preempt_count_add(v)
#define preempt_count_sub(v)    arch_preempt_count_sub(v)
/* Tests only: force the count (the host resets it between cases). */
#define preempt_count_set(v)    arch_preempt_count_set(v)

#define hardirq_count()         (preempt_count() & HARDIRQ_MASK)
#define softirq_count()         (preempt_count() & SOFTIRQ_MASK)
#define irq_count()             (preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))

/* In a hardware interrupt handler. */
#define in_irq()                (hardirq_count() != 0)
/* Running a softirq or tasklet, or with bottom halves disabled. */
#define in_softirq()            (softirq_count() != 0)
/* Running a softirq or tasklet handler (not merely bh-disabled). */
#define in_serving_softirq()    ((softirq_count() & SOFTIRQ_OFFSET) != 0)
/* hardirq or softirq (including bh-disabled) context. */
#define in_interrupt()          (irq_count() != 0)
/* Process context: neither a hardirq nor a softirq handler. */
#define in_task()               (!in_irq() && !in_serving_softirq())
/* Any context that must not sleep, except "interrupts disabled", which
 * irqs_disabled() tells. */
#define in_atomic()             (preempt_count() != 0)
#define irqs_disabled()         arch_irqs_disabled()

static __always_inline void preempt_disable(void) { preempt_count_add(PREEMPT_OFFSET); }
static __always_inline void preempt_enable(void) { preempt_count_sub(PREEMPT_OFFSET); }

/* Called by the arch interrupt entry around every hardware interrupt, with
 * interrupts disabled. irq_exit() runs pending softirqs when it leaves the
 * outermost interrupt and no softirq is running or bh-disabled. */
void irq_enter(void);
void irq_exit(void);

#endif
