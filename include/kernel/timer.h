/* The periodic tick (HZ per second) and work hung off it. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#define HZ 100
#define TIMER_MAX_TICK_FNS 8

extern volatile unsigned long jiffies;

/* fn runs in hardirq context on every tick. Returns 0, or -1 when full. */
typedef void (*timer_tick_fn)(void);
int timer_add_tick_fn(timer_tick_fn fn);
void timer_remove_tick_fn(timer_tick_fn fn);

#endif
