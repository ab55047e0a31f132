/* The local APIC (xAPIC, memory-mapped), after Linux's
 * arch/x86/include/asm/apicdef.h and arch/x86/kernel/apic/apic.c. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <kernel/types.h>

#define APIC_ID          0x20
#define APIC_LVR         0x30
#define APIC_TASKPRI     0x80
#define APIC_EOI         0xb0
#define APIC_SPIV        0xf0
#define APIC_ESR         0x280
#define APIC_ICR         0x300
#define APIC_ICR2        0x310
#define APIC_LVT0        0x350
#define APIC_LVT1        0x360

#define APIC_SPIV_APIC_ENABLED 0x100
#define APIC_ICR_BUSY    0x01000
#define APIC_INT_LEVELTRIG 0x08000
#define APIC_INT_ASSERT  0x04000
#define APIC_DM_FIXED    0x00000
#define APIC_DM_INIT     0x00500
#define APIC_DM_STARTUP  0x00600
#define APIC_DEST_SHIFT  24
#define APIC_ID_SHIFT    24

/* Vectors above the PIC's, as Linux keeps its IPIs at the top. */
#define SPURIOUS_APIC_VECTOR 0xff

/* Map the local APIC at phys (ioremap, uncached). 0 or -ENOMEM. */
int lapic_map(u32 phys);
u32 lapic_read(u32 reg);
void lapic_write(u32 reg, u32 val);
/* This CPU's APIC ID (the local APIC must be mapped). */
u8 lapic_id(void);
/* Software-enable this CPU's local APIC with the spurious vector. */
void lapic_enable(void);
/* Send an interrupt command to the CPU with APIC ID dest and wait for the
 * APIC to accept it. Returns 0, or -ETIMEDOUT when it stays busy. */
int lapic_send_icr(u8 dest, u32 icr_low);

#endif
