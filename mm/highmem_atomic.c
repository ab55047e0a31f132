/* kmap_atomic()/kmap_local_page(): each CPU's stack of KM_MAX_IDX slots
 * (contract: include/mm/highmem.h; the slots: include/mm/arch.h). The
 * balanced paths are inline (include/mm/highmem_local.h); this file holds
 * the stacks, everything off those paths and the state.
 *
 * Every CPU owns its stack and its slots, as in Linux (fixmap slot
 * FIX_KMAP_BEGIN + KM_TYPE_NR * cpu + idx): no lock, no IPI, and a
 * released slot is flushed from this CPU's TLB alone with one invlpg.
 *
 * The balanced path is the slot push or pop, the PTE write or clear (and
 * the invlpg) and nothing else. Misuse costs it one compare each: the
 * release of anything but the top entry by its own kind, or of an entry
 * below which one was released out of order, falls to __kunmap_local_slow(),
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

struct km_cpu km_cpus[NR_CPUS];

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

void *__kmap_local_overflow(struct page *page, bool local)
{
	km_count(&km_overflow);
	WARN(1, "%s: nesting deeper than %d slots refused (pfn %#lx)\n",
	     km_name(local), KM_MAX_IDX, page_to_pfn(page));
	if (!local)
		preempt_enable();       /* kmap_atomic() took it */
	return NULL;
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

/* The CPU whose kmap_atomic slots hold vaddr, or -1. */
static int km_other_cpu(unsigned long vaddr)
{
	for (unsigned int c = 0; c < NR_CPUS; c++) {
		if (km_index(c, vaddr) < KM_MAX_IDX)
			return (int)c;
	}
	return -1;
}

/* Everything but the balanced case: NULL, lowmem addresses, kmap()
 * addresses, another CPU's slots (a mapping used on one CPU only, as
 * Linux requires: reported, nothing changes), out-of-order and wrong-kind
 * releases, pops through released entries. */
void __kunmap_local_slow(void *addr, bool local)
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
	if (idx >= KM_MAX_IDX && km_other_cpu(vaddr) >= 0) {
		km_count(&km_bad_unmap);
		WARN(1, "%s: %#lx is CPU %d's mapping, released on CPU %u\n",
		     km_unmap_name(local), vaddr, km_other_cpu(vaddr), cpu);
		return;
	}
	/* A direct-map address (lowmem page) maps nothing to release. */
	if (!was_local)
		preempt_enable();
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
