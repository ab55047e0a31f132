/* In-kernel tests of the contexts of Linux's
 * Documentation/core-api/memory-allocation.rst: for each context (process
 * context that can sleep, process context that cannot sleep because
 * preemption or interrupts are disabled, interrupt handler, softirq, tasklet) the context
 * predicates read right, the recommended flags allocate without a report,
 * and a mask that may sleep (GFP_KERNEL) is reported by might_sleep() and
 * still served, as an atomic request. Also the softirq mechanics: run on
 * the outermost interrupt exit, held back by local_bh_disable(), a tasklet
 * scheduled twice runs once. Interrupt cases skip when interrupts are off. */
#include <kernel/arch.h>
#include <kernel/hardirq.h>
#include <kernel/ktest.h>
#include <kernel/might_sleep.h>
#include <kernel/softirq.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <mm/mm.h>

/* Ticks (hlt wake-ups) to wait for the timer or a softirq: 1 s at HZ 100. */
#define CT_TICK_WAIT     HZ
#define CT_ORDER         1

/* What one context saw: its predicates and its allocations. */
struct ctx_report {
	bool ran;
	bool irq, softirq, serving, interrupt, atomic, irqs_off, task;
	bool atomic_ok, dma_ok, dma_in_dma;  /* GFP_ATOMIC, GFP_DMA | GFP_ATOMIC */
	bool kernel_served;                  /* GFP_KERNEL still got pages */
	unsigned long reports;               /* might_sleep reports it caused */
	struct might_sleep_record last;
};

static volatile struct ctx_report rep;

/* Run in the context under test: record, allocate the right way, then the
 * wrong way (GFP_KERNEL), and count the reports. */
static void probe_context(void)
{
	struct ctx_report r = { .ran = true };
	unsigned long before = might_sleep_count();
	struct page *p;

	r.irq = in_irq();
	r.softirq = in_softirq();
	r.serving = in_serving_softirq();
	r.interrupt = in_interrupt();
	r.atomic = in_atomic();
	r.irqs_off = irqs_disabled();
	r.task = in_task();

	p = alloc_pages(GFP_ATOMIC | __GFP_NOWARN, CT_ORDER);
	r.atomic_ok = p != NULL;
	__free_pages(p, CT_ORDER);
	p = alloc_pages(GFP_DMA | GFP_ATOMIC | __GFP_NOWARN, 0);
	r.dma_ok = p != NULL;
	r.dma_in_dma = p && page_zonenum(p) == ZONE_DMA;
	__free_pages(p, 0);
	r.reports = might_sleep_count() - before;

	p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, CT_ORDER);
	r.kernel_served = p != NULL;
	__free_pages(p, CT_ORDER);
	r.reports = might_sleep_count() - before;
	r.last = might_sleep_last();
	memcpy((void *)&rep, &r, sizeof(r));
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n, m = strlen(suffix);

	if (!s)
		return false;
	n = strlen(s);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool have_dma(void)
{
	return populated_zone(&contig_page_data.node_zones[ZONE_DMA]);
}

/* Wait (hlt) until rep.ran, at most CT_TICK_WAIT ticks. */
static bool wait_ran(void)
{
	unsigned long start = jiffies;

	/* Counted in jiffies: other interrupts (serial input) end hlt too. */
	while (jiffies - start < CT_TICK_WAIT && !rep.ran)
		arch_idle();
	return rep.ran;
}

static void clear_rep(void)
{
	memset((void *)&rep, 0, sizeof(rep));
}

/* The allocations a context that cannot sleep may make worked, and the
 * one that may sleep was reported once, with these values, and served. */
static void expect_atomic_context_result(struct ktest *t, bool irqs_off)
{
	EXPECT_TRUE(t, rep.atomic_ok);
	EXPECT_TRUE(t, rep.kernel_served);
	EXPECT_EQ(t, rep.reports, 1);
	EXPECT_EQ(t, rep.last.irqs_disabled, irqs_off);
	EXPECT_TRUE(t, ends_with(rep.last.file, "mm/page_alloc.c"));
	if (have_dma()) {
		EXPECT_TRUE(t, rep.dma_ok);
		EXPECT_TRUE(t, rep.dma_in_dma);
	}
	EXPECT_TRUE(t, free_lists_check());
}

static void test_process_context_can_sleep(struct ktest *t)
{
	struct page *p;
	unsigned long before = might_sleep_count();

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	EXPECT_TRUE(t, in_task());
	EXPECT_FALSE(t, in_interrupt());
	EXPECT_FALSE(t, in_atomic());
	clear_rep();
	probe_context();
	/* Here GFP_KERNEL is the right flag: nothing is reported. */
	EXPECT_EQ(t, rep.reports, 0);
	EXPECT_TRUE(t, rep.atomic_ok);
	EXPECT_TRUE(t, rep.kernel_served);
	if (have_dma()) {
		p = alloc_pages(GFP_DMA | GFP_KERNEL, 0);
		ASSERT_NOT_NULL(t, p);
		EXPECT_EQ(t, page_zonenum(p), ZONE_DMA);
		__free_pages(p, 0);
	}
	EXPECT_EQ(t, might_sleep_count(), before);
}

static void test_preempt_disabled_cannot_sleep(struct ktest *t)
{
	unsigned long base = preempt_count();

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	clear_rep();
	preempt_disable();
	probe_context();
	preempt_enable();
	EXPECT_TRUE(t, rep.atomic);
	EXPECT_TRUE(t, rep.task);
	EXPECT_FALSE(t, rep.interrupt);
	EXPECT_EQ(t, rep.last.preempt_count, base + PREEMPT_OFFSET);
	EXPECT_TRUE(t, rep.last.in_atomic);
	expect_atomic_context_result(t, false);
	EXPECT_EQ(t, preempt_count(), base);
}

static void test_irqs_off_cannot_sleep(struct ktest *t)
{
	unsigned long flags;

	clear_rep();
	flags = arch_irq_save();
	probe_context();
	arch_irq_restore(flags);
	EXPECT_TRUE(t, rep.irqs_off);
	EXPECT_FALSE(t, rep.atomic);
	EXPECT_FALSE(t, rep.last.in_atomic);
	expect_atomic_context_result(t, true);
}

static volatile bool tick_done;

static void probe_tick(void)
{
	if (tick_done)
		return;
	tick_done = true;
	probe_context();
}

static void test_interrupt_handler(struct ktest *t)
{
	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	clear_rep();
	tick_done = false;
	ASSERT_EQ(t, timer_add_tick_fn(probe_tick), 0);
	wait_ran();
	timer_remove_tick_fn(probe_tick);
	ASSERT_TRUE(t, rep.ran);
	EXPECT_TRUE(t, rep.irq);
	EXPECT_TRUE(t, rep.interrupt);
	EXPECT_TRUE(t, rep.atomic);
	EXPECT_FALSE(t, rep.serving);
	EXPECT_FALSE(t, rep.task);
	EXPECT_TRUE(t, rep.irqs_off);
	EXPECT_EQ(t, rep.last.preempt_count & HARDIRQ_MASK, HARDIRQ_OFFSET);
	expect_atomic_context_result(t, true);
}

/* The softirq case: the timer raises TEST_SOFTIRQ once; the handler runs
 * when the interrupt exits. */
static volatile bool raise_done;

static void raise_tick(void)
{
	if (raise_done)
		return;
	raise_done = true;
	raise_softirq(TEST_SOFTIRQ);
}

static void test_softirq(struct ktest *t)
{
	unsigned long runs = softirq_run_count(TEST_SOFTIRQ);

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	clear_rep();
	raise_done = false;
	open_softirq(TEST_SOFTIRQ, probe_context);
	ASSERT_EQ(t, timer_add_tick_fn(raise_tick), 0);
	wait_ran();
	timer_remove_tick_fn(raise_tick);
	open_softirq(TEST_SOFTIRQ, NULL);
	ASSERT_TRUE(t, rep.ran);
	EXPECT_EQ(t, softirq_run_count(TEST_SOFTIRQ), runs + 1);
	EXPECT_FALSE(t, rep.irq);
	EXPECT_TRUE(t, rep.serving);
	EXPECT_TRUE(t, rep.softirq);
	EXPECT_TRUE(t, rep.interrupt);
	EXPECT_TRUE(t, rep.atomic);
	EXPECT_FALSE(t, rep.task);
	/* As in Linux, softirqs run with interrupts enabled. */
	EXPECT_FALSE(t, rep.irqs_off);
	EXPECT_EQ(t, rep.last.preempt_count & SOFTIRQ_MASK, SOFTIRQ_OFFSET);
	expect_atomic_context_result(t, false);
}

static void probe_tasklet(unsigned long data)
{
	*(volatile unsigned long *)data += 1;
	probe_context();
}

static void test_tasklet(struct ktest *t)
{
	static struct tasklet_struct tl;
	volatile unsigned long calls = 0;

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	clear_rep();
	tasklet_init(&tl, probe_tasklet, (unsigned long)&calls);
	/* Scheduled twice before it runs: runs once. Interrupts are held off
	 * between the two calls, or a timer tick could run it in between. */
	unsigned long flags = arch_irq_save();
	tasklet_schedule(&tl);
	tasklet_schedule(&tl);
	arch_irq_restore(flags);
	wait_ran();
	if (!rep.ran)
		tasklet_kill(&tl);
	ASSERT_TRUE(t, rep.ran);
	EXPECT_EQ(t, calls, 1);
	EXPECT_EQ(t, tl.runs, 1);
	EXPECT_FALSE(t, tl.scheduled);
	EXPECT_FALSE(t, rep.irq);
	EXPECT_TRUE(t, rep.serving);
	EXPECT_TRUE(t, rep.atomic);
	EXPECT_FALSE(t, rep.irqs_off);
	expect_atomic_context_result(t, false);
}

static void count_tasklet(unsigned long data)
{
	*(volatile unsigned long *)data += 1;
}

/* With bottom halves disabled: atomic (GFP_KERNEL reported), tasklets held
 * back across timer ticks, then run by local_bh_enable(). */
static void test_bh_disabled(struct ktest *t)
{
	static struct tasklet_struct tl;
	volatile unsigned long calls = 0;
	unsigned long j, before;
	struct page *p;

	if (irqs_disabled())
		KTEST_SKIP(t, "interrupts disabled");
	tasklet_init(&tl, count_tasklet, (unsigned long)&calls);
	local_bh_disable();
	EXPECT_TRUE(t, in_softirq());
	EXPECT_FALSE(t, in_serving_softirq());
	EXPECT_TRUE(t, in_atomic());
	tasklet_schedule(&tl);
	j = jiffies;
	while (jiffies - j < 3)
		arch_idle();
	EXPECT_EQ(t, calls, 0);
	before = might_sleep_count();
	p = alloc_page(GFP_KERNEL);
	EXPECT_EQ(t, might_sleep_count(), before + 1);
	EXPECT_NOT_NULL(t, p);
	__free_page(p);
	local_bh_enable();
	EXPECT_EQ(t, calls, 1);
	EXPECT_FALSE(t, in_softirq());
	tasklet_kill(&tl);
}

/* Softirqs run only when the outermost interrupt exits. */
static void count_softirq(void)
{
	rep.reports++;
	rep.serving = in_serving_softirq();
}

static void test_softirq_runs_on_outermost_exit(struct ktest *t)
{
	unsigned long flags;
	unsigned long base = preempt_count();

	clear_rep();
	open_softirq(TEST_SOFTIRQ, count_softirq);
	flags = arch_irq_save();
	irq_enter();
	irq_enter();
	raise_softirq(TEST_SOFTIRQ);
	EXPECT_NE(t, softirq_pending() & (1UL << TEST_SOFTIRQ), 0);
	irq_exit();
	EXPECT_EQ(t, rep.reports, 0);
	irq_exit();
	EXPECT_EQ(t, rep.reports, 1);
	EXPECT_TRUE(t, rep.serving);
	EXPECT_EQ(t, softirq_pending() & (1UL << TEST_SOFTIRQ), 0);
	/* Back in the caller's state: interrupts off, counts as before. */
	EXPECT_TRUE(t, irqs_disabled());
	arch_irq_restore(flags);
	open_softirq(TEST_SOFTIRQ, NULL);
	EXPECT_EQ(t, preempt_count(), base);
}

/* A tasklet that reschedules itself runs again on a later round, not in a
 * loop inside one. */
static struct tasklet_struct self_tl;

static void self_tasklet(unsigned long data)
{
	if (++*(volatile unsigned long *)data < 3)
		tasklet_schedule(&self_tl);
}

static void test_tasklet_reschedules_itself(struct ktest *t)
{
	volatile unsigned long calls = 0;

	tasklet_init(&self_tl, self_tasklet, (unsigned long)&calls);
	tasklet_schedule(&self_tl);
	do_softirq();
	EXPECT_EQ(t, calls, 3);
	EXPECT_FALSE(t, self_tl.scheduled);
	EXPECT_FALSE(t, tasklet_kill(&self_tl));
}

static const struct ktest_case context_cases[] = {
	KTEST_CASE(test_process_context_can_sleep),
	KTEST_CASE(test_preempt_disabled_cannot_sleep),
	KTEST_CASE(test_irqs_off_cannot_sleep),
	KTEST_CASE(test_interrupt_handler),
	KTEST_CASE(test_softirq),
	KTEST_CASE(test_tasklet),
	KTEST_CASE(test_bh_disabled),
	KTEST_CASE(test_softirq_runs_on_outermost_exit),
	KTEST_CASE(test_tasklet_reschedules_itself),
	{}
};
KTEST_SUITE(context, context_cases);
