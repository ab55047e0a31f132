/* CPU identification, control registers and EFLAGS. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <kernel/types.h>

#define X86_EFLAGS_IF  (1u << 9)
#define X86_EFLAGS_AC  (1u << 18)   /* toggles on a 486 and later */
#define X86_EFLAGS_ID  (1u << 21)   /* toggles when CPUID exists */

#define X86_CR0_WP     (1u << 16)
#define X86_CR0_PG     (1u << 31)
#define X86_CR4_PSE    (1u << 4)
#define X86_CR4_PAE    (1u << 5)
#define X86_CR4_PGE    (1u << 7)

/* CPUID leaf 1 EDX bits. */
#define X86_FEATURE_FPU  (1u << 0)
#define X86_FEATURE_VME  (1u << 1)
#define X86_FEATURE_PSE  (1u << 3)
#define X86_FEATURE_TSC  (1u << 4)
#define X86_FEATURE_MSR  (1u << 5)
#define X86_FEATURE_PAE  (1u << 6)
#define X86_FEATURE_CX8  (1u << 8)
#define X86_FEATURE_APIC (1u << 9)
#define X86_FEATURE_PGE  (1u << 13)
#define X86_FEATURE_CMOV (1u << 15)
#define X86_FEATURE_PAT  (1u << 16)

/* CPUID leaf 0x80000001 EDX bits (cpu_has_ext). */
#define X86_CPUID_EXT_BASE 0x80000000u
#define X86_CPUID_EXT1     0x80000001u
#define X86_CPUID_EXT_RANGE_MASK 0xffff0000u
/* Leaf 0x80000008: EAX bits 0-7 are the physical address width. */
#define X86_CPUID_ADDR_SIZES 0x80000008u
#define X86_CPUID_PHYS_BITS_MASK 0xffu
#define X86_FEATURE_NX   (1u << 20)   /* Execute Disable (Intel XD, AMD NX) */

struct cpuinfo_x86 {
	bool has_cpuid;
	unsigned family, model, stepping;
	u32 max_leaf;
	u32 edx1;                 /* CPUID.1:EDX feature bits, 0 without CPUID */
	u32 edx_ext1;             /* CPUID.80000001h:EDX, 0 without that leaf */
	unsigned phys_bits;       /* CPUID.80000008h:EAX[7:0], 0 without that leaf */
	char vendor[13];
};

extern struct cpuinfo_x86 boot_cpu;

void cpu_detect(void);
void cpu_print(void);
static inline bool cpu_has(u32 feature) { return (boot_cpu.edx1 & feature) != 0; }
static inline bool cpu_has_ext(u32 feature) { return (boot_cpu.edx_ext1 & feature) != 0; }

static inline unsigned long read_cr0(void) { unsigned long v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline unsigned long read_cr2(void) { unsigned long v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline unsigned long read_cr3(void) { unsigned long v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline unsigned long read_cr4(void) { unsigned long v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr3(unsigned long v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(unsigned long v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline unsigned long read_eflags(void)
{
	unsigned long f;
	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}
static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)) : "memory");
}
static inline void cpu_halt(void) { __asm__ volatile("hlt"); }
static inline void irq_enable(void) { __asm__ volatile("sti" : : : "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" : : : "memory"); }

#endif
