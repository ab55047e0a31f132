; Boot page tables of the PAE format (build/kernel-pae.elf), after checking
; that the CPU has PAE: CPUID must exist (EFLAGS.ID toggles), answer leaf 1,
; and set its EDX bit 6. Enabling CR4.PAE on a CPU without it would fault
; with no handler installed (a triple fault); instead this falls back to the
; 2-level boot tables and sets boot_pae_missing, and the C code prints
; Linux's message and ends the run with the failure code
; (arch/x86/pgtable_3level.c, pgtable_check_cpu).
;
; The tables: boot_pdpt (4 entries, one per GiB) points at boot_identity_pmd
; for [0, 1 GiB) and kernel_pmd for [PAGE_OFFSET, 4 GiB); both map
; [0, 16 MiB) through BOOT_PT_COUNT page tables of 512 8-byte entries, and
; kernel_pmd's last two entries hold the kmap and fixmap tables.

bits 32

PAGE_OFFSET       equ 0xC0000000
PAGE_SIZE         equ 4096
PTE_PRESENT       equ 0x001
PTE_WRITE         equ 0x002
CR4_PAE           equ 1 << 5
EFLAGS_ID         equ 1 << 21
CPUID_FEATURES    equ 1                  ; leaf 1
CPUID_EDX_PAE     equ 1 << 6
PTE_BYTES         equ 8
PTRS_PER_PTE      equ 512
BOOT_MAPPED_MB    equ 16
BOOT_PT_COUNT     equ BOOT_MAPPED_MB / 2 ; one table maps 2 MiB
PGD_KERNEL        equ 3                  ; PAGE_OFFSET >> 30
PMD_PKMAP         equ 510                ; PKMAP_BASE 0xFFC00000
PMD_FIXMAP        equ 511                ; FIXADDR_START 0xFFE00000

section .boot.text
extern boot_paging_2level, pkmap_page_table, fixmap_page_table
global boot_paging_setup
boot_paging_setup:
	; CPUID exists when EFLAGS.ID can be flipped (not on a 386 or early 486).
	pushfd
	pop eax
	mov ecx, eax
	xor eax, EFLAGS_ID
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	xor eax, ecx
	test eax, EFLAGS_ID
	jz .no_pae
	xor eax, eax
	cpuid
	cmp eax, CPUID_FEATURES
	jb .no_pae
	mov eax, CPUID_FEATURES
	cpuid
	test edx, CPUID_EDX_PAE
	jz .no_pae

	; Page tables: entry i maps frame i (high halves stay zero: .bss).
	mov edi, boot_pae_tables - PAGE_OFFSET
	mov eax, PTE_PRESENT | PTE_WRITE
	mov ecx, BOOT_PT_COUNT * PTRS_PER_PTE
.fill_pte:
	mov [edi], eax
	add eax, PAGE_SIZE
	add edi, PTE_BYTES
	loop .fill_pte

	; Both page directories point their first entries at those tables.
	mov eax, (boot_pae_tables - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE
	xor ecx, ecx
.fill_pmd:
	mov [boot_identity_pmd - PAGE_OFFSET + ecx * PTE_BYTES], eax
	mov [kernel_pmd - PAGE_OFFSET + ecx * PTE_BYTES], eax
	add eax, PAGE_SIZE
	inc ecx
	cmp ecx, BOOT_PT_COUNT
	jne .fill_pmd
	mov dword [kernel_pmd - PAGE_OFFSET + PMD_PKMAP * PTE_BYTES], \
		(pkmap_page_table - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE
	mov dword [kernel_pmd - PAGE_OFFSET + PMD_FIXMAP * PTE_BYTES], \
		(fixmap_page_table - PAGE_OFFSET) + PTE_PRESENT + PTE_WRITE

	; PDPT entries take only the present and cache bits: R/W and U/S are
	; reserved there (a set one faults the CR3 load).
	mov dword [boot_pdpt - PAGE_OFFSET], (boot_identity_pmd - PAGE_OFFSET) + PTE_PRESENT
	mov dword [boot_pdpt - PAGE_OFFSET + PGD_KERNEL * PTE_BYTES], \
		(kernel_pmd - PAGE_OFFSET) + PTE_PRESENT

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, boot_pdpt - PAGE_OFFSET
	mov cr3, eax
	ret

.no_pae:
	mov byte [boot_pae_missing - PAGE_OFFSET], 1
	jmp boot_paging_2level

section .data
global boot_pae_missing
boot_pae_missing: db 0

section .bss
align PAGE_SIZE
global boot_pdpt, kernel_pmd
boot_pae_tables:   resb PAGE_SIZE * BOOT_PT_COUNT
boot_identity_pmd: resb PAGE_SIZE
kernel_pmd:        resb PAGE_SIZE
align 32                           ; CR3 holds a 32-byte aligned address
boot_pdpt:         resb 4 * PTE_BYTES

section .note.GNU-stack noalloc noexec nowrite progbits
