/* Execution context: which of the contexts of Linux's
 * Documentation/core-api/memory-allocation.rst the CPU is in.
 *
 *   context                         in_irq  in_serving_softirq  in_atomic
 *   process context, can sleep      0       0                   0 (irqs on)
 *   process, cannot sleep           0       0                   1, or irqs off
 *   interrupt handler (hardirq)     1       0                   1
 *   softirq, tasklet                0       1                   1
 *
 * preempt_count packs, as in Linux, a preemption-disable depth (bits 0-7),
 * a softirq count (bits 8-15: SOFTIRQ_OFFSET while a softirq runs,
 * SOFTIRQ_DISABLE_OFFSET per local_bh_disable()) and a hardirq depth (bits
 * 16-19). The arch interrupt entry brackets every hardware interrupt with
 * irq_enter()/irq_exit(); irq_exit() runs pending softirqs
 * (include/kernel/softirq.h) when it leaves the outermost interrupt. There
 * is one CPU and no scheduler: "atomic" means a context that must not
 * sleep, and code that may sleep checks it with might_sleep()
 * (include/kernel/might_sleep.h). */
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

extern volatile unsigned long preempt_count;

#define hardirq_count()         (preempt_count & HARDIRQ_MASK)
#define softirq_count()         (preempt_count & SOFTIRQ_MASK)
#define irq_count()             (preempt_count & (HARDIRQ_MASK | SOFTIRQ_MASK))

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
#define in_atomic()             (preempt_count != 0)
#define irqs_disabled()         arch_irqs_disabled()

static inline void preempt_disable(void) { preempt_count += PREEMPT_OFFSET; }
static inline void preempt_enable(void) { preempt_count -= PREEMPT_OFFSET; }

/* Called by the arch interrupt entry around every hardware interrupt, with
 * interrupts disabled. irq_exit() runs pending softirqs when it leaves the
 * outermost interrupt and no softirq is running or bh-disabled. */
void irq_enter(void);
void irq_exit(void);

#endif
