/* 16550 UART driver for COM1 at 115200 8N1, polled.
 *
 * Every byte waits for the transmitter holding register to be empty: real
 * UARTs and several emulators drop bytes written while it is full. */
#include <asm/serial.h>
#include <asm/io.h>

#define COM1          0x3f8
#define UART_DATA     0       /* DLAB=0: receive/transmit buffer */
#define UART_IER      1       /* DLAB=0: interrupt enable */
#define UART_DLL      0       /* DLAB=1: divisor latch low */
#define UART_DLM      1       /* DLAB=1: divisor latch high */
#define UART_FCR      2
#define UART_LCR      3
#define UART_MCR      4
#define UART_LSR      5
#define UART_SCR      7
#define UART_LCR_8N1  0x03
#define UART_LCR_DLAB 0x80
#define UART_FCR_ENABLE_CLEAR 0x07
#define UART_MCR_DTR_RTS_OUT2 0x0b
#define UART_LSR_DR   0x01    /* data ready */
#define UART_LSR_THRE 0x20    /* transmitter holding register empty */
#define UART_BASE_BAUD 115200
#define UART_BAUD     115200
#define THRE_SPIN_LIMIT 100000  /* give up on a dead UART rather than hang */

static bool present;

void serial_init(void)
{
	unsigned divisor = UART_BASE_BAUD / UART_BAUD;

	/* The scratch register tells whether a UART answers at all. */
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, divisor & 0xff);
	outb(COM1 + UART_DLM, divisor >> 8);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, UART_FCR_ENABLE_CLEAR);
	outb(COM1 + UART_MCR, UART_MCR_DTR_RTS_OUT2);
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

int serial_getc(void)
{
	if (!present || !(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_DATA);
}
