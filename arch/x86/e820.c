/* The e820 memory map: sanitising, range edits and printing.
 *
 * The sanitiser cuts the address space at every entry boundary and gives
 * each elementary piece the highest type of the entries covering it, then
 * joins neighbours of one type. That is what Linux's change-point sweep
 * (e820__update_table) computes, including its refusal to merge type 12. */
#include <asm/e820.h>
#include <mm/pfn.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>


struct e820_table e820_table;

/* Scratch space of the sanitiser: every start and end, and the result. */
static u64 bounds[2 * E820_MAX_ENTRIES];
static struct e820_entry result[E820_MAX_ENTRIES];

static bool e820_nomerge(u32 type)
{
	return type == E820_TYPE_PRAM;
}

static bool entry_overflows(const struct e820_entry *e)
{
	return e->addr > U64_MAX - e->size;
}

static bool entry_counts(const struct e820_entry *e)
{
	return e->size && e->type && !entry_overflows(e);
}

/* Sort and deduplicate bounds[0, n); returns the new count. */
static unsigned sort_unique(u64 *v, unsigned n)
{
	unsigned i, j, out;

	for (i = 1; i < n; i++) {
		u64 x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	for (i = 0, out = 0; i < n; i++) {
		if (!out || v[out - 1] != v[i])
			v[out++] = v[i];
	}
	return out;
}

int e820_sanitize(struct e820_table *t)
{
	unsigned n = t->nr_entries, nb = 0, nr = 0, i, j;
	int ret = 0;

	if (n > E820_MAX_ENTRIES) {
		pr_err("e820: absurd entry count %u, only the first %u used\n",
		       n, E820_MAX_ENTRIES);
		n = E820_MAX_ENTRIES;
		ret = -E2BIG;
	}
	for (i = 0; i < n; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->size && entry_overflows(e)) {
			pr_err("e820: entry [mem %#018llx] + %#llx overflows, ignored\n",
			       (unsigned long long)e->addr, (unsigned long long)e->size);
			continue;
		}
		if (!entry_counts(e))
			continue;
		bounds[nb++] = e->addr;
		bounds[nb++] = e->addr + e->size;
	}
	nb = sort_unique(bounds, nb);

	for (i = 0; i + 1 < nb; i++) {
		u64 lo = bounds[i], hi = bounds[i + 1];
		u32 type = 0;

		for (j = 0; j < n; j++) {
			const struct e820_entry *e = &t->entries[j];

			if (entry_counts(e) && e->addr <= lo && e->addr + e->size >= hi &&
			    e->type > type)
				type = e->type;
		}
		if (!type)
			continue;
		if (nr && result[nr - 1].type == type && !e820_nomerge(type) &&
		    result[nr - 1].addr + result[nr - 1].size == lo) {
			result[nr - 1].size += hi - lo;
			continue;
		}
		if (nr == E820_MAX_ENTRIES) {
			pr_err("e820: sanitised map needs more than %u entries, everything from %#018llx up dropped\n",
			       E820_MAX_ENTRIES, (unsigned long long)lo);
			ret = -E2BIG;
			break;
		}
		result[nr].addr = lo;
		result[nr].size = hi - lo;
		result[nr].type = type;
		nr++;
	}
	memcpy(t->entries, result, nr * sizeof(result[0]));
	t->nr_entries = nr;
	return ret;
}

bool e820_table_is_sane(const struct e820_table *t)
{
	u32 i;

	if (t->nr_entries > E820_MAX_ENTRIES)
		return false;
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];
		const struct e820_entry *p;

		if (!entry_counts(e))
			return false;
		if (i == 0)
			continue;
		p = &t->entries[i - 1];
		if (p->addr + p->size > e->addr)
			return false;
		if (p->addr + p->size == e->addr && p->type == e->type &&
		    !e820_nomerge(e->type))
			return false;
	}
	return true;
}

int e820_range_add(struct e820_table *t, u64 addr, u64 size, u32 type)
{
	char name[E820_TYPE_NAME_SIZE];

	if (t->nr_entries >= E820_MAX_ENTRIES) {
		pr_err("e820: too many entries; ignoring [mem %#010llx-%#010llx] %s\n",
		       (unsigned long long)addr, (unsigned long long)(addr + size - 1),
		       e820_type_name(type, name, sizeof(name)));
		return -ENOSPC;
	}
	t->entries[t->nr_entries].addr = addr;
	t->entries[t->nr_entries].size = size;
	t->entries[t->nr_entries].type = type;
	t->nr_entries++;
	return 0;
}

/* Take [lo, hi) out of entry i, which covers it: trim, split or empty it.
 * A split needs a free entry for the upper piece; with the table full the
 * entry is left whole and the failure reported (dropping the upper piece
 * would silently lose memory, or a reservation). */
static void cut_entry(struct e820_table *t, u32 i, u64 lo, u64 hi)
{
	struct e820_entry *e = &t->entries[i];
	u64 end = e->addr + e->size;

	if (e->addr < lo && end > hi) {
		if (t->nr_entries >= E820_MAX_ENTRIES) {
			pr_err("e820: table full (%u entries): cannot split [mem %#010llx-%#010llx] around [mem %#010llx-%#010llx], left as it was\n",
			       E820_MAX_ENTRIES, (unsigned long long)e->addr,
			       (unsigned long long)end - 1, (unsigned long long)lo,
			       (unsigned long long)hi - 1);
			return;
		}
		e->size = lo - e->addr;
		e820_range_add(t, hi, end - hi, e->type);
	} else if (e->addr < lo) {
		e->size = lo - e->addr;
	} else if (end > hi) {
		e->addr = hi;
		e->size = end - hi;
	} else {
		e->size = 0;
	}
}

/* The part of entry e inside [start, end), or false when none. */
static bool overlap(const struct e820_entry *e, u64 start, u64 end, u64 *lo, u64 *hi)
{
	if (!e->size || entry_overflows(e))
		return false;
	*lo = max(start, e->addr);
	*hi = min(end, e->addr + e->size);
	return *lo < *hi;
}

void e820_range_remove(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       bool check_type)
{
	char name[E820_TYPE_NAME_SIZE];
	u64 end, lo, hi;
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);

	size = min(size, U64_MAX - start);
	end = start + size;
	pr_debug("e820: remove [mem %#010llx-%#010llx] %s\n", (unsigned long long)start,
		 (unsigned long long)(end - 1),
		 check_type ? e820_type_name(old_type, name, sizeof(name)) : "");
	/* Pieces split off lie outside [start, end): no need to revisit them. */
	for (i = 0; i < n; i++) {
		if (check_type && t->entries[i].type != old_type)
			continue;
		if (overlap(&t->entries[i], start, end, &lo, &hi))
			cut_entry(t, i, lo, hi);
	}
}

void e820_range_update(struct e820_table *t, u64 start, u64 size, u32 old_type,
		       u32 new_type)
{
	char oname[E820_TYPE_NAME_SIZE], nname[E820_TYPE_NAME_SIZE];
	u64 end, lo, hi;
	u32 i, n = min(t->nr_entries, (u32)E820_MAX_ENTRIES);

	if (old_type == new_type)
		return;
	size = min(size, U64_MAX - start);
	end = start + size;
	pr_debug("e820: update [mem %#010llx-%#010llx] %s ==> %s\n",
		 (unsigned long long)start, (unsigned long long)(end - 1),
		 e820_type_name(old_type, oname, sizeof(oname)),
		 e820_type_name(new_type, nname, sizeof(nname)));
	for (i = 0; i < n; i++) {
		struct e820_entry *e = &t->entries[i];

		if (e->type != old_type || !overlap(e, start, end, &lo, &hi))
			continue;
		if (lo == e->addr && hi == e->addr + e->size) {
			e->type = new_type;
			continue;
		}
		if (e820_range_add(t, lo, hi - lo, new_type) == 0)
			cut_entry(t, i, lo, hi);
	}
}

const char *e820_type_name(u32 type, char *buf, size_t size)
{
	switch (type) {
	case E820_TYPE_RAM:
		snprintf(buf, size, "usable");
		break;
	case E820_TYPE_RESERVED:
		snprintf(buf, size, "reserved");
		break;
	case E820_TYPE_ACPI:
		snprintf(buf, size, "ACPI data");
		break;
	case E820_TYPE_NVS:
		snprintf(buf, size, "ACPI NVS");
		break;
	case E820_TYPE_UNUSABLE:
		snprintf(buf, size, "unusable");
		break;
	case E820_TYPE_PMEM:
	case E820_TYPE_PRAM:
		snprintf(buf, size, "persistent (type %u)", type);
		break;
	default:
		snprintf(buf, size, "type %u", type);
		break;
	}
	return buf;
}

void e820_print_table(const struct e820_table *t, const char *who)
{
	char name[E820_TYPE_NAME_SIZE];
	u32 i;

	for (i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES; i++) {
		const struct e820_entry *e = &t->entries[i];

		pr_info("%s: [mem %#018llx-%#018llx] %s\n", who,
			(unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1),
			e820_type_name(e->type, name, sizeof(name)));
	}
}

u64 e820_total_of_type(const struct e820_table *t, u32 type)
{
	u64 total = 0;
	u32 i;

	for (i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES; i++) {
		if (t->entries[i].type == type)
			total += t->entries[i].size;
	}
	return total;
}

bool e820_range_is_type(const struct e820_table *t, u64 start, u64 end, u32 type)
{
	u32 i;

	/* Walk forward over sanitised entries, which are sorted and joined. */
	for (i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES && start < end; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (e->type != type || entry_overflows(e))
			continue;
		if (e->addr <= start && e->addr + e->size > start)
			start = e->addr + e->size;
	}
	return start >= end;
}

void e820_table_from_bootinfo(struct e820_table *t, const struct boot_info *bi)
{
	u32 i, n = min(bi->nr_mmap, (u32)E820_MAX_ENTRIES);

	for (i = 0; i < n; i++) {
		t->entries[i].addr = bi->mmap[i].addr;
		t->entries[i].size = bi->mmap[i].size;
		t->entries[i].type = bi->mmap[i].type;
	}
	t->nr_entries = n;
}

int e820_init_from_bootinfo(const struct boot_info *bi)
{
	e820_table_from_bootinfo(&e820_table, bi);
	e820_sanitize(&e820_table);
	pr_info("BIOS-provided physical RAM map:\n");
	e820_print_table(&e820_table, bi->mmap_from_meminfo ? "Multiboot-meminfo" : "BIOS-e820");
	if (!e820_total_of_type(&e820_table, E820_TYPE_RAM)) {
		pr_err("e820: the memory map has no usable RAM\n");
		return -ENOENT;
	}
	return 0;
}

void e820_trim_bios_range(void)
{
	e820_range_update(&e820_table, 0, E820_FIRST_PAGE, E820_TYPE_RAM, E820_TYPE_RESERVED);
	e820_range_remove(&e820_table, E820_BIOS_BEGIN, E820_BIOS_END - E820_BIOS_BEGIN,
			  E820_TYPE_RAM, true);
	e820_sanitize(&e820_table);
}

unsigned int e820_ram_regions(const struct e820_table *t, struct mem_region *out,
			      unsigned int max)
{
	unsigned int n = 0;
	u32 i;

	for (i = 0; i < t->nr_entries && i < E820_MAX_ENTRIES; i++) {
		const struct e820_entry *e = &t->entries[i];
		u64 start, end;

		if (e->type != E820_TYPE_RAM || entry_overflows(e) ||
		    e->addr > U64_MAX - (PAGE_SIZE - 1))
			continue;
		start = ALIGN(e->addr, (u64)PAGE_SIZE);
		end = ALIGN_DOWN(e->addr + e->size, (u64)PAGE_SIZE);
		if (start >= end)
			continue;
		if (n == max) {
			pr_err("e820: more than %u RAM ranges, [mem %#018llx-%#018llx] dropped\n",
			       max, (unsigned long long)start, (unsigned long long)end - 1);
			continue;
		}
		out[n].start = start;
		out[n].end = end;
		out[n].type = MEM_REGION_RAM;
		out[n].name = NULL;
		n++;
	}
	return n;
}
