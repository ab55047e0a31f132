; Interrupt and exception entry stubs. Each stub pushes a uniform frame
; (a zero error code where the CPU pushes none, then the vector number) and
; jumps to the common path, which saves the registers as struct pt_regs
; (asm/regs.h) and calls x86_interrupt(regs).

bits 32
KERNEL_DS equ 0x10

section .text
extern x86_interrupt

%macro STUB_NOERR 1
isr_stub_%1:
	push dword 0
	push dword %1
	jmp interrupt_common
%endmacro

%macro STUB_ERR 1
isr_stub_%1:
	push dword %1
	jmp interrupt_common
%endmacro

; Vectors whose exceptions push an error code: 8, 10-14, 17, 21, 29, 30.
%assign v 0
%rep 48
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	STUB_ERR v
%else
	STUB_NOERR v
%endif
%assign v v + 1
%endrep

global interrupt_common
interrupt_common:
	pusha
	push ds
	push es
	push fs
	push gs
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	cld
	push esp                ; struct pt_regs *
	call x86_interrupt
	add esp, 4
	pop gs
	pop fs
	pop es
	pop ds
	popa
	add esp, 8              ; vector and error code
	iret

section .rodata
global isr_stub_table
isr_stub_table:
%assign v 0
%rep 48
	dd isr_stub_ %+ v
%assign v v + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
