/* printk: format, filter by level, write to the consoles
 * (contract: include/kernel/printk.h).
 *
 * Output is plain (no timestamps) so boot logs are deterministic. A message
 * is printed when its level is below console_loglevel, as in Linux. KERN_CONT
 * messages take the level of the line they continue; a new message that
 * arrives while a printed line is still open starts on a fresh line.
 *
 * One message at a time: printk_lock keeps lines from several CPUs whole.
 * A printk on a CPU that already holds it (a fault while printing) goes on
 * without it rather than deadlock: the report matters more than the line. */
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/vsprintf.h>
#include <kernel/arch.h>

#define PRINTK_BUF_SIZE 1024
#define LEVEL_CONT      (-1)	/* marker: the message continues a line */

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static char printk_buf[PRINTK_BUF_SIZE];
static int last_level = LOGLEVEL_DEFAULT;	/* level of the open line */
static bool line_open;		/* last printed text did not end in '\n' */
static bool last_printed;	/* the open line reached the console */
static DEFINE_SPINLOCK(printk_lock);

/* Strip KERN_SOH level prefixes from *text; returns the level, LEVEL_CONT,
 * or LOGLEVEL_DEFAULT when there is none. */
static int take_level(const char **text)
{
	int level = LOGLEVEL_DEFAULT;
	bool cont = false;
	const char *p = *text;

	while (p[0] == KERN_SOH[0] && p[1]) {
		if (p[1] >= '0' && p[1] <= '7') {
			level = p[1] - '0';
			cont = false;
		} else if (p[1] == 'c') {
			cont = true;
		} else {
			break;
		}
		p += 2;
	}
	*text = p;
	return cont ? LEVEL_CONT : level;
}

int vprintk(const char *fmt, va_list args)
{
	unsigned long flags = arch_irq_save();
	bool locked = spin_lock_unless_mine(&printk_lock);
	const char *text = printk_buf;
	size_t len;
	int level;
	bool show;

	if (vsnprintf(printk_buf, sizeof(printk_buf), fmt, args) >=
	    (int)sizeof(printk_buf))
		printk_buf[sizeof(printk_buf) - 2] = '\n';	/* cut: end the line */
	level = take_level(&text);
	for (len = 0; text[len]; len++)
		;

	if (level == LEVEL_CONT && line_open) {
		show = last_printed;
	} else {
		if (level == LEVEL_CONT)
			level = last_level;
		if (line_open && last_printed)
			arch_console_write("\n", 1);
		line_open = false;
		last_level = level;
		show = level < console_loglevel;
	}

	if (show && len)
		arch_console_write(text, len);
	if (len) {
		line_open = text[len - 1] != '\n';
		last_printed = show;
	}
	if (locked)
		spin_unlock(&printk_lock);
	arch_irq_restore(flags);
	return (int)len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
