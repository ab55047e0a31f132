/* Host tests of the range allocator (mm/vmap_area.c) under ASan/UBSan:
 * every node is its own malloc() so a use after free or a leak is caught,
 * and random operations are checked against a page-by-page reference
 * model of the same first-fit rule. */
#include <stdlib.h>
#include <string.h>

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <mm/pfn.h>
#include <mm/vmap_area.h>
#include "host.h"

#define SPACE_START  0xf0000000UL
#define SPACE_PAGES  2048
#define SPACE_END    (SPACE_START + SPACE_PAGES * PAGE_SIZE)
#define MAX_LIVE     512
#define RANDOM_OPS   20000
#define SEQ_AREAS    1000
/* Expected treap depth is about 3 ln n (~21 for 1000 nodes); a sorted
 * insertion order would give a plain search tree a depth of n. */
#define DEPTH_LIMIT  48

static unsigned long nodes_live;
static unsigned int fail_next_alloc;

static struct va_node *node_alloc(gfp_t gfp)
{
	struct va_node *n;

	(void)gfp;
	if (fail_next_alloc) {
		fail_next_alloc--;
		return NULL;
	}
	n = malloc(sizeof(*n));
	if (n) {
		memset(n, 0x5a, sizeof(*n));
		nodes_live++;
	}
	return n;
}

static void node_free(struct va_node *n)
{
	nodes_live--;
	free(n);
}

static u32 rng_state;

static u32 rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* The model: one byte per page, 1 = busy. */
static unsigned char model[SPACE_PAGES];

/* The lowest free run of at least pages + align_pages - 1 pages; the
 * range starts at its first aligned page. Returns that page or -1. */
static long model_alloc(unsigned long pages, unsigned long align_pages)
{
	unsigned long need = pages + align_pages - 1, a = 0, b, first;

	while (a < SPACE_PAGES) {
		if (model[a]) {
			a++;
			continue;
		}
		for (b = a; b < SPACE_PAGES && !model[b]; b++)
			;
		if (b - a >= need) {
			first = (a + align_pages - 1) / align_pages * align_pages;
			memset(model + first, 1, pages);
			return (long)first;
		}
		a = b;
	}
	return -1;
}

static unsigned long free_runs(void)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < SPACE_PAGES; i++)
		if (!model[i] && (i == 0 || model[i - 1]))
			n++;
	return n;
}

static int depth(const struct va_node *t)
{
	int l, r;

	if (!t)
		return 0;
	l = depth(t->left);
	r = depth(t->right);
	return 1 + (l > r ? l : r);
}

static void test_random_against_model(struct ktest *t)
{
	static struct va_node live[MAX_LIVE];
	static bool used[MAX_LIVE];
	static const unsigned long aligns[] = { 1, 1, 1, 1, 2, 4, 16 };
	struct va_space s;
	unsigned long nlive = 0;

	rng_state = 1;
	nodes_live = 0;
	memset(model, 0, sizeof(model));
	memset(used, 0, sizeof(used));
	ASSERT_EQ(t, va_space_init(&s, SPACE_START, SPACE_END, node_alloc, node_free), 0);
	for (int op = 0; op < RANDOM_OPS; op++) {
		unsigned int slot = rnd() % MAX_LIVE;
		const char *err;

		if (!used[slot]) {
			unsigned long pages = 1 + rnd() % (rnd() % 8 ? 16 : 200);
			unsigned long ap = aligns[rnd() % ARRAY_SIZE(aligns)];
			bool inject = rnd() % 50 == 0;
			long want;
			int ret;

			fail_next_alloc = inject;
			ret = va_alloc(&s, pages * PAGE_SIZE, ap * PAGE_SIZE, GFP_KERNEL, &live[slot]);
			fail_next_alloc = 0;
			if (inject && ret == -ENOMEM)
				continue;
			want = model_alloc(pages, ap);
			if (want < 0) {
				ASSERT_EQ(t, ret, -ENOSPC);
				continue;
			}
			ASSERT_EQ(t, ret, 0);
			ASSERT_EQ(t, live[slot].start, SPACE_START + (unsigned long)want * PAGE_SIZE);
			ASSERT_EQ(t, live[slot].end, live[slot].start + pages * PAGE_SIZE);
			used[slot] = true;
			nlive++;
		} else {
			unsigned long first = (live[slot].start - SPACE_START) / PAGE_SIZE;

			memset(model + first, 0, (live[slot].end - live[slot].start) / PAGE_SIZE);
			va_free(&s, &live[slot]);
			used[slot] = false;
			nlive--;
		}
		err = va_space_check(&s);
		if (err)
			ktest_info(t, "op %d: %s", op, err);
		ASSERT_NULL(t, err);
		ASSERT_EQ(t, s.nr_free, free_runs());
		ASSERT_EQ(t, nodes_live, s.nr_free + s.nr_spare);
		if (op % 97 == 0) {
			unsigned long page = rnd() % SPACE_PAGES;
			unsigned long addr = SPACE_START + page * PAGE_SIZE + rnd() % PAGE_SIZE;
			struct va_node *b = va_find_busy(&s, addr), *f = va_find_free(&s, addr);

			EXPECT_EQ(t, b != NULL, model[page] != 0);
			EXPECT_EQ(t, f != NULL, model[page] == 0);
			if (b)
				EXPECT_TRUE(t, b >= live && b < live + MAX_LIVE);
		}
	}
	for (unsigned int i = 0; i < MAX_LIVE; i++)
		if (used[i])
			va_free(&s, &live[i]);
	EXPECT_NULL(t, va_space_check(&s));
	EXPECT_EQ(t, s.nr_busy, 0);
	EXPECT_EQ(t, s.nr_free, 1);
	EXPECT_EQ(t, va_largest_free(&s), SPACE_END - SPACE_START);
	EXPECT_EQ(t, nodes_live, 1);
	ktest_info(t, "%lu areas were live at the end", nlive);
	va_space_destroy(&s);
	EXPECT_EQ(t, nodes_live, 0);
}

/* Sorted insertions and frees keep both trees shallow. */
static void test_depth_stays_logarithmic(struct ktest *t)
{
	static struct va_node live[SEQ_AREAS];
	struct va_space s;

	nodes_live = 0;
	ASSERT_EQ(t, va_space_init(&s, SPACE_START, SPACE_START + 4 * SEQ_AREAS * PAGE_SIZE,
				   node_alloc, node_free), 0);
	for (int i = 0; i < SEQ_AREAS; i++)
		ASSERT_EQ(t, va_alloc(&s, 2 * PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &live[i]), 0);
	for (int i = 0; i < SEQ_AREAS; i += 2)
		va_free(&s, &live[i]);
	EXPECT_NULL(t, va_space_check(&s));
	EXPECT_EQ(t, s.nr_free, SEQ_AREAS / 2 + 1);
	EXPECT_LE(t, depth(s.busy_root), DEPTH_LIMIT);
	EXPECT_LE(t, depth(s.free_root), DEPTH_LIMIT);
	ktest_info(t, "depth busy %d free %d", depth(s.busy_root), depth(s.free_root));
	/* A 3-page request skips every 2-page hole and lands after the last area. */
	struct va_node big;
	ASSERT_EQ(t, va_alloc(&s, 3 * PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &big), 0);
	EXPECT_EQ(t, big.start, SPACE_START + 2 * SEQ_AREAS * PAGE_SIZE);
	va_free(&s, &big);
	for (int i = 1; i < SEQ_AREAS; i += 2)
		va_free(&s, &live[i]);
	EXPECT_NULL(t, va_space_check(&s));
	EXPECT_EQ(t, s.nr_free, 1);
	va_space_destroy(&s);
	EXPECT_EQ(t, nodes_live, 0);
}

static void test_bad_requests_change_nothing(struct ktest *t)
{
	struct va_space s;
	struct va_node a, b;

	nodes_live = 0;
	ASSERT_EQ(t, va_space_init(&s, SPACE_START, SPACE_START + 8 * PAGE_SIZE, node_alloc,
				   node_free), 0);
	EXPECT_EQ(t, va_alloc(&s, 0, PAGE_SIZE, GFP_KERNEL, &a), -EINVAL);
	EXPECT_EQ(t, va_alloc(&s, 100, PAGE_SIZE, GFP_KERNEL, &a), -EINVAL);
	EXPECT_EQ(t, va_alloc(&s, PAGE_SIZE, 3 * PAGE_SIZE, GFP_KERNEL, &a), -EINVAL);
	EXPECT_EQ(t, va_alloc(&s, 9 * PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &a), -ENOSPC);
	EXPECT_EQ(t, va_alloc(&s, PAGE_SIZE, 1UL << 30, GFP_KERNEL, &a), -ENOSPC);
	ASSERT_EQ(t, va_alloc(&s, 8 * PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &a), 0);
	EXPECT_EQ(t, s.nr_free, 0);
	EXPECT_EQ(t, va_largest_free(&s), 0);
	EXPECT_EQ(t, va_alloc(&s, PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &b), -ENOSPC);
	va_free(&s, &a);
	fail_next_alloc = 1;
	EXPECT_EQ(t, va_alloc(&s, PAGE_SIZE, PAGE_SIZE, GFP_KERNEL, &b), -ENOMEM);
	EXPECT_NULL(t, va_space_check(&s));
	EXPECT_EQ(t, s.nr_free, 1);
	EXPECT_EQ(t, va_busy_floor(&s, SPACE_END), NULL);
	va_space_destroy(&s);
	EXPECT_EQ(t, nodes_live, 0);
}

static const struct ktest_case vmap_area_host_cases[] = {
	KTEST_CASE(test_random_against_model),
	KTEST_CASE(test_depth_stays_logarithmic),
	KTEST_CASE(test_bad_requests_change_nothing),
	{}
};
KTEST_SUITE(vmap_area_host, vmap_area_host_cases);
