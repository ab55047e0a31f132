/* mem= and memmap=: command-line edits of the e820 map, Linux semantics.
 *
 * The early parameters run before the map exists, so each handler parses
 * its whole value into a scratch list and, only when every item parsed,
 * appends the list to the pending edits; a malformed value changes nothing.
 * e820_apply_user_edits() replays the edits in command-line order the way
 * Linux applies them at parse time: appended entries, removals and retypes
 * on the unsanitised table, one sanitise at the end. */
#include <asm/e820.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define E820_MAX_USER_EDITS 64

enum edit_kind {
	EDIT_EXACTMAP,          /* forget the firmware's map */
	EDIT_ADD,               /* append [start, +size) of type */
	EDIT_REMOVE,            /* remove [start, +size) of old_type (any: !check) */
	EDIT_UPDATE,            /* retype [start, +size) from old_type to type */
};

struct e820_edit {
	enum edit_kind kind;
	u64 start, size;
	u32 type, old_type;
	bool check_type;
};

static struct e820_edit edits[E820_MAX_USER_EDITS];
static unsigned nr_edits;
static struct e820_edit scratch[E820_MAX_USER_EDITS];
static struct e820_table edited;

static bool nopentium;

/* Parse a memparse number, refusing overflow. */
static bool parse_size(const char *s, const char **end, u64 *out)
{
	char *p;
	bool ovf = false;

	*out = memparse_ovf(s, &p, &ovf);
	*end = p;
	return p != s && !ovf;
}

static bool parse_type(const char *s, const char **end, u32 *out)
{
	char *p;
	unsigned long long v = simple_strtoull(s, &p, 0);

	*end = p;
	*out = (u32)v;
	return p != s && v <= U32_MAX;
}

/* "Remove all RAM from limit up", the effect of mem=limit. */
static void edit_limit(struct e820_edit *e, u64 limit)
{
	e->kind = EDIT_REMOVE;
	e->start = limit;
	e->size = U64_MAX - limit;
	e->old_type = E820_TYPE_RAM;
	e->check_type = true;
}

/* One memmap item, [s, end): exactmap | nn | nn@ss | nn#ss | nn$ss | nn!ss |
 * nn%ss[-old][+new]. Returns false when malformed. */
static bool parse_memmap_item(const char *s, const char *end, struct e820_edit *e)
{
	const char *p;
	u64 size, start;
	char op;

	memset(e, 0, sizeof(*e));
	if (end - s == 8 && !strncmp(s, "exactmap", 8)) {
		e->kind = EDIT_EXACTMAP;
		return true;
	}
	if (!parse_size(s, &p, &size))
		return false;
	if (p == end) {
		edit_limit(e, size);
		return size != 0;
	}
	op = *p++;
	if (!parse_size(p, &p, &start) || start > U64_MAX - size)
		return false;
	e->start = start;
	e->size = size;
	e->kind = EDIT_ADD;
	switch (op) {
	case '@':
		e->type = E820_TYPE_RAM;
		break;
	case '#':
		e->type = E820_TYPE_ACPI;
		break;
	case '$':
		e->type = E820_TYPE_RESERVED;
		break;
	case '!':
		e->type = E820_TYPE_PRAM;
		break;
	case '%':
		if (p < end && *p == '-' && !parse_type(p + 1, &p, &e->old_type))
			return false;
		if (p < end && *p == '+' && !parse_type(p + 1, &p, &e->type))
			return false;
		if (e->old_type && e->type) {
			e->kind = EDIT_UPDATE;
			if (e->old_type == e->type)
				return false;
		} else if (!e->type) {
			e->kind = EDIT_REMOVE;
			e->check_type = e->old_type != 0;
		}
		break;
	default:
		return false;
	}
	return p == end;
}

static int commit(const struct e820_edit *list, unsigned n, const char *name)
{
	if (n > E820_MAX_USER_EDITS - nr_edits) {
		pr_err("%s: more than %u memory map edits, value ignored\n",
		       name, E820_MAX_USER_EDITS);
		return -E2BIG;
	}
	memcpy(&edits[nr_edits], list, n * sizeof(*list));
	nr_edits += n;
	return 0;
}

static int parse_memmap(const char *val)
{
	const char *s = val;
	unsigned n = 0;

	if (!val || !*val)
		return -EINVAL;
	for (;;) {
		const char *end = strchr(s, ',');

		if (!end)
			end = s + strlen(s);
		if (n == E820_MAX_USER_EDITS) {
			pr_err("memmap: more than %u items, value ignored\n",
			       E820_MAX_USER_EDITS);
			return -E2BIG;
		}
		if (!parse_memmap_item(s, end, &scratch[n]))
			return -EINVAL;
		n++;
		if (!*end)
			break;
		s = end + 1;
	}
	return commit(scratch, n, "memmap");
}
early_param("memmap", parse_memmap);

static int parse_mem(const char *val)
{
	struct e820_edit e;
	const char *p;
	u64 limit;

	if (!val)
		return -EINVAL;
	if (!strcmp(val, "nopentium")) {
		nopentium = true;
		return 0;
	}
	if (!parse_size(val, &p, &limit) || *p || !limit)
		return -EINVAL;
	memset(&e, 0, sizeof(e));
	edit_limit(&e, limit);
	return commit(&e, 1, "mem");
}
early_param("mem", parse_mem);

bool e820_apply_edits_to(struct e820_table *t)
{
	unsigned i;

	for (i = 0; i < nr_edits; i++) {
		const struct e820_edit *e = &edits[i];

		switch (e->kind) {
		case EDIT_EXACTMAP:
			t->nr_entries = 0;
			break;
		case EDIT_ADD:
			e820_range_add(t, e->start, e->size, e->type);
			break;
		case EDIT_REMOVE:
			e820_range_remove(t, e->start, e->size, e->old_type, e->check_type);
			break;
		case EDIT_UPDATE:
			e820_range_update(t, e->start, e->size, e->old_type, e->type);
			break;
		}
	}
	if (nr_edits)
		e820_sanitize(t);
	return nr_edits != 0;
}

int e820_apply_user_edits(u64 keep_start, u64 keep_end)
{
	memcpy(&edited, &e820_table, sizeof(edited));
	if (!e820_apply_edits_to(&edited))
		return 0;
	if (keep_start < keep_end &&
	    !e820_range_is_type(&edited, keep_start, keep_end, E820_TYPE_RAM)) {
		pr_err("e820: mem=/memmap= would leave [mem %#010llx-%#010llx] (the kernel) outside usable RAM; edits ignored\n",
		       (unsigned long long)keep_start, (unsigned long long)keep_end - 1);
		return -EINVAL;
	}
	if (!e820_total_of_type(&edited, E820_TYPE_RAM)) {
		pr_err("e820: mem=/memmap= leave no usable RAM; edits ignored\n");
		return -EINVAL;
	}
	memcpy(&e820_table, &edited, sizeof(edited));
	pr_info("user-defined physical RAM map:\n");
	e820_print_table(&e820_table, "user");
	return 1;
}

void e820_user_edits_reset(void)
{
	nr_edits = 0;
	nopentium = false;
}

bool e820_user_nopentium(void)
{
	return nopentium;
}
