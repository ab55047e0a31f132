/* Execution context: which of seed 003's contexts the CPU is in.
 *
 * preempt_count packs, as in Linux, a preemption-disable depth (bits 0-7),
 * a softirq depth (bits 8-15) and a hardirq depth (bits 16-19). There is one
 * CPU and no scheduler: "atomic" means a context that must not sleep. */
#ifndef KERNEL_HARDIRQ_H
#define KERNEL_HARDIRQ_H

#include <kernel/types.h>

#define PREEMPT_OFFSET  (1UL << 0)
#define SOFTIRQ_OFFSET  (1UL << 8)
#define HARDIRQ_OFFSET  (1UL << 16)
#define PREEMPT_MASK    0x000000ffUL
#define SOFTIRQ_MASK    0x0000ff00UL
#define HARDIRQ_MASK    0x000f0000UL

extern volatile unsigned long preempt_count;

#define in_irq()        ((preempt_count & HARDIRQ_MASK) != 0)
#define in_softirq()    ((preempt_count & SOFTIRQ_MASK) != 0)
#define in_interrupt()  ((preempt_count & (HARDIRQ_MASK | SOFTIRQ_MASK)) != 0)
#define in_atomic()     (preempt_count != 0)

static inline void preempt_disable(void) { preempt_count += PREEMPT_OFFSET; }
static inline void preempt_enable(void) { preempt_count -= PREEMPT_OFFSET; }

/* Called by the arch interrupt entry around every hardware interrupt. */
void irq_enter(void);
void irq_exit(void);

#endif
