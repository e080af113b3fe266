/*
 * fuzz_index.c: arbitrary bytes as an index.  Opening, checking and
 * looking up in a damaged index must fail cleanly or answer, and never read
 * outside the buffer.
 *
 * The size field and both checksums are repaired after each mutation (as
 * a crafted index would have them right): else nearly every input stops
 * at the header checksum and the fuzzer never reaches the sections, the
 * structure check of kbq_open() and the lookup.  Each input is opened a
 * second time without the structure check, as an index past
 * KBX_OPENCHECK is, so that the lookup's own checks meet it too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_format.h"
#include "kbq_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Make b's size field and checksums those of its bytes. */
static void
repair(unsigned char *b, size_t size)
{
	size_t	 hend;

	if (size < KBX_HDRSIZE + 8 || kbx_get32(b + 12) > KBX_MAXSECT)
		return;
	hend = KBX_HDRSIZE + (size_t)kbx_get32(b + 12) * KBX_SECTSIZE;
	if (hend > size - 8)
		return;
	kbx_put64(b + 16, size);
	kbx_put64(b + 32, kbx_fnv(KBX_FNV_INIT, b + hend, size - 8 - hend));
	memset(b + 24, 0, 8);
	kbx_put64(b + 24, kbx_fnv(KBX_FNV_INIT, b, hend));
}

/* Look the queries up in db and read every result. */
static void
lookups(kbq *db)
{
	static const char *const queries[] = { "error", "0x1fc07", "ID: 41102",
	    "The vault credentials file isn't valid", "SalBitmapError" };

	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		kbq_result *res = NULL;

		if (kbq_lookup(db, queries[q], strlen(queries[q]), q % 2 ? "sv" : NULL,
		    3, &res) != KBQ_OK)
			continue;
		for (int i = 0; i < kbq_result_count(res); i++) {
			(void)strlen(kbq_result_article(res, i));
			(void)strlen(kbq_result_title(res, i));
			for (int j = 0; j < kbq_result_nmessages(res, i); j++)
				(void)strlen(kbq_result_message(res, i, j));
			for (int j = 0; j < kbq_result_ncodes(res, i); j++)
				(void)strlen(kbq_result_code(res, i, j));
			for (int f = 0; f < kbq_result_nfixes(res, i); f++)
				for (int j = 0; j < kbq_fix_nactions(res, i, f); j++) {
					(void)strlen(kbq_fix_action(res, i, f, j));
					for (int k = 0; k < kbq_action_nitems(res, i, f, j); k++)
						(void)strlen(kbq_action_item(res, i, f, j, k));
				}
		}
		kbq_result_free(res);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy, exactly size bytes, so ASan sees any overread. */
	unsigned char *copy = malloc(size ? size : 1);
	kbq *db = NULL;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	repair(copy, size);
	if (kbq_open_mem(copy, size, &db) == KBQ_OK) {
		kbq_check(db);
		lookups(db);
	}
	kbq_close(db);
	db = NULL;
	if (kbqi_open_unchecked(copy, size, &db) == KBQ_OK)
		lookups(db);
	kbq_close(db);
	free(copy);
	return 0;
}
