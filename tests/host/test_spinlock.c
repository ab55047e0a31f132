/* Host suite: the ticket spinlock's bookkeeping and its debug reports
 * (kernel/spinlock.c) in Linux's words, on the host's single CPU. */
#include <kernel/ktest.h>
#include <kernel/spinlock.h>
#include "host.h"

static void test_ticket_order(struct ktest *t)
{
	DEFINE_SPINLOCK(l);

	EXPECT_FALSE(t, spin_is_locked(&l));
	spin_lock(&l);
	EXPECT_TRUE(t, spin_is_locked(&l));
	EXPECT_EQ(t, l.tail, 1);
	EXPECT_EQ(t, l.owner_cpu, 0u);
	EXPECT_FALSE(t, spin_trylock(&l));
	spin_unlock(&l);
	EXPECT_FALSE(t, spin_is_locked(&l));
	EXPECT_EQ(t, l.head, 1);
	EXPECT_TRUE(t, spin_trylock(&l));
	spin_unlock(&l);
	/* Tickets wrap at 16 bits. */
	l.head = l.tail = 0xffff;
	spin_lock(&l);
	EXPECT_EQ(t, l.tail, 0);
	spin_unlock(&l);
	EXPECT_EQ(t, l.head, 0);
}

static void test_debug_recursion(struct ktest *t)
{
	DEFINE_SPINLOCK(l);

	host_console_clear();
	spin_lock(&l);
	spin_lock(&l);                  /* reported, not taken twice */
	EXPECT_TRUE(t, host_console_contains("BUG: spinlock recursion on CPU#0, lock: "));
	EXPECT_TRUE(t, host_console_contains(".name: l, .owner_cpu: 0"));
	EXPECT_EQ(t, l.tail, 1);
	spin_unlock(&l);
	EXPECT_FALSE(t, spin_is_locked(&l));
}

static void test_debug_wrong_cpu_and_unlocked(struct ktest *t)
{
	DEFINE_SPINLOCK(l);
	unsigned long flags;

	host_console_clear();
	spin_lock_irqsave(&l, flags);
	l.owner_cpu = 3;                /* as if CPU 3 had taken it */
	spin_unlock_irqrestore(&l, flags);
	EXPECT_TRUE(t, host_console_contains("BUG: spinlock wrong CPU on CPU#0"));
	EXPECT_TRUE(t, host_console_contains(".owner_cpu: 3"));
	EXPECT_TRUE(t, spin_is_locked(&l));
	l.owner_cpu = 0;
	spin_unlock(&l);
	host_console_clear();
	spin_unlock(&l);
	EXPECT_TRUE(t, host_console_contains("BUG: spinlock already unlocked on CPU#0"));
	EXPECT_FALSE(t, spin_is_locked(&l));
}

static const struct ktest_case spinlock_cases[] = {
	KTEST_CASE(test_ticket_order),
	KTEST_CASE(test_debug_recursion),
	KTEST_CASE(test_debug_wrong_cpu_and_unlocked),
	{}
};
KTEST_SUITE(spinlock, spinlock_cases);
