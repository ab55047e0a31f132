/* In-kernel benchmarks (tests/kernel/bench.c), run by `make bench`.
 *
 * The kernel parameter bench=all (or bench=GLOB[,GLOB]) selects benchmarks
 * by name; without it nothing runs. Each result is one serial line,
 *
 *     bench: NAME VALUE UNIT
 *
 * with VALUE a decimal integer. Instruction counts come from arch_cycles(),
 * which under QEMU -icount shift=0 counts guest instructions exactly, so a
 * run is repeatable to the instruction. tests/run_bench.py boots the kernel,
 * collects the lines and prints each figure's ratio to the LIFO baseline. */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include <kernel/types.h>

/* Run the benchmarks selected by bench= (none when it was not given): print
 * the boot-time figures, then measure and print each benchmark. Needs the
 * page allocator, slab and kmap up, interrupts set up; process context
 * (kmap() is measured). Leaves free page counts as it found them. */
void bench_run_if_requested(void);

#endif
