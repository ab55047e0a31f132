/* The host implementation of include/kernel/arch.h and include/mm/arch.h,
 * plus the test hooks of host.h: a captured console, a catchable arch_exit,
 * a simulated interrupt flag and a malloc'd "physical memory" with a small
 * kernel page table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/smp.h>
#include <mm/arch.h>
#include <asm/vmlayout.h>
#include <mm/pfn.h>
#include "host.h"

#define CONSOLE_CAPTURE_MAX (8UL << 20)	/* restart capture beyond this */
#define CONSOLE_INPUT_MAX   4096
#define CYCLES_PER_CALL     1000
#define KMAP_TABLE_SIZE     8192	/* kernel pages mapped at once */

/* --- Console ---------------------------------------------------------- */

static char *cap_buf;
static size_t cap_len, cap_size;
static bool echo = true;
static char input[CONSOLE_INPUT_MAX];
static size_t input_head, input_tail;

static void capture(const char *s, size_t n)
{
	if (cap_len + n + 1 > CONSOLE_CAPTURE_MAX)
		cap_len = 0;
	if (cap_len + n + 1 > cap_size) {
		size_t want = cap_size ? cap_size : 4096;

		while (want < cap_len + n + 1)
			want *= 2;
		cap_buf = realloc(cap_buf, want);
		if (!cap_buf) {
			perror("host console capture");
			abort();
		}
		cap_size = want;
	}
	memcpy(cap_buf + cap_len, s, n);
	cap_len += n;
	cap_buf[cap_len] = '\0';
}

void arch_console_write(const char *s, size_t n)
{
	if (echo) {
		fwrite(s, 1, n, stdout);
		fflush(stdout);
	}
	capture(s, n);
}

int arch_console_getc(void)
{
	if (input_head == input_tail)
		return -1;
	return (unsigned char)input[input_head++ % CONSOLE_INPUT_MAX];
}

const char *host_console_text(void)
{
	return cap_buf ? cap_buf : "";
}

void host_console_clear(void)
{
	cap_len = 0;
	if (cap_buf)
		cap_buf[0] = '\0';
}

bool host_console_contains(const char *needle)
{
	return strstr(host_console_text(), needle) != NULL;
}

void host_console_echo(bool on)
{
	echo = on;
}

void host_console_feed(const char *s)
{
	for (; *s && input_tail - input_head < CONSOLE_INPUT_MAX; s++)
		input[input_tail++ % CONSOLE_INPUT_MAX] = *s;
}

/* --- Exit, interrupts, cycles ------------------------------------------ */

static jmp_buf *exit_jmp;
static int exit_code = HOST_NO_EXIT;
static unsigned long irq_enabled = 1;
static u64 cycles;

jmp_buf *host_exit_arm(jmp_buf *jb)
{
	jmp_buf *prev = exit_jmp;

	exit_jmp = jb;
	return prev;
}

int host_exit_code(void)
{
	return exit_code;
}

__noreturn void arch_exit(int code)
{
	jmp_buf *jb = exit_jmp;

	exit_code = code;
	if (jb) {
		exit_jmp = NULL;
		longjmp(*jb, 1);
	}
	fflush(stdout);
	fprintf(stderr, "arch_exit(%#x)\n", (unsigned)code);
	exit(code == ARCH_EXIT_SUCCESS ? 0 : 1);
}

/* One CPU on the host: no other CPU can be reporting a panic. */
__noreturn void arch_cpu_stop(void)
{
	fprintf(stderr, "host stubs: arch_cpu_stop\n");
	abort();
}

unsigned long arch_irq_save(void)
{
	unsigned long flags = irq_enabled;

	irq_enabled = 0;
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	irq_enabled = flags;
}

void arch_irq_enable(void)
{
	irq_enabled = 1;
}

bool arch_irqs_disabled_flags(unsigned long flags)
{
	return !flags;
}

bool arch_irqs_disabled(void)
{
	return !irq_enabled;
}

unsigned long host_irq_state(void)
{
	return irq_enabled;
}

void host_irq_set_state(unsigned long enabled)
{
	irq_enabled = enabled;
}

void arch_idle(void)
{
}

u64 arch_cycles(void)
{
	cycles += CYCLES_PER_CALL;
	return cycles;
}

/* --- Physical memory ---------------------------------------------------- */

struct kmap_entry {
	unsigned long vaddr;
	unsigned long pfn;
	enum page_cache_mode mode;
};

static unsigned char *phys_base;
static size_t phys_reserved;	/* bytes mapped at phys_base */
static phys_addr_t phys_size;	/* bytes the current machine has */
static struct kmap_entry kmap_table[KMAP_TABLE_SIZE];
static size_t kmap_count;
struct host_mm_counters host_mm;

static __noreturn void host_die(const char *what, unsigned long long v)
{
	fflush(stdout);
	fprintf(stderr, "host stubs: %s (%#llx)\n", what, v);
	abort();
}

int host_phys_init(phys_addr_t size)
{
	size_t bytes = (size_t)ALIGN(size, (phys_addr_t)PAGE_SIZE);

	if ((phys_addr_t)bytes != ALIGN(size, (phys_addr_t)PAGE_SIZE))
		return -ENOMEM;
	if (phys_base && bytes > phys_reserved) {
		munmap(phys_base, phys_reserved);
		phys_base = NULL;
		phys_reserved = 0;
	}
	if (!phys_base && bytes) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (p == MAP_FAILED)
			return -ENOMEM;
		phys_base = p;
		phys_reserved = bytes;
	} else if (phys_base) {
		/* Reused: give the pages back so they read as zero again. */
		madvise(phys_base, phys_reserved, MADV_DONTNEED);
	}
	phys_size = size;
	kmap_count = 0;
	memset(&host_mm, 0, sizeof(host_mm));
	return 0;
}

void *host_phys_base(void)
{
	return phys_base;
}

phys_addr_t host_phys_size(void)
{
	return phys_size;
}

void *arch_phys_to_virt(phys_addr_t phys)
{
	if (!phys_base)
		host_die("arch_phys_to_virt before host_phys_init", phys);
	if (phys > phys_size)
		host_die("arch_phys_to_virt beyond simulated memory", phys);
	return phys_base + phys;
}

phys_addr_t arch_virt_to_phys(const void *virt)
{
	const unsigned char *p = virt;

	if (!phys_base || p < phys_base || p > phys_base + phys_size)
		host_die("arch_virt_to_phys outside simulated memory",
			 (unsigned long long)(uintptr_t)virt);
	return (phys_addr_t)(p - phys_base);
}

phys_addr_t arch_direct_map_end(void)
{
	return phys_size;
}

static struct kmap_entry *kmap_find(unsigned long vaddr)
{
	for (size_t i = 0; i < kmap_count; i++) {
		if (kmap_table[i].vaddr == vaddr)
			return &kmap_table[i];
	}
	return NULL;
}

void arch_map_kernel_page(unsigned long vaddr, unsigned long pfn)
{
	struct kmap_entry *e;

	if (vaddr & ~PAGE_MASK)
		host_die("arch_map_kernel_page: unaligned address", vaddr);
	host_mm.map++;
	e = kmap_find(vaddr);
	if (e) {
		host_mm.remap++;
		e->pfn = pfn;
		return;
	}
	if (kmap_count == KMAP_TABLE_SIZE)
		host_die("arch_map_kernel_page: host table full", vaddr);
	kmap_table[kmap_count].vaddr = vaddr;
	kmap_table[kmap_count].pfn = pfn;
	kmap_table[kmap_count].mode = PAGE_CACHE_MODE_WB;
	kmap_count++;
}

void arch_unmap_kernel_page(unsigned long vaddr)
{
	struct kmap_entry *e;

	if (vaddr & ~PAGE_MASK)
		host_die("arch_unmap_kernel_page: unaligned address", vaddr);
	host_mm.unmap++;
	e = kmap_find(vaddr);
	if (e)
		*e = kmap_table[--kmap_count];
}

unsigned long arch_kernel_page_pfn(unsigned long vaddr)
{
	struct kmap_entry *e = kmap_find(vaddr & PAGE_MASK);

	return e ? e->pfn : -1UL;
}

void arch_flush_tlb_one(unsigned long vaddr)
{
	(void)vaddr;
	host_mm.flush_one++;
}

void arch_flush_tlb_all(void)
{
	host_mm.flush_all++;
}

unsigned long host_kernel_mapped_pages(void)
{
	return kmap_count;
}

void *host_kernel_vaddr_ptr(unsigned long vaddr)
{
	struct kmap_entry *e = kmap_find(vaddr & PAGE_MASK);
	phys_addr_t phys;

	if (!e || !phys_base)
		return NULL;
	phys = PFN_PHYS(e->pfn) + (vaddr & ~PAGE_MASK);
	if (phys >= phys_size)
		return NULL;
	return phys_base + phys;
}

/* The kmap windows sit where the kernel's do (asm/vmlayout.h). */
unsigned long arch_pkmap_base(void)
{
	return PKMAP_BASE;
}

unsigned long arch_kmap_atomic_vaddr(unsigned int cpu, unsigned int idx)
{
	return fix_to_virt(FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + idx);
}

void arch_kmap_atomic_set(unsigned long vaddr, unsigned long pfn)
{
	arch_map_kernel_page(vaddr & PAGE_MASK, pfn);
}

void arch_kmap_atomic_clear(unsigned long vaddr)
{
	arch_unmap_kernel_page(vaddr & PAGE_MASK);
	arch_flush_tlb_one(vaddr & PAGE_MASK);
}

/* --- The vmalloc contract: page tables that always exist, every cache
 * mode; the range is the kernel's default one above 896 MiB of lowmem. --- */

#define HOST_VMALLOC_START (PAGE_OFFSET + (896UL << 20) + VMALLOC_OFFSET)

void arch_vmalloc_range(unsigned long *start, unsigned long *end)
{
	*start = HOST_VMALLOC_START;
	*end = VMALLOC_END;
}

int arch_kernel_pgtable_alloc(unsigned long start, unsigned long end, gfp_t gfp)
{
	(void)start;
	(void)end;
	(void)gfp;
	return 0;
}

unsigned long arch_kernel_pgtable_pages(void)
{
	return 0;
}

enum page_cache_mode arch_map_kernel_page_mode(unsigned long vaddr, unsigned long pfn,
					       enum page_cache_mode mode)
{
	arch_map_kernel_page(vaddr, pfn);
	kmap_find(vaddr)->mode = mode;
	return mode;
}

enum page_cache_mode arch_kernel_page_mode(unsigned long vaddr)
{
	struct kmap_entry *e = kmap_find(vaddr & PAGE_MASK);

	return e ? e->mode : PAGE_CACHE_MODE_NR;
}

bool arch_cache_mode_supported(enum page_cache_mode mode)
{
	(void)mode;
	return true;
}

phys_addr_t arch_phys_addr_limit(void)
{
	return 1ull << 32;
}

/* include/kernel/smp.h: the host is one CPU. */
unsigned int arch_smp_processor_id(void)
{
	return 0;
}

unsigned int arch_num_online_cpus(void)
{
	return 1;
}

int arch_smp_call_async(unsigned int cpu, void (*fn)(void *), void *arg)
{
	(void)cpu;
	(void)fn;
	(void)arg;
	return -ENXIO;
}

void arch_smp_wait(unsigned int cpu)
{
	(void)cpu;
}

unsigned int arch_smp_call_function(void (*fn)(void *), void *arg)
{
	(void)fn;
	(void)arg;
	return 0;
}

unsigned long arch_ipis_sent(void)
{
	return 0;
}
