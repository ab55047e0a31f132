/* Out of memory: the report that stands in for Linux's OOM killer
 * (include/mm/oom.h).
 *
 * Locking: oom_lock (Linux's oom_lock, a mutex there; a spinlock here,
 * interrupts disabled, since atomic failures report too) covers the
 * counters and makes reports from several CPUs come one at a time. */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>

#define REPORT_COMM "mm386"
#define GFP_STR_SIZE 256

static DEFINE_SPINLOCK(oom_lock);
static unsigned long oom_events, oom_reports, oom_burst, oom_suppressed;

static void oom_report(gfp_t gfp, unsigned int order)
{
	char mode[GFP_STR_SIZE];

	gfp_flags_str(mode, sizeof(mode), gfp);
	pr_warn("%s invoked oom-killer: gfp_mask=%#x(%s), order=%u, oom_score_adj=0\n",
		REPORT_COMM, gfp, mode, order);
	show_free_areas();
	pr_err("Out of memory: no process to kill; %lu pages reclaimable under this mask\n",
	       shrinkers_count(gfp));
}

void out_of_memory(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	bool print = false;

	spin_lock_irqsave(&oom_lock, flags);
	oom_events++;
	if (!(gfp & __GFP_NOWARN)) {
		if (oom_burst < OOM_REPORT_BURST) {
			oom_burst++;
			oom_reports++;
			print = true;
		} else {
			oom_suppressed++;
		}
	}
	if (print)
		oom_report(gfp, order);
	spin_unlock_irqrestore(&oom_lock, flags);
}

__noreturn void oom_nofail_panic(gfp_t gfp, unsigned int order)
{
	spin_lock_irq(&oom_lock);        /* held into the panic */
	oom_events++;
	oom_reports++;
	oom_report(gfp, order);
	panic("Out of memory and no killable processes... (__GFP_NOFAIL order %u)", order);
}

unsigned long oom_count(void)
{
	return oom_events;
}

unsigned long oom_report_count(void)
{
	return oom_reports;
}

void oom_ratelimit_reset(void)
{
	unsigned long flags;

	spin_lock_irqsave(&oom_lock, flags);
	if (oom_suppressed)
		pr_info("oom: %lu reports suppressed\n", oom_suppressed);
	oom_suppressed = 0;
	oom_burst = 0;
	spin_unlock_irqrestore(&oom_lock, flags);
}
