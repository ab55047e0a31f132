/* Kernel command-line parameters (contract: include/kernel/param.h).
 *
 * Parameters are the kernel_param entries the linker gathers in the
 * "mm386_params" section. A command line is a list of words separated by
 * blanks; a double quote toggles quoting (blanks inside quotes belong to the
 * word) and is itself removed, so name="a b" hands "a b" to the handler. */
#include <kernel/param.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/errno.h>

/* Bounds of the parameter table (GNU ld defines them for the section). */
extern const struct kernel_param __start_mm386_params[] __attribute__((weak));
extern const struct kernel_param __stop_mm386_params[] __attribute__((weak));

#define LOGLEVEL_MAX 15		/* Linux accepts 0..15; 8 and up show debug */
#define WORD_PREVIEW 32		/* characters of an overlong word shown */

static char command_line[COMMAND_LINE_SIZE];
/* One word at a time, quotes removed; parse_param_string is not reentrant
 * (boot and the shell only), and this keeps 1 KiB off the stack. */
static char word_buf[COMMAND_LINE_SIZE];

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

static const struct kernel_param *find_param(const char *name, bool early,
					     bool any_pass)
{
	const struct kernel_param *p;

	for (p = __start_mm386_params; p < __stop_mm386_params; p++) {
		if ((any_pass || p->early == early) && strcmp(p->name, name) == 0)
			return p;
	}
	return NULL;
}

/* Length of the word starting at s (s[0] is not blank), honouring quotes,
 * bounded by n bytes or a NUL. */
static size_t word_len(const char *s, size_t n)
{
	bool quoted = false;
	size_t i;

	for (i = 0; i < n && s[i]; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && is_blank(s[i]))
			break;
	}
	return i;
}

static bool has_equals(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '=')
			return true;
	}
	return false;
}

static bool word_is_param_name(const char *s, size_t len)
{
	const struct kernel_param *p;

	for (p = __start_mm386_params; p < __stop_mm386_params; p++) {
		if (strlen(p->name) == len && strncmp(p->name, s, len) == 0)
			return true;
	}
	return false;
}

/* Keeps at most COMMAND_LINE_SIZE - 1 bytes of raw[0, rawlen) (or up to its
 * NUL). The first word is taken as the boot image's file name (QEMU -kernel
 * and some loaders put it there) and dropped when it has no '=' and names no
 * parameter. An overlong line is cut at a word boundary, with a warning. */
void cmdline_init(const char *raw, size_t rawlen)
{
	size_t len, start = 0, first, cut;

	if (!raw)
		raw = "";
	len = strnlen(raw, rawlen);

	while (start < len && is_blank(raw[start]))
		start++;
	first = word_len(raw + start, len - start);
	if (first && !has_equals(raw + start, first) &&
	    !word_is_param_name(raw + start, first)) {
		pr_info("Boot image name \"%.*s\" dropped from the command line\n",
			(int)first, raw + start);
		start += first;
		while (start < len && is_blank(raw[start]))
			start++;
	}

	len -= start;
	cut = len;
	if (len > COMMAND_LINE_SIZE - 1) {
		cut = COMMAND_LINE_SIZE - 1;
		if (!is_blank(raw[start + cut])) {
			while (cut && !is_blank(raw[start + cut - 1]))
				cut--;
			if (!cut)
				cut = COMMAND_LINE_SIZE - 1;
		}
		while (cut && is_blank(raw[start + cut - 1]))
			cut--;
		pr_warn("Command line is %zu bytes, truncated to %zu bytes\n",
			len, cut);
	}
	memcpy(command_line, raw + start, cut);
	command_line[cut] = '\0';
	pr_info("Command line: %s\n", command_line);
}

const char *cmdline_get(void)
{
	return command_line;
}

/* Handle one word (quotes already removed). Returns 1 when a problem was
 * reported, else 0. */
static int handle_word(char *word, bool early)
{
	char *val = strchr(word, '=');
	const struct kernel_param *p;
	int ret;

	if (val)
		*val++ = '\0';
	p = find_param(word, early, false);
	if (!p) {
		if (early || find_param(word, early, true))
			return 0;
		pr_warn("Unknown kernel command line parameter \"%s\", ignored\n",
			word);
		return 1;
	}
	ret = p->set(val);
	if (ret >= 0)
		return 0;
	if (val)
		pr_warn("malformed parameter %s=%s, ignored (error %d)\n",
			word, val, ret);
	else
		pr_warn("malformed parameter %s, ignored (error %d)\n", word, ret);
	return 1;
}

int parse_param_string(const char *cmdline, bool early)
{
	const char *s = cmdline;
	int problems = 0;

	if (!s)
		return 0;
	for (;;) {
		size_t len, i, n = 0;

		while (is_blank(*s))
			s++;
		if (!*s)
			break;
		len = word_len(s, (size_t)-1);
		if (len > sizeof(word_buf) - 1) {
			if (!early) {
				pr_warn("Overlong command line word \"%.*s...\", ignored\n",
					WORD_PREVIEW, s);
				problems++;
			}
			s += len;
			continue;
		}
		for (i = 0; i < len; i++) {
			if (s[i] != '"')
				word_buf[n++] = s[i];
		}
		word_buf[n] = '\0';
		s += len;
		problems += handle_word(word_buf, early);
	}
	return problems;
}

void parse_params(bool early)
{
	parse_param_string(command_line, early);
}

/* loglevel=N: messages with a level below N reach the console. */
static int parse_loglevel(const char *val)
{
	unsigned level = 0;

	if (!val || !*val)
		return -EINVAL;
	for (; *val; val++) {
		if (*val < '0' || *val > '9')
			return -EINVAL;
		level = level * 10 + (unsigned)(*val - '0');
		if (level > LOGLEVEL_MAX)
			return -ERANGE;
	}
	console_loglevel = (int)level;
	return 0;
}
early_param("loglevel", parse_loglevel);
