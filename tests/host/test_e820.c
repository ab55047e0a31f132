/* Host suites: the e820 sanitiser (vector table, one case per vector), the
 * printer, the BIOS-range trim, and the mem=/memmap= edits. */
#include <string.h>

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/param.h>
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <asm/e820.h>
#include "host.h"

#define K(x) ((u64)(x) << 10)
#define M(x) ((u64)(x) << 20)
#define G(x) ((u64)(x) << 30)

#define RAM   E820_TYPE_RAM
#define RES   E820_TYPE_RESERVED
#define ACPI  E820_TYPE_ACPI
#define NVS   E820_TYPE_NVS
#define UNUS  E820_TYPE_UNUSABLE
#define PRAM  E820_TYPE_PRAM

/* [start, end) of type. */
#define R(s, e, ty) { .addr = (s), .size = (e) - (s), .type = (ty) }
#define VEC_MAX 12

struct san_vec {
	unsigned nin, nout;
	struct e820_entry in[VEC_MAX];
	struct e820_entry out[VEC_MAX];
};

#define VEC(name, IN, OUT)                                                     \
	static const struct e820_entry name##_in[] = IN;                       \
	static const struct e820_entry name##_out[] = OUT;                     \
	static void test_san_##name(struct ktest *t)                           \
	{                                                                      \
		check_vec(t, name##_in, ARRAY_SIZE(name##_in),                 \
			  name##_out, ARRAY_SIZE(name##_out));                 \
	}
#define LIST(...) { __VA_ARGS__ }

static struct e820_table tab, tab2;

static void load(struct e820_table *t, const struct e820_entry *e, unsigned n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->entries, e, n * sizeof(*e));
	t->nr_entries = n;
}

static bool same_table(const struct e820_table *a, const struct e820_entry *e, unsigned n)
{
	unsigned i;

	if (a->nr_entries != n)
		return false;
	for (i = 0; i < n; i++) {
		if (a->entries[i].addr != e[i].addr || a->entries[i].size != e[i].size ||
		    a->entries[i].type != e[i].type)
			return false;
	}
	return true;
}

static void dump(struct ktest *t, const char *what, const struct e820_table *a)
{
	unsigned i;

	for (i = 0; i < a->nr_entries && i < E820_MAX_ENTRIES; i++)
		ktest_info(t, "%s[%u] %#llx-%#llx type %u", what, i,
			   (unsigned long long)a->entries[i].addr,
			   (unsigned long long)(a->entries[i].addr + a->entries[i].size),
			   a->entries[i].type);
}

/* Sanitise in, expect out, expect a sane table, and expect a second
 * sanitise to change nothing (idempotence). */
static void check_vec(struct ktest *t, const struct e820_entry *in, unsigned nin,
		      const struct e820_entry *out, unsigned nout)
{
	/* An empty LIST() is one zero entry: treat a lone size-0 entry as none. */
	if (nout == 1 && !out[0].size)
		nout = 0;
	load(&tab, in, nin);
	e820_sanitize(&tab);
	EXPECT_TRUE(t, e820_table_is_sane(&tab));
	if (!same_table(&tab, out, nout)) {
		ktest_fail(t, __FILE__, __LINE__, "sanitised map differs from the expected one");
		dump(t, "got", &tab);
	}
	memcpy(&tab2, &tab, sizeof(tab));
	e820_sanitize(&tab2);
	EXPECT_EQ(t, memcmp(&tab, &tab2, sizeof(tab)), 0);
}

/*   in:  B [1M-2M) usable, A [0-640K) usable   (reverse order)
 *   =>   |A usable| hole |B usable| */
VEC(unsorted,
    LIST(R(M(1), M(2), RAM), R(0, K(640), RAM)),
    LIST(R(0, K(640), RAM), R(M(1), M(2), RAM)))

/*   A: |------------ usable ------------|
 *   B:          |- reserved -|
 *   => |usable  |- reserved -| usable   | */
VEC(containment_higher_inside,
    LIST(R(0, M(16), RAM), R(M(4), M(5), RES)),
    LIST(R(0, M(4), RAM), R(M(4), M(5), RES), R(M(5), M(16), RAM)))

/*   A: |----------- reserved -----------|
 *   B:          |-- usable --|
 *   => |----------- reserved -----------| */
VEC(containment_lower_inside,
    LIST(R(0, M(16), RES), R(M(4), M(5), RAM)),
    LIST(R(0, M(16), RES)))

/*   A: |---- usable ----|
 *   B:          |-- reserved --|
 *   => |usable  |-- reserved --| */
VEC(partial_overlap_right,
    LIST(R(0, M(10), RAM), R(M(8), M(12), RES)),
    LIST(R(0, M(8), RAM), R(M(8), M(12), RES)))

/*   A:       |---- usable ----|
 *   B: |- ACPI data -|
 *   => |- ACPI data -| usable  | */
VEC(partial_overlap_left,
    LIST(R(M(2), M(10), RAM), R(0, M(4), ACPI)),
    LIST(R(0, M(4), ACPI), R(M(4), M(10), RAM)))

/*   A: |-- usable --|
 *   B: |-- usable --|
 *   => |-- usable --| */
VEC(identical_same_type,
    LIST(R(M(1), M(2), RAM), R(M(1), M(2), RAM)),
    LIST(R(M(1), M(2), RAM)))

/*   A: |-- usable --|
 *   B: |- ACPI NVS -|
 *   => |- ACPI NVS -| */
VEC(identical_highest_wins,
    LIST(R(M(1), M(2), RAM), R(M(1), M(2), NVS)),
    LIST(R(M(1), M(2), NVS)))

/*   A: |---------------- usable ----------------|
 *   B:    |------------ reserved ------------|
 *   C:       |--------- ACPI data --------|
 *   D:          |------ ACPI NVS ------|
 *   E:             |-- unusable --|
 *   => |U|R |A  |N  |-- unusable --|N  |A  |R |U| */
VEC(nested_layers,
    LIST(R(0, 100, RAM), R(10, 90, RES), R(20, 80, ACPI), R(30, 70, NVS),
	 R(40, 60, UNUS)),
    LIST(R(0, 10, RAM), R(10, 20, RES), R(20, 30, ACPI), R(30, 40, NVS),
	 R(40, 60, UNUS), R(60, 70, NVS), R(70, 80, ACPI), R(80, 90, RES),
	 R(90, 100, RAM)))

/*   A: |---- usable ----|
 *   B:       ||            (reserved, size 0: nothing)
 *   => |---- usable ----| */
VEC(zero_size_dropped,
    LIST(R(0, M(1), RAM), R(K(512), K(512), RES), R(M(4), M(4), RAM)),
    LIST(R(0, M(1), RAM)))

VEC(only_zero_size, LIST(R(M(1), M(1), RAM)), LIST())

/*   A: |-------- usable --------|
 *   B:       |- type 20 -|
 *   => |usable|- type 20 -|usable| */
VEC(unknown_type_wins_over_lower,
    LIST(R(0, M(4), RAM), R(M(1), M(2), 20)),
    LIST(R(0, M(1), RAM), R(M(1), M(2), 20), R(M(2), M(4), RAM)))

/*   A: |--- type 6 ---|
 *   B:        |--- type 7 (persistent) ---|
 *   => |type 6|--- type 7 ----------------| */
VEC(type6_vs_pmem,
    LIST(R(0, M(4), 6), R(M(2), M(8), E820_TYPE_PMEM)),
    LIST(R(0, M(2), 6), R(M(2), M(8), E820_TYPE_PMEM)))

/*   A: |-- usable --|
 *   B:    |type 0|      (type 0 is no type: a hole if alone)
 *   => |-- usable --| */
VEC(type0_ignored,
    LIST(R(0, M(4), RAM), R(M(1), M(2), 0), R(M(8), M(9), 0)),
    LIST(R(0, M(4), RAM)))

/*   A: |type 12|type 12|    (adjacent persistent: Linux never merges them)
 *   => |type 12|type 12| */
VEC(pram_adjacent_not_merged,
    LIST(R(M(1), M(2), PRAM), R(M(2), M(3), PRAM)),
    LIST(R(M(1), M(2), PRAM), R(M(2), M(3), PRAM)))

/*   A: |------- type 12 -------|
 *   B:       |usable|
 *   => |t12  |t12   |t12       |   (split at every change point, as Linux) */
VEC(pram_split_at_change_points,
    LIST(R(0, M(4), PRAM), R(M(1), M(2), RAM)),
    LIST(R(0, M(1), PRAM), R(M(1), M(2), PRAM), R(M(2), M(4), PRAM)))

/*   A: |usable|        B:       |usable|    C: |usable| (overlapping B)
 *   => |--------- usable ---------| */
VEC(adjacent_and_overlapping_merge,
    LIST(R(0, M(1), RAM), R(M(1), M(2), RAM), R(K(1536), M(3), RAM)),
    LIST(R(0, M(3), RAM)))

/*   A: |usable|reserved|   (touching, different types: stay apart)
 *   => |usable|reserved| */
VEC(touching_different_types,
    LIST(R(M(1), M(2), RES), R(0, M(1), RAM)),
    LIST(R(0, M(1), RAM), R(M(1), M(2), RES)))

/*   A: |usable|          B: [2^64 - 4K, +8K) wraps past 2^64: rejected
 *   => |usable| */
VEC(overflowing_end_rejected,
    LIST(R(0, M(1), RAM), { .addr = U64_MAX - 0xfff, .size = 0x2000, .type = RES },
	 { .addr = U64_MAX, .size = U64_MAX, .type = RAM }),
    LIST(R(0, M(1), RAM)))

/* The entry may end at the last representable address, not past it. */
VEC(end_at_top_kept,
    LIST({ .addr = U64_MAX - 0xfff, .size = 0xfff, .type = RES }),
    LIST({ .addr = U64_MAX - 0xfff, .size = 0xfff, .type = RES }))

/* The ISA hole (GRUB cutmem 15M 16M):
 *   |usable 1M-15M| hole |usable 16M-128M|   stays as it is */
VEC(isa_hole_15_16M,
    LIST(R(M(16), M(128), RAM), R(0, 0x9fc00, RAM), R(M(1), M(15), RAM),
	 R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES)),
    LIST(R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES),
	 R(M(1), M(15), RAM), R(M(16), M(128), RAM)))

/* QEMU -M pc -m 8G: RAM above 4 GiB stays in the map (zones ignore it). */
VEC(ram_above_4g,
    LIST(R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES),
	 R(M(1), 0xbffe0000ULL, RAM), R(0xbffe0000ULL, G(3), RES),
	 R(0xfffc0000ULL, G(4), RES), R(G(4), G(9), RAM)),
    LIST(R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES),
	 R(M(1), 0xbffe0000ULL, RAM), R(0xbffe0000ULL, G(3), RES),
	 R(0xfffc0000ULL, G(4), RES), R(G(4), G(9), RAM)))

/* A messy map: unsorted, duplicated, overlapping, unaligned. */
VEC(messy_firmware,
    LIST(R(M(1), M(64) + 0x123, RAM), R(0, 0x9fc00, RAM), R(0xe8000, M(1), RES),
	 R(0x9f000, K(640), RES), R(M(1), M(64) + 0x123, RAM), R(M(32), M(33), ACPI),
	 R(0xf0000, 0x100800, NVS)),
    LIST(R(0, 0x9f000, RAM), R(0x9f000, K(640), RES), R(0xe8000, 0xf0000, RES),
	 R(0xf0000, 0x100800, NVS), R(0x100800, M(32), RAM), R(M(32), M(33), ACPI),
	 R(M(33), M(64) + 0x123, RAM)))

static void test_absurd_count_reported(struct ktest *t)
{
	memset(&tab, 0, sizeof(tab));
	tab.nr_entries = 1000;
	EXPECT_EQ(t, e820_sanitize(&tab), -E2BIG);
	EXPECT_TRUE(t, host_console_contains("absurd entry count 1000"));
	EXPECT_EQ(t, tab.nr_entries, 0);
}

/* One usable GiB with 127 separate reserved holes needs 255 output
 * entries: the result is cut at 128, reported, and still sane. */
static void test_result_overflow_reported(struct ktest *t)
{
	unsigned i;

	memset(&tab, 0, sizeof(tab));
	tab.entries[0] = (struct e820_entry)R(0, G(1), RAM);
	for (i = 1; i < E820_MAX_ENTRIES; i++)
		tab.entries[i] = (struct e820_entry)R(M(2 * i), M(2 * i) + K(4), RES);
	tab.nr_entries = E820_MAX_ENTRIES;
	host_console_clear();
	EXPECT_EQ(t, e820_sanitize(&tab), -E2BIG);
	EXPECT_TRUE(t, host_console_contains("sanitised map needs more than 128 entries"));
	EXPECT_TRUE(t, e820_table_is_sane(&tab));
	EXPECT_EQ(t, tab.nr_entries, E820_MAX_ENTRIES);
}

static void test_type_names(struct ktest *t)
{
	char b[E820_TYPE_NAME_SIZE];

	EXPECT_STREQ(t, e820_type_name(1, b, sizeof(b)), "usable");
	EXPECT_STREQ(t, e820_type_name(2, b, sizeof(b)), "reserved");
	EXPECT_STREQ(t, e820_type_name(3, b, sizeof(b)), "ACPI data");
	EXPECT_STREQ(t, e820_type_name(4, b, sizeof(b)), "ACPI NVS");
	EXPECT_STREQ(t, e820_type_name(5, b, sizeof(b)), "unusable");
	EXPECT_STREQ(t, e820_type_name(6, b, sizeof(b)), "type 6");
	EXPECT_STREQ(t, e820_type_name(7, b, sizeof(b)), "persistent (type 7)");
	EXPECT_STREQ(t, e820_type_name(12, b, sizeof(b)), "persistent (type 12)");
	EXPECT_STREQ(t, e820_type_name(0xf00d, b, sizeof(b)), "type 61453");
}

static void test_print_format(struct ktest *t)
{
	static const struct e820_entry qemu[] = {
		R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(G(4), G(5), PRAM),
	};

	load(&tab, qemu, ARRAY_SIZE(qemu));
	host_console_clear();
	e820_print_table(&tab, "BIOS-e820");
	EXPECT_STREQ(t, host_console_text(),
		     "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		     "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		     "BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] persistent (type 12)\n");
}

static void test_trim_bios_range(struct ktest *t)
{
	static const struct e820_entry in[] = {
		R(0, M(2), RAM), R(M(2), M(3), RES),
	};
	static const struct e820_entry out[] = {
		R(0, 0x1000, RES), R(0x1000, K(640), RAM), R(M(1), M(2), RAM),
		R(M(2), M(3), RES),
	};

	load(&e820_table, in, ARRAY_SIZE(in));
	e820_trim_bios_range();
	if (!same_table(&e820_table, out, ARRAY_SIZE(out))) {
		ktest_fail(t, __FILE__, __LINE__, "trimmed map differs from the expected one");
		dump(t, "got", &e820_table);
	}
}

static void test_range_is_type(struct ktest *t)
{
	static const struct e820_entry in[] = {
		R(0, M(1), RAM), R(M(1), M(2), RES), R(M(2), M(8), RAM),
	};

	load(&tab, in, ARRAY_SIZE(in));
	EXPECT_TRUE(t, e820_range_is_type(&tab, M(2), M(8), RAM));
	EXPECT_TRUE(t, e820_range_is_type(&tab, 0, 100, RAM));
	EXPECT_FALSE(t, e820_range_is_type(&tab, K(512), M(3), RAM));
	EXPECT_FALSE(t, e820_range_is_type(&tab, M(7), M(9), RAM));
	EXPECT_EQ(t, e820_total_of_type(&tab, RAM), M(7));
}

static const struct ktest_case e820_sanitize_cases[] = {
	KTEST_CASE(test_san_unsorted),
	KTEST_CASE(test_san_containment_higher_inside),
	KTEST_CASE(test_san_containment_lower_inside),
	KTEST_CASE(test_san_partial_overlap_right),
	KTEST_CASE(test_san_partial_overlap_left),
	KTEST_CASE(test_san_identical_same_type),
	KTEST_CASE(test_san_identical_highest_wins),
	KTEST_CASE(test_san_nested_layers),
	KTEST_CASE(test_san_zero_size_dropped),
	KTEST_CASE(test_san_only_zero_size),
	KTEST_CASE(test_san_unknown_type_wins_over_lower),
	KTEST_CASE(test_san_type6_vs_pmem),
	KTEST_CASE(test_san_type0_ignored),
	KTEST_CASE(test_san_pram_adjacent_not_merged),
	KTEST_CASE(test_san_pram_split_at_change_points),
	KTEST_CASE(test_san_adjacent_and_overlapping_merge),
	KTEST_CASE(test_san_touching_different_types),
	KTEST_CASE(test_san_overflowing_end_rejected),
	KTEST_CASE(test_san_end_at_top_kept),
	KTEST_CASE(test_san_isa_hole_15_16M),
	KTEST_CASE(test_san_ram_above_4g),
	KTEST_CASE(test_san_messy_firmware),
	KTEST_CASE(test_absurd_count_reported),
	KTEST_CASE(test_result_overflow_reported),
	KTEST_CASE(test_type_names),
	KTEST_CASE(test_print_format),
	KTEST_CASE(test_trim_bios_range),
	KTEST_CASE(test_range_is_type),
	{}
};
KTEST_SUITE(e820_sanitize, e820_sanitize_cases);

/* ---- mem= / memmap= ---------------------------------------------------- */

/* QEMU -M pc -m 128M. */
static const struct e820_entry base_map[] = {
	R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES),
	R(M(1), M(128), RAM), R(0xfffc0000ULL, G(4), RES),
};

struct param_vec {
	const char *cmdline;
	int problems;                   /* reported by parse_param_string */
	unsigned nout;
	struct e820_entry out[VEC_MAX];
};

/* The base map with [1M, 128M) replaced by the given middle entries. */
#define LOW3 R(0, 0x9fc00, RAM), R(0x9fc00, K(640), RES), R(0xf0000, M(1), RES)
#define TOP  R(0xfffc0000ULL, G(4), RES)
#define PV(cl, prob, ...) {                                                    \
	.cmdline = cl, .problems = prob,                                       \
	.nout = ARRAY_SIZE(((struct e820_entry[]){ __VA_ARGS__ })),           \
	.out = { __VA_ARGS__ } }

static const struct param_vec param_vecs[] = {
	PV("mem=64M", 0, LOW3, R(M(1), M(64), RAM), TOP),
	/* mem= below 16 MiB: Normal will be empty. */
	PV("mem=12M", 0, LOW3, R(M(1), M(12), RAM), TOP),
	/* mem= above the RAM changes nothing but still counts as an edit. */
	PV("mem=1G", 0, LOW3, R(M(1), M(128), RAM), TOP),
	PV("mem=0x2000000", 0, LOW3, R(M(1), M(32), RAM), TOP),
	/* memmap=nn alone acts like mem=nn. */
	PV("memmap=32M", 0, LOW3, R(M(1), M(32), RAM), TOP),
	PV("memmap=64M@1G", 0, LOW3, R(M(1), M(128), RAM), R(G(1), G(1) + M(64), RAM), TOP),
	/*   usable 1M-128M, then memmap=1M#16M:
	 *   => |usable|ACPI 16M-17M|usable| */
	PV("memmap=1M#16M", 0, LOW3, R(M(1), M(16), RAM), R(M(16), M(17), ACPI),
	   R(M(17), M(128), RAM), TOP),
	/* A reserved hole inside Normal. */
	PV("memmap=4M$20M", 0, LOW3, R(M(1), M(20), RAM), R(M(20), M(24), RES),
	   R(M(24), M(128), RAM), TOP),
	/* A hole across the 16 MiB line. */
	PV("memmap=2M$15M", 0, LOW3, R(M(1), M(15), RAM), R(M(15), M(17), RES),
	   R(M(17), M(128), RAM), TOP),
	PV("memmap=2M!32M", 0, LOW3, R(M(1), M(32), RAM), R(M(32), M(34), PRAM),
	   R(M(34), M(128), RAM), TOP),
	/* Usable added over reserved: the highest type still wins. */
	PV("memmap=64K@0xfffc0000", 0, LOW3, R(M(1), M(128), RAM), TOP),
	PV("memmap=exactmap,640K@0,63M@1M", 0, R(0, K(640), RAM), R(M(1), M(64), RAM)),
	PV("memmap=exactmap memmap=640K@0 memmap=31M@1M,8M$8M", 0,
	   R(0, K(640), RAM), R(M(1), M(8), RAM), R(M(8), M(16), RES), R(M(16), M(32), RAM)),
	/* Comma list and repeated parameter give the same map. */
	PV("memmap=1M$16M,1M$20M", 0, LOW3, R(M(1), M(16), RAM), R(M(16), M(17), RES),
	   R(M(17), M(20), RAM), R(M(20), M(21), RES), R(M(21), M(128), RAM), TOP),
	PV("memmap=1M$16M memmap=1M$20M", 0, LOW3, R(M(1), M(16), RAM), R(M(16), M(17), RES),
	   R(M(17), M(20), RAM), R(M(20), M(21), RES), R(M(21), M(128), RAM), TOP),
	/* Retype with %: usable -> reserved, then add type 7 with +7 only. */
	PV("memmap=1M%16M-1+2", 0, LOW3, R(M(1), M(16), RAM), R(M(16), M(17), RES),
	   R(M(17), M(128), RAM), TOP),
	PV("memmap=1M%16M+7", 0, LOW3, R(M(1), M(16), RAM), R(M(16), M(17), 7),
	   R(M(17), M(128), RAM), TOP),
	/* Remove any type with % and no types. */
	PV("memmap=0x40000%0xfffc0000", 0, LOW3, R(M(1), M(128), RAM)),
	/* Order matters as in Linux: edits apply in command-line order. */
	PV("mem=32M memmap=16M@64M", 0, LOW3, R(M(1), M(32), RAM), R(M(64), M(80), RAM), TOP),
	PV("memmap=16M@64M mem=32M", 0, LOW3, R(M(1), M(32), RAM), TOP),
	/* Malformed values: reported by name, ignored whole. */
	PV("memmap=1M$16M,bogus", 1, LOW3, R(M(1), M(128), RAM), TOP),
	PV("memmap=1M$16M,,1M$20M", 1, LOW3, R(M(1), M(128), RAM), TOP),
	PV("mem=abc mem= mem=0 mem=12Mx mem", 5, LOW3, R(M(1), M(128), RAM), TOP),
	PV("memmap=1M$ memmap=1M^16M memmap=exactmapx memmap=1M@16Mjunk memmap", 5,
	   LOW3, R(M(1), M(128), RAM), TOP),
	PV("memmap=16E@1 memmap=2@0xffffffffffffffff memmap=0", 3,
	   LOW3, R(M(1), M(128), RAM), TOP),
	PV("memmap=1M%16M-1+1 memmap=1M%16M-0x100000000+2", 2,
	   LOW3, R(M(1), M(128), RAM), TOP),
	/* One bad value does not stop the good ones around it. */
	PV("memmap=1M$16M memmap=x mem=64M", 1, LOW3, R(M(1), M(16), RAM),
	   R(M(16), M(17), RES), R(M(17), M(64), RAM), TOP),
};

static int params_init(struct ktest *t)
{
	(void)t;
	e820_user_edits_reset();
	host_console_clear();
	return 0;
}

static void params_exit(struct ktest *t)
{
	(void)t;
	e820_user_edits_reset();
}

static void test_param_vectors(struct ktest *t)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(param_vecs); i++) {
		const struct param_vec *v = &param_vecs[i];
		int problems;

		e820_user_edits_reset();
		load(&tab, base_map, ARRAY_SIZE(base_map));
		problems = parse_param_string(v->cmdline, true);
		e820_apply_edits_to(&tab);
		if (problems != v->problems || !same_table(&tab, v->out, v->nout) ||
		    !e820_table_is_sane(&tab)) {
			ktest_fail(t, __FILE__, __LINE__, "\"%s\": %d problems (expected %d)",
				   v->cmdline, problems, v->problems);
			dump(t, "got", &tab);
		}
	}
}

static void test_malformed_reported_by_name(struct ktest *t)
{
	parse_param_string("memmap=1M$16M,bogus", true);
	EXPECT_TRUE(t, host_console_contains("malformed parameter memmap=1M$16M,bogus"));
	parse_param_string("mem=12Q", true);
	EXPECT_TRUE(t, host_console_contains("malformed parameter mem=12Q"));
}

static void test_nopentium_flag(struct ktest *t)
{
	EXPECT_FALSE(t, e820_user_nopentium());
	EXPECT_EQ(t, parse_param_string("mem=nopentium", true), 0);
	EXPECT_TRUE(t, e820_user_nopentium());
	load(&tab, base_map, ARRAY_SIZE(base_map));
	EXPECT_FALSE(t, e820_apply_edits_to(&tab));
	EXPECT_TRUE(t, same_table(&tab, base_map, ARRAY_SIZE(base_map)));
}

static void test_apply_prints_user_map(struct ktest *t)
{
	load(&e820_table, base_map, ARRAY_SIZE(base_map));
	parse_param_string("mem=64M", true);
	EXPECT_EQ(t, e820_apply_user_edits(M(1), M(2)), 1);
	EXPECT_TRUE(t, host_console_contains(
		"user-defined physical RAM map:\n"
		"user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"));
	EXPECT_TRUE(t, host_console_contains(
		"user: [mem 0x0000000000100000-0x0000000003ffffff] usable\n"));
}

static void test_apply_nothing_prints_nothing(struct ktest *t)
{
	load(&e820_table, base_map, ARRAY_SIZE(base_map));
	EXPECT_EQ(t, e820_apply_user_edits(M(1), M(2)), 0);
	EXPECT_FALSE(t, host_console_contains("user-defined"));
}

static void test_apply_keeps_kernel(struct ktest *t)
{
	load(&e820_table, base_map, ARRAY_SIZE(base_map));
	parse_param_string("memmap=1M$1M", true);
	EXPECT_EQ(t, e820_apply_user_edits(M(1), M(2)), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("edits ignored"));
	EXPECT_TRUE(t, same_table(&e820_table, base_map, ARRAY_SIZE(base_map)));
	EXPECT_FALSE(t, host_console_contains("user-defined"));
}

static void test_apply_refuses_map_without_ram(struct ktest *t)
{
	load(&e820_table, base_map, ARRAY_SIZE(base_map));
	parse_param_string("memmap=exactmap,1M$0", true);
	EXPECT_EQ(t, e820_apply_user_edits(0, 0), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("no usable RAM"));
	EXPECT_TRUE(t, same_table(&e820_table, base_map, ARRAY_SIZE(base_map)));
}

static void test_too_many_edits_ignored_whole(struct ktest *t)
{
	static char line[4096];
	size_t len = 0;
	unsigned i;

	len += (size_t)snprintf(line, sizeof(line), "memmap=");
	for (i = 0; i < 100; i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s4K$%uM",
					i ? "," : "", 2 + i);
	EXPECT_EQ(t, parse_param_string(line, true), 1);
	load(&tab, base_map, ARRAY_SIZE(base_map));
	EXPECT_FALSE(t, e820_apply_edits_to(&tab));
}

/* A split that would overflow the table leaves the entry whole, with a
 * message: no piece is lost, memory safety and sanity hold. */
static void test_table_full_reported(struct ktest *t)
{
	unsigned i;

	memset(&tab, 0, sizeof(tab));
	for (i = 0; i < E820_MAX_ENTRIES; i++)
		tab.entries[i] = (struct e820_entry)R(M(2 * i), M(2 * i + 1), RAM);
	tab.nr_entries = E820_MAX_ENTRIES;
	e820_range_remove(&tab, K(512), K(4), RAM, true);
	EXPECT_TRUE(t, host_console_contains(
		"e820: table full (128 entries): cannot split [mem 0x00000000-0x000fffff] around [mem 0x00080000-0x00080fff], left as it was\n"));
	EXPECT_EQ(t, tab.nr_entries, E820_MAX_ENTRIES);
	EXPECT_EQ(t, tab.entries[0].addr, 0);
	EXPECT_EQ(t, tab.entries[0].size, M(1));
	e820_sanitize(&tab);
	EXPECT_TRUE(t, e820_table_is_sane(&tab));
}

static const struct ktest_case e820_params_cases[] = {
	KTEST_CASE(test_param_vectors),
	KTEST_CASE(test_malformed_reported_by_name),
	KTEST_CASE(test_nopentium_flag),
	KTEST_CASE(test_apply_prints_user_map),
	KTEST_CASE(test_apply_nothing_prints_nothing),
	KTEST_CASE(test_apply_keeps_kernel),
	KTEST_CASE(test_apply_refuses_map_without_ram),
	KTEST_CASE(test_too_many_edits_ignored_whole),
	KTEST_CASE(test_table_full_reported),
	{}
};
KTEST_SUITE_FULL(e820_params, params_init, params_exit, e820_params_cases);
