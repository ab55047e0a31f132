/* A virtual address range allocator: free and busy ranges of one space.
 *
 * The vmalloc area's bookkeeping (mm/vmalloc.c), kept generic so the host
 * tests can drive it against a reference model. Ranges are [start, end),
 * page aligned. Two search trees ordered by start address:
 *
 *   free  every free range, merged with its neighbours (two free ranges are
 *         never adjacent); each node also holds the largest free range in
 *         its subtree, so the lowest-addressed range that fits is found in
 *         one walk from the root (Linux mm/vmalloc.c keeps subtree_max_size
 *         in an augmented rbtree for the same search,
 *         find_vmap_lowest_match);
 *   busy  the allocated ranges, for address -> range lookups.
 *
 * Both are treaps: binary search trees whose shape is fixed by a
 * pseudo-random priority per node (a heap on the priorities), so the depth
 * is O(log n) expected whatever the order of operations; insertion and
 * removal are split/merge, and the augmented value is recomputed on the way
 * back up. The priorities come from a seeded generator: runs are repeatable.
 *
 * Memory: busy nodes belong to the caller (embed a struct va_node). Free
 * nodes come from the node_alloc callback, one per successful va_alloc()
 * while the caller may still allocate, and go back through node_free, so
 * va_free() never allocates and never fails: a space keeps exactly
 * (busy ranges + 1) free-range nodes between its tree and a spare list,
 * and there are never more free ranges than busy ranges + 1.
 *
 * Locking: none; the caller serialises all calls on one space. */
#ifndef MM_VMAP_AREA_H
#define MM_VMAP_AREA_H

#include <kernel/types.h>
#include <mm/gfp.h>

struct va_node {
	unsigned long start, end;       /* [start, end) */
	unsigned long subtree_max;      /* free tree: largest end - start below */
	struct va_node *left, *right;
	u32 prio;
};

struct va_space {
	unsigned long start, end;       /* the whole space, [start, end) */
	struct va_node *free_root, *busy_root;
	struct va_node *spare;          /* unused free-range nodes, via ->left */
	unsigned long nr_free, nr_busy, nr_spare;
	unsigned long free_bytes;
	u32 seed;
	struct va_node *(*node_alloc)(gfp_t gfp);
	void (*node_free)(struct va_node *node);
};

/* Start an empty space covering [start, end) (page aligned, start < end):
 * one free range. node_alloc(gfp) returns a node or NULL; node_free(node)
 * takes back what it gave; node_free may be called from any context that
 * calls va_free(). Returns 0, or -ENOMEM when the first node cannot be had. */
int va_space_init(struct va_space *s, unsigned long start, unsigned long end,
		  struct va_node *(*node_alloc)(gfp_t gfp),
		  void (*node_free)(struct va_node *node));
/* Give back every node (busy ranges must have been freed). */
void va_space_destroy(struct va_space *s);

/* Reserve size bytes (page multiple, > 0) at an address aligned to align
 * (a power of two, at least PAGE_SIZE): the lowest-addressed free range of
 * at least size + align - PAGE_SIZE bytes, at its first aligned address.
 * busy gets [start, start + size) and enters the busy tree.
 * Returns 0; -EINVAL for a bad size or align; -ENOSPC when no free range is big enough; -ENOMEM when
 * node_alloc(gfp) failed (nothing changed either way). */
int va_alloc(struct va_space *s, unsigned long size, unsigned long align, gfp_t gfp,
	     struct va_node *busy);
/* Return busy's range to the free ranges, merged with free neighbours, and
 * take busy out of the busy tree. Never fails, never allocates. */
void va_free(struct va_space *s, struct va_node *busy);

/* The busy node whose range holds addr, or NULL. */
struct va_node *va_find_busy(const struct va_space *s, unsigned long addr);
/* The free node whose range holds addr, or NULL. */
struct va_node *va_find_free(const struct va_space *s, unsigned long addr);
/* The busy node with the highest start <= addr, or NULL. */
struct va_node *va_busy_floor(const struct va_space *s, unsigned long addr);
/* The largest free range in bytes (0 when none). */
unsigned long va_largest_free(const struct va_space *s);

/* Call fn(node, arg) for every busy (or free) node in address order; stops
 * early when fn returns non-zero and returns that value. fn must not change
 * the space. */
int va_for_each_busy(const struct va_space *s, int (*fn)(struct va_node *, void *), void *arg);
int va_for_each_free(const struct va_space *s, int (*fn)(struct va_node *, void *), void *arg);

/* Full consistency check (tests): order, no overlap, free ranges merged and
 * inside the space, augmented values, heap order, counts, the node budget.
 * Returns NULL or a description of the first problem found. */
const char *va_space_check(const struct va_space *s);

#endif
