/* smp_stress suite: every online CPU allocates and frees stamped blocks
 * (tests/kernel/smp_blocks.h: pages of mixed orders and GFP flags, some
 * GFP_DMA, kmalloc objects of every size class, HighMem pages written
 * through kmap() and kmap_atomic()) at the same moment, and hands a share
 * of them to the next CPU through a single-producer single-consumer ring,
 * sometimes still kmap()ed, for that CPU to check and free: remote frees
 * into another CPU's page lists and slabs, kunmap() on another CPU than
 * the kmap(). Every block's stamp is checked where it is freed, so a block
 * handed out twice, or changed under its owner, is caught there.
 *
 * When every CPU has finished and the others are back in their idle loops
 * (running nothing), the boot CPU drains the per-CPU lists and checks the
 * free lists (free_lists_check()), the invariants (mm_invariants.h), and
 * that free pages, active slab objects and kmap slots are what they were
 * before. The interleavings differ from run to run; the checks do not.
 * smp_stress.runs=N repeats the whole of it N times (the matrix's SMP
 * boots do). Skipped on one CPU. */
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/random.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/shrinker.h>
#include <mm/slab.h>

#include "mm_invariants.h"
#include "smp_blocks.h"

#define STRESS_STEPS   10000    /* operations per CPU per run */
#define STRESS_SLOTS   32       /* blocks a CPU holds at most */
#define RING_SIZE      64       /* blocks in flight per ring; a power of 2 */
#define STRESS_SEED    0x5bd1e995u
#define RECEIVE_ONE_IN 2        /* steps that take from the incoming ring */
#define MAX_RUNS       100

/* rings[c] carries blocks from CPU c to CPU (c + 1) % n. Only CPU c writes
 * head and the slots, only the next CPU writes tail. */
struct ring {
	struct smp_block blk[RING_SIZE];
	void *kaddr[RING_SIZE];         /* the head page's kmap() address, or NULL */
	u32 head;
	u32 tail;
	bool closed;                    /* the producer will push no more */
} __aligned(64);

struct stress_cpu {
	struct smp_block held[STRESS_SLOTS];
	u32 rng;
	u32 seq;
	unsigned long allocs, handed, kmaps_handed, received, damaged;
	unsigned long received_live;    /* before its producer closed */
} __aligned(64);

static struct ring rings[NR_CPUS];
static struct stress_cpu stress_cpus[NR_CPUS];
static unsigned int stress_started;
static unsigned int stress_done;
static unsigned int stress_runs = 1;

static int set_runs(const char *val)
{
	char *end;
	unsigned long n;

	if (!val || !*val)
		return -EINVAL;
	n = (unsigned long)simple_strtoull(val, &end, 10);
	if (*end || n < 1 || n > MAX_RUNS)
		return -EINVAL;
	stress_runs = (unsigned int)n;
	return 0;
}
kernel_param("smp_stress.runs", set_runs);

static bool ring_push(struct ring *r, const struct smp_block *b, void *kaddr)
{
	u32 head = r->head;

	if (head - __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE) == RING_SIZE)
		return false;
	r->blk[head % RING_SIZE] = *b;
	r->kaddr[head % RING_SIZE] = kaddr;
	__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
	return true;
}

static bool ring_pop(struct ring *r, struct smp_block *b, void **kaddr)
{
	u32 tail = r->tail;

	if (tail == __atomic_load_n(&r->head, __ATOMIC_ACQUIRE))
		return false;
	*b = r->blk[tail % RING_SIZE];
	*kaddr = r->kaddr[tail % RING_SIZE];
	__atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

/* Take one block from the previous CPU's ring, check it is that CPU's,
 * read its stamp through the kmap() address it came with, free it. */
static bool receive_one(struct stress_cpu *sc, struct ring *in, unsigned int from)
{
	struct smp_block b;
	void *kaddr;
	bool ok;

	if (!ring_pop(in, &b, &kaddr))
		return false;
	sc->received++;
	ok = smp_block_owner(b.stamp) == (int)from;
	if (kaddr) {
		ok = ok && *(const u32 *)kaddr == b.stamp;
		kunmap(b.page);
	}
	sc->damaged += !(smp_block_free(&b, "smp_stress") && ok);
	return true;
}

/* Hand b to the next CPU, kmap()ing a HighMem head page now and then; or
 * free it here when the ring is full. */
static void hand_over(struct stress_cpu *sc, struct ring *out, struct smp_block *b, u32 r)
{
	void *kaddr = NULL;

	if (b->page && PageHighMem(b->page) && (r & 1))
		kaddr = kmap(b->page);
	if (ring_push(out, b, kaddr)) {
		sc->handed++;
		sc->kmaps_handed += kaddr != NULL;
		b->page = NULL;
		b->obj = NULL;
		return;
	}
	if (kaddr)
		kunmap(b->page);
	sc->damaged += !smp_block_free(b, "smp_stress");
}

/* Every CPU, the boot CPU included, interrupts on. */
static void stress_worker(void *arg)
{
	unsigned int cpu = smp_processor_id(), n = num_online_cpus(), i;
	unsigned int from = (cpu + n - 1) % n;
	struct stress_cpu *sc = &stress_cpus[cpu];
	struct ring *out = &rings[cpu], *in = &rings[from];

	(void)arg;
	__atomic_add_fetch(&stress_started, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&stress_started, __ATOMIC_ACQUIRE) < n)
		__asm__ volatile("rep; nop" ::: "memory");
	/* Each CPU goes on until every CPU has done STRESS_STEPS, so all of
	 * them run at once for at least that long even when the host runs a
	 * vCPU's whole share before the next one is scheduled. */
	for (i = 0; i < STRESS_STEPS || __atomic_load_n(&stress_done, __ATOMIC_ACQUIRE) < n; i++) {
		u32 r = xorshift32(&sc->rng);

		if (i == STRESS_STEPS)
			__atomic_add_fetch(&stress_done, 1, __ATOMIC_ACQ_REL);
		struct smp_block *b = &sc->held[(r >> 8) % STRESS_SLOTS];

		if (r % RECEIVE_ONE_IN == 0) {
			receive_one(sc, in, from);
		} else if (!b->page && !b->obj) {
			sc->allocs += smp_block_alloc(b, &sc->rng, smp_block_stamp(cpu, sc->seq++),
						      SMP_BLOCK_DMA | SMP_BLOCK_KMAP);
		} else if (r & (1u << 16)) {
			hand_over(sc, out, b, r >> 17);
		} else {
			sc->damaged += !smp_block_free(b, "smp_stress");
		}
	}
	for (i = 0; i < STRESS_SLOTS; i++)
		sc->damaged += !smp_block_free(&sc->held[i], "smp_stress");
	sc->received_live = sc->received;
	__atomic_store_n(&out->closed, true, __ATOMIC_RELEASE);
	/* The producer never waits for this CPU, so this ends. closed is read
	 * before the ring: seen set, every push is visible too. */
	for (;;) {
		bool closed = __atomic_load_n(&in->closed, __ATOMIC_ACQUIRE);

		if (!receive_one(sc, in, from) && closed)
			break;
	}
}

/* What must be the same before and after a run, in a canonical state: the
 * per-CPU page lists drained, empty slabs returned. */
struct stress_counts {
	unsigned long free_pages;
	unsigned long slab_objects;
	unsigned int kmap_slots;
};

static void stress_sample(struct stress_counts *c)
{
	drain_all_pages();
	kmem_cache_shrink_all();
	c->free_pages = nr_free_pages() + slab_reclaimable_pages();
	c->slab_objects = slab_total_active_objects();
	c->kmap_slots = kmap_slots_in_use();
}

static void stress_run(struct ktest *t, unsigned int run)
{
	unsigned int n = num_online_cpus(), c;
	unsigned long allocs = 0, handed = 0, kmaps = 0, received = 0, live = 0, damaged = 0;
	struct stress_counts before, after;

	memset(rings, 0, sizeof(rings));
	stress_started = 0;
	stress_done = 0;
	for (c = 0; c < n; c++) {
		memset(&stress_cpus[c], 0, sizeof(stress_cpus[c]));
		stress_cpus[c].rng = STRESS_SEED ^ (run << 8) ^ c;
	}
	stress_sample(&before);
	for (c = 1; c < n; c++)
		ASSERT_EQ(t, arch_smp_call_async(c, stress_worker, NULL), 0);
	stress_worker(NULL);
	for (c = 1; c < n; c++)
		arch_smp_wait(c);

	for (c = 0; c < n; c++) {
		const struct stress_cpu *sc = &stress_cpus[c];

		EXPECT_GT(t, sc->allocs, 0);
		allocs += sc->allocs;
		handed += sc->handed;
		kmaps += sc->kmaps_handed;
		received += sc->received;
		live += sc->received_live;
		damaged += sc->damaged;
	}
	ktest_info(t, "run %u: %u CPUs, %lu blocks allocated, %lu handed to another CPU (%lu kmapped, %lu taken while both ran), %lu damaged",
		   run, n, allocs, handed, kmaps, live, damaged);
	EXPECT_EQ(t, damaged, 0);
	EXPECT_GT(t, live, 0);
	EXPECT_EQ(t, received, handed);
	stress_sample(&after);
	EXPECT_TRUE(t, free_lists_check());
	EXPECT_TRUE(t, mm_invariants_check("smp_stress", run, 0));
	EXPECT_EQ(t, after.free_pages, before.free_pages);
	EXPECT_EQ(t, after.slab_objects, before.slab_objects);
	EXPECT_EQ(t, after.kmap_slots, before.kmap_slots);
}

static void test_cross_cpu_stress(struct ktest *t)
{
	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	for (unsigned int run = 1; run <= stress_runs && t->status != KTEST_FAIL; run++)
		stress_run(t, run);
}

static const struct ktest_case smp_stress_cases[] = {
	KTEST_CASE(test_cross_cpu_stress),
	{}
};
KTEST_SUITE_ALONE(smp_stress, "uses the other CPUs itself", smp_stress_cases);
