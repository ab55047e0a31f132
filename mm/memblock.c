/* memblock: region lists and the top-down early allocator (mm/memblock.h). */
#include <mm/memblock.h>
#include <mm/boot.h>
#include <mm/arch.h>
#include <mm/pfn.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define PHYS_MAX (~(phys_addr_t)0)

struct memblock memblock = {
	.current_limit = MEMBLOCK_ALLOC_ACCESSIBLE,
	.memory.name = "memory",
	.reserved.name = "reserved",
};

void memblock_reset(void)
{
	memblock.memory.cnt = 0;
	memblock.reserved.cnt = 0;
	memblock.current_limit = MEMBLOCK_ALLOC_ACCESSIBLE;
}

static phys_addr_t rend(const struct memblock_region *r)
{
	return r->base + r->size;
}

static bool same_name(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return a == b || !strcmp(a, b);
}

static void insert_region(struct memblock_type *type, unsigned long idx,
			  phys_addr_t base, phys_addr_t size, const char *name)
{
	struct memblock_region *r = &type->regions[idx];

	memmove(r + 1, r, (type->cnt - idx) * sizeof(*r));
	r->base = base;
	r->size = size;
	r->name = name;
	type->cnt++;
}

static void remove_region(struct memblock_type *type, unsigned long idx)
{
	struct memblock_region *r = &type->regions[idx];

	memmove(r, r + 1, (type->cnt - idx - 1) * sizeof(*r));
	type->cnt--;
}

static void merge_regions(struct memblock_type *type)
{
	unsigned long i = 1;

	while (i < type->cnt) {
		struct memblock_region *prev = &type->regions[i - 1];
		struct memblock_region *r = &type->regions[i];

		if (rend(prev) == r->base && same_name(prev->name, r->name)) {
			prev->size += r->size;
			remove_region(type, i);
		} else {
			i++;
		}
	}
}

/* Add the parts of [base, end) no region covers yet, under name. The whole
 * operation is refused up front when the pieces would not fit. */
static int add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size,
		     const char *name)
{
	phys_addr_t end, cur;
	unsigned long i, pieces = 0;

	size = min(size, PHYS_MAX - base);
	if (!size)
		return 0;
	end = base + size;
	for (i = 0, cur = base; i < type->cnt && cur < end; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (rend(r) <= cur)
			continue;
		if (r->base >= end)
			break;
		if (r->base > cur)
			pieces++;
		cur = max(cur, rend(r));
	}
	if (cur < end)
		pieces++;
	if (pieces > MEMBLOCK_MAX_REGIONS - type->cnt) {
		pr_err("memblock: %s list full, [mem %#018llx-%#018llx] %s not recorded\n",
		       type->name, (unsigned long long)base, (unsigned long long)end - 1,
		       name ? name : "");
		return -ENOSPC;
	}
	for (i = 0, cur = base; cur < end; ) {
		phys_addr_t piece_end;

		while (i < type->cnt && rend(&type->regions[i]) <= cur)
			i++;
		if (i < type->cnt && type->regions[i].base <= cur) {
			cur = rend(&type->regions[i]);
			continue;
		}
		piece_end = i < type->cnt ? min(end, type->regions[i].base) : end;
		insert_region(type, i, cur, piece_end - cur, name);
		cur = piece_end;
	}
	merge_regions(type);
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return add_range(&memblock.memory, base, size, NULL);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size, const char *name)
{
	return add_range(&memblock.reserved, base, size, name);
}

static bool region_ok(const struct mem_region *r)
{
	if (r->start >= r->end)
		return false;
	if (r->type == MEM_REGION_RAM)
		return IS_ALIGNED(r->start, PAGE_SIZE) && IS_ALIGNED(r->end, PAGE_SIZE);
	return r->type == MEM_REGION_RESERVED;
}

void mm_boot_memblock(const struct mem_region *regions, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		const struct mem_region *r = &regions[i];

		if (!region_ok(r)) {
			pr_err("mm: boot region [mem %#018llx-%#018llx] %s%s%s is malformed, ignored\n",
			       (unsigned long long)r->start, (unsigned long long)r->end - 1,
			       r->type == MEM_REGION_RAM ? "RAM" :
			       r->type == MEM_REGION_RESERVED ? "reserved" : "of unknown type",
			       r->name ? " " : "", r->name ? r->name : "");
			continue;
		}
		if (r->type == MEM_REGION_RAM) {
			memblock_add(r->start, r->end - r->start);
			continue;
		}
		if (memblock_reserve(r->start, r->end - r->start, r->name))
			panic("mm: cannot reserve [mem %#018llx-%#018llx] %s\n",
			      (unsigned long long)r->start, (unsigned long long)r->end - 1,
			      r->name);
	}
}

void memblock_cap_memory(phys_addr_t limit)
{
	struct memblock_type *type = &memblock.memory;

	while (type->cnt && type->regions[type->cnt - 1].base >= limit)
		type->cnt--;
	if (type->cnt && rend(&type->regions[type->cnt - 1]) > limit)
		type->regions[type->cnt - 1].size = limit - type->regions[type->cnt - 1].base;
}

void memblock_set_current_limit(phys_addr_t limit)
{
	memblock.current_limit = limit;
}

/* What allocations without an explicit end may reach: the limit set, and
 * never beyond the direct map, since memblock_alloc() writes through it. */
phys_addr_t memblock_get_current_limit(void)
{
	phys_addr_t mapped = arch_direct_map_end();

	if (memblock.current_limit == MEMBLOCK_ALLOC_ACCESSIBLE)
		return mapped;
	return min(memblock.current_limit, mapped);
}

/* The highest aligned place for size bytes in [lo, hi), or 0. */
static phys_addr_t fit_top(phys_addr_t lo, phys_addr_t hi, phys_addr_t size,
			   phys_addr_t align)
{
	phys_addr_t cand;

	if (hi <= lo || hi - lo < size)
		return 0;
	cand = ALIGN_DOWN(hi - size, align);
	return cand >= lo ? cand : 0;
}

/* Top-down search of the free ranges inside [start, end). */
static phys_addr_t find_top_down(phys_addr_t size, phys_addr_t align,
				 phys_addr_t start, phys_addr_t end)
{
	const struct memblock_type *mem = &memblock.memory, *res = &memblock.reserved;
	unsigned long i, j;

	for (i = mem->cnt; i-- > 0; ) {
		phys_addr_t lo = max(mem->regions[i].base, start);
		phys_addr_t hi = min(rend(&mem->regions[i]), end);
		phys_addr_t found;

		for (j = res->cnt; j-- > 0 && hi > lo; ) {
			const struct memblock_region *r = &res->regions[j];

			if (r->base >= hi)
				continue;
			found = fit_top(max(rend(r), lo), hi, size, align);
			if (found)
				return found;
			hi = r->base;
		}
		found = fit_top(lo, hi, size, align);
		if (found)
			return found;
	}
	return 0;
}

static phys_addr_t alloc_range(phys_addr_t size, phys_addr_t align, phys_addr_t start,
			       phys_addr_t end, const char *name)
{
	phys_addr_t found;

	if (!align)
		align = 1;
	if (!size || (align & (align - 1))) {
		pr_err("memblock: bad request for %s: size %#llx align %#llx\n", name,
		       (unsigned long long)size, (unsigned long long)align);
		return 0;
	}
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = memblock_get_current_limit();
	/* Page 0 is never handed out: 0 means failure. */
	start = max(start, (phys_addr_t)PAGE_SIZE);
	found = find_top_down(size, align, start, end);
	if (found && memblock_reserve(found, size, name))
		return 0;
	return found;
}

phys_addr_t memblock_phys_alloc_range(phys_addr_t size, phys_addr_t align,
				      phys_addr_t start, phys_addr_t end)
{
	return alloc_range(size, align, start, end, "memblock");
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align, const char *what)
{
	phys_addr_t phys;
	void *virt;

	if (!size)
		return NULL;
	phys = alloc_range(size, align, 0, MEMBLOCK_ALLOC_ACCESSIBLE, what);
	if (!phys)
		panic("memblock_alloc: out of memory for %s: %llu bytes (align %#llx) below %#llx\n",
		      what, (unsigned long long)size, (unsigned long long)align,
		      (unsigned long long)memblock_get_current_limit());
	virt = arch_phys_to_virt(phys);
	memset(virt, 0, size);
	return virt;
}

static const struct memblock_region *find_region(const struct memblock_type *type,
						 phys_addr_t addr)
{
	unsigned long i;

	for (i = 0; i < type->cnt; i++) {
		if (addr >= type->regions[i].base && addr < rend(&type->regions[i]))
			return &type->regions[i];
	}
	return NULL;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return find_region(&memblock.reserved, addr) != NULL;
}

const char *memblock_reserved_name(phys_addr_t addr)
{
	const struct memblock_region *r = find_region(&memblock.reserved, addr);

	return r ? r->name : NULL;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return find_region(&memblock.memory, addr) != NULL;
}

bool memblock_is_region_reserved(phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + min(size, PHYS_MAX - base);
	unsigned long i;

	for (i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		if (r->base < end && rend(r) > base)
			return true;
	}
	return false;
}

phys_addr_t memblock_start_of_ram(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_ram(void)
{
	const struct memblock_type *mem = &memblock.memory;

	return mem->cnt ? rend(&mem->regions[mem->cnt - 1]) : 0;
}

static phys_addr_t type_size(const struct memblock_type *type)
{
	phys_addr_t total = 0;
	unsigned long i;

	for (i = 0; i < type->cnt; i++)
		total += type->regions[i].size;
	return total;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return type_size(&memblock.memory);
}

phys_addr_t memblock_reserved_size(void)
{
	return type_size(&memblock.reserved);
}

/* Report [start, end) to fn as whole pages, if any. */
static void emit_pfns(phys_addr_t start, phys_addr_t end,
		      void (*fn)(unsigned long, unsigned long, void *), void *arg)
{
	u64 spfn, epfn;

	if (start > PHYS_MAX - (PAGE_SIZE - 1))
		return;
	spfn = (start + PAGE_SIZE - 1) >> PAGE_SHIFT;
	epfn = end >> PAGE_SHIFT;
	spfn = min(spfn, (u64)~0UL);
	epfn = min(epfn, (u64)~0UL);
	if (spfn < epfn)
		fn((unsigned long)spfn, (unsigned long)epfn, arg);
}

void memblock_for_each_free_range(void (*fn)(unsigned long start_pfn,
					     unsigned long end_pfn, void *arg),
				  void *arg)
{
	const struct memblock_type *mem = &memblock.memory, *res = &memblock.reserved;
	unsigned long i, j = 0;

	for (i = 0; i < mem->cnt; i++) {
		phys_addr_t cur = mem->regions[i].base, end = rend(&mem->regions[i]);

		/* Both lists are sorted: reserved regions ending before this
		 * memory region cannot matter to later ones either. */
		while (j < res->cnt && rend(&res->regions[j]) <= cur)
			j++;
		for (unsigned long k = j; k < res->cnt && cur < end; k++) {
			const struct memblock_region *r = &res->regions[k];

			if (r->base >= end)
				break;
			if (r->base > cur)
				emit_pfns(cur, r->base, fn, arg);
			cur = max(cur, rend(r));
		}
		if (cur < end)
			emit_pfns(cur, end, fn, arg);
	}
}

void memblock_for_each_mem_pfn_range(void (*fn)(unsigned long start_pfn,
						unsigned long end_pfn, void *arg),
				     void *arg)
{
	unsigned long i;

	for (i = 0; i < memblock.memory.cnt; i++)
		emit_pfns(memblock.memory.regions[i].base, rend(&memblock.memory.regions[i]),
			  fn, arg);
}

static void dump_type(const struct memblock_type *type)
{
	unsigned long i;

	pr_info(" %s.cnt  = %#lx\n", type->name, type->cnt);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		pr_info(" %s[%#lx]\t[%#018llx-%#018llx], %#llx bytes%s%s\n", type->name, i,
			(unsigned long long)r->base, (unsigned long long)rend(r) - 1,
			(unsigned long long)r->size, r->name ? " " : "",
			r->name ? r->name : "");
	}
}

void memblock_dump(void)
{
	pr_info("MEMBLOCK configuration:\n");
	pr_info(" memory size = %#llx reserved size = %#llx\n",
		(unsigned long long)memblock_phys_mem_size(),
		(unsigned long long)memblock_reserved_size());
	dump_type(&memblock.memory);
	dump_type(&memblock.reserved);
}
