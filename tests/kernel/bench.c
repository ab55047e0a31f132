/* In-kernel benchmarks, linked only into build/kernel-bench.elf (`make
 * bench`, the matrix's bench boot).
 *
 * The kernel parameter bench=all (or bench=GLOB[,GLOB]) selects benchmarks
 * by name; without it nothing runs. Each result is one serial line,
 *
 *     bench: NAME VALUE UNIT
 *
 * with VALUE a decimal integer. Instruction counts come from arch_cycles(),
 * which under QEMU -icount shift=0 counts guest instructions exactly, so a
 * run is repeatable to the instruction. tests/run_bench.py boots the kernel,
 * collects the lines and prints each figure's ratio to the LIFO baseline.
 * The boot reaches this file only through include/kernel/ktest_hooks.h: a
 * boot hook after the self-tests, and a listener for the boot's records.
 *
 * Every figure is guest instructions per operation, read with arch_cycles()
 * under QEMU -icount shift=0 (tests/run_bench.py). A loop is timed in
 * BENCH_CHUNKS chunks and the cheapest chunk counts: with interrupts off the
 * chunks are identical once warm, and for kmap() (which must run with
 * interrupts on) a chunk hit by a timer tick is simply not the cheapest.
 * Each figure includes its loop's own few instructions, as does the baseline.
 *
 * The baseline is a plain LIFO free list of 1024 pages from the buddy
 * allocator, threaded through struct page lru.next, with out-of-line pop and
 * push: what any page allocator's fast path costs at the very least. */
#include <kernel/arch.h>
#include <kernel/ktest_hooks.h>
#include <mm/boot.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest_run.h>
#include <kernel/param.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "bench.h"

#define BENCH_CHUNKS      16
#define BENCH_CHUNK_ITERS 256   /* BENCH_CHUNKS * this = 4096 pairs timed */
#define BENCH_BATCH       1024  /* pages in the batch and in the LIFO list */
#define BENCH_BATCH_ROUNDS 4
#define BENCH_ORDER3      3
#define BENCH_SMALL       64
#define BENCH_LARGE       4096
#define BENCH_VMALLOC     (16 * 1024)
#define BENCH_VMAP_MAX    1000  /* live areas in the crowded lookup */

#define __bench_noinline __attribute__((noinline))

static char bench_globs[COMMAND_LINE_SIZE];
static bool bench_requested;

/* Batch and baseline pages. */
static struct page *batch[BENCH_BATCH];
static struct list_head *lifo_head;

static int set_bench(const char *val)
{
	if (!val || !*val)
		return -EINVAL;
	/* val lives in the parser's scratch buffer: keep a copy. */
	snprintf(bench_globs, sizeof(bench_globs), "%s", val);
	bench_requested = strcmp(bench_globs, "off") != 0;
	return 0;
}
kernel_param("bench", set_bench);

bool bench_selected(const char *name)
{
	return ktest_globs_select(bench_globs, name);
}

static void report(const char *name, u64 value, const char *unit)
{
	pr_info("bench: %s %llu %s\n", name, (unsigned long long)value, unit);
}

/* Per-iteration instructions of body: the cheapest of BENCH_CHUNKS chunks
 * of BENCH_CHUNK_ITERS iterations, interrupts off around each chunk when
 * irqs_off. Rounded to the nearest instruction. */
/* A mask that may sleep is measured with interrupts on, as it is used:
 * with them off it is a might_sleep() bug (reported, and slower). A chunk
 * that a timer tick lands in is discarded by taking the cheapest chunk. */
#define BENCH_IRQS_OFF(gfp) (!((gfp) & __GFP_DIRECT_RECLAIM))

#define BENCH_PER_OP(result, irqs_off, body) do {                             \
	u64 __best = ~0ULL;                                                   \
	for (unsigned int __c = 0; __c < BENCH_CHUNKS; __c++) {               \
		unsigned long __flags = 0;                                    \
		u64 __t0, __t;                                                \
		if (irqs_off)                                                 \
			__flags = arch_irq_save();                            \
		__t0 = arch_cycles();                                         \
		for (unsigned int __i = 0; __i < BENCH_CHUNK_ITERS; __i++) {  \
			body;                                                 \
		}                                                             \
		__t = arch_cycles() - __t0;                                   \
		if (irqs_off)                                                 \
			arch_irq_restore(__flags);                            \
		if (__t < __best)                                             \
			__best = __t;                                         \
	}                                                                     \
	(result) = (__best + BENCH_CHUNK_ITERS / 2) / BENCH_CHUNK_ITERS;      \
} while (0)

/* ------------------------------------------------------------------------
 * The baseline: pop and push on a singly linked LIFO list of pages.
 */

static __bench_noinline struct page *lifo_pop(struct list_head **head)
{
	struct list_head *n = *head;

	if (!n)
		return NULL;
	*head = n->next;
	return container_of(n, struct page, lru);
}

static __bench_noinline void lifo_push(struct list_head **head, struct page *page)
{
	page->lru.next = *head;
	*head = &page->lru;
}

/* Take BENCH_BATCH pages from the buddy allocator onto the LIFO list.
 * Returns false (after giving back what it took) when memory runs out. */
static bool lifo_fill(void)
{
	unsigned int i;

	lifo_head = NULL;
	for (i = 0; i < BENCH_BATCH; i++) {
		struct page *p = alloc_page(GFP_KERNEL | __GFP_NOWARN);

		if (!p)
			break;
		lifo_push(&lifo_head, p);
	}
	return i == BENCH_BATCH;
}

static void lifo_drain(void)
{
	struct page *p;

	while ((p = lifo_pop(&lifo_head)))
		__free_page(p);
}

static void bench_lifo(void)
{
	unsigned long fails = 0;
	u64 v;

	if (!lifo_fill()) {
		pr_err("bench: lifo_pair: cannot take %d pages\n", BENCH_BATCH);
		lifo_drain();
		return;
	}
	BENCH_PER_OP(v, true, {
		struct page *p = lifo_pop(&lifo_head);

		if (!p)
			fails++;
		lifo_push(&lifo_head, p);
	});
	lifo_drain();
	if (!fails)
		report("lifo_pair", v, "insns");
}

/* ------------------------------------------------------------------------
 * Page allocator.
 */

void bench_pages(const char *name, gfp_t gfp, unsigned int order)
{
	unsigned long fails = 0;
	u64 v;

	__free_pages(alloc_pages(gfp, order), order);    /* warm up */
	BENCH_PER_OP(v, BENCH_IRQS_OFF(gfp), {
		struct page *p = alloc_pages(gfp, order);

		if (!p)
			fails++;
		__free_pages(p, order);
	});
	if (fails)
		pr_err("bench: %s: %lu allocations failed\n", name, fails);
	else
		report(name, v, "insns");
}

/* The same pair with one page of the block held, so that the pair takes
 * its buddy from the order-0 list and gives it back without a split or a
 * merge: the allocator's fixed cost per call. */
static void bench_pages_nosplit(const char *name, gfp_t gfp)
{
	struct page *hold = alloc_page(gfp);

	if (!hold) {
		pr_err("bench: %s: allocation failed\n", name);
		return;
	}
	bench_pages(name, gfp, 0);
	__free_page(hold);
}

static void bench_zeroed(const char *name)
{
	unsigned long fails = 0;
	u64 v;

	free_page(get_zeroed_page(GFP_KERNEL));
	BENCH_PER_OP(v, BENCH_IRQS_OFF(GFP_KERNEL), {
		unsigned long a = get_zeroed_page(GFP_KERNEL);

		if (!a)
			fails++;
		free_page(a);
	});
	if (fails)
		pr_err("bench: %s: %lu allocations failed\n", name, fails);
	else
		report(name, v, "insns");
}

/* BENCH_BATCH order-0 allocations, then BENCH_BATCH frees (in allocation
 * order, so the allocator has to merge back what it split), per page. */
static void bench_batch(const char *name, gfp_t gfp)
{
	u64 best = ~0ULL;
	unsigned long fails = 0;
	unsigned int r, i;

	for (r = 0; r < BENCH_BATCH_ROUNDS; r++) {
		bool irqs_off = BENCH_IRQS_OFF(gfp);
		unsigned long flags = irqs_off ? arch_irq_save() : 0;
		u64 t0 = arch_cycles(), t;

		for (i = 0; i < BENCH_BATCH; i++) {
			batch[i] = alloc_page(gfp);
			if (!batch[i])
				fails++;
		}
		for (i = 0; i < BENCH_BATCH; i++)
			__free_page(batch[i]);
		t = arch_cycles() - t0;
		if (irqs_off)
			arch_irq_restore(flags);
		best = min(best, t);
	}
	if (fails)
		pr_err("bench: %s: %lu allocations failed\n", name, fails);
	else
		report(name, (best + BENCH_BATCH / 2) / BENCH_BATCH, "insns");
}

/* ------------------------------------------------------------------------
 * Slab.
 */

void bench_kmalloc(const char *name, size_t size)
{
	unsigned long fails = 0;
	u64 v;

	kfree(kmalloc(size, GFP_KERNEL));       /* the cache has a slab */
	BENCH_PER_OP(v, BENCH_IRQS_OFF(GFP_KERNEL), {
		void *obj = kmalloc(size, GFP_KERNEL);

		if (!obj)
			fails++;
		kfree(obj);
	});
	if (fails)
		pr_err("bench: %s: %lu allocations failed\n", name, fails);
	else
		report(name, v, "insns");
}

/* ------------------------------------------------------------------------
 * Highmem mappings, on a highmem page (a lowmem page would only measure
 * the direct-map shortcut).
 */

/* ------------------------------------------------------------------------
 * vmalloc area. Page tables are made before free_before is sampled (they
 * are kept for good once made). The cheapest chunk leaves out the chunks
 * in which a lazy purge ran.
 */

static struct vm_struct *vmap_live[2 * BENCH_VMAP_MAX];

static void bench_vmalloc_pair(void)
{
	unsigned long fails = 0;
	u64 v;

	vfree(vmalloc(BENCH_VMALLOC));                 /* warm up */
	BENCH_PER_OP(v, false, {
		void *p = vmalloc(BENCH_VMALLOC);

		if (!p)
			fails++;
		vfree(p);
	});
	if (fails)
		pr_err("bench: vmalloc16k_pair: %lu allocations failed\n", fails);
	else
		report("vmalloc16k_pair", v, "insns");
}

/* n one-page areas with every other one freed: n/2 two-page holes below
 * the free space. Lookups rotate over the live areas; each allocation of
 * two pages (three with the guard) fits no hole. */
static void bench_vmap_crowd(unsigned int n, const char *lookup_name, const char *pair_name)
{
	unsigned long fails = 0, live = 0;
	unsigned int k = 0;
	u64 v;

	for (unsigned int i = 0; i < n; i++) {
		vmap_live[i] = get_vm_area(PAGE_SIZE, VM_IOREMAP);
		fails += !vmap_live[i];
	}
	for (unsigned int i = 0; i < n; i += 2) {
		if (vmap_live[i])
			free_vm_area(vmap_live[i]);
		vmap_live[i] = NULL;
	}
	vm_unmap_aliases();
	for (unsigned int i = 1; i < n; i += 2)
		vmap_live[live++] = vmap_live[i];
	if (!fails && live) {
		BENCH_PER_OP(v, true, {
			fails += !find_vm_area(vmap_live[k]->addr);
			k = k + 1 == live ? 0 : k + 1;
		});
		report(lookup_name, v, "insns");
		BENCH_PER_OP(v, false, {
			struct vm_struct *a = get_vm_area(2 * PAGE_SIZE, VM_IOREMAP);

			if (a)
				free_vm_area(a);
			else
				fails++;
		});
		report(pair_name, v, "insns");
	}
	for (unsigned long i = 0; i < live; i++)
		if (vmap_live[i])
			free_vm_area(vmap_live[i]);
	vm_unmap_aliases();
	if (fails)
		pr_err("bench: %s: %lu operations failed\n", lookup_name, fails);
}

static bool vmalloc_benches_selected(void)
{
	return bench_selected("vmalloc16k_pair") || bench_selected("vmap_lookup_10") ||
	       bench_selected("vmap_lookup_1000") || bench_selected("vmap_area_pair_10") ||
	       bench_selected("vmap_area_pair_1000");
}

static void bench_vmalloc(void)
{
	if (!vmalloc_benches_selected())
		return;
	if (bench_selected("vmalloc16k_pair"))
		bench_vmalloc_pair();
	if (bench_selected("vmap_lookup_10") || bench_selected("vmap_area_pair_10"))
		bench_vmap_crowd(2 * 10, "vmap_lookup_10", "vmap_area_pair_10");
	if (bench_selected("vmap_lookup_1000") || bench_selected("vmap_area_pair_1000"))
		bench_vmap_crowd(2 * BENCH_VMAP_MAX, "vmap_lookup_1000", "vmap_area_pair_1000");
}

static void bench_kmap(void)
{
	struct page *hp = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
	unsigned long fails = 0;
	u64 v;

	if (!hp || !PageHighMem(hp)) {
		pr_err("bench: kmap_atomic_pair, kmap_pair: no highmem page (needs more than 896 MiB of RAM)\n");
		if (hp)
			__free_page(hp);
		return;
	}
	if (bench_selected("kmap_atomic_pair")) {
		kunmap_atomic(kmap_atomic(hp));
		BENCH_PER_OP(v, true, {
			void *addr = kmap_atomic(hp);

			if (!addr)
				fails++;
			kunmap_atomic(addr);
		});
		if (fails)
			pr_err("bench: kmap_atomic_pair: %lu mappings failed\n", fails);
		else
			report("kmap_atomic_pair", v, "insns");
	}
	/* kmap() may sleep (in Linux): measured with interrupts on. */
	fails = 0;
	if (bench_selected("kmap_pair")) {
		void *addr = kmap(hp);

		if (addr)
			kunmap(hp);
		BENCH_PER_OP(v, false, {
			void *a = kmap(hp);

			if (!a)
				fails++;
			else
				kunmap(hp);
		});
		if (fails)
			pr_err("bench: kmap_pair: %lu mappings failed\n", fails);
		else
			report("kmap_pair", v, "insns");
	}
	__free_page(hp);
}

static void bench_irq_pair(void)
{
	u64 v;

	BENCH_PER_OP(v, false, {
		unsigned long f = arch_irq_save();

		arch_irq_restore(f);
	});
	report("irq_save_restore_pair", v, "insns");
}

/* ------------------------------------------------------------------------
 * The table.
 */

struct bench_page_case {
	const char *name;
	gfp_t gfp;
	unsigned int order;
};

static const struct bench_page_case page_cases[] = {
	{ "order0_pair_kernel",   GFP_KERNEL,   0 },
	{ "order0_pair_highuser", GFP_HIGHUSER, 0 },
	{ "order0_pair_atomic",   GFP_ATOMIC,   0 },
	{ "order3_pair_kernel",   GFP_KERNEL,   BENCH_ORDER3 },
};

static void bench_sizes(void)
{
	if (bench_selected("struct_page_size"))
		report("struct_page_size", sizeof(struct page), "bytes");
	if (bench_selected("memmap_bytes_per_mib"))
		report("memmap_bytes_per_mib",
		       (u64)sizeof(struct page) * (SZ_1M / PAGE_SIZE), "bytes");
}

/* What mm_boot_zones() measured (include/mm/boot.h), kept as it comes. */
static struct {
	u64 pages, zones_insns, buddy_insns;
} boot_figures;

static void bench_boot_record(const char *what, u64 value)
{
	if (!strcmp(what, BOOT_RECORD_MEMMAP_PAGES))
		boot_figures.pages = value;
	else if (!strcmp(what, BOOT_RECORD_MEMMAP_ZONES))
		boot_figures.zones_insns = value;
	else if (!strcmp(what, BOOT_RECORD_MEMMAP_TO_BUDDY))
		boot_figures.buddy_insns = value;
}
BOOT_RECORD_LISTENER(bench, bench_boot_record);

/* The boot's figures, per mem_map entry. */
static void bench_boot_records(void)
{
	u64 pages = max(boot_figures.pages, 1ULL);
	u64 zones = boot_figures.zones_insns, buddy = boot_figures.buddy_insns;

	if (bench_selected("memmap_pages"))
		report("memmap_pages", boot_figures.pages, "pages");
	if (bench_selected("memmap_init_per_page"))
		report("memmap_init_per_page", (zones + buddy) / pages, "insns");
	if (bench_selected("memmap_zones_per_page"))
		report("memmap_zones_per_page", zones / pages, "insns");
	if (bench_selected("memmap_to_buddy_per_page"))
		report("memmap_to_buddy_per_page", buddy / pages, "insns");
}

/* Run the benchmarks selected by bench= (none when it was not given): print
 * the boot-time figures, then measure and print each benchmark. Needs the
 * page allocator, slab and kmap up, interrupts set up; process context
 * (kmap() is measured). Leaves free page counts as it found them. */
static void bench_run_if_requested(void)
{
	unsigned long free_before, free_after;
	unsigned int i;

	if (!bench_requested)
		return;
	/* Empty slabs kept by the caches would read as pages lost. */
	if (vmalloc_benches_selected()) {
		unsigned long start, end;

		arch_vmalloc_range(&start, &end);
		arch_kernel_pgtable_alloc(start, end, GFP_KERNEL);
	}
	kmem_cache_shrink_all();
	free_before = nr_free_pages();
	pr_info("bench: start (instructions under QEMU -icount shift=0)\n");
	bench_boot_records();
	bench_sizes();
	if (bench_selected("irq_save_restore_pair"))
		bench_irq_pair();
	if (bench_selected("lifo_pair"))
		bench_lifo();
	for (i = 0; i < ARRAY_SIZE(page_cases); i++)
		if (bench_selected(page_cases[i].name))
			bench_pages(page_cases[i].name, page_cases[i].gfp, page_cases[i].order);
	if (bench_selected("order0_pair_kernel_nosplit"))
		bench_pages_nosplit("order0_pair_kernel_nosplit", GFP_KERNEL);
	if (bench_selected("zeroed_page_pair"))
		bench_zeroed("zeroed_page_pair");
	if (bench_selected("order0_batch1024_kernel"))
		bench_batch("order0_batch1024_kernel", GFP_KERNEL);
	if (bench_selected("kmalloc64_pair"))
		bench_kmalloc("kmalloc64_pair", BENCH_SMALL);
	if (bench_selected("kmalloc4096_pair"))
		bench_kmalloc("kmalloc4096_pair", BENCH_LARGE);
	if (bench_selected("kmap_atomic_pair") || bench_selected("kmap_pair"))
		bench_kmap();
	bench_vmalloc();
	bench_smp();
	vm_unmap_aliases();
	kmem_cache_shrink_all();
	free_after = nr_free_pages();
	if (free_after != free_before)
		pr_err("bench: free pages changed: %lu before, %lu after\n",
		       free_before, free_after);
	pr_info("bench: done\n");
}
KTEST_BOOT_HOOK(bench, KTEST_AFTER_SUITES, bench_run_if_requested);
