/* TLB shootdown: after a shared kernel mapping changed, every other CPU
 * drops its translation before the address is reused (Linux's
 * flush_tlb_kernel_range() / flush_tlb_all() and their IPIs). Each other
 * online CPU gets the flush through arch_smp_call_async() (one IPI, counted
 * by arch_ipis_sent()) and is waited for. Any context on the boot CPU,
 * interrupts on or off: the other CPUs need nothing from it to answer. */
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <kernel/smp.h>

static void flush_all_fn(void *arg)
{
	(void)arg;
	local_flush_tlb_all();
}

static void flush_one_fn(void *arg)
{
	invlpg((unsigned long)arg);
}

void flush_tlb_others(bool all, unsigned long vaddr)
{
	unsigned int self, n = nr_cpus_online;

	if (n < 2)
		return;
	self = smp_processor_id();
	for (unsigned int cpu = 0; cpu < n; cpu++)
		if (cpu != self)
			arch_smp_call_async(cpu, all ? flush_all_fn : flush_one_fn, (void *)vaddr);
	for (unsigned int cpu = 0; cpu < n; cpu++)
		if (cpu != self)
			arch_smp_wait(cpu);
}
