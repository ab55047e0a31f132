/* SMP suite: every online CPU knows its own number, a function sent to
 * another CPU runs there, and a ticket spinlock keeps a shared counter
 * exact while every CPU increments it at once (under QEMU's multi-threaded
 * TCG the vCPUs truly run in parallel: without the lock updates are lost).
 * A kmap() slot reused after the pool wraps must never show another CPU the
 * page it mapped before (the wrap's flush is a TLB shootdown), while
 * kmap_atomic() sends no IPI at all. Skipped on one CPU. */
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <mm/highmem.h>
#include <mm/mm.h>

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

#define KMAP_TEST_ORDER   (MAX_ORDER - 1)
#define KMAP_TEST_PAGES   (2 * (1UL << KMAP_TEST_ORDER))
#define OLD_PATTERN       0xa5a5a5a5u
#define NEW_PATTERN_BASE  0x5a000000u
#define ATOMIC_ROUNDS     1000

static volatile u32 remote_value;

/* On the other CPU: one read through the kmap address (its TLB keeps the
 * translation afterwards). */
static void remote_read(void *addr)
{
	remote_value = *(volatile u32 *)addr;
}

static u32 read_on(unsigned int cpu, void *addr)
{
	remote_value = 0;
	if (arch_smp_call_async(cpu, remote_read, addr) < 0)
		return 0;
	arch_smp_wait(cpu);
	return remote_value;
}

/* CPU 1 reads the first page through its kmap address; the page is
 * kunmapped and distinct pages are kmapped until the same address comes
 * back for another page (the pool wrapped and flushed). CPU 1 must then
 * read the new page's value, not the old one a stale TLB entry would
 * give. */
static void test_kmap_wrap_shootdown(struct ktest *t)
{
	struct page *blk[2], *first, *reused = NULL;
	unsigned long ipis, i;
	u32 *a, *p = NULL, want = 0;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	blk[0] = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, KMAP_TEST_ORDER);
	blk[1] = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, KMAP_TEST_ORDER);
	if (!blk[0] || !blk[1] || !PageHighMem(blk[0]) || !PageHighMem(blk[1])) {
		if (blk[0])
			__free_pages(blk[0], KMAP_TEST_ORDER);
		if (blk[1])
			__free_pages(blk[1], KMAP_TEST_ORDER);
		KTEST_SKIP(t, "no two 4 MiB HighMem blocks");
	}
	first = blk[0];
	a = kmap(first);
	ASSERT_NOT_NULL(t, a);
	*a = OLD_PATTERN;
	EXPECT_EQ(t, read_on(1, a), OLD_PATTERN);
	kunmap(first);
	ipis = arch_ipis_sent();
	for (i = 1; i < KMAP_TEST_PAGES && !reused; i++) {
		struct page *q = blk[i >> KMAP_TEST_ORDER] + (i & ((1UL << KMAP_TEST_ORDER) - 1));

		p = kmap(q);
		if (!p)
			break;
		want = NEW_PATTERN_BASE + (u32)i;
		*p = want;
		if (p == a)
			reused = q;
		else
			kunmap(q);
	}
	ASSERT_TRUE(t, reused != NULL);
	EXPECT_EQ(t, read_on(1, a), want);
	ipis = arch_ipis_sent() - ipis - 1;
	ktest_info(t, "kmap pool wrap: %lu IPIs for the flush (%u other CPUs)\n",
		     ipis, num_online_cpus() - 1);
	EXPECT_EQ(t, ipis, (unsigned long)num_online_cpus() - 1);
	kunmap(reused);
	__free_pages(blk[0], KMAP_TEST_ORDER);
	__free_pages(blk[1], KMAP_TEST_ORDER);
}

/* kmap_atomic's slot is this CPU's: mapping and unmapping sends nothing. */
static void test_kmap_atomic_no_ipi(struct ktest *t)
{
	struct page *pg = alloc_page(GFP_HIGHUSER);
	unsigned long ipis = arch_ipis_sent();

	ASSERT_NOT_NULL(t, pg);
	for (unsigned int i = 0; i < ATOMIC_ROUNDS; i++) {
		u32 *v = kmap_atomic(pg);

		*v = i;
		kunmap_atomic(v);
	}
	ktest_info(t, "kmap_atomic x%u: %lu IPIs\n", ATOMIC_ROUNDS, arch_ipis_sent() - ipis);
	EXPECT_EQ(t, arch_ipis_sent(), ipis);
	__free_page(pg);
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(test_cpu_ids),
	KTEST_CASE(test_spinlock_counter),
	KTEST_CASE(test_kmap_wrap_shootdown),
	KTEST_CASE(test_kmap_atomic_no_ipi),
	{}
};
KTEST_SUITE(smp, smp_cases);
