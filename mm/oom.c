/* Out of memory: the report that stands in for Linux's OOM killer
 * (include/mm/oom.h). */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/mm.h>
#include <mm/oom.h>
#include <mm/shrinker.h>

#define REPORT_COMM "mm386"
#define GFP_STR_SIZE 256

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
	unsigned long flags = arch_irq_save();
	bool print = false;

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
	arch_irq_restore(flags);
	if (print)
		oom_report(gfp, order);
}

__noreturn void oom_nofail_panic(gfp_t gfp, unsigned int order)
{
	unsigned long flags = arch_irq_save();

	oom_events++;
	oom_reports++;
	arch_irq_restore(flags);
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
	if (oom_suppressed)
		pr_info("oom: %lu reports suppressed\n", oom_suppressed);
	oom_suppressed = 0;
	oom_burst = 0;
}
