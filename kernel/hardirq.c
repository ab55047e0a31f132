/* Interrupt-context bookkeeping (include/kernel/hardirq.h), softirqs and
 * tasklets (include/kernel/softirq.h) and might_sleep()
 * (include/kernel/might_sleep.h): everything that decides or checks which
 * of the contexts of Linux's Documentation/core-api/memory-allocation.rst
 * the CPU is in.
 *
 * Softirq handlers run with interrupts enabled, as in Linux, once the
 * kernel has been seen running with interrupts on (the interrupt
 * controller is set up by then); during early boot they run with
 * interrupts off. */
#include <kernel/hardirq.h>
#include <kernel/softirq.h>
#include <kernel/might_sleep.h>
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>

volatile unsigned long preempt_count;

/* The kernel has run with interrupts on: past the boot state, and
 * interrupts may be turned on. */
bool system_running;

static void note_irqs_on(void)
{
	if (!arch_irqs_disabled())
		system_running = true;
}

/* ------------------------------------------------------------------------
 * Softirqs.
 */

static void tasklet_action(void);

static softirq_action_fn softirq_vec[NR_SOFTIRQS] = {
	[TASKLET_SOFTIRQ] = tasklet_action,
};
static volatile unsigned long pending_mask;
static unsigned long run_counts[NR_SOFTIRQS];

void open_softirq(unsigned int nr, softirq_action_fn fn)
{
	if (WARN(nr >= NR_SOFTIRQS, "open_softirq: no vector %u", nr))
		return;
	softirq_vec[nr] = fn;
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	if (WARN(nr >= NR_SOFTIRQS, "raise_softirq: no vector %u", nr))
		return;
	flags = arch_irq_save();
	pending_mask |= 1UL << nr;
	arch_irq_restore(flags);
	note_irqs_on();
}

unsigned long softirq_pending(void)
{
	return pending_mask;
}

unsigned long softirq_run_count(unsigned int nr)
{
	return nr < NR_SOFTIRQS ? run_counts[nr] : 0;
}

/* Run the pending vectors in softirq context. Caller: not in interrupt
 * context, not bh-disabled. Handlers run with interrupts on when the
 * interrupted context had them on (from_irq: an interrupt arrived, so it
 * did) and we know how to turn them on; the caller's state is restored. */
static void __do_softirq(bool from_irq)
{
	bool irqs_on = system_running && (from_irq || !arch_irqs_disabled());
	unsigned long flags = arch_irq_save();
	unsigned int rounds = 0;
	unsigned long todo;

	preempt_count += SOFTIRQ_OFFSET;
	while ((todo = pending_mask) != 0 && rounds++ < MAX_SOFTIRQ_RESTART) {
		unsigned int nr;

		pending_mask = 0;
		if (irqs_on)
			arch_irq_enable();
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(todo & (1UL << nr)))
				continue;
			if (softirq_vec[nr])
				softirq_vec[nr]();
			run_counts[nr]++;
		}
		arch_irq_save();
	}
	preempt_count -= SOFTIRQ_OFFSET;
	arch_irq_restore(flags);
}

void do_softirq(void)
{
	note_irqs_on();
	if (in_interrupt() || !pending_mask)
		return;
	__do_softirq(false);
}

void local_bh_disable(void)
{
	preempt_count += SOFTIRQ_DISABLE_OFFSET;
}

void local_bh_enable(void)
{
	WARN_ONCE(softirq_count() < SOFTIRQ_DISABLE_OFFSET,
		  "local_bh_enable: bottom halves were not disabled");
	preempt_count -= SOFTIRQ_DISABLE_OFFSET;
	do_softirq();
}

/* ------------------------------------------------------------------------
 * Hardware interrupt entry and exit.
 */

void irq_enter(void)
{
	preempt_count += HARDIRQ_OFFSET;
	system_running = true;
}

void irq_exit(void)
{
	preempt_count -= HARDIRQ_OFFSET;
	if (!in_interrupt() && pending_mask)
		__do_softirq(true);
}

/* ------------------------------------------------------------------------
 * Tasklets: a FIFO queue run from TASKLET_SOFTIRQ.
 */

static struct tasklet_struct *tasklet_head;
static struct tasklet_struct **tasklet_tail = &tasklet_head;

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long),
		  unsigned long data)
{
	t->next = NULL;
	t->func = func;
	t->data = data;
	t->scheduled = false;
	t->runs = 0;
}

void tasklet_schedule(struct tasklet_struct *t)
{
	unsigned long flags = arch_irq_save();

	if (!t->scheduled) {
		t->scheduled = true;
		t->next = NULL;
		*tasklet_tail = t;
		tasklet_tail = &t->next;
		pending_mask |= 1UL << TASKLET_SOFTIRQ;
	}
	arch_irq_restore(flags);
	note_irqs_on();
}

bool tasklet_kill(struct tasklet_struct *t)
{
	unsigned long flags = arch_irq_save();
	struct tasklet_struct **pp;
	bool found = false;

	for (pp = &tasklet_head; *pp; pp = &(*pp)->next) {
		if (*pp != t)
			continue;
		*pp = t->next;
		if (tasklet_tail == &t->next)
			tasklet_tail = pp;
		t->next = NULL;
		t->scheduled = false;
		found = true;
		break;
	}
	arch_irq_restore(flags);
	return found;
}

/* Take the whole queue, then run each tasklet once. A tasklet is marked
 * unscheduled just before it runs, so it (or an interrupt) may queue it
 * again for a later round. */
static void tasklet_action(void)
{
	unsigned long flags = arch_irq_save();
	struct tasklet_struct *list = tasklet_head;

	tasklet_head = NULL;
	tasklet_tail = &tasklet_head;
	arch_irq_restore(flags);
	while (list) {
		struct tasklet_struct *t = list;

		list = t->next;
		flags = arch_irq_save();
		t->next = NULL;
		t->scheduled = false;
		arch_irq_restore(flags);
		t->func(t->data);
		t->runs++;
	}
}

/* ------------------------------------------------------------------------
 * might_sleep().
 */

static unsigned long might_sleep_calls;
static struct might_sleep_record might_sleep_rec;

bool __might_sleep(const char *file, int line, bool *reported)
{
	unsigned long pc = preempt_count, flags;
	bool irqs_off = arch_irqs_disabled();
	bool print;

	note_irqs_on();
	if (!pc && (!irqs_off || !system_running))
		return false;
	flags = arch_irq_save();
	might_sleep_calls++;
	might_sleep_rec.file = file;
	might_sleep_rec.line = line;
	might_sleep_rec.preempt_count = pc;
	might_sleep_rec.in_atomic = pc != 0;
	might_sleep_rec.irqs_disabled = irqs_off;
	print = !reported || !*reported;
	if (reported)
		*reported = true;
	arch_irq_restore(flags);
	if (print) {
		pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
		pr_err("in_atomic(): %d, irqs_disabled(): %d\n", pc != 0, irqs_off);
	}
	return true;
}

unsigned long might_sleep_count(void)
{
	return might_sleep_calls;
}

struct might_sleep_record might_sleep_last(void)
{
	return might_sleep_rec;
}
