/* The interactive shell on the consoles (serial and PS/2 + VGA).
 *
 * shell_run() reads bytes from arch_console_getc(), edits a line (prompt
 * "mm> ", backspace/DEL, Ctrl-U, Ctrl-C, a short history on the up/down
 * arrows) and hands each finished line to shell_execute(). The command
 * formats are documented at the top of kernel/shell_cmds.c; scripts rely on
 * them.
 *
 * The line editor, the argument splitter, the number parser and the object
 * ID table are exposed below so tests/kernel/shell_test.c can check them
 * without a console. */
#ifndef KERNEL_SHELL_H
#define KERNEL_SHELL_H

#include <kernel/types.h>
#include <kernel/compiler.h>

struct page;

#define SHELL_PROMPT     "mm> "
#define SHELL_LINE_MAX   127     /* characters in a line, NUL excluded */
#define SHELL_HISTORY    8       /* lines remembered for the arrows */
#define SHELL_MAX_ARGS   8       /* words in a command line */
#define SHELL_MAX_OBJS   256     /* live alloc/kmalloc objects */

/* Enter the shell: prompt, read, execute, forever. Waits with arch_idle()
 * when no input is pending (interrupts must be enabled for that; with them
 * off it polls). Only `poweroff` leaves, through arch_exit(). */
__noreturn void shell_run(void);

/* Execute one command line (no prompt, no echo). Output goes to the shell
 * output (the consoles unless redirected); reports the command calls print
 * through printk, with console_loglevel raised to at least
 * CONSOLE_LOGLEVEL_DEFAULT for the duration so they are always seen.
 * Returns 0, or -errno: -ENOENT unknown command, -EINVAL bad arguments,
 * -ENOMEM an allocation failed, -ENOSPC the ID table is full. An empty line
 * or a line starting with '#' does nothing and returns 0. */
int shell_execute(const char *line);

/* Where the shell's own text goes (the consoles when write is NULL).
 * For tests: capture what a command prints. */
void shell_set_output(void (*write)(const char *s, size_t n));
/* Print to the shell output (lines longer than SHELL_OUT_MAX are cut). */
#define SHELL_OUT_MAX 640
int shell_printf(const char *fmt, ...) __printf(1, 2);

/* A command. The generic ones are a table in kernel/shell_cmds.c; a driver
 * adds its own with SHELL_COMMAND() from its file (section
 * "mm386_shell_cmds"), listed by `help` after the table. */
struct shell_args;
struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int min_args, max_args;         /* words after the name; -1: any */
	int (*fn)(const struct shell_args *a);
	void (*report)(void);           /* instead of fn: print a report */
};

#define SHELL_COMMAND(ident, ...)                                            \
	static const struct shell_cmd __shell_cmd_##ident                    \
	__section("mm386_shell_cmds") __used __aligned(sizeof(void *)) =     \
		{ __VA_ARGS__ }
extern const struct shell_cmd __start_mm386_shell_cmds[], __stop_mm386_shell_cmds[];

/* ------------------------------------------------------------------------
 * Line editor: a byte-at-a-time state machine. No I/O besides echo.
 */
enum shell_edit_result {
	SHELL_EDIT_MORE,        /* keep feeding */
	SHELL_EDIT_LINE,        /* ed->line holds a finished line (maybe empty) */
	SHELL_EDIT_TOO_LONG,    /* line ended, had more than SHELL_LINE_MAX chars */
	SHELL_EDIT_BAD_BYTE,    /* line ended, contained ed->bad_byte */
	SHELL_EDIT_CANCEL,      /* Ctrl-C: line dropped */
};

enum shell_esc_state { SHELL_ESC_NONE, SHELL_ESC_START, SHELL_ESC_CSI };

struct shell_editor {
	char line[SHELL_LINE_MAX + 1];
	size_t len;
	size_t overflow;                /* characters typed past SHELL_LINE_MAX */
	int bad_byte;                   /* first unprintable byte, -1 if none */
	enum shell_esc_state esc;
	bool last_cr;                   /* a '\r' ended the last line */
	bool line_done;                 /* reset before the next byte */
	char history[SHELL_HISTORY][SHELL_LINE_MAX + 1];
	unsigned int hist_count;        /* entries stored */
	unsigned int hist_next;         /* slot the next entry goes to */
	int hist_pos;                   /* -1: editing; n: n-th newest entry */
	char saved[SHELL_LINE_MAX + 1]; /* the edited line while browsing */
	void (*echo)(const char *s, size_t n);  /* may be NULL: no echo */
};

/* Start with an empty line and an empty history. */
void shell_editor_init(struct shell_editor *ed, void (*echo)(const char *s, size_t n));
/* Feed one input byte. '\r', '\n' and "\r\n" end a line; 0x08 and 0x7f
 * delete; ESC [ A / ESC [ B (or ESC O A/B) browse the history; other
 * escape sequences are swallowed; tab reads as a space; Ctrl-U clears the
 * line; Ctrl-C cancels it. Any other byte below 0x20 or above 0x7e marks
 * the line bad (reported when it ends). Finished non-empty good lines enter
 * the history. ed->line stays valid until the next call. */
enum shell_edit_result shell_editor_feed(struct shell_editor *ed, int c);

/* ------------------------------------------------------------------------
 * Argument parsing.
 */
struct shell_args {
	int argc;
	char *argv[SHELL_MAX_ARGS];
	/* rest[i]: argument i and everything after it, as typed (trailing
	 * blanks removed); for expressions that may contain spaces. */
	const char *rest[SHELL_MAX_ARGS];
	char words[SHELL_LINE_MAX + 1];
	char orig[SHELL_LINE_MAX + 1];
};

/* Split line at blanks into args. Returns 0, -E2BIG when the line is longer
 * than SHELL_LINE_MAX or has more than SHELL_MAX_ARGS words. */
int shell_split_args(const char *line, struct shell_args *args);

/* Parse a whole word as an unsigned number: decimal, or hex after "0x"
 * (no octal: "010" is ten). Returns 0, -EINVAL when s is not a number,
 * -ERANGE when it exceeds max. */
int shell_parse_num(const char *s, unsigned long long max, unsigned long long *out);

/* ------------------------------------------------------------------------
 * Object IDs: the handles alloc and kmalloc give out. IDs count from 1 in
 * order of successful allocations and are never reused within a table's
 * life, so a stale ID is recognised as freed.
 */
enum shell_obj_kind {
	SHELL_OBJ_FREE, SHELL_OBJ_PAGES, SHELL_OBJ_KMALLOC, SHELL_OBJ_VMALLOC, SHELL_OBJ_IOREMAP,
};

struct shell_obj {
	unsigned int id;
	enum shell_obj_kind kind;
	struct page *page;              /* SHELL_OBJ_PAGES */
	unsigned int order;
	void *kmap_addr;                /* kmap() address, NULL when unmapped */
	void *ptr;                      /* SHELL_OBJ_KMALLOC, _VMALLOC, _IOREMAP */
	size_t size;
};

struct shell_objs {
	unsigned int last_id;           /* IDs handed out so far */
	struct shell_obj slot[SHELL_MAX_OBJS];
};

/* A free slot to fill, or NULL when all SHELL_MAX_OBJS are live. The slot
 * stays free until shell_obj_commit(). */
struct shell_obj *shell_obj_reserve(struct shell_objs *t);
/* Give a filled slot the next ID and kind; returns the ID. */
unsigned int shell_obj_commit(struct shell_objs *t, struct shell_obj *o,
			      enum shell_obj_kind kind);
/* The live object with this ID, or NULL. */
struct shell_obj *shell_obj_find(struct shell_objs *t, unsigned int id);
/* Forget a live object (its memory must already be released). */
void shell_obj_release(struct shell_obj *o);

/* The shell's one table: alloc, kmalloc, vmalloc and ioremap share its IDs
 * (kernel/shell_cmds.c). */
extern struct shell_objs shell_objs;
/* The live object of kind want named by word, or an error line
 * ("error: bad number", "no object with id", "already freed", "id N is a
 * kmalloc object (use kfree)", ...) and -EINVAL. */
int shell_arg_id(const char *word, struct shell_obj **out, enum shell_obj_kind want);
/* Parse a GFP expression, or print "error: unknown GFP name 'X'" / "error:
 * bad GFP expression at 'X'" and return -EINVAL. */
int shell_arg_gfp(const char *expr, u32 *gfp);
/* A slot of shell_objs, or NULL after "error: object table full". */
struct shell_obj *shell_reserve_slot(void);

#endif
