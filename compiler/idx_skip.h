/*
 * idx_skip.h: the skip records of a word's postings (SKIP, PSKP in
 * query/kbq_format.h), written by the index writer.
 */
#ifndef IDX_SKIP_H
#define IDX_SKIP_H

#include <stddef.h>
#include <stdint.h>

/* The records of the postings p[0 .. n), which hold df entries: (df - 1)
 * / KBX_SKIPN pairs (entry before, byte offset) into rec.  Returns how
 * many it wrote: fewer only if the postings do not hold df entries. */
size_t	idx_skips(const unsigned char *p, size_t n, uint32_t df, uint32_t *rec);

#endif
