/* smp_processor_id() inline (contract: include/kernel/smp.h): the CPU's
 * number is at offset 0 of its per-CPU area, whose segment %fs selects
 * (arch/x86/percpu.c). One instruction, so the allocators' per-CPU fast
 * paths pay no call for it. */
#ifndef ASM_X86_SMP_ID_H
#define ASM_X86_SMP_ID_H

#include <kernel/compiler.h>

/* Offset of the CPU number in struct x86_cpu_area (asm/percpu.h). */
#define X86_CPU_AREA_CPU_OFF 0

static __always_inline unsigned int arch_smp_processor_id(void)
{
	unsigned int cpu;

	/* volatile: never moved above the %fs load at CPU start. */
	__asm__ volatile("movl %%fs:%c1, %0" : "=r"(cpu) : "i"(X86_CPU_AREA_CPU_OFF));
	return cpu;
}

#endif
