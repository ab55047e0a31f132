/* The CPU number and the preempt count where one instruction finds them
 * (contracts: include/kernel/smp.h, include/kernel/hardirq.h): each CPU's %fs selects its own GDT segment whose
 * base is its struct x86_cpu_area, as Linux i386 reaches its per-CPU area
 * through a segment base (%fs since 2.6.22). The interrupt entry saves and
 * restores %fs without changing it, so the number holds in every context. */
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/smp.h>

struct x86_cpu_area x86_cpu_areas[NR_CPUS] __aligned(64);

_Static_assert(__builtin_offsetof(struct x86_cpu_area, cpu) == X86_CPU_AREA_CPU_OFF,
	       "smp_processor_id() reads %fs:X86_CPU_AREA_CPU_OFF");
_Static_assert(__builtin_offsetof(struct x86_cpu_area, preempt_count) ==
	       X86_CPU_AREA_PREEMPT_OFF, "preempt_count() reads %fs:X86_CPU_AREA_PREEMPT_OFF");

void percpu_cpu_init(unsigned int cpu)
{
	x86_cpu_areas[cpu].cpu = cpu;
	gdt_set_percpu(cpu, (u32)(unsigned long)&x86_cpu_areas[cpu], sizeof(struct x86_cpu_area));
	__asm__ volatile("mov %0, %%fs" : : "r"((u16)PERCPU_SEL(cpu)) : "memory");
}

unsigned int arch_num_online_cpus(void)
{
	return nr_cpus_online;
}
