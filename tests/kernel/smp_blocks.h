/* Test helper: stamped blocks for the SMP load and stress tests. A block
 * is a page block of a random order and GFP mask, or a kmalloc object of a
 * random size; allocation writes a stamp naming its owner into it (through
 * kmap(), kmap_atomic() or the direct map), and the free checks the stamp
 * is still there, so a block handed out twice, freed under its owner or
 * mapped to the wrong page is caught when it is freed. */
#ifndef TESTS_KERNEL_SMP_BLOCKS_H
#define TESTS_KERNEL_SMP_BLOCKS_H

#include <kernel/types.h>
#include <mm/gfp.h>

struct page;

struct smp_block {
	struct page *page;      /* head of a page block, or NULL */
	void *obj;              /* a kmalloc object, or NULL */
	unsigned int order;     /* of page */
	unsigned int size;      /* of obj */
	u32 stamp;
};

/* Which kinds of block smp_block_alloc() may choose. */
#define SMP_BLOCK_DMA    0x1u   /* now and then a GFP_DMA page */
#define SMP_BLOCK_KMAP   0x2u   /* stamp some HighMem pages through kmap() */

/* Highest page order chosen. */
#define SMP_BLOCK_MAX_ORDER 3

/* Allocate a random block (choices from *rng, xorshift32) and stamp it
 * with stamp, which names the owner (smp_block_stamp()). Every request has
 * __GFP_NOWARN: failing under pressure is expected. Returns false, with b
 * empty, when the allocation failed. Process context. */
bool smp_block_alloc(struct smp_block *b, u32 *rng, u32 stamp, unsigned int kinds);
/* Check b's stamp and free it; b is left empty. A damaged stamp is printed
 * ("smp_blocks: ...", naming who freed it) and false returned; the block
 * is still freed. */
bool smp_block_free(struct smp_block *b, const char *who);

/* Stamp for CPU cpu's n-th block (NR_CPUS <= 16). */
#define SMP_BLOCK_MAGIC 0xb1u
static inline u32 smp_block_stamp(unsigned int cpu, u32 n)
{
	return (SMP_BLOCK_MAGIC << 24) | ((u32)cpu << 20) | (n & 0xfffffu);
}

/* The CPU a stamp names, or -1 when it is no stamp at all. */
static inline int smp_block_owner(u32 stamp)
{
	return stamp >> 24 == SMP_BLOCK_MAGIC ? (int)((stamp >> 20) & 0xfu) : -1;
}

#endif
