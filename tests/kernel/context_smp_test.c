/* Softirqs and tasklets per CPU: a tasklet scheduled on CPU 1 with bottom
 * halves off there stays CPU 1's (pending on CPU 1 only, never run by CPU
 * 0's interrupt exits, however many ticks pass) and runs on CPU 1 when it
 * turns bottom halves back on. Skipped on one CPU. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/softirq.h>
#include <kernel/timer.h>

#define CS_TICKS       5                /* CPU 0 timer ticks while it waits */
#define CS_SPIN_LIMIT  20000000UL
#define CS_NOT_RUN     (~0u)

enum { CS_START, CS_SCHEDULED, CS_RELEASE, CS_DONE };

static volatile unsigned int cs_step;
static volatile unsigned int cs_ran_on;
static volatile unsigned long cs_pending_there;
static struct tasklet_struct cs_tasklet;

static bool cs_wait(unsigned int want)
{
	for (unsigned long i = 0; i < CS_SPIN_LIMIT; i++) {
		if (__atomic_load_n(&cs_step, __ATOMIC_ACQUIRE) >= want)
			return true;
		__asm__ volatile("rep; nop" ::: "memory");
	}
	return false;
}

static void cs_tasklet_fn(unsigned long data)
{
	(void)data;
	cs_ran_on = smp_processor_id();
}

/* On CPU 1: schedule with bottom halves off, wait for CPU 0's look, then
 * turn them on (which runs the tasklet here). */
static void cs_cpu1(void *arg)
{
	(void)arg;
	local_bh_disable();
	tasklet_schedule(&cs_tasklet);
	cs_pending_there = softirq_pending();
	__atomic_store_n(&cs_step, CS_SCHEDULED, __ATOMIC_RELEASE);
	cs_wait(CS_RELEASE);
	local_bh_enable();
	__atomic_store_n(&cs_step, CS_DONE, __ATOMIC_RELEASE);
}

static void test_tasklet_stays_on_its_cpu(struct ktest *t)
{
	unsigned long start;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	if (arch_irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	tasklet_init(&cs_tasklet, cs_tasklet_fn, 0);
	cs_ran_on = CS_NOT_RUN;
	cs_step = CS_START;
	ASSERT_EQ(t, arch_smp_call_async(1, cs_cpu1, NULL), 0);
	EXPECT_TRUE(t, cs_wait(CS_SCHEDULED));
	EXPECT_TRUE(t, cs_pending_there & (1UL << TASKLET_SOFTIRQ));
	EXPECT_FALSE(t, softirq_pending() & (1UL << TASKLET_SOFTIRQ));
	/* CPU 0's timer interrupts exit through irq_exit(), which runs this
	 * CPU's pending softirqs: none of them is CPU 1's tasklet. */
	for (start = jiffies; jiffies - start < CS_TICKS;)
		arch_idle();
	EXPECT_EQ(t, cs_ran_on, CS_NOT_RUN);
	__atomic_store_n(&cs_step, CS_RELEASE, __ATOMIC_RELEASE);
	EXPECT_TRUE(t, cs_wait(CS_DONE));
	arch_smp_wait(1);
	EXPECT_EQ(t, cs_ran_on, 1u);
	EXPECT_FALSE(t, tasklet_kill(&cs_tasklet));
}

static const struct ktest_case context_smp_cases[] = {
	KTEST_CASE(test_tasklet_stays_on_its_cpu),
	{}
};
KTEST_SUITE_ALONE(context_smp, "uses CPU 1 itself", context_smp_cases);
