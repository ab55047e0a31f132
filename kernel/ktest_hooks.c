/* The product's side of the test and benchmark registries (contract:
 * include/kernel/ktest_hooks.h): walk the sections, call what is there. */
#include <kernel/ktest_hooks.h>

/* Section bounds; weak so that an empty section links. */
extern const struct ktest_boot_hook __start_mm386_ktest_boot[] __attribute__((weak));
extern const struct ktest_boot_hook __stop_mm386_ktest_boot[] __attribute__((weak));
extern const struct boot_record_listener __start_mm386_boot_records[] __attribute__((weak));
extern const struct boot_record_listener __stop_mm386_boot_records[] __attribute__((weak));

void ktest_run_boot_hooks(enum ktest_boot_stage stage)
{
	const struct ktest_boot_hook *h;

	if (!__start_mm386_ktest_boot || !__stop_mm386_ktest_boot)
		return;
	for (h = __start_mm386_ktest_boot; h < __stop_mm386_ktest_boot; h++)
		if (h->stage == stage)
			h->run();
}

void boot_record(const char *what, u64 value)
{
	const struct boot_record_listener *l;

	if (!__start_mm386_boot_records || !__stop_mm386_boot_records)
		return;
	for (l = __start_mm386_boot_records; l < __stop_mm386_boot_records; l++)
		l->record(what, value);
}
