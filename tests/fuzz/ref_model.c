/* Reference models of tests/fuzz/ref_model.h. Written for obviousness, not
 * speed: sorting by qsort, one pass per piece, one loop per page. */
#include <stdlib.h>
#include <string.h>

#include "ref_model.h"

#define REF_TYPE_NOMERGE 12u
#define REF_MAX_POINTS   1024u

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 128-bit end so that an entry ending past 2^64 - 1 is seen as such. */
static bool ref_counts(const struct ref_entry *e)
{
	unsigned __int128 end = (unsigned __int128)e->addr + e->size;

	return e->size && e->type && end <= UINT64_MAX;
}

size_t ref_e820_sanitise(const struct ref_entry *in, size_t n,
			 struct ref_entry *out, size_t max)
{
	static uint64_t pts[REF_MAX_POINTS];
	static struct ref_entry res[REF_MAX_POINTS];
	size_t np = 0, i, j, nr = 0;

	for (i = 0; i < n && np + 2 <= REF_MAX_POINTS; i++) {
		if (!ref_counts(&in[i]))
			continue;
		pts[np++] = in[i].addr;
		pts[np++] = in[i].addr + in[i].size;
	}
	qsort(pts, np, sizeof(pts[0]), cmp_u64);
	for (i = 0; i + 1 < np; i++) {
		uint64_t lo = pts[i], hi = pts[i + 1];
		uint32_t type = 0;

		if (lo == hi)
			continue;
		for (j = 0; j < n; j++) {
			const struct ref_entry *e = &in[j];

			if (ref_counts(e) && e->addr <= lo && lo - e->addr < e->size &&
			    e->type > type)
				type = e->type;
		}
		if (!type)
			continue;
		if (nr && res[nr - 1].type == type && type != REF_TYPE_NOMERGE &&
		    res[nr - 1].addr + res[nr - 1].size == lo) {
			res[nr - 1].size += hi - lo;
			continue;
		}
		res[nr].addr = lo;
		res[nr].size = hi - lo;
		res[nr].type = type;
		nr++;
	}
	memcpy(out, res, (nr < max ? nr : max) * sizeof(*out));
	return nr;
}

void ref_pages_clear(struct ref_pages *m)
{
	memset(m, 0, sizeof(*m));
}

static void clip(uint64_t *first, uint64_t *n)
{
	if (*first >= REF_PAGES) {
		*n = 0;
		return;
	}
	if (*n > REF_PAGES - *first)
		*n = REF_PAGES - *first;
}

void ref_pages_add(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t type)
{
	uint64_t p;

	clip(&first, &n);
	for (p = first; p < first + n; p++)
		m->set[p] |= (ref_typeset)(1u << type);
}

void ref_pages_remove(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t old_type,
		      bool check)
{
	uint64_t p;

	clip(&first, &n);
	for (p = first; p < first + n; p++)
		m->set[p] = check ? (ref_typeset)(m->set[p] & ~(1u << old_type)) : 0;
}

void ref_pages_update(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t old_type,
		      uint32_t new_type)
{
	uint64_t p;

	clip(&first, &n);
	for (p = first; p < first + n; p++) {
		if (m->set[p] & (1u << old_type))
			m->set[p] = (ref_typeset)((m->set[p] & ~(1u << old_type)) |
						  (1u << new_type));
	}
}

uint32_t ref_page_type(const struct ref_pages *m, uint64_t page)
{
	ref_typeset set = m->set[page];

	return set ? 31u - (uint32_t)__builtin_clz(set) : 0;
}
