/* start_kernel(): the generic boot sequence, in the order of Linux's
 * init/main.c start_kernel(). */
#include <kernel/setup.h>
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/ktest.h>
#include <kernel/ktest_hooks.h>

#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/shell.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <kernel/errno.h>
#include <mm/boot.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <mm/mmzone.h>
#include <mm/ramtest.h>

#define MM386_VERSION "0.1"

static struct boot_info bootinfo;
static char ktest_globs[COMMAND_LINE_SIZE] = "all";
static bool ktest_exit;

static int set_ktest(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	/* val lives in the parser's scratch buffer: keep a copy. */
	snprintf(ktest_globs, sizeof(ktest_globs), "%s", val);
	return 0;
}
kernel_param("ktest", set_ktest);

static int set_ktest_exit(const char *val)
{
	return parse_switch(val, &ktest_exit);
}
kernel_param("ktest.exit", set_ktest_exit);

static void run_selftests(void)
{
	unsigned ran = 0;
	int failed = 0;

	ktest_run_boot_hooks(KTEST_BEFORE_SUITES);
	if (strcmp(ktest_globs, "off") != 0)
		failed = ktest_run(ktest_globs, &ran);
	ktest_run_boot_hooks(KTEST_AFTER_SUITES);
	if (ktest_exit)
		arch_exit(failed ? ARCH_EXIT_FAILURE : ARCH_EXIT_SUCCESS);
}

__noreturn void start_kernel(u32 magic, phys_addr_t info)
{
	pr_notice("mm386 version " MM386_VERSION " (i386, Linux-style physical memory management)\n");
	if (arch_boot_info(magic, info, &bootinfo) < 0) {
		pr_emerg("mm386: cannot boot without valid boot information (magic %#x)\n", magic);
		arch_exit(ARCH_EXIT_FAILURE);
	}
	cmdline_init(bootinfo.cmdline, strlen(bootinfo.cmdline));
	parse_params(true);
	arch_print_cpu();
	arch_setup_memory(&bootinfo);
	parse_params(false);
	kmem_cache_init();
	vmalloc_init();
	mm_print_memory_line();
	arch_print_memory_layout();
	show_buddyinfo();
	arch_irq_init();
	arch_device_init();
	arch_smp_init();
	ramtest_run_if_requested();
	run_selftests();
	shell_run();
}
