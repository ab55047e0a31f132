/* 16550 UART on COM1. */
#ifndef ASM_SERIAL_H
#define ASM_SERIAL_H

#include <kernel/types.h>

void serial_init(void);
bool serial_present(void);
void serial_putc(char c);
/* A received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
