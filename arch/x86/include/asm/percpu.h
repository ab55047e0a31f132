/* Each CPU's own small area, reached through %fs (arch/x86/percpu.c). */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <kernel/smp.h>
#include <asm/smp_id.h>
#include <asm/preempt.h>

struct x86_cpu_area {
	unsigned int cpu;               /* at offset 0: smp_processor_id() */
	unsigned long preempt_count;    /* at offset 4: preempt_count() */
};

extern struct x86_cpu_area x86_cpu_areas[NR_CPUS];

/* Fill CPU cpu's area and segment and load it into this CPU's %fs. Call
 * on that CPU, right after its GDT is loaded. */
void percpu_cpu_init(unsigned int cpu);

#endif
