/* ktest: runs the registered suites and prints KTAP version 1
 * (contracts: include/kernel/ktest.h, include/kernel/ktest_run.h).
 *
 * KTAP lines go straight to the consoles, not through printk, so the
 * results are complete whatever console_loglevel is. */
#include <kernel/ktest.h>
#include <kernel/ktest_run.h>
#include <kernel/ktest_hooks.h>
#include <kernel/vsprintf.h>
#include <kernel/string.h>
#include <kernel/arch.h>

/* Section bounds; weak so that an empty section links. */
extern const struct ktest_suite __start_mm386_ktests[] __attribute__((weak));
extern const struct ktest_suite __stop_mm386_ktests[] __attribute__((weak));
extern const struct ktest_state_hook __start_mm386_ktest_hooks[] __attribute__((weak));
extern const struct ktest_state_hook __stop_mm386_ktest_hooks[] __attribute__((weak));
extern const struct ktest_suite_hook __start_mm386_ktest_suite_hooks[] __attribute__((weak));
extern const struct ktest_suite_hook __stop_mm386_ktest_suite_hooks[] __attribute__((weak));

#define KT_LINE_SIZE 512
#define KT_INDENT    "    "	/* one KTAP nesting level */
#define KT_MAX_HOOKS 32		/* hooks sampled per suite */

static char kt_line[KT_LINE_SIZE];
static struct ktest_totals last_totals;
/* Suite hooks run for ktest_run() only: a table run nested in a case must
 * not start a second load around its own suites. */
static const struct ktest_suite_hook *suite_hooks, *suite_hooks_end;

static __printf(1, 2) void kt_printf(const char *fmt, ...)
{
	unsigned long flags = arch_irq_save();
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(kt_line, sizeof(kt_line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(kt_line)) {
		/* Keep the line a line when the message was cut. */
		n = sizeof(kt_line) - 1;
		kt_line[n - 1] = '\n';
	}
	arch_console_write(kt_line, (size_t)n);
	arch_irq_restore(flags);
}

bool ktest_glob_match(const char *pattern, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*pattern == '*') {
			star = ++pattern;
			resume = s;
		} else if (*pattern == '?' || *pattern == *s) {
			pattern++;
			s++;
		} else if (star) {
			pattern = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

bool ktest_globs_select(const char *globs, const char *name)
{
	char pat[KT_LINE_SIZE];

	if (!globs || !*globs || strcmp(globs, "all") == 0)
		return true;
	while (*globs) {
		size_t n = 0;

		while (globs[n] && globs[n] != ',')
			n++;
		if (n < sizeof(pat)) {
			memcpy(pat, globs, n);
			pat[n] = '\0';
			if (strcmp(pat, "all") == 0 || ktest_glob_match(pat, name))
				return true;
		}
		globs += n;
		if (*globs == ',')
			globs++;
	}
	return false;
}

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[KT_LINE_SIZE];
	va_list ap;

	t->status = KTEST_FAIL;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kt_printf(KT_INDENT "# %s:%d: %s\n", file, line, msg);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	if (t->status != KTEST_FAIL)
		t->status = KTEST_SKIP;
	t->skip_reason = reason;
}

/* One KTAP diagnostic line ("# ..."), for ktest_info() and ktest_comment(). */
static void kt_vcomment(const char *fmt, va_list ap)
{
	char msg[KT_LINE_SIZE];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	kt_printf(KT_INDENT "# %s\n", msg);
}

void ktest_info(struct ktest *t, const char *fmt, ...)
{
	va_list ap;

	(void)t;
	va_start(ap, fmt);
	kt_vcomment(fmt, ap);
	va_end(ap);
}

void ktest_comment(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kt_vcomment(fmt, ap);
	va_end(ap);
}

static size_t count_cases(const struct ktest_suite *s)
{
	size_t n = 0;

	while (s->cases && s->cases[n].name)
		n++;
	return n;
}

static void run_case(const struct ktest_suite *s, const struct ktest_case *c,
		     unsigned index, struct ktest_totals *tot)
{
	struct ktest t = { .name = c->name, .status = KTEST_PASS };
	int ret = s->init ? s->init(&t) : 0;

	if (ret) {
		ktest_fail(&t, __FILE__, __LINE__, "suite init failed: %d", ret);
	} else {
		c->run(&t);
		if (s->exit)
			s->exit(&t);
	}

	tot->cases++;
	switch (t.status) {
	case KTEST_PASS:
		tot->passed++;
		kt_printf(KT_INDENT "ok %u %s\n", index, c->name);
		break;
	case KTEST_SKIP:
		tot->skipped++;
		if (t.skip_reason)
			kt_printf(KT_INDENT "ok %u %s # SKIP %s\n", index, c->name,
				  t.skip_reason);
		else
			kt_printf(KT_INDENT "ok %u %s # SKIP\n", index, c->name);
		break;
	default:
		tot->failed++;
		kt_printf(KT_INDENT "not ok %u %s\n", index, c->name);
		break;
	}
}

static void run_suite(const struct ktest_suite *s, unsigned index,
		      const struct ktest_state_hook *hooks, size_t nhooks,
		      struct ktest_totals *tot)
{
	unsigned long before[KT_MAX_HOOKS];
	const struct ktest_suite_hook *h;
	size_t ncases = count_cases(s), i;
	unsigned failed0 = tot->failed, skipped0 = tot->skipped;
	bool hook_changed = false;

	if (nhooks > KT_MAX_HOOKS)
		nhooks = KT_MAX_HOOKS;
	if (s->prepare)
		s->prepare();
	for (i = 0; i < nhooks; i++)
		before[i] = hooks[i].sample();

	kt_printf(KT_INDENT "KTAP version 1\n");
	kt_printf(KT_INDENT "# Subtest: %s\n", s->name);
	kt_printf(KT_INDENT "1..%zu\n", ncases);
	for (h = suite_hooks; h < suite_hooks_end; h++)
		h->start(s);
	for (i = 0; i < ncases; i++)
		run_case(s, &s->cases[i], (unsigned)i + 1, tot);
	for (h = suite_hooks; h < suite_hooks_end; h++)
		hook_changed |= h->stop(s) != 0;

	for (i = 0; i < nhooks; i++) {
		unsigned long after = hooks[i].sample();

		if (after != before[i]) {
			kt_printf(KT_INDENT "# state hook %s changed: before %lu, after %lu\n",
				  hooks[i].name, before[i], after);
			hook_changed = true;
		}
	}

	if (tot->failed != failed0 || hook_changed) {
		tot->suites_failed++;
		if (tot->failed == failed0)
			tot->hook_failures++;
		kt_printf("not ok %u %s\n", index, s->name);
	} else if (ncases && tot->skipped - skipped0 == ncases) {
		kt_printf("ok %u %s # SKIP\n", index, s->name);
	} else {
		kt_printf("ok %u %s\n", index, s->name);
	}
}

int ktest_run_table(const struct ktest_suite *suites, size_t nsuites,
		    const struct ktest_state_hook *hooks, size_t nhooks,
		    const char *globs, struct ktest_totals *out)
{
	struct ktest_totals tot = { 0 };
	unsigned index = 0;
	size_t i;

	if (globs && strcmp(globs, "off") == 0)
		nsuites = 0;
	for (i = 0; i < nsuites; i++)
		tot.suites += ktest_globs_select(globs, suites[i].name);

	kt_printf("KTAP version 1\n");
	kt_printf("1..%u\n", tot.suites);
	for (i = 0; i < nsuites; i++) {
		if (ktest_globs_select(globs, suites[i].name))
			run_suite(&suites[i], ++index, hooks, nhooks, &tot);
	}
	kt_printf("# ktest: %u cases, %u passed, %u failed, %u skipped\n",
		  tot.cases, tot.passed, tot.failed, tot.skipped);
	if (tot.hook_failures)
		kt_printf("# ktest: %u suites failed by a state hook\n",
			  tot.hook_failures);

	last_totals = tot;
	if (out)
		*out = tot;
	return (int)(tot.failed + tot.hook_failures);
}

/* Returns failed cases plus suites that failed only by a changed state hook,
 * so a non-zero result always means "not everything passed". */
int ktest_run(const char *globs, unsigned *ran)
{
	struct ktest_totals tot;
	size_t nsuites = 0, nhooks = 0;
	int failed;

	if (__start_mm386_ktests && __stop_mm386_ktests)
		nsuites = (size_t)(__stop_mm386_ktests - __start_mm386_ktests);
	if (__start_mm386_ktest_hooks && __stop_mm386_ktest_hooks)
		nhooks = (size_t)(__stop_mm386_ktest_hooks - __start_mm386_ktest_hooks);
	if (__start_mm386_ktest_suite_hooks && __stop_mm386_ktest_suite_hooks) {
		suite_hooks = __start_mm386_ktest_suite_hooks;
		suite_hooks_end = __stop_mm386_ktest_suite_hooks;
	}
	failed = ktest_run_table(__start_mm386_ktests, nsuites,
				 __start_mm386_ktest_hooks, nhooks, globs, &tot);
	suite_hooks = suite_hooks_end = NULL;
	if (ran)
		*ran = tot.cases;
	return failed;
}

void ktest_last_totals(struct ktest_totals *out)
{
	*out = last_totals;
}
