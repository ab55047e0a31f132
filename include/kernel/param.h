/* Kernel command-line parameters.
 *
 * Each subsystem declares its parameters next to its code:
 *
 *     static int parse_mem(const char *val) { ... }
 *     early_param("mem", parse_mem);      // run before the memory map is built
 *     kernel_param("loglevel", parse_loglevel);
 *
 * The handler gets the text after '=' (quotes removed), or NULL when the word
 * had no '='. It returns 0, or a negative errno for a malformed value; the
 * parser then reports "malformed parameter NAME=VALUE, ignored" and the
 * handler must have changed nothing. An unknown name is reported by name.
 * Parameter names may contain '.', e.g. "ktest.exit". */
#ifndef KERNEL_PARAM_H
#define KERNEL_PARAM_H

#include <kernel/types.h>
#include <kernel/compiler.h>

#define COMMAND_LINE_SIZE 1024   /* longer command lines are truncated */

struct kernel_param {
	const char *name;
	int (*set)(const char *val);
	bool early;
};

#define __define_param(pname, fn, is_early)                                 \
	static const struct kernel_param __param_##fn                        \
	__section("mm386_params") __used __aligned(sizeof(void *)) =         \
		{ .name = pname, .set = fn, .early = is_early }

#define early_param(name, fn)  __define_param(name, fn, true)
#define kernel_param(name, fn) __define_param(name, fn, false)

/* Store the raw boot command line. from_qemu_kernel: the loader put the
 * kernel image's file name first (QEMU -kernel); that word is dropped.
 * Overlong input is truncated to COMMAND_LINE_SIZE - 1 with a message. */
void cmdline_init(const char *raw, size_t rawlen);
/* The command line as kept (after truncation and dropping a file name). */
const char *cmdline_get(void);
/* Run the early (true) or the late (false) handlers for every word of the
 * command line. Unknown words are reported once, in the late pass. */
void parse_params(bool early);

/* Same, on an arbitrary string; returns the number of problems reported.
 * Used by parse_params() and by the tests. */
int parse_param_string(const char *cmdline, bool early);

#endif
