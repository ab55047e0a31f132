/* The interrupt-flag half of the arch contract (include/kernel/arch.h),
 * inline: the allocators' fast paths save and restore the flag on every
 * call, and a call and return would cost more than the instructions
 * themselves (Linux's arch/x86/include/asm/irqflags.h is inline too).
 * The host build declares the same functions out of line
 * (tests/host/stubs.c). */
#ifndef ASM_X86_IRQFLAGS_H
#define ASM_X86_IRQFLAGS_H

#include <kernel/types.h>
#include <kernel/compiler.h>
#include <asm/cpu.h>

static __always_inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushfl; popl %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

/* Interrupts back on when they were on at the save (Linux's
 * arch_local_irq_restore()); off stays off. */
static __always_inline void arch_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		__asm__ volatile("sti" : : : "memory");
}

/* Whether flags from arch_irq_save() say interrupts were off. */
static __always_inline bool arch_irqs_disabled_flags(unsigned long flags)
{
	return !(flags & X86_EFLAGS_IF);
}

static __always_inline bool arch_irqs_disabled(void)
{
	unsigned long flags;

	__asm__ volatile("pushfl; popl %0" : "=r"(flags));
	return !(flags & X86_EFLAGS_IF);
}

#endif
