/* kmap, kmap_atomic and the preempt count with several CPUs (QEMU's
 * multi-threaded TCG runs the vCPUs truly in parallel):
 *
 * - kmap_wrap_under_load: every other CPU keeps running code (never idle)
 *   and reads a page through its kmap() address; the page is kunmapped and
 *   the pool wraps until that address maps another page. The readers must
 *   then see the new page, never the old one a stale TLB entry would give:
 *   the wrap's flush reaches busy CPUs (one IPI each, counted).
 * - kmap_atomic_two_cpus: two CPUs hold kmap_atomic mappings at the same
 *   moment, round after round; each must always see its own page (a shared
 *   slot would show one the other's, a shared stack reports releases out of
 *   order), with no IPI at all.
 * - kmap_all_cpus: every CPU kmaps and kunmaps its own 1024 pages in turn
 *   at once, so the pool wraps again and again with all of them using it
 *   (the lock-free paths, kmap_lock and the shootdowns racing); every page
 *   must always show its own stamp and no kmap() may fail.
 * - preempt_count_per_cpu: one CPU's preempt_disable(), kmap_atomic() or
 *   local_bh_disable() changes its own context only.
 *
 * Other CPUs run the test's functions through arch_smp_call_async(), with
 * interrupts on. Skipped on one CPU; the kmap cases skip without HighMem. */
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/softirq.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include "highmem_util.h"
#include "test_pages.h"

#define KS_BLOCK_ORDER   (MAX_ORDER - 1)
#define KS_BLOCK_PAGES   (1UL << KS_BLOCK_ORDER)
#define KS_WRAPS         3       /* pool wraps checked per run */
#define KS_WALK_LIMIT    (8 * KS_BLOCK_PAGES)
#define KS_OLD_PATTERN   0xa5a5a5a5u
#define KS_NEW_BASE      0x5a000000u
#define KS_ATOMIC_ROUNDS 300
#define KS_ATOMIC_PAGES  8       /* pages per CPU, mapped in turn */
#define KS_SPIN_LIMIT    20000000UL

static void cpu_relax(void)
{
	__asm__ volatile("rep; nop" ::: "memory");
}

/* Set once a wait timed out: every later wait gives up at once, so a CPU
 * that stopped answering fails the case instead of hanging the run. */
static volatile bool ks_gave_up;

/* Wait until *v >= want. */
static bool wait_for(volatile unsigned int *v, unsigned int want)
{
	for (unsigned long i = 0; i < KS_SPIN_LIMIT && !ks_gave_up; i++) {
		if (__atomic_load_n(v, __ATOMIC_ACQUIRE) >= want)
			return true;
		cpu_relax();
	}
	ks_gave_up = true;
	return false;
}

/* ------------------------------------------------------------------------
 * The pool wrap with busy readers.
 */

enum { RD_HOLD, RD_READ, RD_STOP };

static volatile unsigned int rd_cmd;            /* RD_*, from CPU 0 */
static volatile unsigned int rd_round;          /* bumped by CPU 0 per read request */
static volatile u32 *volatile rd_addr;
static struct {
	volatile unsigned int done_round;       /* last round read */
	volatile u32 value;                     /* what that read saw */
} __aligned(64) rd_state[NR_CPUS];

/* On each other CPU: spin (interrupts on, never idle); on each new round
 * read the address once and report the value. */
static void busy_reader(void *arg)
{
	unsigned int me = smp_processor_id(), seen = 0;

	(void)arg;
	for (;;) {
		unsigned int cmd = __atomic_load_n(&rd_cmd, __ATOMIC_ACQUIRE);
		unsigned int round = __atomic_load_n(&rd_round, __ATOMIC_ACQUIRE);

		if (cmd == RD_STOP)
			break;
		if (cmd == RD_READ && round != seen) {
			rd_state[me].value = *rd_addr;
			seen = round;
			__atomic_store_n(&rd_state[me].done_round, round, __ATOMIC_RELEASE);
		}
		cpu_relax();
	}
}

/* Every reader reads once; true when all answered. */
static bool readers_read(unsigned int n)
{
	unsigned int round = rd_round + 1;

	__atomic_store_n(&rd_round, round, __ATOMIC_RELEASE);
	__atomic_store_n(&rd_cmd, RD_READ, __ATOMIC_RELEASE);
	for (unsigned int c = 1; c < n; c++) {
		if (!wait_for(&rd_state[c].done_round, round))
			return false;
	}
	__atomic_store_n(&rd_cmd, RD_HOLD, __ATOMIC_RELEASE);
	return true;
}

/* kmap and kunmap the pages of blk in turn (skipping first) until a new
 * mapping lands at addr; returns that page, kmapped, with *want written
 * into it, or NULL. Pages that still hold a slot take no new one, so the
 * walk goes round the blocks a few times at most. */
static struct page *wrap_to(struct page *blk[2], struct page *first, u32 *addr, u32 *want)
{
	for (unsigned long i = 0; i < KS_WALK_LIMIT; i++) {
		unsigned long j = i % (2 * KS_BLOCK_PAGES);
		struct page *q = blk[j / KS_BLOCK_PAGES] + j % KS_BLOCK_PAGES;
		u32 *p;

		if (q == first)
			continue;
		p = kmap(q);
		if (!p)
			return NULL;
		*want = KS_NEW_BASE + (u32)i;
		*p = *want;
		if (p == addr)
			return q;
		kunmap(q);
	}
	return NULL;
}

static void test_kmap_wrap_under_load(struct ktest *t)
{
	unsigned int n = num_online_cpus();
	unsigned long ipis, stale = 0, unanswered = 0, wraps = 0;
	struct page *blk[2], *first;

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	blk[0] = alloc_high(KS_BLOCK_ORDER, 0);
	blk[1] = alloc_high(KS_BLOCK_ORDER, 0);
	if (!blk[0] || !blk[1]) {
		if (blk[0])
			__free_pages(blk[0], KS_BLOCK_ORDER);
		if (blk[1])
			__free_pages(blk[1], KS_BLOCK_ORDER);
		KTEST_SKIP(t, "no two 4 MiB HighMem blocks");
	}
	rd_cmd = RD_HOLD;
	rd_round = 0;
	for (unsigned int c = 1; c < n; c++) {
		rd_state[c].done_round = 0;
		ASSERT_EQ(t, arch_smp_call_async(c, busy_reader, NULL), 0);
	}
	first = blk[0];
	ipis = arch_ipis_sent();
	for (unsigned int w = 0; w < KS_WRAPS; w++) {
		struct page *reused;
		u32 *a = kmap(first), want = 0;

		if (!a)
			break;
		*a = KS_OLD_PATTERN + w;
		rd_addr = a;
		/* Every reader now has a's translation to the old page. */
		if (!readers_read(n))
			unanswered++;
		kunmap(first);
		reused = wrap_to(blk, first, a, &want);
		if (!reused)
			break;
		wraps++;
		if (!readers_read(n))
			unanswered++;
		for (unsigned int c = 1; c < n; c++) {
			if (rd_state[c].value != want) {
				stale++;
				ktest_info(t, "CPU %u read %#x through %p, the new page holds %#x\n",
					   c, (unsigned int)rd_state[c].value, (void *)a,
					   (unsigned int)want);
			}
		}
		kunmap(reused);
	}
	ipis = arch_ipis_sent() - ipis;
	__atomic_store_n(&rd_cmd, RD_STOP, __ATOMIC_RELEASE);
	for (unsigned int c = 1; c < n; c++)
		arch_smp_wait(c);
	ktest_info(t, "%d pool wraps with %u busy readers: %lu IPIs\n", KS_WRAPS, n - 1, ipis);
	EXPECT_FALSE(t, ks_gave_up);
	EXPECT_EQ(t, wraps, KS_WRAPS);
	EXPECT_EQ(t, stale, 0);
	EXPECT_EQ(t, unanswered, 0);
	/* One shootdown per wrap, one IPI per other CPU (the readers' start
	 * IPIs were sent before counting). */
	EXPECT_EQ(t, ipis, (unsigned long)KS_WRAPS * (n - 1));
	__free_pages(blk[0], KS_BLOCK_ORDER);
	__free_pages(blk[1], KS_BLOCK_ORDER);
}

/* ------------------------------------------------------------------------
 * kmap_atomic on two CPUs at once.
 */

static struct page *at_pages[2];                /* KS_ATOMIC_PAGES each */
static volatile unsigned int at_arrivals;       /* at the rendezvous, both CPUs */
static struct {
	unsigned long wrong;                    /* reads of another page */
	unsigned long refused;                  /* kmap_atomic() NULL */
	unsigned long preempt_bad;              /* count not +1 while held */
} __aligned(64) at_result[2];

/* Both CPUs arrive before either goes on (the n-th rendezvous). */
static void rendezvous(unsigned int n)
{
	__atomic_add_fetch(&at_arrivals, 1, __ATOMIC_ACQ_REL);
	wait_for(&at_arrivals, 2 * n);
}

/* CPU side s (0 or 1): map its own pages in turn; in every round both
 * CPUs hold their mapping at once (between two rendezvous), check the
 * stamp, write a new one, and unmap, one CPU sometimes before the other. */
static void atomic_worker(void *arg)
{
	unsigned int s = (unsigned int)(unsigned long)arg, meet = 0;
	unsigned long base = preempt_count();

	for (unsigned int r = 0; r < KS_ATOMIC_ROUNDS; r++) {
		struct page *pg = at_pages[s] + r % KS_ATOMIC_PAGES;
		unsigned long pfn = page_to_pfn(pg);
		u32 *v;

		rendezvous(++meet);
		v = kmap_atomic(pg);
		rendezvous(++meet);
		if (!v) {
			at_result[s].refused++;
			continue;
		}
		if (preempt_count() != base + PREEMPT_OFFSET)
			at_result[s].preempt_bad++;
		if (v[0] != pattern(pfn, r / KS_ATOMIC_PAGES))
			at_result[s].wrong++;
		v[0] = pattern(pfn, r / KS_ATOMIC_PAGES + 1);
		kunmap_atomic(v);
	}
}

static void test_kmap_atomic_two_cpus(struct ktest *t)
{
	struct kmap_stats before = kmap_stats_now();
	unsigned long ipis;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	at_pages[0] = alloc_high(3, 0);
	at_pages[1] = alloc_high(3, 0);
	if (!at_pages[0] || !at_pages[1]) {
		if (at_pages[0])
			__free_pages(at_pages[0], 3);
		if (at_pages[1])
			__free_pages(at_pages[1], 3);
		KTEST_SKIP(t, "no HighMem blocks");
	}
	for (unsigned int s = 0; s < 2; s++) {
		for (unsigned int i = 0; i < KS_ATOMIC_PAGES; i++) {
			u32 *v = kmap(at_pages[s] + i);

			ASSERT_NOT_NULL(t, v);
			v[0] = pattern(page_to_pfn(at_pages[s] + i), 0);
			kunmap(at_pages[s] + i);
		}
		at_result[s].wrong = at_result[s].refused = at_result[s].preempt_bad = 0;
	}
	at_arrivals = 0;
	ASSERT_EQ(t, arch_smp_call_async(1, atomic_worker, (void *)1UL), 0);
	ipis = arch_ipis_sent();
	atomic_worker((void *)0UL);
	ipis = arch_ipis_sent() - ipis;
	arch_smp_wait(1);
	EXPECT_FALSE(t, ks_gave_up);
	for (unsigned int s = 0; s < 2; s++) {
		EXPECT_EQ(t, at_result[s].wrong, 0);
		EXPECT_EQ(t, at_result[s].refused, 0);
		EXPECT_EQ(t, at_result[s].preempt_bad, 0);
	}
	ktest_info(t, "kmap_atomic x%u on 2 CPUs at once: %lu IPIs\n", 2 * KS_ATOMIC_ROUNDS, ipis);
	EXPECT_EQ(t, ipis, 0);
	EXPECT_EQ(t, kmap_stats_now().atomic_misorder, before.atomic_misorder);
	EXPECT_EQ(t, kmap_stats_now().atomic_bad_unmap, before.atomic_bad_unmap);
	__free_pages(at_pages[0], 3);
	__free_pages(at_pages[1], 3);
}

/* ------------------------------------------------------------------------
 * kmap() on every CPU at once.
 */

#define KA_ROUNDS 3             /* passes over each CPU's block */

static struct page *ka_blocks[NR_CPUS];
static volatile unsigned int ka_started;
static struct {
	unsigned long wrong;                    /* a page showed another stamp */
	unsigned long failed;                   /* kmap() returned NULL */
} __aligned(64) ka_result[NR_CPUS];

/* Each pass maps every page of this CPU's block once (a page is kmapped
 * twice while held: the second finds the first's slot), checks the stamp
 * the last pass left and writes the next. */
static void kmap_worker(void *arg)
{
	unsigned int me = smp_processor_id(), n = (unsigned int)(unsigned long)arg;

	(void)arg;
	__atomic_add_fetch(&ka_started, 1, __ATOMIC_ACQ_REL);
	wait_for(&ka_started, n);
	for (unsigned int r = 0; r < KA_ROUNDS; r++) {
		for (unsigned long i = 0; i < KS_BLOCK_PAGES; i++) {
			struct page *pg = ka_blocks[me] + i;
			u32 *v = kmap(pg), *w;

			if (!v) {
				ka_result[me].failed++;
				continue;
			}
			w = kmap(pg);
			if (v[0] != pattern(page_to_pfn(pg), r) || w != v)
				ka_result[me].wrong++;
			v[0] = pattern(page_to_pfn(pg), r + 1);
			kunmap(pg);
			if (w)
				kunmap(pg);
		}
	}
}

static void test_kmap_all_cpus(struct ktest *t)
{
	unsigned int n = num_online_cpus(), c;
	unsigned int base = kmap_slots_in_use();
	struct kmap_stats before = kmap_stats_now();

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	if (!have_highmem())
		KTEST_SKIP(t, "no HighMem");
	for (c = 0; c < n; c++) {
		ka_blocks[c] = alloc_high(KS_BLOCK_ORDER, 0);
		if (!ka_blocks[c])
			break;
		for (unsigned long i = 0; i < KS_BLOCK_PAGES; i++)
			memcpy_to_page(ka_blocks[c] + i, 0, &(u32){ pattern(page_to_pfn(ka_blocks[c] + i), 0) },
				       sizeof(u32));
		ka_result[c].wrong = ka_result[c].failed = 0;
	}
	if (c < n) {
		while (c-- > 0)
			__free_pages(ka_blocks[c], KS_BLOCK_ORDER);
		KTEST_SKIP(t, "not one 4 MiB HighMem block per CPU");
	}
	ka_started = 0;
	for (c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, kmap_worker, (void *)(unsigned long)n), 0);
	kmap_worker((void *)(unsigned long)n);
	for (c = 1; c < n; c++)
		arch_smp_wait(c);
	for (c = 0; c < n; c++) {
		EXPECT_EQ(t, ka_result[c].wrong, 0);
		EXPECT_EQ(t, ka_result[c].failed, 0);
		__free_pages(ka_blocks[c], KS_BLOCK_ORDER);
	}
	ktest_info(t, "%u CPUs x %d kmaps: %lu pool wraps\n", n, KA_ROUNDS * (int)KS_BLOCK_PAGES,
		   kmap_stats_now().flushes - before.flushes);
	EXPECT_GT(t, kmap_stats_now().flushes, before.flushes);
	EXPECT_EQ(t, kmap_stats_now().pool_full, before.pool_full);
	EXPECT_EQ(t, kmap_stats_now().bad_kunmap, before.bad_kunmap);
	EXPECT_EQ(t, kmap_slots_in_use(), base);
}

/* ------------------------------------------------------------------------
 * The preempt count and contexts per CPU.
 */

enum { PC_START, PC_HELD, PC_CHECKED, PC_DONE };

static volatile unsigned int pc_step;
static volatile unsigned long pc_seen_held, pc_seen_after, pc_seen_other;
static volatile bool pc_softirq_seen;
static struct page *pc_page;

/* On CPU 1: hold preemption and a kmap_atomic mapping while CPU 0 looks at
 * its own count, then look at ours while CPU 0 has bottom halves off. */
static void preempt_holder(void *arg)
{
	void *v;

	(void)arg;
	preempt_disable();
	v = kmap_atomic(pc_page);
	pc_seen_held = preempt_count();
	__atomic_store_n(&pc_step, PC_HELD, __ATOMIC_RELEASE);
	wait_for(&pc_step, PC_CHECKED);
	pc_seen_other = preempt_count();
	pc_softirq_seen = in_softirq();
	kunmap_atomic(v);
	preempt_enable();
	pc_seen_after = preempt_count();
	__atomic_store_n(&pc_step, PC_DONE, __ATOMIC_RELEASE);
}

static void test_preempt_count_per_cpu(struct ktest *t)
{
	unsigned long base = preempt_count();

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	pc_page = alloc_page(HT_HIGH);
	ASSERT_NOT_NULL(t, pc_page);
	pc_step = PC_START;
	ASSERT_EQ(t, arch_smp_call_async(1, preempt_holder, NULL), 0);
	EXPECT_TRUE(t, wait_for(&pc_step, PC_HELD));
	/* CPU 1 holds two: its preempt_disable() and kmap_atomic(). */
	EXPECT_EQ(t, pc_seen_held, 2 * PREEMPT_OFFSET);
	EXPECT_EQ(t, preempt_count(), base);
	EXPECT_FALSE(t, in_interrupt());
	local_bh_disable();
	EXPECT_TRUE(t, in_softirq());
	__atomic_store_n(&pc_step, PC_CHECKED, __ATOMIC_RELEASE);
	EXPECT_TRUE(t, wait_for(&pc_step, PC_DONE));
	local_bh_enable();
	arch_smp_wait(1);
	EXPECT_FALSE(t, ks_gave_up);
	EXPECT_EQ(t, pc_seen_other, 2 * PREEMPT_OFFSET);
	EXPECT_FALSE(t, pc_softirq_seen);
	EXPECT_EQ(t, pc_seen_after, 0);
	EXPECT_EQ(t, preempt_count(), base);
	__free_page(pc_page);
}

static const struct ktest_case kmap_smp_cases[] = {
	KTEST_CASE(test_kmap_wrap_under_load),
	KTEST_CASE(test_kmap_atomic_two_cpus),
	KTEST_CASE(test_kmap_all_cpus),
	KTEST_CASE(test_preempt_count_per_cpu),
	{}
};
KTEST_SUITE_ALONE(kmap_smp, "uses the other CPUs itself", kmap_smp_cases);
