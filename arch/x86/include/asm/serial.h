/* 16550 UART on COM1. */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <kernel/types.h>

void serial_init(void);
/* Is there an 8250-compatible UART at this I/O port? Touches IER and MCR
 * (restored), never the receive buffer. */
bool serial_probe(u16 port);
/* After the interrupt controller: print what was found, take input by IRQ 4. */
void serial_irq_init(void);
bool serial_present(void);
void serial_putc(char c);
/* A received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
