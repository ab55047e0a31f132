/* The CPU number where one instruction finds it (contract:
 * include/kernel/smp.h): each CPU's %fs selects its own GDT segment whose
 * base is its struct x86_cpu_area, as Linux i386 reaches its per-CPU area
 * through a segment base (%fs since 2.6.22). The interrupt entry saves and
 * restores %fs without changing it, so the number holds in every context. */
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/smp.h>

struct x86_cpu_area x86_cpu_areas[NR_CPUS] __aligned(64);

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
