/* Shell commands that draw the memory (registered with SHELL_COMMAND()):
 *
 *   pagemap [ZONE]  the physical map, one character per pageblock, with a
 *                   legend and a summary line per zone (include/mm/pagemap.h);
 *                   with a zone name (DMA, Normal, HighMem, Movable), that
 *                   zone in cells of 16 pages or more.
 *                   error: unknown zone 'X' (DMA, Normal, HighMem, Movable)
 *   extfrag_index   Linux's debugfs extfrag/extfrag_index lines
 *   unusable_index  Linux's debugfs extfrag/unusable_index lines */
#include <kernel/shell.h>
#include <kernel/string.h>
#include <mm/frag.h>
#include <mm/mmzone.h>
#include <mm/pagemap.h>

static int cmd_pagemap(const struct shell_args *a)
{
	const struct zone *z;

	if (a->argc < 2) {
		show_pagemap();
		return 0;
	}
	for_each_zone(z) {
		if (z->name && !strcmp(z->name, a->argv[1])) {
			show_pagemap_zone(z);
			return 0;
		}
	}
	shell_printf("error: unknown zone '%s' (DMA, Normal, HighMem, Movable)\n", a->argv[1]);
	return -1;
}

SHELL_COMMAND(pagemap, "pagemap", "pagemap [ZONE]",
	      "physical memory map, one char per pageblock (or finer for a ZONE)",
	      0, 1, cmd_pagemap, NULL);
SHELL_COMMAND(extfrag_index, "extfrag_index", "extfrag_index",
	      "fragmentation index per zone and order (Linux debugfs)", 0, 0, NULL,
	      show_extfrag_index);
SHELL_COMMAND(unusable_index, "unusable_index", "unusable_index",
	      "unusable free space index per zone and order (Linux debugfs)", 0, 0, NULL,
	      show_unusable_index);
