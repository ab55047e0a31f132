/* The RAM test of all free memory (contract: include/mm/ramtest.h).
 *
 * Every free page is taken with alloc_pages() (a mask that reaches every
 * zone and ignores the watermarks), so the buddy allocator's own counters
 * and checks stay true; the blocks are kept on a list sorted by pfn so the
 * sweeps run in physical order, ascending and descending, as moving
 * inversions need. Process context only: while the test runs, nothing
 * else can get memory. */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/shell.h>
#include <kernel/string.h>
#include <mm/highmem.h>
#include <mm/memtest.h>
#include <mm/mm.h>
#include <mm/ramtest.h>
#include <mm/slab.h>

/* Every zone (Movable down to DMA), no watermarks, no reclaim, no report:
 * a failure only means that order is used up. */
#define RAMTEST_GFP (__GFP_HIGHMEM | __GFP_MOVABLE | __GFP_MEMALLOC | __GFP_NOWARN | \
		     __GFP_NORETRY)
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(u32))
#define SWEEPS_PER_TEST 3
#define PROGRESS_STEPS 10
#define PERCENT 100

struct ramtest_def {
	const char *name;
	u32 pattern;
	bool address;           /* each word holds its own physical address */
};

static const struct ramtest_def ramtest_tests[RAMTEST_NR_TESTS] = {
	{ "address in address", 0, true },
	{ "moving inversions 0x00000000", 0x00000000, false },
	{ "moving inversions 0x55555555", 0x55555555, false },
	{ "moving inversions 0x33333333", 0x33333333, false },
	{ "moving inversions 0x0f0f0f0f", 0x0f0f0f0f, false },
	{ "moving inversions 0x00ff00ff", 0x00ff00ff, false },
	{ "moving inversions 0x0000ffff", 0x0000ffff, false },
};

static unsigned long poisoned;
static unsigned int boot_passes, boot_tests;

unsigned long num_poisoned_pages(void)
{
	return poisoned;
}

void ramtest_unpoison(struct page *page)
{
	if (PageHWPoison(page)) {
		ClearPageHWPoison(page);
		poisoned--;
	}
}

/* ------------------------------------------------------------------------
 * Taking and giving back.
 */

void ramtest_add_block(struct list_head *blocks, struct page *page, unsigned int order)
{
	struct list_head *pos = blocks->prev;

	page->private = order;
	/* Blocks mostly come in rising pfn order: search from the tail. */
	while (pos != blocks && page_to_pfn(list_entry(pos, struct page, lru)) > page_to_pfn(page))
		pos = pos->prev;
	list_add(&page->lru, pos);
}

unsigned long ramtest_take_all(struct list_head *blocks)
{
	unsigned long taken = 0;

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages(RAMTEST_GFP, (unsigned int)order))) {
			ramtest_add_block(blocks, page, (unsigned int)order);
			taken += 1UL << order;
		}
	}
	return taken;
}

static bool block_has_poison(const struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (PageHWPoison(page + i))
			return true;
	return false;
}

/* A block with bad pages goes back page by page: each good page becomes an
 * order-0 allocation of its own (Linux's split_page()) and is freed. */
static void give_back_split(struct page *page, unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page + i;

		set_page_count(p, 1);
		p->private = 0;
		if (!PageHWPoison(p))
			__free_pages(p, 0);
	}
}

void ramtest_give_back(struct list_head *blocks)
{
	while (!list_empty(blocks)) {
		struct page *page = list_first_entry(blocks, struct page, lru);
		unsigned int order = (unsigned int)page->private;

		list_del(&page->lru);
		if (block_has_poison(page, order))
			give_back_split(page, order);
		else
			__free_pages(page, order);
	}
}

/* ------------------------------------------------------------------------
 * Sweeps.
 */

struct sweep {
	const struct ramtest_def *def;
	unsigned int step;              /* 0, 1, 2: see ramtest.h */
	struct ramtest_result *r;
	unsigned long done, total;      /* pages swept in this pass / in all */
	unsigned int next_progress;     /* percentage of the next progress line */
	unsigned int pass, passes;
	bool verbose;
};

static void report_bad(struct sweep *s, struct page *page, unsigned long i, u32 expected,
		       u32 read, unsigned int *reported)
{
	phys_addr_t a = PFN_PHYS(page_to_pfn(page)) + i * sizeof(u32);

	if (!s->r->bad_words++)
		s->r->first_bad = a;
	if ((*reported)++ < RAMTEST_REPORTS_PER_PAGE && s->verbose)
		pr_err("ramtest: bad memory at 0x%08llx (pfn %#lx): %s, expected 0x%08x, read 0x%08x\n",
		       (unsigned long long)a, page_to_pfn(page), s->def->name, expected, read);
}

/* One sweep over one page. Returns the bad words found. */
static unsigned int sweep_page(struct sweep *s, struct page *page)
{
	bool high = PageHighMem(page);
	volatile u32 *w = high ? kmap_atomic(page) : page_address(page);
	u32 base = (u32)PFN_PHYS(page_to_pfn(page));
	u32 v0 = s->def->pattern, addr_step = s->def->address ? sizeof(u32) : 0;
	unsigned int reported = 0;
	unsigned long i;

	if (s->def->address)
		v0 = base;
	switch (s->step) {
	case 0:
		for (i = 0; i < WORDS_PER_PAGE; i++, v0 += addr_step)
			w[i] = v0;
		break;
	case 1:
		for (i = 0; i < WORDS_PER_PAGE; i++, v0 += addr_step) {
			u32 x = w[i];

			if (unlikely(x != v0))
				report_bad(s, page, i, v0, x, &reported);
			w[i] = ~v0;
		}
		break;
	default:
		v0 += (u32)(WORDS_PER_PAGE - 1) * addr_step;
		for (i = WORDS_PER_PAGE; i-- > 0; v0 -= addr_step) {
			u32 x = w[i];

			if (unlikely(x != ~v0))
				report_bad(s, page, i, ~v0, x, &reported);
			w[i] = v0;
		}
		break;
	}
	if (s->step < SWEEPS_PER_TEST - 1)
		memtest_inject_page(page_to_pfn(page), (void *)w);
	if (high)
		kunmap_atomic((void *)w);
	return reported;
}

static void page_swept(struct sweep *s, struct page *page, unsigned int bad)
{
	if (bad && !s->verbose) {
		SetPageHWPoison(page);
		poisoned++;
		s->r->bad_pages++;
	} else if (bad) {
		if (bad > RAMTEST_REPORTS_PER_PAGE)
			pr_err("ramtest: pfn %#lx: %u more bad words not shown\n", page_to_pfn(page),
			       bad - RAMTEST_REPORTS_PER_PAGE);
		SetPageHWPoison(page);
		poisoned++;
		s->r->bad_pages++;
		pr_err("ramtest: pfn %#lx (0x%08llx) taken out of service\n", page_to_pfn(page),
		       (unsigned long long)PFN_PHYS(page_to_pfn(page)));
	}
	s->done++;
	if (s->verbose && s->done * PERCENT >= (unsigned long long)s->next_progress * s->total) {
		pr_info("ramtest: pass %u/%u: %u%%\n", s->pass, s->passes, s->next_progress);
		s->next_progress += PERCENT / PROGRESS_STEPS;
	}
}

static void sweep_block(struct sweep *s, struct page *head, bool down)
{
	unsigned long n = 1UL << head->private;

	for (unsigned long k = 0; k < n; k++) {
		struct page *page = head + (down ? n - 1 - k : k);

		if (PageHWPoison(page)) {
			s->done++;
			continue;
		}
		page_swept(s, page, sweep_page(s, page));
	}
}

static void sweep_zone(struct sweep *s, struct list_head *blocks, const struct zone *zone)
{
	struct list_head *pos;

	if (s->step < SWEEPS_PER_TEST - 1) {
		for (pos = blocks->next; pos != blocks; pos = pos->next)
			if (page_zone(list_entry(pos, struct page, lru)) == zone)
				sweep_block(s, list_entry(pos, struct page, lru), false);
	} else {
		for (pos = blocks->prev; pos != blocks; pos = pos->prev)
			if (page_zone(list_entry(pos, struct page, lru)) == zone)
				sweep_block(s, list_entry(pos, struct page, lru), true);
	}
}

static unsigned long zone_block_pages(struct list_head *blocks, const struct zone *zone)
{
	unsigned long n = 0;
	struct list_head *pos;

	for (pos = blocks->next; pos != blocks; pos = pos->next) {
		struct page *page = list_entry(pos, struct page, lru);

		if (page_zone(page) == zone)
			n += 1UL << page->private;
	}
	return n;
}

void ramtest_blocks(struct list_head *blocks, unsigned int passes, unsigned int tests,
		    bool verbose, struct ramtest_result *r)
{
	struct sweep s = { .r = r, .passes = passes, .verbose = verbose };
	const struct zone *zone;
	unsigned long pages = 0;

	memset(r, 0, sizeof(*r));
	if (!tests || tests > RAMTEST_NR_TESTS)
		tests = RAMTEST_NR_TESTS;
	for_each_populated_zone(zone)
		pages += zone_block_pages(blocks, zone);
	r->pages = pages;
	s.total = pages * tests * SWEEPS_PER_TEST;
	for (s.pass = 1; s.pass <= passes; s.pass++) {
		s.done = 0;
		s.next_progress = PERCENT / PROGRESS_STEPS;
		for_each_populated_zone(zone) {
			unsigned long zpages = zone_block_pages(blocks, zone);

			if (!zpages)
				continue;
			for (unsigned int t = 0; t < tests; t++) {
				s.def = &ramtest_tests[t];
				if (verbose)
					pr_info("ramtest: pass %u/%u: zone %s, %lu pages, test %u/%u %s (pass %lu%% done)\n",
						s.pass, passes, zone->name, zpages, t + 1, tests,
						s.def->name,
						(unsigned long)(s.done * PERCENT / s.total));
				for (s.step = 0; s.step < SWEEPS_PER_TEST; s.step++)
					sweep_zone(&s, blocks, zone);
			}
		}
	}
}

/* ------------------------------------------------------------------------
 * The whole run, the boot option and the shell command.
 */

int ramtest_run(unsigned int passes, unsigned int tests)
{
	struct list_head blocks;
	struct ramtest_result r;
	unsigned long before, taken, after;

	if (!passes)
		return -EINVAL;
	INIT_LIST_HEAD(&blocks);
	kmem_cache_shrink_all();
	drain_all_pages();
	before = nr_free_pages();
	taken = ramtest_take_all(&blocks);
	pr_info("ramtest: testing %lu pages (%lu MiB) of %lu free, %u pass(es), %u test(s)\n",
		taken, taken >> (20 - PAGE_SHIFT), before, passes,
		tests && tests < RAMTEST_NR_TESTS ? tests : RAMTEST_NR_TESTS);
	ramtest_blocks(&blocks, passes, tests, true, &r);
	ramtest_give_back(&blocks);
	drain_all_pages();
	after = nr_free_pages();
	pr_info("ramtest: done: %u passes, %lu pages tested, %lu bad words, %lu pages taken out "
		"of service, free pages before %lu, after %lu (%ld lost)\n", passes, r.pages,
		r.bad_words, r.bad_pages, before, after, (long)(before - after - r.bad_pages));
	return 0;
}

static int parse_uint(const char *val, unsigned int max, unsigned int *out)
{
	unsigned long long n;
	char *end;

	if (!val || !*val)
		return -EINVAL;
	n = simple_strtoull(val, &end, 0);
	if (*end || n > max)
		return -EINVAL;
	*out = (unsigned int)n;
	return 0;
}

#define RAMTEST_MAX_PASSES 1000

static int parse_ramtest(const char *val)
{
	if (!val) {
		boot_passes = 1;
		return 0;
	}
	return parse_uint(val, RAMTEST_MAX_PASSES, &boot_passes);
}
kernel_param("ramtest", parse_ramtest);

static int parse_ramtest_tests(const char *val)
{
	return parse_uint(val, RAMTEST_NR_TESTS, &boot_tests);
}
kernel_param("ramtest.tests", parse_ramtest_tests);

void ramtest_run_if_requested(void)
{
	if (boot_passes)
		ramtest_run(boot_passes, boot_tests);
}

static int cmd_memtest(const struct shell_args *a)
{
	unsigned int passes = 1, tests = 0;

	if ((a->argc > 1 && parse_uint(a->argv[1], RAMTEST_MAX_PASSES, &passes)) || !passes ||
	    (a->argc > 2 && parse_uint(a->argv[2], RAMTEST_NR_TESTS, &tests))) {
		pr_info("error: usage: memtest [PASSES (1-%u) [TESTS (1-%u)]]\n",
			RAMTEST_MAX_PASSES, RAMTEST_NR_TESTS);
		return -EINVAL;
	}
	return ramtest_run(passes, tests);
}

SHELL_COMMAND(memtest, "memtest", "memtest [PASSES [TESTS]]",
	      "test all free RAM, HighMem included; bad pages leave service", 0, 2,
	      cmd_memtest, NULL);
