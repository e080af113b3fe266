/*
 * fuzz_query.c: arbitrary bytes as a query against a fixed, valid index
 * (KBQ_FUZZ_INDEX, default build-fuzz/fuzz.idx made by make fuzz): the
 * normalizer and the ranker must answer or refuse, never crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kbq.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kbq *db;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("KBQ_FUZZ_INDEX");

	(void)argc;
	(void)argv;
	if (kbq_open(path ? path : "build-fuzz/fuzz.idx", &db) != KBQ_OK) {
		fprintf(stderr, "fuzz_query: cannot open the index: %s\n", kbq_errmsg(db));
		exit(2);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = { NULL, "sv", "de", "xx" };
	kbq_result *res = NULL;
	size_t sink = 0;

	if (kbq_lookup(db, (const char *)data, size, langs[size % 4], (int)(size % 7),
	    &res) != KBQ_OK)
		return 0;
	for (int i = 0; i < kbq_result_count(res); i++) {
		sink += (size_t)kbq_result_score(res, i);
		for (int j = 0; j < kbq_result_nmessages(res, i); j++)
			sink += *kbq_result_message(res, i, j) != 0;
		for (int f = 0; f < kbq_result_nfixes(res, i); f++)
			sink += (size_t)kbq_fix_ncauses(res, i, f) +
			    (size_t)kbq_fix_nactions(res, i, f);
	}
	kbq_result_free(res);
	return sink == (size_t)-1;
}
