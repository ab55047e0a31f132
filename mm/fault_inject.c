/* Fault injection (contract: include/mm/fault_inject.h): Linux's
 * should_fail() from lib/fault-inject.c and the two attribute sets of
 * mm/fail_page_alloc.c and mm/failslab.c, their boot parameters and the
 * debugfs files as parameters.
 *
 * Locking: the decision runs with interrupts disabled, so a count, a
 * budget or the PRNG never sees two callers at once. */
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/random.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/fault_inject.h>
#include <mm/mmzone.h>

/* The seed of both PRNGs unless NAME.seed= says otherwise (any nonzero
 * value: xorshift32 never leaves 0). */
#define FAULT_DEFAULT_SEED 0x2545f491u
#define PERCENT 100
/* Room for a decoded GFP mask in the verbose=2 line. */
#define FAULT_GFP_STR 256
/* Linux's defaults for the debugfs files of both sets. */
#define FAIL_PAGE_ALLOC_MIN_ORDER 1

#define FAULT_ATTR_INIT(n) { .name = n, .interval = 1, .times = 1, \
			     .seed = FAULT_DEFAULT_SEED, .prng = FAULT_DEFAULT_SEED }

struct fail_page_alloc_attr fail_page_alloc = {
	.attr = FAULT_ATTR_INIT("fail_page_alloc"),
	.ignore_gfp_reclaim = true,
	.ignore_gfp_highmem = true,
	.min_order = FAIL_PAGE_ALLOC_MIN_ORDER,
};
struct failslab_attr failslab = {
	.attr = FAULT_ATTR_INIT("failslab"),
	.ignore_gfp_reclaim = true,
};
bool fault_inject_active;
/* One lock for both sets' counters and generators: any CPU, any context
 * may ask should_fail(). */
static DEFINE_SPINLOCK(fault_lock);

void fault_inject_update(void)
{
	fault_inject_active = fail_page_alloc.attr.probability || failslab.attr.probability;
}

void fault_attr_reset(struct fault_attr *attr)
{
	attr->prng = attr->seed ? attr->seed : FAULT_DEFAULT_SEED;
	attr->count = 0;
	attr->forced = 0;
}

/* times as it was before this failure counted, as Linux prints it. */
static void fail_dump(const struct fault_attr *attr, long times, unsigned long caller)
{
	if (!attr->verbose)
		return;
	pr_notice("FAULT_INJECTION: forcing a failure.\n");
	pr_notice("name %s, interval %lu, probability %lu, space %ld, times %ld\n",
		  attr->name, attr->interval, attr->probability, attr->space, times);
	pr_notice("caller %#lx\n", caller);
}

bool should_fail(struct fault_attr *attr, long size, unsigned long caller)
{
	unsigned long flags;
	bool fail = false;
	long times;

	if (!attr->probability)
		return false;
	spin_lock_irqsave(&fault_lock, flags);
	if (attr->times == 0)
		goto out;
	if (attr->space > size) {
		attr->space -= size;
		goto out;
	}
	if (attr->interval > 1 && ++attr->count % attr->interval)
		goto out;
	if (attr->probability <= xorshift32(&attr->prng) % PERCENT)
		goto out;
	times = attr->times;
	if (attr->times > 0)
		attr->times--;
	attr->forced++;
	fail = true;
out:
	spin_unlock_irqrestore(&fault_lock, flags);
	if (fail)
		fail_dump(attr, times, caller);
	return fail;
}

bool __should_fail_alloc_page(gfp_t gfp, unsigned int order, unsigned long caller)
{
	char mode[FAULT_GFP_STR];

	if (order < fail_page_alloc.min_order || (gfp & __GFP_NOFAIL))
		return false;
	if (fail_page_alloc.ignore_gfp_highmem && (gfp & __GFP_HIGHMEM))
		return false;
	if (fail_page_alloc.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (!should_fail(&fail_page_alloc.attr, 1L << order, caller))
		return false;
	if (fail_page_alloc.attr.verbose > 1) {
		gfp_flags_str(mode, sizeof(mode), gfp);
		pr_notice("fail_page_alloc: order:%u, mode:%#x(%s)\n", order, gfp, mode);
	}
	return true;
}

bool __should_failslab(const char *cache, unsigned int size, gfp_t gfp, unsigned long caller)
{
	char mode[FAULT_GFP_STR];

	if (gfp & __GFP_NOFAIL)
		return false;
	if (failslab.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (!should_fail(&failslab.attr, (long)size, caller))
		return false;
	if (failslab.attr.verbose > 1) {
		gfp_flags_str(mode, sizeof(mode), gfp);
		pr_notice("failslab: cache:%s, size:%u, mode:%#x(%s)\n", cache, size, gfp, mode);
	}
	return true;
}

/* ------------------------------------------------------------------------
 * Attributes by name: the parameters and the shell.
 */

enum fattr_kind { FA_ULONG, FA_LONG, FA_BOOL, FA_U32, FA_UINT };

struct fattr_desc {
	const char *name;
	enum fattr_kind kind;
	size_t offset;          /* from the start of the set */
	unsigned long max;      /* FA_ULONG/FA_UINT/FA_U32 */
};

#define FA(n, k, set, field, m) { n, k, __builtin_offsetof(set, field), m }
#define FA_COMMON(set)                                                         \
	FA("probability", FA_ULONG, set, attr.probability, PERCENT),           \
	FA("interval", FA_ULONG, set, attr.interval, ~0UL),                    \
	FA("times", FA_LONG, set, attr.times, 0),                              \
	FA("space", FA_LONG, set, attr.space, 0),                              \
	FA("verbose", FA_ULONG, set, attr.verbose, 2),                         \
	FA("seed", FA_U32, set, attr.seed, 0xffffffffUL)

static const struct fattr_desc page_attrs[] = {
	FA_COMMON(struct fail_page_alloc_attr),
	FA("ignore-gfp-wait", FA_BOOL, struct fail_page_alloc_attr, ignore_gfp_reclaim, 1),
	FA("ignore-gfp-highmem", FA_BOOL, struct fail_page_alloc_attr, ignore_gfp_highmem, 1),
	FA("min-order", FA_UINT, struct fail_page_alloc_attr, min_order, MAX_ORDER),
	{ NULL, 0, 0, 0 },
};
static const struct fattr_desc slab_attrs[] = {
	FA_COMMON(struct failslab_attr),
	FA("ignore-gfp-wait", FA_BOOL, struct failslab_attr, ignore_gfp_reclaim, 1),
	{ NULL, 0, 0, 0 },
};

static const struct {
	struct fault_attr *attr;
	const struct fattr_desc *descs;
} fault_sets[] = {
	{ &fail_page_alloc.attr, page_attrs },
	{ &failslab.attr, slab_attrs },
};

static int parse_bool(const char *val, bool *out)
{
	if (!strcmp(val, "Y") || !strcmp(val, "y") || !strcmp(val, "1")) {
		*out = true;
		return 0;
	}
	if (!strcmp(val, "N") || !strcmp(val, "n") || !strcmp(val, "0")) {
		*out = false;
		return 0;
	}
	return -EINVAL;
}

static int parse_long(const char *val, long *out)
{
	bool neg = *val == '-';
	char *end;
	unsigned long long v = simple_strtoull(val + neg, &end, 0);

	if (end == val + neg || *end || v > 0x7fffffffULL)
		return -EINVAL;
	*out = neg ? -(long)v : (long)v;
	return 0;
}

static int fattr_store(void *set, const struct fattr_desc *d, const char *val)
{
	char *p = (char *)set + d->offset, *end;
	unsigned long long v;
	bool b;
	long l;

	switch (d->kind) {
	case FA_BOOL:
		if (parse_bool(val, &b))
			return -EINVAL;
		*(bool *)p = b;
		return 0;
	case FA_LONG:
		if (parse_long(val, &l) || l < -1)
			return -EINVAL;
		*(long *)p = l;
		return 0;
	default:
		v = simple_strtoull(val, &end, 0);
		if (end == val || *end || v > d->max)
			return -EINVAL;
		if (d->kind == FA_ULONG)
			*(unsigned long *)p = (unsigned long)v;
		else if (d->kind == FA_UINT)
			*(unsigned int *)p = (unsigned int)v;
		else
			*(u32 *)p = (u32)v;
		return 0;
	}
}

int fault_attr_set(const char *name, const char *attr, const char *val)
{
	for (size_t i = 0; i < ARRAY_SIZE(fault_sets); i++) {
		if (strcmp(fault_sets[i].attr->name, name))
			continue;
		for (const struct fattr_desc *d = fault_sets[i].descs; d->name; d++) {
			int err;

			if (strcmp(d->name, attr))
				continue;
			if (!val || !*val)
				return -EINVAL;
			err = fattr_store(fault_sets[i].attr, d, val);
			if (!err && !strcmp(attr, "seed"))
				fault_attr_reset(fault_sets[i].attr);
			fault_inject_update();
			return err;
		}
		return -ENOENT;
	}
	return -ENOENT;
}

static void fattr_show(const char *set_name, const void *set, const struct fattr_desc *d)
{
	const char *p = (const char *)set + d->offset;

	switch (d->kind) {
	case FA_BOOL:
		pr_info("%s.%s=%c\n", set_name, d->name, *(const bool *)p ? 'Y' : 'N');
		break;
	case FA_LONG:
		pr_info("%s.%s=%ld\n", set_name, d->name, *(const long *)p);
		break;
	case FA_ULONG:
		pr_info("%s.%s=%lu\n", set_name, d->name, *(const unsigned long *)p);
		break;
	case FA_UINT:
		pr_info("%s.%s=%u\n", set_name, d->name, *(const unsigned int *)p);
		break;
	case FA_U32:
		pr_info("%s.%s=%#x\n", set_name, d->name, *(const u32 *)p);
		break;
	}
}

void fault_inject_show(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(fault_sets); i++) {
		const struct fault_attr *a = fault_sets[i].attr;

		for (const struct fattr_desc *d = fault_sets[i].descs; d->name; d++)
			fattr_show(a->name, a, d);
		pr_info("%s: %lu failures forced\n", a->name, a->forced);
	}
}

/* Linux's setup_fault_attr(): "<interval>,<probability>,<space>,<times>",
 * all four. Nothing changes unless all four parse. */
static int setup_fault_attr(struct fault_attr *attr, const char *str)
{
	unsigned long long v[3];
	long times;
	char *end;

	if (!str)
		return -EINVAL;
	for (int i = 0; i < 3; i++) {
		v[i] = simple_strtoull(str, &end, 0);
		if (end == str || *end != ',')
			return -EINVAL;
		str = end + 1;
	}
	if (parse_long(str, &times) || times < -1 || v[1] > PERCENT || v[2] > 0x7fffffffULL)
		return -EINVAL;
	attr->interval = (unsigned long)v[0];
	attr->probability = (unsigned long)v[1];
	attr->space = (long)v[2];
	attr->times = times;
	fault_attr_reset(attr);
	fault_inject_update();
	return 0;
}

static int parse_fail_page_alloc(const char *val)
{
	return setup_fault_attr(&fail_page_alloc.attr, val);
}
kernel_param("fail_page_alloc", parse_fail_page_alloc);

static int parse_failslab(const char *val)
{
	return setup_fault_attr(&failslab.attr, val);
}
kernel_param("failslab", parse_failslab);

#define FAULT_ATTR_PARAM(set, attr, ident)                                     \
	static int parse_##ident(const char *val)                              \
	{                                                                      \
		return fault_attr_set(set, attr, val) ? -EINVAL : 0;           \
	}                                                                      \
	kernel_param(set "." attr, parse_##ident)

FAULT_ATTR_PARAM("fail_page_alloc", "ignore-gfp-wait", fpa_ignore_wait);
FAULT_ATTR_PARAM("fail_page_alloc", "ignore-gfp-highmem", fpa_ignore_highmem);
FAULT_ATTR_PARAM("fail_page_alloc", "min-order", fpa_min_order);
FAULT_ATTR_PARAM("fail_page_alloc", "verbose", fpa_verbose);
FAULT_ATTR_PARAM("fail_page_alloc", "seed", fpa_seed);
FAULT_ATTR_PARAM("failslab", "ignore-gfp-wait", fs_ignore_wait);
FAULT_ATTR_PARAM("failslab", "verbose", fs_verbose);
FAULT_ATTR_PARAM("failslab", "seed", fs_seed);
