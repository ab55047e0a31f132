/* Interrupt-context bookkeeping (include/kernel/hardirq.h). */
#include <kernel/hardirq.h>

volatile unsigned long preempt_count;

void irq_enter(void)
{
	preempt_count += HARDIRQ_OFFSET;
}

void irq_exit(void)
{
	preempt_count -= HARDIRQ_OFFSET;
}
