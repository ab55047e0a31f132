/* zone_drain suite: the per-CPU page lists across CPUs (mm/pcp.c). A page
 * freed on a CPU goes on that CPU's list, whoever allocated it;
 * drain_all_pages() empties every CPU's lists, busy CPUs included, after
 * which the buddy counts are the whole truth; zoneinfo shows every CPU's
 * set; CPUs allocating and freeing on one zone at once keep the free
 * counts exact. The other CPUs are driven through arch_smp_call_async().
 * Every case needs a second CPU and is skipped on one. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <mm/mm.h>

/* Pages each CPU holds at most in the concurrent case, and its rounds. */
#define STORM_HELD   48
#define STORM_ROUNDS 4000
/* Bounds on a helper CPU's wait for release, so a failed case cannot
 * leave it spinning for ever. */
#define BUSY_SPIN_LIMIT 200000000u

static struct page *cpu1_page;

static void alloc_on_cpu(void *arg)
{
	(void)arg;
	cpu1_page = alloc_page(GFP_KERNEL);
}

static struct per_cpu_pages *pcp_of(struct zone *z, unsigned int cpu)
{
	return &z->pcp[cpu];
}

/* Allocated on CPU 1, freed on CPU 0: the page tops CPU 0's list and CPU
 * 1's list does not change (Linux's free_unref_page() uses the freeing
 * CPU's list). */
static void test_remote_free_lands_on_freeing_cpu(struct ktest *t)
{
	struct per_cpu_pages *p0, *p1;
	int count1;
	struct zone *z;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	drain_all_pages();
	cpu1_page = NULL;
	ASSERT_EQ(t, arch_smp_call_async(1, alloc_on_cpu, NULL), 0);
	arch_smp_wait(1);
	ASSERT_NOT_NULL(t, cpu1_page);
	z = page_zone(cpu1_page);
	p0 = pcp_of(z, 0);
	p1 = pcp_of(z, 1);
	if (p0->high < 2) {
		__free_page(cpu1_page);
		KTEST_SKIP(t, "the zone runs without per-CPU lists");
	}
	/* CPU 1's refill left batch - 1 pages on its own list. */
	EXPECT_EQ(t, p1->count, p1->batch - 1);
	count1 = p1->count;
	EXPECT_EQ(t, p0->count, 0);
	__free_page(cpu1_page);
	EXPECT_EQ(t, p0->count, 1);
	EXPECT_TRUE(t, p0->lists[MIGRATE_UNMOVABLE] == &cpu1_page->lru);
	EXPECT_EQ(t, p1->count, count1);
	drain_all_pages();
}

static volatile bool release_busy;
static volatile unsigned int busy_ready;

/* Fill this CPU's list with a few freed pages, then stay busy (interrupts
 * on, not idle) until released: only an IPI reaches it. */
static void fill_then_spin(void *arg)
{
	struct page *pages[8];
	unsigned int i, n = 0;

	(void)arg;
	for (i = 0; i < ARRAY_SIZE(pages); i++)
		if ((pages[n] = alloc_page(GFP_KERNEL)) != NULL)
			n++;
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	__atomic_add_fetch(&busy_ready, 1, __ATOMIC_ACQ_REL);
	for (i = 0; i < BUSY_SPIN_LIMIT && !release_busy; i++)
		__asm__ volatile("rep; nop" ::: "memory");
}

static unsigned long buddy_free_pages(void)
{
	const struct zone *z;
	unsigned long n = 0;

	for_each_zone(z)
		n += z->free_pages;
	return n;
}

/* Every CPU but this one holds pages on its lists and is busy; after
 * drain_all_pages() every list of every CPU is empty, and nr_free_pages(),
 * the buddy counts and buddyinfo agree. */
static void test_drain_all_reaches_busy_cpus(struct ktest *t)
{
	unsigned long snap[MAX_NR_ZONES][MAX_ORDER], from_buddyinfo = 0;
	unsigned int n = num_online_cpus(), c, o;
	struct page *mine;
	struct zone *z;
	int zi;

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	release_busy = false;
	busy_ready = 0;
	for (c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, fill_then_spin, NULL), 0);
	while (__atomic_load_n(&busy_ready, __ATOMIC_ACQUIRE) < n - 1)
		__asm__ volatile("rep; nop" ::: "memory");
	mine = alloc_page(GFP_KERNEL);
	if (mine)
		__free_page(mine);
	if (!nr_pcp_pages()) {
		release_busy = true;
		for (c = 1; c < n; c++)
			arch_smp_wait(c);
		KTEST_SKIP(t, "the zones run without per-CPU lists");
	}
	drain_all_pages();
	/* Checked while the other CPUs are still busy: the IPI drained them. */
	for_each_zone(z)
		for (c = 0; c < NR_CPUS; c++)
			EXPECT_EQ(t, pcp_of(z, c)->count, 0);
	EXPECT_EQ(t, nr_pcp_pages(), 0UL);
	release_busy = true;
	for (c = 1; c < n; c++)
		arch_smp_wait(c);
	EXPECT_EQ(t, nr_free_pages(), buddy_free_pages());
	buddyinfo_snapshot(snap);
	for (zi = 0; zi < MAX_NR_ZONES; zi++)
		for (o = 0; o < MAX_ORDER; o++)
			from_buddyinfo += snap[zi][o] << o;
	EXPECT_EQ(t, from_buddyinfo, nr_free_pages());
	EXPECT_TRUE(t, free_lists_check());
}

/* zoneinfo prints a pageset for every online CPU; the matrix's SMP
 * entries look for the last CPU's "    cpu: N" line in the log. */
static void test_zoneinfo_every_cpu(struct ktest *t)
{
	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	show_zoneinfo();
}

/* Per CPU: allocate and free orders 0-3 with four masks in a fixed
 * pseudo-random pattern, holding up to STORM_HELD blocks. */
struct storm {
	struct page *held[STORM_HELD];
	unsigned int order[STORM_HELD];
	unsigned long failed;
} __aligned(64);

static struct storm storms[NR_CPUS];
static volatile bool storm_go;
static volatile unsigned int storm_done;

static void storm_run(void *arg)
{
	/* GFP_DMA: the DMA zone is small enough to run without lists (high
	 * 0), so every one of its allocations and frees takes the zone lock. */
	static const gfp_t masks[] = { GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE, GFP_DMA };
	struct storm *s = &storms[smp_processor_id()];
	u32 x = 0x9e3779b9u * (smp_processor_id() + 1);
	unsigned int i;

	(void)arg;
	while (!storm_go)
		__asm__ volatile("rep; nop" ::: "memory");
	for (i = 0; i < STORM_ROUNDS; i++) {
		unsigned int slot;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		slot = x % STORM_HELD;
		if (s->held[slot]) {
			__free_pages(s->held[slot], s->order[slot]);
			s->held[slot] = NULL;
		} else {
			unsigned int order = (x >> 8) % 4 == 0 ? (x >> 12) % 4 : 0;

			s->held[slot] = alloc_pages(masks[(x >> 16) % ARRAY_SIZE(masks)] | __GFP_NOWARN, order);
			s->order[slot] = order;
			s->failed += !s->held[slot];
		}
	}
	for (i = 0; i < STORM_HELD; i++)
		if (s->held[i]) {
			__free_pages(s->held[i], s->order[i]);
			s->held[i] = NULL;
		}
	__atomic_add_fetch(&storm_done, 1, __ATOMIC_ACQ_REL);
}

/* Every CPU allocates and frees on the same zones at once: afterwards the
 * free count is what it was, the lists are consistent, and after a drain
 * the buddy lists hold every free page. */
static void test_concurrent_counts_exact(struct ktest *t)
{
	unsigned int n = num_online_cpus(), c;
	unsigned long before;

	if (n < 2)
		KTEST_SKIP(t, "one CPU");
	drain_all_pages();
	before = nr_free_pages();
	storm_go = false;
	storm_done = 0;
	for (c = 0; c < n; c++)
		storms[c].failed = 0;
	for (c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, storm_run, NULL), 0);
	storm_go = true;
	storm_run(NULL);
	for (c = 1; c < n; c++)
		arch_smp_wait(c);
	EXPECT_EQ(t, storm_done, n);
	for (c = 0; c < n; c++)
		EXPECT_EQ(t, storms[c].failed, 0UL);
	EXPECT_EQ(t, nr_free_pages(), before);
	EXPECT_TRUE(t, free_lists_check());
	drain_all_pages();
	EXPECT_EQ(t, nr_pcp_pages(), 0UL);
	EXPECT_EQ(t, buddy_free_pages(), before);
	EXPECT_TRUE(t, free_lists_check());
}

static const struct ktest_case zone_drain_cases[] = {
	KTEST_CASE(test_remote_free_lands_on_freeing_cpu),
	KTEST_CASE(test_drain_all_reaches_busy_cpus),
	KTEST_CASE(test_zoneinfo_every_cpu),
	KTEST_CASE(test_concurrent_counts_exact),
	{}
};
KTEST_SUITE_ALONE(zone_drain, "uses the other CPUs itself", zone_drain_cases);
