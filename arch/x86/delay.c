/* udelay()/mdelay() on the 8254's channel 2 (contract: asm/delay.h): gate
 * it through port 0x61 with the speaker off, count down in mode 0, poll
 * OUT2. Channel 0 (the tick) is left alone. The boot CPU alone uses it
 * (bringing the others up), so no lock. */
#include <asm/delay.h>
#include <asm/io.h>

#define PIT_CH2          0x42
#define PIT_CMD          0x43
#define PIT_CH2_ONESHOT  0xb0   /* channel 2, lobyte/hibyte, mode 0, binary */
#define PIT_INPUT_HZ     1193182u
#define PIT_MAX_COUNT    0xffffu
#define PORT_B           0x61
#define PORT_B_GATE2     0x01
#define PORT_B_SPEAKER   0x02
#define PORT_B_OUT2      0x20
/* Polls of OUT2 before giving up (a machine whose channel 2 never fires):
 * at least a microsecond each on ISA timing, so seconds past any count. */
#define PIT_POLL_LIMIT   10000000ul
#define USEC_PER_SEC     1000000ul

static void pit_wait_ticks(unsigned int ticks)
{
	u8 b = inb(PORT_B);

	outb(PORT_B, (u8)((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));
	outb(PIT_CMD, PIT_CH2_ONESHOT);
	outb(PIT_CH2, ticks & 0xff);
	outb(PIT_CH2, (ticks >> 8) & 0xff);
	for (unsigned long n = 0; n < PIT_POLL_LIMIT; n++)
		if (inb(PORT_B) & PORT_B_OUT2)
			break;
	outb(PORT_B, b);
}

void udelay(unsigned long usecs)
{
	while (usecs) {
		unsigned long chunk = usecs > 50000 ? 50000 : usecs;
		unsigned long ticks = (chunk * PIT_INPUT_HZ + USEC_PER_SEC - 1) / USEC_PER_SEC;

		pit_wait_ticks(ticks > PIT_MAX_COUNT ? PIT_MAX_COUNT : (unsigned int)(ticks ? ticks : 1));
		usecs -= chunk;
	}
}

void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}
