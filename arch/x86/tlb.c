/* TLB shootdown: after a shared kernel mapping changed, every other CPU
 * drops its translation before the address is reused (Linux's
 * flush_tlb_kernel_range() / flush_tlb_all() and their IPIs). Each other
 * online CPU runs the flush in its call-function IPI handler
 * (arch_smp_call_function(): one IPI per CPU, counted by arch_ipis_sent())
 * and is waited for, so a CPU busy with its own work is flushed too. Any
 * context, any CPU, interrupts on or off; the caller must not hold a lock
 * another CPU may spin on with interrupts off. */
#include <asm/pgtable.h>
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
	arch_smp_call_function(all ? flush_all_fn : flush_one_fn, (void *)vaddr);
}
