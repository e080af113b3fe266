/*
 * kbq_merge.h: the merged lookup's one entry point (kbq_merge.c).
 * Internal to libkbq; not installed.
 *
 * A manifest (kbq_format.h, "Segments") that names deltas answers as a
 * full build of the same articles would.  Rather than teach every part
 * of libkbq that reads entries and words (the words, the lookup, the
 * scoring, the results, the translations, the structure checks) to look
 * through several files, the segments are merged once, at open, into an
 * index of this format in memory, laid out as a full build lays it out
 * where answers depend on it:
 *
 *  - the articles no later segment replaces (its tombstones' paths, or
 *    the article itself), numbered by path, and their entries and
 *    passages numbered in that order, each article's in its segment's
 *    order, since ties, sections and translations go by it;
 *  - every string interned once (translations and sections compare
 *    keys and anchors by offset);
 *  - each word and code once, with the postings of the live entries
 *    only, renumbered; its document frequency their count, and a word
 *    or code no live entry holds left out, so that the query's word
 *    forms and typos are resolved against the words of the generation;
 *  - the counts, the average lengths (integer sums of LENS), every
 *    entry's idf masses (summed over its words in TERM order), the word
 *    bounds (TMAX) and the skip records computed from those, as the
 *    writer (compiler/idx_write.c) computes them.
 *
 * The tombstones' statistics are not needed: the postings of the live
 * entries give them exactly (tests/seg_sum.c checks that they agree).
 * A plain index, or a manifest with a base alone, is mapped and used in
 * place as before: this costs nothing there.
 */
#ifndef KBQ_MERGE_H
#define KBQ_MERGE_H

#include <stddef.h>
#include <stdint.h>

struct kbq;

/*
 * Merge the n open segments seg[0] (the base) .. seg[n - 1] (the newest
 * delta), of the manifest of generation gen, into a new index image:
 * *out (malloc'd; the caller frees it) of *size bytes, which kbq_open_mem()
 * accepts.  Each segment is read through the bounds-checked accessors
 * of kbq_int.h, so a crafted one yields a wrong image or an error, never
 * a read outside it.  KBQ_OK, or KBQ_NOMEM / KBQ_CORRUPT with msg set.
 */
int	kbqi_merge(struct kbq *const *seg, unsigned n, uint32_t gen,
	    unsigned char **out, size_t *size, char *msg, size_t msgsz);

#endif
