/* ACPI's Multiple APIC Description Table (contract: asm/smp_config.h),
 * after Linux's drivers/acpi/acpica (tbxfroot.c acpi_find_root_pointer,
 * tbutils.c acpi_tb_parse_root_table) and arch/x86/kernel/acpi/boot.c
 * (acpi_parse_madt, acpi_parse_lapic, acpi_parse_ioapic). */
#include <asm/smp_config.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define RSDP_V1_SIZE        20
#define RSDP_V2_SIZE        36
#define RSDP_CHECKSUM_AREA  RSDP_V1_SIZE
#define RSDP_OEM_OFF        9
#define RSDP_REVISION_OFF   15
#define RSDP_RSDT_OFF       16
#define RSDP_LENGTH_OFF     20
#define RSDP_XSDT_OFF       24
#define RSDP_ALIGN          16
#define EBDA_SCAN_LEN       1024

#define SDT_HDR_SIZE        36
#define SDT_LENGTH_OFF      4
#define SDT_REVISION_OFF    8
#define SDT_OEM_OFF         10
#define SDT_OEM_TABLE_OFF   16
/* Root tables longer than this are refused (Linux has no fixed limit;
 * 64 KiB is thousands of entries, far beyond any firmware). */
#define SDT_MAX_LENGTH      (64u * 1024u)
#define ROOT_MAX_ENTRIES    64

#define MADT_LAPIC_ADDR_OFF SDT_HDR_SIZE
#define MADT_ENTRIES_OFF    (SDT_HDR_SIZE + 8)
#define MADT_LAPIC          0
#define MADT_IOAPIC         1
#define MADT_LAPIC_OVERRIDE 5
#define MADT_LAPIC_SIZE     8
#define MADT_IOAPIC_SIZE    12
#define MADT_OVERRIDE_SIZE  12
#define ACPI_MADT_ENABLED   0x01


static int scan(bootinfo_map_fn map, void *ctx, phys_addr_t start, size_t len, phys_addr_t *rsdp)
{
	const u8 *p = map(start, len, ctx);

	if (!p)
		return -ENOENT;
	for (size_t off = 0; off + RSDP_V2_SIZE <= len; off += RSDP_ALIGN) {
		const u8 *r = p + off;

		if (memcmp(r, "RSD PTR ", 8) != 0)
			continue;
		if (smp_checksum8(r, RSDP_CHECKSUM_AREA) != 0 ||
		    (r[RSDP_REVISION_OFF] >= 2 && smp_checksum8(r, RSDP_V2_SIZE) != 0)) {
			pr_warn("ACPI BIOS Warning (bug): Incorrect checksum in RSDP at %#llx, ignored\n",
				(unsigned long long)(start + off));
			continue;
		}
		*rsdp = start + off;
		return 0;
	}
	return -ENOENT;
}

int acpi_find_rsdp(bootinfo_map_fn map, void *ctx, phys_addr_t *rsdp)
{
	const u8 *p = map(BDA_EBDA_SEG, 2, ctx);
	phys_addr_t ebda = p ? (phys_addr_t)smp_get16(p) << 4 : 0;

	if (ebda >= 0x400 && ebda < 640 * 1024 &&
	    scan(map, ctx, ebda, EBDA_SCAN_LEN, rsdp) == 0)
		return 0;
	return scan(map, ctx, ACPI_RSDP_SCAN_BEGIN, BIOS_ROM_END - ACPI_RSDP_SCAN_BEGIN, rsdp);
}

/* Map the table at phys whole, after checking its header: NULL when it
 * cannot be read, is absurdly long or its checksum is wrong (reported). */
static const u8 *map_sdt(bootinfo_map_fn map, void *ctx, phys_addr_t phys, u32 *length)
{
	const u8 *t = map(phys, SDT_HDR_SIZE, ctx);
	char sig[5];
	u32 len;

	if (!t) {
		pr_err("ACPI: table at %#llx cannot be mapped\n", (unsigned long long)phys);
		return NULL;
	}
	smp_fw_string(sig, t, 4);
	len = smp_get32(t + SDT_LENGTH_OFF);
	if (len < SDT_HDR_SIZE || len > SDT_MAX_LENGTH) {
		pr_err("ACPI: table [%s] at %#llx has an invalid length %u, ignored\n", sig,
		       (unsigned long long)phys, len);
		return NULL;
	}
	t = map(phys, len, ctx);
	if (!t) {
		pr_err("ACPI: table [%s] at %#llx cannot be mapped\n", sig, (unsigned long long)phys);
		return NULL;
	}
	if (smp_checksum8(t, len) != 0) {
		pr_warn("ACPI BIOS Warning (bug): Incorrect checksum in table [%s] - 0x%02X, should be 0x%02X, ignored\n",
			sig, t[9], (u8)(t[9] - smp_checksum8(t, len)));
		return NULL;
	}
	*length = len;
	return t;
}

static void print_sdt(const u8 *t, phys_addr_t phys)
{
	char sig[5], oem[7], table[9];

	smp_fw_string(sig, t, 4);
	smp_fw_string(oem, t + SDT_OEM_OFF, 6);
	smp_fw_string(table, t + SDT_OEM_TABLE_OFF, 8);
	pr_info("ACPI: %s 0x%016llX %06X (v%02u %-6s %-8s)\n", sig, (unsigned long long)phys,
		smp_get32(t + SDT_LENGTH_OFF), t[SDT_REVISION_OFF], oem, table);
}

static void read_madt(const u8 *t, u32 len, struct smp_config *c)
{
	u32 off = MADT_ENTRIES_OFF;

	c->lapic_addr = smp_get32(t + MADT_LAPIC_ADDR_OFF);
	while (off + 2 <= len) {
		u8 type = t[off], elen = t[off + 1];
		const u8 *e = t + off;

		if (elen < 2 || off + elen > len) {
			pr_err("ACPI: MADT entry type %u at offset %u has a bad length %u, rest ignored\n",
			       type, off, elen);
			return;
		}
		if (type == MADT_LAPIC && elen >= MADT_LAPIC_SIZE) {
			bool enabled = smp_get32(e + 4) & ACPI_MADT_ENABLED;

			pr_info("ACPI: LAPIC (acpi_id[0x%02x] lapic_id[0x%02x] %s)\n", e[2], e[3],
				enabled ? "enabled" : "disabled");
			if (enabled)
				/* Linux's convention: the first enabled entry is the boot CPU
				 * unless the running CPU's own ID says otherwise (checked
				 * when the APIC is up). */
				smp_config_add_cpu(c, e[3], false);
			else
				c->cpus_disabled++;
		} else if (type == MADT_IOAPIC && elen >= MADT_IOAPIC_SIZE) {
			pr_info("ACPI: IOAPIC (id[0x%02x] address[0x%08x] gsi_base[%u])\n", e[2],
				smp_get32(e + 4), smp_get32(e + 8));
			smp_config_add_ioapic(c, e[2], 0, smp_get32(e + 4), smp_get32(e + 8));
		} else if (type == MADT_LAPIC_OVERRIDE && elen >= MADT_OVERRIDE_SIZE) {
			u64 a = smp_get64(e + 4);

			if (a >> 32)
				pr_warn("ACPI: LAPIC_ADDR_OVR above 4 GiB (%#llx), ignored\n",
					(unsigned long long)a);
			else
				c->lapic_addr = (u32)a;
		}
		off += elen;
	}
}

int acpi_read_madt(bootinfo_map_fn map, void *ctx, phys_addr_t rsdp, struct smp_config *cfg)
{
	const u8 *r = map(rsdp, RSDP_V2_SIZE, ctx);
	u8 rsd[RSDP_V2_SIZE];
	u64 entries[ROOT_MAX_ENTRIES];
	phys_addr_t root;
	unsigned int n, esize;
	u32 len;
	const u8 *t;
	struct smp_config c = { 0 };
	char oem[7];

	if (!r)
		return -EINVAL;
	memcpy(rsd, r, sizeof(rsd));
	smp_fw_string(oem, rsd + RSDP_OEM_OFF, 6);
	pr_info("ACPI: RSDP 0x%016llX %06X (v%02u %-6s)\n", (unsigned long long)rsdp,
		rsd[RSDP_REVISION_OFF] >= 2 ? smp_get32(rsd + RSDP_LENGTH_OFF) : RSDP_V1_SIZE,
		rsd[RSDP_REVISION_OFF], oem);
	/* Revision 2 and a reachable XSDT: 64-bit entries; else the RSDT. */
	if (rsd[RSDP_REVISION_OFF] >= 2 && smp_get64(rsd + RSDP_XSDT_OFF) &&
	    !(smp_get64(rsd + RSDP_XSDT_OFF) >> 32)) {
		root = smp_get64(rsd + RSDP_XSDT_OFF);
		esize = 8;
	} else {
		root = smp_get32(rsd + RSDP_RSDT_OFF);
		esize = 4;
	}
	t = map_sdt(map, ctx, root, &len);
	if (!t)
		return -EINVAL;
	if (memcmp(t, esize == 8 ? "XSDT" : "RSDT", 4) != 0) {
		pr_err("ACPI: root table at %#llx is not an %s, ignored\n",
		       (unsigned long long)root, esize == 8 ? "XSDT" : "RSDT");
		return -EINVAL;
	}
	print_sdt(t, root);
	n = (len - SDT_HDR_SIZE) / esize;
	if (n > ROOT_MAX_ENTRIES) {
		pr_warn("ACPI: %u root table entries, only the first %u read\n", n, ROOT_MAX_ENTRIES);
		n = ROOT_MAX_ENTRIES;
	}
	for (unsigned int i = 0; i < n; i++)
		entries[i] = esize == 8 ? smp_get64(t + SDT_HDR_SIZE + i * 8) : smp_get32(t + SDT_HDR_SIZE + i * 4);
	for (unsigned int i = 0; i < n; i++) {
		const u8 *h;

		if (entries[i] == 0 || entries[i] >> 32)
			continue;
		h = map(entries[i], 4, ctx);
		if (!h || memcmp(h, "APIC", 4) != 0)
			continue;
		t = map_sdt(map, ctx, entries[i], &len);
		if (!t)
			return -EINVAL;
		if (len < MADT_ENTRIES_OFF) {
			pr_err("ACPI: MADT of %u bytes is too short, ignored\n", len);
			return -EINVAL;
		}
		print_sdt(t, entries[i]);
		read_madt(t, len, &c);
		pr_info("ACPI: Local APIC address 0x%08x\n", c.lapic_addr);
		if (c.nr_cpus == 0) {
			pr_err("ACPI: MADT lists no enabled processor, ignored\n");
			return -EINVAL;
		}
		c.source = "ACPI";
		*cfg = c;
		return 0;
	}
	return -ENOENT;
}
