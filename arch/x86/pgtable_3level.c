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
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/pfn.h>

#define MSR_EFER       0xc0000080
/* Without that leaf, what a PAE CPU is guaranteed to reach. */
#define PHYS_BITS_BASELINE    32
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

bool pgtable_identity_mapped(void)
{
	return boot_pdpt[PGD_IDENTITY] & PTE_PRESENT;
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

/* ---- how far the CPU's PTEs reach ----------------------------------------
 * A PAE entry holds 36 address bits, but a frame at or above the CPU's
 * MAXPHYADDR is a reserved-bit page fault. CPUID 0x80000008 tells the
 * width; CPUs without that leaf are 36-bit by Intel's rule, yet some
 * (QEMU's default qemu32 model among them) fault above 4 GiB. So without
 * the leaf the kernel reads the last page of RAM once through a PTE, and
 * a reserved-bit fault there means only the first 4 GiB are reachable. */

static unsigned long probe_insn, probe_fixup;
static volatile bool probe_faulted;

static bool probe_pf_hook(struct pt_regs *regs)
{
	if (regs->eip != probe_insn)
		return false;
	probe_faulted = true;
	regs->eip = probe_fixup;
	return true;
}

static bool phys_page_reachable(phys_addr_t phys)
{
	const u32 *p = arch_boot_map(phys, sizeof(u32), NULL);
	u32 val;

	if (!p)
		return false;
	probe_faulted = false;
	set_trap_hook(X86_TRAP_PF, probe_pf_hook);
	__asm__ volatile("movl $1f, %1\n\t"
			 "movl $2f, %2\n"
			 "1:\tmovl (%3), %0\n"
			 "2:"
			 : "=&r"(val), "=m"(probe_insn), "=m"(probe_fixup)
			 : "r"(p) : "memory");
	set_trap_hook(X86_TRAP_PF, NULL);
	(void)val;
	return !probe_faulted;
}

void pgtable_limit_ram_to_cpu(void)
{
	phys_addr_t end = memblock_end_of_ram(), limit;
	unsigned int bits = boot_cpu.phys_bits;

	if (bits)
		limit = 1ull << bits;
	else if (end > (1ull << PHYS_BITS_BASELINE) && !phys_page_reachable(end - PAGE_SIZE))
		limit = 1ull << PHYS_BITS_BASELINE;
	else
		return;
	if (end <= limit)
		return;
	pr_warn("x86/PAE: this CPU's page tables reach %lluMB of physical memory: "
		"ignoring RAM [mem %#018llx-%#018llx]\n", (unsigned long long)(limit >> 20),
		(unsigned long long)limit, (unsigned long long)(end - 1));
	memblock_cap_memory(limit);
}
