/* Free/busy virtual ranges in two treaps (contract: include/mm/vmap_area.h). */
#include <mm/vmap_area.h>
#include <mm/pfn.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/random.h>

#define VA_SEED 0x2545f491u     /* any nonzero value: priorities repeat per boot */

static u32 next_prio(struct va_space *s)
{
	return xorshift32(&s->seed);
}

static unsigned long node_size(const struct va_node *n)
{
	return n->end - n->start;
}

static unsigned long sub_max(const struct va_node *n)
{
	return n ? n->subtree_max : 0;
}

static void update(struct va_node *n)
{
	n->subtree_max = max(node_size(n), max(sub_max(n->left), sub_max(n->right)));
}

/* Join two treaps, every start in a below every start in b. */
static struct va_node *merge(struct va_node *a, struct va_node *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (a->prio > b->prio) {
		a->right = merge(a->right, b);
		update(a);
		return a;
	}
	b->left = merge(a, b->left);
	update(b);
	return b;
}

/* Cut t into the nodes starting below key (*lo) and the rest (*hi). */
static void split(struct va_node *t, unsigned long key, struct va_node **lo, struct va_node **hi)
{
	if (!t) {
		*lo = *hi = NULL;
	} else if (t->start < key) {
		split(t->right, key, &t->right, hi);
		update(t);
		*lo = t;
	} else {
		split(t->left, key, lo, &t->left);
		update(t);
		*hi = t;
	}
}

static void tree_insert(struct va_space *s, struct va_node **root, struct va_node *n)
{
	struct va_node *lo, *hi;

	n->left = n->right = NULL;
	n->prio = next_prio(s);
	update(n);
	split(*root, n->start, &lo, &hi);
	*root = merge(merge(lo, n), hi);
}

/* Remove the node starting at key (it must be in t); returns the new t. */
static struct va_node *tree_erase(struct va_node *t, unsigned long key)
{
	if (t->start == key)
		return merge(t->left, t->right);
	if (key < t->start)
		t->left = tree_erase(t->left, key);
	else
		t->right = tree_erase(t->right, key);
	update(t);
	return t;
}

static struct va_node *tree_find(struct va_node *t, unsigned long addr)
{
	while (t) {
		if (addr < t->start)
			t = t->left;
		else if (addr >= t->end)
			t = t->right;
		else
			return t;
	}
	return NULL;
}

static struct va_node *tree_floor(struct va_node *t, unsigned long addr)
{
	struct va_node *best = NULL;

	while (t) {
		if (t->start <= addr) {
			best = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	return best;
}

static struct va_node *tree_ceil(struct va_node *t, unsigned long addr)
{
	struct va_node *best = NULL;

	while (t) {
		if (t->start >= addr) {
			best = t;
			t = t->left;
		} else {
			t = t->right;
		}
	}
	return best;
}

/* The lowest-addressed node of at least len bytes. */
static struct va_node *lowest_match(struct va_node *t, unsigned long len)
{
	while (t && t->subtree_max >= len) {
		if (sub_max(t->left) >= len)
			t = t->left;
		else if (node_size(t) >= len)
			return t;
		else
			t = t->right;
	}
	return NULL;
}

static struct va_node *take_spare(struct va_space *s)
{
	struct va_node *n = s->spare;

	s->spare = n->left;
	s->nr_spare--;
	return n;
}

static void put_spare(struct va_space *s, struct va_node *n)
{
	n->left = s->spare;
	s->spare = n;
	s->nr_spare++;
}

static void free_insert(struct va_space *s, struct va_node *n)
{
	tree_insert(s, &s->free_root, n);
	s->nr_free++;
}

static void free_erase(struct va_space *s, struct va_node *n)
{
	s->free_root = tree_erase(s->free_root, n->start);
	s->nr_free--;
}

int va_space_init(struct va_space *s, unsigned long start, unsigned long end,
		  struct va_node *(*node_alloc)(gfp_t gfp),
		  void (*node_free)(struct va_node *node))
{
	struct va_node *n;

	*s = (struct va_space){ .start = start, .end = end, .seed = VA_SEED,
				.node_alloc = node_alloc, .node_free = node_free };
	n = node_alloc(GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->start = start;
	n->end = end;
	free_insert(s, n);
	s->free_bytes = end - start;
	return 0;
}

static void free_subtree(struct va_space *s, struct va_node *t)
{
	if (!t)
		return;
	free_subtree(s, t->left);
	free_subtree(s, t->right);
	s->node_free(t);
}

void va_space_destroy(struct va_space *s)
{
	free_subtree(s, s->free_root);
	while (s->spare)
		s->node_free(take_spare(s));
	s->free_root = NULL;
	s->nr_free = 0;
}

int va_alloc(struct va_space *s, unsigned long size, unsigned long align, gfp_t gfp,
	     struct va_node *busy)
{
	unsigned long start, end;
	struct va_node *fit, *n;

	if (!size || !IS_ALIGNED(size, PAGE_SIZE) || align < PAGE_SIZE || (align & (align - 1)))
		return -EINVAL;
	if (size > s->end - s->start || align - PAGE_SIZE > s->end - s->start - size)
		return -ENOSPC;
	fit = lowest_match(s->free_root, size + align - PAGE_SIZE);
	if (!fit)
		return -ENOSPC;
	n = s->node_alloc(gfp);
	if (!n)
		return -ENOMEM;
	put_spare(s, n);

	start = ALIGN(fit->start, align);
	end = start + size;
	/* Cut [start, end) out of fit: what stays free is [fit->start, start)
	 * and [end, fit->end); either may be empty. Re-inserting keeps the
	 * augmented values right without parent pointers. */
	free_erase(s, fit);
	if (start > fit->start && end < fit->end) {
		n = take_spare(s);
		n->start = end;
		n->end = fit->end;
		free_insert(s, n);
	}
	if (start > fit->start) {
		fit->end = start;
		free_insert(s, fit);
	} else if (end < fit->end) {
		fit->start = end;
		free_insert(s, fit);
	} else {
		put_spare(s, fit);
	}
	s->free_bytes -= size;
	busy->start = start;
	busy->end = end;
	tree_insert(s, &s->busy_root, busy);
	s->nr_busy++;
	return 0;
}

void va_free(struct va_space *s, struct va_node *busy)
{
	unsigned long start = busy->start, end = busy->end;
	struct va_node *prev, *next, *n;

	s->busy_root = tree_erase(s->busy_root, start);
	s->nr_busy--;
	prev = tree_floor(s->free_root, start);
	next = tree_ceil(s->free_root, end);
	if (prev && prev->end == start) {
		free_erase(s, prev);
		start = prev->start;
		n = prev;
	} else {
		n = take_spare(s);
	}
	if (next && next->start == end) {
		free_erase(s, next);
		end = next->end;
		put_spare(s, next);
	}
	n->start = start;
	n->end = end;
	free_insert(s, n);
	s->free_bytes += busy->end - busy->start;
	/* One busy range fewer: the budget needs one node less. */
	s->node_free(take_spare(s));
}

struct va_node *va_find_busy(const struct va_space *s, unsigned long addr)
{
	return tree_find(s->busy_root, addr);
}

struct va_node *va_find_free(const struct va_space *s, unsigned long addr)
{
	return tree_find(s->free_root, addr);
}

struct va_node *va_busy_floor(const struct va_space *s, unsigned long addr)
{
	return tree_floor(s->busy_root, addr);
}

unsigned long va_largest_free(const struct va_space *s)
{
	return sub_max(s->free_root);
}

static int walk(struct va_node *t, int (*fn)(struct va_node *, void *), void *arg)
{
	int ret;

	if (!t)
		return 0;
	ret = walk(t->left, fn, arg);
	if (!ret)
		ret = fn(t, arg);
	if (!ret)
		ret = walk(t->right, fn, arg);
	return ret;
}

int va_for_each_busy(const struct va_space *s, int (*fn)(struct va_node *, void *), void *arg)
{
	return walk(s->busy_root, fn, arg);
}

int va_for_each_free(const struct va_space *s, int (*fn)(struct va_node *, void *), void *arg)
{
	return walk(s->free_root, fn, arg);
}

struct check_state {
	const struct va_space *s;
	unsigned long last_end, count, bytes;
	bool free;
	const char *err;
};

static int check_node(struct va_node *n, void *arg)
{
	struct check_state *c = arg;
	unsigned long want = max(node_size(n), max(sub_max(n->left), sub_max(n->right)));

	if (n->start >= n->end || !IS_ALIGNED(n->start | n->end, PAGE_SIZE))
		c->err = "empty or unaligned range";
	else if (n->start < c->s->start || n->end > c->s->end)
		c->err = "range outside the space";
	else if (c->count && n->start < c->last_end)
		c->err = "ranges out of order or overlapping";
	else if (c->free && c->count && n->start == c->last_end)
		c->err = "adjacent free ranges not merged";
	else if (c->free && n->subtree_max != want)
		c->err = "wrong subtree_max";
	else if ((n->left && n->left->prio > n->prio) || (n->right && n->right->prio > n->prio))
		c->err = "heap order broken";
	c->last_end = n->end;
	c->count++;
	c->bytes += node_size(n);
	return c->err != NULL;
}

const char *va_space_check(const struct va_space *s)
{
	struct check_state fc = { .s = s, .free = true }, bc = { .s = s };

	if (va_for_each_free(s, check_node, &fc))
		return fc.err;
	if (va_for_each_busy(s, check_node, &bc))
		return bc.err;
	if (fc.count != s->nr_free || bc.count != s->nr_busy)
		return "node counts wrong";
	if (fc.bytes != s->free_bytes)
		return "free_bytes wrong";
	if (fc.bytes + bc.bytes > s->end - s->start)
		return "free and busy exceed the space";
	if (s->nr_free + s->nr_spare != s->nr_busy + 1)
		return "node budget broken";
	return NULL;
}
