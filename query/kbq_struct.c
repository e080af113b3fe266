/*
 * kbq_struct.c: the structure of an index's records, checked once when
 * it is opened (kbq_open.c has checked the header and that each section
 * lies inside the file), so that a lookup's cost follows from its words'
 * postings whatever the bytes.  Checked at open only when the index is
 * small (KBX_OPENCHECK), since that reads most of a large index, whose
 * lookups check what they read instead; kbq_check() checks it always.
 *
 * A crafted index whose entries all claimed the whole of REFS made one
 * lookup scan it for every candidate (42 s on 50 KB).  Only what kbc
 * always writes (compiler/idx_write.c) is required:
 *  - each list of REFS (an entry's messages and codes, a fix's causes
 *    and actions, an action's sub-items), of FIXS (an entry's fixes) and
 *    of ITEM (a fix's sub-item lists: none, or one per action) lies
 *    inside its section, and no two lists share a record: the writer
 *    gives each string of REFS, each fix and each ITEM record one owner;
 *  - an entry's article exists, and entries (passages) come in article
 *    order (translation finds an article's by binary search); an
 *    article's strings start a string, and
 *    its path, key and locale are file names (shorter than PATH_MAX):
 *    translation compares them for every entry.  Other offsets into STRS
 *    are made safe where they are used (kbx_str());
 *  - words (TERM) and codes (CODE) are strictly sorted and shorter than a
 *    token; a word's postings start where the previous word's end, fill
 *    POST, and take 2 to 2 * KBX_VARMAX bytes per entry of its count,
 *    which is 1 to nentries;
 *  - a code's entries follow the previous code's in CPST: not empty,
 *    strictly increasing entry indexes below nentries;
 *  - with the lists, each record's length in LENS (PLEN) is its own;
 *    and, in kbq_check() only, no posting passes its word's bound in
 *    TMAX (PTMX), and the skip records (SKIP, PSKP) are the postings'.
 * Time and memory are linear in the records (a bit per REFS, FIXS and
 * ITEM record), one pass over ARTS, ENTS, FIXS, ITEM, TERM, CODE and CPST; REFS,
 * POST and the strings are not read, but for the words', codes' and
 * articles' own.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_int.h"
#include "kbq_norm.h"
#include "kbq_params.h"
#include "kbq_rank.h"

struct st_chk {
	struct kbq	*db;
	unsigned char	*refs, *fixs, *items;	/* a bit per record: owned */
};

/* Is off the start of a string of STRS? */
static int
st_strok(const struct kbq *db, uint32_t off)
{
	return off < db->strs.size && (off == 0 || db->strs.p[off - 1] == '\0');
}

/* Claim records [first, first + count) of a section of n records. */
static inline int
st_claim(unsigned char *bits, uint32_t n, uint32_t first, uint32_t count)
{
	uint32_t	 i;

	if (count == 0)
		return 0;
	if (first >= n || count > n - first)
		return -1;
	if (count == 1) {
		if (bits[first >> 3] & (1u << (first & 7)))
			return -1;
		bits[first >> 3] |= (unsigned char)(1u << (first & 7));
		return 0;
	}
	for (i = first; i < first + count; i++) {
		if (bits[i >> 3] & (1u << (i & 7)))
			return -1;
		bits[i >> 3] |= (unsigned char)(1u << (i & 7));
	}
	return 0;
}

/* Sorted keys of TERM or CODE (word 0 of each record), each shorter than
 * a token. */
static int
st_sorted(const struct kbq *db, const struct kbx_sect *s, unsigned nw)
{
	const char	*prev = NULL, *k;
	uint32_t	 i, off;

	for (i = 0; i < s->n; i++) {
		off = kbx_word(s, i, nw, 0);
		if (!st_strok(db, off))
			return -1;
		k = (const char *)db->strs.p + off;
		if (*k == '\0' || strnlen(k, KBQN_MAXTOK) == KBQN_MAXTOK ||
		    (prev != NULL && strcmp(prev, k) >= 0))
			return -1;
		prev = k;
	}
	return 0;
}

/*
 * The records of view v (the entries; a later format's passages): their
 * article, their lists of REFS and FIXS.  With share, a record may name
 * the same fixes as the one before it (the passages of one section share
 * its steps).
 */
static int
st_ents(struct st_chk *c, const struct kbq *v, int share)
{
	struct kbq		*db = c->db;
	const char		*what = share ? "passage" : "entry";
	const unsigned char	*r;
	uint32_t		 e, w, f, nf, pf = 0, pnf = 0;

	for (e = 0, r = v->ents.p; e < v->ents.n; e++, r += 4 * KBX_ENT_W) {
		if (kbx_get32(r + 4 * KBX_E_ART) >= db->arts.n)
			return kbqi_fail(db, KBQ_CORRUPT, "%s %u: no such "
			    "article", what, e);
		if (e > 0 && kbx_get32(r + 4 * KBX_E_ART) < kbx_get32(r - 4 *
		    KBX_ENT_W + 4 * KBX_E_ART))
			return kbqi_fail(db, KBQ_CORRUPT, "%s %u: not in "
			    "article order", what, e);
		if (kbx_get32(r + 4 * KBX_E_LEN) != kbx_word(&v->lens, e, 1, 0))
			return kbqi_fail(db, KBQ_CORRUPT, "%s %u: its length "
			    "in LENS is not its record's", what, e);
		for (w = KBX_E_MSG; w <= KBX_E_CODE; w += 2)
			if (st_claim(c->refs, db->refs.n, kbx_get32(r + 4 * w),
			    kbx_get32(r + 4 * w + 4)) == -1)
				return kbqi_fail(db, KBQ_CORRUPT, "%s %u: a "
				    "list outside REFS or overlapping another",
				    what, e);
		f = kbx_get32(r + 4 * KBX_E_FIX);
		nf = kbx_get32(r + 4 * KBX_E_NFIX);
		if (share && e > 0 && nf > 0 && f == pf && nf == pnf)
			continue;
		if (st_claim(c->fixs, db->fixs.n, f, nf) == -1)
			return kbqi_fail(db, KBQ_CORRUPT, "%s %u: fixes "
			    "outside FIXS or overlapping another's", what, e);
		pf = f;
		pnf = nf;
	}
	return KBQ_OK;
}

/* Each fix's causes and actions, and its actions' sub-items. */
static int
st_fixs(struct st_chk *c)
{
	struct kbq		*db = c->db;
	const unsigned char	*r, *it;
	uint32_t		 e, w, first, n, k;

	for (e = 0, r = db->fixs.p; e < db->fixs.n; e++, r += 4 * KBX_FIX_W) {
		for (w = KBX_X_CAUSE; w < KBX_X_ITEM; w += 2)
			if (st_claim(c->refs, db->refs.n, kbx_get32(r + 4 * w),
			    kbx_get32(r + 4 * w + 4)) == -1)
				return kbqi_fail(db, KBQ_CORRUPT, "fix %u: a "
				    "list outside REFS or overlapping another",
				    e);
		first = kbx_get32(r + 4 * KBX_X_ITEM);
		n = kbx_get32(r + 4 * KBX_X_NITEM);
		if ((n != 0 && n != kbx_get32(r + 4 * KBX_X_NACTION)) ||
		    st_claim(c->items, db->items.n, first, n) == -1)
			return kbqi_fail(db, KBQ_CORRUPT, "fix %u: sub-items "
			    "outside ITEM, overlapping another's or not one "
			    "list per action", e);
		for (k = 0; k < n; k++) {
			it = db->items.p + 4 * KBX_ITEM_W * (size_t)(first + k);
			if (st_claim(c->refs, db->refs.n, kbx_get32(it),
			    kbx_get32(it + 4)) == -1)
				return kbqi_fail(db, KBQ_CORRUPT, "fix %u: "
				    "sub-items outside REFS or overlapping "
				    "another list", e);
		}
	}
	return KBQ_OK;
}

/* Article strings start a string; path, key and locale, compared for
 * every entry when translating, are file names (shorter than PATH_MAX). */
static int
st_strings(struct kbq *db)
{
	uint32_t	 i, w, off;

	for (i = 0; i < db->arts.n; i++)
		for (w = 0; w < KBX_ART_W; w++) {
			off = kbx_word(&db->arts, i, KBX_ART_W, w);
			if (!st_strok(db, off) || (w != KBX_A_TITLE &&
			    strnlen((const char *)db->strs.p + off,
			    KBX_MAXNAME) == KBX_MAXNAME))
				return kbqi_fail(db, KBQ_CORRUPT, "article %u: "
				    "bad string", i);
		}
	return KBQ_OK;
}

/* The words of view v and their postings; failures go to db. */
static int
st_terms(struct kbq *db, const struct kbq *v)
{
	uint32_t	 i, a, b, df;

	if (st_sorted(db, &v->term, KBX_TERM_W) == -1)
		return kbqi_fail(db, KBQ_CORRUPT, "words not sorted or not "
		    "words");
	for (i = 0, b = 0; i < v->term.n; i++) {
		a = kbx_word(&v->term, i, KBX_TERM_W, KBX_T_POST);
		b = i + 1 < v->term.n ? kbx_word(&v->term, i + 1,
		    KBX_TERM_W, KBX_T_POST) : v->post.size;
		df = kbx_word(&v->term, i, KBX_TERM_W, KBX_T_DF);
		if ((i == 0 && a != 0) || a > b || b > v->post.size ||
		    df == 0 || df > v->nentries ||
		    b - a < 2 * (uint64_t)df ||
		    b - a > 2 * KBX_VARMAX * (uint64_t)df)
			return kbqi_fail(db, KBQ_CORRUPT, "word %u: postings "
			    "out of order or unlike its count", i);
	}
	if (b != v->post.size)
		return kbqi_fail(db, KBQ_CORRUPT, "POST holds more than the "
		    "postings");
	return KBQ_OK;
}

/*
 * That no posting of view v passes its word's bound (TMAX), when the
 * bounds are this reader's: a lookup trusts them to leave out what
 * cannot rank (kbq_lookup.c), so a writer's mistake in them would change
 * answers silently.  Reads every posting, so kbq_check() does, not
 * kbq_open(), whatever the size: a lookup's cost does not depend on it.
 */
static int
st_tmax(struct kbq *db, const struct kbq *v)
{
	const unsigned char *p, *end;
	uint32_t	 t, j, e, val;
	double		 k1 = kbqi_params.bm25_k1, b = kbqi_params.bm25_b;
	double		 max;

	if (!v->tmaxok)
		return KBQ_OK;
	for (t = 0; t < v->term.n; t++) {
		max = kbx_word(&v->tmax, t + 2, 1, 0) / KBX_TMAX_ONE;
		kbqi_postings(v, t, &p, &end);
		for (e = 0, j = 0; kbx_nextpost(&p, end, v->nentries, j, &e,
		    &val); j++)
			if (kbx_tfpart((val >> KBX_F_BITS) / 8.0,
			    kbx_word(&v->lens, e, 1, 0) / 16.0, v->avglen, k1,
			    b) > max)
				return kbqi_fail(db, KBQ_CORRUPT, "word %u: a "
				    "posting above its bound in TMAX", t);
	}
	return KBQ_OK;
}

/*
 * That the skip records of view v (SKIP, PSKP), when it has them, are
 * its postings': (df - 1) / KBX_SKIPN a word, each the entry before its
 * posting and that posting's offset.  A lookup trusts them to find each
 * candidate's posting (kbq_lookup.c, lk_jump), so a writer's mistake in
 * them would change answers silently.  Reads every posting: kbq_check().
 */
static int
st_skips(struct kbq *db, const struct kbq *v)
{
	const unsigned char *p, *first, *end, *r;
	uint32_t	 t, j, e, val, n, k, df, total;

	if (v->skip.n == 0)
		return KBQ_OK;
	if (v->skip.n < v->term.n + 1 || kbx_word(&v->skip, 0, 1, 0) != 0)
		return kbqi_fail(db, KBQ_CORRUPT, "skip records do not match "
		    "the words");
	total = kbx_word(&v->skip, v->term.n, 1, 0);
	if (v->skip.n != v->term.n + 1 + 2 * (uint64_t)total)
		return kbqi_fail(db, KBQ_CORRUPT, "skip records do not fill "
		    "their section");
	for (t = 0; t < v->term.n; t++) {
		df = kbx_word(&v->term, t, KBX_TERM_W, KBX_T_DF);
		if ((n = kbqi_skips(v, t, &r)) != (df - 1) / KBX_SKIPN ||
		    (n == 0 && kbx_word(&v->skip, t, 1, 0) !=
		    kbx_word(&v->skip, t + 1, 1, 0)))
			return kbqi_fail(db, KBQ_CORRUPT, "word %u: skip "
			    "records unlike its count", t);
		kbqi_postings(v, t, &p, &end);
		first = p;
		for (e = 0, j = 0, k = 0; k < n; j++) {
			if (j > 0 && j % KBX_SKIPN == 0) {
				if (kbx_get32(r + 8 * (size_t)k) != e ||
				    kbx_get32(r + 8 * (size_t)k + 4) !=
				    (uint32_t)(p - first))
					return kbqi_fail(db, KBQ_CORRUPT,
					    "word %u: skip record %u is not "
					    "its postings'", t, k);
				k++;
			}
			if (!kbx_nextpost(&p, end, v->nentries, j, &e, &val))
				return kbqi_fail(db, KBQ_CORRUPT, "word %u: "
				    "postings end before its skip records", t);
		}
	}
	return KBQ_OK;
}

/* The codes of view v and their entries; failures go to db. */
static int
st_codes(struct kbq *db, const struct kbq *v)
{
	uint32_t	 i, j, first, n, next = 0, e, prev;

	if (st_sorted(db, &v->code, KBX_CODE_W) == -1)
		return kbqi_fail(db, KBQ_CORRUPT, "codes not sorted or not "
		    "codes");
	for (i = 0; i < v->code.n; i++) {
		first = kbx_word(&v->code, i, KBX_CODE_W, 1);
		n = kbx_word(&v->code, i, KBX_CODE_W, 2);
		if (first != next || n == 0 || n > v->cpst.n - first)
			return kbqi_fail(db, KBQ_CORRUPT, "code %u: entries "
			    "out of order", i);
		for (j = 0, prev = 0; j < n; j++) {
			e = kbx_word(&v->cpst, first + j, 1, 0);
			if (e >= v->nentries || (j > 0 && e <= prev))
				return kbqi_fail(db, KBQ_CORRUPT, "code %u: "
				    "bad entry list", i);
			prev = e;
		}
		next = first + n;
	}
	if (next != v->cpst.n)
		return kbqi_fail(db, KBQ_CORRUPT, "CPST holds more than the "
		    "codes' entries");
	return KBQ_OK;
}

/* kbq_int.h */
int
kbqi_struct(struct kbq *db)
{
	struct st_chk	 c;
	int		 rc;

	c.db = db;
	c.refs = c.fixs = c.items = NULL;
	if ((c.refs = calloc((size_t)db->refs.n / 8 + 1, 1)) == NULL ||
	    (c.fixs = calloc((size_t)db->fixs.n / 8 + 1, 1)) == NULL ||
	    (c.items = calloc((size_t)db->items.n / 8 + 1, 1)) == NULL)
		rc = kbqi_fail(db, KBQ_NOMEM, "out of memory");
	else if ((rc = st_strings(db)) == KBQ_OK &&
	    (rc = st_ents(&c, db, 0)) == KBQ_OK &&
	    (kbqi_release(db, NULL, 0), rc = st_ents(&c, db->psg, 1)) ==
	    KBQ_OK &&
	    (kbqi_release(db, NULL, 0), rc = st_fixs(&c)) == KBQ_OK &&
	    (rc = st_terms(db, db)) == KBQ_OK &&
	    (rc = st_terms(db, db->psg)) == KBQ_OK &&
	    (rc = st_codes(db, db)) == KBQ_OK)
		rc = st_codes(db, db->psg);
	free(c.refs);
	free(c.fixs);
	free(c.items);
	return rc;
}

/* That every generic phrase (GENP) is a string of STRS.  A lookup reads
 * any offset safely (kbx_str); a wrong one is still a damaged index. */
static int
st_genp(struct kbq *db)
{
	uint32_t	 i;

	for (i = 0; i < db->genp.n; i++)
		if (!st_strok(db, kbx_word(&db->genp, i, 1, 0)))
			return kbqi_fail(db, KBQ_CORRUPT, "generic phrase %u is "
			    "not a string", i);
	return KBQ_OK;
}

/* kbq_int.h */
int
kbqi_bounds(struct kbq *db)
{
	int	 rc;

	/* Each pass's pages given back before the next (kbq_check()). */
	kbqi_release(db, NULL, 0);
	if ((rc = st_tmax(db, db)) == KBQ_OK &&
	    (kbqi_release(db, NULL, 0), rc = st_tmax(db, db->psg)) ==
	    KBQ_OK &&
	    (kbqi_release(db, NULL, 0), rc = st_skips(db, db)) == KBQ_OK &&
	    (kbqi_release(db, NULL, 0), rc = st_skips(db, db->psg)) ==
	    KBQ_OK)
		rc = st_genp(db);
	return rc;
}
