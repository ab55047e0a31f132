/* libFuzzer target: arbitrary bytes as the BIOS ROM (physical 0xf0000 on),
 * through the real MP 1.4 floating pointer search and configuration table
 * parser; the result must be consistent. */
#include <asm/smp_config.h>
#include "fuzz.h"

static const void *rom_map(phys_addr_t phys, size_t len, void *ctx)
{
	const struct fuzz_mem *m = ctx;

	if (phys < BIOS_ROM_BEGIN || phys - BIOS_ROM_BEGIN > m->size ||
	    len > m->size - (phys - BIOS_ROM_BEGIN))
		return NULL;
	return m->data + (phys - BIOS_ROM_BEGIN);
}

#define MAX_INPUT 65536
static u8 buf[MAX_INPUT];

/* Random bytes almost never hold a checksummed structure: unless the
 * input's first byte is odd, make offset 16 a floating pointer and fix the
 * checksums of it and of the table it names, so the parser's depths are
 * reached; odd inputs keep their checksums as they are. */
static void make_plausible(size_t size)
{
	u32 at;
	u16 len;

	if (size < 32 || (buf[0] & 1))
		return;
	__builtin_memcpy(buf + 16, "_MP_", 4);
	buf[24] = 1;
	if (!(buf[0] & 2)) {            /* the table right after the pointer */
		u32 t = BIOS_ROM_BEGIN + 32;

		__builtin_memcpy(buf + 20, &t, 4);
		__builtin_memcpy(buf + 32, "PCMP", 4);
	}
	buf[16 + 10] = 0;
	buf[16 + 10] = (u8)-smp_checksum8(buf + 16, 16);
	at = smp_get32(buf + 20) - BIOS_ROM_BEGIN;
	if (at >= size || size - at < 44)
		return;
	len = smp_get16(buf + at + 4);
	if (len < 8 || len > size - at)
		return;
	buf[at + 7] = 0;
	buf[at + 7] = (u8)-smp_checksum8(buf + at, len);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_mem m = { buf, size };

	if (size > MAX_INPUT)
		return 0;
	__builtin_memcpy(buf, data, size);
	make_plausible(size);
	{
	struct smp_config c = { 0 };
	phys_addr_t mpf;

	if (mp_find_floating(rom_map, &m, &mpf) < 0)
		return 0;
	if (mp_read_config(rom_map, &m, mpf, &c) == 0) {
		FUZZ_CHECK(c.source && c.nr_cpus >= 1 && c.nr_cpus <= NR_CPUS);
		FUZZ_CHECK(c.nr_ioapics <= MAX_IO_APICS);
	} else {
		FUZZ_CHECK(!c.source && c.nr_cpus == 0);
	}
	}
	return 0;
}
