/*
 * console.h: what a build says on stderr: diagnostics as cc prints them,
 * and, on a terminal, a progress line.
 */
#ifndef KBC_CONSOLE_H
#define KBC_CONSOLE_H

#include <stddef.h>
#include <time.h>

#include "build.h"

/* Seconds since t0 (CLOCK_MONOTONIC): the summary line and KBC_PROFILE. */
double	seconds_since(const struct timespec *t0);

/* CPU seconds this thread has used: KBC_PROFILE tells work from waiting on a
 * busy machine. */
double	thread_cpu_seconds(void);

/* Show the progress line (only when on: a terminal), from start. */
void	progress_start(int on, const struct timespec *start);
/* done of total articles; redrawn at most ten times a second. */
void	progress_update(size_t done, size_t total);
/* A phase with no count to show ("writing the index"). */
void	progress_note(const char *what);
/* Wipe the line, before anything else is printed to stderr. */
void	progress_clear(void);

/* Did -Wno-NAME turn the warning name off? */
int	diag_off(const struct build_opts *, const char *name);
/*
 * Print a diagnostic unless -Wno-NAME turned it off.  Returns 1 when it
 * counts (printed), 0 when it was turned off.  The KB keeps them all.
 * rel is relative to the docs folder (NULL: the folder itself); it is
 * printed as the user would type it, DOCS_DIR/rel, as cc prints paths.
 * Every string but sev may come from a document or an old KB: printed
 * without control characters, so no escape sequence reaches a terminal.
 */
int	print_diag(const struct build_opts *, const char *rel, int line, int col,
	    const char *sev, const char *name, const char *text);

#endif
