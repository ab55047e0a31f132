/* The benchmarks' shared pieces (tests/kernel/bench.c), for the SMP rows
 * in tests/kernel/bench_smp.c. Each prints "bench: NAME VALUE insns". */
#ifndef TESTS_KERNEL_BENCH_H
#define TESTS_KERNEL_BENCH_H

#include <kernel/types.h>
#include <mm/gfp.h>

/* True when bench= selects name. */
bool bench_selected(const char *name);
/* alloc_pages(gfp, order) + __free_pages(), instructions per pair. */
void bench_pages(const char *name, gfp_t gfp, unsigned int order);
/* kmalloc(size, GFP_KERNEL) + kfree(), instructions per pair. */
void bench_kmalloc(const char *name, size_t size);
/* The SMP rows: the same pairs while other CPUs run them too. */
void bench_smp(void);

#endif
