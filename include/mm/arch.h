/* The machine contract of mm/: everything mm/ may ask of the MMU.
 * arch/x86/mm.c implements it; tests/host/stubs.c implements it over a
 * malloc'd "physical memory". mm/ includes no other arch header. */
#ifndef MM_ARCH_H
#define MM_ARCH_H

#include <kconfig.h>
#include <kernel/types.h>
#include <mm/gfp.h>

/* Kernel virtual address of a physical address inside the direct map
 * ([0, lowmem_end) on the kernel). Anything else is a bug (BUG: the run
 * ends with a report); highmem is reached through kmap. */
void *arch_phys_to_virt(phys_addr_t phys);
/* Physical address of a direct-map kernel virtual address (a bug for any
 * other address). */
phys_addr_t arch_virt_to_phys(const void *virt);
/* End of the direct map: physical [0, end) is reachable through
 * arch_phys_to_virt(). Grows once, when the final page tables are built. */
phys_addr_t arch_direct_map_end(void);

/* Map one 4 KiB page at kernel virtual address vaddr to frame pfn
 * (present, writable, kernel only), or clear that mapping. These do not
 * flush the TLB: callers flush with arch_flush_tlb_one / arch_flush_tlb_all. */
void arch_map_kernel_page(unsigned long vaddr, unsigned long pfn);
void arch_unmap_kernel_page(unsigned long vaddr);
/* The frame mapped at vaddr, or -1UL when not mapped. */
unsigned long arch_kernel_page_pfn(unsigned long vaddr);
void arch_flush_tlb_one(unsigned long vaddr);
void arch_flush_tlb_all(void);

/* The kmap windows mm/highmem.c manages. The architecture sets aside
 * LAST_PKMAP consecutive pages of kernel virtual space for kmap(), slot nr
 * at arch_pkmap_base() + nr pages, and KM_MAX_IDX pages per CPU for that
 * CPU's kmap_atomic/kmap_local stack: CPU cpu's entry idx at
 * arch_kmap_atomic_vaddr(cpu, idx) = arch_kmap_atomic_vaddr(cpu, 0) - idx
 * pages (the stack grows down, as Linux's fixmap slots FIX_KMAP_BEGIN +
 * KM_TYPE_NR * cpu + idx do), no two CPUs' ranges overlapping. LAST_PKMAP
 * is one page table's worth of entries: 1024 with 4-byte entries, 512 with
 * PAE's 8-byte ones (kconfig.h). */
#define LAST_PKMAP CONFIG_LAST_PKMAP
#define KM_MAX_IDX 16
/* The kmap_atomic fast path. arch_kmap_atomic_set() maps the stack slot
 * holding vaddr (any address inside it) to frame pfn;
 * arch_kmap_atomic_clear() clears it and flushes this CPU's TLB entry
 * alone: a CPU only ever uses its own slots, so no other CPU holds the
 * translation and no IPI is needed. No checks: vaddr must be one of this
 * CPU's slots. Inline in the kernel (arch/x86/include/asm/highmem.h: a
 * call would cost more than the PTE write), with arch_pkmap_base(); out of
 * line on the host (tests/host/stubs.c). */
#ifdef MM386_HOST
unsigned long arch_pkmap_base(void);
unsigned long arch_kmap_atomic_vaddr(unsigned int cpu, unsigned int idx);
void arch_kmap_atomic_set(unsigned long vaddr, unsigned long pfn);
void arch_kmap_atomic_clear(unsigned long vaddr);
#endif

/* The vmalloc area: kernel virtual addresses [*start, *end) that mm/vmalloc.c
 * hands out (vmalloc, vmap, ioremap). Page aligned; valid once the kernel
 * page tables are built. */
void arch_vmalloc_range(unsigned long *start, unsigned long *end);

/* Cache attributes of a kernel mapping (Linux's enum page_cache_mode). */
enum page_cache_mode {
	PAGE_CACHE_MODE_WB,             /* write-back: RAM */
	PAGE_CACHE_MODE_WC,             /* write-combining: frame buffers */
	PAGE_CACHE_MODE_UC_MINUS,       /* uncached, MTRRs may still combine */
	PAGE_CACHE_MODE_UC,             /* strongly uncached */
	PAGE_CACHE_MODE_NR,
};

/* Make sure page tables exist for kernel addresses [start, end) inside
 * the vmalloc area, allocating missing ones with gfp (lowmem pages, zeroed).
 * Page tables are kept for good once created. Process context for a gfp
 * that may sleep. Returns 0, or -ENOMEM (tables made so far stay). */
int arch_kernel_pgtable_alloc(unsigned long start, unsigned long end, gfp_t gfp);
/* Pages turned into kernel page tables by arch_kernel_pgtable_alloc(). */
unsigned long arch_kernel_pgtable_pages(void);
/* Map one 4 KiB page like arch_map_kernel_page(), with cache mode mode
 * (its page table must exist). The CPU may lack a mode: then the nearest
 * stricter one is used (WC without PAT: UC_MINUS). Returns the mode used.
 * No TLB flush. */
enum page_cache_mode arch_map_kernel_page_mode(unsigned long vaddr, unsigned long pfn,
					       enum page_cache_mode mode);
/* The cache mode the mapping at vaddr has (it must be mapped). */
enum page_cache_mode arch_kernel_page_mode(unsigned long vaddr);
/* End of the physical addresses a kernel PTE can reach: 4 GiB with 2-level
 * i386 tables, 64 GiB with PAE (ioremap refuses anything above). */
phys_addr_t arch_phys_addr_limit(void);
/* True when mappings can have this mode as asked (WC needs PAT). */
bool arch_cache_mode_supported(enum page_cache_mode mode);

#ifndef MM386_HOST
#include <asm/highmem.h>
#endif

#endif
