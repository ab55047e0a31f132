/* CRC-32 as zlib's crc32() computes it (the IEEE 802.3 polynomial,
 * reflected, initial and final XOR with 0xffffffff): crc32(0, buf, len) of
 * a whole buffer, or chained: crc32(crc32(0, a, n), b, m). */
#ifndef KERNEL_CRC32_H
#define KERNEL_CRC32_H

#include <kernel/types.h>

u32 crc32(u32 crc, const void *buf, size_t len);

#endif
