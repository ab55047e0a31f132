/* Ticket spinlocks (contract: include/kernel/spinlock.h). The ticket is
 * taken with __atomic_fetch_add, which the compiler emits as lock xadd on
 * i486 and later; the wait reads head with pause (rep; nop: a plain nop
 * before the Pentium 4). */
#include <kernel/spinlock.h>
#include <kernel/printk.h>

static void cpu_relax(void)
{
	__asm__ volatile("rep; nop" ::: "memory");
}

void spin_lock_init(spinlock_t *lock)
{
	lock->head = 0;
	lock->tail = 0;
	lock->owner_cpu = SPINLOCK_OWNER_NONE;
	lock->owner_ip = NULL;
}

static void spin_bug(spinlock_t *lock, const char *msg)
{
	pr_emerg("BUG: spinlock %s on CPU#%u, lock: %p, .name: %s, .owner_cpu: %d, .owner_ip: %p\n",
		 msg, smp_processor_id(), (void *)lock, lock->name ? lock->name : "?",
		 lock->owner_cpu == SPINLOCK_OWNER_NONE ? -1 : (int)lock->owner_cpu,
		 lock->owner_ip);
}

bool spin_debug_check_lock(spinlock_t *lock)
{
	if (lock->owner_cpu == smp_processor_id() && lock->head != lock->tail) {
		spin_bug(lock, "recursion");
		return true;
	}
	return false;
}

bool spin_debug_check_unlock(spinlock_t *lock)
{
	if (lock->head == lock->tail) {
		spin_bug(lock, "already unlocked");
		return true;
	}
	if (lock->owner_cpu != smp_processor_id()) {
		spin_bug(lock, "wrong CPU");
		return true;
	}
	return false;
}

void spin_lock(spinlock_t *lock)
{
	u16 me;

	/* A recursion would spin for ever: report it and do not take the
	 * lock a second time. */
	if (SPINLOCK_DEBUG && spin_debug_check_lock(lock))
		return;
	me = __atomic_fetch_add(&lock->tail, 1, __ATOMIC_ACQUIRE);
	while (__atomic_load_n(&lock->head, __ATOMIC_ACQUIRE) != me)
		cpu_relax();
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = __builtin_return_address(0);
}

bool spin_trylock(spinlock_t *lock)
{
	u16 head = __atomic_load_n(&lock->head, __ATOMIC_RELAXED);
	u16 expect = head;

	if (__atomic_load_n(&lock->tail, __ATOMIC_RELAXED) != head)
		return false;
	if (!__atomic_compare_exchange_n(&lock->tail, &expect, (u16)(head + 1), false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = __builtin_return_address(0);
	return true;
}

void spin_unlock(spinlock_t *lock)
{
	if (SPINLOCK_DEBUG && spin_debug_check_unlock(lock))
		return;
	lock->owner_cpu = SPINLOCK_OWNER_NONE;
	lock->owner_ip = NULL;
	__atomic_store_n(&lock->head, (u16)(lock->head + 1), __ATOMIC_RELEASE);
}

bool spin_is_locked(const spinlock_t *lock)
{
	return __atomic_load_n(&lock->head, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->tail, __ATOMIC_RELAXED);
}
