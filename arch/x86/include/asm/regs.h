/* The register frame the interrupt entry code saves (arch/x86/entry.asm). */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <kernel/types.h>

struct pt_regs {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp_dummy, ebx, edx, ecx, eax;   /* pusha order */
	u32 vector, error_code;
	u32 eip, cs, eflags;                                 /* pushed by the CPU */
};

#endif
