/* GDT and IDT: flat 4 GiB kernel segments and 48 interrupt gates
 * (32 exceptions, 16 PIC interrupts). */
#include <kernel/types.h>
#include <kernel/compiler.h>
#include <asm/traps.h>
#include <kernel/smp.h>

struct gdt_entry {
	u16 limit_low, base_low;
	u8 base_mid, access, flags_limit_high, base_high;
} __packed;

struct idt_gate {
	u16 offset_low, selector;
	u8 zero, type_attr;
	u16 offset_high;
} __packed;

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

#define GDT_ACCESS_CODE 0x9a   /* present, ring 0, code, readable */
#define GDT_ACCESS_DATA 0x92   /* present, ring 0, data, writable */
#define GDT_FLAGS_4K_32 0xc0   /* 4 KiB granularity, 32-bit */
#define GDT_FLAGS_BYTE_32 0x40 /* byte granularity, 32-bit */
#define IDT_INTERRUPT_GATE 0x8e  /* present, ring 0, 32-bit interrupt gate */
#define NR_VECTORS_USED (X86_NR_EXCEPTIONS + NR_IRQS)

static struct gdt_entry gdt[GDT_PERCPU_FIRST + NR_CPUS] __aligned(8);
static struct idt_gate idt[256] __aligned(8);
extern const u32 isr_stub_table[NR_VECTORS_USED];

static void gdt_set(int i, u8 access)
{
	gdt[i] = (struct gdt_entry){
		.limit_low = 0xffff, .base_low = 0, .base_mid = 0,
		.access = access, .flags_limit_high = GDT_FLAGS_4K_32 | 0x0f,
		.base_high = 0,
	};
}

/* CPU cpu's per-CPU data segment: [base, base + size), byte granular. */
void gdt_set_percpu(unsigned int cpu, u32 base, u32 size)
{
	gdt[GDT_PERCPU_FIRST + cpu] = (struct gdt_entry){
		.limit_low = (u16)(size - 1), .base_low = (u16)base,
		.base_mid = (u8)(base >> 16), .access = GDT_ACCESS_DATA,
		.flags_limit_high = GDT_FLAGS_BYTE_32 | (u8)(((size - 1) >> 16) & 0x0f),
		.base_high = (u8)(base >> 24),
	};
}

void gdt_init(void)
{
	gdt_set(KERNEL_CS / 8, GDT_ACCESS_CODE);
	gdt_set(KERNEL_DS / 8, GDT_ACCESS_DATA);
	gdt_load();
}

void gdt_load(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u32)(unsigned long)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "mov %2, %%ax\n\t"
			 "mov %%ax, %%ds\n\t"
			 "mov %%ax, %%es\n\t"
			 "mov %%ax, %%fs\n\t"
			 "mov %%ax, %%gs\n\t"
			 "mov %%ax, %%ss"
			 : : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS) : "eax", "memory");
}

void idt_init(void)
{
	for (unsigned v = 0; v < NR_VECTORS_USED; v++) {
		u32 off = isr_stub_table[v];
		idt[v] = (struct idt_gate){
			.offset_low = off & 0xffff, .selector = KERNEL_CS,
			.zero = 0, .type_attr = IDT_INTERRUPT_GATE,
			.offset_high = off >> 16,
		};
	}
	idt_load();
}

void idt_load(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (u32)(unsigned long)idt };

	__asm__ volatile("lidt %0" : : "m"(p));
}

void idt_set_gate(unsigned int vector, u32 handler)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff, .selector = KERNEL_CS,
		.zero = 0, .type_attr = IDT_INTERRUPT_GATE,
		.offset_high = handler >> 16,
	};
}
