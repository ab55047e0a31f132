/* Running a function on another CPU (contract: include/kernel/smp.h).
 *
 * Two ways, both started by the CALL_FUNCTION_VECTOR IPI:
 *
 * - arch_smp_call_async(): work for an idle application processor. There
 *   is no scheduler, so each AP's idle loop is the only thing it runs: the
 *   caller fills the CPU's mailbox and sends the IPI, which wakes the CPU
 *   from hlt; the idle loop runs the function outside interrupt context and
 *   clears the mailbox.
 *
 * - arch_smp_call_function(): Linux's smp_call_function(), run in the
 *   IPI's handler, so it reaches a CPU that is busy. Each CPU has one call
 *   descriptor for the calls it sends (it waits for them, so one at a time)
 *   and a word of pending senders, one bit per CPU. The sender fills its
 *   descriptor, sets its bit in each target's word, sends the IPIs and
 *   spins until every target has counted itself done; a target's handler
 *   takes its whole word with one exchange and runs each sender's function.
 *   The sender keeps interrupts off from the fill to the last answer (an
 *   interrupt handler on this CPU cannot reuse the descriptor) and runs
 *   the calls sent to it while it spins, so two CPUs calling each other at
 *   once both finish. A bit set while its target is already in the handler
 *   is seen by the handler's next exchange or by the IPI that follows it,
 *   which the local APIC holds pending until the handler's EOI. */
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <asm/delay.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/softirq.h>

#define CALL_FUNCTION_VECTOR 0xfb
/* Linux's REBOOT_VECTOR: smp_send_stop()'s IPI. */
#define STOP_VECTOR 0xf8
/* How long smp_send_stop() waits for the others to stop: Linux's 1 s,
 * in 1 ms steps. */
#define STOP_WAIT_MS 1000u
#define USEC_PER_MSEC 1000u

struct call_mailbox {
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile bool busy;
} __aligned(64);

static struct call_mailbox mailbox[NR_CPUS];
static unsigned long ipis_sent;

struct call_data {
	void (*fn)(void *);
	void *arg;
	unsigned int remaining;         /* targets that have not run fn yet */
} __aligned(64);

static struct call_data call_data[NR_CPUS];       /* indexed by sender */
static struct {
	unsigned long senders;          /* bit s: call_data[s] waits for this CPU */
} __aligned(64) call_pending[NR_CPUS];             /* indexed by target */
_Static_assert(NR_CPUS <= 8 * sizeof(unsigned long), "one pending bit per CPU");
static unsigned int cpus_stopped;
extern const u8 call_function_stub[], spurious_stub[], stop_stub[];

static void cpu_relax(void)
{
	__asm__ volatile("rep; nop" ::: "memory");
}

static void send_call_ipi(unsigned int cpu)
{
	lapic_send_icr(cpu_to_apicid[cpu], APIC_DM_FIXED | CALL_FUNCTION_VECTOR);
	__atomic_add_fetch(&ipis_sent, 1, __ATOMIC_RELAXED);
}

/* Run every call sent to this CPU so far, each in hardirq context
 * (in_irq() true for it) wherever it is run from. Interrupts off. */
static void run_pending_calls(void)
{
	unsigned long *word = &call_pending[smp_processor_id()].senders;
	unsigned long senders;

	while ((senders = __atomic_exchange_n(word, 0, __ATOMIC_ACQUIRE)) != 0) {
		for (unsigned int s = 0; senders; s++, senders >>= 1) {
			if (!(senders & 1))
				continue;
			preempt_count_add(HARDIRQ_OFFSET);
			call_data[s].fn(call_data[s].arg);
			preempt_count_sub(HARDIRQ_OFFSET);
			__atomic_sub_fetch(&call_data[s].remaining, 1, __ATOMIC_RELEASE);
		}
	}
}

static void system_vector(struct pt_regs *regs)
{
	/* The spurious vector takes no EOI (Intel SDM 10.9). */
	if (regs->vector == SPURIOUS_APIC_VECTOR)
		return;
	lapic_write(APIC_EOI, 0);
	if (regs->vector == STOP_VECTOR) {
		__atomic_add_fetch(&cpus_stopped, 1, __ATOMIC_RELEASE);
		arch_cpu_stop();
	}
	/* A hardware interrupt like the PIC's: irq_exit() runs the softirqs
	 * raised on this CPU (an application processor gets no other
	 * interrupt). */
	irq_enter();
	run_pending_calls();
	irq_exit();
}

unsigned int arch_smp_call_function(void (*fn)(void *), void *arg)
{
	unsigned int self, n = nr_cpus_online;
	struct call_data *d;
	unsigned long flags;

	if (n < 2)
		return 0;
	flags = arch_irq_save();
	self = smp_processor_id();
	d = &call_data[self];
	d->fn = fn;
	d->arg = arg;
	__atomic_store_n(&d->remaining, n - 1, __ATOMIC_RELEASE);
	for (unsigned int cpu = 0; cpu < n; cpu++) {
		if (cpu == self)
			continue;
		__atomic_or_fetch(&call_pending[cpu].senders, 1UL << self, __ATOMIC_RELEASE);
		send_call_ipi(cpu);
	}
	while (__atomic_load_n(&d->remaining, __ATOMIC_ACQUIRE)) {
		run_pending_calls();
		cpu_relax();
	}
	arch_irq_restore(flags);
	return n - 1;
}

void smp_call_init(void)
{
	idt_set_gate(CALL_FUNCTION_VECTOR, (u32)(unsigned long)call_function_stub);
	idt_set_gate(SPURIOUS_APIC_VECTOR, (u32)(unsigned long)spurious_stub);
	idt_set_gate(STOP_VECTOR, (u32)(unsigned long)stop_stub);
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
		if (softirq_pending()) {
			/* Raised by the work this CPU ran (kswapd woken by an
			 * allocation, a tasklet): run them before sleeping. */
			__asm__ volatile("sti" ::: "memory");
			do_softirq();
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
	send_call_ipi(cpu);
	arch_irq_restore(flags);
	return 0;
}

unsigned int smp_send_stop(void)
{
	unsigned int self, n = nr_cpus_online;

	if (n < 2)
		return 0;
	self = smp_processor_id();
	for (unsigned int cpu = 0; cpu < n; cpu++)
		if (cpu != self)
			lapic_send_icr(cpu_to_apicid[cpu], APIC_DM_FIXED | STOP_VECTOR);
	/* A CPU spinning with interrupts off never takes it: wait a while,
	 * then go on without it. */
	for (unsigned int ms = 0; ms < STOP_WAIT_MS; ms++) {
		if (__atomic_load_n(&cpus_stopped, __ATOMIC_ACQUIRE) >= n - 1)
			break;
		udelay(USEC_PER_MSEC);
	}
	return __atomic_load_n(&cpus_stopped, __ATOMIC_ACQUIRE);
}

unsigned long arch_ipis_sent(void)
{
	return __atomic_load_n(&ipis_sent, __ATOMIC_RELAXED);
}
