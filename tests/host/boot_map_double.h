/* A bootinfo_map_fn double (include/kernel/bootinfo.h) for the host tests
 * and the fuzzers, as strict as the contract: "pointers may stop being valid
 * at the next call". The real arch_boot_map (arch/x86/mm.c) recycles its
 * fixmap window when it fills; this double recycles on every call: each
 * mapping is a fresh heap copy of exactly [phys, phys + len), and the
 * previous copy is freed. Under ASan a pointer kept across calls is a
 * heap-use-after-free and a read past len a heap-buffer-overflow. Host-only,
 * header-only (the fuzzers build without tests/host). */
#ifndef TESTS_HOST_BOOT_MAP_DOUBLE_H
#define TESTS_HOST_BOOT_MAP_DOUBLE_H

#include <stdlib.h>
#include <string.h>
#include <kernel/types.h>

struct boot_map_double {
	const u8 *mem;          /* the bytes standing for physical memory */
	phys_addr_t base;       /* physical address of mem[0] */
	size_t size;            /* bytes of mem that may be mapped */
	void *last;             /* the mapping the next call invalidates */
};

/* Drop the live mapping, if any (call after the parser returns). */
static inline void boot_map_double_release(struct boot_map_double *d)
{
	free(d->last);
	d->last = NULL;
}

static inline const void *boot_map_double_map(struct boot_map_double *d, phys_addr_t phys,
					      size_t len)
{
	boot_map_double_release(d);
	if (phys < d->base || phys - d->base > d->size || len > d->size - (phys - d->base))
		return NULL;
	d->last = malloc(len ? len : 1);
	if (!d->last)
		abort();
	memcpy(d->last, d->mem + (phys - d->base), len);
	return d->last;
}

#endif
