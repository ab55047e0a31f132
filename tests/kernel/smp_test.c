/* SMP suite: every online CPU knows its own number, a function sent to
 * another CPU runs there, and a ticket spinlock keeps a shared counter
 * exact while every CPU increments it at once (under QEMU's multi-threaded
 * TCG the vCPUs truly run in parallel: without the lock updates are lost).
 * kmap's shootdown and kmap_atomic's per-CPU slots: tests/kernel/kmap_smp_test.c.
 * Skipped on one CPU. */
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>

/* Few rounds with a long critical section: enough overlap to lose updates
 * without the lock, and few lock hand-offs, each of which may wait for a
 * host thread to be scheduled when QEMU's vCPUs outnumber the host's CPUs. */
#define LOCK_ROUNDS 200
#define HOLD_SPINS  500

static unsigned int seen_cpu[NR_CPUS];

static void record_cpu(void *arg)
{
	seen_cpu[(unsigned int)(unsigned long)arg] = smp_processor_id();
}

static void test_cpu_ids(struct ktest *t)
{
	unsigned int n = num_online_cpus();

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	EXPECT_EQ(t, smp_processor_id(), 0u);
	for (unsigned int c = 1; c < n; c++) {
		seen_cpu[c] = ~0u;
		ASSERT_EQ(t, arch_smp_call_async(c, record_cpu, (void *)(unsigned long)c), 0);
		arch_smp_wait(c);
		EXPECT_EQ(t, seen_cpu[c], c);
	}
	EXPECT_NE(t, arch_smp_call_async(0, record_cpu, NULL), 0);
	EXPECT_NE(t, arch_smp_call_async(n, record_cpu, NULL), 0);
}

static DEFINE_SPINLOCK(counter_lock);
static volatile unsigned long counter;
static volatile unsigned int started;

static void hammer(void *arg)
{
	unsigned long flags;

	(void)arg;
	__atomic_add_fetch(&started, 1, __ATOMIC_ACQ_REL);
	/* Start together, so the CPUs really contend. */
	while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) < num_online_cpus())
		__asm__ volatile("rep; nop");
	for (unsigned int i = 0; i < LOCK_ROUNDS; i++) {
		unsigned long v;

		spin_lock_irqsave(&counter_lock, flags);
		v = counter;
		for (unsigned int s = 0; s < HOLD_SPINS; s++)
			__asm__ volatile("rep; nop");
		counter = v + 1;
		spin_unlock_irqrestore(&counter_lock, flags);
	}
}

static void test_spinlock_counter(struct ktest *t)
{
	unsigned int n = num_online_cpus();

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	counter = 0;
	started = 0;
	for (unsigned int c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, hammer, NULL), 0);
	hammer(NULL);
	for (unsigned int c = 1; c < n; c++)
		arch_smp_wait(c);
	EXPECT_EQ(t, counter, (unsigned long)n * LOCK_ROUNDS);
	EXPECT_FALSE(t, spin_is_locked(&counter_lock));
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_cpu_ids),
	KTEST_CASE(test_spinlock_counter),
	{}
};
KTEST_SUITE_ALONE(smp, "uses the other CPUs itself", smp_cases);
