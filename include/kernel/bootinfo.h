/* What the boot loader told us, in a protocol-neutral form.
 *
 * arch/x86/multiboot.c fills it from a Multiboot2 or Multiboot1 information
 * block. Everything here is a copy: once filled, the loader's memory can be
 * overwritten. The physical ranges the loader's data occupied are listed in
 * data[] so that they can be reserved before anything allocates memory. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <kernel/types.h>
#include <kernel/param.h>

/* Memory map entries kept; a loader that reports more is truncated with a
 * message (same limit as the e820 table, Linux's E820_MAX_ENTRIES_ZEROPAGE). */
#define BOOTINFO_MAX_MMAP      128
#define BOOTINFO_MAX_MODULES   16
/* Loader data ranges (info block, map, module list, strings, modules). */
#define BOOTINFO_MAX_DATA      (8 + BOOTINFO_MAX_MODULES)
#define BOOTINFO_NAME_SIZE     64

/* One raw memory map entry, as the loader reported it (not yet sanitised). */
struct boot_mmap_entry {
	u64 addr;
	u64 size;
	u32 type;
};

/* A physical range [start, end) owned by the loader's data. */
struct boot_range {
	phys_addr_t start;
	phys_addr_t end;
	const char *what;       /* static string, e.g. "multiboot info" */
};

struct boot_info {
	const char *protocol;   /* "Multiboot2" or "Multiboot1" */
	bool malformed;         /* parts were dropped (and reported) */

	bool has_cmdline;
	char cmdline[COMMAND_LINE_SIZE];        /* NUL-terminated copy */
	bool has_loader_name;
	char loader_name[BOOTINFO_NAME_SIZE];   /* NUL-terminated copy */

	bool has_meminfo;       /* mem_lower/mem_upper are valid */
	u32 mem_lower_kb;       /* KiB of memory from 0 */
	u32 mem_upper_kb;       /* KiB of memory from 1 MiB */

	/* The memory map. When the loader gave none (or none that could be
	 * used) but gave the basic meminfo, mmap_from_meminfo is set and the
	 * map holds two usable entries built from it:
	 * [0, mem_lower KiB) and [1 MiB, 1 MiB + mem_upper KiB). */
	u32 nr_mmap;
	struct boot_mmap_entry mmap[BOOTINFO_MAX_MMAP];
	bool mmap_from_meminfo;

	u32 nr_modules;
	struct boot_range modules[BOOTINFO_MAX_MODULES];

	/* Every physical range the loader's data occupies, modules included. */
	u32 nr_data;
	struct boot_range data[BOOTINFO_MAX_DATA];
};

#endif
