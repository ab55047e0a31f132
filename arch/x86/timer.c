/* The 8259A interrupt controllers, remapped above the exceptions, and the
 * 8253/8254 PIT as a fixed-rate tick on IRQ0. */
#include <asm/traps.h>
#include <asm/io.h>
#include <kernel/arch.h>
#include <kernel/timer.h>

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xa0
#define PIC2_DATA  0xa1
#define ICW1_INIT_ICW4 0x11
#define ICW4_8086  0x01
#define PIC_CASCADE_IRQ 2
#define PIT_CH0    0x40
#define PIT_CMD    0x43
#define PIT_MODE_RATE_LOHI 0x34   /* channel 0, lobyte/hibyte, mode 2 */
#define PIT_INPUT_HZ 1193182

volatile unsigned long jiffies;
static timer_tick_fn tick_fns[TIMER_MAX_TICK_FNS];

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC2_CMD, ICW1_INIT_ICW4); io_delay();
	outb(PIC1_DATA, IRQ_BASE_VECTOR); io_delay();
	outb(PIC2_DATA, IRQ_BASE_VECTOR + 8); io_delay();
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ); io_delay();
	outb(PIC2_DATA, PIC_CASCADE_IRQ); io_delay();
	outb(PIC1_DATA, ICW4_8086); io_delay();
	outb(PIC2_DATA, ICW4_8086); io_delay();
	/* Only the timer is unmasked: serial and keyboard are polled. */
	outb(PIC1_DATA, (u8)~(1 << IRQ_TIMER));
	outb(PIC2_DATA, 0xff);
}

/* Let one interrupt line through (drivers call it once their handler is
 * set); a slave line also opens the cascade. */
void pic_unmask(unsigned irq)
{
	unsigned long flags = arch_irq_save();

	if (irq < 8) {
		outb(PIC1_DATA, inb(PIC1_DATA) & (u8)~(1u << irq));
	} else if (irq < NR_IRQS) {
		outb(PIC2_DATA, inb(PIC2_DATA) & (u8)~(1u << (irq - 8)));
		outb(PIC1_DATA, inb(PIC1_DATA) & (u8)~(1u << PIC_CASCADE_IRQ));
	}
	arch_irq_restore(flags);
}

static void timer_interrupt(struct pt_regs *regs)
{
	(void)regs;
	jiffies++;
	for (unsigned i = 0; i < TIMER_MAX_TICK_FNS; i++)
		if (tick_fns[i])
			tick_fns[i]();
}

int timer_add_tick_fn(timer_tick_fn fn)
{
	for (unsigned i = 0; i < TIMER_MAX_TICK_FNS; i++) {
		if (!tick_fns[i]) {
			tick_fns[i] = fn;
			return 0;
		}
	}
	return -1;
}

void timer_remove_tick_fn(timer_tick_fn fn)
{
	for (unsigned i = 0; i < TIMER_MAX_TICK_FNS; i++)
		if (tick_fns[i] == fn)
			tick_fns[i] = NULL;
}

void pit_init(unsigned hz)
{
	unsigned divisor = PIT_INPUT_HZ / hz;

	outb(PIT_CMD, PIT_MODE_RATE_LOHI);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	irq_set_handler(IRQ_TIMER, timer_interrupt);
}
