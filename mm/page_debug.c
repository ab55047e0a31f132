/* Debug checks: bad page reports, page poisoning (page_poison=1) and the
 * free-list integrity checker. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/highmem.h>
#include <mm/mm.h>

/* Linux's bad_page() burst: this many reports, then a count. */
#define BAD_PAGE_BURST 60
#define BAD_REASON_MAX 96
/* There are no processes: reports name the kernel itself. */
#define REPORT_COMM "mm386"

bool page_poison_enabled;

static unsigned long nr_bad_pages, nr_bad_suppressed;
static char last_reason[BAD_REASON_MAX];

const char *const pageflag_names[__NR_PAGEFLAGS - PAGE_FLAGS_SHIFT] = {
	[PG_buddy - PAGE_FLAGS_SHIFT] = "buddy",
	[PG_reserved - PAGE_FLAGS_SHIFT] = "reserved",
	[PG_head - PAGE_FLAGS_SHIFT] = "head",
	[PG_tail - PAGE_FLAGS_SHIFT] = "tail",
	[PG_highmem - PAGE_FLAGS_SHIFT] = "highmem",
	[PG_poisoned - PAGE_FLAGS_SHIFT] = "poisoned",
	[PG_bad - PAGE_FLAGS_SHIFT] = "bad",
	[PG_accounted - PAGE_FLAGS_SHIFT] = "accounted",
	[PG_slab - PAGE_FLAGS_SHIFT] = "slab",
	[PG_private - PAGE_FLAGS_SHIFT] = "private",
	[PG_hwpoison - PAGE_FLAGS_SHIFT] = "hwpoison",
};

void dump_page(const struct page *page, const char *reason)
{
	char names[160];
	size_t len = 0;
	int bit;

	names[0] = '\0';
	for (bit = PAGE_FLAGS_SHIFT; bit < __NR_PAGEFLAGS; bit++) {
		if (!page_flag_test(page, bit))
			continue;
		len += (size_t)scnprintf(names + len, sizeof(names) - len, "%s%s",
					 len ? "|" : "", pageflag_names[bit - PAGE_FLAGS_SHIFT]);
	}
	pr_alert("page:%p refcount:%d mapcount:0 mapping:%p index:%#lx pfn:%#lx\n",
		 (const void *)page, page_count(page), (void *)NULL, page->private,
		 page_to_pfn(page));
	pr_alert("flags: %#lx(%s%szone=%d mt=%d)\n", page->flags, names, len ? "|" : "",
		 page_zonenum(page), page_migratetype(page));
	if (reason)
		pr_alert("page dumped because: %s\n", reason);
}

/* Any context: the counters and the last reason change with interrupts
 * off, the report prints after. */
void bad_page(struct page *page, const char *reason)
{
	unsigned long flags = arch_irq_save();
	unsigned long suppressed;

	nr_bad_pages++;
	snprintf(last_reason, sizeof(last_reason), "%s", reason);
	if (nr_bad_pages > BAD_PAGE_BURST) {
		nr_bad_suppressed++;
		arch_irq_restore(flags);
		return;
	}
	suppressed = nr_bad_suppressed;
	nr_bad_suppressed = 0;
	arch_irq_restore(flags);
	if (suppressed)
		pr_alert("BUG: Bad page state: %lu messages suppressed\n", suppressed);
	pr_alert("BUG: Bad page state in process %s  pfn:%05lx\n", REPORT_COMM,
		 page_to_pfn(page));
	dump_page(page, reason);
}

unsigned long bad_page_count(void)
{
	return nr_bad_pages;
}

const char *bad_page_last_reason(void)
{
	return nr_bad_pages ? last_reason : NULL;
}

/* ------------------------------------------------------------------------
 * Poisoning.
 */

static int parse_page_poison(const char *val)
{
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "1") || !strcmp(val, "on") || !strcmp(val, "y"))
		page_poison_enabled = true;
	else if (!strcmp(val, "0") || !strcmp(val, "off") || !strcmp(val, "n"))
		page_poison_enabled = false;
	else
		return -EINVAL;
	return 0;
}
early_param("page_poison", parse_page_poison);

static void *map_page(struct page *page)
{
	return PageHighMem(page) ? kmap_atomic(page) : page_address(page);
}

static void unmap_page(struct page *page, void *addr)
{
	if (PageHighMem(page))
		kunmap_atomic(addr);
}

/* PAGE_POISON in every byte of a word. */
#define POISON_WORD ((unsigned long)-1 / 0xff * PAGE_POISON)

void kernel_poison_pages(struct page *page, unsigned int order)
{
	unsigned long i, w;

	for (i = 0; i < (1UL << order); i++) {
		unsigned long *addr = map_page(page + i);

		/* Word stores: page poisoning runs over all of RAM. */
		for (w = 0; w < PAGE_SIZE / sizeof(long); w++)
			addr[w] = POISON_WORD;
		unmap_page(page + i, addr);
		SetPagePoisoned(page + i);
	}
}

static void check_one_poison(struct page *page)
{
	const u8 *addr = map_page(page);
	const unsigned long *words = (const unsigned long *)addr;
	size_t off, w;

	for (w = 0; w < PAGE_SIZE / sizeof(long) && words[w] == POISON_WORD; w++)
		;
	for (off = w * sizeof(long); off < PAGE_SIZE && addr[off] == PAGE_POISON; off++)
		;
	if (off < PAGE_SIZE) {
		u8 diff = addr[off] ^ PAGE_POISON;
		size_t end = PAGE_SIZE;

		while (end > off && addr[end - 1] == PAGE_POISON)
			end--;
		if (end - off == 1 && !(diff & (diff - 1)))
			pr_err("pagealloc: single bit error\n");
		else
			pr_err("pagealloc: memory corruption\n");
		pr_err("pagealloc: pfn:%05lx first bad byte at offset %#zx: %#04x (expected %#04x), %zu bytes to the last\n",
		       page_to_pfn(page), off, addr[off], PAGE_POISON, end - off);
	}
	unmap_page(page, (void *)addr);
}

void kernel_check_poison(struct page *page, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		if (!PagePoisoned(page + i))
			continue;
		check_one_poison(page + i);
		ClearPagePoisoned(page + i);
	}
}

/* ------------------------------------------------------------------------
 * Integrity checker.
 */

static bool check_block(const struct zone *z, const struct page *page,
			unsigned int order, int mt)
{
	unsigned long pfn = page_to_pfn(page), i;

	if (!PageBuddy(page) || page->private != order || page_migratetype(page) != mt) {
		pr_err("free_lists_check: %s order %u type %d: pfn %#lx buddy:%d order:%lu type:%d\n",
		       z->name, order, mt, pfn, PageBuddy(page), page->private,
		       page_migratetype(page));
		return false;
	}
	if (!IS_ALIGNED(pfn, 1UL << order) || !zone_spans_pfn(z, pfn) ||
	    !zone_spans_pfn(z, pfn + (1UL << order) - 1)) {
		pr_err("free_lists_check: %s order %u: pfn %#lx misaligned or outside the zone\n",
		       z->name, order, pfn);
		return false;
	}
	for (i = 0; i < (1UL << order); i++) {
		const struct page *p = page + i;

		if (page_zonenum(p) != zone_idx(z) || PageReserved(p) || PageBad(p) ||
		    page_count(p) != 0 || (i && PageBuddy(p))) {
			pr_err("free_lists_check: %s order %u block %#lx: page %#lx in a bad state (flags %#lx refcount %d)\n",
			       z->name, order, pfn, pfn + i, p->flags, page_count(p));
			return false;
		}
	}
	return true;
}

static bool check_zone(const struct zone *z)
{
	unsigned long pages = 0;
	unsigned int order;

	for (order = 0; order < MAX_ORDER; order++) {
		const struct free_area *area = &z->free_area[order];
		unsigned long blocks = 0;
		int mt;

		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *pos;

			list_for_each(pos, &area->free_list[mt]) {
				const struct page *page = list_entry(pos, struct page, lru);

				if (blocks > mem_map_pfns) {
					pr_err("free_lists_check: %s order %u: list loops\n",
					       z->name, order);
					return false;
				}
				if (!check_block(z, page, order, mt))
					return false;
				blocks++;
			}
		}
		if (blocks != area->nr_free) {
			pr_err("free_lists_check: %s order %u: %lu blocks listed, nr_free %lu\n",
			       z->name, order, blocks, area->nr_free);
			return false;
		}
		pages += blocks << order;
	}
	if (pages != z->free_pages) {
		pr_err("free_lists_check: %s: %lu pages listed, free_pages %lu\n",
		       z->name, pages, z->free_pages);
		return false;
	}
	return true;
}

bool free_lists_check(void)
{
	struct zone *z;
	bool ok = true;
	unsigned long flags;

	for_each_zone(z) {
		spin_lock_irqsave(&z->lock, flags);
		ok = check_zone(z);
		spin_unlock_irqrestore(&z->lock, flags);
		if (!ok)
			break;
	}
	return ok;
}
