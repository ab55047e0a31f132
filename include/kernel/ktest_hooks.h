/* The only doors from the product into test and benchmark code: linker
 * sections that code under tests/ fills and the product walks. A kernel
 * linked without tests/ has the sections empty and runs none of it; the
 * product never names a function defined under tests/.
 *
 *   boot hooks    run once at the end of the boot, before or after the
 *                 self-tests: ktest.crash= (tests/kernel/crash.c) before,
 *                 bench= (tests/kernel/bench.c) after.
 *   boot records  figures the boot measures about itself (instructions a
 *                 phase took, the size it worked on), handed to every
 *                 registered listener (the benchmarks report them).
 *
 *   suite hooks   run by ktest_run() around each suite's cases: start
 *                 after the state hooks' first sample, stop before their
 *                 second (the background allocation load on the other
 *                 CPUs, tests/kernel/smp_load.c).
 *
 * The suites and state hooks of include/kernel/ktest.h are two more such
 * sections. */
#ifndef KERNEL_KTEST_HOOKS_H
#define KERNEL_KTEST_HOOKS_H

#include <kernel/types.h>
#include <kernel/compiler.h>

enum ktest_boot_stage {
	KTEST_BEFORE_SUITES,    /* once the boot is done, before ktest= */
	KTEST_AFTER_SUITES,     /* after ktest=, before ktest.exit= */
};

struct ktest_boot_hook {
	const char *name;
	enum ktest_boot_stage stage;
	void (*run)(void);      /* does nothing unless its parameter asked */
};

struct boot_record_listener {
	const char *name;
	void (*record)(const char *what, u64 value);
};

struct ktest_suite;

struct ktest_suite_hook {
	const char *name;
	void (*start)(const struct ktest_suite *s);
	/* Undo start and return the number of problems found, each already
	 * printed as a KTAP diagnostic; non-zero fails the suite. */
	unsigned int (*stop)(const struct ktest_suite *s);
};

#define KTEST_BOOT_HOOK(ident, stage_, fn)                                   \
	static const struct ktest_boot_hook __ktest_boot_##ident             \
	__section("mm386_ktest_boot") __used __aligned(sizeof(void *)) =     \
		{ .name = #ident, .stage = stage_, .run = fn }

#define BOOT_RECORD_LISTENER(ident, fn)                                      \
	static const struct boot_record_listener __boot_record_##ident       \
	__section("mm386_boot_records") __used __aligned(sizeof(void *)) =   \
		{ .name = #ident, .record = fn }

#define KTEST_SUITE_HOOK(ident, start_fn, stop_fn)                          \
	static const struct ktest_suite_hook __ktest_suite_hook_##ident      \
	__section("mm386_ktest_suite_hooks") __used __aligned(sizeof(void *)) = \
		{ .name = #ident, .start = start_fn, .stop = stop_fn }

/* Run the boot hooks of one stage, in link order. Process context. */
void ktest_run_boot_hooks(enum ktest_boot_stage stage);

/* Hand one figure to every listener; what is a static string naming it
 * (e.g. "memmap_zones_insns"). Nothing happens without listeners. Any
 * context the listeners allow; the boot calls it single-threaded. */
void boot_record(const char *what, u64 value);

#endif
