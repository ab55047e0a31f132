/* The local APIC (contract: asm/apic.h). One mapping shared by every CPU:
 * each CPU's accesses reach its own APIC at the same physical address. */
#include <asm/apic.h>
#include <kernel/errno.h>
#include <mm/vmalloc.h>

#define APIC_MMIO_SIZE        4096
/* Polls of the ICR's delivery status before a send counts as failed.
 * Linux's safe_apic_wait_icr_idle waits 1000 x 100 us; any CPU may send
 * here, so the wait is a pause loop (the PIT delay is the boot CPU's),
 * long enough for that on any CPU that has an APIC. */
#define ICR_IDLE_POLLS        100000000ul

static volatile u32 *lapic;

int lapic_map(u32 phys)
{
	if (lapic)
		return 0;
	lapic = (volatile u32 *)ioremap_nocache(phys, APIC_MMIO_SIZE);
	return lapic ? 0 : -ENOMEM;
}

u32 lapic_read(u32 reg)
{
	return lapic[reg / 4];
}

void lapic_write(u32 reg, u32 val)
{
	lapic[reg / 4] = val;
}

u8 lapic_id(void)
{
	return (u8)(lapic_read(APIC_ID) >> APIC_ID_SHIFT);
}

void lapic_enable(void)
{
	lapic_write(APIC_SPIV, APIC_SPIV_APIC_ENABLED | SPURIOUS_APIC_VECTOR);
}

int lapic_send_icr(u8 dest, u32 icr_low)
{
	lapic_write(APIC_ICR2, (u32)dest << APIC_DEST_SHIFT);
	lapic_write(APIC_ICR, icr_low);
	for (unsigned long i = 0; i < ICR_IDLE_POLLS; i++) {
		if (!(lapic_read(APIC_ICR) & APIC_ICR_BUSY))
			return 0;
		__asm__ volatile("pause" ::: "memory");
	}
	return -ETIMEDOUT;
}
