/* preempt_count() inline (contract: include/kernel/hardirq.h): each CPU's
 * count lives in its per-CPU area (asm/percpu.h) and is read and changed
 * with one %fs-relative instruction, as Linux i386 keeps __preempt_count
 * in its per-CPU segment. An interrupt on this CPU restores the count it
 * changed before returning, so a single add or sub needs no lock prefix
 * and no interrupt masking. */
#ifndef ASM_X86_PREEMPT_H
#define ASM_X86_PREEMPT_H

#include <kernel/compiler.h>

/* Offset of the preempt count in struct x86_cpu_area (asm/percpu.h). */
#define X86_CPU_AREA_PREEMPT_OFF 4

/* volatile and "memory": a change of context is a compiler barrier, as
 * Linux's preempt_disable() is. */
static __always_inline unsigned long arch_preempt_count(void)
{
	unsigned long pc;

	__asm__ volatile("movl %%fs:%c1, %0" : "=r"(pc) : "i"(X86_CPU_AREA_PREEMPT_OFF)
			 : "memory");
	return pc;
}

static __always_inline void arch_preempt_count_add(unsigned long val)
{
	__asm__ volatile("addl %0, %%fs:%c1" : : "ri"(val), "i"(X86_CPU_AREA_PREEMPT_OFF)
			 : "memory", "cc");
}

static __always_inline void arch_preempt_count_sub(unsigned long val)
{
	__asm__ volatile("subl %0, %%fs:%c1" : : "ri"(val), "i"(X86_CPU_AREA_PREEMPT_OFF)
			 : "memory", "cc");
}

static __always_inline void arch_preempt_count_set(unsigned long val)
{
	__asm__ volatile("movl %0, %%fs:%c1" : : "ri"(val), "i"(X86_CPU_AREA_PREEMPT_OFF)
			 : "memory");
}

#endif
