/* Host run of the fault-injection logic (tests/kernel/fault_inject_cases.h)
 * and of memtest's pattern table, under ASan and UBSan. */
#include <kernel/ktest.h>
#include <mm/memtest.h>
#include "../kernel/fault_inject_cases.h"
#include "../kernel/memtest_cases.h"

static const struct ktest_case fault_inject_host_cases[] = {
	FAULT_INJECT_LOGIC_CASES,
	MEMTEST_LOGIC_CASES,
	{}
};
KTEST_SUITE(fault_inject_host, fault_inject_host_cases);
