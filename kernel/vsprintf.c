/* Formatted output into a bounded buffer (contract: include/kernel/vsprintf.h).
 *
 * Integers are converted with 32-bit divisions only (see div_small), so
 * 64-bit conversions work on i386 without libgcc helpers. */
#include <kernel/vsprintf.h>

#define FLAG_LEFT   0x01	/* '-' */
#define FLAG_PLUS   0x02	/* '+' */
#define FLAG_SPACE  0x04	/* ' ' */
#define FLAG_ALT    0x08	/* '#' */
#define FLAG_ZERO   0x10	/* '0' */
#define FLAG_UPPER  0x20	/* %X */

#define NUM_DIGITS_MAX 24	/* 64-bit octal needs 22 digits */
#define BASE_MAX       16

enum length_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

struct outbuf {
	char *buf;
	size_t size;
	size_t pos;	/* length the full output has reached so far */
};

struct spec {
	unsigned flags;
	int width;	/* -1: none */
	int prec;	/* -1: none */
};

static void emit(struct outbuf *o, char c)
{
	if (o->size && o->pos < o->size - 1)
		o->buf[o->pos] = c;
	o->pos++;
}

static void emit_repeat(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

/* Divide *n by base (2..16) in place and return the remainder, using only
 * 32-bit divisions: the high word first, then the low word in 16-bit halves
 * so each partial dividend stays below base << 16. */
static unsigned div_small(u64 *n, unsigned base)
{
	u32 hi = (u32)(*n >> 32), lo = (u32)*n;
	u32 qhi = hi / base, r = hi % base;
	u32 mid = (r << 16) | (lo >> 16);
	u32 qmid = mid / base;
	u32 low;
	u32 qlow;

	r = mid % base;
	low = (r << 16) | (lo & 0xffff);
	qlow = low / base;
	r = low % base;
	*n = ((u64)qhi << 32) | (qmid << 16) | qlow;
	return r;
}

static void emit_number(struct outbuf *o, u64 num, bool negative,
			unsigned base, const struct spec *sp)
{
	const char *digits = (sp->flags & FLAG_UPPER) ? "0123456789ABCDEF"
						      : "0123456789abcdef";
	char tmp[NUM_DIGITS_MAX];
	int ndigits = 0, zeros = 0, len, i;
	char sign = 0;
	const char *prefix = "";
	int prefix_len;

	if (!(num == 0 && sp->prec == 0)) {
		do {
			tmp[ndigits++] = digits[div_small(&num, base)];
		} while (num);
	}

	if (negative)
		sign = '-';
	else if (sp->flags & FLAG_PLUS)
		sign = '+';
	else if (sp->flags & FLAG_SPACE)
		sign = ' ';

	if ((sp->flags & FLAG_ALT) && base == 16)
		prefix = (sp->flags & FLAG_UPPER) ? "0X" : "0x";
	else if ((sp->flags & FLAG_ALT) && base == 8 &&
		 (ndigits == 0 || tmp[ndigits - 1] != '0') &&
		 sp->prec <= ndigits)
		prefix = "0";
	prefix_len = prefix[0] ? (prefix[1] ? 2 : 1) : 0;

	if (sp->prec > ndigits)
		zeros = sp->prec - ndigits;
	len = (sign ? 1 : 0) + prefix_len + zeros + ndigits;
	if ((sp->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && sp->prec < 0 &&
	    sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}

	if (!(sp->flags & FLAG_LEFT))
		emit_repeat(o, ' ', sp->width - len);
	if (sign)
		emit(o, sign);
	for (i = 0; i < prefix_len; i++)
		emit(o, prefix[i]);
	emit_repeat(o, '0', zeros);
	while (ndigits)
		emit(o, tmp[--ndigits]);
	if (sp->flags & FLAG_LEFT)
		emit_repeat(o, ' ', sp->width - len);
}

static void emit_string(struct outbuf *o, const char *s, const struct spec *sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!(sp->flags & FLAG_LEFT))
		emit_repeat(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->flags & FLAG_LEFT)
		emit_repeat(o, ' ', sp->width - len);
}

/* Parse a decimal field (width or precision) at *fmt. */
static int parse_decimal(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

static enum length_mod parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_HH;
		}
		return LEN_H;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LL;
		}
		return LEN_L;
	case 'z':
		(*fmt)++;
		return LEN_Z;
	case 't':
		(*fmt)++;
		return LEN_T;
	case 'j':
		(*fmt)++;
		return LEN_J;
	default:
		return LEN_NONE;
	}
}

static s64 fetch_signed(va_list *ap, enum length_mod len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static u64 fetch_unsigned(va_list *ap, enum length_mod len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	case LEN_T:
		return (u64)va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static const char *parse_flags(const char *fmt, unsigned *flags)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-': *flags |= FLAG_LEFT; break;
		case '+': *flags |= FLAG_PLUS; break;
		case ' ': *flags |= FLAG_SPACE; break;
		case '#': *flags |= FLAG_ALT; break;
		case '0': *flags |= FLAG_ZERO; break;
		default: return fmt;
		}
	}
}

/* Format one conversion starting after '%'; returns the format position
 * after it. */
static const char *format_one(struct outbuf *o, const char *fmt, va_list *ap)
{
	struct spec sp = { .flags = 0, .width = -1, .prec = -1 };
	enum length_mod len;
	unsigned base = 10;
	s64 sv;

	fmt = parse_flags(fmt, &sp.flags);
	if (*fmt == '*') {
		sp.width = va_arg(*ap, int);
		if (sp.width < 0) {
			sp.flags |= FLAG_LEFT;
			sp.width = sp.width == (-2147483647 - 1) ? 0 : -sp.width;
		}
		fmt++;
	} else if (*fmt >= '0' && *fmt <= '9') {
		sp.width = parse_decimal(&fmt);
	}
	if (*fmt == '.') {
		fmt++;
		if (*fmt == '*') {
			sp.prec = va_arg(*ap, int);
			if (sp.prec < 0)
				sp.prec = -1;
			fmt++;
		} else {
			sp.prec = parse_decimal(&fmt);
		}
	}
	len = parse_length(&fmt);

	switch (*fmt) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, len);
		emit_number(o, sv < 0 ? (u64)0 - (u64)sv : (u64)sv, sv < 0, 10, &sp);
		break;
	case 'X':
		sp.flags |= FLAG_UPPER;
		/* fall through */
	case 'x':
		base = 16;
		/* fall through */
	case 'o':
		if (*fmt == 'o')
			base = 8;
		/* fall through */
	case 'u':
		sp.flags &= ~(FLAG_PLUS | FLAG_SPACE);
		emit_number(o, fetch_unsigned(ap, len), false, base, &sp);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		if (!(sp.flags & FLAG_LEFT))
			emit_repeat(o, ' ', sp.width - 1);
		emit(o, c);
		if (sp.flags & FLAG_LEFT)
			emit_repeat(o, ' ', sp.width - 1);
		break;
	}
	case 's':
		emit_string(o, va_arg(*ap, const char *), &sp);
		break;
	case 'p':
		sp.flags = (sp.flags & FLAG_LEFT) | FLAG_ALT | FLAG_ZERO;
		sp.prec = (int)(2 * sizeof(void *));
		emit_number(o, (uintptr_t)va_arg(*ap, void *), false, 16, &sp);
		break;
	case '%':
		emit(o, '%');
		break;
	case '\0':
		/* A lone '%' at the end: print it, stop at the NUL. */
		emit(o, '%');
		return fmt;
	default:
		/* Unknown conversion: show it as written. */
		emit(o, '%');
		emit(o, *fmt);
		break;
	}
	return fmt + 1;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf o = { .buf = buf, .size = size, .pos = 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		fmt = format_one(&o, fmt + 1, &ap);
	}
	va_end(ap);

	if (size)
		buf[o.pos < size ? o.pos : size - 1] = '\0';
	return (int)o.pos;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (size == 0)
		return 0;
	if ((size_t)n >= size)
		return (int)(size - 1);
	return n;
}
