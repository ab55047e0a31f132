/* libFuzzer target: a firmware map and a command line from arbitrary bytes.
 * Byte 0 gives the number of 20-byte firmware entries (u64 addr, u64 size,
 * u32 type) that follow; the rest is the command line, parsed by the real
 * early parameter handlers (mem=, memmap=, ...) and applied by the real
 * e820 edit code. The results must stay sanitised and idempotent. */
#include <string.h>

#include <kernel/param.h>
#include "fuzz.h"

#define FUZZ_MAX_FW_ENTRIES 16
#define FUZZ_FW_ENTRY_SIZE  20
#define FUZZ_MAX_CMDLINE    (COMMAND_LINE_SIZE * 2)

static struct e820_table fw;
static char line[FUZZ_MAX_CMDLINE + 1];

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t off = 1, len, i;
	unsigned n = size ? data[0] % (FUZZ_MAX_FW_ENTRIES + 1) : 0;

	fw.nr_entries = 0;
	for (i = 0; i < n && off + FUZZ_FW_ENTRY_SIZE <= size; i++) {
		struct e820_entry *e = &fw.entries[fw.nr_entries++];

		memcpy(&e->addr, data + off, 8);
		memcpy(&e->size, data + off + 8, 8);
		memcpy(&e->type, data + off + 16, 4);
		off += FUZZ_FW_ENTRY_SIZE;
	}
	fuzz_sanitise_and_check(&fw);

	len = size > off ? size - off : 0;
	len = len < FUZZ_MAX_CMDLINE ? len : FUZZ_MAX_CMDLINE;
	memcpy(line, data + off, len);
	for (i = 0; i < len; i++) {
		if (!line[i])
			line[i] = ' ';
	}
	line[len] = '\0';

	e820_user_edits_reset();
	parse_param_string(line, true);
	memcpy(&e820_table, &fw, sizeof(fw));
	if (e820_apply_user_edits(0, 0) <= 0) {
		/* Nothing applied: the map must be exactly the firmware's. */
		FUZZ_CHECK(e820_table.nr_entries == fw.nr_entries);
		for (i = 0; i < fw.nr_entries; i++) {
			FUZZ_CHECK(e820_table.entries[i].addr == fw.entries[i].addr);
			FUZZ_CHECK(e820_table.entries[i].size == fw.entries[i].size);
			FUZZ_CHECK(e820_table.entries[i].type == fw.entries[i].type);
		}
	}
	fuzz_check_sanitised(&e820_table);
	e820_user_edits_reset();
	return 0;
}
