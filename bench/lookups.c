/*
 * lookups.c: warm libkbq lookups per second (run by bench/query).
 *
 *   lookups INDEX QUERIES-FILE [SECONDS [exhaustive]]
 *
 * Opens the index once, then looks up every line of QUERIES-FILE in turn
 * until SECONDS (default 1) have passed; prints lookups per second and
 * the mean time of one lookup.  With "exhaustive", every posting is
 * walked and every candidate scored (the baseline of the pruned walk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kbq.h"

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	kbq		*db;
	kbq_result	*r;
	struct kbq_options opt;
	FILE		*fp;
	char		 line[4096], **q = NULL;
	size_t		 nq = 0, i, n = 0;
	double		 t0, t, secs;

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
	if (nq == 0)
		return 2;
	t0 = now();
	do {
		for (i = 0; i < nq; i++, n++) {
			if (kbq_lookup_opts(db, q[i], strlen(q[i]), &opt,
			    &r) == KBQ_OK)
				kbq_result_free(r);
		}
		t = now() - t0;
	} while (t < secs);
	printf("%.0f lookups/s (%.1f us each, %zu queries x %zu rounds)\n",
	    n / t, t / n * 1e6, nq, n / nq);
	fflush(stdout);
	for (i = 0; i < nq; i++)
		free(q[i]);
	free(q);
	kbq_close(db);
	return 0;
}
