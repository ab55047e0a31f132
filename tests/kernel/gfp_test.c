/* In-kernel: GFP zone selection on the real machine. Every zone-modifier
 * combination and every type flag of include/mm/gfp.h (older names too)
 * is allocated and its page checked against the zone Linux's table picks
 * (or the zone below it that the allocator falls back to when that zone is
 * empty). */
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/mm.h>

static struct zone *Z(int idx)
{
	return &contig_page_data.node_zones[idx];
}

/* The zone a fresh order-0 allocation should come from: the first zone at
 * or below gfp_zone() that is populated and above its low mark. */
static int expected_zone(gfp_t gfp)
{
	int high = gfp_zone(gfp), classzone = high, idx;

	while (classzone >= 0 && !populated_zone(Z(classzone)))
		classzone--;
	for (idx = classzone; idx >= 0; idx--)
		if (populated_zone(Z(idx)) &&
		    zone_watermark_ok(Z(idx), 0, low_wmark_pages(Z(idx)), classzone,
				      ALLOC_WMARK_LOW))
			return idx;
	return -1;
}

/* Allocate one page with gfp, check its zone, free it. */
static void check_lands(struct ktest *t, gfp_t gfp, const char *name)
{
	int want = expected_zone(gfp);
	struct page *p = alloc_page(gfp | __GFP_NOWARN);

	if (want < 0) {
		EXPECT_NULL(t, p);
		return;
	}
	if (!p) {
		ktest_fail(t, __FILE__, __LINE__, "%s: no page (expected zone %d)", name, want);
		return;
	}
	if (page_zonenum(p) != want)
		ktest_fail(t, __FILE__, __LINE__, "%s: page in zone %s, expected %s", name,
			   page_zone(p)->name, Z(want)->name);
	__free_page(p);
}

static const int linux_zone_table[16] = {
	ZONE_NORMAL, ZONE_DMA, ZONE_HIGHMEM, -1, ZONE_NORMAL, -1, -1, -1,
	ZONE_NORMAL, ZONE_DMA, ZONE_MOVABLE, -1, ZONE_NORMAL, -1, -1, -1,
};

static void test_all_16_zone_modifiers(struct ktest *t)
{
	gfp_t m;

	for (m = 0; m < 16; m++) {
		char name[64];
		int want = linux_zone_table[m];

		EXPECT_EQ(t, gfp_zone_valid(m), want >= 0);
		EXPECT_EQ(t, gfp_zone(m), want >= 0 ? want : ZONE_DMA);
		gfp_flags_str(name, sizeof(name), m | GFP_KERNEL);
		check_lands(t, m | GFP_KERNEL, name);
	}
}

static const struct { const char *name; gfp_t gfp; int zone; } type_flags[] = {
	{ "GFP_ATOMIC", GFP_ATOMIC, ZONE_NORMAL },
	{ "GFP_NOWAIT", GFP_NOWAIT, ZONE_NORMAL },
	{ "GFP_KERNEL", GFP_KERNEL, ZONE_NORMAL },
	{ "GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT, ZONE_NORMAL },
	{ "GFP_NOIO", GFP_NOIO, ZONE_NORMAL },
	{ "GFP_NOFS", GFP_NOFS, ZONE_NORMAL },
	{ "GFP_USER", GFP_USER, ZONE_NORMAL },
	{ "GFP_DMA", GFP_DMA, ZONE_DMA },
	{ "GFP_DMA|GFP_KERNEL", GFP_DMA | GFP_KERNEL, ZONE_DMA },
	{ "GFP_DMA|GFP_ATOMIC", GFP_DMA | GFP_ATOMIC, ZONE_DMA },
	{ "GFP_DMA32", GFP_DMA32, ZONE_NORMAL },
	{ "GFP_HIGHUSER", GFP_HIGHUSER, ZONE_HIGHMEM },
	{ "GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE, ZONE_MOVABLE },
	/* older spellings (Linux before 4.13) */
	{ "__GFP_WAIT|__GFP_IO|__GFP_FS", __GFP_WAIT | __GFP_IO | __GFP_FS, ZONE_NORMAL },
	{ "__GFP_HIGH", __GFP_HIGH, ZONE_NORMAL },
	{ "__GFP_WAIT|__GFP_IO|__GFP_FS|__GFP_HIGHMEM",
	  __GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HIGHMEM, ZONE_HIGHMEM },
};

static void test_type_flags_zone(struct ktest *t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_flags); i++) {
		EXPECT_EQ(t, gfp_zone(type_flags[i].gfp), type_flags[i].zone);
		check_lands(t, type_flags[i].gfp, type_flags[i].name);
	}
}

/* The same, but only where the named zone itself exists: the page must
 * come from exactly that zone. */
#define GFP_TEST_MARGIN 64      /* pages above the high mark */

static void lands_in_named_zone(struct ktest *t, int zone)
{
	size_t i;
	bool fits;
	int n = 0;

	if (!populated_zone(Z(zone)))
		KTEST_SKIP(t, "zone empty on this machine");
	for (i = 0; i < ARRAY_SIZE(type_flags); i++) {
		struct page *p;

		if (type_flags[i].zone != zone)
			continue;
		/* A zone near its watermarks is rightly passed over for a
		 * lower one (a 1 MiB Normal zone is, once the boot has taken
		 * its share): the page must then come from that zone or
		 * below. Above its high mark plus a margin, every mask here
		 * passes the check, so the page must come from the zone. */
		fits = zone_nr_free(Z(zone)) > high_wmark_pages(Z(zone)) + GFP_TEST_MARGIN;
		p = alloc_page(type_flags[i].gfp | __GFP_NOWARN);
		if (!p) {
			ktest_fail(t, __FILE__, __LINE__, "%s: no page", type_flags[i].name);
			continue;
		}
		if (fits ? page_zonenum(p) != zone : page_zonenum(p) > zone)
			ktest_fail(t, __FILE__, __LINE__, "%s: zone %s%s", type_flags[i].name,
				   page_zone(p)->name, fits ? "" : " (above the named zone)");
		__free_page(p);
		n++;
	}
	EXPECT_GT(t, n, 0);
}

static void test_type_flags_dma(struct ktest *t) { lands_in_named_zone(t, ZONE_DMA); }
static void test_type_flags_normal(struct ktest *t) { lands_in_named_zone(t, ZONE_NORMAL); }
static void test_type_flags_highmem(struct ktest *t) { lands_in_named_zone(t, ZONE_HIGHMEM); }
static void test_type_flags_movable(struct ktest *t) { lands_in_named_zone(t, ZONE_MOVABLE); }

/* Highmem pages have no address of their own; __get_free_pages refuses
 * the flag. */
static void test_highmem_has_no_address(struct ktest *t)
{
	struct page *p;

	EXPECT_EQ(t, __get_free_pages(GFP_HIGHUSER | __GFP_NOWARN, 0), 0);
	if (!populated_zone(Z(ZONE_HIGHMEM)))
		KTEST_SKIP(t, "no HighMem on this machine");
	p = alloc_page(GFP_HIGHUSER);
	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, PageHighMem(p));
	/* No address, or a kmap() of an earlier owner left for the next flush
	 * (count 1: Linux's page_address() shows those too). */
	EXPECT_TRUE(t, !page_address(p) || pkmap_slot_count(page_address(p)) == 1);
	__free_page(p);
}

static void test_decoder_matches_linux(struct ktest *t)
{
	char buf[128];

	gfp_flags_str(buf, sizeof(buf), 0x6080c0);
	EXPECT_STREQ(t, buf, "GFP_KERNEL|__GFP_ZERO");
	gfp_flags_str(buf, sizeof(buf), GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
	EXPECT_STREQ(t, buf, "GFP_HIGHUSER_MOVABLE|__GFP_NOWARN");
}

static const struct ktest_case gfp_kcases[] = {
	KTEST_CASE(test_all_16_zone_modifiers),
	KTEST_CASE(test_type_flags_zone),
	KTEST_CASE(test_type_flags_dma),
	KTEST_CASE(test_type_flags_normal),
	KTEST_CASE(test_type_flags_highmem),
	KTEST_CASE(test_type_flags_movable),
	KTEST_CASE(test_highmem_has_no_address),
	KTEST_CASE(test_decoder_matches_linux),
	{}
};
KTEST_SUITE(gfp, gfp_kcases);
