/*
 * idx_skip.c: the skip records of one word's postings (SKIP and PSKP in
 * query/kbq_format.h).  Record k says where posting (k + 1) * KBX_SKIPN
 * starts and the entry of the one before it, so that a lookup that only
 * wants a few candidates' postings may start decoding there instead of
 * at the first posting (kbq_lookup.c).  Derived from the encoded
 * postings alone, after they are written, so the writer's own layout of
 * them does not matter here.
 */
#include "idx_skip.h"

#include "kbq_format.h"

size_t
idx_skips(const unsigned char *p, size_t n, uint32_t df, uint32_t *rec)
{
	const unsigned char *q = p, *end = p + n;
	uint32_t	 j, d, v, e = 0;
	size_t		 k = 0;

	for (j = 0; j < df && q < end; j++) {
		if (j > 0 && j % KBX_SKIPN == 0) {
			rec[2 * k] = e;
			rec[2 * k + 1] = (uint32_t)(q - p);
			k++;
		}
		if (!kbx_getvar(&q, end, &d) || !kbx_getvar(&q, end, &v))
			break;
		e += d;
	}
	return k;
}
