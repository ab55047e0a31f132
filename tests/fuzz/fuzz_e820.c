/* libFuzzer target, differential: a firmware map from arbitrary bytes goes
 * through the real sanitiser (arch/x86/e820.c e820_sanitize) and through
 * the reference model (ref_model.c); the two results must be equal, entry
 * for entry, and the real one must report -E2BIG exactly when the result
 * needs more than E820_MAX_ENTRIES entries.
 *
 * Input: byte 0 is the entry count (over E820_MAX_ENTRIES: an absurd count,
 * of which only the first E820_MAX_ENTRIES count); then 12 bytes per entry:
 * u32 addr, u32 size, u8 addr shift, u8 size shift, u16 type. The shifts
 * (mod 48) reach the whole 64-bit space, overflowing ends included, while
 * small equal values still give the overlaps and neighbours that matter. */
#include <stdio.h>
#include <string.h>

#include <kernel/errno.h>
#include "fuzz.h"
#include "ref_model.h"

#define FUZZ_E820_ENTRY_SIZE 12
#define FUZZ_E820_SHIFT_MOD  48

static struct e820_table table;
static struct ref_entry in[E820_MAX_ENTRIES];
static struct ref_entry want[E820_MAX_ENTRIES];

static void print_map(const char *who, const struct ref_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(stderr, "%s: %#018llx +%#llx type %u\n", who,
			(unsigned long long)e[i].addr, (unsigned long long)e[i].size, e[i].type);
}

static void finding(size_t n_in, size_t n_want, int ret)
{
	struct ref_entry got[E820_MAX_ENTRIES];
	size_t i;

	for (i = 0; i < table.nr_entries && i < E820_MAX_ENTRIES; i++) {
		got[i].addr = table.entries[i].addr;
		got[i].size = table.entries[i].size;
		got[i].type = table.entries[i].type;
	}
	fprintf(stderr, "fuzz_e820: sanitiser and reference model differ (ret %d)\n", ret);
	print_map("input", in, n_in);
	print_map("model", want, n_want < E820_MAX_ENTRIES ? n_want : E820_MAX_ENTRIES);
	print_map("real ", got, i);
	__builtin_trap();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t count = size ? data[0] : 0, used, n_want, i, off = 1;
	int ret;

	memset(&table, 0, sizeof(table));
	for (i = 0; i < E820_MAX_ENTRIES && off + FUZZ_E820_ENTRY_SIZE <= size; i++) {
		u32 a, s;
		u16 type;

		memcpy(&a, data + off, 4);
		memcpy(&s, data + off + 4, 4);
		memcpy(&type, data + off + 10, 2);
		table.entries[i].addr = (u64)a << (data[off + 8] % FUZZ_E820_SHIFT_MOD);
		table.entries[i].size = (u64)s << (data[off + 9] % FUZZ_E820_SHIFT_MOD);
		table.entries[i].type = type;
		off += FUZZ_E820_ENTRY_SIZE;
	}
	table.nr_entries = (u32)count;
	used = count < E820_MAX_ENTRIES ? count : E820_MAX_ENTRIES;
	for (i = 0; i < used; i++) {
		in[i].addr = table.entries[i].addr;
		in[i].size = table.entries[i].size;
		in[i].type = table.entries[i].type;
	}

	n_want = ref_e820_sanitise(in, used, want, E820_MAX_ENTRIES);
	ret = e820_sanitize(&table);
	if ((ret == -E2BIG) != (count > E820_MAX_ENTRIES || n_want > E820_MAX_ENTRIES))
		finding(used, n_want, ret);
	if (table.nr_entries != (n_want < E820_MAX_ENTRIES ? n_want : E820_MAX_ENTRIES))
		finding(used, n_want, ret);
	for (i = 0; i < table.nr_entries; i++) {
		if (table.entries[i].addr != want[i].addr || table.entries[i].size != want[i].size ||
		    table.entries[i].type != want[i].type)
			finding(used, n_want, ret);
	}
	FUZZ_CHECK(e820_table_is_sane(&table));
	return 0;
}
