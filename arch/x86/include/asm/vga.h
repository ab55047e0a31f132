/* VGA text-mode console (80x25 at physical 0xB8000) and the PS/2 keyboard. */
#ifndef ASM_VGA_H
#define ASM_VGA_H

void vga_init(void);
void vga_putc(char c);
/* A key from the PS/2 keyboard as ASCII, or -1 when none is waiting. */
int kbd_getc(void);

#endif
