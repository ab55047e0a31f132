/* Softirqs and tasklets: work deferred from an interrupt handler to the
 * "bottom half", run when the outermost hardware interrupt exits
 * (irq_exit()), from local_bh_enable(), or from do_softirq().
 *
 * A softirq is one of NR_SOFTIRQS fixed vectors with one handler each
 * (open_softirq()); raise_softirq() marks it pending from any context. The
 * handlers run in softirq context: in_serving_softirq() and in_atomic() are
 * true, in_irq() is false, and interrupts are enabled (once the kernel has
 * been seen running with them on, see kernel/hardirq.c), so a hardware
 * interrupt may arrive in the middle; softirqs never nest. A vector raised
 * again while the handlers run is run again, at most MAX_SOFTIRQ_RESTART
 * rounds; what is still pending then waits for the next interrupt exit.
 *
 * Tasklets run from TASKLET_SOFTIRQ: a tasklet scheduled any number of
 * times before it runs runs once; a tasklet scheduled from its own
 * function runs again on a later round.
 *
 * Everything is per CPU, as in Linux: a vector raised or a tasklet
 * scheduled on a CPU runs on that CPU, and the pending mask and the
 * tasklet queue below are that CPU's. */
#ifndef KERNEL_SOFTIRQ_H
#define KERNEL_SOFTIRQ_H

#include <kernel/types.h>

enum {
	HI_SOFTIRQ = 0,
	TIMER_SOFTIRQ,
	KSWAPD_SOFTIRQ,     /* background reclaim (mm/vmscan.c) */
	TASKLET_SOFTIRQ,
	TEST_SOFTIRQ,       /* free for the self-tests */
	NR_SOFTIRQS
};

#define MAX_SOFTIRQ_RESTART 10

typedef void (*softirq_action_fn)(void);

/* Set (or with NULL clear) the handler of vector nr. Any context. */
void open_softirq(unsigned int nr, softirq_action_fn fn);
/* Mark vector nr pending. Any context. From process context with bottom
 * halves enabled it runs at the next interrupt exit (or do_softirq()). */
void raise_softirq(unsigned int nr);
/* Run pending softirqs now, unless in interrupt context or bh-disabled
 * (they then run when that ends). Any context. */
void do_softirq(void);
/* This CPU's pending vectors (bit nr for vector nr). */
unsigned long softirq_pending(void);
/* Times vector nr's handler has run, on every CPU. */
unsigned long softirq_run_count(unsigned int nr);

/* Bottom halves off / on: while disabled, softirqs and tasklets do not run
 * and in_softirq() / in_atomic() are true. local_bh_enable() runs what
 * became pending meanwhile when it re-enables them from process context.
 * Calls nest. */
void local_bh_disable(void);
void local_bh_enable(void);

struct tasklet_struct {
	struct tasklet_struct *next;
	void (*func)(unsigned long data);
	unsigned long data;
	bool scheduled;             /* on the queue, not yet run */
	unsigned long runs;         /* times func has run */
};

/* Prepare t to run func(data). t must not be scheduled. */
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long),
		  unsigned long data);
/* Queue t to run once in softirq context (no-op when already queued).
 * Any context. */
void tasklet_schedule(struct tasklet_struct *t);
/* Take t off this CPU's queue if it has not run yet (process context, on
 * the CPU that scheduled it). Returns true when it was queued. */
bool tasklet_kill(struct tasklet_struct *t);

#endif
