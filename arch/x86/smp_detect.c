/* Which CPUs the machine has and which the boot may use, after Linux's
 * setup_arch() order: find_smp_config() / acpi_boot_table_init() early,
 * then get_smp_config() or the MADT, then prefill_possible_map(). */
#include <asm/smp.h>
#include <asm/cpu.h>
#include <asm/e820.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>

/* The trampoline's SIPI vector is its page number: below 1 MiB, and above
 * the low 64 KiB the BIOS may scribble on. */
#define TRAMPOLINE_LOW      X86_RESERVE_LOW
#define TRAMPOLINE_HIGH     0x100000ull
/* Where mptable.corrupt= flips a byte: the table's checksum field. */
#define MPC_CHECKSUM_OFF    7
#define CORRUPT_BUF_SIZE    4096

struct smp_config smp_config;
unsigned int smp_boot_cpus = 1;
phys_addr_t smp_trampoline_phys;

static bool nosmp, acpi_off, corrupt_mptable;
static unsigned int max_cpus = NR_CPUS, nr_cpus_limit = NR_CPUS;

static int parse_count(const char *val, unsigned int *out)
{
	char *end;
	unsigned long long v;

	if (!val || !*val)
		return -EINVAL;
	v = simple_strtoull(val, &end, 0);
	if (*end || v > 0xffff)
		return -EINVAL;
	*out = (unsigned int)v;
	return 0;
}

static int set_nosmp(const char *val)
{
	if (val)
		return -EINVAL;
	nosmp = true;
	return 0;
}
early_param("nosmp", set_nosmp);

/* Linux: maxcpus= CPUs brought up at boot (0 is nosmp on x86); the rest
 * stay possible. nr_cpus= caps the possible CPUs themselves. */
static int set_maxcpus(const char *val) { return parse_count(val, &max_cpus); }
early_param("maxcpus", set_maxcpus);

static int set_nr_cpus(const char *val)
{
	unsigned int n;

	if (parse_count(val, &n) < 0 || n == 0)
		return -EINVAL;
	nr_cpus_limit = n;
	return 0;
}
early_param("nr_cpus", set_nr_cpus);

static int set_acpi(const char *val)
{
	if (!val || strcmp(val, "off") != 0)
		return -EINVAL;
	acpi_off = true;
	return 0;
}
early_param("acpi", set_acpi);

/* Test option: parse the MP configuration table from a copy whose
 * checksum byte is flipped, to see a bad table reported and ignored. */
static int set_corrupt(const char *val)
{
	if (val && strcmp(val, "1") != 0)
		return -EINVAL;
	corrupt_mptable = true;
	return 0;
}
early_param("mptable.corrupt", set_corrupt);

static phys_addr_t corrupt_at;

static const void *corrupting_map(phys_addr_t phys, size_t len, void *ctx)
{
	static u8 buf[CORRUPT_BUF_SIZE];
	const u8 *p = arch_boot_map(phys, len, ctx);

	if (!p || len > sizeof(buf) || corrupt_at < phys || corrupt_at >= phys + len)
		return p;
	memcpy(buf, p, len);
	buf[corrupt_at - phys] ^= 0xff;
	return buf;
}

static int read_mp(phys_addr_t mpf, struct smp_config *cfg)
{
	bootinfo_map_fn map = arch_boot_map;

	if (corrupt_mptable) {
		const u8 *f = arch_boot_map(mpf, 16, NULL);

		corrupt_at = (f ? smp_get32(f + 4) : 0) + MPC_CHECKSUM_OFF;
		pr_info("MPTABLE: mptable.corrupt: checksum byte at %#llx flipped in a copy\n",
			(unsigned long long)corrupt_at);
		map = corrupting_map;
	}
	return mp_read_config(map, NULL, mpf, cfg);
}

static void find_config(void)
{
	phys_addr_t mpf = 0, rsdp;
	bool have_mpf = mp_find_floating(arch_boot_map, NULL, &mpf) == 0;

	if (!acpi_off && acpi_find_rsdp(arch_boot_map, NULL, &rsdp) == 0 &&
	    acpi_read_madt(arch_boot_map, NULL, rsdp, &smp_config) == 0)
		return;
	if (have_mpf && read_mp(mpf, &smp_config) == 0)
		return;
	memset(&smp_config, 0, sizeof(smp_config));
}

/* The highest free RAM pages below 1 MiB, as Linux's reserve_real_mode()
 * takes them, reserved under their own name. */
static void reserve_trampoline(void)
{
	const phys_addr_t size = SMP_TRAMPOLINE_PAGES * PAGE_SIZE;

	for (phys_addr_t p = TRAMPOLINE_HIGH - size; p >= TRAMPOLINE_LOW; p -= PAGE_SIZE) {
		if (memblock_is_memory(p) && memblock_is_memory(p + size - 1) &&
		    !memblock_is_region_reserved(p, size)) {
			smp_trampoline_phys = p;
			break;
		}
	}
	if (!smp_trampoline_phys) {
		pr_err("smpboot: no low memory for the trampoline, running on one CPU\n");
		smp_boot_cpus = 1;
		return;
	}
	memblock_reserve(smp_trampoline_phys, size, "SMP trampoline");
}

void smp_detect(void)
{
	unsigned int possible;

	if (!cpu_has(X86_FEATURE_APIC))
		return;
	find_config();
	if (!smp_config.source) {
		pr_info("SMP: no valid MP or ACPI processor table, running on one CPU\n");
		return;
	}
	possible = smp_config.nr_cpus;
	if (possible > nr_cpus_limit) {
		pr_warn("APIC: NR_CPUS/possible_cpus limit of %u reached. %u processors ignored.\n",
			nr_cpus_limit, possible - nr_cpus_limit);
		possible = nr_cpus_limit;
	}
	pr_info("smpboot: Allowing %u CPUs, 0 hotplug CPUs\n", possible);
	smp_boot_cpus = possible;
	if (nosmp || max_cpus == 0) {
		pr_info("SMP disabled (nosmp or maxcpus=0): running on one CPU\n");
		smp_boot_cpus = 1;
	} else if (max_cpus < smp_boot_cpus) {
		smp_boot_cpus = max_cpus;
	}
	if (smp_boot_cpus > 1)
		reserve_trampoline();
}
