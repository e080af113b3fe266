/*
 * lookups.c: warm libkbq lookups per second (run by bench/query).
 *
 *   lookups INDEX QUERIES-FILE [SECONDS [exhaustive]]
 *
 * Opens the index once, then looks up every line of QUERIES-FILE in turn
 * until SECONDS (default 1) have passed; prints lookups per second and
 * the mean time (wall and CPU) of one lookup, then the median, 95th percentile and
 * slowest of the queries' mean times (a few slow queries hide behind a
 * mean; KBQ_BENCH_SLOW=N lists the N slowest).  With "exhaustive", every
 * posting is walked and every candidate scored (the baseline of the
 * pruned walk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kbq.h"

static int
cmpd(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
clk(clockid_t id)
{
	struct timespec	 ts;

	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clk(CLOCK_MONOTONIC);
}

int
main(int argc, char *argv[])
{
	kbq		*db;
	kbq_result	*r;
	struct kbq_options opt;
	FILE		*fp;
	char		 line[4096], **q = NULL;
	size_t		 nq = 0, i, n = 0, k, nslow;
	double		 t0, c0, t, t1, secs, *qt, *st;
	const char	*slow = getenv("KBQ_BENCH_SLOW");

	if (argc < 3) {
		fputs("usage: lookups INDEX QUERIES-FILE [SECONDS]\n", stderr);
		return 2;
	}
	secs = argc > 3 ? atof(argv[3]) : 1.0;
	kbq_options_init(&opt);
	opt.exhaustive = argc > 4 && strcmp(argv[4], "exhaustive") == 0;
	if (kbq_open(argv[1], &db) != KBQ_OK) {
		fprintf(stderr, "lookups: %s\n", kbq_errmsg(db));
		return 2;
	}
	if ((fp = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if ((q = realloc(q, (nq + 1) * sizeof(*q))) == NULL)
			return 2;
		q[nq++] = strdup(line);
	}
	fclose(fp);
	if (nq == 0 || (qt = calloc(nq, sizeof(*qt))) == NULL ||
	    (st = calloc(nq, sizeof(*st))) == NULL)
		return 2;
	t0 = now();
	c0 = clk(CLOCK_PROCESS_CPUTIME_ID);
	do {
		for (i = 0; i < nq; i++, n++) {
			t1 = now();
			if (kbq_lookup_opts(db, q[i], strlen(q[i]), &opt,
			    &r) == KBQ_OK)
				kbq_result_free(r);
			qt[i] += now() - t1;
		}
		t = now() - t0;
	} while (t < secs);
	/* On a shared machine the CPU time is the steadier figure. */
	printf("%.0f lookups/s (%.1f us each, %.1f us of CPU, %zu queries x "
	    "%zu rounds)\n", n / t, t / n * 1e6,
	    (clk(CLOCK_PROCESS_CPUTIME_ID) - c0) / n * 1e6, nq, n / nq);
	memcpy(st, qt, nq * sizeof(*st));
	qsort(st, nq, sizeof(*st), cmpd);
	printf("per query: median %.1f us, 95th percentile %.1f us, "
	    "slowest %.1f us\n", st[nq / 2] / (n / nq) * 1e6,
	    st[nq * 95 / 100] / (n / nq) * 1e6, st[nq - 1] / (n / nq) * 1e6);
	nslow = slow != NULL ? (size_t)atoi(slow) : 0;
	for (k = 0; k < nslow && k < nq; k++)
		for (i = 0; i < nq; i++)
			if (qt[i] == st[nq - 1 - k]) {
				printf("%9.1f us  %.70s\n", qt[i] / (n / nq) *
				    1e6, q[i]);
				break;
			}
	fflush(stdout);
	free(qt);
	free(st);
	for (i = 0; i < nq; i++)
		free(q[i]);
	free(q);
	kbq_close(db);
	return 0;
}
