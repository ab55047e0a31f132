/* Zone limits: Linux i386 find_low_pfn_range(), with highmem= and
 * vmalloc= (asm/zone_limits.h). */
#include <kconfig.h>
#include <asm/zone_limits.h>
#include <asm/page.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/pfn.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>

#define MAX_DMA_PFN       PFN_DOWN(MAX_DMA_ADDRESS_PHYS)
#define NO_HIGHMEM_PARAM  (~0ULL)

/* Linux's messages (arch/x86/mm/init_32.c). */
#define MSG_HIGHMEM_TOO_BIG \
	"highmem size (%luMB) is bigger than pages available (%luMB)!\n"
#define MSG_LOWMEM_TOO_SMALL \
	"highmem size (%luMB) results in <64MB lowmem, ignoring it!\n"
#define MSG_HIGHMEM_TOO_SMALL \
	"only %luMB highmem pages available, ignoring highmem size of %luMB!\n"
#define MSG_HIGHMEM_TRIMMED \
	"Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!\n"
/* Linux's e820__end_of_ram_pfn() line, printed here when it trims. */
#define MSG_LAST_PFN "last_pfn = %#lx max_arch_pfn = %#lx\n"
/* mem_map (one struct page per frame from 0 to max_pfn, in lowmem) must
 * leave at least this much lowmem for everything else. */
#define MEMMAP_LOWMEM_LEFT_MIN   (64ull << 20)
#define MEMMAP_BYTES_PER_PFN     ((u64)sizeof(struct page))

bool pae_enabled = CONFIG_X86_PAE;

static u64 highmem_pages_param = NO_HIGHMEM_PARAM;
static u64 vmalloc_reserve = VMALLOC_RESERVE_DEFAULT;

static bool parse_bytes(const char *val, u64 *out)
{
	char *end;
	bool ovf = false;

	if (!val)
		return false;
	*out = memparse_ovf(val, &end, &ovf);
	return end != val && !*end && !ovf;
}

static int parse_highmem(const char *val)
{
	u64 size;

	if (!parse_bytes(val, &size))
		return -EINVAL;
	highmem_pages_param = size >> PAGE_SHIFT;
	return 0;
}
early_param("highmem", parse_highmem);

static int parse_vmalloc(const char *val)
{
	u64 max = KERNEL_VSPACE_END - PAGE_OFFSET - VMALLOC_OFFSET - LOWMEM_MIN;
	u64 size;

	if (!parse_bytes(val, &size))
		return -EINVAL;
	if (size < VMALLOC_SIZE_MIN || size > max) {
		pr_err("vmalloc=%s: the size must lie between %lluMB and %lluMB\n", val,
		       (unsigned long long)(VMALLOC_SIZE_MIN >> 20),
		       (unsigned long long)(max >> 20));
		return -EINVAL;
	}
	vmalloc_reserve = ALIGN(size, (u64)PAGE_SIZE) + VMALLOC_OFFSET;
	return 0;
}
early_param("vmalloc", parse_vmalloc);

void zone_limits_params_reset(void)
{
	highmem_pages_param = NO_HIGHMEM_PARAM;
	vmalloc_reserve = VMALLOC_RESERVE_DEFAULT;
}

phys_addr_t zone_limits_maxmem(void)
{
	return KERNEL_VSPACE_END - PAGE_OFFSET - vmalloc_reserve;
}

/* All RAM fits in lowmem; highmem= may still carve HighMem off its top. */
static void lowmem_pfn_init(u64 end_pfn, struct zone_limits *zl)
{
	u64 highmem = highmem_pages_param == NO_HIGHMEM_PARAM ? 0 : highmem_pages_param;

	zl->max_pfn = (unsigned long)end_pfn;
	zl->max_low_pfn = zl->max_pfn;
	if (highmem && highmem >= end_pfn) {
		pr_err(MSG_HIGHMEM_TOO_BIG, PAGES_TO_MB(highmem), PAGES_TO_MB(end_pfn));
		highmem = 0;
	}
	if (highmem && end_pfn - highmem < PFN_DOWN(LOWMEM_MIN)) {
		pr_err(MSG_LOWMEM_TOO_SMALL, PAGES_TO_MB(highmem));
		highmem = 0;
	}
	zl->max_low_pfn -= (unsigned long)highmem;
}

/* More RAM than lowmem holds: the rest is HighMem, up to what highmem=
 * allows. */
static void highmem_pfn_init(u64 end_pfn, unsigned long maxmem_pfn, struct zone_limits *zl)
{
	u64 highmem = highmem_pages_param;

	zl->max_low_pfn = maxmem_pfn;
	if (highmem == NO_HIGHMEM_PARAM)
		highmem = end_pfn - maxmem_pfn;
	if (highmem + maxmem_pfn < end_pfn)
		end_pfn = maxmem_pfn + highmem;
	if (highmem + maxmem_pfn > end_pfn)
		pr_warn(MSG_HIGHMEM_TOO_SMALL, PAGES_TO_MB(end_pfn - maxmem_pfn),
			PAGES_TO_MB(highmem));
	zl->max_pfn = (unsigned long)end_pfn;
}

/* RAM the CPU cannot address leaves memblock first, as Linux's
 * e820__end_of_ram_pfn() ignores RAM past MAX_ARCH_PFN; without PAE that is
 * reported with Linux's HIGHMEM64G warning. */
static void cap_to_arch_limit(void)
{
	phys_addr_t limit = pae_enabled ? MAX_PAE_PFN_PHYS : PFN_PHYS(MAX_NONPAE_PFN);

	if (memblock_end_of_ram() <= limit)
		return;
	memblock_cap_memory(limit);
	if (!pae_enabled)
		pr_warn(MSG_HIGHMEM_TRIMMED);
	else
		pr_warn("Warning: only 64GB will be used: " MSG_LAST_PFN,
			PFN_DOWN(limit), PFN_DOWN(limit));
}

/* The lowmem squeeze of big PAE machines: mem_map costs 32 bytes per 4 KiB
 * frame up to max_pfn, all of it in lowmem (512 MiB of the 896 at 64 GiB).
 * A max_pfn whose mem_map would leave less than MEMMAP_LOWMEM_LEFT_MIN of
 * lowmem is refused: HighMem is cut to what fits, with the figures. */
static void refuse_memmap_squeeze(struct zone_limits *zl)
{
	u64 lowmem = PFN_PHYS(zl->max_low_pfn);
	u64 budget = lowmem > MEMMAP_LOWMEM_LEFT_MIN ? lowmem - MEMMAP_LOWMEM_LEFT_MIN : 0;
	u64 fits = budget / MEMMAP_BYTES_PER_PFN;

	if ((u64)zl->max_pfn <= fits)
		return;
	fits = max(fits, (u64)zl->max_low_pfn);
	pr_err("mem_map for %lluMB of RAM would take %lluMB of the %lluMB lowmem, leaving "
	       "under %lluMB: ignoring RAM above %lluMB\n",
	       (unsigned long long)(PFN_PHYS(zl->max_pfn) >> 20),
	       (unsigned long long)((u64)zl->max_pfn * MEMMAP_BYTES_PER_PFN >> 20),
	       (unsigned long long)(lowmem >> 20),
	       (unsigned long long)(MEMMAP_LOWMEM_LEFT_MIN >> 20),
	       (unsigned long long)(PFN_PHYS(fits) >> 20));
	zl->max_pfn = (unsigned long)fits;
}

void zone_limits_init(struct zone_limits *out)
{
	unsigned long maxmem_pfn = PFN_DOWN(zone_limits_maxmem());
	struct zone_limits zl = { 0 };
	unsigned long highstart;
	u64 end_pfn;

	cap_to_arch_limit();
	end_pfn = memblock_end_of_ram() >> PAGE_SHIFT;
	if (end_pfn <= maxmem_pfn)
		lowmem_pfn_init(end_pfn, &zl);
	else
		highmem_pfn_init(end_pfn, maxmem_pfn, &zl);
	refuse_memmap_squeeze(&zl);
	memblock_cap_memory(PFN_PHYS(zl.max_pfn));
	zl.min_pfn = PFN_UP(memblock_start_of_ram());
	zl.max_dma_pfn = min(MAX_DMA_PFN, zl.max_low_pfn);

	highstart = zl.max_pfn > zl.max_low_pfn ? zl.max_low_pfn : zl.max_pfn;
	pr_notice("%luMB HIGHMEM available.\n", PAGES_TO_MB(zl.max_pfn - highstart));
	pr_notice("%luMB LOWMEM available.\n", PAGES_TO_MB(zl.max_low_pfn));

	*out = zl;
}
