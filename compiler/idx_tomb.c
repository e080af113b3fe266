/*
 * idx_tomb.c: the tombstones of a delta segment.  A generation's
 * statistics are the sums over its segments less the tombstones
 * (kbq_format.h, "Segments"; libkbq's merge, query/kbq_merge.c, takes
 * the live articles from the paths and recounts from their postings,
 * and tests/seg_sum.c checks that the two agree), so each tombstone
 * holds exactly what its article added where it lives now, the newest
 * segment that holds it: its records' count, the sum of their stored
 * lengths, and, per word, the records of it that hold the word.  All of
 * that is read from the segment's own postings (no KB rows, no
 * tokenizing) in the articles' record ranges (the articles of a segment
 * are sorted by path and their records are together, kbq_format.h),
 * through the skip records when the ranges are few: an edit of one
 * article in a base of 14,400 then reads a block of each word's
 * postings, not all of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx_tomb.h"
#include "kbq.h"
#include "kbq_format.h"
#include "kbq_rank.h"
#include "util.h"

/* Removed articles' record ranges in one segment past which a pass over
 * all its postings is cheaper than a skip search per word and range. */
#define IDX_TOMB_SKIPMAX	16

/* A word and the records of it removed, before merging equal words. */
struct tw {
	const char	*word;	/* in a segment's mapping, open until the end */
	uint32_t	 df;
};

static int
tw_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tw *)a)->word, ((const struct tw *)b)->word);
}

/* idx_tomb.h */
uint32_t
idx_article(const struct kbq *v, const char *path)
{
	uint32_t lo = 0, hi = v->arts.n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(kbx_artstr(v, mid, KBX_A_PATH), path);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return UINT32_MAX;
}

/* A range of records [lo, hi) of one removed article. */
struct rng {
	uint32_t	 lo, hi;
};

static int
rng_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct rng *)a)->lo, y = ((const struct rng *)b)->lo;

	return x < y ? -1 : x > y;
}

/*
 * Word t's postings in the ranges r[0..nr) (sorted, disjoint), read from
 * the skip records (SKIP): for each range, from the last record whose
 * entry is below it, so that a word costs a search and at most a block
 * per range instead of all its postings.
 */
static uint32_t
tb_skipcount(const struct kbq *v, uint32_t t, const unsigned char *sk, uint32_t ns,
    const struct rng *r, size_t nr)
{
	const unsigned char *p0, *p, *end;
	uint32_t n = 0, e, j, val, lo, hi, mid;

	kbqi_postings(v, t, &p0, &end);
	for (size_t i = 0; i < nr; i++) {
		/* The last skip record whose entry is below r[i].lo. */
		for (lo = 0, hi = ns; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (kbx_get32(sk + 8 * (size_t)mid) < r[i].lo)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0) {
			p = p0;
			e = j = 0;
		} else {
			uint32_t off = kbx_get32(sk + 8 * (size_t)(lo - 1) + 4);

			if (off > (uint32_t)(end - p0))
				off = (uint32_t)(end - p0);
			p = p0 + off;
			e = kbx_get32(sk + 8 * (size_t)(lo - 1));
			j = lo * KBX_SKIPN;
		}
		for (; kbx_nextpost(&p, end, v->nentries, j, &e, &val) && e < r[i].hi; j++)
			n += e >= r[i].lo;
	}
	return n;
}

/* Count what the records in ranges r[0..nr) of view v hold into set s
 * and words. */
static void
tb_count(const struct kbq *v, struct rng *r, size_t nr, struct idx_tomb_set *s,
    struct tw **words, size_t *nw, size_t *cap)
{
	const unsigned char *p, *end, *sk;
	unsigned char *mark = NULL;
	uint32_t t, e, j, val, n, ns;
	size_t i;

	if (nr > 1)
		qsort(r, nr, sizeof(*r), rng_cmp);
	for (i = 0; i < nr; i++)
		for (e = r[i].lo; e < r[i].hi; e++) {
			s->nent++;
			s->lensum += kbx_word(&v->lens, e, 1, 0);
		}
	/* Many ranges: one pass over every posting is cheaper. */
	if (nr > IDX_TOMB_SKIPMAX) {
		mark = xcalloc((size_t)v->nentries + 1, 1);
		for (i = 0; i < nr; i++)
			memset(mark + r[i].lo, 1, r[i].hi - r[i].lo);
	}
	for (t = 0; t < v->term.n; t++) {
		if (mark == NULL && (ns = kbqi_skips(v, t, &sk)) > 0)
			n = tb_skipcount(v, t, sk, ns, r, nr);
		else if (mark == NULL)
			n = tb_skipcount(v, t, NULL, 0, r, nr);
		else {
			kbqi_postings(v, t, &p, &end);
			for (e = 0, j = 0, n = 0; kbx_nextpost(&p, end, v->nentries,
			    j, &e, &val); j++)
				n += mark[e];
		}
		if (n == 0)
			continue;
		VEC_PUSH(*words, *nw, *cap);
		(*words)[*nw - 1].word = kbx_str(v, kbx_word(&v->term, t,
		    KBX_TERM_W, KBX_T_WORD));
		(*words)[*nw - 1].df = n;
	}
	free(mark);
}

/* Sort and merge the words into s, copied. */
static void
tb_words(struct idx_tomb_set *s, struct tw *w, size_t n)
{
	size_t i, k;

	if (n > 0)
		qsort(w, n, sizeof(*w), tw_cmp);
	s->words = xcalloc(n + 1, sizeof(*s->words));
	s->df = xcalloc(n + 1, sizeof(*s->df));
	for (i = 0, k = 0; i < n; i++) {
		if (k > 0 && strcmp(s->words[k - 1], w[i].word) == 0) {
			s->df[k - 1] += w[i].df;
			continue;
		}
		s->words[k] = xstrdup(w[i].word);
		s->df[k++] = w[i].df;
	}
	s->nterms = k;
}

int
idx_tomb_compute(const char *dir, const struct kbx_manifest *m,
    char *const *paths, size_t n, struct idx_tomb *t, char *err, size_t errsz)
{
	struct kbq *seg[KBX_SEGMAX + 1];
	struct rng *rg[KBX_SEGMAX + 1][2];
	size_t nrg[KBX_SEGMAX + 1][2], caprg[KBX_SEGMAX + 1][2];
	struct tw *words[2] = { NULL, NULL };
	size_t nw[2] = { 0, 0 }, cap[2] = { 0, 0 }, i;
	char path[4096 + KBX_SEGNAME + 2];
	unsigned k;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	memset(seg, 0, sizeof(seg));
	memset(rg, 0, sizeof(rg));
	memset(nrg, 0, sizeof(nrg));
	memset(caprg, 0, sizeof(caprg));
	t->gen = m->generation;
	t->paths = xcalloc(n + 1, sizeof(*t->paths));
	for (i = 0; i < n; i++)
		t->paths[i] = xstrdup(paths[i]);
	t->npaths = n;
	for (k = 0; k < m->n; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, m->seg[k].name);
		if (kbqi_open_file(path, &seg[k]) != KBQ_OK) {
			snprintf(err, errsz, "%s", kbq_errmsg(seg[k]));
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		uint32_t a = UINT32_MAX;

		for (k = m->n; k-- > 0; )
			if ((a = idx_article(seg[k], paths[i])) != UINT32_MAX)
				break;
		if (a == UINT32_MAX) {
			snprintf(err, errsz, "%s: in no segment of generation %u",
			    paths[i], m->generation);
			goto out;
		}
		for (int s = 0; s < 2; s++) {
			const struct kbq *v = s ? seg[k]->psg : seg[k];
			uint32_t lo = kbx_artfirst(v, a), hi;

			for (hi = lo; hi < v->nentries &&
			    kbx_word(&v->ents, hi, KBX_ENT_W, KBX_E_ART) == a; hi++)
				continue;
			if (hi == lo)
				continue;
			VEC_PUSH(rg[k][s], nrg[k][s], caprg[k][s]);
			rg[k][s][nrg[k][s] - 1].lo = lo;
			rg[k][s][nrg[k][s] - 1].hi = hi;
		}
	}
	for (k = 0; k < m->n; k++)
		for (int s = 0; s < 2; s++)
			if (nrg[k][s] > 0)
				tb_count(s ? seg[k]->psg : seg[k], rg[k][s], nrg[k][s],
				    &t->set[s], &words[s], &nw[s], &cap[s]);
	for (int s = 0; s < 2; s++)
		tb_words(&t->set[s], words[s], nw[s]);
	rc = 0;
out:
	for (k = 0; k < m->n; k++) {
		kbq_close(seg[k]);
		free(rg[k][0]);
		free(rg[k][1]);
	}
	free(words[0]);
	free(words[1]);
	return rc;
}

void
idx_tomb_free(struct idx_tomb *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->npaths; i++)
		free(t->paths[i]);
	free(t->paths);
	for (int s = 0; s < 2; s++) {
		for (size_t i = 0; i < t->set[s].nterms; i++)
			free(t->set[s].words[i]);
		free(t->set[s].words);
		free(t->set[s].df);
	}
	memset(t, 0, sizeof(*t));
}
