/* kmap_atomic()/kmap_local_page(): each CPU's stack of KM_MAX_IDX slots
 * (contract: include/mm/highmem.h; the slots: include/mm/arch.h).
 *
 * Every CPU owns its stack and its slots, as in Linux (fixmap slot
 * FIX_KMAP_BEGIN + KM_TYPE_NR * cpu + idx): no lock, no IPI, and a
 * released slot is flushed from this CPU's TLB alone with one invlpg.
 *
 * The balanced path is the slot push or pop, the PTE write or clear (and
 * the invlpg) and nothing else. Misuse costs it one compare each: the
 * release of anything but the top entry by its own kind, or of an entry
 * below which one was released out of order, falls to km_release_slow(),
 * which reports it and keeps the stack exact. An entry released out of
 * order is unmapped at once and marked; the nearest live entry above it
 * is flagged so that its own release, in order, pops the marked ones too.
 *
 * No interrupt masking on the balanced path: an interrupt handler that
 * maps and unmaps in LIFO order leaves the stack as it found it wherever
 * it lands (the reason Linux's stack needs no lock either); the depth is
 * raised before the slot's PTE is written and lowered after it is cleared,
 * so a handler never takes a slot in use. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/pfn.h>
#include "highmem_internal.h"

/* Stack entry states. KM_ATOMIC alone is the balanced path's case. */
#define KM_ATOMIC        0x0
#define KM_LOCAL         0x1    /* kmap_local_page(): preemption untouched */
#define KM_RELEASED      0x2    /* unmapped out of order, awaiting the pop */
#define KM_ABOVE_RELEASE 0x4    /* an entry below is KM_RELEASED */

struct km_cpu {
	unsigned int depth;
	u8 state[KM_MAX_IDX];
} __aligned(64);

static struct km_cpu km_cpus[NR_CPUS];

/* Misuse counters, every CPU's (slow paths only). */
static unsigned long km_overflow, km_misorder, km_bad_unmap;

static void km_count(unsigned long *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_RELAXED);
}

static const char *km_name(bool local)
{
	return local ? "kmap_local_page" : "kmap_atomic";
}

static const char *km_unmap_name(bool local)
{
	return local ? "kunmap_local" : "kunmap_atomic";
}

/* Stack index of the slot of CPU cpu holding vaddr; out of range
 * (>= KM_MAX_IDX) for any address outside cpu's slots. */
static __always_inline unsigned long km_index(unsigned int cpu, unsigned long vaddr)
{
	return (arch_kmap_atomic_vaddr(cpu, 0) + PAGE_SIZE - 1 - vaddr) >> PAGE_SHIFT;
}

static __attribute__((noinline)) void *km_overflow_report(struct page *page, bool local)
{
	km_count(&km_overflow);
	WARN(1, "%s: nesting deeper than %d slots refused (pfn %#lx)\n",
	     km_name(local), KM_MAX_IDX, page_to_pfn(page));
	if (!local)
		preempt_enable();       /* kmap_atomic() took it */
	return NULL;
}

/* Push a mapping of page on this CPU's stack; NULL when the stack is full
 * (reported). */
static __always_inline void *km_push(struct page *page, bool local)
{
	unsigned int cpu = smp_processor_id();
	struct km_cpu *k = &km_cpus[cpu];
	unsigned int idx = k->depth;
	unsigned long vaddr;

	if (unlikely(idx >= KM_MAX_IDX))
		return km_overflow_report(page, local);
	k->depth = idx + 1;
	k->state[idx] = local ? KM_LOCAL : KM_ATOMIC;
	/* The slot is ours before its PTE changes. */
	__asm__ volatile("" : : : "memory");
	/* The CPU number read again (one instruction) rather than kept in a
	 * register across the stack update. */
	vaddr = arch_kmap_atomic_vaddr(smp_processor_id(), idx);
	arch_kmap_atomic_set(vaddr, page_to_pfn(page));
	return (void *)vaddr;
}

/* Pop the entries on top that were released out of order. Interrupts off. */
static void km_pop_released(struct km_cpu *k)
{
	while (k->depth && (k->state[k->depth - 1] & KM_RELEASED))
		k->depth--;
}

/* Release entry idx of this CPU's stack, not the balanced case. Returns
 * false when it is not a live mapping (reported, nothing changes); *was_local
 * gets the kind it was mapped with. Interrupts off. */
static bool km_pop(unsigned int cpu, unsigned long vaddr, unsigned int idx, bool local,
		   bool *was_local)
{
	struct km_cpu *k = &km_cpus[cpu];
	unsigned long top_vaddr;
	bool misordered;

	if (idx >= k->depth || (k->state[idx] & KM_RELEASED)) {
		km_count(&km_bad_unmap);
		WARN(1, "%s: %#lx is not mapped\n", km_unmap_name(local), vaddr);
		return false;
	}
	*was_local = k->state[idx] & KM_LOCAL;
	top_vaddr = arch_kmap_atomic_vaddr(cpu, k->depth - 1);
	misordered = idx != k->depth - 1;
	arch_kmap_atomic_clear(vaddr);
	if (misordered) {
		unsigned int above = idx + 1;

		/* The top entry is never released, so one is found. */
		k->state[idx] |= KM_RELEASED;
		while (k->state[above] & KM_RELEASED)
			above++;
		k->state[above] |= KM_ABOVE_RELEASE;
		km_count(&km_misorder);
	} else {
		k->depth = idx;
		km_pop_released(k);
	}
	WARN(misordered, "%s: %#lx released out of order, the last mapping is %#lx; "
	     "unmapped now, its slot is reused once the mappings above it go\n",
	     km_unmap_name(local), vaddr, top_vaddr);
	WARN(*was_local != local, "%s: %#lx was mapped by %s\n",
	     km_unmap_name(local), vaddr, km_name(*was_local));
	return true;
}

/* Everything but the balanced case: NULL, lowmem addresses, kmap()
 * addresses, out-of-order and wrong-kind releases, pops through released
 * entries. */
static __attribute__((noinline)) void km_release_slow(void *addr, bool local)
{
	unsigned long vaddr = (unsigned long)addr;
	unsigned long flags = arch_irq_save();
	unsigned int cpu = smp_processor_id();
	unsigned long idx = km_index(cpu, vaddr);
	bool was_local = local, ok = true;

	if (idx < KM_MAX_IDX)
		ok = km_pop(cpu, vaddr, (unsigned int)idx, local, &was_local);
	arch_irq_restore(flags);
	if (!addr || !ok)
		return;
	if (idx >= KM_MAX_IDX && pkmap_slot_count(addr) >= 0) {
		WARN(1, "%s: %#lx is a kmap() address\n", km_unmap_name(local), vaddr);
		return;
	}
	/* A direct-map address (lowmem page) maps nothing to release. */
	if (!was_local)
		preempt_enable();
}

static __always_inline void km_release(void *addr, bool local)
{
	unsigned long vaddr = (unsigned long)addr;
	unsigned int cpu = smp_processor_id();
	struct km_cpu *k = &km_cpus[cpu];
	unsigned long idx = km_index(cpu, vaddr);

	if (likely(idx + 1 == k->depth &&
		   k->state[idx] == (local ? KM_LOCAL : KM_ATOMIC))) {
		arch_kmap_atomic_clear(vaddr);
		k->depth = (unsigned int)idx;
		if (!local)
			preempt_enable();
		return;
	}
	km_release_slow(addr, local);
}

void *kmap_atomic(struct page *page)
{
	preempt_disable();
	if (!PageHighMem(page))
		return page_address(page);
	return km_push(page, false);
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
 * State (mm/highmem_internal.h).
 */

unsigned int kmap_atomic_depth(void)
{
	return km_cpus[smp_processor_id()].depth;
}

unsigned int kmap_atomic_depth_all(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		n += __atomic_load_n(&km_cpus[cpu].depth, __ATOMIC_RELAXED);
	return n;
}

void kmap_atomic_get_stats(struct kmap_stats *st)
{
	st->atomic_overflow = __atomic_load_n(&km_overflow, __ATOMIC_RELAXED);
	st->atomic_misorder = __atomic_load_n(&km_misorder, __ATOMIC_RELAXED);
	st->atomic_bad_unmap = __atomic_load_n(&km_bad_unmap, __ATOMIC_RELAXED);
}

void kmap_atomic_show(void)
{
	unsigned int cpu = smp_processor_id();
	struct km_cpu *k = &km_cpus[cpu];

	for (unsigned int i = 0; i < k->depth && i < KM_MAX_IDX; i++) {
		unsigned long vaddr = arch_kmap_atomic_vaddr(cpu, i);

		if (k->state[i] & KM_RELEASED)
			pr_info("  %-6s %#lx (released out of order)\n",
				(k->state[i] & KM_LOCAL) ? "local" : "atomic", vaddr);
		else
			pr_info("  %-6s %#lx pfn %#lx\n", (k->state[i] & KM_LOCAL) ? "local" : "atomic",
				vaddr, arch_kernel_page_pfn(vaddr));
	}
}

void kmap_atomic_reset(void)
{
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		struct km_cpu *k = &km_cpus[cpu];

		for (unsigned int i = 0; i < k->depth; i++) {
			if (!(k->state[i] & KM_RELEASED))
				arch_unmap_kernel_page(arch_kmap_atomic_vaddr(cpu, i));
		}
		k->depth = 0;
	}
	km_overflow = km_misorder = km_bad_unmap = 0;
}
