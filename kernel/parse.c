/* Number parsing for command-line values (contract: include/kernel/parse.h). */
#include <kernel/parse.h>
#include <kernel/errno.h>
#include <kernel/string.h>

#define BASE_OCTAL   8
#define BASE_DECIMAL 10
#define BASE_HEX     16

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

static bool is_hex_digit(char c)
{
	int d = digit_value(c);

	return d >= 0 && d < BASE_HEX;
}

static bool has_hex_prefix(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && is_hex_digit(s[2]);
}

/* Parse digits; on overflow keep consuming digits and saturate. */
static unsigned long long parse_digits(const char *s, char **endp,
				       unsigned base, bool *overflow)
{
	const char *start = s;
	unsigned long long v = 0;
	bool ovf = false;
	int d;

	if (base == 0)
		base = has_hex_prefix(s) ? BASE_HEX :
		       (s[0] == '0' ? BASE_OCTAL : BASE_DECIMAL);
	if (base == BASE_HEX && has_hex_prefix(s))
		s += 2;
	if (base < 2 || base > 36) {
		if (endp)
			*endp = (char *)start;
		return 0;
	}

	for (; (d = digit_value(*s)) >= 0 && (unsigned)d < base; s++) {
		unsigned long long next;

		if (ovf)
			continue;
		if (__builtin_mul_overflow(v, (unsigned long long)base, &next) ||
		    __builtin_add_overflow(next, (unsigned long long)d, &next)) {
			ovf = true;
			v = ~0ULL;
			continue;
		}
		v = next;
	}
	if (endp)
		*endp = (char *)s;
	if (overflow)
		*overflow = ovf;
	return v;
}

unsigned long long simple_strtoull(const char *s, char **endp, unsigned base)
{
	return parse_digits(s, endp, base, NULL);
}

/* Binary shift for a memparse suffix, or -1 when c is none. */
static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	case 't': case 'T': return 40;
	case 'p': case 'P': return 50;
	case 'e': case 'E': return 60;
	default: return -1;
	}
}

unsigned long long memparse_ovf(const char *s, char **retptr, bool *overflow)
{
	char *end;
	bool ovf = false;
	unsigned long long v = parse_digits(s, &end, 0, &ovf);
	int shift;

	if (end != s && (shift = suffix_shift(*end)) >= 0) {
		end++;
		if (!ovf && v > (~0ULL >> shift)) {
			ovf = true;
			v = ~0ULL;
		} else if (!ovf) {
			v <<= shift;
		}
	}
	if (retptr)
		*retptr = end;
	if (overflow)
		*overflow = ovf;
	return v;
}

int parse_switch(const char *val, bool *on)
{
	if (!val || strcmp(val, "1") == 0)
		*on = true;
	else if (strcmp(val, "0") == 0)
		*on = false;
	else
		return -EINVAL;
	return 0;
}
