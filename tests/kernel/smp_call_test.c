/* smp_call suite: arch_smp_call_function() runs a function on every other
 * CPU in its IPI handler, in hardirq context. It must reach a CPU that is
 * busy (not in its idle loop), and two CPUs calling each other at the same
 * moment with interrupts off must both finish: each serves the other's
 * call while it waits for its own. A softirq raised by work an application
 * processor ran runs on that CPU. Skipped on one CPU. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/softirq.h>

/* Bounds on the busy CPU's spin, so a broken call cannot leave it
 * spinning for ever after the test has failed. */
#define BUSY_SPIN_LIMIT 200000000u

static unsigned int ran_on[NR_CPUS];
static volatile bool release_busy;
static volatile unsigned int busy_started;

static unsigned int ran_in_irq[NR_CPUS];

static void count_run(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&ran_on[smp_processor_id()], 1, __ATOMIC_RELAXED);
	if (in_irq())
		__atomic_add_fetch(&ran_in_irq[smp_processor_id()], 1, __ATOMIC_RELAXED);
}

static void clear_runs(void)
{
	for (unsigned int c = 0; c < NR_CPUS; c++)
		ran_on[c] = ran_in_irq[c] = 0;
}

/* Mailbox work that keeps its CPU busy, interrupts on, until released. */
static void spin_busy(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&busy_started, 1, __ATOMIC_ACQ_REL);
	for (unsigned int i = 0; i < BUSY_SPIN_LIMIT && !release_busy; i++)
		__asm__ volatile("rep; nop" ::: "memory");
}

static void test_call_reaches_busy_cpus(struct ktest *t)
{
	unsigned int n = num_online_cpus();
	unsigned long ipis;

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	clear_runs();
	release_busy = false;
	busy_started = 0;
	for (unsigned int c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, spin_busy, NULL), 0);
	while (busy_started < n - 1)
		__asm__ volatile("rep; nop" ::: "memory");
	ipis = arch_ipis_sent();
	EXPECT_EQ(t, arch_smp_call_function(count_run, NULL), n - 1);
	EXPECT_EQ(t, arch_ipis_sent() - ipis, (unsigned long)(n - 1));
	release_busy = true;
	for (unsigned int c = 1; c < n; c++)
		arch_smp_wait(c);
	EXPECT_EQ(t, ran_on[0], 0u);
	for (unsigned int c = 1; c < n; c++) {
		EXPECT_EQ(t, ran_on[c], 1u);
		EXPECT_EQ(t, ran_in_irq[c], 1u);
	}
}

static volatile unsigned int cross_ready;
static volatile bool cross_go;

/* Interrupts off, then call everyone once the other caller is ready too. */
static void call_all_irqs_off(void *arg)
{
	unsigned long flags = arch_irq_save();

	(void)arg;
	__atomic_add_fetch(&cross_ready, 1, __ATOMIC_ACQ_REL);
	while (!cross_go)
		__asm__ volatile("rep; nop" ::: "memory");
	arch_smp_call_function(count_run, NULL);
	arch_irq_restore(flags);
}

static void test_crossed_calls_irqs_off(struct ktest *t)
{
	unsigned int n = num_online_cpus();

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	clear_runs();
	cross_ready = 0;
	cross_go = false;
	ASSERT_EQ(t, arch_smp_call_async(1, call_all_irqs_off, NULL), 0);
	while (cross_ready < 1)
		__asm__ volatile("rep; nop" ::: "memory");
	cross_go = true;
	call_all_irqs_off(NULL);
	arch_smp_wait(1);
	/* CPU 0 ran CPU 1's call, CPU 1 CPU 0's; the others ran both. */
	EXPECT_EQ(t, ran_on[0], 1u);
	EXPECT_EQ(t, ran_on[1], 1u);
	for (unsigned int c = 2; c < n; c++)
		EXPECT_EQ(t, ran_on[c], 2u);
	/* Served from a wait loop or the handler, always hardirq context. */
	for (unsigned int c = 0; c < n; c++)
		EXPECT_EQ(t, ran_in_irq[c], ran_on[c]);
}

/* Bound on the wait for CPU 1's idle loop to run its softirqs. */
#define TASKLET_WAIT_SPINS 100000000u

static struct tasklet_struct ap_tasklet;
static volatile unsigned int tasklet_cpu;

static void record_tasklet_cpu(unsigned long data)
{
	(void)data;
	tasklet_cpu = smp_processor_id();
}

static void schedule_here(void *arg)
{
	(void)arg;
	tasklet_schedule(&ap_tasklet);
}

static void test_ap_softirq_runs_there(struct ktest *t)
{
	unsigned int spins = 0;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	tasklet_cpu = ~0u;
	tasklet_init(&ap_tasklet, record_tasklet_cpu, 0);
	ASSERT_EQ(t, arch_smp_call_async(1, schedule_here, NULL), 0);
	arch_smp_wait(1);
	while (tasklet_cpu == ~0u && spins++ < TASKLET_WAIT_SPINS)
		__asm__ volatile("rep; nop" ::: "memory");
	EXPECT_EQ(t, tasklet_cpu, 1u);
}

static const struct ktest_case smp_call_cases[] = {
	KTEST_CASE(test_call_reaches_busy_cpus),
	KTEST_CASE(test_crossed_calls_irqs_off),
	KTEST_CASE(test_ap_softirq_runs_there),
	{}
};
KTEST_SUITE_ALONE(smp_call, "uses the other CPUs itself", smp_call_cases);
