/* ktest.crash=MODE: fault on purpose once the boot is done, so the matrix
 * can check the fault report: null dereferences NULL, vmalloc-guard writes
 * one byte past a one-page vmalloc() area, phys converts an address past
 * the direct map, nx calls a `ret` instruction placed in a kmalloc()
 * buffer (data: an instruction fetch fault where NX is on), panic-all has
 * every CPU panic at the same moment (one report must come out whole, the
 * other CPUs stopped). Does nothing without the parameter. Runs as a boot hook
 * before the self-tests (include/kernel/ktest_hooks.h). Each mode is a
 * matrix boot of its own that expects the fault report and the failure
 * exit. */
#include <kernel/errno.h>
#include <kernel/ktest_hooks.h>
#include <kernel/param.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/pfn.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

enum crash_mode { CRASH_NONE, CRASH_NULL, CRASH_VMALLOC_GUARD, CRASH_PHYS, CRASH_NX,
		  CRASH_PANIC_ALL };

/* i386 near return: the whole "function" placed in data. */
#define X86_RET_OPCODE 0xc3

static enum crash_mode crash_mode;

static int set_crash(const char *val)
{
	if (val && !strcmp(val, "null"))
		crash_mode = CRASH_NULL;
	else if (val && !strcmp(val, "vmalloc-guard"))
		crash_mode = CRASH_VMALLOC_GUARD;
	else if (val && !strcmp(val, "phys"))
		crash_mode = CRASH_PHYS;
	else if (val && !strcmp(val, "nx"))
		crash_mode = CRASH_NX;
	else if (val && !strcmp(val, "panic-all"))
		crash_mode = CRASH_PANIC_ALL;
	else
		return -EINVAL;
	return 0;
}
kernel_param("ktest.crash", set_crash);

static volatile bool panic_go;
static volatile unsigned int panic_ready;

static void panic_together(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&panic_ready, 1, __ATOMIC_ACQ_REL);
	while (!panic_go)
		__asm__ volatile("rep; nop" ::: "memory");
	panic("ktest.crash=panic-all on CPU %u", smp_processor_id());
}

static void crash_panic_all(void)
{
	unsigned int n = num_online_cpus();

	pr_info("ktest.crash=panic-all: %u CPUs panicking at once on purpose\n", n);
	for (unsigned int c = 1; c < n; c++)
		arch_smp_call_async(c, panic_together, NULL);
	while (panic_ready < n - 1)
		__asm__ volatile("rep; nop" ::: "memory");
	panic_go = true;
	panic_together(NULL);
}

static void ktest_crash_if_requested(void)
{
	volatile char *p;

	switch (crash_mode) {
	case CRASH_NULL:
		pr_info("ktest.crash=null: dereferencing a NULL pointer on purpose\n");
		p = NULL;
		(void)*(volatile int *)p;
		break;
	case CRASH_VMALLOC_GUARD:
		p = vmalloc(PAGE_SIZE);
		if (!p)
			break;
		pr_info("ktest.crash=vmalloc-guard: writing past the end of vmalloc(%lu) at %p on purpose\n",
			PAGE_SIZE, (void *)p);
		p[PAGE_SIZE] = 1;
		break;
	case CRASH_PHYS:
		/* Must stop the run with arch_phys_to_virt's report, not
		 * return an alias of some other mapping. */
		pr_info("ktest.crash=phys: converting %#llx, past the direct map, on purpose\n",
			(unsigned long long)arch_direct_map_end());
		(void)*(volatile char *)arch_phys_to_virt(arch_direct_map_end());
		break;
	case CRASH_NX:
		p = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!p)
			break;
		*p = (char)X86_RET_OPCODE;
		pr_info("ktest.crash=nx: calling data at %p on purpose\n", (void *)p);
		((void (*)(void))(unsigned long)p)();
		pr_err("ktest.crash=nx: the data page executed: no NX protection\n");
		kfree((void *)p);
		break;
	case CRASH_PANIC_ALL:
		crash_panic_all();
		break;
	case CRASH_NONE:
		break;
	}
}
KTEST_BOOT_HOOK(crash, KTEST_BEFORE_SUITES, ktest_crash_if_requested);
