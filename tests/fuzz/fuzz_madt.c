/* libFuzzer target: arbitrary bytes as physical memory from 0xe0000 on
 * (the RSDP search area and the tables it leads to), through the real
 * RSDP search and RSDT/XSDT/MADT parser; the result must be consistent. */
#include <asm/smp_config.h>
#include "fuzz.h"

static const void *area_map(phys_addr_t phys, size_t len, void *ctx)
{
	const struct fuzz_mem *m = ctx;

	if (phys < ACPI_RSDP_SCAN_BEGIN || phys - ACPI_RSDP_SCAN_BEGIN > m->size ||
	    len > m->size - (phys - ACPI_RSDP_SCAN_BEGIN))
		return NULL;
	return m->data + (phys - ACPI_RSDP_SCAN_BEGIN);
}

#define MAX_INPUT 65536
static u8 buf[MAX_INPUT];

/* Fix the checksum of an SDT at offset at (when it fits). */
static void fix_sdt(size_t size, u64 phys)
{
	u64 at = phys - ACPI_RSDP_SCAN_BEGIN;
	u32 len;

	if (phys < ACPI_RSDP_SCAN_BEGIN || at >= size || size - at < 36)
		return;
	len = smp_get32(buf + at + 4);
	if (len < 36 || len > size - at)
		return;
	buf[at + 9] = 0;
	buf[at + 9] = (u8)-smp_checksum8(buf + at, len);
}

/* Unless the first byte is odd: an RSDP at offset 16 with good checksums,
 * and good checksums on the root table (unless bit 1 is set, an RSDT at offset 64) and on every table it lists, so
 * the MADT parser is reached; odd inputs keep their checksums. */
static void make_plausible(size_t size)
{
	u64 root;
	u32 len;
	unsigned int esize;

	if (size < 64 || (buf[0] & 1))
		return;
	__builtin_memcpy(buf + 16, "RSD PTR ", 8);
	if (!(buf[0] & 2)) {            /* an RSDT right after the RSDP */
		u32 t = ACPI_RSDP_SCAN_BEGIN + 64;

		buf[16 + 15] = 0;
		__builtin_memcpy(buf + 16 + 16, &t, 4);
		__builtin_memcpy(buf + 64, "RSDT", 4);
	}
	buf[16 + 8] = 0;
	buf[16 + 8] = (u8)-smp_checksum8(buf + 16, 20);
	buf[16 + 32] = 0;
	buf[16 + 32] = (u8)-smp_checksum8(buf + 16, 36);
	esize = buf[16 + 15] >= 2 ? 8 : 4;
	root = esize == 8 ? smp_get64(buf + 16 + 24) : smp_get32(buf + 16 + 16);
	if (root < ACPI_RSDP_SCAN_BEGIN || root - ACPI_RSDP_SCAN_BEGIN >= size ||
	    size - (root - ACPI_RSDP_SCAN_BEGIN) < 36)
		return;
	len = smp_get32(buf + (root - ACPI_RSDP_SCAN_BEGIN) + 4);
	for (u32 off = 36; len <= size - (root - ACPI_RSDP_SCAN_BEGIN) && off + esize <= len; off += esize) {
		const u8 *e = buf + (root - ACPI_RSDP_SCAN_BEGIN) + off;

		fix_sdt(size, esize == 8 ? smp_get64(e) : smp_get32(e));
	}
	fix_sdt(size, root);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_mem m = { buf, size };
	struct smp_config c = { 0 };
	phys_addr_t rsdp;

	if (size > MAX_INPUT)
		return 0;
	__builtin_memcpy(buf, data, size);
	make_plausible(size);
	if (acpi_find_rsdp(area_map, &m, &rsdp) < 0)
		return 0;
	if (acpi_read_madt(area_map, &m, rsdp, &c) == 0) {
		FUZZ_CHECK(c.source && c.nr_cpus >= 1 && c.nr_cpus <= NR_CPUS);
		FUZZ_CHECK(c.nr_ioapics <= MAX_IO_APICS);
	} else {
		FUZZ_CHECK(!c.source && c.nr_cpus == 0);
	}
	return 0;
}
