/* libFuzzer target: arbitrary bytes as a Multiboot2 information block at
 * physical address FUZZ_PHYS_BASE, through the real parser, then the real
 * e820 sanitiser on the map it yields. */
#include <asm/multiboot.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	fuzz_multiboot(MULTIBOOT2_BOOTLOADER_MAGIC, data, size);
	return 0;
}
