/* The 8250/16450/16550A UART on COM1 (arch/x86/serial.c). */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <kernel/types.h>

/* Find the UART and set 115200 8N1; nothing already received is dropped. */
void serial_init(void);
/* After the interrupt controller: print what was found, take input by IRQ 4. */
void serial_irq_init(void);
bool serial_present(void);
void serial_putc(char c);
/* A received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
