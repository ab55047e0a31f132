/* Host run of mm/vmalloc.c, mm/ioremap.c and mm/vmalloc_report.c under
 * ASan/UBSan on the 64 MiB simulated machine: the report texts (the
 * page-fault line for guard pages, live, freed and free addresses;
 * /proc/vmallocinfo; the failure report), captured from the console. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ktest.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include "host.h"

/* Device memory on the simulated machine: above its 64 MiB of RAM. */
#define HOST_MMIO_PHYS 0x08000000ull

static int vmalloc_host_init(struct ktest *t)
{
	(void)t;
	host_console_echo(getenv("VMALLOC_ECHO") != NULL);
	if (host_machine_64m())
		return -1;
	kmem_cache_init();
	vmalloc_init();
	host_console_clear();
	return 0;
}

static void vmalloc_host_exit(struct ktest *t)
{
	(void)t;
	vmalloc_exit();
	kmem_cache_shrink_all();
	buddy_test_restore();
	host_console_echo(true);
}

static bool report_says(unsigned long addr, const char *what)
{
	bool ok;

	host_console_clear();
	ok = vmalloc_report_fault(addr) && host_console_contains(what);
	if (!ok)
		fprintf(stderr, "fault line for %#lx lacks '%s':\n%s", addr, what,
			host_console_text());
	return ok;
}

static void test_fault_lines(struct ktest *t)
{
	char *p = vmalloc(2 * PAGE_SIZE);
	unsigned long a = (unsigned long)p;
	char want[160];

	ASSERT_NOT_NULL(t, p);
	snprintf(want, sizeof(want),
		 "vmalloc: %08lx is in the guard page of area 0x%08lx-0x%08lx (12288 bytes vmalloc, caller 0x",
		 a + 2 * PAGE_SIZE + 8, a, a + 3 * PAGE_SIZE);
	EXPECT_TRUE(t, report_says(a + 2 * PAGE_SIZE + 8, want));
	snprintf(want, sizeof(want), "vmalloc: %08lx is in area 0x%08lx-0x%08lx (12288 bytes vmalloc",
		 a + 100, a, a + 3 * PAGE_SIZE);
	EXPECT_TRUE(t, report_says(a + 100, want));
	vfree(p);
	snprintf(want, sizeof(want),
		 "vmalloc: %08lx is in a freed area 0x%08lx-0x%08lx (unpurged vm_area)", a, a,
		 a + 3 * PAGE_SIZE);
	EXPECT_TRUE(t, report_says(a, want));
	vm_unmap_aliases();
	snprintf(want, sizeof(want), "vmalloc: %08lx is in free vmalloc space 0x%08lx-", a, a);
	EXPECT_TRUE(t, report_says(a, want));
	host_console_clear();
	EXPECT_FALSE(t, vmalloc_report_fault(PAGE_SIZE));
	EXPECT_STREQ(t, host_console_text(), "");
}

/* vfree unmaps at once but flushes nothing; the purge flushes every page
 * of the freed area (a few pages: one invlpg each) before its addresses
 * are free again. */
static void test_lazy_flush(struct ktest *t)
{
	char *p = vmalloc(3 * PAGE_SIZE);
	unsigned long one, all, unmap;

	ASSERT_NOT_NULL(t, p);
	one = host_mm.flush_one;
	all = host_mm.flush_all;
	unmap = host_mm.unmap;
	vfree(p);
	EXPECT_EQ(t, host_mm.unmap, unmap + 3);
	EXPECT_EQ(t, host_mm.flush_one, one);
	EXPECT_EQ(t, host_mm.flush_all, all);
	EXPECT_NULL(t, host_kernel_vaddr_ptr((unsigned long)p));
	vm_unmap_aliases();
	EXPECT_EQ(t, host_mm.flush_one, one + 4);
	EXPECT_EQ(t, host_mm.flush_all, all);
}

static void test_vmallocinfo_lines(struct ktest *t)
{
	char *p = vmalloc(10000);
	char *io = ioremap_wc(HOST_MMIO_PHYS + 0x10, 100);
	char want[160];

	ASSERT_NOT_NULL(t, p);
	ASSERT_NOT_NULL(t, io);
	EXPECT_EQ(t, (unsigned long)io & ~PAGE_MASK, 0x10);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)io), PAGE_CACHE_MODE_WC);
	host_console_clear();
	vmallocinfo_show();
	snprintf(want, sizeof(want), "0x%08lx-0x%08lx   16384 0x", (unsigned long)p,
		 (unsigned long)p + 4 * PAGE_SIZE);
	EXPECT_TRUE(t, host_console_contains(want));
	EXPECT_TRUE(t, host_console_contains(" pages=3 vmalloc\n"));
	snprintf(want, sizeof(want), "0x%08lx-0x%08lx    8192 0x", (unsigned long)io & PAGE_MASK,
		 ((unsigned long)io & PAGE_MASK) + 2 * PAGE_SIZE);
	EXPECT_TRUE(t, host_console_contains(want));
	EXPECT_TRUE(t, host_console_contains(" phys=0x08000000 ioremap\n"));
	iounmap(io);
	vfree(p);
	host_console_clear();
	vmallocinfo_show();
	EXPECT_TRUE(t, host_console_contains("   16384 unpurged vm_area\n"));
	EXPECT_TRUE(t, host_console_contains("    8192 unpurged vm_area\n"));
	vm_unmap_aliases();
	host_console_clear();
	vmallocinfo_show();
	EXPECT_STREQ(t, host_console_text(), "");
}

static void test_failure_report(struct ktest *t)
{
	struct vmalloc_info info;

	warn_alloc_ratelimit_reset();
	host_console_clear();
	EXPECT_NULL(t, vmalloc(0));
	EXPECT_TRUE(t, host_console_contains(
		"mm386: vmalloc: allocation failure: 0 bytes, mode:0x6000c0(GFP_KERNEL), nodemask=(null)\n"));
	/* The largest free range cannot hold itself plus a guard page. */
	vmalloc_get_info(&info);
	host_console_clear();
	EXPECT_NULL(t, get_vm_area(info.chunk, VM_IOREMAP));
	EXPECT_TRUE(t, host_console_contains("vmap allocation for size "));
	EXPECT_TRUE(t, host_console_contains(" failed: use vmalloc=<size> to increase size\n"));
	warn_alloc_ratelimit_reset();
}

static const struct ktest_case vmalloc_host_cases[] = {
	KTEST_CASE(test_fault_lines),
	KTEST_CASE(test_lazy_flush),
	KTEST_CASE(test_vmallocinfo_lines),
	KTEST_CASE(test_failure_report),
	{}
};
KTEST_SUITE_FULL(vmalloc_host, vmalloc_host_init, vmalloc_host_exit, vmalloc_host_cases);
