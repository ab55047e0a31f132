/* The shell's `fault` command: show or change the fault-injection
 * attributes at run time (include/mm/fault_inject.h).
 *
 *   fault                        every NAME.ATTR=VALUE line, then
 *                                "NAME: N failures forced" per set
 *   fault NAME ATTR VALUE        fault: NAME.ATTR=VALUE
 *   fault NAME reset             fault: NAME reset (PRNG from its seed,
 *                                counters zeroed)
 * Errors: "error: fault: no attribute NAME.ATTR", "error: fault: bad value
 * 'V' for NAME.ATTR". */
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/shell.h>
#include <kernel/string.h>
#include <mm/fault_inject.h>

static int cmd_fault(const struct shell_args *a)
{
	int err;

	if (a->argc == 1) {
		fault_inject_show();
		return 0;
	}
	if (a->argc == 3 && !strcmp(a->argv[2], "reset")) {
		struct fault_attr *attr = !strcmp(a->argv[1], "failslab") ? &failslab.attr :
			!strcmp(a->argv[1], "fail_page_alloc") ? &fail_page_alloc.attr : NULL;

		if (!attr) {
			pr_info("error: fault: no set %s\n", a->argv[1]);
			return -ENOENT;
		}
		fault_attr_reset(attr);
		pr_info("fault: %s reset\n", attr->name);
		return 0;
	}
	if (a->argc != 4) {
		pr_info("error: usage: fault [NAME ATTR VALUE | NAME reset]\n");
		return -EINVAL;
	}
	err = fault_attr_set(a->argv[1], a->argv[2], a->argv[3]);
	if (err == -ENOENT)
		pr_info("error: fault: no attribute %s.%s\n", a->argv[1], a->argv[2]);
	else if (err)
		pr_info("error: fault: bad value '%s' for %s.%s\n", a->argv[3], a->argv[1],
			a->argv[2]);
	else
		pr_info("fault: %s.%s=%s\n", a->argv[1], a->argv[2], a->argv[3]);
	return err;
}

SHELL_COMMAND(fault, "fault", "fault [NAME ATTR VALUE | NAME reset]",
	      "show or set fail_page_alloc / failslab injection", 0, 3, cmd_fault, NULL);
