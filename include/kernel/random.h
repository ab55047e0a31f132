/* A small deterministic PRNG for seeded decisions and tests. */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include <kernel/types.h>

/* xorshift32 (Marsaglia): full period over the nonzero 32-bit values; a
 * zero state stays zero, so seed with a nonzero value. Advances *state and
 * returns the new value. */
static inline u32 xorshift32(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#endif
