/* panic, BUG and WARN: how the kernel reports its own mistakes.
 *
 * panic() prints the message and ends the run with the failure code (QEMU's
 * exit port, else a halt). BUG_ON(cond) panics with file:line when cond holds.
 * WARN(cond, fmt, ...) prints "WARNING: at FILE:LINE func()" and the message
 * when cond holds, and returns cond so it can sit in an if. WARN_ONCE warns
 * only the first time that call site fires. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <kernel/types.h>
#include <kernel/compiler.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
void __warn(const char *file, int line, const char *func, const char *fmt, ...)
	__printf(4, 5);
__noreturn void __bug(const char *file, int line, const char *func);

#define BUG() __bug(__FILE__, __LINE__, __func__)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

#define WARN(cond, fmt, ...) ({                                          \
	bool __c = !!(cond);                                             \
	if (unlikely(__c))                                               \
		__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__); \
	__c;                                                             \
})
#define WARN_ON(cond) WARN(cond, "%s", "")
#define WARN_ONCE(cond, fmt, ...) ({                                     \
	static bool __warned;                                            \
	bool __c = !!(cond);                                             \
	if (unlikely(__c) && !__warned) {                                \
		__warned = true;                                         \
		__warn(__FILE__, __LINE__, __func__, fmt, ##__VA_ARGS__); \
	}                                                                \
	__c;                                                             \
})
#define WARN_ON_ONCE(cond) WARN_ONCE(cond, "%s", "")

#endif
