/* libFuzzer target: arbitrary bytes as a Multiboot1 information block (and
 * the memory map, module list and strings its pointers lead to, all inside
 * the input) at physical address FUZZ_PHYS_BASE, through the real parser,
 * then the real e820 sanitiser on the map it yields. */
#include <asm/multiboot.h>
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	fuzz_multiboot(MULTIBOOT1_BOOTLOADER_MAGIC, data, size);
	return 0;
}
