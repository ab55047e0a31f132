/* Self-tests of the x86 layer (arch/x86): CPU identification, exception
 * round trips and the timer interrupt. */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/timer.h>
#include <mm/arch.h>
#include <asm/vmlayout.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/traps.h>

#define INT3_LEN 1
#define UD2_LEN 2
#define TICK_WAIT_LIMIT 1000   /* hlt rounds; at HZ=100 one tick is enough */

/* What each CPUID feature implies about the others, on every real CPU
 * and every QEMU model. */
static void test_cpu_features_consistent(struct ktest *t)
{
	if (!boot_cpu.has_cpuid) {
		EXPECT_EQ(t, boot_cpu.edx1, 0);
		EXPECT_GE(t, boot_cpu.family, 3);
		return;
	}
	EXPECT_GE(t, boot_cpu.family, 4);
	if (cpu_has(X86_FEATURE_CMOV) || cpu_has(X86_FEATURE_PGE))
		EXPECT_GE(t, boot_cpu.family, 6);
	if (cpu_has(X86_FEATURE_PAE) || cpu_has(X86_FEATURE_TSC))
		EXPECT_GE(t, boot_cpu.family, 5);
	/* The kernel is built for i486 and must not rely on CMOV. */
	if (boot_cpu.family == 4)
		EXPECT_FALSE(t, cpu_has(X86_FEATURE_CMOV));
}

static void test_cpu_tsc_counts(struct ktest *t)
{
	u32 lo1, hi1, lo2, hi2;

	if (!cpu_has(X86_FEATURE_TSC))
		KTEST_SKIP(t, "no TSC on this CPU");
	__asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
	__asm__ volatile("rdtsc" : "=a"(lo2), "=d"(hi2));
	EXPECT_GT(t, ((u64)hi2 << 32 | lo2), ((u64)hi1 << 32 | lo1));
}

static volatile unsigned trap_hits;
static volatile u32 trap_eip;

static bool int3_hook(struct pt_regs *regs)
{
	trap_hits++;
	trap_eip = regs->eip;     /* int3 reports the address after itself */
	return true;
}

static bool ud2_hook(struct pt_regs *regs)
{
	trap_hits++;
	trap_eip = regs->eip;     /* a fault reports the faulting instruction */
	regs->eip += UD2_LEN;     /* skip it, or it faults forever */
	return true;
}

static void test_breakpoint_round_trip(struct ktest *t)
{
	volatile unsigned after = 0;

	trap_hits = 0;
	set_trap_hook(X86_TRAP_BP, int3_hook);
	__asm__ volatile("int3");
	after = 1;
	set_trap_hook(X86_TRAP_BP, NULL);
	EXPECT_EQ(t, trap_hits, 1);
	EXPECT_EQ(t, after, 1);
	EXPECT_NE(t, trap_eip, 0);
}

static void test_invalid_opcode_round_trip(struct ktest *t)
{
	u32 ud_addr;

	trap_hits = 0;
	set_trap_hook(X86_TRAP_UD, ud2_hook);
	__asm__ volatile("movl $1f, %0\n1:\tud2" : "=r"(ud_addr));
	set_trap_hook(X86_TRAP_UD, NULL);
	EXPECT_EQ(t, trap_hits, 1);
	EXPECT_EQ(t, trap_eip, ud_addr);
}

static void test_timer_ticks(struct ktest *t)
{
	unsigned long start = jiffies;

	for (unsigned i = 0; i < TICK_WAIT_LIMIT && jiffies == start; i++)
		cpu_halt();
	EXPECT_NE(t, jiffies, start);
}

extern char _text[], _etext[], _erodata[], _data[];

/* The page tables are what "virtual kernel memory layout" prints: lowmem
 * mapped up to its end and not beyond, nothing at 0, text and rodata
 * read-only, data writable, the pkmap and fixmap tables in place. */
static void test_page_tables_match_layout(struct ktest *t)
{
	unsigned long lowmem_end = (unsigned long)arch_direct_map_end();
	unsigned long last = PAGE_OFFSET + lowmem_end - PAGE_SIZE;

	EXPECT_EQ(t, arch_kernel_page_pfn(0), -1UL);
	EXPECT_FALSE(t, pgtable_identity_mapped());
	EXPECT_EQ(t, arch_kernel_page_pfn(PAGE_OFFSET), 0);
	EXPECT_EQ(t, arch_kernel_page_pfn(last), (lowmem_end >> PAGE_SHIFT) - 1);
	EXPECT_EQ(t, arch_kernel_page_pfn(PAGE_OFFSET + lowmem_end), -1UL);
	EXPECT_EQ(t, x86_kernel_mapping((unsigned long)_text) & PTE_WRITE, 0);
	EXPECT_EQ(t, x86_kernel_mapping((unsigned long)_erodata - 1) & PTE_WRITE, 0);
	EXPECT_NE(t, x86_kernel_mapping((unsigned long)_data) & PTE_WRITE, 0);
	EXPECT_NE(t, *pmd_entry_k(PKMAP_BASE) & PTE_PRESENT, 0);
	EXPECT_NE(t, *pmd_entry_k(FIXADDR_START) & PTE_PRESENT, 0);
	if (cpu_has(X86_FEATURE_PGE))
		EXPECT_NE(t, x86_kernel_mapping((unsigned long)_text) & PTE_GLOBAL, 0);
	/* With NX on, only the kernel text may be executed. */
	if (x86_pte_nx) {
		EXPECT_EQ(t, x86_kernel_mapping((unsigned long)_text) & PTE_NX_BIT, 0);
		EXPECT_NE(t, x86_kernel_mapping((unsigned long)_data) & PTE_NX_BIT, 0);
		EXPECT_NE(t, x86_kernel_mapping(last) & PTE_NX_BIT, 0);
	}
}

static const struct ktest_case x86_cases[] = {
	KTEST_CASE(test_page_tables_match_layout),
	KTEST_CASE(test_cpu_features_consistent),
	KTEST_CASE(test_cpu_tsc_counts),
	KTEST_CASE(test_breakpoint_round_trip),
	KTEST_CASE(test_invalid_opcode_round_trip),
	KTEST_CASE(test_timer_ticks),
	{}
};
KTEST_SUITE(x86, x86_cases);
