/* Kernel mappings of highmem pages (mm/highmem.c).
 *
 * A highmem page has no permanent kernel address; code that must touch one
 * maps it for a while. Lowmem pages need no mapping: every call below
 * returns (or accepts) their direct-map address and counts nothing.
 *
 * kmap()/kunmap(): the pkmap window, LAST_PKMAP 4 KiB slots the architecture
 * sets aside (include/mm/arch.h), with Linux's counting: pkmap_count[slot]
 * is 0 when free, 1 when mapped but unused (the TLB may still hold it, so it
 * needs a flush before reuse), and n > 1 when n - 1 kmap() calls hold it. A
 * page kmapped twice shares one slot. Free slots are found by a scan from
 * the last one used; when the scan wraps, every count-1 slot is cleared with
 * a single arch_flush_tlb_all(), which reaches every CPU (a TLB shootdown).
 * page_address() of a highmem page is its pkmap address while the page
 * holds a slot (count >= 1) and NULL otherwise. The window is shared by
 * every CPU (mm/highmem.c: kmap_lock, never held across the shootdown).
 *
 * Difference from Linux: when every slot is in use, Linux sleeps until a
 * kunmap() frees one. There is no scheduler to sleep in here, so kmap()
 * prints the pool state once per exhaustion episode (until a slot is
 * released) and returns NULL; callers must check.
 *
 * kmap() may sleep in Linux, so calling it from interrupt or atomic context,
 * or with interrupts disabled, is a bug: it is reported in might_sleep()'s
 * format ("BUG: sleeping function called from invalid context at
 * FILE:LINE"), once per call site, and then served (nothing sleeps here).
 *
 * kmap_atomic()/kmap_local_page(): a per-CPU stack of KM_MAX_IDX slots
 * (include/mm/arch.h), usable from any context including hardirq. A
 * mapping is this CPU's: used and released on the CPU that made it (a
 * release on another CPU is reported and changes nothing). Mappings
 * are released in reverse order; an out-of-order release is reported (both
 * addresses), unmapped at once and marked, and its stack entry is popped
 * when the entries above it are. Nesting beyond KM_MAX_IDX is reported and
 * returns NULL; nothing is pushed. kmap_atomic() disables preemption
 * (in_atomic() is true while it is held, for lowmem pages too, as in Linux);
 * kmap_local_page() does not. Release flushes the slot's TLB entry on this
 * CPU only: no IPI. */
#ifndef MM_HIGHMEM_H
#define MM_HIGHMEM_H

#include <mm/mm.h>

/* The address a highmem page is currently mapped at by kmap() (also when
 * the mapping is unused, count 1), or NULL. The direct-map address for a
 * lowmem page. Any context. */
void *kmap_page_address(struct page *page);

/* Map a page for a short, non-sleeping use; any context. Returns NULL only
 * when the stack is full (reported). Undo with kunmap_atomic() in reverse
 * order of mapping; kunmap_atomic(NULL) does nothing. */
/* void *kmap_atomic(struct page *page); void kunmap_atomic(void *addr);
 * (inline: include/mm/highmem_local.h) */

/* The same stack without disabling preemption (Linux's kmap_local). Undo
 * with kunmap_local() in reverse order. */
/* void *kmap_local_page(struct page *page); void kunmap_local(void *addr);
 * (inline: include/mm/highmem_local.h) */
#include <mm/highmem_local.h>

/* Map a page into the pkmap window (process context). Returns its address,
 * or NULL when the window is full (reported; Linux would sleep). kmap()
 * records the call site for the invalid-context report. */
struct kmap_site {
	const char *file;
	int line;
	bool reported;          /* the invalid-context report was printed */
};
void *__kmap(struct page *page, struct kmap_site *site);
#define kmap(page) ({                                                    \
	static struct kmap_site __kmap_site = { __FILE__, __LINE__, false }; \
	__kmap((page), &__kmap_site);                                    \
})
/* Drop one kmap() reference. A page that is not kmapped is reported
 * (WARN) and nothing changes. */
void kunmap(struct page *page);

/* Zero a page / copy into or out of part of one, through a temporary
 * mapping when it is highmem. Any context. offset + len must not exceed
 * PAGE_SIZE (BUG otherwise). */
void clear_highpage(struct page *page);
void memcpy_to_page(struct page *page, size_t offset, const void *src, size_t len);
void memcpy_from_page(void *dst, struct page *page, size_t offset, size_t len);

/* ------------------------------------------------------------------------
 * State, for the shell, tests and the ktest state hook.
 */

struct kmap_pool_state {
	unsigned int free;          /* pkmap slots with count 0 */
	unsigned int unused;        /* count 1: mapped, awaiting a flush */
	unsigned int in_use;        /* count > 1 */
	unsigned int atomic_depth;  /* kmap_atomic/kmap_local stack entries */
};
void kmap_get_pool_state(struct kmap_pool_state *st);
/* Print the pool state (one line) and every held mapping. */
void kmap_show_state(void);

/* Events since boot (or kmap_reset()). */
struct kmap_stats {
	unsigned long pool_full;        /* kmap() refused: window full */
	unsigned long flushes;          /* wraps that cleared count-1 slots */
	unsigned long bad_context;      /* kmap() from atomic/irq context */
	unsigned long bad_kunmap;       /* kunmap() of a page not kmapped */
	unsigned long atomic_overflow;  /* kmap_atomic/local refused: stack full */
	unsigned long atomic_misorder;  /* out-of-order atomic/local releases */
	unsigned long atomic_bad_unmap; /* release of an address not mapped */
};
void kmap_get_stats(struct kmap_stats *st);

/* pkmap slots with count > 1 plus the atomic stack depth: zero whenever
 * nobody holds a mapping. Sampled by the "kmap_slots" ktest state hook. */
unsigned int kmap_slots_in_use(void);
/* The count of the pkmap slot holding addr, or -1 when addr is not in the
 * pkmap window. */
int pkmap_slot_count(const void *addr);

/* Test helper (host): unmap every pkmap and atomic slot, zero the counts,
 * the scan position and the stats, as at boot. Nobody may hold a mapping. */
void kmap_reset(void);

#endif
