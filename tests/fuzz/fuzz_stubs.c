/* The arch contract for the fuzz targets: a silent console, an exit that
 * traps (generic code must never panic on fuzzed input), no interrupts; and
 * the shared checks of fuzz.h. */
#include <string.h>

#include <kernel/arch.h>
#include <kernel/smp.h>
#include <mm/arch.h>
#include <asm/multiboot.h>
#include "fuzz.h"
#include "../host/boot_map_double.h"

void arch_console_write(const char *s, size_t n)
{
	(void)s;
	(void)n;
}

int arch_console_getc(void)
{
	return -1;
}

__noreturn void arch_exit(int code)
{
	(void)code;
	__builtin_trap();
}

/* One CPU, number 0 (include/kernel/smp.h). */
unsigned int arch_smp_processor_id(void)
{
	return 0;
}

/* One CPU: no other one can be reporting a panic. */
__noreturn void arch_cpu_stop(void)
{
	__builtin_trap();
}

unsigned long arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

bool arch_irqs_disabled(void)
{
	return false;
}

void arch_idle(void)
{
}

u64 arch_cycles(void)
{
	return 0;
}

/* No target touches memory through the direct map. */
void *arch_phys_to_virt(phys_addr_t phys)
{
	(void)phys;
	__builtin_trap();
}

phys_addr_t arch_virt_to_phys(const void *virt)
{
	(void)virt;
	__builtin_trap();
}

const void *fuzz_map(phys_addr_t phys, size_t len, void *ctx)
{
	return boot_map_double_map(ctx, phys, len);
}

static struct e820_table again;

void fuzz_check_sanitised(const struct e820_table *t)
{
	u32 i;

	FUZZ_CHECK(t->nr_entries <= E820_MAX_ENTRIES);
	for (i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		FUZZ_CHECK(e->size != 0 && e->type != 0);
		FUZZ_CHECK(e->addr + e->size > e->addr);
		if (i) {
			const struct e820_entry *p = &t->entries[i - 1];

			FUZZ_CHECK(p->addr + p->size <= e->addr);
			FUZZ_CHECK(p->addr + p->size < e->addr || p->type != e->type ||
				   e->type == E820_TYPE_PRAM);
		}
	}
	FUZZ_CHECK(e820_table_is_sane(t));
	memcpy(&again, t, sizeof(again));
	e820_sanitize(&again);
	FUZZ_CHECK(again.nr_entries == t->nr_entries);
	for (i = 0; i < t->nr_entries; i++) {
		FUZZ_CHECK(again.entries[i].addr == t->entries[i].addr);
		FUZZ_CHECK(again.entries[i].size == t->entries[i].size);
		FUZZ_CHECK(again.entries[i].type == t->entries[i].type);
	}
}

void fuzz_sanitise_and_check(struct e820_table *t)
{
	e820_sanitize(t);
	fuzz_check_sanitised(t);
}

/* What any parse must leave, whatever the input. */
void fuzz_check_bootinfo(const struct boot_info *b)
{
	u32 i;

	FUZZ_CHECK(b->nr_mmap <= BOOTINFO_MAX_MMAP);
	FUZZ_CHECK(b->nr_modules <= BOOTINFO_MAX_MODULES);
	FUZZ_CHECK(b->nr_data <= BOOTINFO_MAX_DATA);
	FUZZ_CHECK(memchr(b->cmdline, '\0', sizeof(b->cmdline)));
	FUZZ_CHECK(memchr(b->loader_name, '\0', sizeof(b->loader_name)));
	for (i = 0; i < b->nr_modules; i++)
		FUZZ_CHECK(b->modules[i].start <= b->modules[i].end);
	for (i = 0; i < b->nr_data; i++)
		FUZZ_CHECK(b->data[i].start < b->data[i].end && b->data[i].what);
	if (b->mmap_from_meminfo)
		FUZZ_CHECK(b->has_meminfo && b->nr_mmap == 2);
}

void fuzz_multiboot(u32 magic, const u8 *data, size_t size)
{
	static struct boot_info bi;
	static struct e820_table table;
	struct boot_map_double m = { .mem = data, .base = FUZZ_PHYS_BASE, .size = size };
	int ret = multiboot_parse(magic, FUZZ_PHYS_BASE, fuzz_map, &m, &bi);

	boot_map_double_release(&m);

	FUZZ_CHECK(ret == 0 ? bi.nr_mmap > 0 : bi.nr_mmap == 0);
	fuzz_check_bootinfo(&bi);
	e820_table_from_bootinfo(&table, &bi);
	fuzz_sanitise_and_check(&table);
}
