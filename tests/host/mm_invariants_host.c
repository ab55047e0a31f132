/* The storms' invariant checker (tests/kernel/mm_invariants.c), built for
 * the host tests. */
#include "../kernel/mm_invariants.c"
