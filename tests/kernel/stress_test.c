/* In-kernel stress of interrupt-safe allocation: the timer interrupt
 * allocates and frees with GFP_ATOMIC (pages from every zone and kmalloc
 * objects, several operations per tick) and schedules a tasklet that does
 * the same in softirq context, while the main path hammers the same zones
 * for at least ST_MAIN_OPS seeded operations. Every block carries a stamp
 * naming its owner, checked when it is freed: a block handed to two owners,
 * or torn free lists, show up as a stamp mismatch, a bad page report or a
 * free_lists_check() failure; and every tick checks that the zone counters
 * it sees are whole, which catches an unprotected update the first time an
 * interrupt lands inside it. The interrupt-side allocation count is
 * printed as a diagnostic. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/softirq.h>
#include <kernel/timer.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/shrinker.h>
#include <mm/slab.h>

#define ST_MAIN_OPS          100000UL
/* The main loop also lasts at least this many ticks (3 s at HZ 100). */
#define ST_MIN_TICKS         (3 * HZ)
#define ST_MAIN_SLOTS        256
#define ST_IRQ_SLOTS         64
#define ST_TASKLET_SLOTS     32
#define ST_IRQ_OPS_PER_TICK  32
#define ST_TASKLET_OPS       16
#define ST_MAX_ORDER         3       /* orders 0..3 */
#define ST_IRQ_MAX_ORDER     2
#define ST_KMALLOC_MAX       2048
/* The main path holds at most this fraction of the free pages. */
#define ST_BUDGET_SHIFT      3
#define ST_MAIN_SEED         0x5eed0001U
#define ST_IRQ_SEED          0x5eed0002U
#define ST_TASKLET_SEED      0x5eed0003U
/* Stamp tags: which side owns a block. */
#define ST_TAG_MAIN          0x10000000U
#define ST_TAG_IRQ           0x20000000U
#define ST_TAG_TASKLET       0x30000000U
#define ST_SEQ_MASK          0x0fffffffU

struct st_block {
	struct page *page;          /* a page block, or NULL */
	void *obj;                  /* a kmalloc object, or NULL */
	unsigned int order;
	u32 stamp;
};

/* One allocating side: its slots, generator and counters. */
struct st_side {
	struct st_block *slot;
	unsigned int nslots;
	u32 rng, tag, seq;
	const gfp_t *masks;
	unsigned int nmasks;
	unsigned int max_order;
	unsigned long allocs, failures, frees, bad_stamps, held_pages;
};

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void write_stamp(struct st_block *b)
{
	u32 *w;

	if (b->obj) {
		*(u32 *)b->obj = b->stamp;
		return;
	}
	w = kmap_atomic(b->page);
	w[0] = b->stamp;
	kunmap_atomic(w);
}

static bool stamp_ok(const struct st_block *b)
{
	u32 *w, v;

	if (b->obj)
		return *(u32 *)b->obj == b->stamp;
	w = kmap_atomic(b->page);
	v = w[0];
	kunmap_atomic(w);
	return v == b->stamp;
}

static void side_free(struct st_side *sd, struct st_block *b)
{
	if (!stamp_ok(b))
		sd->bad_stamps++;
	if (b->obj) {
		kfree(b->obj);
	} else {
		__free_pages(b->page, b->order);
		sd->held_pages -= 1UL << b->order;
	}
	b->page = NULL;
	b->obj = NULL;
	sd->frees++;
}

/* One operation: free the chosen slot when full, else fill it with a page
 * block (three times in four) or a kmalloc object, within budget pages. */
static void side_op(struct st_side *sd, unsigned long budget)
{
	struct st_block *b = &sd->slot[xorshift(&sd->rng) % sd->nslots];
	u32 r = xorshift(&sd->rng);
	gfp_t gfp = sd->masks[r % sd->nmasks] | __GFP_NOWARN;

	if (b->page || b->obj) {
		side_free(sd, b);
		return;
	}
	b->stamp = sd->tag | (++sd->seq & ST_SEQ_MASK);
	if ((r >> 8) % 4 == 0) {
		b->obj = kmalloc(sizeof(u32) + (r >> 12) % ST_KMALLOC_MAX, gfp & ~__GFP_HIGHMEM);
		if (!b->obj) {
			sd->failures++;
			return;
		}
	} else {
		b->order = (r >> 12) % (sd->max_order + 1);
		if (sd->held_pages + (1UL << b->order) > budget)
			return;
		b->page = alloc_pages(gfp, b->order);
		if (!b->page) {
			sd->failures++;
			return;
		}
		sd->held_pages += 1UL << b->order;
	}
	sd->allocs++;
	write_stamp(b);
}

static void side_release_all(struct st_side *sd)
{
	for (unsigned int i = 0; i < sd->nslots; i++)
		if (sd->slot[i].page || sd->slot[i].obj)
			side_free(sd, &sd->slot[i]);
}

static const gfp_t main_masks[] = {
	GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, GFP_HIGHUSER, GFP_HIGHUSER_MOVABLE,
	GFP_DMA | GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | __GFP_RECLAIMABLE,
};
static const gfp_t atomic_masks[] = {
	GFP_ATOMIC, GFP_ATOMIC | __GFP_HIGHMEM, GFP_ATOMIC | GFP_DMA,
	GFP_ATOMIC | __GFP_ZERO, GFP_NOWAIT,
};

static struct st_block main_slots[ST_MAIN_SLOTS];
static struct st_block irq_slots[ST_IRQ_SLOTS];
static struct st_block tasklet_slots[ST_TASKLET_SLOTS];
static struct st_side main_side, irq_side, tasklet_side;
static struct tasklet_struct st_tasklet;
static volatile unsigned long irq_ticks, irq_not_hardirq, tasklet_not_softirq;
static volatile unsigned long irq_torn_zones;
static unsigned long side_budget;

static void st_tasklet_fn(unsigned long data)
{
	(void)data;
	if (!in_serving_softirq() || in_irq())
		tasklet_not_softirq++;
	for (unsigned int i = 0; i < ST_TASKLET_OPS; i++)
		side_op(&tasklet_side, side_budget);
}

/* What an interrupt sees must be whole: every zone's free page count
 * matches its free lists' block counts. Allocator updates that an
 * interrupt could split show here at the first tick that lands inside one,
 * long before they corrupt anything. */
static bool zones_whole(void)
{
	const struct zone *z;

	for_each_populated_zone(z) {
		unsigned long sum = 0;

		for (unsigned int o = 0; o < MAX_ORDER; o++)
			sum += z->free_area[o].nr_free << o;
		if (sum != z->free_pages)
			return false;
	}
	return true;
}

static void st_tick(void)
{
	irq_ticks++;
	if (!in_irq())
		irq_not_hardirq++;
	if (!zones_whole())
		irq_torn_zones++;
	for (unsigned int i = 0; i < ST_IRQ_OPS_PER_TICK; i++)
		side_op(&irq_side, side_budget);
	tasklet_schedule(&st_tasklet);
}

static void side_init(struct st_side *sd, struct st_block *slots, unsigned int n,
		      u32 seed, u32 tag, const gfp_t *masks, unsigned int nmasks,
		      unsigned int max_order)
{
	*sd = (struct st_side){ .slot = slots, .nslots = n, .rng = seed, .tag = tag,
				.masks = masks, .nmasks = nmasks, .max_order = max_order };
	for (unsigned int i = 0; i < n; i++)
		slots[i] = (struct st_block){ 0 };
}

static void test_atomic_irq_vs_process(struct ktest *t)
{
	unsigned long free0, bad0, budget, ops = 0, t0;

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	kmem_cache_shrink_all();
	free0 = nr_free_pages() + slab_reclaimable_pages();
	bad0 = bad_page_count();
	budget = nr_free_pages() >> ST_BUDGET_SHIFT;
	side_budget = budget / 4;
	side_init(&main_side, main_slots, ST_MAIN_SLOTS, ST_MAIN_SEED, ST_TAG_MAIN,
		  main_masks, ARRAY_SIZE(main_masks), ST_MAX_ORDER);
	side_init(&irq_side, irq_slots, ST_IRQ_SLOTS, ST_IRQ_SEED, ST_TAG_IRQ,
		  atomic_masks, ARRAY_SIZE(atomic_masks), ST_IRQ_MAX_ORDER);
	side_init(&tasklet_side, tasklet_slots, ST_TASKLET_SLOTS, ST_TASKLET_SEED,
		  ST_TAG_TASKLET, atomic_masks, ARRAY_SIZE(atomic_masks), ST_IRQ_MAX_ORDER);
	tasklet_init(&st_tasklet, st_tasklet_fn, 0);
	irq_ticks = irq_not_hardirq = tasklet_not_softirq = irq_torn_zones = 0;

	ASSERT_EQ(t, timer_add_tick_fn(st_tick), 0);
	t0 = jiffies;
	while (ops < ST_MAIN_OPS || jiffies - t0 < ST_MIN_TICKS) {
		side_op(&main_side, budget);
		ops++;
	}
	timer_remove_tick_fn(st_tick);
	tasklet_kill(&st_tasklet);

	side_release_all(&main_side);
	side_release_all(&irq_side);
	side_release_all(&tasklet_side);
	kmem_cache_shrink_all();

	ktest_info(t, "irq-side allocations: %lu", irq_side.allocs);
	ktest_info(t, "main ops %lu (%lu allocations), %lu ticks, tasklet allocations %lu, "
		   "failures main/irq/tasklet %lu/%lu/%lu", ops, main_side.allocs, irq_ticks,
		   tasklet_side.allocs, main_side.failures, irq_side.failures,
		   tasklet_side.failures);
	EXPECT_GE(t, ops, ST_MAIN_OPS);
	EXPECT_GT(t, irq_side.allocs, 0);
	EXPECT_GT(t, tasklet_side.allocs, 0);
	EXPECT_EQ(t, irq_not_hardirq, 0);
	EXPECT_EQ(t, irq_torn_zones, 0);
	EXPECT_EQ(t, tasklet_not_softirq, 0);
	EXPECT_EQ(t, main_side.bad_stamps, 0);
	EXPECT_EQ(t, irq_side.bad_stamps, 0);
	EXPECT_EQ(t, tasklet_side.bad_stamps, 0);
	EXPECT_EQ(t, main_side.held_pages + irq_side.held_pages + tasklet_side.held_pages, 0);
	EXPECT_EQ(t, bad_page_count(), bad0);
	EXPECT_TRUE(t, free_lists_check());
	EXPECT_EQ(t, nr_free_pages() + slab_reclaimable_pages(), free0);
}

static const struct ktest_case stress_cases[] = {
	KTEST_CASE(test_atomic_irq_vs_process),
	{}
};
KTEST_SUITE_ALONE(stress, "compares free pages at its start and end while interrupts allocate", stress_cases);
