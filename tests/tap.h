/*
 * tap.h: a minimal Test Anything Protocol emitter for errkb's C tests.
 *
 * Each check prints "ok N - what" or "not ok N - what"; tests/run counts
 * those lines over every test program and script.  A program ends with
 * tap_done(), whose exit status is non-zero when any check failed.
 */
#ifndef ERRKB_TAP_H
#define ERRKB_TAP_H

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_str(got, want, what) do {                                        \
	const char *tap_g_ = (got), *tap_w_ = (want);                           \
	int tap_r_ = tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0;           \
	ok(tap_r_, "%s", what);                                                 \
	if (!tap_r_)                                                            \
		printf("#   got:  '%s'\n#   want: '%s'\n",                          \
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)");        \
} while (0)

#define is_int(got, want, what) do {                                        \
	long long tap_g_ = (got), tap_w_ = (want);                              \
	ok(tap_g_ == tap_w_, "%s", what);                                       \
	if (tap_g_ != tap_w_)                                                   \
		printf("#   got:  %lld\n#   want: %lld\n", tap_g_, tap_w_);         \
} while (0)

__attribute__((format(printf, 4, 5), unused))
static int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", pass ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed++;
		printf("#   at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

__attribute__((unused))
static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
