/* Intel MultiProcessor Specification 1.4 tables (contract:
 * asm/smp_config.h), after Linux's arch/x86/kernel/mpparse.c
 * (smp_scan_config, smp_check_mpc, smp_read_mpc, MP_processor_info,
 * construct_default_ISA_mptable). */
#include <asm/smp_config.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

/* Floating pointer structure: 16 bytes on a 16-byte boundary. */
#define MPF_SIZE            16
#define MPF_PHYSPTR_OFF     4
#define MPF_LENGTH_OFF      8       /* in 16-byte units: 1 */
#define MPF_SPEC_OFF        9
#define MPF_FEATURE1_OFF    11      /* nonzero: a default configuration */
#define MPF_FEATURE2_OFF    12
#define MPF_FEATURE2_IMCRP  0x80    /* IMCR present: PIC mode */

/* Configuration table header (44 bytes), then entry_count entries. */
#define MPC_HDR_SIZE        44
#define MPC_LENGTH_OFF      4
#define MPC_SPEC_OFF        6
#define MPC_OEM_OFF         8
#define MPC_OEM_LEN         8
#define MPC_PRODUCT_OFF     16
#define MPC_PRODUCT_LEN     12
#define MPC_COUNT_OFF       34
#define MPC_LAPIC_OFF       36

#define MP_PROCESSOR        0
#define MP_BUS              1
#define MP_IOAPIC           2
#define MP_INTSRC           3
#define MP_LINTSRC          4
#define MP_PROCESSOR_SIZE   20
#define MP_OTHER_SIZE       8
#define CPU_ENABLED         0x01
#define CPU_BOOTPROCESSOR   0x02
#define MPC_APIC_USABLE     0x01
#define MP_DEFAULT_CONFIG_MAX 7
#define MP_DEFAULT_IOAPIC_ID  2


void smp_config_add_cpu(struct smp_config *cfg, u8 apic_id, bool boot_cpu)
{
	if (cfg->nr_cpus == NR_CPUS) {
		pr_warn("APIC: NR_CPUS/possible_cpus limit of %u reached. Processor %u/0x%x ignored.\n",
			NR_CPUS, cfg->nr_cpus + cfg->cpus_over_limit, apic_id);
		cfg->cpus_over_limit++;
		return;
	}
	if (boot_cpu && !cfg->bp_known) {
		/* The boot CPU takes slot 0, as Linux's logical CPU 0. */
		cfg->cpu_apic_id[cfg->nr_cpus] = cfg->cpu_apic_id[0];
		cfg->cpu_apic_id[0] = apic_id;
		cfg->bp_known = true;
	} else {
		cfg->cpu_apic_id[cfg->nr_cpus] = apic_id;
	}
	cfg->nr_cpus++;
}

void smp_config_add_ioapic(struct smp_config *cfg, u8 id, u8 version, u32 addr, u32 gsi_base)
{
	if (cfg->nr_ioapics == MAX_IO_APICS) {
		pr_warn("Max # of I/O APICs (%u) exceeded (found %u), skipping\n",
			MAX_IO_APICS, cfg->nr_ioapics + 1);
		return;
	}
	cfg->ioapic[cfg->nr_ioapics++] = (struct smp_ioapic){ id, version, addr, gsi_base };
}

unsigned int smp_scan_ranges(bootinfo_map_fn map, void *ctx, struct smp_scan_range out[3])
{
	const u8 *p;
	unsigned int n = 0;
	phys_addr_t ebda = 0, base_end = 640 * 1024;

	p = map(BDA_EBDA_SEG, 2, ctx);
	if (p)
		ebda = (phys_addr_t)smp_get16(p) << 4;
	p = map(BDA_BASE_MEM_KB, 2, ctx);
	if (p && smp_get16(p) >= 1 && smp_get16(p) <= 640)
		base_end = (phys_addr_t)smp_get16(p) * 1024;
	/* An EBDA must sit in base memory above the BDA (Linux's
	 * get_bios_ebda() sanity window: 0x400 .. 640 KiB). */
	if (ebda >= 0x400 && ebda < 640 * 1024)
		out[n++] = (struct smp_scan_range){ ebda, ebda + 1024 };
	out[n++] = (struct smp_scan_range){ base_end - 1024, base_end };
	out[n++] = (struct smp_scan_range){ BIOS_ROM_BEGIN, BIOS_ROM_END };
	return n;
}

static int scan_range(bootinfo_map_fn map, void *ctx, phys_addr_t start, phys_addr_t end,
		      phys_addr_t *mpf)
{
	const u8 *p = map(start, (size_t)(end - start), ctx);

	if (!p)
		return -ENOENT;
	for (size_t off = 0; off + MPF_SIZE <= end - start; off += MPF_SIZE) {
		const u8 *f = p + off;

		if (memcmp(f, "_MP_", 4) != 0 || f[MPF_LENGTH_OFF] != 1)
			continue;
		if (smp_checksum8(f, MPF_SIZE) != 0) {
			pr_err("MPTABLE: floating pointer at %#llx has a bad checksum, ignored\n",
			       (unsigned long long)(start + off));
			continue;
		}
		if (f[MPF_SPEC_OFF] != 1 && f[MPF_SPEC_OFF] != 4) {
			pr_err("MPTABLE: floating pointer at %#llx: unknown specification 1.%u, ignored\n",
			       (unsigned long long)(start + off), f[MPF_SPEC_OFF]);
			continue;
		}
		*mpf = start + off;
		pr_info("found SMP MP-table at [mem %#010llx-%#010llx]\n",
			(unsigned long long)*mpf, (unsigned long long)(*mpf + MPF_SIZE - 1));
		return 0;
	}
	return -ENOENT;
}

int mp_find_floating(bootinfo_map_fn map, void *ctx, phys_addr_t *mpf)
{
	struct smp_scan_range r[3];
	unsigned int n = smp_scan_ranges(map, ctx, r);

	for (unsigned int i = 0; i < n; i++)
		if (scan_range(map, ctx, r[i].start, r[i].end, mpf) == 0)
			return 0;
	return -ENOENT;
}

/* Processor and I/O APIC entries; the rest are interrupt routing this
 * kernel does not use. Stops at the first malformed entry. */
static void read_entries(const u8 *mpc, u16 length, u16 count, struct smp_config *cfg)
{
	u32 off = MPC_HDR_SIZE;

	for (u16 i = 0; i < count; i++) {
		u8 type;
		u32 size;

		if (off >= length)
			break;
		type = mpc[off];
		size = type == MP_PROCESSOR ? MP_PROCESSOR_SIZE : MP_OTHER_SIZE;
		if (type > MP_LINTSRC || off + size > length) {
			pr_err("MPTABLE: bad entry type %u at offset %u, rest of table ignored\n",
			       type, off);
			return;
		}
		const u8 *e = mpc + off;
		if (type == MP_PROCESSOR) {
			bool bp = e[3] & CPU_BOOTPROCESSOR;

			if (!(e[3] & CPU_ENABLED)) {
				cfg->cpus_disabled++;
			} else {
				pr_info("Processor #%u%s\n", e[1], bp ? " (Bootup-CPU)" : "");
				smp_config_add_cpu(cfg, e[1], bp);
			}
		} else if (type == MP_IOAPIC && (e[3] & MPC_APIC_USABLE)) {
			smp_config_add_ioapic(cfg, e[1], e[2], smp_get32(e + 4), 0);
		}
		off += size;
	}
}

static void default_config(unsigned int type, struct smp_config *cfg)
{
	pr_info("Default MP configuration #%u\n", type);
	cfg->lapic_addr = APIC_DEFAULT_PHYS_BASE;
	smp_config_add_cpu(cfg, 0, true);
	smp_config_add_cpu(cfg, 1, false);
	smp_config_add_ioapic(cfg, MP_DEFAULT_IOAPIC_ID, 0, IO_APIC_DEFAULT_PHYS_BASE, 0);
}

static void print_id(const char *what, const u8 *s, size_t len)
{
	char buf[16];

	pr_info("MPTABLE: %s: %s\n", what, smp_fw_string(buf, s, len));
}

int mp_read_config(bootinfo_map_fn map, void *ctx, phys_addr_t mpf, struct smp_config *cfg)
{
	const u8 *f = map(mpf, MPF_SIZE, ctx);
	u8 hdr[MPC_HDR_SIZE];
	struct smp_config c = { 0 };
	u32 physptr;
	u16 length;
	const u8 *mpc;

	if (!f)
		return -EINVAL;
	pr_info("Intel MultiProcessor Specification v1.%u\n", f[MPF_SPEC_OFF]);
	pr_info("    %s mode.\n", (f[MPF_FEATURE2_OFF] & MPF_FEATURE2_IMCRP) ?
		"IMCR and PIC compatibility" : "Virtual Wire compatibility");
	physptr = smp_get32(f + MPF_PHYSPTR_OFF);
	if (f[MPF_FEATURE1_OFF] != 0) {
		if (f[MPF_FEATURE1_OFF] > MP_DEFAULT_CONFIG_MAX) {
			pr_err("MPTABLE: unknown default configuration %u, ignored\n",
			       f[MPF_FEATURE1_OFF]);
			return -EINVAL;
		}
		default_config(f[MPF_FEATURE1_OFF], &c);
		goto done;
	}
	if (physptr == 0) {
		pr_err("MPTABLE: no configuration table and no default configuration\n");
		return -EINVAL;
	}
	mpc = map(physptr, MPC_HDR_SIZE, ctx);
	if (!mpc) {
		pr_err("MPTABLE: configuration table at %#x cannot be mapped\n", physptr);
		return -EINVAL;
	}
	memcpy(hdr, mpc, sizeof(hdr));
	if (memcmp(hdr, "PCMP", 4) != 0) {
		pr_err("MPTABLE: bad signature [%c%c%c%c]!\n", hdr[0], hdr[1], hdr[2], hdr[3]);
		return -EINVAL;
	}
	length = smp_get16(hdr + MPC_LENGTH_OFF);
	if (length < MPC_HDR_SIZE) {
		pr_err("MPTABLE: table length %u is shorter than its header\n", length);
		return -EINVAL;
	}
	mpc = map(physptr, length, ctx);
	if (!mpc) {
		pr_err("MPTABLE: configuration table at %#x cannot be mapped\n", physptr);
		return -EINVAL;
	}
	if (smp_checksum8(mpc, length) != 0) {
		pr_err("MPTABLE: checksum error!\n");
		return -EINVAL;
	}
	if (mpc[MPC_SPEC_OFF] != 1 && mpc[MPC_SPEC_OFF] != 4) {
		pr_err("MPTABLE: bad table version (%u)!!\n", mpc[MPC_SPEC_OFF]);
		return -EINVAL;
	}
	c.lapic_addr = smp_get32(mpc + MPC_LAPIC_OFF);
	if (!c.lapic_addr) {
		pr_err("MPTABLE: null local APIC address!\n");
		return -EINVAL;
	}
	print_id("OEM ID", mpc + MPC_OEM_OFF, MPC_OEM_LEN);
	print_id("Product ID", mpc + MPC_PRODUCT_OFF, MPC_PRODUCT_LEN);
	pr_info("MPTABLE: APIC at: 0x%X\n", c.lapic_addr);
	read_entries(mpc, length, smp_get16(mpc + MPC_COUNT_OFF), &c);
	if (c.nr_cpus == 0) {
		pr_err("MPTABLE: no enabled processor entry, table ignored\n");
		return -EINVAL;
	}
done:
	for (unsigned int i = 0; i < c.nr_ioapics; i++)
		pr_info("IOAPIC[%u]: apic_id %u, version %u, address %#x\n", i, c.ioapic[i].id,
			c.ioapic[i].version, c.ioapic[i].addr);
	c.source = "MP";
	*cfg = c;
	return 0;
}
