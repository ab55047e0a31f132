/* might_sleep(): code that may sleep (direct reclaim, kmap, ...) calls it
 * first. Called from interrupt or atomic context, or with interrupts
 * disabled, it reports Linux's
 *
 *     BUG: sleeping function called from invalid context at FILE:LINE
 *     in_atomic(): 1, irqs_disabled(): 0
 *
 * once per call site, counts every occurrence, and returns true so the
 * caller can fall back to a non-sleeping path (nothing can sleep here).
 *
 * Like Linux's system_state gate, "interrupts disabled" alone is not a bug
 * during boot: until the kernel has been seen running with interrupts on
 * (a hardware interrupt taken, or a check made with them enabled) it is
 * the boot state. Nonzero preempt counts are always reported. */
#ifndef KERNEL_MIGHT_SLEEP_H
#define KERNEL_MIGHT_SLEEP_H

#include <kernel/types.h>
#include <kernel/hardirq.h>

/* The check itself: true when the context must not sleep. Reports at
 * file:line unless *reported (then sets it); reported NULL prints every
 * time. Any context. */
bool __might_sleep(const char *file, int line, bool *reported);

/* Whether interrupts have been seen on: the boot is over (kernel/hardirq.c). */
extern bool system_running;

/* The common case: process context, interrupts on, boot over, so nothing
 * to report. Callers with a cheaper report path of their own test it first. */
static __always_inline bool might_sleep_ok(void)
{
	return likely(!preempt_count() && system_running && !arch_irqs_disabled());
}

/* The common case inline, no call; anything else takes __might_sleep(). */
static inline bool might_sleep_at(const char *file, int line, bool *reported)
{
	if (might_sleep_ok())
		return false;
	return __might_sleep(file, line, reported);
}

#define might_sleep() ({                                                 \
	static bool __might_sleep_reported;                              \
	might_sleep_at(__FILE__, __LINE__, &__might_sleep_reported);     \
})
#define might_sleep_if(cond) ((cond) ? might_sleep() : false)

/* What the last invalid-context call saw. */
struct might_sleep_record {
	const char *file;
	int line;
	unsigned long preempt_count;
	bool in_atomic;
	bool irqs_disabled;
};

/* Invalid-context calls so far (printed or not), and the last one
 * (zeroed before the first). */
unsigned long might_sleep_count(void);
struct might_sleep_record might_sleep_last(void);

#endif
