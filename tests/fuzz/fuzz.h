/* Shared by the libFuzzer targets: the checks every target applies and the
 * "physical memory" the Multiboot targets read through. Host-only. */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <kernel/types.h>
#include <kernel/bootinfo.h>
#include <asm/e820.h>

/* Trap unless t is sanitised (sorted, disjoint, no empty entry, merged)
 * and sanitising it again changes nothing. */
void fuzz_check_sanitised(const struct e820_table *t);

/* Sanitise t (any content), then fuzz_check_sanitised(). */
void fuzz_sanitise_and_check(struct e820_table *t);

/* Trap unless b is consistent: counts within bounds, strings terminated,
 * ranges ordered. */
void fuzz_check_bootinfo(const struct boot_info *b);

/* A map callback over the fuzzer's bytes, which stand at physical address
 * FUZZ_PHYS_BASE; ctx is a struct boot_map_double (every call invalidates
 * the previous mapping). */
#define FUZZ_PHYS_BASE 0x0ull
const void *fuzz_map(phys_addr_t phys, size_t len, void *ctx);

/* The fuzzer's bytes standing for a firmware area (the MP table and MADT
 * targets map them at the area's physical address). */
struct fuzz_mem {
	const u8 *data;
	size_t size;
};

/* The body of both Multiboot targets: data as an information block of the
 * protocol that magic names, through the real parser, then the real e820
 * sanitiser on the map it yields. */
void fuzz_multiboot(u32 magic, const u8 *data, size_t size);

#define FUZZ_CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

#endif
