/*
 * seg_merged.c: a helper of t_kbq_segments.sh, not a test of its own.
 *
 *   seg_merged dump INDEX OUT
 *	open INDEX as kbq_open() does (a manifest beside it names the
 *	segments to merge) and write the index it answers from to OUT, so
 *	that tests/idx_dump.py compares it with a full build's.
 *   seg_merged same INDEX_A INDEX_B <QUERIES
 *	through libkbq's public interface alone, as an embedding program
 *	would: look up every line of QUERIES in both (with no language, and
 *	in "sv" too, which translates) and compare every field of every
 *	result; print the first difference of each query that differs and
 *	exit 1, or exit 0 when all agree.  Prints "N queries" on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_int.h"

/* Append result res's fields to buf (at most n bytes, cut short). */
static void
fields(const kbq_result *res, char *buf, size_t n)
{
	size_t	 k = 0;
	int	 i, j, f;

#define PUT(...) do { if (k < n) k += (size_t)snprintf(buf + k, n - k, \
	__VA_ARGS__); } while (0)
	PUT("%d results\n", kbq_result_count(res));
	for (i = 0; i < kbq_result_count(res); i++) {
		PUT("%d %.17g %s %s %s %s %s %s %s %s %d %d\n", i,
		    kbq_result_score(res, i), kbq_result_article(res, i),
		    kbq_result_key(res, i), kbq_result_anchor(res, i),
		    kbq_result_locale(res, i), kbq_result_title(res, i),
		    kbq_result_section(res, i), kbq_result_kind(res, i),
		    kbq_result_url(res, i), kbq_result_line(res, i),
		    kbq_result_untranslated(res, i));
		for (j = 0; j < kbq_result_nmessages(res, i); j++)
			PUT(" m %s\n", kbq_result_message(res, i, j));
		for (j = 0; j < kbq_result_ncodes(res, i); j++)
			PUT(" c %s\n", kbq_result_code(res, i, j));
		for (f = 0; f < kbq_result_nfixes(res, i); f++) {
			for (j = 0; j < kbq_fix_ncauses(res, i, f); j++)
				PUT(" f%d cause %s\n", f, kbq_fix_cause(res, i, f, j));
			for (j = 0; j < kbq_fix_nactions(res, i, f); j++) {
				PUT(" f%d action %s\n", f, kbq_fix_action(res, i,
				    f, j));
				for (int it = 0; it < kbq_action_nitems(res, i, f,
				    j); it++)
					PUT("  item %s\n", kbq_action_item(res, i,
					    f, j, it));
			}
		}
	}
#undef PUT
}

static int
same(const char *a, const char *b)
{
	kbq		*da, *db;
	kbq_result	*ra, *rb;
	struct kbq_options opt;
	static char	 line[65536], fa[1 << 16], fb[1 << 16];
	int		 bad = 0, nq = 0, rc;

	if (kbq_open(a, &da) != KBQ_OK || kbq_open(b, &db) != KBQ_OK) {
		fprintf(stderr, "seg_merged: %s | %s\n", kbq_errmsg(da),
		    kbq_errmsg(db));
		return 2;
	}
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (int l = 0; l < 2; l++) {
			kbq_options_init(&opt);
			opt.lang = l ? "sv" : NULL;
			ra = rb = NULL;
			rc = kbq_lookup_opts(da, line, strlen(line), &opt, &ra);
			if (rc != kbq_lookup_opts(db, line, strlen(line), &opt,
			    &rb) || rc != KBQ_OK) {
				fprintf(stderr, "%s: lookup status\n", line);
				bad++;
			} else {
				fields(ra, fa, sizeof(fa));
				fields(rb, fb, sizeof(fb));
				if (strcmp(fa, fb) != 0) {
					fprintf(stderr, "%s (%s):\n--- %s\n+++ %s\n",
					    line, l ? "sv" : "any", fa, fb);
					bad++;
				}
			}
			kbq_result_free(ra);
			kbq_result_free(rb);
		}
		nq++;
	}
	printf("%d queries\n", nq);
	kbq_close(da);
	kbq_close(db);
	return bad ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	kbq	*db;
	FILE	*fp;
	int	 rc;

	if (argc == 4 && strcmp(argv[1], "same") == 0)
		return same(argv[2], argv[3]);
	if (argc != 4 || strcmp(argv[1], "dump") != 0) {
		fprintf(stderr, "usage: seg_merged dump INDEX OUT | same A B "
		    "<QUERIES\n");
		return 2;
	}
	if ((rc = kbq_open(argv[2], &db)) != KBQ_OK) {
		fprintf(stderr, "seg_merged: %s\n", kbq_errmsg(db));
		kbq_close(db);
		return 2;
	}
	if ((fp = fopen(argv[3], "wb")) == NULL ||
	    fwrite(db->base, 1, db->size, fp) != db->size || fclose(fp) != 0) {
		fprintf(stderr, "seg_merged: %s: write error\n", argv[3]);
		kbq_close(db);
		return 2;
	}
	kbq_close(db);
	return 0;
}
