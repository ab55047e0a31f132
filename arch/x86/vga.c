/* VGA text-mode mirror of the console, and a polled PS/2 keyboard, so a PC
 * without a serial cable shows the log and can drive the shell. */
#include <asm/vga.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_TEXT_PHYS 0xb8000
#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700           /* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA  0x3d5
#define CRTC_CURSOR_HIGH 0x0e
#define CRTC_CURSOR_LOW  0x0f
#define KBD_DATA   0x60
#define KBD_STATUS 0x64
#define KBD_STATUS_OUTPUT_FULL 0x01
#define KBD_STATUS_AUX 0x20       /* byte came from the mouse */
#define SC_RELEASE 0x80
#define SC_EXTENDED 0xe0          /* prefix of the arrow keys */
#define SC_EXT_UP   0x48
#define SC_EXT_DOWN 0x50
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36

static volatile u16 *const vga = (volatile u16 *)(PAGE_OFFSET + VGA_TEXT_PHYS);
static unsigned row, col;

static void vga_cursor(void)
{
	unsigned pos = row * VGA_COLS + col;

	outb(CRTC_INDEX, CRTC_CURSOR_HIGH);
	outb(CRTC_DATA, pos >> 8);
	outb(CRTC_INDEX, CRTC_CURSOR_LOW);
	outb(CRTC_DATA, pos & 0xff);
}

void vga_init(void)
{
	for (unsigned i = 0; i < VGA_COLS * VGA_ROWS; i++)
		vga[i] = VGA_ATTR | ' ';
	row = col = 0;
	vga_cursor();
}

static void vga_scroll(void)
{
	for (unsigned i = 0; i < VGA_COLS * (VGA_ROWS - 1); i++)
		vga[i] = vga[i + VGA_COLS];
	for (unsigned i = 0; i < VGA_COLS; i++)
		vga[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
	row = VGA_ROWS - 1;
}

void vga_putc(char c)
{
	switch (c) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col)
			col--;
		vga[row * VGA_COLS + col] = VGA_ATTR | ' ';
		break;
	default:
		vga[row * VGA_COLS + col] = VGA_ATTR | (u8)c;
		if (++col == VGA_COLS) {
			col = 0;
			row++;
		}
	}
	if (row == VGA_ROWS)
		vga_scroll();
	if (c == '\n')
		vga_cursor();
}

/* Scan code set 1, unshifted and shifted, for the keys a shell needs. */
static const char keymap[2][0x3a] = {
	"\0\0331234567890-=\b\tqwertyuiop[]\n\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ",
	"\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\n\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ",
};
static bool shift, extended;
/* Bytes of an escape sequence still to hand out (arrow keys become the
 * VT100 sequences ESC [ A / ESC [ B, as on the serial line). */
static char pending[3];
static unsigned pending_len, pending_pos;

static int kbd_escape(char final)
{
	pending[0] = '[';
	pending[1] = final;
	pending_len = 2;
	pending_pos = 0;
	return '\033';
}

int kbd_getc(void)
{
	if (pending_pos < pending_len)
		return pending[pending_pos++];

	u8 st = inb(KBD_STATUS);

	if (!(st & KBD_STATUS_OUTPUT_FULL) || (st & KBD_STATUS_AUX))
		return -1;
	u8 sc = inb(KBD_DATA);
	if (sc == SC_EXTENDED) {
		extended = true;
		return -1;
	}
	if (extended) {
		extended = false;
		if (sc == SC_EXT_UP)
			return kbd_escape('A');
		if (sc == SC_EXT_DOWN)
			return kbd_escape('B');
		return -1;
	}
	if (sc == SC_LSHIFT || sc == SC_RSHIFT || sc == (SC_LSHIFT | SC_RELEASE) ||
	    sc == (SC_RSHIFT | SC_RELEASE)) {
		shift = !(sc & SC_RELEASE);
		return -1;
	}
	if ((sc & SC_RELEASE) || sc >= sizeof(keymap[0]) || !keymap[shift][sc])
		return -1;
	return keymap[shift][sc];
}
