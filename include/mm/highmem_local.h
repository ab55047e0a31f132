/* The balanced paths of kmap_atomic()/kmap_local_page() and their unmaps,
 * inline (contract: include/mm/highmem.h; the rest is mm/highmem_atomic.c).
 * Inline because the whole path is a slot push or pop, a PTE write or
 * clear and an invlpg: a call and a frame each way would cost a third of
 * it. Everything else (the lowmem direct map, nesting too deep, a release
 * that is not the top of the stack or not of its own kind) calls out of
 * line. Included by include/mm/highmem.h only. */
#ifndef MM_HIGHMEM_LOCAL_H
#define MM_HIGHMEM_LOCAL_H

#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/smp.h>
#include <mm/arch.h>
#include <mm/mm.h>

/* Stack entry states. KM_ATOMIC alone is the balanced release's case. */
#define KM_ATOMIC        0x0
#define KM_LOCAL         0x1    /* kmap_local_page(): preemption untouched */
#define KM_RELEASED      0x2    /* unmapped out of order, awaiting the pop */
#define KM_ABOVE_RELEASE 0x4    /* an entry below is KM_RELEASED */

/* One CPU's stack: entry idx uses the CPU's slot idx (include/mm/arch.h).
 * Touched by its own CPU only. */
struct km_cpu {
	unsigned int depth;
	u8 state[KM_MAX_IDX];
} __aligned(64);

extern struct km_cpu km_cpus[NR_CPUS];

/* Out of line (mm/highmem_atomic.c): the refusal of a push onto a full
 * stack, and every release but the balanced one. */
void *__kmap_local_overflow(struct page *page, bool local);
void __kunmap_local_slow(void *addr, bool local);

/* Stack index of the slot of CPU cpu holding vaddr; out of range
 * (>= KM_MAX_IDX) for any address outside cpu's slots. */
static __always_inline unsigned long km_index(unsigned int cpu, unsigned long vaddr)
{
	return (arch_kmap_atomic_vaddr(cpu, 0) + PAGE_SIZE - 1 - vaddr) >> PAGE_SHIFT;
}

/* Push a mapping of page on this CPU's stack; NULL when the stack is full
 * (reported). The depth is raised before the slot's PTE is written, so an
 * interrupt handler mapping meanwhile takes the next slot. */
static __always_inline void *km_push(struct page *page, bool local)
{
	struct km_cpu *k = &km_cpus[smp_processor_id()];
	unsigned int idx = k->depth;
	unsigned long vaddr;

	if (unlikely(idx >= KM_MAX_IDX))
		return __kmap_local_overflow(page, local);
	k->depth = idx + 1;
	k->state[idx] = local ? KM_LOCAL : KM_ATOMIC;
	__asm__ volatile("" : : : "memory");
	/* The CPU number read again (one instruction) rather than kept in a
	 * register across the stack update. */
	vaddr = arch_kmap_atomic_vaddr(smp_processor_id(), idx);
	arch_kmap_atomic_set(vaddr, page_to_pfn(page));
	return (void *)vaddr;
}

/* Release addr: the balanced case here (the top entry, its own kind; the
 * depth lowered after the PTE is cleared), anything else out of line. */
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
	__kunmap_local_slow(addr, local);
}

static __always_inline void *kmap_atomic(struct page *page)
{
	preempt_disable();
	if (!PageHighMem(page))
		return page_address(page);
	return km_push(page, false);
}

static __always_inline void kunmap_atomic(void *addr)
{
	km_release(addr, false);
}

static __always_inline void *kmap_local_page(struct page *page)
{
	if (!PageHighMem(page))
		return page_address(page);
	return km_push(page, true);
}

static __always_inline void kunmap_local(void *addr)
{
	km_release(addr, true);
}

#endif
