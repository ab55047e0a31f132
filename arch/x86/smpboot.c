/* Bringing the application processors up, after Linux's
 * arch/x86/kernel/smpboot.c (do_boot_cpu, wakeup_secondary_cpu_via_init,
 * start_secondary) and init/main.c smp_init(): each CPU listed by the
 * firmware tables and allowed by maxcpus=/nr_cpus= gets its own stack, is
 * started with INIT-SIPI-SIPI at the trampoline (arch/x86/trampoline.asm)
 * and must call in within CALLIN_TIMEOUT_MS; one that does not is
 * reported, put back to sleep with INIT and left out. The CPUs are started
 * one at a time. Once in, an application processor loads the shared
 * GDT/IDT, its per-CPU segment and the kernel page tables, enables its
 * local APIC and runs smp_idle_loop() (arch/x86/smp_call.c): hlt until a
 * function is sent to it. */
#include <asm/smp.h>
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/delay.h>
#include <asm/percpu.h>
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <kernel/printk.h>
#include <kernel/setup.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/gfp.h>
#include <mm/mm.h>

#define AP_STACK_ORDER      2           /* 16 KiB, as the boot CPU's */
/* The MP specification's (B.4) INIT-SIPI-SIPI timing: 10 ms after INIT,
 * 200 us after each STARTUP (Linux waits 300 us after the first). */
#define INIT_DELAY_MS       10
#define SIPI_FIRST_DELAY_US 300
#define SIPI_DELAY_US       200
#define CALLIN_TIMEOUT_MS   5000
#define CALLIN_POLL_US      100
#define APIC_INTEGRATED_MIN 0x10        /* LVR versions below: 82489DX */
#define APIC_VERSION_MASK   0xff
#define MSR_IA32_CR_PAT_AP  0x277
#define EFER_NXE_BIT        (1u << 11)

extern const u8 smp_trampoline_start[], smp_trampoline_end[];
extern const u8 tr_gdtr_base[], tr_pm_offset[], tr_cr4[], tr_cr3[], tr_stack[], tr_entry[],
	tr_efer[], tr_paging[], tr_pm32_label[], tr_gdt_label[];
extern const u8 smp_ap_paging_on[];

unsigned int nr_cpus_online = 1;
u8 cpu_to_apicid[NR_CPUS];

static volatile unsigned int ap_booting;        /* logical number of the CPU starting */
static volatile bool ap_called_in;
static unsigned long kernel_cr3;
static u64 boot_pat;
static bool copy_pat;

static void patch32(const u8 *field, u32 val)
{
	u8 *page = arch_phys_to_virt(smp_trampoline_phys);

	memcpy(page + (field - smp_trampoline_start), &val, 4);
}

static u32 tramp_phys(const u8 *label)
{
	return (u32)smp_trampoline_phys + (u32)(label - smp_trampoline_start);
}

/* The temporary top-level table: the kernel's, plus the entry for virtual
 * 0 copied from the one for PAGE_OFFSET, so the trampoline's physical
 * addresses stay mapped while paging comes on (2-level: PDE 768 to PDE 0;
 * PAE: PDPT entry 3 to entry 0). */
static u32 temp_top_level(void)
{
	u8 *tmp = (u8 *)arch_phys_to_virt(smp_trampoline_phys) + PAGE_SIZE;
	unsigned long off = kernel_cr3 & (PAGE_SIZE - 1);
	const u8 *top = arch_phys_to_virt(kernel_cr3 & ~(unsigned long)(PAGE_SIZE - 1));
	bool pae = read_cr4() & X86_CR4_PAE;
	size_t esize = pae ? 8 : 4;
	unsigned int kidx = (unsigned int)(PAGE_OFFSET >> (pae ? 30 : 22));

	memcpy(tmp, top, PAGE_SIZE);
	memcpy(tmp + off, tmp + off + kidx * esize, esize);
	return (u32)smp_trampoline_phys + PAGE_SIZE + (u32)off;
}

static void prepare_trampoline(void)
{
	u8 *page = arch_phys_to_virt(smp_trampoline_phys);

	kernel_cr3 = read_cr3();
	memcpy(page, smp_trampoline_start, (size_t)(smp_trampoline_end - smp_trampoline_start));
	patch32(tr_gdtr_base, tramp_phys(tr_gdt_label));
	patch32(tr_pm_offset, tramp_phys(tr_pm32_label));
	patch32(tr_cr4, (u32)read_cr4());
	patch32(tr_cr3, temp_top_level());
	patch32(tr_entry, (u32)(unsigned long)smp_ap_entry);
	patch32(tr_efer, x86_pte_nx ? EFER_NXE_BIT : 0);
	patch32(tr_paging, (u32)((unsigned long)smp_ap_paging_on - PAGE_OFFSET));
	copy_pat = cpu_has(X86_FEATURE_PAT) && cpu_has(X86_FEATURE_MSR);
	if (copy_pat)
		boot_pat = rdmsr(MSR_IA32_CR_PAT_AP);
}

/* Entered from the trampoline on the new CPU's own stack, paging on. */
__noreturn void smp_ap_entry(void)
{
	gdt_load();
	percpu_cpu_init(ap_booting);
	idt_load();
	write_cr3(kernel_cr3);
	if (copy_pat)
		wrmsr(MSR_IA32_CR_PAT_AP, boot_pat);
	lapic_enable();
	__asm__ volatile("" ::: "memory");
	ap_called_in = true;
	smp_idle_loop();
}

static int wakeup_via_init(u8 apicid)
{
	u32 vector = (u32)(smp_trampoline_phys >> PAGE_SHIFT);

	if (lapic_send_icr(apicid, APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT) < 0)
		return -1;
	mdelay(INIT_DELAY_MS);
	if (lapic_send_icr(apicid, APIC_INT_LEVELTRIG | APIC_DM_INIT) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		if (lapic_send_icr(apicid, APIC_DM_STARTUP | vector) < 0)
			return -1;
		udelay(i == 0 ? SIPI_FIRST_DELAY_US : SIPI_DELAY_US);
	}
	return 0;
}

static bool do_boot_cpu(unsigned int cpu, u8 apicid)
{
	struct page *stack = alloc_pages(GFP_KERNEL, AP_STACK_ORDER);

	if (!stack) {
		pr_err("smpboot: no stack for CPU%u, left out\n", cpu);
		return false;
	}
	patch32(tr_stack, (u32)(unsigned long)page_address(stack) + (PAGE_SIZE << AP_STACK_ORDER));
	ap_booting = cpu;
	ap_called_in = false;
	pr_info("smpboot: Booting Node 0 Processor %u APIC 0x%x\n", cpu, apicid);
	if (wakeup_via_init(apicid) == 0) {
		for (unsigned int t = 0; t < CALLIN_TIMEOUT_MS * 1000 / CALLIN_POLL_US; t++) {
			if (ap_called_in) {
				cpu_to_apicid[cpu] = apicid;
				pr_info("smpboot: CPU %u is up\n", cpu);
				return true;
			}
			udelay(CALLIN_POLL_US);
		}
	}
	/* Back to wait-for-SIPI; the stack stays allocated in case the CPU
	 * still runs on it. */
	pr_err("smpboot: CPU%u: Not responding (APIC 0x%x), left out\n", cpu, apicid);
	lapic_send_icr(apicid, APIC_INT_LEVELTRIG | APIC_INT_ASSERT | APIC_DM_INIT);
	lapic_send_icr(apicid, APIC_INT_LEVELTRIG | APIC_DM_INIT);
	return false;
}

void arch_smp_init(void)
{
	u8 self;

	if (!smp_config.source)
		return;
	if (smp_boot_cpus > 1 && smp_trampoline_phys && lapic_map(smp_config.lapic_addr) == 0) {
		self = lapic_id();
		cpu_to_apicid[0] = self;
		if ((lapic_read(APIC_LVR) & APIC_VERSION_MASK) < APIC_INTEGRATED_MIN) {
			pr_err("smpboot: 82489DX external APIC: no STARTUP IPI, running on one CPU\n");
		} else {
			prepare_trampoline();
			smp_call_init();
			for (unsigned int i = 0; i < smp_config.nr_cpus && nr_cpus_online < smp_boot_cpus; i++) {
				if (smp_config.cpu_apic_id[i] == self)
					continue;
				if (do_boot_cpu(nr_cpus_online, smp_config.cpu_apic_id[i]))
					nr_cpus_online++;
			}
		}
	}
	pr_info("Brought up %u CPUs\n", nr_cpus_online);
}
