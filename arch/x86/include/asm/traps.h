/* Descriptor tables, exceptions and hardware interrupts. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10

#define X86_TRAP_DE  0
#define X86_TRAP_DB  1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP  3
#define X86_TRAP_UD  6
#define X86_TRAP_DF  8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define X86_NR_EXCEPTIONS 32

#define IRQ_BASE_VECTOR 32     /* the PIC is remapped here */
#define NR_IRQS 16
#define IRQ_TIMER 0
#define IRQ_KEYBOARD 1
#define IRQ_COM1 4

typedef void (*irq_handler_t)(struct pt_regs *regs);

void gdt_init(void);
void idt_init(void);
/* Load the tables gdt_init()/idt_init() filled on this CPU (every CPU
 * shares them). */
void gdt_load(void);
void idt_load(void);
/* GDT entries GDT_PERCPU_FIRST + cpu: each CPU's per-CPU segment (%fs). */
#define GDT_PERCPU_FIRST 3
#define PERCPU_SEL(cpu) ((GDT_PERCPU_FIRST + (cpu)) * 8)
void gdt_set_percpu(unsigned int cpu, u32 base, u32 size);
/* An interrupt gate for vector to handler (an entry stub). */
void idt_set_gate(unsigned int vector, u32 handler);
/* Vectors from SYSTEM_VECTOR_BASE up (the local APIC's: IPIs, spurious)
 * go to this handler instead of the PIC dispatch; it sends its own EOI. */
#define SYSTEM_VECTOR_BASE 0xf0
void set_system_vector_handler(irq_handler_t handler);

/* A handler for one exception vector (e.g. the breakpoint self-test).
 * Returns true when it handled the trap; the faulting code then resumes. */
typedef bool (*trap_hook_t)(struct pt_regs *regs);
void set_trap_hook(unsigned vector, trap_hook_t hook);

void pic_init(void);
void irq_set_handler(unsigned irq, irq_handler_t handler);
void pic_unmask(unsigned irq);
void pit_init(unsigned hz);

/* Called from entry.asm for every vector. */
void x86_interrupt(struct pt_regs *regs);

#endif
