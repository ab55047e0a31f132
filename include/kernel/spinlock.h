/* Spinlocks: ticket locks, fair in arrival order, after Linux's
 * arch/x86 ticket spinlock (2.6.25-3.x): one atomic fetch-and-add takes a
 * ticket (lock xadd: a 486 instruction, nothing later), the lock is held
 * by the ticket equal to head. spin_lock_irqsave() also turns interrupts
 * off on this CPU, so an interrupt handler taking the same lock cannot
 * deadlock against the code it interrupted.
 *
 * With SPINLOCK_DEBUG (Linux's CONFIG_DEBUG_SPINLOCK) each lock records
 * its owner CPU and the caller; taking a lock this CPU already holds
 * reports "BUG: spinlock recursion on CPU#N", releasing one another CPU
 * holds "BUG: spinlock wrong CPU on CPU#N", releasing a free one "BUG:
 * spinlock already unlocked on CPU#N"; the run goes on. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <kernel/types.h>
#include <kernel/arch.h>
#include <kernel/smp.h>

#define SPINLOCK_DEBUG 1
#define SPINLOCK_OWNER_NONE 0xffffffffu

typedef struct {
	volatile u16 head, tail;        /* serving, next ticket */
	unsigned int owner_cpu;         /* debug: SPINLOCK_OWNER_NONE when free */
	const void *owner_ip;
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { 0, 0, SPINLOCK_OWNER_NONE, NULL, #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
bool spin_trylock(spinlock_t *lock);
bool spin_is_locked(const spinlock_t *lock);

/* The debug checks alone, for the tests: what spin_lock()/spin_unlock()
 * would report for this lock on this CPU (true: reported). */
bool spin_debug_check_lock(spinlock_t *lock);
bool spin_debug_check_unlock(spinlock_t *lock);

/* Take lock unless this CPU already holds it; returns whether it took it
 * (then the caller releases it). Only for reports that must come out even
 * from a fault taken while this CPU was printing one (printk, the oops
 * report): other code never re-enters a lock. */
static inline bool spin_lock_unless_mine(spinlock_t *lock)
{
	if (spin_is_locked(lock) && lock->owner_cpu == smp_processor_id())
		return false;
	spin_lock(lock);
	return true;
}

static inline unsigned long spin_lock_irqsave_fn(spinlock_t *lock)
{
	unsigned long flags = arch_irq_save();

	spin_lock(lock);
	return flags;
}
#define spin_lock_irqsave(lock, flags) ((flags) = spin_lock_irqsave_fn(lock))

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_irq_restore(flags);
}

static inline void spin_lock_irq(spinlock_t *lock)
{
	(void)arch_irq_save();
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	arch_irq_enable();
}

#endif
