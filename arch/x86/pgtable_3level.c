/* The PAE page-table format's side of asm/pgtable.h (build/kernel-pae.elf).
 *
 * boot/paging_3level.asm checks CPUID for PAE and builds boot_pdpt with
 * two page directories: boot_identity_pmd for [0, 1 GiB) (the identity map
 * the entry code runs on) and kernel_pmd for [PAGE_OFFSET, 4 GiB), the only
 * one the kernel keeps, so its directory entries are static and shared by
 * everything. On a CPU without PAE the boot code falls back to 2-level
 * tables and sets boot_pae_missing: pgtable_check_cpu() then stops the run
 * with Linux's message (arch/x86/boot/cpu.c, validate_cpu). */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <kernel/arch.h>
#include <kernel/printk.h>

#define MSR_EFER       0xc0000080
#define EFER_NXE       (1ull << 11)
/* Page directory pointer table entry of the first GiB (identity map). */
#define PGD_IDENTITY   0

extern pteval_t boot_pdpt[PTRS_PER_PGD];
extern pteval_t kernel_pmd[PTRS_PER_PMD];
extern u8 boot_pae_missing;

pteval_t *pmd_entry_k(unsigned long va)
{
	if (va < PAGE_OFFSET)
		return NULL;
	return &kernel_pmd[(va >> PMD_SHIFT) & (PTRS_PER_PMD - 1)];
}

/* PDPT entries are loaded into the CPU with CR3: reload it. */
void pgtable_drop_identity_map(void)
{
	clear_pte(&boot_pdpt[PGD_IDENTITY]);
	write_cr3(read_cr3());
}

void pgtable_check_cpu(void)
{
	if (!boot_pae_missing)
		return;
	pr_emerg("This kernel requires the following features not present on the CPU: pae\n");
	pr_emerg("Unable to boot - please use a kernel appropriate for your CPU.\n");
	arch_exit(ARCH_EXIT_FAILURE);
}

/* Linux's x86_report_nx() words for a PAE kernel. */
void pgtable_format_init(void)
{
	if (!cpu_has_ext(X86_FEATURE_NX) || !cpu_has(X86_FEATURE_MSR)) {
		pr_notice("Notice: NX (Execute Disable) protection missing in CPU!\n");
		return;
	}
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	x86_pte_nx = PTE_NX_BIT;
	pr_info("NX (Execute Disable) protection: active\n");
}

const char *pgtable_format_name(void)
{
	return "PAE 3-level";
}
