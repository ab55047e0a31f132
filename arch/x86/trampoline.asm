; The application processors' way in (arch/x86/smpboot.c copies it to a
; reserved page below 1 MiB and patches the fields at its end). A CPU
; started by a STARTUP IPI with vector V runs it in real mode at CS = V << 8,
; IP = 0: it loads a flat GDT, enters protected mode, turns paging on with
; the temporary page directory (the kernel's plus an identity map of the
; first 4 MiB, so the kernel text runs at its physical address across the
; switch), then jumps to the kernel's C entry on its own stack. After Linux's
; arch/x86/realmode/rm/trampoline_32.S (facts only).

CR0_PE      equ 0x00000001
CR0_WP      equ 0x00010000
CR0_PG      equ 0x80000000
KERNEL_CS   equ 0x08
KERNEL_DS   equ 0x10
MSR_EFER    equ 0xc0000080

section .rodata
align 16
global smp_trampoline_start, smp_trampoline_end
global tr_gdtr_base, tr_pm_offset, tr_cr4, tr_cr3, tr_stack, tr_entry, tr_efer, tr_paging

%define OFF(x) ((x) - smp_trampoline_start)

bits 16
smp_trampoline_start:
	cli
	cld
	mov ax, cs
	mov ds, ax
	xor ebx, ebx
	mov bx, ax
	shl ebx, 4                      ; ebx = this page's physical address
	o32 lgdt [OFF(tr_gdtr)]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword far [OFF(tr_pm_offset)]

bits 32
tr_pm32:
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov eax, [ebx + OFF(tr_cr4)]
	mov cr4, eax
	mov esi, [ebx + OFF(tr_efer)]   ; EFER bits to set (NXE with PAE), or 0
	test esi, esi
	jz .no_efer
	mov ecx, MSR_EFER
	rdmsr
	or eax, esi
	wrmsr
.no_efer:
	mov eax, [ebx + OFF(tr_cr3)]
	mov cr3, eax
	mov eax, [ebx + OFF(tr_paging)]
	jmp eax

align 8
tr_gdt:
	dq 0
	dq 0x00cf9a000000ffff           ; KERNEL_CS: flat 4 GiB code
	dq 0x00cf92000000ffff           ; KERNEL_DS: flat 4 GiB data
tr_gdtr:
	dw 3 * 8 - 1
tr_gdtr_base:   dd 0                ; patched: page + OFF(tr_gdt)
tr_pm_offset:   dd 0                ; patched: page + OFF(tr_pm32)
	dw KERNEL_CS
align 4
tr_cr4:         dd 0                ; the boot CPU's CR4 (PSE, PGE)
tr_cr3:         dd 0                ; the temporary page directory
tr_stack:       dd 0                ; top of this CPU's stack (virtual)
tr_entry:       dd 0                ; C entry (virtual)
tr_efer:        dd 0                ; EFER bits the boot CPU has on
tr_paging:      dd 0                ; physical address of smp_ap_paging_on
smp_trampoline_end:

global tr_pm32_label, tr_gdt_label
tr_pm32_label equ tr_pm32
tr_gdt_label equ tr_gdt

; Paging comes on here, in the kernel's text at its physical address
; (ebx: the trampoline page): the identity entry of the temporary table
; maps it like the direct map does, executable, where the trampoline's own
; page, ordinary RAM, may be no-execute (PAE with NX).
section .text
global smp_ap_paging_on
smp_ap_paging_on:
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax
	mov esp, [ebx + OFF(tr_stack)]
	xor ebp, ebp                    ; ends stack traces
	mov eax, [ebx + OFF(tr_entry)]
	jmp eax

section .note.GNU-stack noalloc noexec nowrite progbits
