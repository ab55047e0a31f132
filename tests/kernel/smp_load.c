/* Background allocation load for the self-tests: when more than one CPU is
 * online, every other CPU allocates and frees stamped blocks
 * (tests/kernel/smp_blocks.h: pages of mixed orders and GFP flags, some
 * GFP_DMA, kmalloc objects of every size class, HighMem pages written
 * through kmap() and kmap_atomic()) for as long as each suite runs, so the
 * suites on the boot CPU meet an allocator that other CPUs use at the same
 * moment. The runner starts it after the state hooks' first sample and
 * stops it before their second (include/kernel/ktest_hooks.h); each CPU
 * then frees everything it holds, checking every stamp, and the per-CPU
 * page lists are drained, so the free page count is exact again.
 *
 * Each CPU holds at most LOAD_SLOTS blocks, so the load never takes more
 * than a few MiB from the boot CPU whatever the suite does. A suite whose
 * table has .alone set runs without the load (a KTAP comment says so and
 * why). ktest.smpload=0 turns the load off. */
#include <kernel/ktest.h>
#include <kernel/ktest_hooks.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/ktest_run.h>
#include <kernel/random.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <mm/mm.h>

#include "smp_blocks.h"
#include "smp_load.h"

/* Blocks one CPU holds at most: at worst LOAD_SLOTS order-3 blocks, 1.5 MiB. */
#define LOAD_SLOTS 48
#define LOAD_SEED  0x9e3779b9u

struct load_cpu {
	struct smp_block held[LOAD_SLOTS];
	u32 rng;
	u32 seq;
	unsigned long ops;
	unsigned long failed_allocs;
	unsigned long damaged;
} __aligned(64);

static struct load_cpu load_cpus[NR_CPUS];
static bool load_enabled = true;
static bool load_running;
static bool load_announced;
static volatile bool load_stop;
/* smp_load_pause(): the request, and how many CPUs are parked in it. */
static volatile bool load_pause;
static volatile unsigned int load_parked;

/* ktest.smpload=0|1 (default 1). */
static int set_smpload(const char *val)
{
	return parse_switch(val, &load_enabled);
}
kernel_param("ktest.smpload", set_smpload);

static void load_park(void)
{
	__atomic_add_fetch(&load_parked, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&load_pause, __ATOMIC_ACQUIRE))
		__asm__ volatile("rep; nop" ::: "memory");
	__atomic_sub_fetch(&load_parked, 1, __ATOMIC_ACQ_REL);
}

/* On each other CPU, from its idle loop (interrupts on), until stopped. */
static void load_run(void *arg)
{
	struct load_cpu *lc = arg;
	unsigned int cpu = smp_processor_id(), i;

	while (!__atomic_load_n(&load_stop, __ATOMIC_ACQUIRE)) {
		struct smp_block *b = &lc->held[xorshift32(&lc->rng) % LOAD_SLOTS];

		if (__atomic_load_n(&load_pause, __ATOMIC_ACQUIRE))
			load_park();
		lc->ops++;
		if (b->page || b->obj)
			lc->damaged += !smp_block_free(b, "smpload");
		else if (!smp_block_alloc(b, &lc->rng, smp_block_stamp(cpu, lc->seq++),
					  SMP_BLOCK_DMA | SMP_BLOCK_KMAP))
			lc->failed_allocs++;
	}
	for (i = 0; i < LOAD_SLOTS; i++)
		lc->damaged += !smp_block_free(&lc->held[i], "smpload");
}

static void load_start(const struct ktest_suite *s)
{
	unsigned int n = num_online_cpus(), c;

	if (!load_enabled || n < 2)
		return;
	if (!load_announced) {
		ktest_comment("smpload: background allocation load on the %u other CPUs around every suite (ktest.smpload=0: off)",
			      n - 1);
		load_announced = true;
	}
	if (s->alone) {
		ktest_comment("smpload: %s runs without the background load: %s", s->name,
			      s->alone);
		return;
	}
	load_stop = false;
	load_pause = false;
	for (c = 1; c < n; c++) {
		struct load_cpu *lc = &load_cpus[c];

		if (!lc->rng)
			lc->rng = LOAD_SEED ^ c;
		lc->ops = lc->failed_allocs = lc->damaged = 0;
		arch_smp_call_async(c, load_run, lc);
	}
	load_running = true;
}

static unsigned int load_stop_all(const struct ktest_suite *s)
{
	unsigned long ops = 0, failed = 0, damaged = 0;
	unsigned int n = num_online_cpus(), c;

	if (!load_running)
		return 0;
	/* A case that returned early between pause and resume left the
	 * CPUs parked: release them too. */
	__atomic_store_n(&load_stop, true, __ATOMIC_RELEASE);
	__atomic_store_n(&load_pause, false, __ATOMIC_RELEASE);
	for (c = 1; c < n; c++) {
		arch_smp_wait(c);
		ops += load_cpus[c].ops;
		failed += load_cpus[c].failed_allocs;
		damaged += load_cpus[c].damaged;
	}
	load_running = false;
	drain_all_pages();
	ktest_comment("smpload: %s: %lu operations on %u CPUs, %lu allocations failed, %lu damaged blocks",
		      s->name, ops, n - 1, failed, damaged);
	return damaged ? 1 : 0;
}
KTEST_SUITE_HOOK(smpload, load_start, load_stop_all);

bool smp_load_running(void)
{
	return load_running;
}

void smp_load_pause(void)
{
	if (!load_running)
		return;
	__atomic_store_n(&load_pause, true, __ATOMIC_RELEASE);
	while (__atomic_load_n(&load_parked, __ATOMIC_ACQUIRE) < num_online_cpus() - 1)
		__asm__ volatile("rep; nop" ::: "memory");
}

/* Waits for every CPU to leave load_park(): a pause right after must not
 * count a CPU that is still on its way out as parked. */
void smp_load_resume(void)
{
	__atomic_store_n(&load_pause, false, __ATOMIC_RELEASE);
	while (__atomic_load_n(&load_parked, __ATOMIC_ACQUIRE))
		__asm__ volatile("rep; nop" ::: "memory");
}
