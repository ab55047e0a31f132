/* ktest.smp_stop=1: the end of a run on real hardware, where the QEMU exit
 * port does nothing and arch_exit() must stop the other CPUs itself. Runs
 * smp_send_stop() as a boot hook, then checks every other CPU counted
 * itself stopped and CPU 1 no longer runs work sent to its mailbox, and
 * leaves the run (the other CPUs cannot run the suites any more). Matrix
 * boot mb1-smp4-stop. */
#include <asm/smp.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/ktest_hooks.h>
#include <kernel/param.h>
#include <kernel/parse.h>
#include <kernel/printk.h>
#include <kernel/smp.h>

/* How long a stopped CPU is given to answer anyway. */
#define ANSWER_WAIT_SPINS 5000000u

static bool smp_stop_requested;
static volatile bool answered;

static int set_smp_stop(const char *val)
{
	return parse_switch(val, &smp_stop_requested);
}
kernel_param("ktest.smp_stop", set_smp_stop);

static void answer(void *arg)
{
	(void)arg;
	answered = true;
}

static void ktest_smp_stop_if_requested(void)
{
	unsigned int others, stopped;

	if (!smp_stop_requested)
		return;
	others = num_online_cpus() - 1;
	stopped = smp_send_stop();
	if (others)
		arch_smp_call_async(1, answer, NULL);
	for (unsigned int i = 0; i < ANSWER_WAIT_SPINS && !answered; i++)
		__asm__ volatile("rep; nop" ::: "memory");
	pr_info("ktest.smp_stop: %u of %u other CPUs stopped; CPU 1 %s\n", stopped, others,
		answered ? "still runs work" : "runs nothing");
	arch_exit(others && stopped == others && !answered ? ARCH_EXIT_SUCCESS
							    : ARCH_EXIT_FAILURE);
}
KTEST_BOOT_HOOK(smp_stop, KTEST_BEFORE_SUITES, ktest_smp_stop_if_requested);
