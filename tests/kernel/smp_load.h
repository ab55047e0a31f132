/* The background allocation load of tests/kernel/smp_load.c, seen from
 * the suites: a check that needs the allocator still (a walk of the free
 * lists, a count that must be exact) parks the loading CPUs around it. */
#ifndef TESTS_KERNEL_SMP_LOAD_H
#define TESTS_KERNEL_SMP_LOAD_H

#include <kernel/types.h>

#ifdef MM386_HOST
/* The host has one CPU and no load. */
static inline bool smp_load_running(void) { return false; }
static inline void smp_load_pause(void) { }
static inline void smp_load_resume(void) { }
#else
/* True while the other CPUs run the load (between a suite's start and
 * stop). */
bool smp_load_running(void);
/* Park every loading CPU between two of its operations (each holds what it
 * holds, none inside the allocator and no kmap) and return once all are
 * parked; no-op without a load. Process context, interrupts on: a loading
 * CPU may be waiting for this one to answer an IPI. */
void smp_load_pause(void);
/* Let them go on; returns once every one has left the park. */
void smp_load_resume(void);
#endif

#endif
