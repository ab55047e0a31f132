/* 8250/16450/16550A UART on COM1 at 115200 8N1: polled output, input taken
 * by IRQ 4 into a ring once interrupts are up (polled before that).
 *
 * Detection does not use the scratch register (the original 8250 has none).
 * It follows the order of Linux's autoconfig() in
 * drivers/tty/serial/8250/8250_port.c: the interrupt enable register must
 * read back what was written to its low nibble; in loopback mode the modem
 * control outputs must come back on the modem status inputs (RTS -> CTS,
 * OUT2 -> DCD); and the line status register must not read 0xff, which is
 * what a floating ISA bus returns where no chip decodes the port.
 *
 * Nothing received is thrown away at start-up: unlike Linux's startup path
 * the receive FIFO is never reset and RBR is never read to "clear" it, so
 * bytes that arrived before the kernel (typed ahead, or a script piped into
 * QEMU's serial port) are read by the shell in order. A FIFO the boot loader
 * enabled (GRUB's serial command does) is kept. A FIFO found off stays off:
 * switching it on resets the receiver, and a byte arriving in that instant
 * would be lost with no way to tell.
 *
 * Input: the receive interrupt moves every waiting byte into rx_ring, so
 * input keeps arriving while the kernel is busy printing or testing (an
 * 8250 holds one byte, a 16550A sixteen). When the ring is full the
 * receive interrupt is switched off and the bytes wait in the UART (and
 * behind QEMU's flow control) until the shell has read some. A byte is
 * handed out from the ring first, then straight from the UART, so the order
 * stays the order of arrival.
 *
 * Every transmitted byte waits for the transmitter holding register to be
 * empty: real UARTs and several emulators drop bytes written while it is
 * full. */
#include <asm/serial.h>
#include <asm/io.h>
#include <asm/traps.h>
#include <kernel/arch.h>
#include <kernel/printk.h>

#define COM1          0x3f8
#define UART_DATA     0       /* DLAB=0: receive/transmit buffer */
#define UART_IER      1       /* DLAB=0: interrupt enable */
#define UART_DLL      0       /* DLAB=1: divisor latch low */
#define UART_DLM      1       /* DLAB=1: divisor latch high */
#define UART_IIR      2       /* read: interrupt identification */
#define UART_FCR      2       /* write: FIFO control */
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_MSR      6
#define UART_SCR      7       /* absent on the 8250 */
#define UART_IER_RDI  0x01    /* received data available */
#define UART_IER_ALL  0x0f    /* the four interrupt enables an 8250 has */
#define UART_IIR_FIFO_ON 0xc0 /* both bits set: a 16550A with its FIFO on */
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_XMIT 0x04  /* transmit FIFO only: input is kept */
#define UART_LCR_8N1  0x03
#define UART_LCR_DLAB 0x80
#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10
#define UART_MSR_CTS  0x10
#define UART_MSR_DCD  0x80
#define UART_MSR_STATUS 0xf0  /* the four line states; the low nibble is deltas */
#define UART_LSR_DR   0x01    /* data ready */
#define UART_LSR_THRE 0x20    /* transmitter holding register empty */
#define UART_LSR_FLOATING 0xff
#define UART_BASE_BAUD 115200
#define UART_BAUD     115200
#define THRE_SPIN_LIMIT 100000  /* give up on a dead UART rather than hang */
#define SCRATCH_PATTERN 0xa5
#define RX_RING_SIZE  4096    /* a power of two: head and tail run free */

static bool present, fifo_on;
static u8 rx_ring[RX_RING_SIZE];
static unsigned rx_head, rx_tail;     /* written by the interrupt / by getc */
static bool rx_throttled;

/* The IER read-back test: an 8250 keeps the low nibble, an empty port
 * reads 0xff (or whatever the bus holds). IER is restored. */
static bool uart_ier_answers(u16 port)
{
	u8 saved = inb(port + UART_IER);
	u8 zero, all;

	outb(port + UART_IER, 0);
	zero = inb(port + UART_IER) & UART_IER_ALL;
	outb(port + UART_IER, UART_IER_ALL);
	all = inb(port + UART_IER) & UART_IER_ALL;
	outb(port + UART_IER, saved);
	return zero == 0 && all == UART_IER_ALL;
}

/* The loopback test: with LOOP|RTS|OUT2 in MCR the status inputs must read
 * CTS|DCD and nothing else. Nothing is transmitted while looped, so no byte
 * is injected into the receiver. MCR is restored. */
static bool uart_loopback_answers(u16 port)
{
	u8 saved = inb(port + UART_MCR);
	u8 status;

	outb(port + UART_MCR, UART_MCR_LOOP | UART_MCR_RTS | UART_MCR_OUT2);
	status = inb(port + UART_MSR) & UART_MSR_STATUS;
	outb(port + UART_MCR, saved);
	return status == (UART_MSR_CTS | UART_MSR_DCD);
}

/* Is there an 8250-compatible UART at port? IER and MCR are restored; the
 * receive buffer is never touched. */
static bool serial_probe(u16 port)
{
	return uart_ier_answers(port) && uart_loopback_answers(port) &&
	       inb(port + UART_LSR) != UART_LSR_FLOATING;
}

void serial_init(void)
{
	unsigned divisor = UART_BASE_BAUD / UART_BAUD;

	if (!serial_probe(COM1))
		return;
	outb(COM1 + UART_IER, 0);
	/* Divisor and line format: neither touches the receive buffer. */
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, divisor & 0xff);
	outb(COM1 + UART_DLM, divisor >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	fifo_on = (inb(COM1 + UART_IIR) & UART_IIR_FIFO_ON) == UART_IIR_FIFO_ON;
	if (fifo_on)
		outb(COM1 + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_XMIT);
	outb(COM1 + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	present = true;
}

bool serial_present(void)
{
	return present;
}

void serial_putc(char c)
{
	if (!present)
		return;
	for (unsigned spin = 0; spin < THRE_SPIN_LIMIT; spin++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1 + UART_DATA, (u8)c);
}

/* What Linux's autoconfig would call the chip, as far as it can be told
 * without switching the FIFO on: only a 16550A shows its FIFO in IIR, and
 * only the 8250 lacks the scratch register. */
static const char *uart_type(void)
{
	u8 saved;
	bool scratch;

	if (fifo_on)
		return "16550A";
	saved = inb(COM1 + UART_SCR);
	outb(COM1 + UART_SCR, SCRATCH_PATTERN);
	scratch = inb(COM1 + UART_SCR) == SCRATCH_PATTERN;
	outb(COM1 + UART_SCR, saved);
	return scratch ? "16450 (or a 16550A with its FIFO off)" : "8250";
}

/* Move waiting bytes into the ring; with the ring full, stop the receive
 * interrupt (getc turns it back on). Interrupts off. */
static void rx_pull(void)
{
	while (inb(COM1 + UART_LSR) & UART_LSR_DR) {
		if (rx_head - rx_tail == RX_RING_SIZE) {
			rx_throttled = true;
			outb(COM1 + UART_IER, 0);
			return;
		}
		rx_ring[rx_head++ % RX_RING_SIZE] = inb(COM1 + UART_DATA);
	}
}

static void serial_interrupt(struct pt_regs *regs)
{
	(void)regs;
	rx_pull();
}

void serial_irq_init(void)
{
	if (!present) {
		pr_info("Serial: no UART at I/O %#x; console on the screen and PS/2 keyboard\n",
			COM1);
		return;
	}
	pr_info("Serial: ttyS0 at I/O %#x (irq = %u, base_baud = %u) is a %s\n",
		COM1, IRQ_COM1, UART_BASE_BAUD, uart_type());
	irq_set_handler(IRQ_COM1, serial_interrupt);
	outb(COM1 + UART_IER, UART_IER_RDI);
	pic_unmask(IRQ_COM1);
}

int serial_getc(void)
{
	unsigned long flags;
	int c = -1;

	if (!present)
		return -1;
	flags = arch_irq_save();
	if (rx_head != rx_tail) {
		c = rx_ring[rx_tail++ % RX_RING_SIZE];
		if (rx_throttled) {
			rx_throttled = false;
			outb(COM1 + UART_IER, UART_IER_RDI);
		}
	} else if (inb(COM1 + UART_LSR) & UART_LSR_DR) {
		c = inb(COM1 + UART_DATA);
	}
	arch_irq_restore(flags);
	return c;
}
