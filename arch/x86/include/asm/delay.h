/* Busy-wait delays timed by the PIT's channel 2 (Linux's pit_calibrate
 * uses the same one-shot): correct on any PC, without calibration, with
 * interrupts on or off. */
#ifndef ASM_DELAY_H
#define ASM_DELAY_H

void udelay(unsigned long usecs);
void mdelay(unsigned long msecs);

#endif
