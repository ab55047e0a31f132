/* Fixed-width types shared by the kernel and the host test build.
 * Only compiler-provided (freestanding) headers are used, so the same
 * definitions hold on the i386 target and on the x86-64 host. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)

/* A physical address. 64-bit: e820 entries and PAE reach past 4 GiB. */
typedef u64 phys_addr_t;

#endif
