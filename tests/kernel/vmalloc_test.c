/* vmalloc, vmap, kvmalloc and ioremap in the kernel (include/mm/vmalloc.h).
 *
 * The suite's prepare step makes the page tables of the whole vmalloc area
 * before the state hooks are sampled: they are created on first use and
 * kept for good, which the free-page hooks would otherwise count against
 * whichever suite touched an address first. */
#include <kernel/hardirq.h>
#include <kernel/might_sleep.h>
#include <kernel/ktest.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <mm/arch.h>
#include <mm/highmem.h>
#include <mm/mm.h>
#include <mm/mmzone.h>
#include <mm/shrinker.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "smp_load.h"

#define MB               (1UL << 20)
#define STORM_SLOTS      256
#define STORM_OPS        2000
#define STORM_MAX_PAGES  24
#define VGA_TEXT_PHYS    0xb8000        /* the colour text buffer */
#define VGA_TEXT_BYTES   (80 * 25 * 2)
#define VGA_MARKER       "vmalloc-vga-marker"
#define TICK_WAIT        200            /* timer ticks to wait for the tasklet */
#define LARGE_KV         (8 * MB)       /* above kmalloc's largest block */
#define PHYS_4G          (1ull << 32)
#define VMAP_4G_ORDER    10             /* 4 MiB blocks */
#define VMAP_4G_TRIES    1024           /* 4 GiB of them */

static void vmalloc_prepare(void)
{
	unsigned long start, end;

	vm_unmap_aliases();
	arch_vmalloc_range(&start, &end);
	arch_kernel_pgtable_alloc(start, end, GFP_KERNEL);
}

static u32 rng = 1;

static u32 rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static bool page_is_high(struct page *p)
{
	return page_flag_test(p, PG_highmem);
}

/* Fill through the vmalloc address, check every word through it and
 * through kmap_atomic of each page's vmalloc_to_page(). */
static void roundtrip(struct ktest *t, unsigned long size, u32 seed)
{
	unsigned long words = size / 4, pages = DIV_ROUND_UP(size, PAGE_SIZE), high = 0, bad = 0;
	unsigned long above_4g = 0;
	u32 *p = vmalloc(size);

	ASSERT_NOT_NULL(t, p);
	EXPECT_TRUE(t, is_vmalloc_addr(p));
	EXPECT_EQ(t, (unsigned long)p & ~PAGE_MASK, 0);
	ASSERT_NOT_NULL(t, find_vm_area(p));
	EXPECT_EQ(t, find_vm_area(p)->size, (pages + 1) * PAGE_SIZE);
	EXPECT_EQ(t, find_vm_area(p)->nr_pages, pages);
	/* The guard page after the area is never mapped. */
	EXPECT_NULL(t, vmalloc_to_page((char *)p + pages * PAGE_SIZE));
	for (unsigned long i = 0; i < words; i++)
		p[i] = (u32)i * 2654435761u ^ seed;
	for (unsigned long i = 0; i < words; i++)
		bad += p[i] != ((u32)i * 2654435761u ^ seed);
	for (unsigned long pg = 0; pg < pages; pg++) {
		struct page *page = vmalloc_to_page((char *)p + pg * PAGE_SIZE);
		u32 *k;

		ASSERT_NOT_NULL(t, page);
		high += page_is_high(page);
		above_4g += page_to_phys(page) >= PHYS_4G;
		k = kmap_atomic(page);
		for (unsigned long w = 0; w < PAGE_SIZE / 4 && pg * (PAGE_SIZE / 4) + w < words; w++) {
			unsigned long i = pg * (PAGE_SIZE / 4) + w;

			bad += k[w] != ((u32)i * 2654435761u ^ seed);
		}
		kunmap_atomic(k);
	}
	EXPECT_EQ(t, bad, 0);
	/* Where HighMem has room the pages come from it (__GFP_HIGHMEM). */
	if (totalhigh_pages() && zone_nr_free(&contig_page_data.node_zones[ZONE_HIGHMEM]) > 4 * pages)
		EXPECT_EQ(t, high, pages);
	ktest_info(t, "%lu bytes at %p: %lu of %lu pages HighMem, %lu above 4 GiB", size,
		   (void *)p, high, pages, above_4g);
	vfree(p);
}

static void test_sizes_roundtrip(struct ktest *t)
{
	static const unsigned long sizes[] = {
		PAGE_SIZE, 3 * PAGE_SIZE + 5, 64 * 1024, MB, 8 * MB, 24 * MB, 40 * MB,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (sizes[i] / PAGE_SIZE > nr_free_pages() / 2) {
			ktest_info(t, "%lu bytes skipped: too little free RAM", sizes[i]);
			continue;
		}
		roundtrip(t, sizes[i], i * 0x9e3779b9u);
	}
	vm_unmap_aliases();
}

static void test_vzalloc_zeroed(struct ktest *t)
{
	unsigned long size = 16 * PAGE_SIZE, nonzero = 0;
	unsigned char *p = vmalloc(size);

	ASSERT_NOT_NULL(t, p);
	memset(p, 0x5a, size);
	vfree(p);
	p = vzalloc(size);
	ASSERT_NOT_NULL(t, p);
	for (unsigned long i = 0; i < size; i++)
		nonzero += p[i] != 0;
	EXPECT_EQ(t, nonzero, 0);
	vfree(p);
	vm_unmap_aliases();
}

static void test_vmalloc_32_below_lowmem_end(struct ktest *t)
{
	unsigned long pages = 64;
	char *p = vmalloc_32(pages * PAGE_SIZE);

	ASSERT_NOT_NULL(t, p);
	for (unsigned long i = 0; i < pages; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE);

		ASSERT_NOT_NULL(t, page);
		EXPECT_FALSE(t, page_is_high(page));
		EXPECT_NOT_NULL(t, page_address(page));
	}
	vfree(p);
	vm_unmap_aliases();
}

static void test_vmap_given_pages(struct ktest *t)
{
	struct page *pages[4];
	u32 *v;

	for (int i = 0; i < 4; i++) {
		pages[i] = alloc_page(i & 1 ? GFP_HIGHUSER : GFP_KERNEL);
		ASSERT_NOT_NULL(t, pages[i]);
		u32 *k = kmap_atomic(pages[i]);
		k[0] = 0x1000 + i;
		k[PAGE_SIZE / 4 - 1] = 0x2000 + i;
		kunmap_atomic(k);
	}
	v = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	ASSERT_NOT_NULL(t, v);
	EXPECT_EQ(t, find_vm_area(v)->flags & VM_MAP, VM_MAP);
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(t, v[i * PAGE_SIZE / 4], 0x1000 + i);
		EXPECT_EQ(t, v[(i + 1) * PAGE_SIZE / 4 - 1], 0x2000 + i);
		EXPECT_TRUE(t, vmalloc_to_page(v + i * PAGE_SIZE / 4) == pages[i]);
		v[1 + i * PAGE_SIZE / 4] = 0x3000 + i;
	}
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)v), PAGE_CACHE_MODE_WB);
	vunmap(v);
	EXPECT_NULL(t, find_vm_area(v));
	for (int i = 0; i < 4; i++) {
		u32 *k = kmap_atomic(pages[i]);

		EXPECT_EQ(t, k[1], 0x3000 + i);
		kunmap_atomic(k);
		__free_page(pages[i]);
	}
	vm_unmap_aliases();
}

/* PAE: a page above 4 GiB, through vmap and kmap. The allocator hands out
 * low HighMem first, so blocks are taken until one lies above 4 GiB. */
static void test_vmap_page_above_4g(struct ktest *t)
{
	static struct page *held[VMAP_4G_TRIES];
	struct page *high = NULL;
	unsigned int n = 0;
	u32 *v, *k;

	if (mem_map_pfns <= (unsigned long)(PHYS_4G >> PAGE_SHIFT))
		KTEST_SKIP(t, "no RAM above 4 GiB");
	while (n < VMAP_4G_TRIES && !high) {
		held[n] = alloc_pages(GFP_HIGHUSER | __GFP_NOWARN, VMAP_4G_ORDER);
		if (!held[n])
			break;
		if (page_to_phys(held[n]) >= PHYS_4G)
			high = held[n];
		n++;
	}
	if (high) {
		k = kmap_atomic(high);
		k[7] = 0x4a4a4a4a;
		kunmap_atomic(k);
		v = vmap(&high, 1, VM_MAP, PAGE_KERNEL);
		EXPECT_NOT_NULL(t, v);
		if (v) {
			EXPECT_EQ(t, v[7], 0x4a4a4a4a);
			EXPECT_TRUE(t, vmalloc_to_page(v) == high);
			ktest_info(t, "phys 0x%llx mapped at %p",
				   (unsigned long long)page_to_phys(high), (void *)v);
			vunmap(v);
		}
	}
	while (n)
		__free_pages(held[--n], VMAP_4G_ORDER);
	vm_unmap_aliases();
	EXPECT_NOT_NULL(t, high);
}

static void test_kvmalloc_small_and_large(struct ktest *t)
{
	void *small = kvmalloc(100, GFP_KERNEL), *large, *atomic;

	ASSERT_NOT_NULL(t, small);
	EXPECT_FALSE(t, is_vmalloc_addr(small));
	kvfree(small);
	if (LARGE_KV / PAGE_SIZE > nr_free_pages() / 2)
		KTEST_SKIP(t, "too little free RAM for the large case");
	large = kvzalloc(LARGE_KV, GFP_KERNEL);
	ASSERT_NOT_NULL(t, large);
	EXPECT_TRUE(t, is_vmalloc_addr(large));
	EXPECT_EQ(t, ((unsigned char *)large)[LARGE_KV - 1], 0);
	kvfree(large);
	/* Not GFP_KERNEL-compatible: kmalloc only, which cannot serve 8 MiB. */
	atomic = kvmalloc(LARGE_KV, GFP_NOWAIT | __GFP_NOWARN);
	EXPECT_NULL(t, atomic);
	kvfree(atomic);
	vm_unmap_aliases();
}

static void *irq_victim;
static volatile bool irq_done, irq_still_live;

static void vfree_in_tick(void)
{
	if (irq_done)
		return;
	vfree(irq_victim);
	irq_still_live = find_vm_area(irq_victim) != NULL;
	irq_done = true;
}

static void test_vfree_from_interrupt_deferred(struct ktest *t)
{
	unsigned long free_before;

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	smp_load_pause();
	drain_all_pages();
	free_before = nr_free_pages() + slab_reclaimable_pages();
	irq_victim = vmalloc(8 * PAGE_SIZE);
	ASSERT_NOT_NULL(t, irq_victim);
	irq_done = irq_still_live = false;
	ASSERT_EQ(t, timer_add_tick_fn(vfree_in_tick), 0);
	/* Counted in jiffies: other interrupts (serial input) end hlt too. */
	for (unsigned long start = jiffies; jiffies - start < TICK_WAIT && !irq_done;)
		arch_idle();
	timer_remove_tick_fn(vfree_in_tick);
	ASSERT_TRUE(t, irq_done);
	/* In the handler the area was still there; the tasklet run at the
	 * interrupt's exit has freed it by now. */
	EXPECT_TRUE(t, irq_still_live);
	EXPECT_NULL(t, find_vm_area(irq_victim));
	vm_unmap_aliases();
	drain_all_pages();
	EXPECT_EQ(t, nr_free_pages() + slab_reclaimable_pages(), free_before);
	smp_load_resume();
}

/* Hundreds of areas of random sizes, some with pages (vmalloc), most
 * address space only, allocated and freed in random order; afterwards the
 * free ranges are what they were: everything merged back. */
static void test_fragmentation_storm(struct ktest *t)
{
	static void *slot[STORM_SLOTS];
	static bool slot_vm[STORM_SLOTS];
	struct vmalloc_info before, mid, after;
	unsigned long peak = 0, live = 0;

	vm_unmap_aliases();
	vmalloc_get_info(&before);
	memset(slot, 0, sizeof(slot));
	rng = 7;
	for (int op = 0; op < STORM_OPS; op++) {
		unsigned int i = rnd() % STORM_SLOTS;

		if (slot[i]) {
			if (slot_vm[i])
				vfree(slot[i]);
			else
				free_vm_area(find_vm_area(slot[i]));
			slot[i] = NULL;
			live--;
			continue;
		}
		unsigned long size = (1 + rnd() % STORM_MAX_PAGES) * PAGE_SIZE;

		slot_vm[i] = rnd() % 4 == 0;
		if (slot_vm[i]) {
			slot[i] = vmalloc(size);
		} else {
			struct vm_struct *a = get_vm_area(size, VM_IOREMAP);

			slot[i] = a ? a->addr : NULL;
		}
		ASSERT_NOT_NULL(t, slot[i]);
		live++;
		if (live > peak)
			peak = live;
		if (op % 256 == 0) {
			const char *err = vmalloc_check();

			if (err)
				ktest_info(t, "op %d: %s", op, err);
			ASSERT_NULL(t, err);
		}
	}
	vmalloc_get_info(&mid);
	ktest_info(t, "peak %lu live areas, %lu free ranges before the final frees",
		   peak, mid.nr_free_ranges);
	EXPECT_GT(t, mid.nr_free_ranges, 10);
	for (int i = 0; i < STORM_SLOTS; i++) {
		if (!slot[i])
			continue;
		if (slot_vm[i])
			vfree(slot[i]);
		else
			free_vm_area(find_vm_area(slot[i]));
	}
	vm_unmap_aliases();
	vmalloc_get_info(&after);
	EXPECT_NULL(t, vmalloc_check());
	EXPECT_EQ(t, after.nr_free_ranges, before.nr_free_ranges);
	EXPECT_EQ(t, after.free_bytes, before.free_bytes);
	EXPECT_EQ(t, after.chunk, before.chunk);
	EXPECT_EQ(t, after.used, before.used);
}

/* Fill the whole area with reservations: the next vmalloc fails with the
 * report and leaves nothing behind. A request larger than the DMA zone
 * fails on pages and frees what it had got. */
static void test_exhaustion_reports_and_leaks_nothing(struct ktest *t)
{
	static struct vm_struct *held[64];
	unsigned long free_before;
	struct vmalloc_info info, after;
	unsigned int n = 0;
	void *p;

	smp_load_pause();
	vm_unmap_aliases();
	drain_all_pages();
	free_before = nr_free_pages() + slab_reclaimable_pages();
	vmalloc_get_info(&info);
	while (n < ARRAY_SIZE(held)) {
		vmalloc_get_info(&after);
		if (after.chunk < 2 * PAGE_SIZE)
			break;
		held[n] = get_vm_area(after.chunk - PAGE_SIZE, VM_IOREMAP);
		if (!held[n])
			break;
		n++;
	}
	vmalloc_get_info(&after);
	EXPECT_LT(t, after.chunk, 2 * PAGE_SIZE);
	warn_alloc_ratelimit_reset();
	p = vmalloc(PAGE_SIZE);
	EXPECT_NULL(t, p);
	vfree(p);
	while (n)
		free_vm_area(held[--n]);
	vm_unmap_aliases();
	vmalloc_get_info(&after);
	EXPECT_EQ(t, after.free_bytes, info.free_bytes);
	EXPECT_EQ(t, after.nr_free_ranges, info.nr_free_ranges);

	p = __vmalloc(17 * MB, GFP_KERNEL | __GFP_DMA | __GFP_NORETRY);
	EXPECT_NULL(t, p);
	vfree(p);
	vm_unmap_aliases();
	drain_all_pages();
	EXPECT_EQ(t, nr_free_pages() + slab_reclaimable_pages(), free_before);
	smp_load_resume();
	warn_alloc_ratelimit_reset();
}

static void test_ioremap_vga_text(struct ktest *t)
{
	const volatile u16 *direct = (const volatile u16 *)((char *)arch_phys_to_virt(0) +
							    VGA_TEXT_PHYS);
	const char *marker = VGA_MARKER;
	volatile u16 *v;
	bool found = false;
	unsigned int i, j, differ = 0;

	ktest_info(t, "%s", marker);
	v = ioremap(VGA_TEXT_PHYS, VGA_TEXT_BYTES);
	ASSERT_NOT_NULL(t, v);
	EXPECT_TRUE(t, is_vmalloc_addr((void *)v));
	EXPECT_EQ(t, find_vm_area((void *)v)->phys_addr, VGA_TEXT_PHYS);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)v), PAGE_CACHE_MODE_UC_MINUS);
	for (i = 0; i < VGA_TEXT_BYTES / 2; i++)
		differ += v[i] != direct[i];
	for (i = 0; !found && i + strlen(marker) <= VGA_TEXT_BYTES / 2; i++) {
		for (j = 0; marker[j] && (v[i + j] & 0xff) == (u8)marker[j]; j++)
			;
		found = !marker[j];
	}
	iounmap(v);
	EXPECT_EQ(t, differ, 0);
	EXPECT_TRUE(t, found);

	/* The offset inside the page is kept. */
	v = ioremap(VGA_TEXT_PHYS + 0x10, 16);
	ASSERT_NOT_NULL(t, v);
	EXPECT_EQ(t, (unsigned long)v & ~PAGE_MASK, 0x10);
	EXPECT_EQ(t, v[0], direct[8]);
	iounmap(v);
	vm_unmap_aliases();
}

static void test_ioremap_attributes(struct ktest *t)
{
	void *uc = ioremap_uc(VGA_TEXT_PHYS, PAGE_SIZE);
	void *wc = ioremap_wc(VGA_TEXT_PHYS, PAGE_SIZE);
	void *nc = ioremap_nocache(VGA_TEXT_PHYS, PAGE_SIZE);
	void *vm = vmalloc(PAGE_SIZE);

	ASSERT_NOT_NULL(t, uc);
	ASSERT_NOT_NULL(t, wc);
	ASSERT_NOT_NULL(t, nc);
	ASSERT_NOT_NULL(t, vm);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)uc), PAGE_CACHE_MODE_UC);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)nc), PAGE_CACHE_MODE_UC_MINUS);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)wc),
		  arch_cache_mode_supported(PAGE_CACHE_MODE_WC) ? PAGE_CACHE_MODE_WC
								 : PAGE_CACHE_MODE_UC_MINUS);
	EXPECT_EQ(t, arch_kernel_page_mode((unsigned long)vm), PAGE_CACHE_MODE_WB);
	ktest_info(t, "write-combining %s", arch_cache_mode_supported(PAGE_CACHE_MODE_WC) ?
		   "available (PAT)" : "not available: uncached");
	iounmap(uc);
	iounmap(wc);
	iounmap(nc);
	vfree(vm);
	vm_unmap_aliases();
}

static void test_ioremap_ram_refused(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	void *v;

	ASSERT_NOT_NULL(t, page);
	v = ioremap(page_to_phys(page), PAGE_SIZE);
	EXPECT_NULL(t, v);
	iounmap(v);
	/* A range that only ends in RAM is refused too. */
	v = ioremap(page_to_phys(page) - PAGE_SIZE / 2, PAGE_SIZE);
	EXPECT_NULL(t, v);
	__free_page(page);
	/* VGA memory and the option ROM area are not RAM. */
	v = ioremap(0xa0000, 0x60000);
	EXPECT_NOT_NULL(t, v);
	iounmap(v);
	vm_unmap_aliases();
}

/* vmalloc may sleep: from a context that must not, its own might_sleep()
 * reports (a zero size fails right after that check, before the slab and
 * page allocators could report anything). */
static void test_vmalloc_might_sleep(struct ktest *t)
{
	unsigned long before = might_sleep_count();
	void *p;

	preempt_disable();
	p = __vmalloc(0, GFP_KERNEL | __GFP_NOWARN);
	preempt_enable();
	EXPECT_NULL(t, p);
	EXPECT_EQ(t, might_sleep_count(), before + 1);
	EXPECT_STREQ(t, might_sleep_last().file, "mm/vmalloc.c");
}

/* A freed area keeps its addresses until the purge has flushed the TLB:
 * the next allocation of the same size goes elsewhere; after the purge
 * the lowest fit is the freed range again. */
static void test_freed_address_waits_for_purge(struct ktest *t)
{
	void *p, *q, *r;

	vm_unmap_aliases();
	p = vmalloc(4 * PAGE_SIZE);
	ASSERT_NOT_NULL(t, p);
	vfree(p);
	q = vmalloc(4 * PAGE_SIZE);
	ASSERT_NOT_NULL(t, q);
	EXPECT_TRUE(t, q != p);
	EXPECT_NULL(t, vmalloc_to_page(p));
	vm_unmap_aliases();
	r = vmalloc(4 * PAGE_SIZE);
	EXPECT_TRUE(t, r == p);
	vfree(q);
	vfree(r);
	vm_unmap_aliases();
}

static void test_bad_free_changes_nothing(struct ktest *t)
{
	char *p = vmalloc(2 * PAGE_SIZE);
	struct vmalloc_info before, after;

	ASSERT_NOT_NULL(t, p);
	vmalloc_get_info(&before);
	vfree(p + PAGE_SIZE);          /* inside, not the start */
	vfree(p + 1);                  /* unaligned */
	vunmap(p + 2 * PAGE_SIZE);     /* the guard page */
	vmalloc_get_info(&after);
	EXPECT_EQ(t, after.nr_areas, before.nr_areas);
	EXPECT_NOT_NULL(t, find_vm_area(p));
	vfree(p);
	EXPECT_NULL(t, find_vm_area(p));
	vm_unmap_aliases();
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(test_sizes_roundtrip),
	KTEST_CASE(test_vzalloc_zeroed),
	KTEST_CASE(test_vmalloc_32_below_lowmem_end),
	KTEST_CASE(test_vmap_given_pages),
	KTEST_CASE(test_vmap_page_above_4g),
	KTEST_CASE(test_kvmalloc_small_and_large),
	KTEST_CASE(test_vfree_from_interrupt_deferred),
	KTEST_CASE(test_fragmentation_storm),
	KTEST_CASE(test_exhaustion_reports_and_leaks_nothing),
	KTEST_CASE(test_ioremap_vga_text),
	KTEST_CASE(test_ioremap_attributes),
	KTEST_CASE(test_ioremap_ram_refused),
	KTEST_CASE(test_vmalloc_might_sleep),
	KTEST_CASE(test_freed_address_waits_for_purge),
	KTEST_CASE(test_bad_free_changes_nothing),
	{}
};
KTEST_SUITE_PREPARED(vmalloc, vmalloc_prepare, vmalloc_cases);
