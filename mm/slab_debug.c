/* Slab debugging: red zones, poisoning, the slub_debug= parameter, the
 * Linux-style reports, and the kmalloc GFP fix-up.
 *
 * Slot layout of a debugged object (offsets from the slot start):
 *   [0, offset)                       left red zone
 *   [offset, offset + object_size)    the object
 *   [offset + object_size, inuse)     right red zone (at least one word)
 *   [inuse, inuse + word)             free pointer
 * Red zones read SLUB_RED_INACTIVE (0xbb) while the object is free and
 * SLUB_RED_ACTIVE (0xcc) while it is allocated, as in Linux. A poisoned free
 * object reads POISON_FREE (0x6b) with POISON_END (0xa5) in its last byte.
 * Every finding names the cache, the object and the first bad byte; the
 * bytes are then restored so one bug is reported once. */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/mm.h>
#include <mm/slab.h>
#include "slab_internal.h"

#define SLUB_DEBUG_STR_MAX   128
#define SLUB_DEBUG_ALL       (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
			      SLAB_STORE_USER)
/* GFP fix-up reports printed before they are only counted. */
#define SLAB_GFP_REPORT_BURST 10
#define GFP_STR_MAX          160

static char slub_debug_str[SLUB_DEBUG_STR_MAX];
static slab_flags_t slub_debug_global;
static unsigned long report_count;
static const char *last_report;
static unsigned long gfp_reports;

/* ---- slub_debug= ------------------------------------------------------ */

static int parse_debug_flags(const char *s, size_t n, slab_flags_t *out)
{
	slab_flags_t f = 0;

	if (n == 0) {
		*out = SLUB_DEBUG_ALL;
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		switch (s[i] | 0x20) {     /* either case */
		case 'f': f |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': f |= SLAB_RED_ZONE; break;
		case 'p': f |= SLAB_POISON; break;
		case 'u': f |= SLAB_STORE_USER; break;
		case '-': f = 0; break;
		default: return -EINVAL;
		}
	}
	*out = f;
	return 0;
}

static size_t span_to(const char *s, char stop1, char stop2)
{
	size_t n = 0;

	while (s[n] && s[n] != stop1 && s[n] != stop2)
		n++;
	return n;
}

static bool name_matches(const char *pat, size_t n, const char *name)
{
	if (n && pat[n - 1] == '*')
		return strncmp(pat, name, n - 1) == 0;
	return strlen(name) == n && strncmp(pat, name, n) == 0;
}

/* Walk the blocks of str. With name == NULL: validate and compute the
 * global flags. With a name: the union of the flags of blocks listing it
 * (*matched tells whether any did). */
static int slub_debug_walk(const char *str, const char *name, slab_flags_t *out,
			   bool *matched)
{
	slab_flags_t global = 0, hit = 0;
	bool any = false;

	while (*str) {
		size_t blk = span_to(str, ';', '\0');
		size_t fl = span_to(str, ',', ';');
		slab_flags_t f;

		if (parse_debug_flags(str, fl, &f))
			return -EINVAL;
		if (fl == blk) {
			global = f;
		} else {
			for (const char *p = str + fl + 1; p < str + blk;) {
				size_t n = span_to(p, ',', ';');

				if (name && n && name_matches(p, n, name)) {
					hit |= f;
					any = true;
				}
				p += n + (p[n] == ',');
			}
		}
		str += blk + (str[blk] == ';');
	}
	*out = name ? hit : global;
	if (matched)
		*matched = any;
	return 0;
}

int slub_debug_parse(const char *val)
{
	slab_flags_t global;
	size_t len;

	if (!val || !*val) {
		/* "slub_debug" or "slub_debug=": everything, everywhere. */
		slub_debug_str[0] = '\0';
		slub_debug_global = SLUB_DEBUG_ALL;
		return 0;
	}
	len = strlen(val);
	if (len >= SLUB_DEBUG_STR_MAX || slub_debug_walk(val, NULL, &global, NULL))
		return -EINVAL;
	memcpy(slub_debug_str, val, len + 1);
	slub_debug_global = global;
	return 0;
}
early_param("slub_debug", slub_debug_parse);

void slub_debug_reset(void)
{
	slub_debug_str[0] = '\0';
	slub_debug_global = 0;
}

slab_flags_t slub_debug_flags_for(const char *name)
{
	slab_flags_t f;
	bool matched;

	if (slub_debug_walk(slub_debug_str, name, &f, &matched))
		return 0;
	return matched ? f : slub_debug_global;
}

/* ---- reports ---------------------------------------------------------- */

unsigned long slab_report_count(void)
{
	return report_count;
}

const char *slab_last_report(void)
{
	return last_report;
}

void slab_report(const struct kmem_cache *s, const char *cname, const char *reason,
		 const struct page *page, const void *obj)
{
	const char *name = s ? s->name : cname ? cname : "kmalloc";

	__atomic_add_fetch(&report_count, 1, __ATOMIC_RELAXED);
	last_report = reason;
	pr_err("=============================================================================\n");
	pr_err("BUG %s (Not tainted): %s\n", name, reason);
	pr_err("-----------------------------------------------------------------------------\n");
	if (page && PageSlab(page) && s)
		pr_err("INFO: Slab %p objects=%u used=%u fp=%p flags=%#lx\n",
		       (const void *)page, s->objects, page->inuse, page->freelist,
		       page->flags);
	if (obj && page && PageSlab(page))
		pr_err("INFO: Object %p @offset=%lu\n", obj,
		       (unsigned long)((const char *)obj - (const char *)page_address(page)));
	else if (obj)
		pr_err("INFO: Object %p\n", obj);
}

gfp_t slab_fix_gfp(gfp_t flags)
{
	gfp_t bad = flags & GFP_SLAB_BUG_MASK;
	char bs[GFP_STR_MAX], fs[GFP_STR_MAX];

	if (likely(!bad))
		return flags;
	flags &= ~bad;
	report_count++;
	last_report = "Unexpected gfp";
	if (gfp_reports++ < SLAB_GFP_REPORT_BURST) {
		gfp_flags_str(bs, sizeof(bs), bad);
		gfp_flags_str(fs, sizeof(fs), flags);
		pr_warn("Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!\n",
			bad, bs, flags, fs);
	}
	return flags;
}

/* ---- object checks ---------------------------------------------------- */

/* Check that [start, start + len) reads value; report the first bad byte
 * and restore the range. True when intact. */
static bool check_bytes(const struct kmem_cache *s, const struct page *page, void *obj,
			const char *what, const char *reason, u8 *start, u8 value,
			size_t len)
{
	u8 *fault = NULL, *end = start + len;

	for (u8 *p = start; p < end; p++) {
		if (*p != value) {
			fault = p;
			break;
		}
	}
	if (!fault)
		return true;
	while (end > fault && end[-1] == value)
		end--;
	slab_report(s, NULL, reason, page, obj);
	pr_err("INFO: %p-%p @offset=%lu. First byte %#x instead of %#x\n",
	       (void *)fault, (void *)(end - 1),
	       (unsigned long)(fault - (u8 *)page_address(page)), *fault, value);
	pr_err("FIX %s: Restoring %s %p-%p=%#x\n", s->name, what, (void *)fault,
	       (void *)(end - 1), value);
	memset(fault, value, (size_t)(end - fault));
	return false;
}

static void set_red_zones(const struct kmem_cache *s, u8 *obj, u8 value)
{
	memset(obj - s->offset, value, s->offset);
	memset(obj + s->object_size, value, s->inuse - s->offset - s->object_size);
}

static void check_red_zones(const struct kmem_cache *s, const struct page *page,
			    u8 *obj, u8 value)
{
	check_bytes(s, page, obj, "Redzone", "Redzone overwritten", obj - s->offset,
		    value, s->offset);
	check_bytes(s, page, obj, "Redzone", "Redzone overwritten", obj + s->object_size,
		    value, s->inuse - s->offset - s->object_size);
}

static void poison_object(const struct kmem_cache *s, u8 *obj)
{
	memset(obj, POISON_FREE, s->object_size - 1);
	obj[s->object_size - 1] = POISON_END;
}

static void check_poison(const struct kmem_cache *s, const struct page *page, u8 *obj)
{
	if (check_bytes(s, page, obj, "Poison", "Poison overwritten", obj, POISON_FREE,
			s->object_size - 1))
		check_bytes(s, page, obj, "Poison", "Poison overwritten",
			    obj + s->object_size - 1, POISON_END, 1);
	else
		obj[s->object_size - 1] = POISON_END;
}

void slab_debug_init_object(struct kmem_cache *s, void *obj)
{
	if (s->flags & SLAB_RED_ZONE)
		set_red_zones(s, obj, SLUB_RED_INACTIVE);
	if (s->flags & SLAB_POISON)
		poison_object(s, obj);
}

void slab_debug_alloc_check(struct kmem_cache *s, struct page *page, void *obj)
{
	if (s->flags & SLAB_RED_ZONE) {
		check_red_zones(s, page, obj, SLUB_RED_INACTIVE);
		set_red_zones(s, obj, SLUB_RED_ACTIVE);
	}
	if (s->flags & SLAB_POISON)
		check_poison(s, page, obj);
}

void slab_debug_free_check(struct kmem_cache *s, struct page *page, void *obj)
{
	if (s->flags & SLAB_RED_ZONE) {
		check_red_zones(s, page, obj, SLUB_RED_ACTIVE);
		set_red_zones(s, obj, SLUB_RED_INACTIVE);
	}
	if (s->flags & SLAB_POISON)
		poison_object(s, obj);
}

void slab_debug_check_slab(struct kmem_cache *s, struct page *page)
{
	u8 *base = page_address(page);

	if (!(s->flags & (SLAB_RED_ZONE | SLAB_POISON)))
		return;
	for (unsigned int i = 0; i < s->objects; i++) {
		u8 *obj = base + (unsigned long)i * s->size + s->offset;

		if (s->flags & SLAB_RED_ZONE)
			check_red_zones(s, page, obj, SLUB_RED_INACTIVE);
		if (s->flags & SLAB_POISON)
			check_poison(s, page, obj);
	}
}
