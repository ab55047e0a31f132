; Boot page tables of the 2-level format (build/kernel.elf): the builder in
; boot/entry.asm, which every i386 CPU can run.

bits 32

section .boot.text
extern boot_paging_2level
global boot_paging_setup
boot_paging_setup:
	jmp boot_paging_2level

section .note.GNU-stack noalloc noexec nowrite progbits
