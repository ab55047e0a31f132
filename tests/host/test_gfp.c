/* Host tests for mm/gfp.c: zone selection, the %pGg decoder, the parser. */
#include <string.h>

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include "host.h"

/* Linux's GFP_ZONE_TABLE (include/linux/gfp.h), by zone-modifier value;
 * -1 = invalid (resolves to DMA). */
static const int zone_table[16] = {
	ZONE_NORMAL, ZONE_DMA, ZONE_HIGHMEM, -1, ZONE_NORMAL, -1, -1, -1,
	ZONE_NORMAL, ZONE_DMA, ZONE_MOVABLE, -1, ZONE_NORMAL, -1, -1, -1,
};

static void test_gfp_zone_all_16(struct ktest *t)
{
	gfp_t m;

	host_console_echo(false);
	for (m = 0; m < 16; m++) {
		int want = zone_table[m];

		EXPECT_EQ(t, gfp_zone_valid(m), want >= 0);
		EXPECT_EQ(t, gfp_zone(m | GFP_KERNEL), want >= 0 ? want : ZONE_DMA);
	}
	host_console_echo(true);
}

static void test_gfp_zone_invalid_reported_once(struct ktest *t)
{
	const char *text;

	host_console_echo(false);
	host_console_clear();
	gfp_zone(__GFP_DMA | __GFP_HIGHMEM | __GFP_MOVABLE | __GFP_DMA32);
	text = host_console_text();
	/* Reported at most once over the whole run: another case may have
	 * reported it already. */
	if (*text) {
		EXPECT_TRUE(t, strstr(text, "invalid zone modifiers 0xf") != NULL);
		EXPECT_TRUE(t, strstr(text, "GFP_DMA|__GFP_HIGHMEM|GFP_DMA32|__GFP_MOVABLE") != NULL);
	}
	host_console_clear();
	EXPECT_EQ(t, gfp_zone(0xf), ZONE_DMA);
	EXPECT_STREQ(t, host_console_text(), "");
	host_console_echo(true);
}

static void test_type_flag_values(struct ktest *t)
{
	EXPECT_EQ(t, GFP_ATOMIC, 0x480020);
	EXPECT_EQ(t, GFP_KERNEL, 0x6000c0);
	EXPECT_EQ(t, GFP_KERNEL_ACCOUNT, 0x7000c0);
	EXPECT_EQ(t, GFP_NOWAIT, 0x400000);
	EXPECT_EQ(t, GFP_NOIO, 0x600000);
	EXPECT_EQ(t, GFP_NOFS, 0x600040);
	EXPECT_EQ(t, GFP_USER, 0x6200c0);
	EXPECT_EQ(t, GFP_DMA, 0x01);
	EXPECT_EQ(t, GFP_DMA32, 0x04);
	EXPECT_EQ(t, GFP_HIGHUSER, 0x6200c2);
	EXPECT_EQ(t, GFP_HIGHUSER_MOVABLE, 0x6200ca);
	EXPECT_EQ(t, __GFP_RECLAIM, 0x600000);
	/* Older names, as Linux 2.6's include/linux/gfp.h spells the type flags. */
	EXPECT_EQ(t, __GFP_WAIT | __GFP_IO | __GFP_FS, GFP_KERNEL);
	EXPECT_EQ(t, __GFP_WAIT, GFP_NOIO);
	EXPECT_EQ(t, __GFP_REPEAT, __GFP_RETRY_MAYFAIL);
	EXPECT_EQ(t, __GFP_COLD | __GFP_NOTRACK | __GFP_NO_KSWAPD | __GFP_OTHER_NODE, 0);
}

static void test_type_flag_zones(struct ktest *t)
{
	EXPECT_EQ(t, gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_KERNEL_ACCOUNT), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_NOWAIT), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_NOIO), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_NOFS), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_USER), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_DMA), ZONE_DMA);
	EXPECT_EQ(t, gfp_zone(GFP_DMA | GFP_KERNEL), ZONE_DMA);
	EXPECT_EQ(t, gfp_zone(GFP_DMA | GFP_ATOMIC), ZONE_DMA);
	EXPECT_EQ(t, gfp_zone(GFP_DMA32), ZONE_NORMAL);
	EXPECT_EQ(t, gfp_zone(GFP_HIGHUSER), ZONE_HIGHMEM);
	EXPECT_EQ(t, gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	EXPECT_EQ(t, gfp_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL | __GFP_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(t, gfp_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
}

static const struct { gfp_t gfp; const char *text; } decode_vectors[] = {
	{ 0x6080c0, "GFP_KERNEL|__GFP_ZERO" },
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_ATOMIC | __GFP_NOWARN, "GFP_ATOMIC|__GFP_NOWARN" },
	{ GFP_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
	{ GFP_HIGHUSER, "GFP_HIGHUSER" },
	{ GFP_USER, "GFP_USER" },
	{ GFP_KERNEL_ACCOUNT, "GFP_KERNEL_ACCOUNT" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_DMA, "GFP_DMA" },
	{ GFP_DMA32, "GFP_DMA32" },
	{ GFP_KERNEL | GFP_DMA, "GFP_KERNEL|GFP_DMA" },
	{ GFP_KERNEL | __GFP_HIGHMEM, "GFP_KERNEL|__GFP_HIGHMEM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_RECLAIM | __GFP_COMP, "GFP_NOIO|__GFP_COMP" },
	{ __GFP_HIGH | __GFP_IO, "__GFP_HIGH|__GFP_IO" },
	{ GFP_KERNEL | 0x1000000, "GFP_KERNEL|0x1000000" },
	{ 0x3000000, "0x3000000" },
	{ 0, "" },
};

static void test_gfp_flags_str_vectors(struct ktest *t)
{
	char buf[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(decode_vectors); i++) {
		int n = gfp_flags_str(buf, sizeof(buf), decode_vectors[i].gfp);

		EXPECT_STREQ(t, buf, decode_vectors[i].text);
		EXPECT_EQ(t, n, (int)strlen(decode_vectors[i].text));
	}
}

static void test_gfp_flags_str_truncates(struct ktest *t)
{
	char buf[8];
	int n = gfp_flags_str(buf, sizeof(buf), 0x6080c0);

	EXPECT_EQ(t, n, (int)strlen("GFP_KERNEL|__GFP_ZERO"));
	EXPECT_STREQ(t, buf, "GFP_KER");
	EXPECT_EQ(t, gfp_flags_str(NULL, 0, GFP_ATOMIC), 10);
}

/* Every single bit decodes to a name and parses back. */
static void test_gfp_roundtrip_every_bit(struct ktest *t)
{
	unsigned int b;

	for (b = 0; b < __GFP_BITS_SHIFT; b++) {
		char buf[128];
		gfp_t v = ~0u;

		gfp_flags_str(buf, sizeof(buf), 1u << b);
		EXPECT_TRUE(t, buf[0] == '_' || buf[0] == 'G');
		EXPECT_EQ(t, gfp_parse_expr(buf, &v, NULL), 0);
		EXPECT_EQ(t, v, 1u << b);
	}
}

static void test_gfp_parse_vectors(struct ktest *t)
{
	gfp_t v = 0;
	const char *bad = NULL;

	EXPECT_EQ(t, gfp_parse_expr("GFP_KERNEL|__GFP_ZERO", &v, &bad), 0);
	EXPECT_EQ(t, v, 0x6080c0);
	EXPECT_EQ(t, gfp_parse_expr(" GFP_ATOMIC | __GFP_NOWARN ", &v, &bad), 0);
	EXPECT_EQ(t, v, GFP_ATOMIC | __GFP_NOWARN);
	EXPECT_EQ(t, gfp_parse_expr("0x6200ca", &v, &bad), 0);
	EXPECT_EQ(t, v, GFP_HIGHUSER_MOVABLE);
	EXPECT_EQ(t, gfp_parse_expr("GFP_DMA|16", &v, &bad), 0);
	EXPECT_EQ(t, v, 0x11);
	EXPECT_EQ(t, gfp_parse_expr("__GFP_WAIT|__GFP_IO|__GFP_FS", &v, &bad), 0);
	EXPECT_EQ(t, v, GFP_KERNEL);
	EXPECT_EQ(t, gfp_parse_expr("__GFP_COLD", &v, &bad), 0);
	EXPECT_EQ(t, v, 0);
}

static void test_gfp_parse_errors(struct ktest *t)
{
	static const char e1[] = "GFP_KERNEL|GFP_BOGUS";
	static const char e2[] = "GFP_KERNEL|";
	static const char e3[] = "GFP_KERNEL & 3";
	static const char e4[] = "0x12zz";
	gfp_t v = 123;
	const char *bad = NULL;

	EXPECT_EQ(t, gfp_parse_expr(e1, &v, &bad), -EINVAL);
	EXPECT_TRUE(t, bad == e1 + 11);
	EXPECT_EQ(t, gfp_parse_expr(e2, &v, &bad), -EINVAL);
	EXPECT_TRUE(t, bad == e2 + 11);
	EXPECT_EQ(t, gfp_parse_expr(e3, &v, &bad), -EINVAL);
	EXPECT_TRUE(t, bad == e3 + 11);
	EXPECT_EQ(t, gfp_parse_expr(e4, &v, &bad), -EINVAL);
	EXPECT_TRUE(t, bad == e4);
	EXPECT_EQ(t, gfp_parse_expr("", &v, NULL), -EINVAL);
	EXPECT_EQ(t, gfp_parse_expr("gfp_kernel", &v, NULL), -EINVAL);
	EXPECT_EQ(t, gfp_parse_expr("0x100000000", &v, NULL), -EINVAL);
	EXPECT_EQ(t, v, 123);
}

static const struct ktest_case gfp_cases[] = {
	KTEST_CASE(test_gfp_zone_all_16),
	KTEST_CASE(test_gfp_zone_invalid_reported_once),
	KTEST_CASE(test_type_flag_values),
	KTEST_CASE(test_type_flag_zones),
	KTEST_CASE(test_gfp_flags_str_vectors),
	KTEST_CASE(test_gfp_flags_str_truncates),
	KTEST_CASE(test_gfp_roundtrip_every_bit),
	KTEST_CASE(test_gfp_parse_vectors),
	KTEST_CASE(test_gfp_parse_errors),
	{}
};
KTEST_SUITE(gfp_host, gfp_cases);
