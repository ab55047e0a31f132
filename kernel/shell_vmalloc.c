/* Shell commands of the vmalloc area. Output formats (scripts match them):
 *
 *   vmalloc SIZE [EXPR]
 *       vmalloc: id=5 addr=0xf8800000 size=10000 pages=3
 *       __vmalloc(SIZE, EXPR), EXPR GFP_KERNEL when left out; pages are
 *       the pages backing it (the guard page is not one). On failure
 *       "vmalloc: failed" after the "vmalloc: allocation failure" report
 *       (its rate limit is reset first).
 *   vfree ID
 *       vfree: id=5
 *   ioremap PHYS SIZE
 *       ioremap: id=6 addr=0xf8804000 phys=0xb8000 size=4000 mode=UC-
 *       ioremap() (uncached, UC-); addr keeps PHYS's offset in its page;
 *       mode is what the page table entry got (WB, WC, UC-, UC). On
 *       failure "ioremap: failed" (after "ioremap on RAM at ..." for RAM).
 *   iounmap ID
 *       iounmap: id=6
 *   vmallocinfo
 *       the lines of /proc/vmallocinfo (include/mm/vmalloc.h).
 *
 * IDs are the ones alloc and kmalloc use (kernel/shell_cmds.c), with the
 * same error lines, e.g. "error: id 5 is a vmalloc area (use vfree)". */
#include <kernel/errno.h>
#include <kernel/shell.h>
#include <mm/mm.h>
#include <mm/vmalloc.h>

#define SHELL_SIZE_MAX 0xffffffffULL
#define SHELL_PHYS_MAX 0xffffffffffffffffULL

static const char *const mode_names[PAGE_CACHE_MODE_NR + 1] = {
	[PAGE_CACHE_MODE_WB] = "WB", [PAGE_CACHE_MODE_WC] = "WC",
	[PAGE_CACHE_MODE_UC_MINUS] = "UC-", [PAGE_CACHE_MODE_UC] = "UC",
	[PAGE_CACHE_MODE_NR] = "none",
};

static int arg_size(const char *word, unsigned long long *v)
{
	if (shell_parse_num(word, SHELL_SIZE_MAX, v)) {
		shell_printf("error: bad number '%s'\n", word);
		return -EINVAL;
	}
	return 0;
}

static int cmd_vmalloc(const struct shell_args *a)
{
	unsigned long long size;
	gfp_t gfp = GFP_KERNEL;
	struct shell_obj *o;
	void *p;

	if (arg_size(a->argv[1], &size))
		return -EINVAL;
	if (a->argc > 2 && shell_arg_gfp(a->rest[2], &gfp))
		return -EINVAL;
	o = shell_reserve_slot();
	if (!o)
		return -ENOSPC;
	warn_alloc_ratelimit_reset();
	p = __vmalloc((unsigned long)size, gfp);
	if (!p) {
		shell_printf("vmalloc: failed\n");
		return -ENOMEM;
	}
	o->ptr = p;
	o->size = (size_t)size;
	shell_obj_commit(&shell_objs, o, SHELL_OBJ_VMALLOC);
	shell_printf("vmalloc: id=%u addr=%p size=%zu pages=%u\n", o->id, p, o->size,
		     find_vm_area(p)->nr_pages);
	return 0;
}

static int cmd_vfree(const struct shell_args *a)
{
	struct shell_obj *o;
	unsigned int id;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_VMALLOC))
		return -EINVAL;
	id = o->id;
	vfree(o->ptr);
	shell_obj_release(o);
	shell_printf("vfree: id=%u\n", id);
	return 0;
}

static int cmd_ioremap(const struct shell_args *a)
{
	unsigned long long phys, size;
	struct shell_obj *o;
	void *p;

	if (shell_parse_num(a->argv[1], SHELL_PHYS_MAX, &phys)) {
		shell_printf("error: bad number '%s'\n", a->argv[1]);
		return -EINVAL;
	}
	if (arg_size(a->argv[2], &size))
		return -EINVAL;
	o = shell_reserve_slot();
	if (!o)
		return -ENOSPC;
	p = ioremap((phys_addr_t)phys, (unsigned long)size);
	if (!p) {
		shell_printf("ioremap: failed\n");
		return -ENOMEM;
	}
	o->ptr = p;
	o->size = (size_t)size;
	shell_obj_commit(&shell_objs, o, SHELL_OBJ_IOREMAP);
	shell_printf("ioremap: id=%u addr=%p phys=0x%llx size=%zu mode=%s\n", o->id, p, phys,
		     o->size, mode_names[arch_kernel_page_mode((unsigned long)p)]);
	return 0;
}

static int cmd_iounmap(const struct shell_args *a)
{
	struct shell_obj *o;
	unsigned int id;

	if (shell_arg_id(a->argv[1], &o, SHELL_OBJ_IOREMAP))
		return -EINVAL;
	id = o->id;
	iounmap(o->ptr);
	shell_obj_release(o);
	shell_printf("iounmap: id=%u\n", id);
	return 0;
}

SHELL_COMMAND(vmalloc, "vmalloc", "vmalloc SIZE [EXPR]",
	      "virtually contiguous SIZE bytes (__vmalloc; EXPR default GFP_KERNEL)",
	      1, -1, cmd_vmalloc, NULL);
SHELL_COMMAND(vfree, "vfree", "vfree ID", "free a vmalloc area", 1, 1, cmd_vfree, NULL);
SHELL_COMMAND(ioremap, "ioremap", "ioremap PHYS SIZE", "map device memory uncached",
	      2, 2, cmd_ioremap, NULL);
SHELL_COMMAND(iounmap, "iounmap", "iounmap ID", "undo ioremap", 1, 1, cmd_iounmap, NULL);
SHELL_COMMAND(vmallocinfo, "vmallocinfo", "vmallocinfo",
	      "vmalloc areas (/proc/vmallocinfo)", 0, 0, NULL, vmallocinfo_show);
