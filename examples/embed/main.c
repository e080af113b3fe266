/*
 * main.c: an error lookup that carries its knowledge base inside.
 *
 * The index is a C array written by "kbc embed KB.idx -o index.c"; this
 * program links it with libkbq and needs no file at run time:
 *
 *	make embed [EMBED_IDX=output/kb.idx]
 *	build/embed/kbq-embedded "Invalid vault credentials provided"
 *
 * It prints the best entry's place, first message and actions.  Exit
 * status as kbq: 0 a match, 1 none, 2 an error.
 */
#include <stdio.h>
#include <string.h>

#include "kbq.h"

extern const unsigned char errkb_index[];
extern const size_t errkb_index_size;

int
main(int argc, char *argv[])
{
	kbq		*db;
	kbq_result	*res;
	char		 q[4096];
	size_t		 len = 0, n;
	int		 i, j, f;

	for (i = 1; i < argc && len + 1 < sizeof(q); i++) {
		n = strlen(argv[i]);
		if (n > sizeof(q) - len - 2)
			n = sizeof(q) - len - 2;
		if (len > 0)
			q[len++] = ' ';
		memcpy(q + len, argv[i], n);
		len += n;
	}
	if (argc < 2)
		len = fread(q, 1, sizeof(q), stdin);

	if (kbq_open_mem(errkb_index, errkb_index_size, &db) != KBQ_OK) {
		fprintf(stderr, "kbq-embedded: %s\n", kbq_errmsg(db));
		kbq_close(db);
		return 2;
	}
	if (kbq_lookup(db, q, len, NULL, 1, &res) != KBQ_OK) {
		fputs("kbq-embedded: lookup failed\n", stderr);
		kbq_close(db);
		return 2;
	}
	if (kbq_result_count(res) == 0) {
		fputs("no match\n", stdout);
		kbq_result_free(res);
		kbq_close(db);
		return 1;
	}
	printf("%s#%s\n", kbq_result_article(res, 0), kbq_result_anchor(res, 0));
	if (kbq_result_nmessages(res, 0) > 0)
		printf("  %s\n", kbq_result_message(res, 0, 0));
	for (f = 0; f < kbq_result_nfixes(res, 0); f++)
		for (j = 0; j < kbq_fix_nactions(res, 0, f); j++)
			printf("  - %s\n", kbq_fix_action(res, 0, f, j));
	kbq_result_free(res);
	kbq_close(db);
	return 0;
}
