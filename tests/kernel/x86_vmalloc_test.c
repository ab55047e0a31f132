/* Self-test of arch/x86/vmalloc.c: the cache bits ioremap and vmalloc
 * leave in the PTEs of either format (PWT 0x8, PCD 0x10, PAT 0x80), read straight
 * from the page tables. The page tables of the vmalloc area are made
 * before the suite's state is sampled, as tests/kernel/vmalloc_test.c
 * does: they are kept for good once made. */
#include <kernel/ktest.h>
#include <mm/arch.h>
#include <mm/pfn.h>
#include <mm/vmalloc.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>

#define VGA_TEXT_PHYS 0xb8000
#define PTE_CACHE_BITS (PTE_PWT | PTE_PCD | PTE_PAT)

static void x86_vmalloc_prepare(void)
{
	unsigned long start, end;

	vm_unmap_aliases();
	arch_vmalloc_range(&start, &end);
	arch_kernel_pgtable_alloc(start, end, GFP_KERNEL);
}

/* The PTE of a vmalloc-area address (that area has no large pages). */
static pteval_t pte_of(const void *addr)
{
	return x86_kernel_mapping((unsigned long)addr);
}

static void test_pte_cache_bits(struct ktest *t)
{
	void *nc = ioremap_nocache(VGA_TEXT_PHYS, PAGE_SIZE);
	void *uc = ioremap_uc(VGA_TEXT_PHYS, PAGE_SIZE);
	void *wc = ioremap_wc(VGA_TEXT_PHYS, PAGE_SIZE);
	void *vm = vmalloc(PAGE_SIZE);

	ASSERT_NOT_NULL(t, nc);
	ASSERT_NOT_NULL(t, uc);
	ASSERT_NOT_NULL(t, wc);
	ASSERT_NOT_NULL(t, vm);
	EXPECT_EQ(t, pte_of(nc) & PTE_ADDR_MASK, VGA_TEXT_PHYS);
	EXPECT_EQ(t, pte_of(nc) & (PTE_PRESENT | PTE_WRITE | PTE_USER),
		  PTE_PRESENT | PTE_WRITE);
	EXPECT_EQ(t, pte_of(nc) & PTE_CACHE_BITS, PTE_PCD);
	EXPECT_EQ(t, pte_of(uc) & PTE_CACHE_BITS, PTE_PCD | PTE_PWT);
	/* PAT entry 1 is WC; without a PAT, PWT alone would be write-through. */
	EXPECT_EQ(t, pte_of(wc) & PTE_CACHE_BITS,
		  cpu_has(X86_FEATURE_PAT) ? PTE_PWT : PTE_PCD);
	EXPECT_EQ(t, pte_of(vm) & PTE_CACHE_BITS, 0);
	/* The guard page after each area has no PTE. */
	EXPECT_EQ(t, pte_of((char *)vm + PAGE_SIZE), 0);
	iounmap(nc);
	iounmap(uc);
	iounmap(wc);
	vfree(vm);
	/* Unmapped at once; only the TLB flush is lazy. */
	EXPECT_EQ(t, pte_of(nc), 0);
	EXPECT_EQ(t, pte_of(vm), 0);
	vm_unmap_aliases();
}

static void test_pat_programmed(struct ktest *t)
{
	if (!cpu_has(X86_FEATURE_PAT) || !cpu_has(X86_FEATURE_MSR))
		KTEST_SKIP(t, "no PAT");
	/* WB WC UC- UC WB WP UC- WT, one byte per entry from entry 0. */
	EXPECT_EQ(t, rdmsr(0x277), 0x0407050600070106ull);
}

static const struct ktest_case x86_vmalloc_cases[] = {
	KTEST_CASE(test_pte_cache_bits),
	KTEST_CASE(test_pat_programmed),
	{}
};
KTEST_SUITE_PREPARED(x86_vmalloc, x86_vmalloc_prepare, x86_vmalloc_cases);
