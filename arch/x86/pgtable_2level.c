/* The 2-level page-table format's side of asm/pgtable.h (build/kernel.elf):
 * the kernel's directory entries are those of boot_page_directory, set up
 * by boot/entry.asm; no NX (4-byte entries have no bit for it). */
#include <asm/cpu.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <kernel/printk.h>

/* Directory entries of the boot identity map of [0, 16 MiB). */
#define IDENTITY_PDES 4

extern pteval_t boot_page_directory[PTRS_PER_PTE];

pteval_t *pmd_entry_k(unsigned long va)
{
	if (va < PAGE_OFFSET)
		return NULL;
	return &boot_page_directory[va >> PMD_SHIFT];
}

void pgtable_drop_identity_map(void)
{
	for (unsigned i = 0; i < IDENTITY_PDES; i++)
		clear_pte(&boot_page_directory[i]);
}

bool pgtable_identity_mapped(void)
{
	return boot_page_directory[0] & PTE_PRESENT;
}

void pgtable_check_cpu(void)
{
}

/* 2-level entries reach 4 GiB, which zone_limits_init() already enforces. */
void pgtable_limit_ram_to_cpu(void)
{
}

/* Linux's x86_report_nx() words for a non-PAE kernel. */
void pgtable_format_init(void)
{
	if (!cpu_has_ext(X86_FEATURE_NX))
		pr_notice("Notice: NX (Execute Disable) protection missing in CPU!\n");
	else
		pr_notice("Notice: NX (Execute Disable) protection cannot be enabled: "
			  "non-PAE kernel!\n");
}

const char *pgtable_format_name(void)
{
	return "2-level";
}
