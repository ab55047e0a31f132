/* Where the CPUs are: the Intel MultiProcessor Specification 1.4 tables
 * (arch/x86/mpparse.c) and ACPI's MADT (arch/x86/acpi_madt.c), after Linux's
 * arch/x86/kernel/mpparse.c and drivers/acpi/tables.c + acpi/boot.c.
 *
 * Both parsers are pure logic: they read physical memory only through a
 * map callback (the kernel's arch_boot_map, a buffer in the host tests and
 * fuzz targets), check every length and checksum before trusting a table,
 * report a bad table in Linux's words and leave *cfg as it was. Boot time
 * only, not reentrant. */
#ifndef ASM_SMP_CONFIG_H
#define ASM_SMP_CONFIG_H

#include <kernel/types.h>
#include <kernel/smp.h>         /* NR_CPUS */
#include <asm/multiboot.h>      /* bootinfo_map_fn */

#define MAX_IO_APICS    8
#define APIC_DEFAULT_PHYS_BASE  0xfee00000u
#define IO_APIC_DEFAULT_PHYS_BASE 0xfec00000u

/* BIOS data area words: the EBDA segment and the base memory size in KiB. */
#define BDA_EBDA_SEG        0x40eu
#define BDA_BASE_MEM_KB     0x413u
#define BIOS_ROM_BEGIN      0xf0000u
#define BIOS_ROM_END        0x100000u

struct smp_ioapic {
	u8 id, version;
	u32 addr;
	u32 gsi_base;
};

/* What a table said. cpu_apic_id[0] is the boot CPU when the table names
 * one (bp_known); CPUs past NR_CPUS are counted in cpus_over_limit. */
struct smp_config {
	const char *source;             /* "MP" or "ACPI"; NULL: nothing valid */
	u32 lapic_addr;
	unsigned int nr_cpus;
	u8 cpu_apic_id[NR_CPUS];
	bool bp_known;
	unsigned int cpus_disabled;     /* present but marked unusable */
	unsigned int cpus_over_limit;
	unsigned int nr_ioapics;
	struct smp_ioapic ioapic[MAX_IO_APICS];
};

/* Sum of n bytes modulo 256: every MP and ACPI structure sums to 0. */
static inline u8 smp_checksum8(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum = (u8)(sum + *p++);
	return sum;
}

/* Little-endian fields at any alignment. */
static inline u16 smp_get16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static inline u32 smp_get32(const u8 *p) { return (u32)smp_get16(p) | (u32)smp_get16(p + 2) << 16; }
static inline u64 smp_get64(const u8 *p) { return (u64)smp_get32(p) | (u64)smp_get32(p + 4) << 32; }

/* Copy a fixed-size firmware string (n bytes, not terminated) into buf
 * (n + 1 bytes), unprintable bytes shown as '?'. */
static inline char *smp_fw_string(char *buf, const u8 *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (s[i] < ' ' || s[i] > '~') ? '?' : (char)s[i];
	buf[n] = '\0';
	return buf;
}

/* The physical ranges the specifications search, in their order: the
 * EBDA's first KiB (when the BDA names one), the last KiB of base memory,
 * the BIOS ROM. Returns how many of the (at most 3) ranges were filled. */
struct smp_scan_range {
	phys_addr_t start, end;
};
unsigned int smp_scan_ranges(bootinfo_map_fn map, void *ctx, struct smp_scan_range out[3]);

/* MP 1.4: find the floating pointer (16-byte aligned "_MP_" with a good
 * checksum) in the ranges above; bad checksums are reported and skipped.
 * Returns 0 and its address in *mpf, or -ENOENT. */
int mp_find_floating(bootinfo_map_fn map, void *ctx, phys_addr_t *mpf);
/* Read the configuration (table or default configuration) the floating
 * pointer at mpf leads to into *cfg. -EINVAL when it is bad (reported). */
int mp_read_config(bootinfo_map_fn map, void *ctx, phys_addr_t mpf, struct smp_config *cfg);

/* ACPI: find the RSDP ("RSD PTR ", checksums of the v1 part and, from
 * revision 2, of the whole) in the EBDA's first KiB and 0xe0000-0xfffff. */
#define ACPI_RSDP_SCAN_BEGIN 0xe0000u
int acpi_find_rsdp(bootinfo_map_fn map, void *ctx, phys_addr_t *rsdp);
/* Walk the RSDT (or XSDT from revision 2) to the MADT ("APIC") and read its
 * local APIC and I/O APIC entries into *cfg. -ENOENT: no MADT; -EINVAL:
 * a table on the way is bad (reported). */
int acpi_read_madt(bootinfo_map_fn map, void *ctx, phys_addr_t rsdp, struct smp_config *cfg);

/* Record one CPU in cfg (shared by both parsers): boot CPU first, the
 * NR_CPUS limit reported as Linux does. */
void smp_config_add_cpu(struct smp_config *cfg, u8 apic_id, bool boot_cpu);
void smp_config_add_ioapic(struct smp_config *cfg, u8 id, u8 version, u32 addr, u32 gsi_base);

#endif
