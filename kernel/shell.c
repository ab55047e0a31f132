/* The shell's console side: line editor, history, argument and number
 * parsing, the object ID table and the read-execute loop
 * (contract: include/kernel/shell.h; commands: kernel/shell_cmds.c). */
#include <kernel/shell.h>
#include <kernel/arch.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <kernel/vsprintf.h>

#define CHAR_CTRL_C  0x03
#define CHAR_BS      0x08
#define CHAR_TAB     0x09
#define CHAR_LF      0x0a
#define CHAR_CR      0x0d
#define CHAR_CTRL_U  0x15
#define CHAR_ESC     0x1b
#define CHAR_DEL     0x7f
#define CHAR_FIRST_PRINTABLE 0x20
#define CHAR_LAST_PRINTABLE  0x7e
/* ECMA-48 control sequences: ESC [ parameters/intermediates, one final. */
#define CSI_FINAL_FIRST 0x40
#define CSI_FINAL_LAST  0x7e
#define CSI_UP   'A'
#define CSI_DOWN 'B'

/* ------------------------------------------------------------------------
 * Output
 */

static void (*shell_write)(const char *s, size_t n);

void shell_set_output(void (*write)(const char *s, size_t n))
{
	shell_write = write;
}

static void shell_put(const char *s, size_t n)
{
	if (shell_write)
		shell_write(s, n);
	else
		arch_console_write(s, n);
}

int shell_printf(const char *fmt, ...)
{
	char buf[SHELL_OUT_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf)) {
		n = sizeof(buf) - 1;
		buf[n - 1] = '\n';      /* cut: still end the line */
	}
	if (n > 0)
		shell_put(buf, (size_t)n);
	return n;
}

/* ------------------------------------------------------------------------
 * Line editor
 */

static void ed_echo(struct shell_editor *ed, const char *s, size_t n)
{
	if (ed->echo && n)
		ed->echo(s, n);
}

/* Erase the visible line: back over each character. */
static void ed_erase(struct shell_editor *ed)
{
	while (ed->len) {
		ed_echo(ed, "\b \b", 3);
		ed->len--;
	}
	ed->line[0] = '\0';
}

static void ed_set_line(struct shell_editor *ed, const char *s)
{
	ed_erase(ed);
	ed->len = strnlen(s, SHELL_LINE_MAX);
	memcpy(ed->line, s, ed->len);
	ed->line[ed->len] = '\0';
	ed->overflow = 0;
	ed->bad_byte = -1;
	ed_echo(ed, ed->line, ed->len);
}

static void ed_clear(struct shell_editor *ed)
{
	ed->len = 0;
	ed->line[0] = '\0';
	ed->overflow = 0;
	ed->bad_byte = -1;
	ed->esc = SHELL_ESC_NONE;
	ed->hist_pos = -1;
}

void shell_editor_init(struct shell_editor *ed, void (*echo)(const char *s, size_t n))
{
	memset(ed, 0, sizeof(*ed));
	ed->echo = echo;
	ed_clear(ed);
}

/* The n-th newest history entry (n < hist_count). */
static const char *ed_history(const struct shell_editor *ed, unsigned int n)
{
	return ed->history[(ed->hist_next + SHELL_HISTORY - 1 - n) % SHELL_HISTORY];
}

static void ed_history_add(struct shell_editor *ed)
{
	if (!ed->len || (ed->hist_count && !strcmp(ed_history(ed, 0), ed->line)))
		return;
	memcpy(ed->history[ed->hist_next], ed->line, ed->len + 1);
	ed->hist_next = (ed->hist_next + 1) % SHELL_HISTORY;
	if (ed->hist_count < SHELL_HISTORY)
		ed->hist_count++;
}

static void ed_browse(struct shell_editor *ed, int dir)
{
	int pos = ed->hist_pos + dir;

	if (pos < -1 || pos >= (int)ed->hist_count)
		return;
	if (ed->hist_pos == -1)
		memcpy(ed->saved, ed->line, ed->len + 1);
	ed->hist_pos = pos;
	ed_set_line(ed, pos == -1 ? ed->saved : ed_history(ed, (unsigned int)pos));
}

static enum shell_edit_result ed_end_line(struct shell_editor *ed)
{
	ed_echo(ed, "\n", 1);
	ed->line_done = true;
	if (ed->overflow)
		return SHELL_EDIT_TOO_LONG;
	if (ed->bad_byte >= 0)
		return SHELL_EDIT_BAD_BYTE;
	ed_history_add(ed);
	return SHELL_EDIT_LINE;
}

/* Inside an escape sequence: true when c was consumed by it. */
static bool ed_escape(struct shell_editor *ed, int c)
{
	if (ed->esc == SHELL_ESC_START) {
		if (c == '[' || c == 'O') {
			ed->esc = SHELL_ESC_CSI;
			return true;
		}
		if (c == CHAR_ESC)
			return true;
		ed->esc = SHELL_ESC_NONE;   /* a lone ESC key: drop it */
		return false;
	}
	if (c < CHAR_FIRST_PRINTABLE || c > CHAR_LAST_PRINTABLE) {
		ed->esc = SHELL_ESC_NONE;   /* broken sequence */
		return false;
	}
	if (c >= CSI_FINAL_FIRST && c <= CSI_FINAL_LAST) {
		ed->esc = SHELL_ESC_NONE;
		if (c == CSI_UP)
			ed_browse(ed, 1);
		else if (c == CSI_DOWN)
			ed_browse(ed, -1);
	}
	return true;
}

enum shell_edit_result shell_editor_feed(struct shell_editor *ed, int c)
{
	bool after_cr = ed->last_cr;

	c &= 0xff;
	ed->last_cr = false;
	if (ed->line_done) {
		ed->line_done = false;
		ed_clear(ed);
		if (after_cr && c == CHAR_LF)
			return SHELL_EDIT_MORE;     /* "\r\n" ends one line */
	}
	if (ed->esc != SHELL_ESC_NONE && ed_escape(ed, c))
		return SHELL_EDIT_MORE;

	switch (c) {
	case CHAR_CR:
		ed->last_cr = true;
		return ed_end_line(ed);
	case CHAR_LF:
		return ed_end_line(ed);
	case CHAR_BS:
	case CHAR_DEL:
		if (ed->overflow) {
			ed->overflow--;
		} else if (ed->len) {
			ed->line[--ed->len] = '\0';
			ed_echo(ed, "\b \b", 3);
		}
		return SHELL_EDIT_MORE;
	case CHAR_ESC:
		ed->esc = SHELL_ESC_START;
		return SHELL_EDIT_MORE;
	case CHAR_CTRL_U:
		ed_erase(ed);
		ed_clear(ed);
		return SHELL_EDIT_MORE;
	case CHAR_CTRL_C:
		ed_echo(ed, "^C\n", 3);
		ed->line_done = true;
		return SHELL_EDIT_CANCEL;
	case CHAR_TAB:
		c = ' ';
		break;
	default:
		break;
	}
	if (c < CHAR_FIRST_PRINTABLE || c > CHAR_LAST_PRINTABLE) {
		if (ed->bad_byte < 0)
			ed->bad_byte = c;
		return SHELL_EDIT_MORE;
	}
	if (ed->len == SHELL_LINE_MAX || ed->overflow) {
		ed->overflow++;
		return SHELL_EDIT_MORE;
	}
	ed->line[ed->len++] = (char)c;
	ed->line[ed->len] = '\0';
	ed_echo(ed, ed->line + ed->len - 1, 1);
	return SHELL_EDIT_MORE;
}

/* ------------------------------------------------------------------------
 * Arguments and numbers
 */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int shell_split_args(const char *line, struct shell_args *args)
{
	size_t n = strnlen(line, SHELL_LINE_MAX + 1), i = 0;

	args->argc = 0;
	if (n > SHELL_LINE_MAX)
		return -E2BIG;
	memcpy(args->words, line, n + 1);
	memcpy(args->orig, line, n + 1);
	while (n && is_blank(args->orig[n - 1]))
		args->orig[--n] = '\0';
	for (;;) {
		while (is_blank(args->words[i]))
			args->words[i++] = '\0';
		if (!args->words[i])
			return 0;
		if (args->argc == SHELL_MAX_ARGS)
			return -E2BIG;
		args->argv[args->argc] = &args->words[i];
		args->rest[args->argc] = &args->orig[i];
		args->argc++;
		while (args->words[i] && !is_blank(args->words[i]))
			i++;
	}
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int shell_parse_num(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned int base = 10;
	unsigned long long v = 0;
	bool range = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		int d = digit_value(*s);

		if (d < 0 || (unsigned int)d >= base)
			return -EINVAL;
		if ((unsigned int)d > max || v > (max - (unsigned int)d) / base)
			range = true;   /* keep checking the syntax */
		else
			v = v * base + (unsigned int)d;
	}
	if (range)
		return -ERANGE;
	*out = v;
	return 0;
}

/* ------------------------------------------------------------------------
 * Object IDs
 */

struct shell_obj *shell_obj_reserve(struct shell_objs *t)
{
	size_t i;

	for (i = 0; i < SHELL_MAX_OBJS; i++) {
		if (t->slot[i].kind == SHELL_OBJ_FREE) {
			memset(&t->slot[i], 0, sizeof(t->slot[i]));
			return &t->slot[i];
		}
	}
	return NULL;
}

unsigned int shell_obj_commit(struct shell_objs *t, struct shell_obj *o,
			      enum shell_obj_kind kind)
{
	o->kind = kind;
	o->id = ++t->last_id;
	return o->id;
}

struct shell_obj *shell_obj_find(struct shell_objs *t, unsigned int id)
{
	size_t i;

	if (!id)
		return NULL;
	for (i = 0; i < SHELL_MAX_OBJS; i++)
		if (t->slot[i].kind != SHELL_OBJ_FREE && t->slot[i].id == id)
			return &t->slot[i];
	return NULL;
}

void shell_obj_release(struct shell_obj *o)
{
	memset(o, 0, sizeof(*o));
}

/* ------------------------------------------------------------------------
 * The loop
 */

static struct shell_editor shell_ed;

static void shell_prompt(void)
{
	shell_put(SHELL_PROMPT, sizeof(SHELL_PROMPT) - 1);
}

static void shell_handle(enum shell_edit_result r)
{
	switch (r) {
	case SHELL_EDIT_MORE:
		return;
	case SHELL_EDIT_LINE:
		shell_execute(shell_ed.line);
		break;
	case SHELL_EDIT_TOO_LONG:
		shell_printf("error: line too long (more than %d characters); ignored\n",
			     SHELL_LINE_MAX);
		break;
	case SHELL_EDIT_BAD_BYTE:
		shell_printf("error: unprintable byte 0x%02x in line; ignored\n",
			     (unsigned int)shell_ed.bad_byte);
		break;
	case SHELL_EDIT_CANCEL:
		break;
	}
	shell_prompt();
}

void shell_run(void)
{
	shell_editor_init(&shell_ed, shell_put);
	shell_printf("mm386 shell: type 'help' for the commands\n");
	shell_prompt();
	for (;;) {
		int c = arch_console_getc();

		if (c >= 0) {
			shell_handle(shell_editor_feed(&shell_ed, c));
			continue;
		}
		/* hlt with interrupts off would never wake: poll instead */
		if (!arch_irqs_disabled())
			arch_idle();
	}
}
