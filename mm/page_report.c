/* Reports in Linux's formats (mm/vmstat.c, fs/proc/meminfo.c,
 * mm/page_alloc.c warn_alloc()): /proc/buddyinfo,
 * /proc/pagetypeinfo, /proc/zoneinfo, /proc/meminfo, show_free_areas() and
 * the page allocation failure report. Free list counts are snapshotted
 * under each zone's lock, then printed. */
#include <kernel/arch.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/arch.h>
#include <mm/mm.h>
#include <mm/ramtest.h>
#include <mm/vmalloc.h>

/* There are no processes: reports name the kernel itself. */
#define REPORT_COMM "mm386"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
};
/* show_free_areas() letters, per migratetype. */
static const char migratetype_letters[MIGRATE_TYPES] = { 'U', 'M', 'E', 'H', 'I' };

/* Rate limit of the failure reports; atomic adds, any CPU. */
static unsigned int warn_alloc_printed;
static unsigned long warn_alloc_suppressed;
/* One per-migratetype report at a time (their count tables are static,
 * kept off the stack of a deep failing allocation); interrupts disabled
 * since atomic failures report from interrupt handlers. */
static DEFINE_SPINLOCK(report_lock);

void buddyinfo_snapshot(unsigned long out[MAX_NR_ZONES][MAX_ORDER])
{
	unsigned long flags;
	int i;
	unsigned int o;

	drain_all_pages();
	for (i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &contig_page_data.node_zones[i];

		spin_lock_irqsave(&z->lock, flags);
		for (o = 0; o < MAX_ORDER; o++)
			out[i][o] = z->free_area[o].nr_free;
		spin_unlock_irqrestore(&z->lock, flags);
	}
}

/* Free blocks per migratetype and order for one zone. */
static void zone_type_counts(struct zone *z, unsigned long out[MIGRATE_TYPES][MAX_ORDER])
{
	unsigned long flags;
	unsigned int o;
	int mt;

	spin_lock_irqsave(&z->lock, flags);
	for (mt = 0; mt < MIGRATE_TYPES; mt++) {
		for (o = 0; o < MAX_ORDER; o++) {
			const struct list_head *pos;
			unsigned long n = 0;

			list_for_each(pos, &z->free_area[o].free_list[mt])
				n++;
			out[mt][o] = n;
		}
	}
	spin_unlock_irqrestore(&z->lock, flags);
}

void show_buddyinfo(void)
{
	unsigned long snap[MAX_NR_ZONES][MAX_ORDER];
	const struct zone *z;
	unsigned int o;

	buddyinfo_snapshot(snap);
	for_each_populated_zone(z) {
		pr_info("Node %d, zone %8s ", 0, z->name);
		for (o = 0; o < MAX_ORDER; o++)
			pr_cont("%6lu ", snap[zone_idx(z)][o]);
		pr_cont("\n");
	}
}

void show_pagetypeinfo(void)
{
	static unsigned long counts[MIGRATE_TYPES][MAX_ORDER];
	struct zone *z;
	unsigned long flags;
	unsigned int o;
	int mt;

	spin_lock_irqsave(&report_lock, flags);
	pr_info("Page block order: %d\n", pageblock_order);
	pr_info("Pages per block:  %lu\n", pageblock_nr_pages);
	pr_info("\n");
	pr_info("%-43s ", "Free pages count per migrate type at order");
	for (o = 0; o < MAX_ORDER; o++)
		pr_cont("%6u ", o);
	pr_cont("\n");
	for_each_populated_zone(z) {
		zone_type_counts(z, counts);
		for (mt = 0; mt < MIGRATE_TYPES; mt++) {
			pr_info("Node %4d, zone %8s, type %12s ", 0, z->name, migratetype_names[mt]);
			for (o = 0; o < MAX_ORDER; o++)
				pr_cont("%6lu ", counts[mt][o]);
			pr_cont("\n");
		}
	}
	pr_info("\n");
	pr_info("%-23s", "Number of blocks type ");
	for (mt = 0; mt < MIGRATE_TYPES; mt++)
		pr_cont("%12s ", migratetype_names[mt]);
	pr_cont("\n");
	for_each_populated_zone(z) {
		unsigned long blocks[MIGRATE_TYPES] = { 0 };
		unsigned long pfn = ALIGN_DOWN(z->zone_start_pfn, pageblock_nr_pages);

		for (; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages) {
			unsigned long first = max(pfn, z->zone_start_pfn);

			blocks[get_pageblock_migratetype(pfn_to_page(first))]++;
		}
		pr_info("Node %d, zone %8s ", 0, z->name);
		for (mt = 0; mt < MIGRATE_TYPES; mt++)
			pr_cont("%12lu ", blocks[mt]);
		pr_cont("\n");
	}
	spin_unlock_irqrestore(&report_lock, flags);
}

void show_zoneinfo(void)
{
	struct zone *z;
	unsigned int cpu;
	int j;

	for_each_zone(z) {
		if (populated_zone(z))
			zone_pcp_update(z);
		pr_info("Node %d, zone %8s\n", 0, z->name);
		pr_info("  pages free     %lu\n", z->free_pages);
		pr_info("        min      %lu\n", z->watermark[WMARK_MIN]);
		pr_info("        low      %lu\n", z->watermark[WMARK_LOW]);
		pr_info("        high     %lu\n", z->watermark[WMARK_HIGH]);
		pr_info("        spanned  %lu\n", z->spanned_pages);
		pr_info("        present  %lu\n", z->present_pages);
		pr_info("        managed  %lu\n", z->managed_pages);
		pr_info("        protection: (");
		for (j = 0; j < MAX_NR_ZONES; j++)
			pr_cont("%s%lu", j ? ", " : "", z->lowmem_reserve[j]);
		pr_cont(")\n");
		if (!populated_zone(z))
			continue;
		pr_info("      nr_free_pages %lu\n", z->free_pages);
		/* Every online CPU, in Linux's layout without its per-CPU
		 * "vm stats threshold" (there are no per-CPU vm counter
		 * deltas here). Another CPU's count is a snapshot. */
		pr_info("  pagesets\n");
		for (cpu = 0; cpu < num_online_cpus(); cpu++) {
			const struct per_cpu_pages *pcp = &z->pcp[cpu];

			pr_info("    cpu: %u\n", cpu);
			pr_info("              count: %i\n",
				__atomic_load_n(&pcp->count, __ATOMIC_RELAXED));
			pr_info("              high:  %i\n", pcp->high);
			pr_info("              batch: %i\n", pcp->batch);
		}
		pr_info("  start_pfn:           %lu\n", z->zone_start_pfn);
	}
}

static void meminfo_line(const char *label, unsigned long pages)
{
	pr_info("%-16s%8lu kB\n", label, PAGES_TO_KB(pages));
}

void show_meminfo(void)
{
	unsigned long total = totalram_pages(), high = totalhigh_pages();
	unsigned long free = nr_free_pages(), high_free = 0;
	struct vmalloc_info vi;
	const struct zone *z;

	for_each_zone(z)
		if (is_highmem(z))
			high_free += zone_nr_free(z);
	meminfo_line("MemTotal:", total);
	meminfo_line("MemFree:", free);
	meminfo_line("HighTotal:", high);
	meminfo_line("HighFree:", high_free);
	meminfo_line("LowTotal:", total - high);
	meminfo_line("LowFree:", free - high_free);
	meminfo_line("Accounted:", nr_accounted_pages());
	meminfo_line("Quarantined:", bad_pages_quarantined());
	/* Linux's own width for this line (fs/proc/meminfo.c). */
	pr_info("HardwareCorrupted: %5lu kB\n", PAGES_TO_KB(num_poisoned_pages()));
	vmalloc_get_info(&vi);
	meminfo_line("VmallocTotal:", vi.total >> PAGE_SHIFT);
	meminfo_line("VmallocUsed:", vi.used >> PAGE_SHIFT);
	meminfo_line("VmallocChunk:", vi.chunk >> PAGE_SHIFT);
}

void show_free_areas(void)
{
	static unsigned long counts[MIGRATE_TYPES][MAX_ORDER];
	struct zone *z;
	unsigned long flags;
	unsigned int o;
	int j, mt;

	spin_lock_irqsave(&report_lock, flags);
	pr_info("Mem-Info:\n");
	pr_info("free:%lu free_pcp:%lu free_cma:0\n", nr_free_pages() - nr_pcp_pages(),
		nr_pcp_pages());
	for_each_populated_zone(z) {
		pr_info("Node 0 %s free:%lukB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB\n",
			z->name, PAGES_TO_KB(z->free_pages), PAGES_TO_KB(z->watermark[WMARK_MIN]),
			PAGES_TO_KB(z->watermark[WMARK_LOW]), PAGES_TO_KB(z->watermark[WMARK_HIGH]),
			PAGES_TO_KB(z->present_pages), PAGES_TO_KB(z->managed_pages));
		pr_info("lowmem_reserve[]:");
		for (j = 0; j < MAX_NR_ZONES; j++)
			pr_cont(" %lu", z->lowmem_reserve[j]);
		pr_cont("\n");
	}
	for_each_populated_zone(z) {
		unsigned long total = 0;

		zone_type_counts(z, counts);
		pr_info("Node 0 %s: ", z->name);
		for (o = 0; o < MAX_ORDER; o++) {
			unsigned long n = 0;
			char types[MIGRATE_TYPES + 1];
			int nt = 0;

			for (mt = 0; mt < MIGRATE_TYPES; mt++) {
				n += counts[mt][o];
				if (counts[mt][o])
					types[nt++] = migratetype_letters[mt];
			}
			types[nt] = '\0';
			total += n << o;
			pr_cont("%lu*%lukB ", n, PAGES_TO_KB(1UL) << o);
			if (n)
				pr_cont("(%s) ", types);
		}
		pr_cont("= %lukB\n", PAGES_TO_KB(total));
	}
	pr_info("%lu pages RAM\n", total_present_pages());
	pr_info("%lu pages HighMem/MovableOnly\n", totalhigh_pages());
	pr_info("%lu pages reserved\n", total_present_pages() - totalram_pages());
	spin_unlock_irqrestore(&report_lock, flags);
}

static void __warn_alloc(gfp_t gfp, const char *what)
{
	char mode[256];

	if (__atomic_fetch_add(&warn_alloc_printed, 1, __ATOMIC_RELAXED) >= WARN_ALLOC_BURST) {
		__atomic_add_fetch(&warn_alloc_suppressed, 1, __ATOMIC_RELAXED);
		return;
	}
	gfp_flags_str(mode, sizeof(mode), gfp);
	pr_warn("%s: %s, mode:%#x(%s), nodemask=(null)\n", REPORT_COMM, what, gfp, mode);
	show_free_areas();
}

void warn_alloc(gfp_t gfp, unsigned int order)
{
	char what[40];

	scnprintf(what, sizeof(what), "page allocation failure: order:%u", order);
	__warn_alloc(gfp, what);
}

void warn_alloc_msg(gfp_t gfp, const char *fmt, ...)
{
	char what[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	__warn_alloc(gfp, what);
}

void warn_alloc_ratelimit_reset(void)
{
	unsigned long suppressed = __atomic_exchange_n(&warn_alloc_suppressed, 0, __ATOMIC_RELAXED);

	if (suppressed)
		pr_info("warn_alloc: %lu callbacks suppressed\n", suppressed);
	__atomic_store_n(&warn_alloc_printed, 0, __ATOMIC_RELAXED);
}

void mm_print_page_size(void)
{
	unsigned long bytes = (unsigned long)sizeof(struct page);
	unsigned long hundredths = bytes * 10000 / PAGE_SIZE;

	unsigned long lowmem_kb = BYTES_TO_KB(arch_direct_map_end());

	/* mem_map lives in lowmem: with PAE and much HighMem it squeezes it. */
	pr_info("mem_map: struct page is %lu bytes, %lu entries, %luK (%lu.%02lu%% of RAM, "
		"%luK of the %luK lowmem)\n",
		bytes, mem_map_pfns, (mem_map_pfns * bytes) >> 10, hundredths / 100,
		hundredths % 100, (mem_map_pfns * bytes) >> 10, lowmem_kb);
}
