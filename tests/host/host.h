/* The host test machine: what tests/host/stubs.c offers the host unit tests
 * beyond the arch contracts (include/kernel/arch.h, include/mm/arch.h) it
 * implements. Host-only: never include this from kernel/ or mm/. */
#ifndef TESTS_HOST_HOST_H
#define TESTS_HOST_HOST_H

#include <setjmp.h>
#include <kernel/types.h>

/* --- Console ---------------------------------------------------------- */

/* Everything written to the console since the last clear (NUL-terminated;
 * never NULL). Writes also go to stdout unless echo is off. */
const char *host_console_text(void);
void host_console_clear(void);
bool host_console_contains(const char *needle);
/* Echo console writes to stdout (default on). Turn off around output that
 * would confuse a KTAP reader of the run, e.g. a nested ktest run. */
void host_console_echo(bool on);
/* Queue bytes for arch_console_getc(). */
void host_console_feed(const char *s);

/* --- arch_exit -------------------------------------------------------- */

#define HOST_NO_EXIT (-1)

/* Arm arch_exit() to longjmp to jb (NULL disarms); returns the previous
 * target. arch_exit() disarms before jumping. */
jmp_buf *host_exit_arm(jmp_buf *jb);
/* The code given to the last arch_exit() that was caught. */
int host_exit_code(void);
/* Simulated interrupt flag: 1 when interrupts are enabled. */
unsigned long host_irq_state(void);
void host_irq_set_state(unsigned long enabled);

/* Run stmt; code_var gets the arch_exit() code it ended with (panic, BUG:
 * ARCH_EXIT_FAILURE), or HOST_NO_EXIT when it returned. The interrupt flag
 * is restored after a caught exit. Locals changed inside stmt and read after
 * an exit must be volatile (setjmp rules). */
#define HOST_CATCH_EXIT(code_var, stmt) do {                                  \
	jmp_buf __host_jb;                                                    \
	unsigned long __host_irq = host_irq_state();                          \
	jmp_buf *__host_prev = host_exit_arm(&__host_jb);                     \
	if (setjmp(__host_jb) == 0) {                                         \
		stmt;                                                         \
		(code_var) = HOST_NO_EXIT;                                    \
	} else {                                                              \
		(code_var) = host_exit_code();                                \
		host_irq_set_state(__host_irq);                               \
	}                                                                     \
	host_exit_arm(__host_prev);                                           \
} while (0)

/* --- Simulated physical memory and kernel page table ------------------ */

/* A fresh machine with size bytes of zeroed "physical memory" at physical
 * address 0: arch_phys_to_virt(p) == host_phys_base() + p for p <= size
 * (anything else aborts). Also empties the kernel page table and zeroes the
 * counters. Returns 0 or -ENOMEM. Memory is reserved lazily (mmap), so
 * gigabytes are fine. */
int host_phys_init(phys_addr_t size);
void *host_phys_base(void);
phys_addr_t host_phys_size(void);

/* Calls made through include/mm/arch.h since host_phys_init(). */
struct host_mm_counters {
	unsigned long map;        /* arch_map_kernel_page */
	unsigned long unmap;      /* arch_unmap_kernel_page */
	unsigned long remap;      /* maps over a page that was still mapped */
	unsigned long flush_one;  /* arch_flush_tlb_one */
	unsigned long flush_all;  /* arch_flush_tlb_all */
};
extern struct host_mm_counters host_mm;

/* Number of kernel pages currently mapped with arch_map_kernel_page. */
unsigned long host_kernel_mapped_pages(void);
/* Where a mapped kernel virtual address really is on the host (inside the
 * simulated physical memory), or NULL when its page is not mapped or its
 * frame lies outside that memory. Host code cannot dereference the kernel's
 * virtual addresses themselves. */
void *host_kernel_vaddr_ptr(unsigned long vaddr);

/* The buddy tests' simulated machine (tests/host/test_buddy.c): save the
 * allocator's globals, build a machine of max_pfn pages with the given zone
 * ends, and put everything back afterwards. host_machine_64m() is the common
 * case: a save, then 64 MiB with DMA < 16 MiB, Normal < 48 MiB, HighMem above. */
void buddy_test_save(void);
void buddy_test_restore(void);
int buddy_machine(unsigned long max_pfn, const unsigned long ends[3],
		  unsigned long movable_start);
int host_machine_64m(void);

#endif
