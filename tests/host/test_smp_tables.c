/* Host suite: MP 1.4 and ACPI MADT parsing (arch/x86/mpparse.c,
 * arch/x86/acpi_madt.c) of hand-built tables in a buffer standing for the
 * first 1 MiB of physical memory plus a little above: good tables, bad
 * checksums, malformed entries, tables out of reach. */
#include <string.h>

#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <asm/smp_config.h>
#include "host.h"

#define PHYS_SIZE   0x110000u           /* [0, 1 MiB + 64 KiB) */
#define EBDA        0x9fc00u
#define MPF_ROM     0xf5ba0u
#define MPC_AT      0xf5bb0u
#define RSDP_AT     0xf59d0u
#define RSDT_AT     0x100000u
#define MADT_AT     0x100100u

static u8 *mem;

static const void *fake_map(phys_addr_t phys, size_t len, void *ctx)
{
	(void)ctx;
	if (phys > PHYS_SIZE || len > PHYS_SIZE - phys)
		return NULL;
	return mem + phys;
}

static void put16(u32 at, u16 v) { memcpy(mem + at, &v, 2); }
static void put32(u32 at, u32 v) { memcpy(mem + at, &v, 4); }
static void put64(u32 at, u64 v) { memcpy(mem + at, &v, 8); }
static void fix_sum(u32 at, u32 len, u32 sum_off)
{
	mem[at + sum_off] = 0;
	mem[at + sum_off] = (u8)-smp_checksum8(mem + at, len);
}

static int tables_init(struct ktest *t)
{
	(void)t;
	static u8 buf[PHYS_SIZE];

	mem = buf;
	memset(mem, 0, PHYS_SIZE);
	put16(BDA_EBDA_SEG, EBDA >> 4);
	put16(BDA_BASE_MEM_KB, 639);
	host_console_clear();
	return 0;
}

/* Floating pointer at f pointing at a table at mpc. */
static void put_mpf(u32 f, u32 mpc, u8 default_cfg)
{
	memcpy(mem + f, "_MP_", 4);
	put32(f + 4, mpc);
	mem[f + 8] = 1;
	mem[f + 9] = 4;
	mem[f + 11] = default_cfg;
	fix_sum(f, 16, 10);
}

/* Configuration table with ncpu processors (APIC IDs 0.., the first the
 * boot CPU, the one at index disabled (-1: none) not enabled) and an I/O APIC. */
static u32 put_mpc(u32 at, unsigned ncpu, int disabled)
{
	u32 off = 44;
	u16 count = 0;

	memcpy(mem + at, "PCMP", 4);
	mem[at + 6] = 4;
	memcpy(mem + at + 8, "BOCHSCPU", 8);
	memcpy(mem + at + 16, "0.1         ", 12);
	put32(at + 36, APIC_DEFAULT_PHYS_BASE);
	for (unsigned i = 0; i < ncpu; i++, count++, off += 20) {
		mem[at + off] = 0;
		mem[at + off + 1] = (u8)i;
		mem[at + off + 2] = 0x14;
		mem[at + off + 3] = ((int)i == disabled ? 0 : 1) | (i == 0 ? 2 : 0);
	}
	mem[at + off] = 1;                      /* bus */
	off += 8; count++;
	mem[at + off] = 2;                      /* I/O APIC */
	mem[at + off + 1] = (u8)ncpu;
	mem[at + off + 2] = 0x11;
	mem[at + off + 3] = 1;
	put32(at + off + 4, IO_APIC_DEFAULT_PHYS_BASE);
	off += 8; count++;
	put16(at + 4, (u16)off);
	put16(at + 34, count);
	fix_sum(at, off, 7);
	return off;
}

static void test_mp_rom(struct ktest *t)
{
	struct smp_config c = { 0 };
	phys_addr_t f;

	put_mpc(MPC_AT, 2, -1);
	put_mpf(MPF_ROM, MPC_AT, 0);
	ASSERT_EQ(t, mp_find_floating(fake_map, NULL, &f), 0);
	EXPECT_EQ(t, f, (phys_addr_t)MPF_ROM);
	ASSERT_EQ(t, mp_read_config(fake_map, NULL, f, &c), 0);
	EXPECT_STREQ(t, c.source, "MP");
	EXPECT_EQ(t, c.nr_cpus, 2u);
	EXPECT_EQ(t, c.cpu_apic_id[0], 0);
	EXPECT_EQ(t, c.cpu_apic_id[1], 1);
	EXPECT_TRUE(t, c.bp_known);
	EXPECT_EQ(t, c.lapic_addr, APIC_DEFAULT_PHYS_BASE);
	EXPECT_EQ(t, c.nr_ioapics, 1u);
	EXPECT_EQ(t, c.ioapic[0].addr, IO_APIC_DEFAULT_PHYS_BASE);
	EXPECT_TRUE(t, host_console_contains("found SMP MP-table at [mem 0x000f5ba0-0x000f5baf]\n"));
	EXPECT_TRUE(t, host_console_contains("MPTABLE: OEM ID: BOCHSCPU\n"));
	EXPECT_TRUE(t, host_console_contains("MPTABLE: APIC at: 0xFEE00000\n"));
	EXPECT_TRUE(t, host_console_contains("Processor #0 (Bootup-CPU)\nProcessor #1\n"));
}

/* The EBDA is searched first; the BIOS ROM's pointer is not reached. */
static void test_mp_ebda_first(struct ktest *t)
{
	phys_addr_t f;

	put_mpc(MPC_AT, 2, -1);
	put_mpf(MPF_ROM, MPC_AT, 0);
	put_mpf(EBDA + 0x40, MPC_AT, 0);
	ASSERT_EQ(t, mp_find_floating(fake_map, NULL, &f), 0);
	EXPECT_EQ(t, f, (phys_addr_t)(EBDA + 0x40));
}

static void test_mp_floating_bad_checksum(struct ktest *t)
{
	phys_addr_t f;

	put_mpf(MPF_ROM, MPC_AT, 0);
	mem[MPF_ROM + 10] ^= 1;
	EXPECT_EQ(t, mp_find_floating(fake_map, NULL, &f), -ENOENT);
	EXPECT_TRUE(t, host_console_contains("has a bad checksum, ignored"));
}

static void test_mp_table_bad_checksum(struct ktest *t)
{
	struct smp_config c = { .nr_cpus = 7 };

	put_mpc(MPC_AT, 4, -1);
	put_mpf(MPF_ROM, MPC_AT, 0);
	mem[MPC_AT + 7] ^= 0xff;
	EXPECT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("MPTABLE: checksum error!\n"));
	EXPECT_EQ(t, c.nr_cpus, 7u);            /* untouched */
}

static void test_mp_bad_signature_and_length(struct ktest *t)
{
	struct smp_config c = { 0 };

	put_mpc(MPC_AT, 2, -1);
	put_mpf(MPF_ROM, MPC_AT, 0);
	mem[MPC_AT] = 'X';
	EXPECT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("MPTABLE: bad signature [XCMP]!\n"));
	put_mpc(MPC_AT, 2, -1);
	put16(MPC_AT + 4, 10);
	EXPECT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), -EINVAL);
	/* A table running past the end of what can be mapped. */
	put_mpc(MPC_AT, 2, -1);
	put_mpf(MPF_ROM, PHYS_SIZE - 20, 0);
	EXPECT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), -EINVAL);
	EXPECT_EQ(t, c.nr_cpus, 0u);
}

/* A disabled processor is counted apart; an unknown entry type ends the
 * walk but what came before it stays. */
static void test_mp_disabled_and_bad_entry(struct ktest *t)
{
	struct smp_config c = { 0 };
	u32 len = put_mpc(MPC_AT, 3, 1);

	ASSERT_EQ(t, mp_read_config(fake_map, NULL, (put_mpf(MPF_ROM, MPC_AT, 0), MPF_ROM), &c), 0);
	EXPECT_EQ(t, c.nr_cpus, 2u);
	EXPECT_EQ(t, c.cpus_disabled, 1u);
	mem[MPC_AT + 44 + 20] = 9;              /* second processor: bogus type */
	fix_sum(MPC_AT, len, 7);
	ASSERT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), 0);
	EXPECT_EQ(t, c.nr_cpus, 1u);
	EXPECT_TRUE(t, host_console_contains("MPTABLE: bad entry type 9 at offset 64"));
}

static void test_mp_default_config(struct ktest *t)
{
	struct smp_config c = { 0 };

	put_mpf(MPF_ROM, 0, 5);
	ASSERT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), 0);
	EXPECT_EQ(t, c.nr_cpus, 2u);
	EXPECT_TRUE(t, host_console_contains("Default MP configuration #5\n"));
	put_mpf(MPF_ROM, 0, 8);
	EXPECT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), -EINVAL);
}

static void test_mp_nr_cpus_limit(struct ktest *t)
{
	struct smp_config c = { 0 };

	put_mpc(MPC_AT, NR_CPUS + 2, -1);
	put_mpf(MPF_ROM, MPC_AT, 0);
	ASSERT_EQ(t, mp_read_config(fake_map, NULL, MPF_ROM, &c), 0);
	EXPECT_EQ(t, c.nr_cpus, (unsigned)NR_CPUS);
	EXPECT_EQ(t, c.cpus_over_limit, 2u);
	EXPECT_TRUE(t, host_console_contains("APIC: NR_CPUS/possible_cpus limit of 8 reached. Processor 8/0x8 ignored.\n"));
}

/* ---- ACPI ----------------------------------------------------------- */

static void put_sdt(u32 at, const char *sig, u32 len, u8 rev)
{
	memcpy(mem + at, sig, 4);
	put32(at + 4, len);
	mem[at + 8] = rev;
	memcpy(mem + at + 10, "BOCHS ", 6);
	memcpy(mem + at + 16, "BXPCAPIC", 8);
	fix_sum(at, len, 9);
}

/* MADT with ncpu local APICs (the one at disabled not enabled) and an I/O APIC. */
static void put_madt(unsigned ncpu, int disabled)
{
	u32 off = 44;

	put32(MADT_AT + 36, APIC_DEFAULT_PHYS_BASE);
	put32(MADT_AT + 40, 1);
	for (unsigned i = 0; i < ncpu; i++, off += 8) {
		mem[MADT_AT + off] = 0;
		mem[MADT_AT + off + 1] = 8;
		mem[MADT_AT + off + 2] = (u8)i;
		mem[MADT_AT + off + 3] = (u8)i;
		put32(MADT_AT + off + 4, (int)i == disabled ? 0 : 1);
	}
	mem[MADT_AT + off] = 1;
	mem[MADT_AT + off + 1] = 12;
	mem[MADT_AT + off + 2] = 0;
	put32(MADT_AT + off + 4, IO_APIC_DEFAULT_PHYS_BASE);
	off += 12;
	put_sdt(MADT_AT, "APIC", off, 1);
}

static void put_rsdp(u8 rev, u32 rsdt, u64 xsdt)
{
	memcpy(mem + RSDP_AT, "RSD PTR ", 8);
	memcpy(mem + RSDP_AT + 9, "BOCHS ", 6);
	mem[RSDP_AT + 15] = rev;
	put32(RSDP_AT + 16, rsdt);
	put32(RSDP_AT + 20, 36);
	put64(RSDP_AT + 24, xsdt);
	fix_sum(RSDP_AT, 20, 8);
	fix_sum(RSDP_AT, 36, 32);
}

static void put_rsdt(void)
{
	put32(RSDT_AT + 36, 0x12345);           /* some other table: skipped */
	put32(RSDT_AT + 40, MADT_AT);
	put_sdt(RSDT_AT, "RSDT", 44, 1);
}

static void test_madt_rsdt(struct ktest *t)
{
	struct smp_config c = { 0 };
	phys_addr_t r;

	put_madt(4, 2);
	put_rsdt();
	put_rsdp(0, RSDT_AT, 0);
	ASSERT_EQ(t, acpi_find_rsdp(fake_map, NULL, &r), 0);
	EXPECT_EQ(t, r, (phys_addr_t)RSDP_AT);
	ASSERT_EQ(t, acpi_read_madt(fake_map, NULL, r, &c), 0);
	EXPECT_STREQ(t, c.source, "ACPI");
	EXPECT_EQ(t, c.nr_cpus, 3u);
	EXPECT_EQ(t, c.cpus_disabled, 1u);
	EXPECT_EQ(t, c.cpu_apic_id[2], 3);
	EXPECT_EQ(t, c.nr_ioapics, 1u);
	EXPECT_TRUE(t, host_console_contains("ACPI: LAPIC (acpi_id[0x02] lapic_id[0x02] disabled)\n"));
	EXPECT_TRUE(t, host_console_contains("ACPI: Local APIC address 0xfee00000\n"));
}

static void test_madt_xsdt(struct ktest *t)
{
	struct smp_config c = { 0 };
	phys_addr_t r;

	put_madt(2, -1);
	put64(RSDT_AT + 0x80 + 36, MADT_AT);
	put_sdt(RSDT_AT + 0x80, "XSDT", 44, 1);
	put_rsdp(2, 0xdead000, RSDT_AT + 0x80);
	ASSERT_EQ(t, acpi_find_rsdp(fake_map, NULL, &r), 0);
	ASSERT_EQ(t, acpi_read_madt(fake_map, NULL, r, &c), 0);
	EXPECT_EQ(t, c.nr_cpus, 2u);
	/* A v2 RSDP whose extended checksum is wrong is not taken. */
	mem[RSDP_AT + 33] ^= 1;
	EXPECT_EQ(t, acpi_find_rsdp(fake_map, NULL, &r), -ENOENT);
}

static void test_madt_bad_checksum(struct ktest *t)
{
	struct smp_config c = { .nr_cpus = 5 };

	put_madt(2, -1);
	put_rsdt();
	put_rsdp(0, RSDT_AT, 0);
	mem[MADT_AT + 44 + 3] ^= 4;
	EXPECT_EQ(t, acpi_read_madt(fake_map, NULL, RSDP_AT, &c), -EINVAL);
	EXPECT_TRUE(t, host_console_contains("Incorrect checksum in table [APIC]"));
	EXPECT_EQ(t, c.nr_cpus, 5u);
}

static void test_madt_bad_entries(struct ktest *t)
{
	struct smp_config c = { 0 };
	u32 len;

	put_madt(3, -1);
	put_rsdt();
	put_rsdp(0, RSDT_AT, 0);
	len = smp_get32(mem + MADT_AT + 4);
	mem[MADT_AT + 44 + 8 + 1] = 0;          /* second LAPIC: length 0 */
	fix_sum(MADT_AT, len, 9);
	ASSERT_EQ(t, acpi_read_madt(fake_map, NULL, RSDP_AT, &c), 0);
	EXPECT_EQ(t, c.nr_cpus, 1u);
	EXPECT_TRUE(t, host_console_contains("has a bad length 0, rest ignored"));
	/* The root table's length is absurd; then it points past memory. */
	put32(RSDT_AT + 4, 0x7fffffff);
	EXPECT_EQ(t, acpi_read_madt(fake_map, NULL, RSDP_AT, &c), -EINVAL);
	put_rsdp(0, PHYS_SIZE - 8, 0);
	EXPECT_EQ(t, acpi_read_madt(fake_map, NULL, RSDP_AT, &c), -EINVAL);
}

static void test_madt_missing(struct ktest *t)
{
	struct smp_config c = { 0 };
	phys_addr_t r;

	EXPECT_EQ(t, acpi_find_rsdp(fake_map, NULL, &r), -ENOENT);
	put_rsdt();
	put_rsdp(0, RSDT_AT, 0);
	EXPECT_EQ(t, acpi_read_madt(fake_map, NULL, RSDP_AT, &c), -ENOENT);
	EXPECT_NULL(t, c.source);
}

static const struct ktest_case smp_tables_cases[] = {
	KTEST_CASE(test_mp_rom),
	KTEST_CASE(test_mp_ebda_first),
	KTEST_CASE(test_mp_floating_bad_checksum),
	KTEST_CASE(test_mp_table_bad_checksum),
	KTEST_CASE(test_mp_bad_signature_and_length),
	KTEST_CASE(test_mp_disabled_and_bad_entry),
	KTEST_CASE(test_mp_default_config),
	KTEST_CASE(test_mp_nr_cpus_limit),
	KTEST_CASE(test_madt_rsdt),
	KTEST_CASE(test_madt_xsdt),
	KTEST_CASE(test_madt_bad_checksum),
	KTEST_CASE(test_madt_bad_entries),
	KTEST_CASE(test_madt_missing),
	{}
};
KTEST_SUITE_FULL(smp_tables, tables_init, NULL, smp_tables_cases);
