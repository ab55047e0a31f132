/* panic, BUG and WARN (contract: include/kernel/panic.h). Wording follows
 * Linux so logs read the same: "Kernel panic - not syncing: ...",
 * "kernel BUG at FILE:LINE!", "WARNING: at FILE:LINE func()". */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/vsprintf.h>
#include <kernel/arch.h>
#include <kernel/smp.h>

#define PANIC_MSG_SIZE 256
#define PANIC_CPU_NONE (~0u)

static char panic_msg[PANIC_MSG_SIZE];
/* The CPU reporting a panic (Linux's panic_cpu): the first one wins. */
static unsigned int panic_cpu = PANIC_CPU_NONE;

static void strip_newline(char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
}

/* Prints the message and leaves the run with ARCH_EXIT_FAILURE. Interrupts
 * stay disabled. A panic raised while the message is being printed skips
 * straight to the exit so a broken console cannot loop forever; a CPU that
 * panics while another CPU reports its own stops (Linux's
 * panic_smp_self_stop()), so one report is printed whole. The guard is
 * dropped just before arch_exit: the host test harness resumes after it. */
__noreturn void panic(const char *fmt, ...)
{
	static const char recursive[] = "\nKernel panic - recursive panic, exiting\n";
	unsigned int me, prev = PANIC_CPU_NONE;
	va_list ap;

	arch_irq_save();
	me = smp_processor_id();
	if (!__atomic_compare_exchange_n(&panic_cpu, &prev, me, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		if (prev != me)
			arch_cpu_stop();
		arch_console_write(recursive, sizeof(recursive) - 1);
		arch_exit(ARCH_EXIT_FAILURE);
	}

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	strip_newline(panic_msg);

	pr_emerg("Kernel panic - not syncing: %s\n", panic_msg);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", panic_msg);
	__atomic_store_n(&panic_cpu, PANIC_CPU_NONE, __ATOMIC_RELEASE);
	arch_exit(ARCH_EXIT_FAILURE);
}

__noreturn void __bug(const char *file, int line, const char *func)
{
	pr_emerg("kernel BUG at %s:%d!\n", file, line);
	panic("BUG in %s()", func);
}

/* Any context, any CPU: the message is formatted on the caller's stack. */
void __warn(const char *file, int line, const char *func, const char *fmt, ...)
{
	char warn_msg[PANIC_MSG_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(warn_msg, sizeof(warn_msg), fmt, ap);
	va_end(ap);
	strip_newline(warn_msg);

	pr_warn("WARNING: at %s:%d %s()\n", file, line, func);
	if (warn_msg[0])
		pr_warn("%s\n", warn_msg);
	pr_warn("---[ end trace ]---\n");
}
