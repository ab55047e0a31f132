/* The PC's physical memory map (e820), sanitised the way Linux sanitises it.
 *
 * Boot order (arch/x86/memmap.c, after the early parameters were parsed):
 *
 *     e820_init_from_bootinfo(&bi);      // copy, sanitise, print the BIOS map
 *     e820_apply_user_edits(kstart, kend); // mem=, memmap=: edit, sanitise, print
 *     e820_trim_bios_range();            // page 0 reserved, 640K-1M not RAM
 *     e820_ram_regions(&e820_table, ...); // usable RAM for mm (include/mm/boot.h)
 *
 * Sanitising (Linux e820__update_table semantics): zero-size entries and
 * entries of type 0 vanish; an entry whose end overflows 64 bits is dropped
 * with a message; where entries overlap the numerically highest type wins;
 * adjacent entries of one type merge (except type 12, which Linux never
 * merges); holes stay holes; the result is sorted. The printed map is the
 * sanitised map, unrounded; usable RAM is rounded inward to pages only when
 * it is handed to memblock. None of this is reentrant: boot time, tests and
 * the shell only. */
#ifndef ASM_E820_H
#define ASM_E820_H

#include <kernel/types.h>
#include <kernel/bootinfo.h>
#include <mm/boot.h>

#define E820_MAX_ENTRIES   128

#define E820_TYPE_RAM      1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI     3
#define E820_TYPE_NVS      4
#define E820_TYPE_UNUSABLE 5
#define E820_TYPE_PMEM     7
#define E820_TYPE_PRAM     12

/* Linux's fixed PC ranges: the BIOS area is never RAM, page 0 belongs to
 * the BIOS. */
#define E820_BIOS_BEGIN    0x000a0000ull
#define E820_BIOS_END      0x00100000ull
#define E820_FIRST_PAGE    0x1000ull
/* Linux's X86_RESERVE_LOW: BIOSes are known to scribble on the low 64 KiB,
 * which is never handed out. */
#define X86_RESERVE_LOW    0x10000ull

struct e820_entry {
	u64 addr;
	u64 size;
	u32 type;
};

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The kernel's map: sanitised after e820_init_from_bootinfo(). */
extern struct e820_table e820_table;

/* Sanitise t in place (semantics above). Returns 0, or -E2BIG when
 * t->nr_entries exceeded E820_MAX_ENTRIES (only the first ones were used)
 * or the result did not fit (the highest entries were dropped); both are
 * reported. */
int e820_sanitize(struct e820_table *t);

/* True when t is what e820_sanitize() produces: every entry non-empty, of
 * non-zero type, not overflowing, sorted, disjoint, and no two adjacent
 * entries of one mergeable type. */
bool e820_table_is_sane(const struct e820_table *t);

/* Append [addr, addr + size) of type to t, unsanitised (Linux
 * e820__range_add). Returns 0, or -ENOSPC when t is full ("too many
 * entries; ignoring ..." is printed). */
int e820_range_add(struct e820_table *t, u64 addr, u64 size, u32 type);
/* Remove [start, start + size) from entries of old_type (any type when
 * !check_type); entries are trimmed or split. Linux e820__range_remove. */
void e820_range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       bool check_type);
/* Retype the parts of old_type entries inside [start, start + size) to
 * new_type. Linux e820__range_update. Both leave t unsanitised. */
void e820_range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       u32 new_type);

/* Linux's name of a type: "usable", "reserved", "ACPI data", "ACPI NVS",
 * "unusable", "persistent (type N)" for 7 and 12, else "type N".
 * Writes into buf (16 bytes are enough) and returns it. */
#define E820_TYPE_NAME_SIZE 24
const char *e820_type_name(u32 type, char *buf, size_t size);
/* One line per entry: "WHO: [mem 0x%016llx-0x%016llx] TYPE" (end inclusive). */
void e820_print_table(const struct e820_table *t, const char *who);

/* Bytes of type inside t, and whether [start, end) is entirely of type. */
u64 e820_total_of_type(const struct e820_table *t, u32 type);
bool e820_range_is_type(const struct e820_table *t, u64 start, u64 end, u32 type);

/* Fill t with bi's raw map (nothing else), unsanitised. */
void e820_table_from_bootinfo(struct e820_table *t, const struct boot_info *bi);
/* Build e820_table from bi, sanitise it and print
 * "BIOS-provided physical RAM map:" with one "BIOS-e820: ..." line per
 * entry ("Multiboot-meminfo: ..." when bi's map was built from the basic
 * meminfo). Returns 0, or -ENOENT when the map holds no usable RAM. */
int e820_init_from_bootinfo(const struct boot_info *bi);

/* Apply the mem=/memmap= edits recorded by the early parameters, in
 * command-line order, to e820_table, sanitise, and print
 * "user-defined physical RAM map:" with "user: ..." lines. When the edited
 * map would not keep [keep_start, keep_end) (the kernel image) usable, the
 * edits are rejected as a whole with a message and the map stays as it was.
 * Returns 1 when the map was edited, 0 when there was nothing to apply,
 * -EINVAL when the edits were rejected. */
int e820_apply_user_edits(u64 keep_start, u64 keep_end);
/* The same on any table, without printing or checks. Returns whether any
 * edit was recorded. For tests and fuzzing. */
bool e820_apply_edits_to(struct e820_table *t);
/* Forget the recorded edits and mem=nopentium. For tests and fuzzing. */
void e820_user_edits_reset(void);
/* Whether mem=nopentium was given: no 4 MiB pages. */
bool e820_user_nopentium(void);

/* Linux trim_bios_range: page 0 becomes reserved and RAM inside
 * [640 KiB, 1 MiB) is removed, then e820_table is sanitised again. */
void e820_trim_bios_range(void);

/* The usable RAM of t as MEM_REGION_RAM regions, each rounded inward to
 * whole pages (parts smaller than a page vanish), in table order, written
 * to out[0, max). Returns the number written; entries past max are
 * reported and dropped. */
unsigned int e820_ram_regions(const struct e820_table *t, struct mem_region *out,
			      unsigned int max);

#endif
