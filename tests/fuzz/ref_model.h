/* Reference models for the differential fuzz targets: deliberately simple
 * restatements of what the e820 sanitiser and the mem=/memmap= edits must
 * compute, sharing no code with arch/x86. A difference between a model and
 * the real code is a finding. Host-only. */
#ifndef TESTS_FUZZ_REF_MODEL_H
#define TESTS_FUZZ_REF_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

struct ref_entry {
	uint64_t addr, size;
	uint32_t type;
};

/* The sanitised form of in[0, n): every entry that is non-empty, of
 * non-zero type and ends at or below 2^64 - 1 counts; the address space is
 * cut at every start and end of a counting entry; each piece takes the
 * highest type of the counting entries containing its first byte (a
 * point query); pieces of no type are holes; neighbouring pieces of one
 * type are joined, except type 12, which is never joined. Writes up to max
 * entries to out and returns how many the full result has (may exceed
 * max). */
size_t ref_e820_sanitise(const struct ref_entry *in, size_t n,
			 struct ref_entry *out, size_t max);

/* The page-granular model of the edits: pages [0, REF_PAGES) of 4 KiB,
 * each holding the set of types (1..REF_MAX_TYPE) of the entries that
 * cover it, so that a removal or retype of one type leaves the others. */
#define REF_PAGE_SHIFT 12
#define REF_PAGES      8192u            /* 32 MiB */
#define REF_MAX_TYPE   15u
typedef uint16_t ref_typeset;           /* bit t: an entry of type t */

struct ref_pages {
	ref_typeset set[REF_PAGES];
};

void ref_pages_clear(struct ref_pages *m);
/* Page range [first, first + n) clipped to the model; types outside
 * 1..REF_MAX_TYPE are the caller's to avoid. */
void ref_pages_add(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t type);
/* Remove entries of old_type (any type when !check) from the range. */
void ref_pages_remove(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t old_type,
		      bool check);
/* Retype entries of old_type to new_type in the range. */
void ref_pages_update(struct ref_pages *m, uint64_t first, uint64_t n, uint32_t old_type,
		      uint32_t new_type);
/* The type a page ends up with after sanitising: the highest in its set,
 * 0 for a hole. */
uint32_t ref_page_type(const struct ref_pages *m, uint64_t page);

#endif
