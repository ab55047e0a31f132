/* Linux's early memtest (mm/memtest.c, early_memtest()) and the simulated
 * bad RAM of memtest.inject= (contract: include/mm/memtest.h).
 *
 * Boot only for early_memtest(): it runs before the buddy allocator owns
 * any page, so nothing else touches the ranges it writes. */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <mm/arch.h>
#include <mm/memblock.h>
#include <mm/memtest.h>
#include <mm/pfn.h>

/* Linux's patterns, in its order; the first is 0 so that the last pass
 * (pattern 0) leaves memory zeroed. The last spells "LINUXrlz" when
 * printed big-endian, as Linux prints them. */
const u64 memtest_patterns[MEMTEST_NR_PATTERNS] = {
	0x0000000000000000ULL, 0xffffffffffffffffULL, 0x5555555555555555ULL,
	0xaaaaaaaaaaaaaaaaULL, 0x1111111111111111ULL, 0x2222222222222222ULL,
	0x4444444444444444ULL, 0x8888888888888888ULL, 0x3333333333333333ULL,
	0x6666666666666666ULL, 0xccccccccccccccccULL, 0x9999999999999999ULL,
	0x7777777777777777ULL, 0xbbbbbbbbbbbbbbbbULL, 0xddddddddddddddddULL,
	0xeeeeeeeeeeeeeeeeULL, 0x7a6c7258554e494cULL,
};

#define MEMTEST_WORD sizeof(u64)
#define INJECT_WORD  sizeof(u32)

static unsigned int memtest_pattern;
static phys_addr_t bad_bytes;
static struct memtest_fault faults[MEMTEST_INJECT_MAX];
static unsigned int nr_faults;

static u64 swab64(u64 x)
{
	return ((u64)__builtin_bswap32((u32)x) << 32) | __builtin_bswap32((u32)(x >> 32));
}

unsigned int memtest_passes(void)
{
	return memtest_pattern;
}

phys_addr_t memtest_bad_bytes(void)
{
	return bad_bytes;
}

unsigned int memtest_pattern_index(unsigned int n, unsigned int i)
{
	return (n - 1 - i) % MEMTEST_NR_PATTERNS;
}

/* ------------------------------------------------------------------------
 * Simulated faults.
 */

void memtest_inject_page(unsigned long pfn, void *virt)
{
	for (unsigned int i = 0; i < nr_faults; i++)
		if (faults[i].pfn == pfn)
			*(volatile u32 *)((char *)virt + faults[i].offset) ^= faults[i].mask;
}

unsigned int memtest_inject_count(void)
{
	return nr_faults;
}

const struct memtest_fault *memtest_inject_get(unsigned int i)
{
	return i < nr_faults ? &faults[i] : NULL;
}

int memtest_inject_add(unsigned long pfn, unsigned int offset, u32 mask)
{
	if (nr_faults == MEMTEST_INJECT_MAX)
		return -ENOSPC;
	if (offset >= PAGE_SIZE || offset % INJECT_WORD || !mask)
		return -EINVAL;
	faults[nr_faults++] = (struct memtest_fault){ pfn, offset, mask };
	return 0;
}

void memtest_inject_drop(unsigned int n)
{
	nr_faults -= min(n, nr_faults);
}

/* PFN[+OFFSET]:MASK[,...]; all entries or none. */
static int parse_memtest_inject(const char *val)
{
	unsigned int before = nr_faults;
	char *end;

	if (!val || !*val)
		return -EINVAL;
	while (*val) {
		unsigned long long pfn = simple_strtoull(val, &end, 0), off = 0, mask;

		if (end == val)
			goto bad;
		if (*end == '+') {
			val = end + 1;
			off = simple_strtoull(val, &end, 0);
			if (end == val)
				goto bad;
		}
		if (*end != ':')
			goto bad;
		val = end + 1;
		mask = simple_strtoull(val, &end, 0);
		if (end == val || (*end && *end != ',') || mask > 0xffffffffULL ||
		    pfn > ~0UL || off > PAGE_SIZE ||
		    memtest_inject_add((unsigned long)pfn, (unsigned int)off, (u32)mask))
			goto bad;
		val = *end ? end + 1 : end;
	}
	return 0;
bad:
	nr_faults = before;
	return -EINVAL;
}
early_param("memtest.inject", parse_memtest_inject);

/* ------------------------------------------------------------------------
 * Linux's memtest.
 */

static int parse_memtest(const char *val)
{
	unsigned long long n;
	char *end;

	if (!val) {
		memtest_pattern = MEMTEST_NR_PATTERNS;
		return 0;
	}
	n = simple_strtoull(val, &end, 0);
	if (end == val || *end || n > 0xffffffffULL)
		return -EINVAL;
	memtest_pattern = (unsigned int)n;
	return 0;
}
early_param("memtest", parse_memtest);

static void inject_range(phys_addr_t start, phys_addr_t end)
{
	for (unsigned int i = 0; i < nr_faults; i++) {
		phys_addr_t a = PFN_PHYS(faults[i].pfn) + faults[i].offset;

		if (a >= start && a + INJECT_WORD <= end)
			*(volatile u32 *)arch_phys_to_virt(a) ^= faults[i].mask;
	}
}

void memtest_range(u64 pattern, phys_addr_t start, phys_addr_t end,
		   void (*bad)(u64 pattern, phys_addr_t start, phys_addr_t end, void *arg),
		   void *arg)
{
	phys_addr_t a = ALIGN(start, MEMTEST_WORD), start_bad = 0, last_bad = 0;
	volatile u64 *first = arch_phys_to_virt(a), *p;
	unsigned long words = (unsigned long)((end - a) / MEMTEST_WORD);
	bool any = false;

	if (end <= a)
		return;
	for (p = first; p < first + words; p++)
		*p = pattern;
	inject_range(a, a + (phys_addr_t)words * MEMTEST_WORD);
	for (p = first; p < first + words; p++, a += MEMTEST_WORD) {
		if (*p == pattern)
			continue;
		if (any && a == last_bad + MEMTEST_WORD) {
			last_bad = a;
			continue;
		}
		if (any)
			bad(pattern, start_bad, last_bad + MEMTEST_WORD, arg);
		start_bad = last_bad = a;
		any = true;
	}
	if (any)
		bad(pattern, start_bad, last_bad + MEMTEST_WORD, arg);
}

/* Bad ranges found in the current pass. They are reserved after the pass:
 * memblock_for_each_free_range() must not see its lists change under it. */
#define MEMTEST_BAD_MAX 64
static struct { phys_addr_t start, end; } pass_bad[MEMTEST_BAD_MAX];
static unsigned int nr_pass_bad;

static void reserve_bad_mem(u64 pattern, phys_addr_t start, phys_addr_t end, void *arg)
{
	(void)arg;
	pr_info("  %016llx bad mem addr 0x%016llx - 0x%016llx reserved\n",
		(unsigned long long)swab64(pattern), (unsigned long long)start,
		(unsigned long long)end);
	if (nr_pass_bad == MEMTEST_BAD_MAX) {
		pr_err("early_memtest: more than %u bad ranges in one pass; the rest stay in use\n",
		       MEMTEST_BAD_MAX);
		return;
	}
	pass_bad[nr_pass_bad].start = start;
	pass_bad[nr_pass_bad++].end = end;
}

static void reserve_pass_bad(void)
{
	for (unsigned int i = 0; i < nr_pass_bad; i++) {
		memblock_reserve(pass_bad[i].start, pass_bad[i].end - pass_bad[i].start,
				 "memtest bad");
		bad_bytes += pass_bad[i].end - pass_bad[i].start;
	}
	nr_pass_bad = 0;
}

struct memtest_pass {
	u64 pattern;
	phys_addr_t start, end;
};

static void do_one_range(unsigned long start_pfn, unsigned long end_pfn, void *arg)
{
	const struct memtest_pass *mp = arg;
	phys_addr_t s = clamp(PFN_PHYS(start_pfn), mp->start, mp->end);
	phys_addr_t e = clamp(PFN_PHYS(end_pfn), mp->start, mp->end);

	if (s >= e)
		return;
	pr_info("  0x%016llx - 0x%016llx pattern %016llx\n", (unsigned long long)s,
		(unsigned long long)e, (unsigned long long)swab64(mp->pattern));
	memtest_range(mp->pattern, s, e, reserve_bad_mem, NULL);
}

void early_memtest(phys_addr_t start, phys_addr_t end)
{
	struct memtest_pass mp = { .start = start, .end = end };

	if (!memtest_pattern)
		return;
	pr_info("early_memtest: # of tests: %u\n", memtest_pattern);
	for (unsigned int i = 0; i < memtest_pattern; i++) {
		mp.pattern = memtest_patterns[memtest_pattern_index(memtest_pattern, i)];
		memblock_for_each_free_range(do_one_range, &mp);
		reserve_pass_bad();
	}
}
