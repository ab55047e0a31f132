; mm386 entry: Multiboot1 and Multiboot2 headers, early page tables, and the
; jump to the higher half. Runs in 32-bit protected mode with paging off, as
; both Multiboot specifications promise; EAX holds the boot magic and EBX the
; physical address of the boot information.
;
; boot_paging_setup comes from the page-table format's file
; (boot/paging_2level.asm or boot/paging_3level.asm): it builds the boot
; tables, loads CR3 (and CR4.PAE) and returns with paging still off. The
; 2-level builder lives here because the PAE kernel falls back to it on a
; CPU without PAE, to report that in C.

bits 32

PAGE_OFFSET       equ 0xC0000000
PAGE_SIZE         equ 4096
PTE_PRESENT       equ 0x001
PTE_WRITE         equ 0x002
CR0_PG            equ 0x80000000
CR0_WP            equ 0x00010000
BOOT_MAPPED_MB    equ 16               ; identity + higher-half map of [0, 16 MiB)
BOOT_PT_COUNT     equ BOOT_MAPPED_MB / 4
PDE_KERNEL_FIRST  equ PAGE_OFFSET >> 22
PDE_PKMAP         equ 1022             ; 2-level PKMAP_BASE 0xFF800000
PDE_FIXMAP        equ 1023             ; 2-level FIXADDR_START 0xFFC00000
BOOT_STACK_SIZE   equ 16384

; Multiboot 1 (header within the first 8 KiB, 4-byte aligned)
MB1_HEADER_MAGIC  equ 0x1BADB002
MB1_PAGE_ALIGN    equ 1 << 0           ; modules on page boundaries
MB1_MEMORY_INFO   equ 1 << 1           ; ask for mem_lower/upper and the map
MB1_FLAGS         equ MB1_PAGE_ALIGN | MB1_MEMORY_INFO

; Multiboot 2 (header within the first 32 KiB, 8-byte aligned)
MB2_HEADER_MAGIC  equ 0xE85250D6
MB2_ARCH_I386     equ 0
MB2_TAG_END       equ 0

section .multiboot
align 4
mb1_header:
	dd MB1_HEADER_MAGIC
	dd MB1_FLAGS
	dd -(MB1_HEADER_MAGIC + MB1_FLAGS)

align 8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	align 8
	dw MB2_TAG_END
	dw 0
	dd 8
mb2_header_end:

; Entry, linked at its physical address (paging is still off).
section .boot.text
global _start
_start:
	cli
	cld
	mov esp, boot_stack_top - PAGE_OFFSET
	mov esi, eax                    ; keep magic and info across the setup
	mov [boot_info_phys - PAGE_OFFSET], ebx

	call boot_paging_setup
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax

	lea eax, [higher_half]
	jmp eax

; Build 2-level boot tables mapping [0, 16 MiB) at 0 and at PAGE_OFFSET,
; plus the kmap and fixmap tables, and load CR3. Clobbers EAX, ECX, EDI.
global boot_paging_2level
boot_paging_2level:
	; Fill the boot page tables: BOOT_PT_COUNT tables mapping [0, 16 MiB).
	mov edi, boot_page_tables - PAGE_OFFSET
	mov eax, PTE_PRESENT | PTE_WRITE
	mov ecx, BOOT_PT_COUNT * 1024
.fill_pte:
	mov [edi], eax
	add eax, PAGE_SIZE
	add edi, 4
	loop .fill_pte

	; Point the identity PDEs and the higher-half PDEs at them.
	mov edi, boot_page_directory - PAGE_OFFSET
	mov eax, (boot_page_tables - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE
	xor ecx, ecx
.fill_pde:
	mov [edi + ecx * 4], eax
	mov [edi + (PDE_KERNEL_FIRST * 4) + ecx * 4], eax
	add eax, PAGE_SIZE
	inc ecx
	cmp ecx, BOOT_PT_COUNT
	jne .fill_pde

	; The kmap window and the fixmap each get one static page table.
	mov dword [edi + PDE_PKMAP * 4], (pkmap_page_table - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE
	mov dword [edi + PDE_FIXMAP * 4], (fixmap_page_table - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE

	mov cr3, edi
	ret

section .text
higher_half:
	mov esp, boot_stack_top
	xor ebp, ebp                    ; ends stack traces
	mov ebx, [boot_info_phys]
	push ebx                        ; boot information (physical)
	push esi                        ; boot magic
	extern arch_start
	call arch_start
.hang:
	cli
	hlt
	jmp .hang

section .data
align 4
boot_info_phys: dd 0

section .bss
align PAGE_SIZE
extern boot_paging_setup
global boot_page_directory, boot_page_tables, pkmap_page_table, fixmap_page_table
boot_page_directory: resb PAGE_SIZE
boot_page_tables:    resb PAGE_SIZE * BOOT_PT_COUNT
pkmap_page_table:    resb PAGE_SIZE
fixmap_page_table:   resb PAGE_SIZE
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:   resb BOOT_STACK_SIZE
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
