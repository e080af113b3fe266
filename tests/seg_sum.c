/*
 * seg_sum.c: a helper of t_kbc_segments.sh, not a test of its own.
 *
 *   seg_sum FULL OUTDIR
 *
 * FULL is the index of a full build of some docs; OUTDIR holds a
 * segmented index of the same docs (kb.idx.seg, its base and deltas).
 * A generation's statistics are the sums over its segments less their
 * tombstones (kbq_format.h, "Segments"; libkbq's merge recounts them
 * from the live postings, and t_kbq_segments.sh compares its answers); here
 * they are summed so, for the entries and the passages, and must equal
 * FULL's: the record count, the sum of the stored lengths, and every
 * word's document frequency (no word of the segments left over with a
 * sum above zero that FULL lacks, none below zero).  Prints the first
 * difference and exits 1; exits 0 when all agree.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_format.h"
#include "kbq_int.h"

struct wd {
	const char	*word;
	int64_t		 df;
};

static struct wd *wds;
static size_t nwds, capwds;

static void
add(const char *word, int64_t df)
{
	if (nwds == capwds) {
		capwds = capwds ? capwds * 2 : 1024;
		if ((wds = realloc(wds, capwds * sizeof(*wds))) == NULL)
			exit(2);
	}
	wds[nwds].word = word;
	wds[nwds++].df = df;
}

static int
cmpwd(const void *a, const void *b)
{
	return strcmp(((const struct wd *)a)->word, ((const struct wd *)b)->word);
}

/* The section tag of the mapped index db, or NULL (its words, *n). */
static const unsigned char *
section(const struct kbq *db, uint32_t tag, uint32_t *n)
{
	uint32_t nsect = kbx_get32(db->base + 12);

	for (uint32_t i = 0; i < nsect; i++) {
		const unsigned char *r = db->base + KBX_HDRSIZE + (size_t)i * KBX_SECTSIZE;

		if (kbx_get32(r) == tag) {
			*n = kbx_get32(r + 8) / 4;
			return db->base + kbx_get32(r + 4);
		}
	}
	return NULL;
}

static uint64_t
lensum(const struct kbq *v)
{
	uint64_t s = 0;

	for (uint32_t e = 0; e < v->nentries; e++)
		s += kbx_word(&v->lens, e, 1, 0);
	return s;
}

int
main(int argc, char **argv)
{
	struct kbx_manifest *m = calloc(1, sizeof(*m));
	struct kbq *full, *seg[KBX_SEGMAX + 1];
	char mpath[4096], path[8192], msg[512];
	int bad = 0;

	if (argc != 3 || m == NULL)
		return 2;
	snprintf(mpath, sizeof(mpath), "%s/kb.idx.seg", argv[2]);
	if (kbqi_open_file(argv[1], &full) != KBQ_OK ||
	    kbqi_manifest(argv[2], mpath, m, msg, sizeof(msg)) != KBQ_OK || !m->present) {
		printf("cannot open: %s%s\n", kbq_errmsg(full), msg);
		return 1;
	}
	for (unsigned k = 0; k < m->n; k++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], m->seg[k].name);
		if (kbqi_open_file(path, &seg[k]) != KBQ_OK) {
			printf("%s\n", kbq_errmsg(seg[k]));
			return 1;
		}
	}
	for (int s = 0; s < 2; s++) {
		const struct kbq *fv = s ? full->psg : full;
		int64_t n = 0, len = 0;
		size_t i, j;

		nwds = 0;
		for (unsigned k = 0; k < m->n; k++) {
			const struct kbq *v = s ? seg[k]->psg : seg[k];
			const unsigned char *t;
			uint32_t nt, np, nterm;

			n += v->nentries;
			len += (int64_t)lensum(v);
			for (uint32_t i2 = 0; i2 < v->term.n; i2++)
				add(kbx_str(v, kbx_word(&v->term, i2, KBX_TERM_W,
				    KBX_T_WORD)), kbx_word(&v->term, i2, KBX_TERM_W,
				    KBX_T_DF));
			if ((t = section(seg[k], s ? KBX_PTMB : KBX_TOMB, &nt)) == NULL)
				continue;
			np = kbx_get32(t + 4 * KBX_TB_NPATH);
			nterm = kbx_get32(t + 4 * KBX_TB_NTERM);
			n -= kbx_get32(t + 4 * KBX_TB_NENT);
			len -= (int64_t)(kbx_get32(t + 4 * KBX_TB_LENLO) |
			    (uint64_t)kbx_get32(t + 4 * KBX_TB_LENHI) << 32);
			if (KBX_TOMB_HDR + np + 2 * (uint64_t)nterm != nt) {
				printf("%s: tombstone counts do not fill the section\n",
				    m->seg[k].name);
				return 1;
			}
			for (uint32_t w = 0; w < nterm; w++) {
				const unsigned char *r = t + 4 * (KBX_TOMB_HDR + np + 2 * w);

				add(kbx_str(seg[k], kbx_get32(r)), -(int64_t)kbx_get32(r + 4));
			}
		}
		if (n != fv->nentries || (uint64_t)len != lensum(fv)) {
			printf("%s: %lld records, length sum %lld; the full index: "
			    "%u, %llu\n", s ? "passages" : "entries", (long long)n,
			    (long long)len, fv->nentries, (unsigned long long)lensum(fv));
			bad = 1;
		}
		if (nwds > 0)
			qsort(wds, nwds, sizeof(*wds), cmpwd);
		/* Merge equal words; walk with the full index's TERM. */
		for (i = 0, j = 0; i < nwds || j < fv->term.n; ) {
			const char *fw = j < fv->term.n ? kbx_str(fv, kbx_word(&fv->term,
			    j, KBX_TERM_W, KBX_T_WORD)) : NULL;
			int64_t df = 0;
			const char *w = i < nwds ? wds[i].word : NULL;
			int c = w == NULL ? 1 : fw == NULL ? -1 : strcmp(w, fw);

			if (c <= 0)
				for (; i < nwds && strcmp(wds[i].word, w) == 0; i++)
					df += wds[i].df;
			if (c == 0 && df == kbx_word(&fv->term, j, KBX_TERM_W, KBX_T_DF)) {
				j++;
				continue;
			}
			if (c < 0 && df == 0)
				continue;
			printf("%s: word \"%s\": %lld in the segments, %u in the full "
			    "index\n", s ? "passages" : "entries", c <= 0 ? w : fw,
			    (long long)df, c == 0 ? kbx_word(&fv->term, j, KBX_TERM_W,
			    KBX_T_DF) : 0);
			bad = 1;
			break;
		}
	}
	for (unsigned k = 0; k < m->n; k++)
		kbq_close(seg[k]);
	kbq_close(full);
	free(wds);
	free(m);
	if (!bad)
		printf("segments sum to the full index\n");
	return bad;
}
