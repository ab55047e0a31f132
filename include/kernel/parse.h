/* Number parsing for command-line values. */
#ifndef KERNEL_PARSE_H
#define KERNEL_PARSE_H

#include <kernel/types.h>

/* Parse an unsigned number in base (0: auto, 0x prefix = 16, leading 0 = 8).
 * *endp points past the last digit used. Saturates at ~0ULL on overflow and
 * sets *overflow when given. */
unsigned long long simple_strtoull(const char *s, char **endp, unsigned base);

/* Linux memparse(): a number followed by an optional K, M, G, T, P or E
 * suffix (either case). *retptr points past what was used; when nothing
 * parsed, *retptr == s. Overflow is reported through *overflow (may be NULL). */
unsigned long long memparse_ovf(const char *s, char **retptr, bool *overflow);
static inline unsigned long long memparse(const char *s, char **retptr)
{
	return memparse_ovf(s, retptr, NULL);
}

/* A 0/1 switch parameter: "1" or no value turn it on, "0" off. Returns 0
 * with *on set, or -EINVAL (and *on untouched) for anything else. */
int parse_switch(const char *val, bool *on);

#endif
