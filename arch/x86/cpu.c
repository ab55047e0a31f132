/* CPU identification at run time: a 486 may lack CPUID; PSE, PGE, PAE and
 * TSC decide how paging and timing work. */
#include <asm/cpu.h>
#include <kernel/printk.h>
#include <kernel/string.h>

struct cpuinfo_x86 boot_cpu;

/* True when software can flip this EFLAGS bit. */
static bool eflags_bit_toggles(u32 bit)
{
	u32 before, after;

	__asm__ volatile("pushfl\n\t"
			 "pushfl\n\t"
			 "popl %0\n\t"
			 "movl %0, %1\n\t"
			 "xorl %2, %1\n\t"
			 "pushl %1\n\t"
			 "popfl\n\t"
			 "pushfl\n\t"
			 "popl %1\n\t"
			 "popfl"
			 : "=&r"(before), "=&r"(after) : "ri"(bit));
	return ((before ^ after) & bit) != 0;
}

static void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

void cpu_detect(void)
{
	u32 a, b, c, d, max_ext;

	memset(&boot_cpu, 0, sizeof(boot_cpu));
	boot_cpu.has_cpuid = eflags_bit_toggles(X86_EFLAGS_ID);
	if (!boot_cpu.has_cpuid) {
		/* No CPUID: a 386 cannot toggle AC, a 486 can. */
		boot_cpu.family = eflags_bit_toggles(X86_EFLAGS_AC) ? 4 : 3;
		memcpy(boot_cpu.vendor, "unknown", 8);
		return;
	}
	cpuid(0, &a, &b, &c, &d);
	boot_cpu.max_leaf = a;
	memcpy(boot_cpu.vendor + 0, &b, 4);
	memcpy(boot_cpu.vendor + 4, &d, 4);
	memcpy(boot_cpu.vendor + 8, &c, 4);
	boot_cpu.vendor[12] = '\0';
	if (boot_cpu.max_leaf < 1)
		return;
	cpuid(1, &a, &b, &c, &d);
	boot_cpu.stepping = a & 0xf;
	boot_cpu.model = (a >> 4) & 0xf;
	boot_cpu.family = (a >> 8) & 0xf;
	boot_cpu.edx1 = d;
	/* Extended leaves exist when leaf 0x80000000 answers with a value in
	 * its own range (Linux's get_cpu_cap check): older CPUs return
	 * whatever their highest basic leaf holds. */
	cpuid(X86_CPUID_EXT_BASE, &a, &b, &c, &d);
	if ((a & X86_CPUID_EXT_RANGE_MASK) != X86_CPUID_EXT_BASE)
		return;
	max_ext = a;
	if (max_ext >= X86_CPUID_EXT1) {
		cpuid(X86_CPUID_EXT1, &a, &b, &c, &d);
		boot_cpu.edx_ext1 = d;
	}
	if (max_ext >= X86_CPUID_ADDR_SIZES) {
		cpuid(X86_CPUID_ADDR_SIZES, &a, &b, &c, &d);
		boot_cpu.phys_bits = a & X86_CPUID_PHYS_BITS_MASK;
	}
}

void cpu_print(void)
{
	static const struct { u32 bit; const char *name; } names[] = {
		{ X86_FEATURE_FPU, "fpu" }, { X86_FEATURE_VME, "vme" },
		{ X86_FEATURE_PSE, "pse" }, { X86_FEATURE_TSC, "tsc" },
		{ X86_FEATURE_MSR, "msr" }, { X86_FEATURE_PAE, "pae" },
		{ X86_FEATURE_CX8, "cx8" }, { X86_FEATURE_APIC, "apic" },
		{ X86_FEATURE_PGE, "pge" }, { X86_FEATURE_CMOV, "cmov" },
		{ X86_FEATURE_PAT, "pat" },
	};

	pr_info("CPU: %s family %u model %u stepping %u, cpuid %s\n",
		boot_cpu.vendor, boot_cpu.family, boot_cpu.model, boot_cpu.stepping,
		boot_cpu.has_cpuid ? "yes" : "no");
	pr_info("CPU features:");
	for (unsigned i = 0; i < ARRAY_SIZE(names); i++)
		if (cpu_has(names[i].bit))
			pr_cont(" %s", names[i].name);
	if (cpu_has_ext(X86_FEATURE_NX))
		pr_cont(" nx");
	pr_cont("\n");
}
