/*
 * console.c: diagnostics and the progress line.  The progress line is
 * this file's own state (one build a process); every diagnostic wipes it
 * first, so the two never mix on a terminal.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "console.h"
#include "util.h"

/* The progress line: on a terminal only. */
static struct {
	int		on;
	int		shown;
	struct timespec	start, last;
} progress;

double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

double
thread_cpu_seconds(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0)
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
progress_start(int on, const struct timespec *start)
{
	progress.on = on;
	progress.start = *start;
	progress.last.tv_sec = 0;
	progress.last.tv_nsec = 0;
	progress.shown = 0;
}

void
progress_clear(void)
{
	if (progress.shown) {
		fputs("\r\033[K", stderr);
		progress.shown = 0;
	}
}

void
progress_update(size_t done, size_t total)
{
	struct timespec now;
	double el, rate;

	if (!progress.on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done < total && (now.tv_sec - progress.last.tv_sec) * 1000000000L +
	    (now.tv_nsec - progress.last.tv_nsec) < 100000000L)
		return;
	progress.last = now;
	el = (double)(now.tv_sec - progress.start.tv_sec) +
	    (double)(now.tv_nsec - progress.start.tv_nsec) / 1e9;
	rate = el > 0 ? (double)done / el : 0;
	fprintf(stderr, "\r\033[Kkbc: %zu/%zu articles, %.0f/s", done, total, rate);
	fflush(stderr);
	progress.shown = 1;
}

void
progress_note(const char *what)
{
	if (!progress.on)
		return;
	fprintf(stderr, "\r\033[Kkbc: %s", what);
	fflush(stderr);
	progress.shown = 1;
}

int
diag_off(const struct build_opts *o, const char *name)
{
	for (int i = 0; i < o->nnowarn; i++)
		if (strcmp(o->nowarn[i], name) == 0)
			return 1;
	return 0;
}

int
print_diag(const struct build_opts *o, const char *rel, int line, int col,
    const char *sev, const char *name, const char *text)
{
	size_t dl = strlen(o->docs);

	name = name ? name : "";
	if (diag_off(o, name))
		return 0;
	progress_clear();
	/* "docs/" and "docs" print alike; "/" stays "/". */
	while (dl > 1 && o->docs[dl - 1] == '/')
		dl--;
	if (rel == NULL || *rel == '\0')
		fprintf(stderr, "%.*s", (int)dl, o->docs);
	else if (strcmp(o->docs, ".") == 0)
		term_puts(rel, stderr);
	else {
		fprintf(stderr, "%.*s%s", (int)dl, o->docs, o->docs[dl - 1] == '/' ? "" : "/");
		term_puts(rel, stderr);
	}
	fprintf(stderr, ":%d:%d: %s: ", line, col,
	    sev && strcmp(sev, "error") == 0 ? "error" : "warning");
	term_puts(text, stderr);
	fputs(" [-W", stderr);
	term_puts(name, stderr);
	fputs("]\n", stderr);
	return 1;
}

int
warning_known(const char *name)
{
	static const char *const names[] = {
		"missing-error-column", "row-cells", "missing-action", "unknown-header",
		"duplicate-anchor", "broken-link", "mojibake", "invalid-utf8", "nul-byte",
		"binary", "too-large", "table-size", "html-depth", "nesting-depth",
		"text-size", "unreadable", "outside-docs", NULL
	};

	for (int i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

