/* Per-CPU slabs on several CPUs (suite "slab_cpu_smp", skipped on one
 * CPU): an object allocated on one CPU and freed on another while its slab
 * is CPU 1's current one, shrink and slabinfo after another CPU used a
 * cache, and two CPUs allocating and freeing one cache at once. Caches
 * that slub_debug turns into debug caches have no per-CPU slab: the first
 * two cases skip them. */
#include <kernel/arch.h>
#include <kernel/ktest.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include "slab_cpu_test.h"

static void *sct_objs[SCT_MAX_OBJS];


#define SCT_OTHER_CPU     1
/* Objects of 512 bytes, eight to a slab: slabs change hands often. */
#define SCT_RACE_SIZE     512
#define SCT_RACE_ROUNDS   400
#define SCT_RACE_BATCH    24
#define SCT_RACE_LAST     (SCT_RACE_SIZE / sizeof(long) - 1)
#define SCT_RING          64          /* a power of two */
#define SCT_STAMP_CPU     24          /* stamp: cpu << 24 | round << 8 | index */
#define SCT_STAMP_ROUND   8

/* What a function sent to the other CPU works on. */
static struct {
	struct kmem_cache *s;
	unsigned int n;
	void *obj;
} sct_call;

static void sct_alloc_fn(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < sct_call.n; i++)
		sct_objs[i] = kmem_cache_alloc(sct_call.s, GFP_KERNEL);
}

static void sct_free_fn(void *arg)
{
	(void)arg;
	kmem_cache_free(sct_call.s, sct_call.obj);
}

static void sct_free_all_fn(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < sct_call.n; i++)
		kmem_cache_free(sct_call.s, sct_objs[i]);
}

/* Run fn on the other CPU and wait for it; false when it cannot run. */
static bool sct_run_there(void (*fn)(void *))
{
	if (arch_smp_call_async(SCT_OTHER_CPU, fn, NULL))
		return false;
	arch_smp_wait(SCT_OTHER_CPU);
	return true;
}

/* Slab P serves two objects on CPU 0 and goes back on the lists; CPU 1
 * then takes it as its current slab and allocates a from it. While P is
 * CPU 1's: a (CPU 1's) is freed on CPU 0, onto P's list under the lock;
 * y0 (CPU 0's) is freed on CPU 1, onto CPU 1's own list; y1 (CPU 0's) is
 * freed on CPU 0. CPU 1 then allocates a whole slab's worth: exactly P's
 * objects, each once, a and y1 among them, and no new slab. */
static void test_free_on_other_cpu(struct ktest *t)
{
	struct kmem_cache *s;
	struct page *p;
	void *y0, *y1, *a;
	unsigned int n, has_a = 0, has_y1 = 0;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	s = sct_cache("slabtest-cpu-remote");
	if (!s)
		KTEST_SKIP(t, "debug cache or no memory");
	n = s->objects;
	y0 = kmem_cache_alloc(s, GFP_KERNEL);
	y1 = kmem_cache_alloc(s, GFP_KERNEL);
	ASSERT_NOT_NULL(t, y0);
	ASSERT_NOT_NULL(t, y1);
	p = sct_slab_of(y0);
	slab_flush_all(s);
	sct_call.s = s;
	sct_call.n = 1;
	ASSERT_TRUE(t, sct_run_there(sct_alloc_fn));
	a = sct_objs[0];
	ASSERT_NOT_NULL(t, a);
	EXPECT_TRUE(t, sct_slab_of(a) == p);
	EXPECT_TRUE(t, slab_cpu_page(s, SCT_OTHER_CPU) == p);

	kmem_cache_free(s, a);                  /* allocated on 1, freed on 0 */
	EXPECT_TRUE(t, slab_cpu_page(s, SCT_OTHER_CPU) == p);
	EXPECT_TRUE(t, p->freelist == a);
	sct_call.obj = y0;                      /* allocated on 0, freed on 1 */
	ASSERT_TRUE(t, sct_run_there(sct_free_fn));
	kmem_cache_free(s, y1);                 /* allocated on 0, freed on 0 */
	EXPECT_TRUE(t, slab_cpu_page(s, SCT_OTHER_CPU) == p);

	sct_call.n = n;
	ASSERT_TRUE(t, sct_run_there(sct_alloc_fn));
	EXPECT_TRUE(t, sct_distinct_in(sct_objs, n, p));
	for (unsigned int i = 0; i < n; i++) {
		has_a += sct_objs[i] == a;
		has_y1 += sct_objs[i] == y1;
	}
	EXPECT_EQ(t, has_a, 1);
	EXPECT_EQ(t, has_y1, 1);
	EXPECT_EQ(t, s->nr_slabs, 1);
	ASSERT_TRUE(t, sct_run_there(sct_free_all_fn));
	EXPECT_EQ(t, sct_active(s), 0);
	EXPECT_EQ(t, s->nr_slabs, 1);
	kmem_cache_destroy(s);
}

/* The number after the first n fields of a slabinfo line. */
static unsigned long sct_info_field(const char *line, unsigned int n)
{
	const char *p = line;

	while (*p && *p != ' ')
		p++;
	for (;;) {
		unsigned long v = 0;

		while (*p == ' ' || *p == ':' || (*p >= 'a' && *p <= 'z'))
			p++;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (unsigned long)(*p++ - '0');
		if (!n-- || !*p)
			return v;
	}
}

/* CPU 1 fills two slabs and starts a third; slabinfo on CPU 0 counts its
 * objects exactly (not the free ones of CPU 1's current slab). CPU 1
 * frees them all; shrink on CPU 0 gives back every slab, CPU 1's current
 * one included, and slabinfo reads zero. */
static void test_shrink_after_other_cpu(struct ktest *t)
{
	char line[SLABINFO_LINE_MAX];
	struct kmem_cache *s;
	unsigned long free0, n;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	kmem_cache_shrink_all();
	s = sct_cache("slabtest-cpu-shrink");
	if (!s)
		KTEST_SKIP(t, "debug cache or no memory");
	free0 = nr_free_pages();
	n = 2UL * s->objects + 3;
	if (n > SCT_MAX_OBJS || s->order)
		KTEST_SKIP(t, "slabs larger than the test's array");
	sct_call.s = s;
	sct_call.n = (unsigned int)n;
	ASSERT_TRUE(t, sct_run_there(sct_alloc_fn));
	EXPECT_TRUE(t, slab_cpu_page(s, SCT_OTHER_CPU) != NULL);
	slabinfo_format(s, line, sizeof(line));
	ktest_info(t, "%s", line);
	EXPECT_EQ(t, sct_info_field(line, 0), n);           /* active_objs */
	EXPECT_EQ(t, sct_info_field(line, 1), 3 * s->objects);
	EXPECT_EQ(t, sct_info_field(line, 8), 3);           /* active_slabs */
	EXPECT_EQ(t, sct_info_field(line, 9), 3);           /* num_slabs */
	ASSERT_TRUE(t, sct_run_there(sct_free_all_fn));
	kmem_cache_shrink(s);
	EXPECT_EQ(t, s->nr_slabs, 0);
	EXPECT_TRUE(t, slab_cpu_page(s, SCT_OTHER_CPU) == NULL);
	EXPECT_EQ(t, nr_free_pages(), free0);
	slabinfo_format(s, line, sizeof(line));
	EXPECT_EQ(t, sct_info_field(line, 0), 0);
	EXPECT_EQ(t, sct_info_field(line, 9), 0);
	kmem_cache_destroy(s);
}

/* Two CPUs at once on one cache. Each round a CPU allocates a batch and
 * stamps every object with its owner, round and index, frees half of it
 * and passes the other half to the other CPU through a ring, and frees
 * what the other CPU passed it; a stamp found changed (an object handed
 * out twice) or a repeated object in a batch is counted. At the end no
 * object is in use and the counters agree with the lists. */
struct sct_ring {
	void *slot[SCT_RING];
	unsigned long stamp[SCT_RING];
	volatile unsigned int head, tail;       /* consumer, producer */
};

static struct {
	struct kmem_cache *s;
	struct sct_ring ring[2];                /* ring[i]: to CPU i */
	volatile unsigned int started, done;
	unsigned long bad[2], failed[2];
} sct_race;

static unsigned long sct_stamp(unsigned int cpu, unsigned int round, unsigned int i)
{
	return (unsigned long)cpu << SCT_STAMP_CPU | (unsigned long)round << SCT_STAMP_ROUND | i;
}

/* Free everything in CPU me's ring, checking each object's stamp. */
static void sct_consume(unsigned int me)
{
	struct sct_ring *r = &sct_race.ring[me];
	unsigned int tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);

	while (r->head != tail) {
		unsigned long *obj = r->slot[r->head % SCT_RING];
		unsigned long stamp = r->stamp[r->head % SCT_RING];

		if (obj[0] != stamp || obj[SCT_RACE_LAST] != stamp)
			sct_race.bad[me]++;
		kmem_cache_free(sct_race.s, obj);
		__atomic_store_n(&r->head, r->head + 1, __ATOMIC_RELEASE);
	}
}

static void sct_produce(unsigned int me, unsigned long *obj)
{
	struct sct_ring *r = &sct_race.ring[!me];

	while (r->tail - __atomic_load_n(&r->head, __ATOMIC_ACQUIRE) == SCT_RING)
		sct_consume(me);                /* the other CPU may wait for us */
	r->slot[r->tail % SCT_RING] = obj;
	r->stamp[r->tail % SCT_RING] = obj[0];
	__atomic_store_n(&r->tail, r->tail + 1, __ATOMIC_RELEASE);
}

static void sct_race_fn(void *arg)
{
	unsigned int me = (unsigned int)(unsigned long)arg;
	unsigned long *batch[SCT_RACE_BATCH];

	__atomic_add_fetch(&sct_race.started, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&sct_race.started, __ATOMIC_ACQUIRE) < 2)
		__asm__ volatile("rep; nop");
	for (unsigned int r = 0; r < SCT_RACE_ROUNDS; r++) {
		for (unsigned int i = 0; i < SCT_RACE_BATCH; i++) {
			unsigned long *obj = kmem_cache_alloc(sct_race.s, GFP_KERNEL);

			batch[i] = obj;
			if (!obj) {
				sct_race.failed[me]++;
				continue;
			}
			obj[0] = obj[SCT_RACE_LAST] = sct_stamp(me, r, i);
		}
		for (unsigned int i = 0; i < SCT_RACE_BATCH; i++) {
			if (!batch[i])
				continue;
			if (batch[i][0] != sct_stamp(me, r, i) ||
			    batch[i][SCT_RACE_LAST] != sct_stamp(me, r, i))
				sct_race.bad[me]++;
			if (i % 4)
				sct_produce(me, batch[i]);
			else
				kmem_cache_free(sct_race.s, batch[i]);
		}
		sct_consume(me);
	}
	__atomic_add_fetch(&sct_race.done, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&sct_race.done, __ATOMIC_ACQUIRE) < 2)
		sct_consume(me);
	sct_consume(me);
}

static void test_two_cpus_one_cache(struct ktest *t)
{
	struct kmem_cache *s;

	if (num_online_cpus() < 2)
		KTEST_SKIP(t, "one CPU");
	s = kmem_cache_create("slabtest-cpu-race", SCT_RACE_SIZE, 0, 0, NULL);
	ASSERT_NOT_NULL(t, s);
	memset(&sct_race, 0, sizeof(sct_race));
	sct_race.s = s;
	ASSERT_EQ(t, arch_smp_call_async(SCT_OTHER_CPU, sct_race_fn, (void *)1UL), 0);
	sct_race_fn((void *)0UL);
	arch_smp_wait(SCT_OTHER_CPU);
	EXPECT_EQ(t, sct_race.failed[0] + sct_race.failed[1], 0);
	EXPECT_EQ(t, sct_race.bad[0], 0);
	EXPECT_EQ(t, sct_race.bad[1], 0);
	EXPECT_EQ(t, sct_active(s), 0);
	EXPECT_EQ(t, s->nr_empty, s->nr_slabs);
	kmem_cache_destroy(s);
}

static const struct ktest_case slab_cpu_smp_cases[] = {
	KTEST_CASE(test_free_on_other_cpu),
	KTEST_CASE(test_shrink_after_other_cpu),
	KTEST_CASE(test_two_cpus_one_cache),
	{}
};
KTEST_SUITE_ALONE(slab_cpu_smp, "uses the other CPUs itself", slab_cpu_smp_cases);
