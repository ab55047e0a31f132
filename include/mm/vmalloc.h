/* vmalloc, vmap and ioremap: virtually contiguous kernel mappings in the
 * vmalloc area (Linux mm/vmalloc.c, arch/x86/mm/ioremap.c semantics).
 *
 * The area lies between the direct map and the pkmap window
 * (arch_vmalloc_range()). Every area is followed by one unmapped guard
 * page, counted in its size as Linux does, so a write past the end faults.
 * Addresses come from a first-fit range allocator (include/mm/vmap_area.h);
 * page tables are made when an area first needs them and kept.
 *
 * Freeing unmaps at once but flushes the TLB lazily: a freed area stays
 * reserved ("unpurged") until a purge flushes the TLB and returns it to the
 * free ranges, so no address is reused while a stale TLB entry may still
 * point at a freed page. A purge runs when VMAP_LAZY_MAX_PAGES have piled
 * up, when an allocation finds no room, and on vm_unmap_aliases().
 *
 * Context: allocation may sleep (might_sleep()); vfree() from interrupt
 * context is deferred to a tasklet, as Linux defers it to a work item;
 * vunmap() and iounmap() are process context. Locking: the area trees are
 * guarded by disabling interrupts. */
#ifndef MM_VMALLOC_H
#define MM_VMALLOC_H

#include <kernel/types.h>
#include <mm/arch.h>
#include <mm/gfp.h>

struct page;

/* vm_struct flags (Linux values). */
#define VM_IOREMAP      0x00000001ul    /* ioremap() and friends */
#define VM_ALLOC        0x00000002ul    /* vmalloc() */
#define VM_MAP          0x00000004ul    /* vmap()ed pages */
#define VM_VPAGES       0x00000010ul    /* the page array was vmalloc()ed */

/* Freed areas waiting for a TLB flush before their addresses are reused:
 * Linux's lazy_max_pages() on one CPU (32 MiB). */
#define VMAP_LAZY_MAX_PAGES (32ul << (20 - PAGE_SHIFT))

struct vm_struct {
	void *addr;
	unsigned long size;             /* bytes, the guard page included */
	unsigned long flags;            /* VM_* */
	struct page **pages;            /* VM_ALLOC, VM_MAP: nr_pages pages */
	unsigned int nr_pages;
	phys_addr_t phys_addr;          /* VM_IOREMAP: first mapped byte's page */
	enum page_cache_mode mode;      /* the mode the PTEs got */
	const void *caller;             /* return address of the allocating call */
};

/* Mapping protection for vmap(): the cache mode of the PTEs. */
typedef struct { enum page_cache_mode mode; } pgprot_t;
#define PAGE_KERNEL             ((pgprot_t){ PAGE_CACHE_MODE_WB })
#define PAGE_KERNEL_NOCACHE     ((pgprot_t){ PAGE_CACHE_MODE_UC_MINUS })

/* Set up the area's allocator. After kmem_cache_init(), before any user. */
void vmalloc_init(void);
/* Tests on a simulated machine: undo vmalloc_init() (every area must have
 * been freed), so the machine can be dropped with no cache left behind. */
void vmalloc_exit(void);

/* size bytes (rounded up to pages) of virtually contiguous memory, from
 * pages allocated one by one with GFP_KERNEL | __GFP_HIGHMEM (so HighMem
 * backs them where there is some). NULL on failure, after Linux's
 * "vmalloc: allocation failure" report. May sleep. */
void *vmalloc(unsigned long size);
/* vmalloc, zeroed. */
void *vzalloc(unsigned long size);
/* vmalloc from pages that are 32-bit addressable and direct mapped
 * (GFP_KERNEL, no HighMem): below the end of lowmem on i386. */
void *vmalloc_32(unsigned long size);
/* vmalloc with the caller's gfp (zone modifiers other than __GFP_DMA /
 * __GFP_DMA32 get __GFP_HIGHMEM added; __GFP_ZERO zeroes;
 * __GFP_NOWARN silences the report). */
void *__vmalloc(unsigned long size, gfp_t gfp);
/* Free what vmalloc gave (NULL: nothing). From interrupt context the work
 * is deferred and done shortly after, in a tasklet. A bad address gets a
 * warning and changes nothing. */
void vfree(const void *addr);

/* Map count pages contiguously with prot (flags: VM_MAP). The pages stay
 * the caller's. NULL on failure. May sleep. */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot);
/* Undo vmap() (the pages are not freed). Process context. */
void vunmap(const void *addr);

/* The page mapped at a vmalloc/vmap address, or NULL when none is. */
struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
/* True for an address inside the vmalloc area. Any context. */
bool is_vmalloc_addr(const void *addr);

/* Linux 4.12+: kmalloc first (without retrying hard or warning when size
 * is above a page), vmalloc when that fails or for sizes kmalloc would
 * have to work hard for. A gfp that is not GFP_KERNEL-compatible (atomic,
 * NOFS, NOIO) gets kmalloc only, since the page tables vmalloc may need
 * are allocated with GFP_KERNEL. kvfree() frees either. */
void *kvmalloc(size_t size, gfp_t flags);
void *kvzalloc(size_t size, gfp_t flags);
void kvfree(const void *addr);

/* Reserve an area of size bytes (plus the guard page) with flags, mapping
 * nothing; get_vm_area_caller records caller. NULL when there is no room. */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller);
/* The live area that starts at addr, or NULL. */
struct vm_struct *find_vm_area(const void *addr);
/* Unmap and release an area from get_vm_area (its pages are not freed). */
void free_vm_area(struct vm_struct *area);
/* Purge now: flush the TLB for lazily freed areas and return their
 * addresses to the free ranges (Linux's vm_unmap_aliases()). */
void vm_unmap_aliases(void);

/* Map [phys, phys + size) uncached (UC-, ioremap_nocache is the same),
 * strongly uncached (ioremap_uc), or write-combining where the CPU has a
 * PAT, else UC- (ioremap_wc). Refused with Linux's "ioremap on RAM at ..."
 * warning when the range holds RAM the kernel manages; the legacy ISA
 * range 0xa0000-0xfffff (VGA memory, option ROMs) is device memory. The
 * offset of phys inside its page is kept. NULL on failure. May sleep. */
#define __iomem
void __iomem *ioremap(phys_addr_t phys, unsigned long size);
void __iomem *ioremap_nocache(phys_addr_t phys, unsigned long size);
void __iomem *ioremap_uc(phys_addr_t phys, unsigned long size);
void __iomem *ioremap_wc(phys_addr_t phys, unsigned long size);
void iounmap(volatile void __iomem *addr);

/* ------------------------------------------------------------------------
 * Reports (mm/vmalloc_report.c).
 */

/* /proc/vmallocinfo: one line per area in address order,
 *   0xSTART-0xEND SIZE CALLER [pages=N] [phys=0x...] ioremap|vmalloc|vmap [vpages]
 * and "0xSTART-0xEND SIZE unpurged vm_area" for freed, unflushed ones. */
void vmallocinfo_show(void);

struct vmalloc_info {
	unsigned long total;            /* bytes in the area */
	unsigned long used;             /* bytes of pages vmalloc() holds */
	unsigned long chunk;            /* largest free range, bytes */
	unsigned long nr_areas;         /* live areas */
	unsigned long nr_lazy;          /* freed, waiting for a purge */
	unsigned long lazy_pages;
	unsigned long nr_free_ranges;
	unsigned long free_bytes;
};
void vmalloc_get_info(struct vmalloc_info *info);

/* The range allocator's consistency check (tests): NULL or the problem. */
const char *vmalloc_check(void);

/* For the page-fault report: if addr is in the vmalloc area, print one
 * line saying whose area or guard page it is, a freed area, or free
 * space, and return true. Any context, no allocation. */
bool vmalloc_report_fault(unsigned long addr);

#endif
