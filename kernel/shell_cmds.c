/* The shell's commands (contract: include/kernel/shell.h).
 *
 * Output formats. Scripts (tests/shell/) match these; keep them exact.
 *
 *   gfp EXPR        gfp: mode:0x6200c2(GFP_HIGHUSER) zone:HighMem zonelist:Normal,DMA
 *                   mode is the value and its %pGg-style decoding ("()" for
 *                   0); zone is gfp_zone()'s pick, "invalid(DMA)" for a
 *                   combination Linux rejects (gfp_zone() reports it once);
 *                   zonelist is the populated zones an allocation tries,
 *                   from that zone downwards ("none" if there are none).
 *   alloc ORDER EXPR
 *                   alloc: id=1 pfn=0x1234 phys=0x1234000 order=0 zone=Normal virt=0xc1234000
 *                   virt=none for a highmem page without a mapping;
 *                   "alloc: failed" after the allocator's failure report
 *                   (the report's rate limit is reset first).
 *   free ID         free: id=1
 *   kmap ID         kmap: id=1 virt=0x...        (the block's first page)
 *   kunmap ID       kunmap: id=1
 *   kmalloc SIZE EXPR
 *                   kmalloc: id=2 ptr=0x... size=100      or "kmalloc: failed"
 *   kfree ID        kfree: id=2
 *   mark            mark: buddyinfo saved (N pages free)
 *   check           check: buddyinfo unchanged (N pages free)
 *                   or one "check: zone Z order O: A -> B blocks" line per
 *                   difference, then "check: buddyinfo changed (free A -> B)"
 *   test [GLOB]     KTAP, then "test: N cases, N failed"
 *   poweroff        poweroff: bye    (then QEMU exits with status 33)
 *   e820 zoneinfo buddyinfo pagetypeinfo meminfo slabinfo: the Linux formats
 *                   of the reports (Linux's arch/x86/kernel/e820.c
 *                   e820__print_table(), mm/vmstat.c, fs/proc/meminfo.c).
 *   help            one line per command: usage, then what it does.
 *
 *   vmalloc, vfree, ioremap, iounmap, vmallocinfo: kernel/shell_vmalloc.c.
 *
 * IDs count from 1 in order of successful alloc, kmalloc, vmalloc and
 * ioremap calls and are never reused within a boot. Every mistake prints one line starting with
 * "error: " and changes nothing:
 *   error: unknown command 'X' (try 'help')
 *   error: usage: alloc ORDER EXPR
 *   error: bad number 'X'
 *   error: order 'X' out of range (0-10)
 *   error: unknown GFP name 'X'         error: bad GFP expression at 'X'
 *   error: no object with id N          error: id N already freed
 *   error: id N is a kmalloc object (use kfree)    ... a page block (use free)
 *   ... a vmalloc area (use vfree)     ... an ioremap mapping (use iounmap)
 *   error: id N is kmapped (kunmap it first)       error: id N is not kmapped
 *   error: id N is already kmapped at 0x...
 *   error: object table full (256 live objects)
 *   error: no mark (run 'mark' first)
 *   error: line too long (more than 127 characters); ignored
 *   error: too many words (max 8)
 *   error: unprintable byte 0xNN in line; ignored
 * A line starting with '#' is a comment. */
#include <kernel/shell.h>
#include <kernel/arch.h>
#include <kernel/setup.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/gfp.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/slab.h>

#define SHELL_GFP_STR_MAX 512
#define SHELL_ZONELIST_MAX 48
#define ID_MAX 0xffffffffULL

struct shell_objs shell_objs;
static unsigned long mark_blocks[MAX_NR_ZONES][MAX_ORDER];
static unsigned long mark_free;
static bool mark_valid;

/* ------------------------------------------------------------------------
 * Argument helpers: each prints its own error line.
 */

int shell_arg_gfp(const char *expr, gfp_t *gfp)
{
	const char *bad = NULL;
	size_t n = 0;

	if (!gfp_parse_expr(expr, gfp, &bad))
		return 0;
	if (!bad)
		bad = expr;
	while (bad[n] && bad[n] != '|' && bad[n] != ' ' && bad[n] != '\t')
		n++;
	if (n)
		shell_printf("error: unknown GFP name '%.*s'\n", (int)n, bad);
	else
		shell_printf("error: bad GFP expression at '%s'\n", *bad ? bad : "(end)");
	return -EINVAL;
}

static const char *const obj_kind_what[] = {
	[SHELL_OBJ_PAGES] = "a page block (use free)",
	[SHELL_OBJ_KMALLOC] = "a kmalloc object (use kfree)",
	[SHELL_OBJ_VMALLOC] = "a vmalloc area (use vfree)",
	[SHELL_OBJ_IOREMAP] = "an ioremap mapping (use iounmap)",
};

int shell_arg_id(const char *word, struct shell_obj **out, enum shell_obj_kind want)
{
	unsigned long long v;
	struct shell_obj *o;

	if (shell_parse_num(word, ID_MAX, &v)) {
		shell_printf("error: bad number '%s'\n", word);
		return -EINVAL;
	}
	o = shell_obj_find(&shell_objs, (unsigned int)v);
	if (!o) {
		if (v && v <= shell_objs.last_id)
			shell_printf("error: id %llu already freed\n", v);
		else
			shell_printf("error: no object with id %llu\n", v);
		return -EINVAL;
	}
	if (o->kind != want) {
		shell_printf("error: id %u is %s\n", o->id, obj_kind_what[o->kind]);
		return -EINVAL;
	}
	*out = o;
	return 0;
}

struct shell_obj *shell_reserve_slot(void)
{
	struct shell_obj *o = shell_obj_reserve(&shell_objs);

	if (!o)
		shell_printf("error: object table full (%d live objects)\n", SHELL_MAX_OBJS);
	return o;
}

/* ------------------------------------------------------------------------
 * Commands. argv[0] is the command; arguments are checked for count
 * before the call.
 */

static int cmd_help(const struct shell_args *a);

/* The report commands print a report and take no arguments. */
static void show_e820(void)
{
	arch_show_memory_map();
}

static int cmd_gfp(const struct shell_args *a)
{
	char flags[SHELL_GFP_STR_MAX], zonelist[SHELL_ZONELIST_MAX];
	const char *sep = "";
	size_t len = 0;
	gfp_t gfp;
	int zone, z;

	if (shell_arg_gfp(a->rest[1], &gfp))
		return -EINVAL;
	zone = gfp_zone(gfp);
	gfp_flags_str(flags, sizeof(flags), gfp);
	zonelist[0] = '\0';
	for (z = zone; z >= 0; z--) {
		if (!zone_idx_populated(z))
			continue;
		len += scnprintf(zonelist + len, sizeof(zonelist) - len, "%s%s", sep,
				 zone_name(z));
		sep = ",";
	}
	shell_printf("gfp: mode:0x%x(%s) zone:%s%s%s zonelist:%s\n", gfp, flags,
		     gfp_zone_valid(gfp) ? "" : "invalid(", zone_name(zone),
		     gfp_zone_valid(gfp) ? "" : ")", len ? zonelist : "none");
	return 0;
}

static int cmd_alloc(const struct shell_args *a)
{
	unsigned long long order;
	struct shell_obj *o;
	struct page *page;
	void *virt;
	gfp_t gfp;
	int err = shell_parse_num(a->argv[1], MAX_ORDER - 1, &order);

	if (err) {
		if (err == -ERANGE)
			shell_printf("error: order '%s' out of range (0-%d)\n", a->argv[1],
				     MAX_ORDER - 1);
		else
			shell_printf("error: bad number '%s'\n", a->argv[1]);
		return -EINVAL;
	}
	if (shell_arg_gfp(a->rest[2], &gfp))
		return -EINVAL;
	o = shell_reserve_slot();
	if (!o)
		return -ENOSPC;
	warn_alloc_ratelimit_reset();
	page = alloc_pages(gfp, (unsigned int)order);
	if (!page) {
		shell_printf("alloc: failed\n");
		return -ENOMEM;
	}
	o->page = page;
	o->order = (unsigned int)order;
	shell_obj_commit(&shell_objs, o, SHELL_OBJ_PAGES);
	virt = page_address(page);
	shell_printf("alloc: id=%u pfn=0x%lx phys=0x%llx order=%u zone=%s virt=",
		     o->id, page_to_pfn(page), (unsigned long long)page_to_phys(page),
		     o->order, zone_name(page_zonenum(page)));
	if (virt)
		shell_printf("%p\n", virt);
	else
		shell_printf("none\n");
	return 0;
}

static int cmd_free(const struct shell_args *a)
{
	struct shell_obj *o;
	unsigned int id;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_PAGES))
		return -EINVAL;
	if (o->kmap_addr) {
		shell_printf("error: id %u is kmapped (kunmap it first)\n", o->id);
		return -EINVAL;
	}
	id = o->id;
	__free_pages(o->page, o->order);
	shell_obj_release(o);
	shell_printf("free: id=%u\n", id);
	return 0;
}

static int cmd_kmap(const struct shell_args *a)
{
	struct shell_obj *o;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_PAGES))
		return -EINVAL;
	if (o->kmap_addr) {
		shell_printf("error: id %u is already kmapped at %p\n", o->id, o->kmap_addr);
		return -EINVAL;
	}
	o->kmap_addr = kmap(o->page);
	if (!o->kmap_addr) {
		shell_printf("kmap: failed\n");
		return -ENOMEM;
	}
	shell_printf("kmap: id=%u virt=%p\n", o->id, o->kmap_addr);
	return 0;
}

static int cmd_kunmap(const struct shell_args *a)
{
	struct shell_obj *o;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_PAGES))
		return -EINVAL;
	if (!o->kmap_addr) {
		shell_printf("error: id %u is not kmapped\n", o->id);
		return -EINVAL;
	}
	kunmap(o->page);
	o->kmap_addr = NULL;
	shell_printf("kunmap: id=%u\n", o->id);
	return 0;
}

static int cmd_kmalloc(const struct shell_args *a)
{
	unsigned long long size;
	struct shell_obj *o;
	gfp_t gfp;
	void *p;

	if (shell_parse_num(a->argv[1], SIZE_MAX, &size)) {
		shell_printf("error: bad number '%s'\n", a->argv[1]);
		return -EINVAL;
	}
	if (shell_arg_gfp(a->rest[2], &gfp))
		return -EINVAL;
	o = shell_reserve_slot();
	if (!o)
		return -ENOSPC;
	warn_alloc_ratelimit_reset();
	p = kmalloc((size_t)size, gfp);
	if (!p) {
		shell_printf("kmalloc: failed\n");
		return -ENOMEM;
	}
	o->ptr = p;
	o->size = (size_t)size;
	shell_obj_commit(&shell_objs, o, SHELL_OBJ_KMALLOC);
	shell_printf("kmalloc: id=%u ptr=%p size=%zu\n", o->id, p, o->size);
	return 0;
}

static int cmd_kfree(const struct shell_args *a)
{
	struct shell_obj *o;
	unsigned int id;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_KMALLOC))
		return -EINVAL;
	id = o->id;
	kfree(o->ptr);
	shell_obj_release(o);
	shell_printf("kfree: id=%u\n", id);
	return 0;
}

static int cmd_mark(const struct shell_args *a)
{
	(void)a;
	buddyinfo_snapshot(mark_blocks);
	mark_free = nr_free_pages();
	mark_valid = true;
	shell_printf("mark: buddyinfo saved (%lu pages free)\n", mark_free);
	return 0;
}

static int cmd_check(const struct shell_args *a)
{
	static unsigned long now[MAX_NR_ZONES][MAX_ORDER];
	unsigned long free = nr_free_pages();
	bool same = true;
	int z, o;

	(void)a;
	if (!mark_valid) {
		shell_printf("error: no mark (run 'mark' first)\n");
		return -EINVAL;
	}
	buddyinfo_snapshot(now);
	for (z = 0; z < MAX_NR_ZONES; z++) {
		for (o = 0; o < MAX_ORDER; o++) {
			if (now[z][o] == mark_blocks[z][o])
				continue;
			same = false;
			shell_printf("check: zone %s order %d: %lu -> %lu blocks\n",
				     zone_name(z), o, mark_blocks[z][o], now[z][o]);
		}
	}
	if (same && free == mark_free)
		shell_printf("check: buddyinfo unchanged (%lu pages free)\n", free);
	else
		shell_printf("check: buddyinfo changed (free %lu -> %lu)\n", mark_free, free);
	return 0;
}

static int cmd_test(const struct shell_args *a)
{
	unsigned int ran = 0;
	int failed = ktest_run(a->argc > 1 ? a->argv[1] : "all", &ran);

	shell_printf("test: %u cases, %d failed\n", ran, failed);
	return 0;
}

static int cmd_poweroff(const struct shell_args *a)
{
	(void)a;
	shell_printf("poweroff: bye\n");
	arch_exit(ARCH_EXIT_SUCCESS);
}

static const struct shell_cmd shell_cmds[] = {
	{ "help", "help", "list the commands", 0, 0, cmd_help, NULL },
	{ "e820", "e820", "the physical memory map", 0, 0, NULL, show_e820 },
	{ "zoneinfo", "zoneinfo", "zones, watermarks, protection (/proc/zoneinfo)",
	  0, 0, NULL, show_zoneinfo },
	{ "buddyinfo", "buddyinfo", "free blocks per zone and order (/proc/buddyinfo)",
	  0, 0, NULL, show_buddyinfo },
	{ "pagetypeinfo", "pagetypeinfo", "free blocks per migratetype (/proc/pagetypeinfo)",
	  0, 0, NULL, show_pagetypeinfo },
	{ "meminfo", "meminfo", "memory totals (/proc/meminfo)", 0, 0, NULL, show_meminfo },
	{ "slabinfo", "slabinfo", "slab caches (/proc/slabinfo)", 0, 0, NULL, slabinfo_show },
	{ "gfp", "gfp EXPR", "decode a GFP mask: zone and zonelist", 1, -1, cmd_gfp, NULL },
	{ "alloc", "alloc ORDER EXPR", "allocate 2^ORDER pages, e.g. alloc 0 GFP_KERNEL",
	  2, -1, cmd_alloc, NULL },
	{ "free", "free ID", "free pages from alloc", 1, 1, cmd_free, NULL },
	{ "kmap", "kmap ID", "map an alloc'd block's first page (kmap)", 1, 1, cmd_kmap, NULL },
	{ "kunmap", "kunmap ID", "undo kmap", 1, 1, cmd_kunmap, NULL },
	{ "kmalloc", "kmalloc SIZE EXPR", "allocate SIZE bytes with kmalloc", 2, -1,
	  cmd_kmalloc, NULL },
	{ "kfree", "kfree ID", "free an object from kmalloc", 1, 1, cmd_kfree, NULL },
	{ "mark", "mark", "remember buddyinfo for 'check'", 0, 0, cmd_mark, NULL },
	{ "check", "check", "compare buddyinfo with the last 'mark'", 0, 0, cmd_check, NULL },
	{ "test", "test [GLOB]", "run self-test suites again (KTAP)", 0, 1, cmd_test, NULL },
	{ "poweroff", "poweroff", "leave (QEMU exits; a PC halts)", 0, 0, cmd_poweroff, NULL },
};

static int cmd_help(const struct shell_args *a)
{
	size_t i;

	(void)a;
	for (i = 0; i < ARRAY_SIZE(shell_cmds); i++)
		shell_printf("  %-18s %s\n", shell_cmds[i].usage, shell_cmds[i].help);
	for (const struct shell_cmd *c = __start_mm386_shell_cmds; c < __stop_mm386_shell_cmds; c++)
		shell_printf("  %-18s %s\n", c->usage, c->help);
	shell_printf("EXPR: GFP names and numbers joined by '|', e.g. GFP_KERNEL|__GFP_ZERO or 0x6000c0|__GFP_DMA\n");
	shell_printf("IDs: from alloc, kmalloc, vmalloc and ioremap, counting from 1\n");
	return 0;
}

static const struct shell_cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(shell_cmds); i++)
		if (!strcmp(shell_cmds[i].name, name))
			return &shell_cmds[i];
	for (const struct shell_cmd *c = __start_mm386_shell_cmds; c < __stop_mm386_shell_cmds; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int shell_execute(const char *line)
{
	struct shell_args args;     /* local: `test` may run shell_execute() again */
	const struct shell_cmd *cmd;
	const char *p = line;
	int saved_level, nargs, ret;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '#')
		return 0;
	if (shell_split_args(line, &args)) {
		if (strnlen(line, SHELL_LINE_MAX + 1) > SHELL_LINE_MAX)
			shell_printf("error: line too long (more than %d characters); ignored\n",
				     SHELL_LINE_MAX);
		else
			shell_printf("error: too many words (max %d)\n", SHELL_MAX_ARGS);
		return -EINVAL;
	}
	if (!args.argc)
		return 0;
	cmd = find_cmd(args.argv[0]);
	if (!cmd) {
		shell_printf("error: unknown command '%s' (try 'help')\n", args.argv[0]);
		return -ENOENT;
	}
	nargs = args.argc - 1;
	if (nargs < cmd->min_args || (cmd->max_args >= 0 && nargs > cmd->max_args)) {
		shell_printf("error: usage: %s\n", cmd->usage);
		return -EINVAL;
	}
	/* What the user asked to see is shown whatever loglevel= says. */
	saved_level = console_loglevel;
	if (console_loglevel < CONSOLE_LOGLEVEL_DEFAULT)
		console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
	if (cmd->report) {
		cmd->report();
		ret = 0;
	} else {
		ret = cmd->fn(&args);
	}
	console_loglevel = saved_level;
	return ret;
}
