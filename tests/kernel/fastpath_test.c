/* The order-0 fast paths keep Linux's production checks: a page taken
 * from a per-CPU list is checked (flags and count in one test) before it
 * is handed out, and a page freed with page_poison=1 has its poison
 * checked when it comes back. Each case puts a page in a bad state while
 * it sits on top of a per-CPU list, then allocates with the same mask:
 * the page must be reported and kept out, never returned. */
#include <kernel/ktest.h>
#include <mm/mm.h>

/* Free one GFP_KERNEL page so that it is the top of its per-CPU list,
 * damage it with bad(), allocate again: the allocation must come back
 * with another page and one bad_page() report giving reason. */
static void fp_damaged_top(struct ktest *t, void (*bad)(struct page *), const char *reason)
{
	unsigned long reports = bad_page_count();
	struct page *p = alloc_page(GFP_KERNEL), *q;

	ASSERT_NOT_NULL(t, p);
	__free_page(p);
	/* Tiny zones run without lists (high 0), and a free that reaches
	 * high spills the list: then the page is not on top. */
	if (page_zone(p)->pcp[smp_processor_id()].lists[MIGRATE_UNMOVABLE] != &p->lru)
		KTEST_SKIP(t, "the page did not stay on top of a per-CPU list");
	bad(p);
	q = alloc_page(GFP_KERNEL);
	EXPECT_TRUE(t, q != p);
	EXPECT_EQ(t, bad_page_count(), reports + 1);
	EXPECT_STREQ(t, bad_page_last_reason(), reason);
	if (q)
		__free_page(q);
	EXPECT_EQ(t, bad_pages_release(), 1);
}

static void fp_set_slab(struct page *p) { SetPageSlab(p); }
static void fp_set_count(struct page *p) { set_page_count(p, 1); }

static void test_pcp_flag_caught(struct ktest *t)
{
	fp_damaged_top(t, fp_set_slab, "PAGE_FLAGS_CHECK_AT_PREP flag(s) set");
}

static void test_pcp_refcount_caught(struct ktest *t)
{
	fp_damaged_top(t, fp_set_count, "nonzero _refcount");
}

static const struct ktest_case fastpath_cases[] = {
	KTEST_CASE(test_pcp_flag_caught),
	KTEST_CASE(test_pcp_refcount_caught),
	{}
};
KTEST_SUITE(fastpath, fastpath_cases);
