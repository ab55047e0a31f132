/* Compiler attributes and small helper macros used everywhere. */
#ifndef KERNEL_COMPILER_H
#define KERNEL_COMPILER_H

#define __section(s)      __attribute__((section(s)))
#define __used            __attribute__((used))
#define __unused          __attribute__((unused))
#define __noreturn        __attribute__((noreturn))
#ifndef __always_inline   /* the host's C library may define it */
#define __always_inline inline __attribute__((always_inline))
#endif
#define __packed          __attribute__((packed))
#define __aligned(n)      __attribute__((aligned(n)))
#define __printf(a, b)    __attribute__((format(printf, a, b)))
#define likely(x)         __builtin_expect(!!(x), 1)
#define unlikely(x)       __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)     (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* Round x up / down to a multiple of a (a power of two). */
#define ALIGN(x, a)       (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)  ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)  (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define min(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define clamp(v, lo, hi) min(max(v, lo), hi)

#define STRINGIFY_(x) #x
#define STRINGIFY(x)  STRINGIFY_(x)

#endif
