/* Out of memory (mm/oom.c).
 *
 * Linux answers "reclaim cannot free anything" with the OOM killer. There
 * are no processes here, so out_of_memory() is the report alone:
 *
 *     mm386 invoked oom-killer: gfp_mask=0x6000c0(GFP_KERNEL), order=0, oom_score_adj=0
 *     Mem-Info: ...                  (show_free_areas())
 *     Out of memory: no process to kill; N pages reclaimable under this mask
 *
 * and the allocation fails; a __GFP_NOFAIL request, which must not fail,
 * panics with the report instead (oom_nofail_panic()). */
#ifndef MM_OOM_H
#define MM_OOM_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <mm/gfp.h>

/* Reports printed in a burst before they are only counted. */
#define OOM_REPORT_BURST 10

/* Record an out-of-memory event for this request and print the report,
 * unless __GFP_NOWARN or the burst is used up. Any context. */
void out_of_memory(gfp_t gfp, unsigned int order);
/* The report (even with __GFP_NOWARN, whatever the burst), then panic:
 * "Kernel panic - not syncing: Out of memory and no killable processes...". */
__noreturn void oom_nofail_panic(gfp_t gfp, unsigned int order);

/* out_of_memory() events so far, and reports printed. */
unsigned long oom_count(void);
unsigned long oom_report_count(void);
/* Print "oom: N reports suppressed" if any were and start a new burst. */
void oom_ratelimit_reset(void);

#endif
