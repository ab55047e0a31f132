/* libFuzzer target: arbitrary bytes as a Multiboot2 information block at
 * physical address FUZZ_PHYS_BASE, through the real parser, then the real
 * e820 sanitiser on the map it yields. */
#include <kernel/multiboot.h>
#include "fuzz.h"

static struct boot_info bi;
static struct e820_table table;

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_mem m = { data, size };
	int ret = multiboot_parse(MULTIBOOT2_BOOTLOADER_MAGIC, FUZZ_PHYS_BASE, fuzz_map, &m, &bi);

	FUZZ_CHECK(ret == 0 ? bi.nr_mmap > 0 : bi.nr_mmap == 0);
	fuzz_check_bootinfo(&bi);
	e820_table_from_bootinfo(&table, &bi);
	fuzz_sanitise_and_check(&table);
	return 0;
}
