/* Kernel mappings of highmem pages: the pkmap window behind kmap() and the
 * per-CPU slot stack behind kmap_atomic()/kmap_local_page(). Semantics,
 * and where they differ from Linux, are in include/mm/highmem.h.
 *
 * One CPU: all state is guarded by disabling interrupts, so the atomic stack
 * is usable from hardirq context and a (reported) kmap() from an interrupt
 * cannot corrupt the window either. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/pfn.h>

#define LAST_PKMAP_MASK  (LAST_PKMAP - 1)
/* Buckets of the pfn -> pkmap slot lookup (as Linux's page_address_htable). */
#define PKMAP_HASH_SIZE  128
/* Hash links hold slot + 1, so that the zeroed boot state means "empty". */
#define PKMAP_NO_SLOT    0
#define PKMAP_UNUSED     1      /* pkmap_count of a mapped, unused slot */

static unsigned long pkmap_addr(unsigned int nr)
{
	return arch_pkmap_base() + ((unsigned long)nr << PAGE_SHIFT);
}

/* ------------------------------------------------------------------------
 * The pkmap window.
 */

static int pkmap_count[LAST_PKMAP];
static unsigned long pkmap_pfn[LAST_PKMAP];     /* frame of a slot with count >= 1 */
static u16 pkmap_next[LAST_PKMAP];
static u16 pkmap_hash[PKMAP_HASH_SIZE];
static unsigned int last_pkmap_nr;
/* The current exhaustion episode has been reported; cleared when a slot is
 * released. */
static bool pkmap_full_reported;
static struct kmap_stats stats;

static unsigned int pkmap_bucket(unsigned long pfn)
{
	return (unsigned int)(pfn % PKMAP_HASH_SIZE);
}

/* Slot holding pfn (count >= 1), or -1. Interrupts off. */
static int pkmap_lookup(unsigned long pfn)
{
	unsigned int link;

	for (link = pkmap_hash[pkmap_bucket(pfn)]; link != PKMAP_NO_SLOT;
	     link = pkmap_next[link - 1]) {
		if (pkmap_pfn[link - 1] == pfn)
			return (int)(link - 1);
	}
	return -1;
}

static void pkmap_hash_add(unsigned int nr, unsigned long pfn)
{
	unsigned int b = pkmap_bucket(pfn);

	pkmap_pfn[nr] = pfn;
	pkmap_next[nr] = pkmap_hash[b];
	pkmap_hash[b] = (u16)(nr + 1);
}

static void pkmap_hash_del(unsigned int nr)
{
	u16 *link = &pkmap_hash[pkmap_bucket(pkmap_pfn[nr])];

	while (*link != nr + 1)
		link = &pkmap_next[*link - 1];
	*link = pkmap_next[nr];
	pkmap_next[nr] = PKMAP_NO_SLOT;
}

static void pkmap_tally(struct kmap_pool_state *st)
{
	unsigned int i;

	st->free = st->unused = st->in_use = 0;
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] == 0)
			st->free++;
		else if (pkmap_count[i] == PKMAP_UNUSED)
			st->unused++;
		else
			st->in_use++;
	}
}

/* Clear every mapped-but-unused slot, then flush the TLB once (only when
 * something was cleared): afterwards their old translations are gone and
 * the slots can be handed out again. Interrupts off. */
static void flush_all_zero_pkmaps(void)
{
	bool need_flush = false;
	unsigned int i;

	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] != PKMAP_UNUSED)
			continue;
		pkmap_count[i] = 0;
		arch_unmap_kernel_page(pkmap_addr(i));
		pkmap_hash_del(i);
		need_flush = true;
	}
	if (need_flush) {
		arch_flush_tlb_all();
		stats.flushes++;
	}
}

/* Interrupts off. Linux sleeps on a full window; here the caller gets -1. */
static void pkmap_report_full(void)
{
	struct kmap_pool_state st;

	stats.pool_full++;
	if (pkmap_full_reported)
		return;
	pkmap_full_reported = true;
	pkmap_tally(&st);
	pr_err("kmap: pkmap window full (%u free, %u unused, %u in use of %d slots): "
	       "returning NULL, there is no scheduler to wait on\n",
	       st.free, st.unused, st.in_use, LAST_PKMAP);
}

/* Find a free slot scanning on from the last one, flushing when the scan
 * wraps, and map pfn there with count 1. Returns the slot, or -1 when every
 * slot is in use (after at most two passes). Interrupts off. */
static int map_new_virtual(unsigned long pfn)
{
	unsigned int budget = LAST_PKMAP;
	unsigned int nr;

	for (;;) {
		last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
		if (last_pkmap_nr == 0) {
			flush_all_zero_pkmaps();
			budget = LAST_PKMAP;
		}
		if (pkmap_count[last_pkmap_nr] == 0)
			break;
		if (--budget == 0) {
			pkmap_report_full();
			return -1;
		}
	}
	nr = last_pkmap_nr;
	arch_map_kernel_page(pkmap_addr(nr), pfn);
	pkmap_count[nr] = PKMAP_UNUSED;
	pkmap_hash_add(nr, pfn);
	return (int)nr;
}

/* kmap() may sleep in Linux: the common might_sleep() check and report
 * (once per call site: reported points at the call site's flag). */
static inline void kmap_check_context(const char *file, int line, bool *reported)
{
	if (might_sleep_at(file, line, reported)) {
		unsigned long flags = arch_irq_save();

		stats.bad_context++;
		arch_irq_restore(flags);
	}
}

void *__kmap(struct page *page, const char *file, int line, bool *reported)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long flags;
	int nr;

	kmap_check_context(file, line, reported);
	if (!PageHighMem(page))
		return page_address(page);
	flags = arch_irq_save();
	nr = pkmap_lookup(pfn);
	if (nr < 0)
		nr = map_new_virtual(pfn);
	if (nr >= 0)
		pkmap_count[nr]++;
	arch_irq_restore(flags);
	return nr < 0 ? NULL : (void *)pkmap_addr(nr);
}

void kunmap(struct page *page)
{
	unsigned long pfn = page_to_pfn(page);
	unsigned long flags;
	int nr;

	if (!PageHighMem(page))
		return;
	flags = arch_irq_save();
	nr = pkmap_lookup(pfn);
	if (nr < 0 || pkmap_count[nr] <= PKMAP_UNUSED) {
		stats.bad_kunmap++;
		arch_irq_restore(flags);
		WARN(1, "kunmap: page pfn %#lx is not kmapped\n", pfn);
		return;
	}
	if (--pkmap_count[nr] == PKMAP_UNUSED)
		pkmap_full_reported = false;
	arch_irq_restore(flags);
}

void *kmap_page_address(struct page *page)
{
	unsigned long flags;
	int nr;

	if (!PageHighMem(page))
		return page_address(page);
	flags = arch_irq_save();
	nr = pkmap_lookup(page_to_pfn(page));
	arch_irq_restore(flags);
	return nr < 0 ? NULL : (void *)pkmap_addr(nr);
}

int pkmap_slot_count(const void *addr)
{
	unsigned long vaddr = (unsigned long)addr;

	if (vaddr < pkmap_addr(0) || vaddr >= pkmap_addr(LAST_PKMAP))
		return -1;
	return pkmap_count[(vaddr - pkmap_addr(0)) >> PAGE_SHIFT];
}

/* ------------------------------------------------------------------------
 * The kmap_atomic / kmap_local stack: entry i uses the architecture's
 * slot i (include/mm/arch.h).
 */

struct km_entry {
	unsigned long pfn;
	bool local;             /* kmap_local_page(): preemption untouched */
	bool released;          /* unmapped out of order, awaiting the pop */
};

static struct km_entry km_stack[KM_MAX_IDX];
static unsigned int km_depth;
/* Slot 0's address, asked of the architecture once: the slots lie below
 * it one page apart (include/mm/arch.h), so an index and an address
 * convert by arithmetic. */
static unsigned long km_slot0;

static inline unsigned long km_base(void)
{
	if (unlikely(!km_slot0))
		km_slot0 = arch_kmap_atomic_vaddr(0);
	return km_slot0;
}

static inline unsigned long km_vaddr(unsigned int idx)
{
	return km_base() - ((unsigned long)idx << PAGE_SHIFT);
}

/* Stack index of an address inside a kmap_atomic slot, or -1. */
static inline int km_index(unsigned long vaddr)
{
	unsigned long idx = (km_base() - (vaddr & PAGE_MASK)) >> PAGE_SHIFT;

	return idx < KM_MAX_IDX ? (int)idx : -1;
}

static const char *km_name(bool local)
{
	return local ? "kmap_local_page" : "kmap_atomic";
}

static const char *km_unmap_name(bool local)
{
	return local ? "kunmap_local" : "kunmap_atomic";
}

/* Push a mapping of page on the stack; NULL when the stack is full (then
 * kmap_atomic()'s preemption count is dropped again). No interrupt
 * masking: an interrupt handler that maps and unmaps in LIFO order leaves
 * km_depth as it found it, wherever it lands in this sequence (the reason
 * Linux's kmap_atomic stack needs no lock either). */
static __always_inline void *km_push(struct page *page, bool local)
{
	unsigned int idx = km_depth;

	if (unlikely(idx >= KM_MAX_IDX)) {
		stats.atomic_overflow++;
		WARN(1, "%s: nesting deeper than %d slots refused (pfn %#lx)\n",
		     km_name(local), KM_MAX_IDX, page_to_pfn(page));
		if (!local)
			preempt_enable();   /* kmap_atomic() took it */
		return NULL;
	}
	km_depth = idx + 1;
	km_stack[idx].pfn = page_to_pfn(page);
	km_stack[idx].local = local;
	km_stack[idx].released = false;
	arch_kmap_atomic_set(idx, km_stack[idx].pfn);
	return (void *)km_vaddr(idx);
}

/* Release one stack mapping. The slot is unmapped and invalidated at once;
 * the stack pops down through every released entry on top. Returns false
 * when addr is not a live mapping (reported, nothing changes); *was_local
 * gets the kind the entry was mapped with. */
static bool km_pop(unsigned long vaddr, int idx, bool local, bool *was_local)
{
	unsigned long flags = arch_irq_save();
	unsigned long top_vaddr;
	bool misordered;

	if ((unsigned int)idx >= km_depth || km_stack[idx].released) {
		stats.atomic_bad_unmap++;
		arch_irq_restore(flags);
		WARN(1, "%s: %#lx is not mapped\n", km_unmap_name(local), vaddr);
		return false;
	}
	*was_local = km_stack[idx].local;
	top_vaddr = km_vaddr(km_depth - 1);
	misordered = (unsigned int)idx != km_depth - 1;
	arch_kmap_atomic_clear((unsigned int)idx);
	km_stack[idx].released = true;
	while (km_depth && km_stack[km_depth - 1].released)
		km_depth--;
	if (misordered)
		stats.atomic_misorder++;
	arch_irq_restore(flags);
	WARN(misordered, "%s: %#lx released out of order, the last mapping is %#lx; "
	     "unmapped now, its slot is reused once the mappings above it go\n",
	     km_unmap_name(local), vaddr, top_vaddr);
	WARN(*was_local != local, "%s: %#lx was mapped by %s\n",
	     km_unmap_name(local), vaddr, km_name(*was_local));
	return true;
}

void *kmap_atomic(struct page *page)
{
	preempt_disable();
	if (!PageHighMem(page))
		return page_address(page);
	return km_push(page, false);
}

static __always_inline void km_release(void *addr, bool local)
{
	unsigned long vaddr = (unsigned long)addr;
	int idx;
	bool was_local = local;

	idx = km_index(vaddr);
	/* The common case: the top of the stack, released by its own kind.
	 * (The top entry is never one released out of order: those are
	 * popped as soon as they reach the top.) */
	if (likely(idx >= 0 && (unsigned int)idx + 1 == km_depth &&
		   km_stack[idx].local == local)) {
		arch_kmap_atomic_clear((unsigned int)idx);
		km_depth = (unsigned int)idx;
		while (km_depth && km_stack[km_depth - 1].released)
			km_depth--;
		if (!local)
			preempt_enable();
		return;
	}
	if (!addr)
		return;
	if (idx < 0 && pkmap_slot_count(addr) >= 0) {
		WARN(1, "%s: %#lx is a kmap() address\n", km_unmap_name(local), vaddr);
		return;
	}
	if (idx >= 0 && !km_pop(vaddr, idx, local, &was_local))
		return;
	/* A direct-map address (lowmem page) maps nothing to release. */
	if (!was_local)
		preempt_enable();
}

void kunmap_atomic(void *addr)
{
	km_release(addr, false);
}

void *kmap_local_page(struct page *page)
{
	if (!PageHighMem(page))
		return page_address(page);
	return km_push(page, true);
}

void kunmap_local(void *addr)
{
	km_release(addr, true);
}

/* ------------------------------------------------------------------------
 * Helpers for mm/.
 */

void clear_highpage(struct page *page)
{
	void *addr = kmap_local_page(page);

	BUG_ON(!addr);
	memset(addr, 0, PAGE_SIZE);
	kunmap_local(addr);
}

void memcpy_to_page(struct page *page, size_t offset, const void *src, size_t len)
{
	u8 *addr;

	BUG_ON(offset > PAGE_SIZE || len > PAGE_SIZE - offset);
	addr = kmap_local_page(page);
	BUG_ON(!addr);
	memcpy(addr + offset, src, len);
	kunmap_local(addr);
}

void memcpy_from_page(void *dst, struct page *page, size_t offset, size_t len)
{
	const u8 *addr;

	BUG_ON(offset > PAGE_SIZE || len > PAGE_SIZE - offset);
	addr = kmap_local_page(page);
	BUG_ON(!addr);
	memcpy(dst, addr + offset, len);
	kunmap_local((void *)addr);
}

/* ------------------------------------------------------------------------
 * State.
 */

void kmap_get_pool_state(struct kmap_pool_state *st)
{
	unsigned long flags = arch_irq_save();

	pkmap_tally(st);
	st->atomic_depth = km_depth;
	arch_irq_restore(flags);
}

void kmap_get_stats(struct kmap_stats *st)
{
	unsigned long flags = arch_irq_save();

	*st = stats;
	arch_irq_restore(flags);
}

unsigned int kmap_slots_in_use(void)
{
	struct kmap_pool_state st;

	kmap_get_pool_state(&st);
	return st.in_use + st.atomic_depth;
}

void kmap_show_state(void)
{
	struct kmap_pool_state st;
	unsigned int i;

	kmap_get_pool_state(&st);
	pr_info("kmap: pkmap %u free, %u unused, %u in use of %d; atomic stack %u of %d\n",
		st.free, st.unused, st.in_use, LAST_PKMAP, st.atomic_depth, KM_MAX_IDX);
	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i] > PKMAP_UNUSED)
			pr_info("  pkmap  %#lx pfn %#lx users %d\n", pkmap_addr(i),
				pkmap_pfn[i], pkmap_count[i] - 1);
	}
	for (i = 0; i < st.atomic_depth && i < KM_MAX_IDX; i++)
		pr_info("  %-6s %#lx pfn %#lx%s\n", km_stack[i].local ? "local" : "atomic",
			km_vaddr(i), km_stack[i].pfn,
			km_stack[i].released ? " (released out of order)" : "");
}

void kmap_reset(void)
{
	unsigned long flags = arch_irq_save();
	unsigned int i;

	for (i = 0; i < LAST_PKMAP; i++) {
		if (pkmap_count[i])
			arch_unmap_kernel_page(pkmap_addr(i));
	}
	for (i = 0; i < km_depth; i++) {
		if (!km_stack[i].released)
			arch_unmap_kernel_page(km_vaddr(i));
	}
	memset(pkmap_count, 0, sizeof(pkmap_count));
	memset(pkmap_next, 0, sizeof(pkmap_next));
	memset(pkmap_hash, 0, sizeof(pkmap_hash));
	memset(&stats, 0, sizeof(stats));
	last_pkmap_nr = 0;
	pkmap_full_reported = false;
	km_depth = 0;
	arch_flush_tlb_all();
	arch_irq_restore(flags);
}
