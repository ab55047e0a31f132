/* Interrupt-context bookkeeping (include/kernel/hardirq.h), softirqs and
 * tasklets (include/kernel/softirq.h) and might_sleep()
 * (include/kernel/might_sleep.h): everything that decides or checks which
 * of the contexts of Linux's Documentation/core-api/memory-allocation.rst
 * the CPU is in.
 *
 * Softirq handlers run with interrupts enabled, as in Linux, once the
 * kernel has been seen running with interrupts on (the interrupt
 * controller is set up by then); during early boot they run with
 * interrupts off.
 *
 * Per CPU, as in Linux: the preempt count (include/kernel/hardirq.h), the
 * pending softirq vectors and the tasklet queue. A softirq raised or a
 * tasklet scheduled on a CPU runs on that CPU, so softirqs never run on
 * two CPUs from one raise and each CPU's state is touched by that CPU
 * alone, with its interrupts off. */
#include <kernel/hardirq.h>
#include <kernel/softirq.h>
#include <kernel/might_sleep.h>
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>

#ifdef MM386_HOST
volatile unsigned long host_preempt_count;
#endif

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

struct softirq_cpu {
	volatile unsigned long pending;         /* bit nr: vector nr raised */
	unsigned long run_counts[NR_SOFTIRQS];
	struct tasklet_struct *tasklet_head;
	struct tasklet_struct **tasklet_tail;   /* NULL: the queue was never used */
} __aligned(64);

static struct softirq_cpu softirq_cpus[NR_CPUS];

static inline struct softirq_cpu *this_softirq(void)
{
	return &softirq_cpus[smp_processor_id()];
}

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
	this_softirq()->pending |= 1UL << nr;
	arch_irq_restore(flags);
	note_irqs_on();
}

unsigned long softirq_pending(void)
{
	return this_softirq()->pending;
}

unsigned long softirq_run_count(unsigned int nr)
{
	unsigned long n = 0;

	for (unsigned int cpu = 0; nr < NR_SOFTIRQS && cpu < NR_CPUS; cpu++)
		n += __atomic_load_n(&softirq_cpus[cpu].run_counts[nr], __ATOMIC_RELAXED);
	return n;
}

/* Run the pending vectors in softirq context. Caller: not in interrupt
 * context, not bh-disabled. Handlers run with interrupts on when the
 * interrupted context had them on (from_irq: an interrupt arrived, so it
 * did) and we know how to turn them on; the caller's state is restored. */
static void __do_softirq(bool from_irq)
{
	bool irqs_on = system_running && (from_irq || !arch_irqs_disabled());
	unsigned long flags = arch_irq_save();
	struct softirq_cpu *sc = this_softirq();
	unsigned int rounds = 0;
	unsigned long todo;

	preempt_count_add(SOFTIRQ_OFFSET);
	while ((todo = sc->pending) != 0 && rounds++ < MAX_SOFTIRQ_RESTART) {
		unsigned int nr;

		sc->pending = 0;
		if (irqs_on)
			arch_irq_enable();
		for (nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(todo & (1UL << nr)))
				continue;
			if (softirq_vec[nr])
				softirq_vec[nr]();
			sc->run_counts[nr]++;
		}
		arch_irq_save();
	}
	preempt_count_sub(SOFTIRQ_OFFSET);
	arch_irq_restore(flags);
}

void do_softirq(void)
{
	note_irqs_on();
	if (in_interrupt() || !this_softirq()->pending)
		return;
	__do_softirq(false);
}

void local_bh_disable(void)
{
	preempt_count_add(SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	WARN_ONCE(softirq_count() < SOFTIRQ_DISABLE_OFFSET,
		  "local_bh_enable: bottom halves were not disabled");
	preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
	do_softirq();
}

/* ------------------------------------------------------------------------
 * Hardware interrupt entry and exit.
 */

void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
	system_running = true;
}

void irq_exit(void)
{
	preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && this_softirq()->pending)
		__do_softirq(true);
}

/* ------------------------------------------------------------------------
 * Tasklets: a FIFO queue per CPU run from that CPU's TASKLET_SOFTIRQ.
 */

/* This CPU's queue's tail link. Interrupts off. */
static struct tasklet_struct ***tasklet_tail_of(struct softirq_cpu *sc)
{
	if (!sc->tasklet_tail)
		sc->tasklet_tail = &sc->tasklet_head;
	return &sc->tasklet_tail;
}

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
	struct softirq_cpu *sc = this_softirq();
	struct tasklet_struct ***tail = tasklet_tail_of(sc);

	if (!t->scheduled) {
		t->scheduled = true;
		t->next = NULL;
		**tail = t;
		*tail = &t->next;
		sc->pending |= 1UL << TASKLET_SOFTIRQ;
	}
	arch_irq_restore(flags);
	note_irqs_on();
}

bool tasklet_kill(struct tasklet_struct *t)
{
	unsigned long flags = arch_irq_save();
	struct softirq_cpu *sc = this_softirq();
	struct tasklet_struct ***tail = tasklet_tail_of(sc);
	struct tasklet_struct **pp;
	bool found = false;

	for (pp = &sc->tasklet_head; *pp; pp = &(*pp)->next) {
		if (*pp != t)
			continue;
		*pp = t->next;
		if (*tail == &t->next)
			*tail = pp;
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
	struct softirq_cpu *sc = this_softirq();
	struct tasklet_struct *list = sc->tasklet_head;

	sc->tasklet_head = NULL;
	sc->tasklet_tail = &sc->tasklet_head;
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

/* The count and the last record are shared by every CPU. */
static DEFINE_SPINLOCK(might_sleep_lock);
static unsigned long might_sleep_calls;
static struct might_sleep_record might_sleep_rec;

bool __might_sleep(const char *file, int line, bool *reported)
{
	unsigned long pc = preempt_count(), flags;
	bool irqs_off = arch_irqs_disabled();
	bool print;

	note_irqs_on();
	if (!pc && (!irqs_off || !system_running))
		return false;
	spin_lock_irqsave(&might_sleep_lock, flags);
	might_sleep_calls++;
	might_sleep_rec.file = file;
	might_sleep_rec.line = line;
	might_sleep_rec.preempt_count = pc;
	might_sleep_rec.in_atomic = pc != 0;
	might_sleep_rec.irqs_disabled = irqs_off;
	print = !reported || !*reported;
	if (reported)
		*reported = true;
	spin_unlock_irqrestore(&might_sleep_lock, flags);
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
	unsigned long flags;
	struct might_sleep_record r;

	spin_lock_irqsave(&might_sleep_lock, flags);
	r = might_sleep_rec;
	spin_unlock_irqrestore(&might_sleep_lock, flags);
	return r;
}
