; Entry stubs for the local APIC's vectors (arch/x86/smp_call.c): the same
; frame as the exception and PIC stubs of entry.asm, then its common path.

bits 32
CALL_FUNCTION_VECTOR equ 0xfb
SPURIOUS_APIC_VECTOR equ 0xff
STOP_VECTOR equ 0xf8

section .text
extern interrupt_common
global call_function_stub, spurious_stub, stop_stub
call_function_stub:
	push dword 0
	push dword CALL_FUNCTION_VECTOR
	jmp interrupt_common
stop_stub:
	push dword 0
	push dword STOP_VECTOR
	jmp interrupt_common
spurious_stub:
	push dword 0
	push dword SPURIOUS_APIC_VECTOR
	jmp interrupt_common

section .note.GNU-stack noalloc noexec nowrite progbits
