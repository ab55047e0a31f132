/* libFuzzer target, differential: a firmware map and mem=/memmap= edits
 * built from arbitrary bytes. The edits are written out as a command line
 * in varied number formats, parsed by the real early parameter handlers
 * and applied by the real edit code (arch/x86/e820_params.c, e820.c); the
 * same edits go, as decoded, to the page-granular reference model
 * (ref_model.c). The sanitised result must give every page of the model's
 * window the type the model gives it.
 *
 * Input: byte 0: firmware entries (mod 17), 5 bytes each: u16 first page,
 * u16 pages, u8 type (1..15). Then byte: parameters (mod 9), each 8 bytes:
 * kind, flags, u16 a, u16 b, u8 type1, u8 type2 (below). Every address is
 * whole pages, so the model's pages are exact. */
#include <stdio.h>
#include <string.h>

#include <kernel/param.h>
#include "fuzz.h"
#include "ref_model.h"

#define FW_ENTRY_BYTES    5
#define PARAM_BYTES       8
#define MAX_FW            16
#define MAX_PARAMS        8
#define PAGE_BYTES        (1ull << REF_PAGE_SHIFT)
#define KIB               1024ull
#define MIB               (KIB * KIB)
#define GIB               (MIB * KIB)
#define LINE_MAX_CHARS    2048

/* Parameter kinds (kind byte mod NR_KINDS). */
enum {
	K_MEM,          /* mem=a pages */
	K_EXACTMAP,     /* memmap=exactmap */
	K_LIMIT,        /* memmap=a pages */
	K_RAM,          /* memmap=a@b */
	K_ACPI,         /* memmap=a#b */
	K_RESERVED,     /* memmap=a$b */
	K_PRAM,         /* memmap=a!b */
	K_RETYPE,       /* memmap=a%b[-type1][+type2] */
	NR_KINDS
};
/* Flags: join this item to the previous memmap= value with a comma; spoil
 * the item (the whole value must then be ignored); which of -t1 and +t2
 * appear for K_RETYPE; number format selectors. */
#define F_JOIN    0x01
#define F_SPOIL   0x02
#define F_OLD     0x04
#define F_NEW     0x08
#define F_FMT_SHIFT 4

struct edit {
	int kind;
	u64 a, b;               /* pages */
	u32 t1, t2;
	bool has_old, has_new;
};

static struct e820_table table;
static struct ref_pages model;
static char line[LINE_MAX_CHARS];
static size_t line_len;

static void put(const char *s)
{
	size_t n = strlen(s);

	FUZZ_CHECK(line_len + n < sizeof(line));
	memcpy(line + line_len, s, n + 1);
	line_len += n;
}

/* v in base 8, 10 or 16, digits only. Written here: the harness must not
 * use the kernel's vsprintf, which the targets link in place of libc's. */
static void put_num(u64 v, unsigned base)
{
	char buf[32];
	size_t i = sizeof(buf) - 1;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	put(buf + i);
}

/* Bytes in one of memparse's forms: decimal, hex, octal, K, M, G (the
 * largest suffix that divides it exactly, or K), either case. */
static void put_bytes(u64 bytes, unsigned fmt)
{
	switch (fmt % 6) {
	case 0:
		put_num(bytes, 10);
		break;
	case 1:
		put("0x");
		put_num(bytes, 16);
		break;
	case 2:
		put("0");
		put_num(bytes, 8);
		break;
	case 3:
		put_num(bytes / KIB, 10);
		put(fmt & 8 ? "k" : "K");
		break;
	default:
		if (bytes % GIB == 0 && bytes) {
			put_num(bytes / GIB, 10);
			put(fmt & 8 ? "g" : "G");
		} else if (bytes % MIB == 0 && bytes) {
			put_num(bytes / MIB, 10);
			put(fmt & 8 ? "m" : "M");
		} else {
			put_num(bytes / KIB, 10);
			put("K");
		}
	}
}

static void put_type(u32 t, unsigned fmt)
{
	if (fmt & 1)
		put("0x");
	put_num(t, fmt & 1 ? 16 : 10);
}

static void put_item(const struct edit *e, unsigned fmt)
{
	static const char ops[NR_KINDS] = {
		[K_RAM] = '@', [K_ACPI] = '#', [K_RESERVED] = '$', [K_PRAM] = '!', [K_RETYPE] = '%',
	};
	char op[2] = { ops[e->kind], 0 };

	if (e->kind == K_EXACTMAP) {
		put("exactmap");
		return;
	}
	put_bytes(e->a * PAGE_BYTES, fmt);
	if (e->kind == K_LIMIT || e->kind == K_MEM)
		return;
	put(op);
	put_bytes(e->b * PAGE_BYTES, fmt >> 1);
	if (e->kind != K_RETYPE)
		return;
	if (e->has_old) {
		put("-");
		put_type(e->t1, fmt);
	}
	if (e->has_new) {
		put("+");
		put_type(e->t2, fmt >> 1);
	}
}

/* Is the item one the parser must refuse (so its whole value is ignored)? */
static bool item_refused(const struct edit *e)
{
	if ((e->kind == K_MEM || e->kind == K_LIMIT) && !e->a)
		return true;
	return e->kind == K_RETYPE && e->has_old && e->has_new && e->t1 && e->t2 &&
	       e->t1 == e->t2;
}

static void model_apply(const struct edit *e)
{
	static const u32 add_type[NR_KINDS] = {
		[K_RAM] = 1, [K_ACPI] = 3, [K_RESERVED] = 2, [K_PRAM] = 12,
	};
	u32 old = e->has_old ? e->t1 : 0, new = e->has_new ? e->t2 : 0;

	switch (e->kind) {
	case K_MEM:
	case K_LIMIT:
		ref_pages_remove(&model, e->a, REF_PAGES, 1, true);
		break;
	case K_EXACTMAP:
		ref_pages_clear(&model);
		break;
	case K_RETYPE:
		if (old && new)
			ref_pages_update(&model, e->b, e->a, old, new);
		else if (!new)
			ref_pages_remove(&model, e->b, e->a, old, old != 0);
		else
			ref_pages_add(&model, e->b, e->a, new);
		break;
	default:
		ref_pages_add(&model, e->b, e->a, add_type[e->kind]);
	}
}

static void finding(u64 page, u32 want, u32 got)
{
	u32 i;

	fprintf(stderr, "fuzz_edits: page %#llx: model type %u, real type %u\ncmdline: %s\n",
		(unsigned long long)page, want, got, line);
	for (i = 0; i < table.nr_entries; i++)
		fprintf(stderr, "real: %#018llx +%#llx type %u\n",
			(unsigned long long)table.entries[i].addr,
			(unsigned long long)table.entries[i].size, table.entries[i].type);
	__builtin_trap();
}

/* Compare the real (sanitised) table with the model, page by page. */
static void compare(void)
{
	static u32 real[REF_PAGES];
	u64 p;
	u32 i;

	memset(real, 0, sizeof(real));
	for (i = 0; i < table.nr_entries; i++) {
		const struct e820_entry *e = &table.entries[i];
		u64 first = e->addr >> REF_PAGE_SHIFT, end = (e->addr + e->size) >> REF_PAGE_SHIFT;

		FUZZ_CHECK(e->addr % PAGE_BYTES == 0 && e->size % PAGE_BYTES == 0);
		for (p = first; p < end && p < REF_PAGES; p++) {
			FUZZ_CHECK(!real[p]);
			real[p] = e->type;
		}
	}
	for (p = 0; p < REF_PAGES; p++)
		if (real[p] != ref_page_type(&model, p))
			finding(p, ref_page_type(&model, p), real[p]);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);
int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct edit value[MAX_PARAMS];
	size_t off = 1, nfw, np, i, nvalue = 0;
	bool value_bad = false, in_memmap = false;

	if (!size)
		return 0;
	ref_pages_clear(&model);
	table.nr_entries = 0;
	nfw = data[0] % (MAX_FW + 1);
	for (i = 0; i < nfw && off + FW_ENTRY_BYTES <= size; i++, off += FW_ENTRY_BYTES) {
		u16 first, pages;
		u32 type = 1 + data[off + 4] % REF_MAX_TYPE;

		memcpy(&first, data + off, 2);
		memcpy(&pages, data + off + 2, 2);
		e820_range_add(&table, (u64)(first % (2 * REF_PAGES)) * PAGE_BYTES,
			       (u64)pages * PAGE_BYTES, type);
	}
	e820_sanitize(&table);
	/* The sanitised firmware map, in the model: each page its highest type. */
	for (i = 0; i < table.nr_entries; i++)
		ref_pages_add(&model, table.entries[i].addr >> REF_PAGE_SHIFT,
			      table.entries[i].size >> REF_PAGE_SHIFT, table.entries[i].type);
	for (i = 0; i < REF_PAGES; i++)
		if (model.set[i])
			model.set[i] = (ref_typeset)(1u << ref_page_type(&model, i));

	line_len = 0;
	line[0] = '\0';
	np = off < size ? data[off++] % (MAX_PARAMS + 1) : 0;
	for (i = 0; i < np && off + PARAM_BYTES <= size; i++, off += PARAM_BYTES) {
		const u8 *d = data + off;
		struct edit e = { .kind = d[0] % NR_KINDS };
		u8 flags = d[1];
		u16 a, b;
		bool join;

		memcpy(&a, d + 2, 2);
		memcpy(&b, d + 4, 2);
		e.a = a % (2 * REF_PAGES);
		e.b = b % (2 * REF_PAGES);
		e.t1 = d[6] % (REF_MAX_TYPE + 1);
		e.t2 = d[7] % (REF_MAX_TYPE + 1);
		e.has_old = flags & F_OLD;
		e.has_new = flags & F_NEW;
		join = (flags & F_JOIN) && in_memmap && e.kind != K_MEM;

		if (!join) {
			/* The previous memmap= value is complete: the model
			 * takes it whole, or not at all. */
			if (in_memmap && !value_bad)
				for (size_t k = 0; k < nvalue; k++)
					model_apply(&value[k]);
			nvalue = 0;
			value_bad = false;
			in_memmap = false;
			put(line_len ? " " : "");
			put(e.kind == K_MEM ? "mem=" : "memmap=");
		} else {
			put(",");
		}
		put_item(&e, flags >> F_FMT_SHIFT);
		if (flags & F_SPOIL) {
			put("x");
			value_bad = true;
		}
		value_bad |= item_refused(&e);
		if (e.kind == K_MEM) {
			if (!value_bad)
				model_apply(&e);
			value_bad = false;
		} else {
			value[nvalue++] = e;
			in_memmap = true;
		}
	}
	if (in_memmap && !value_bad)
		for (size_t k = 0; k < nvalue; k++)
			model_apply(&value[k]);

	e820_user_edits_reset();
	parse_param_string(line, true);
	e820_apply_edits_to(&table);
	e820_user_edits_reset();
	FUZZ_CHECK(e820_table_is_sane(&table));
	compare();
	return 0;
}
