/* Formatted output into a buffer.
 *
 * Supports the C conversions the kernel needs: %d %i %u %x %X %o %c %s %p %%,
 * flags '-' '0' '#' ' ' '+', field width and precision (also '*'), and length
 * modifiers hh h l ll z t. 64-bit values work on i386 (%llx, %llu).
 * '#' with x prints "0x" even for zero, as Linux does: "%#018llx" of 0 is
 * "0x0000000000000000". %p prints "0x" and 8 (or 16 on a 64-bit host) hex digits.
 *
 * vsnprintf never writes more than size bytes (including the terminating
 * NUL) and returns the length the full output would have had. */
#ifndef KERNEL_VSPRINTF_H
#define KERNEL_VSPRINTF_H

#include <kernel/types.h>
#include <kernel/compiler.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Like snprintf but returns the number of bytes actually written (without NUL). */
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
