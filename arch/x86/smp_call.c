/* Running a function on another CPU (contract: include/kernel/smp.h),
 * after the idea of Linux's smp_call_function_single(), simplified: there
 * is no scheduler, so each application processor's idle loop is the only
 * thing it runs. The caller fills the CPU's mailbox and sends
 * CALL_FUNCTION_VECTOR; the interrupt only wakes the CPU from hlt (and
 * acknowledges the APIC), the idle loop then runs the function outside
 * interrupt context and clears the mailbox. */
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/errno.h>

#define CALL_FUNCTION_VECTOR 0xfb

struct call_mailbox {
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile bool busy;
} __aligned(64);

static struct call_mailbox mailbox[NR_CPUS];
static unsigned long ipis_sent;
extern const u8 call_function_stub[], spurious_stub[];

static void cpu_relax(void)
{
	__asm__ volatile("rep; nop" ::: "memory");
}

static void system_vector(struct pt_regs *regs)
{
	/* The spurious vector takes no EOI (Intel SDM 10.9). */
	if (regs->vector != SPURIOUS_APIC_VECTOR)
		lapic_write(APIC_EOI, 0);
}

void smp_call_init(void)
{
	idt_set_gate(CALL_FUNCTION_VECTOR, (u32)(unsigned long)call_function_stub);
	idt_set_gate(SPURIOUS_APIC_VECTOR, (u32)(unsigned long)spurious_stub);
	set_system_vector_handler(system_vector);
}

__noreturn void smp_idle_loop(void)
{
	struct call_mailbox *mb = &mailbox[smp_processor_id()];

	for (;;) {
		__asm__ volatile("cli" ::: "memory");
		if (mb->busy && mb->fn) {
			void (*fn)(void *) = mb->fn;

			__asm__ volatile("sti" ::: "memory");
			fn(mb->arg);
			mb->fn = NULL;
			__atomic_store_n(&mb->busy, false, __ATOMIC_RELEASE);
			continue;
		}
		/* sti takes effect after hlt has begun: an IPI sent after the
		 * check above still wakes it. */
		__asm__ volatile("sti; hlt" ::: "memory");
	}
}

void arch_smp_wait(unsigned int cpu)
{
	if (cpu >= nr_cpus_online)
		return;
	while (__atomic_load_n(&mailbox[cpu].busy, __ATOMIC_ACQUIRE))
		cpu_relax();
}

int arch_smp_call_async(unsigned int cpu, void (*fn)(void *), void *arg)
{
	unsigned long flags;

	if (cpu >= nr_cpus_online || cpu == smp_processor_id())
		return -ENXIO;
	/* Interrupts off from the wait to the send: a shootdown from an
	 * interrupt handler cannot fill the mailbox in between. */
	flags = arch_irq_save();
	arch_smp_wait(cpu);
	mailbox[cpu].arg = arg;
	mailbox[cpu].fn = fn;
	__atomic_store_n(&mailbox[cpu].busy, true, __ATOMIC_RELEASE);
	lapic_send_icr(cpu_to_apicid[cpu], APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
	arch_irq_restore(flags);
	__atomic_add_fetch(&ipis_sent, 1, __ATOMIC_RELAXED);
	return 0;
}

unsigned long arch_ipis_sent(void)
{
	return __atomic_load_n(&ipis_sent, __ATOMIC_RELAXED);
}
