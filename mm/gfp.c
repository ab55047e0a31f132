/* GFP masks: zone selection, the %pGg-style decoder and the expression
 * parser shared by every report and the shell. */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>
#include "internal.h"

#define GFP_ZONE_INVALID_ZONE ZONE_DMA

_Static_assert(GFP_ZONE_TABLE == 0x01310121UL, "zone table differs from Linux");
_Static_assert(GFP_ZONE_BAD == 0xe8e8, "bad-zone set differs from Linux");
_Static_assert(GFP_ZONEMASK == 0x0f, "zone modifiers are the low four bits");

/* Invalid combinations already reported, one bit per zone-mask value. */
static unsigned int gfp_zone_reported;

_Static_assert(((GFP_ZONE_TABLE >> (0x3 * ZONES_SHIFT)) & 3) == GFP_ZONE_INVALID_ZONE,
	       "invalid combinations resolve to the documented zone");

bool gfp_zone_valid(gfp_t gfp)
{
	return !gfp_zone_bad(gfp);
}

/* Report an invalid zone-modifier combination, once per combination. */
static void __slowpath gfp_zone_report_invalid(gfp_t gfp)
{
	unsigned int idx = gfp & GFP_ZONEMASK;
	char buf[160];

	if (gfp_zone_reported & (1u << idx))
		return;
	gfp_zone_reported |= 1u << idx;
	gfp_flags_str(buf, sizeof(buf), gfp & GFP_ZONEMASK);
	pr_err("gfp_zone: invalid zone modifiers %#x(%s) in mode:%#x, using DMA\n",
	       idx, buf, gfp);
}

int gfp_zone(gfp_t gfp)
{
	if (unlikely(gfp_zone_bad(gfp)))
		gfp_zone_report_invalid(gfp);
	return gfp_zone_lookup(gfp);
}

#define GFP_NAME(n) { #n, n }
/* Decoding order (Linux's gfpflag_names): composite type flags, most bits
 * first, then single bits. Entries after GFP_DECODE_COUNT are accepted by
 * the parser only. */
const struct gfp_name gfp_names[] = {
	GFP_NAME(GFP_HIGHUSER_MOVABLE),
	GFP_NAME(GFP_HIGHUSER),
	GFP_NAME(GFP_USER),
	GFP_NAME(GFP_KERNEL_ACCOUNT),
	GFP_NAME(GFP_KERNEL),
	GFP_NAME(GFP_NOFS),
	GFP_NAME(GFP_ATOMIC),
	GFP_NAME(GFP_NOIO),
	GFP_NAME(GFP_NOWAIT),
	GFP_NAME(GFP_DMA),
	GFP_NAME(__GFP_HIGHMEM),
	GFP_NAME(GFP_DMA32),
	GFP_NAME(__GFP_HIGH),
	GFP_NAME(__GFP_ATOMIC),
	GFP_NAME(__GFP_IO),
	GFP_NAME(__GFP_FS),
	GFP_NAME(__GFP_NOWARN),
	GFP_NAME(__GFP_RETRY_MAYFAIL),
	GFP_NAME(__GFP_NOFAIL),
	GFP_NAME(__GFP_NORETRY),
	GFP_NAME(__GFP_COMP),
	GFP_NAME(__GFP_ZERO),
	GFP_NAME(__GFP_NOMEMALLOC),
	GFP_NAME(__GFP_MEMALLOC),
	GFP_NAME(__GFP_HARDWALL),
	GFP_NAME(__GFP_THISNODE),
	GFP_NAME(__GFP_RECLAIMABLE),
	GFP_NAME(__GFP_MOVABLE),
	GFP_NAME(__GFP_ACCOUNT),
	GFP_NAME(__GFP_WRITE),
	GFP_NAME(__GFP_RECLAIM),
	GFP_NAME(__GFP_DIRECT_RECLAIM),
	GFP_NAME(__GFP_KSWAPD_RECLAIM),
	/* parser only: synonyms of names above, older names */
#define GFP_DECODE_COUNT 33
	GFP_NAME(__GFP_DMA),
	GFP_NAME(__GFP_DMA32),
	GFP_NAME(__GFP_WAIT),
	GFP_NAME(__GFP_REPEAT),
	GFP_NAME(__GFP_COLD),
	GFP_NAME(__GFP_NOTRACK),
	GFP_NAME(__GFP_NO_KSWAPD),
	GFP_NAME(__GFP_OTHER_NODE),
};
const size_t gfp_names_count = ARRAY_SIZE(gfp_names);
_Static_assert(ARRAY_SIZE(gfp_names) == GFP_DECODE_COUNT + 8, "decode count");

int gfp_flags_str(char *buf, size_t size, gfp_t gfp)
{
	size_t len = 0, i;
	const char *sep = "";

	if (size)
		buf[0] = '\0';
	for (i = 0; i < GFP_DECODE_COUNT && gfp; i++) {
		gfp_t v = gfp_names[i].value;

		if ((gfp & v) != v)
			continue;
		gfp &= ~v;
		len += snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
				"%s%s", sep, gfp_names[i].name);
		sep = "|";
	}
	if (gfp)
		len += snprintf(len < size ? buf + len : NULL, len < size ? size - len : 0,
				"%s%#x", sep, gfp);
	return (int)len;
}

static bool gfp_is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool gfp_is_name_char(char c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9');
}

/* One token of [s, s + n): a name or a number. */
static int gfp_parse_token(const char *s, size_t n, gfp_t *out)
{
	size_t i;

	if (s[0] >= '0' && s[0] <= '9') {
		char *end;
		unsigned long long v = simple_strtoull(s, &end, 0);

		if ((size_t)(end - s) != n || v > 0xffffffffULL)
			return -EINVAL;
		*out = (gfp_t)v;
		return 0;
	}
	for (i = 0; i < gfp_names_count; i++) {
		if (strlen(gfp_names[i].name) == n && !strncmp(gfp_names[i].name, s, n)) {
			*out = gfp_names[i].value;
			return 0;
		}
	}
	return -EINVAL;
}

int gfp_parse_expr(const char *expr, gfp_t *out, const char **bad_name)
{
	const char *p = expr;
	gfp_t acc = 0;

	for (;;) {
		const char *tok;
		gfp_t v;

		while (gfp_is_space(*p))
			p++;
		tok = p;
		while (gfp_is_name_char(*p))
			p++;
		if (p == tok || gfp_parse_token(tok, (size_t)(p - tok), &v)) {
			if (bad_name)
				*bad_name = tok;
			return -EINVAL;
		}
		acc |= v;
		while (gfp_is_space(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != '|') {
			if (bad_name)
				*bad_name = p;
			return -EINVAL;
		}
		p++;
	}
	*out = acc;
	return 0;
}
