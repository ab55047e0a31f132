/* SMP rows of the benchmarks: the order-0 GFP_KERNEL pair and the
 * kmalloc-64 pair measured on the boot CPU with 1, 2 and 4 CPUs active,
 * the other active CPUs running the same pair in a loop meanwhile (the
 * rest idle in hlt). Named NAME_cpusN; a row needs N online CPUs.
 *
 * What the figure is: tests/run_bench.py boots these rows with QEMU's
 * single-threaded TCG (-icount needs it), which runs the vCPUs round robin,
 * one at a time, and counts every executed instruction of every vCPU in
 * the one virtual clock the guest's TSC reads. A chunk of pairs during
 * which another vCPU got its turn is inflated by that vCPU's
 * instructions; BENCH_PER_OP keeps the cheapest of its chunks, which is one
 * run wholly inside the boot CPU's turn: the boot CPU's own instructions
 * per pair, with the data structures as the other CPUs leave them (remote
 * frees, lists refilled by others, locks they left). Time lost waiting for
 * another CPU's lock is not in it: a holder that lost its turn inflates the
 * chunk, which is then not the cheapest. */
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/vsprintf.h>
#include <mm/mm.h>
#include <mm/slab.h>

#include "bench.h"

#define BENCH_SMP_SMALL  64
#define BENCH_SMP_NAME   48
#define BENCH_SMP_MAX_ACTIVE 4   /* rows for 1, 2 and 4 CPUs */

static volatile bool smp_stop;
static unsigned int smp_running;
/* Pairs the other CPUs ran: shows they were running during the row. */
static unsigned long smp_pairs;

/* On each other active CPU until smp_stop. */
static void order0_loop(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&smp_running, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&smp_stop, __ATOMIC_ACQUIRE)) {
		__free_page(alloc_page(GFP_KERNEL));
		__atomic_add_fetch(&smp_pairs, 1, __ATOMIC_RELAXED);
	}
}

static void kmalloc_loop(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&smp_running, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&smp_stop, __ATOMIC_ACQUIRE)) {
		kfree(kmalloc(BENCH_SMP_SMALL, GFP_KERNEL));
		__atomic_add_fetch(&smp_pairs, 1, __ATOMIC_RELAXED);
	}
}

static void others_start(unsigned int active, void (*fn)(void *))
{
	smp_stop = false;
	smp_running = 0;
	smp_pairs = 0;
	for (unsigned int c = 1; c < active; c++)
		arch_smp_call_async(c, fn, NULL);
	while (__atomic_load_n(&smp_running, __ATOMIC_ACQUIRE) < active - 1)
		__asm__ volatile("rep; nop" ::: "memory");
}

static void others_stop(const char *name, unsigned int active)
{
	__atomic_store_n(&smp_stop, true, __ATOMIC_RELEASE);
	for (unsigned int c = 1; c < active; c++)
		arch_smp_wait(c);
	if (active > 1)
		pr_info("bench: %s: the other %u CPUs ran %lu pairs meanwhile\n", name,
			active - 1, smp_pairs);
}

void bench_smp(void)
{
	char name[BENCH_SMP_NAME];
	unsigned int active;

	/* A one-CPU machine has the one-CPU figures already. */
	if (num_online_cpus() < 2)
		return;

	for (active = 1; active <= num_online_cpus() && active <= BENCH_SMP_MAX_ACTIVE; active *= 2) {
		snprintf(name, sizeof(name), "order0_pair_kernel_cpus%u", active);
		if (bench_selected(name)) {
			others_start(active, order0_loop);
			bench_pages(name, GFP_KERNEL, 0);
			others_stop(name, active);
		}
		snprintf(name, sizeof(name), "kmalloc64_pair_cpus%u", active);
		if (bench_selected(name)) {
			others_start(active, kmalloc_loop);
			bench_kmalloc(name, BENCH_SMP_SMALL);
			others_stop(name, active);
		}
	}
	drain_all_pages();
}
