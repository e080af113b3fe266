/*
 * kbq_lookup.c: answer one query: find the entries its words and codes
 * reach, score them, order them, keep the credible ones.
 *
 * Why this ranking.  People paste what they see, and what they see is the
 * KB's message wrapped in noise (a log prefix, a stack trace, changed
 * names and numbers), or a piece of it (truncated, wrapped, typed with
 * typos), or only its code, or their own words for the symptom.  No one
 * score serves all of these, so each entry gets (kbq_score.c):
 *
 *  - entry coverage: the idf mass of its message (or code, heading,
 *    title) words found in the query over the mass of all of them.  A log
 *    line that holds the whole message scores 1 whatever surrounds it;
 *    a query that is a contiguous piece of the message (three or more
 *    word pairs, all found) covers it as far as it goes;
 *  - query coverage: the idf mass of the query words found in the entry
 *    (a word of a cause or action counts half) over the mass of all
 *    query words, where a word the KB has never seen weighs most (and no
 *    one word more than half the rarest).  A truncated message scores 1;
 *    a foreign error that shares "connection" and "failed" scores low,
 *    because psql or pandas carry its mass, and lower still when it
 *    names identifiers the KB has never seen (ModuleNotFoundError);
 *  - word order: the share of word pairs in common, which tells a message
 *    from the same words scattered; and the absolute matched mass, since
 *    two matching words do not make a match however well they cover;
 *  - code hits: a query token equal to one of the entry's codes, weighed
 *    by how specific the code is (a 3-digit number is not; a code in
 *    many entries is less decisive), combined with the text as
 *    independent evidence (noisy-or).
 *
 * Idf masses make rare words count and common ones not, with no stop
 * word lists, so the same rules work in English, Swedish and German.
 * The text confidence is the geometric mean of the two coverages, each
 * lifted by a floor so that a full hit on one side survives a weak other
 * side.  Entries are ranked by confidence plus a little relative BM25
 * (which orders symptom descriptions, whose words sit in causes and
 * actions), plus a lift for the asked language; only those reaching
 * the threshold (kbq_params.c) are returned, so unrelated text gets no
 * match.
 *
 * A description of a symptom in the user's own words covers too little
 * of any message to pass that way; it gets a second, stricter chance
 * (lk_describe): one entry whose article stands out by BM25 over all its
 * fields, matching much of the description with several content words,
 * is accepted, since errors of other products spread their few common
 * words over many articles instead.
 *
 * The threshold and weights were set on development queries (log lines,
 * truncations, typos, codes, paraphrases, and errors of other products
 * that must not match), preferring to reject: a wrong answer costs more
 * than none.  The description path's were set on one half of them (by
 * id parity) and checked on the other.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_params.h"
#include "kbq_rank.h"
#include "kbq_result.h"
#include "kbq_scratch.h"

static const struct kbq_params *const P = &kbqi_params;

/*
 * The accumulators of the entries a query touches, kept dense (most
 * entries are never touched): slot[e] is 1 + the index of e's.
 */
struct accs {
	struct acc	*a;		/* kbqi_scratch() of cap of them */
	struct accm	*m;		/* their masses, as many */
	uint32_t	 n, cap;
	uint32_t	*slot;
};

/* Room for cap accumulators in all; -1 when memory runs out.  What is
 * not used of it is never touched. */
static int
lk_accgrow(struct accs *s, uint32_t cap)
{
	struct acc	*na;
	struct accm	*nm;

	if ((na = kbqi_scratch((size_t)cap * sizeof(*na))) == NULL)
		return -1;
	if ((nm = kbqi_scratch((size_t)cap * sizeof(*nm))) == NULL) {
		kbqi_scratch_free(na, (size_t)cap * sizeof(*na));
		return -1;
	}
	if (s->n > 0) {
		memcpy(na, s->a, s->n * sizeof(*na));
		memcpy(nm, s->m, s->n * sizeof(*nm));
	}
	kbqi_scratch_free(s->a, (size_t)s->cap * sizeof(*na));
	kbqi_scratch_free(s->m, (size_t)s->cap * sizeof(*nm));
	s->a = na;
	s->m = nm;
	s->cap = cap;
	return 0;
}

/* Room for n more accumulators, of at most max in all; -1 when memory
 * runs out. */
static int
lk_accroom(struct accs *s, uint64_t n, uint32_t max)
{
	uint64_t	 cap = s->n + n;

	if (cap > max)
		cap = max;
	return cap <= s->cap ? 0 : lk_accgrow(s, (uint32_t)cap);
}

/* The masses of accumulator i: none until a word adds one (lk_word). */
static const struct accm lk_nomass;

static inline const struct accm *
lk_mass(const struct accs *s, uint32_t i)
{
	return s->a[i].hasm ? &s->m[i] : &lk_nomass;
}

/* e's accumulator, made on first use; NULL when memory runs out. */
static inline struct acc *
lk_acc(struct accs *s, uint32_t e)
{
	if (s->slot[e] != 0)
		return &s->a[s->slot[e] - 1];
	if (s->n == s->cap && lk_accgrow(s, s->cap ? s->cap * 2 : 256) == -1)
		return NULL;
	memset(&s->a[s->n], 0, sizeof(s->a[0]));
	s->a[s->n].e = e;
	s->slot[e] = ++s->n;
	return &s->a[s->n - 1];
}

struct cand {
	uint32_t	 e, a;		/* entry, accumulator */
	double		 conf, rank, bm25;
	int		 clash;		/* another error of the query's family */
};

static int
lk_cmpcand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;

	if (a->rank != b->rank)
		return a->rank > b->rank ? -1 : 1;
	if (a->bm25 != b->bm25)
		return a->bm25 > b->bm25 ? -1 : 1;
	return a->e < b->e ? -1 : a->e > b->e;
}

/* Move the k best of n candidates to the front, in order; returns how
 * many there are.  Cheaper than sorting all: k is small, n is not. */
static uint32_t
lk_top(struct cand *c, uint32_t n, uint32_t k)
{
	struct cand	 t;
	uint32_t	 i, j, m = 0;

	for (i = 0; i < n; i++) {
		if (m == k && lk_cmpcand(&c[i], &c[m - 1]) >= 0)
			continue;
		t = c[i];
		/* Below k kept, i is the next free place; else the worst of
		 * the k gives its place up and goes to i. */
		j = m < k ? m++ : m - 1;
		c[i] = c[j];
		for (; j > 0 && lk_cmpcand(&t, &c[j - 1]) < 0; j--)
			c[j] = c[j - 1];
		c[j] = t;
	}
	return m;
}

/* Put x among the k best kept in c[0 .. *m), in order: lk_top() one
 * candidate at a time, so that the others need no array of their own. */
static inline void
lk_topput(struct cand *c, uint32_t *m, uint32_t k, const struct cand *x)
{
	uint32_t	 j;

	if (*m == k && lk_cmpcand(x, &c[k - 1]) >= 0)
		return;
	j = *m < k ? (*m)++ : k - 1;
	for (; j > 0 && lk_cmpcand(x, &c[j - 1]) < 0; j--)
		c[j] = c[j - 1];
	c[j] = *x;
}

/*
 * The best contribution of the current query word to one accumulator, so
 * that a word matching an entry in several forms counts once.  Kept
 * apart from the accumulators: there are as many of those as entries the
 * query reaches, and a word reaches few of them, so the accumulators stay
 * small (their passes are what a long query's time goes to).
 */
struct wbest {
	double		 q, m, c, s, t, bm, a;
	uint32_t	 acc;
};

/* A lookup's working state. */
struct lookup {
	const struct kbq *db;
	struct query	*q;
	struct accs	 acc;
	struct wbest	*wlist;		/* what the current word found */
	uint32_t	 wcap;
	double		 bmmax;		/* the best BM25 of the candidates */
	double		 mqmax, codemax;	/* their best mq, code hit */
	struct cand	*cand;
	uint32_t	 ncand;
	struct pairs	*pairs;
	double		 qmass;		/* idf mass of the query's words */
	double		 threshold;	/* least confidence of a result */
	int		 exhaustive;	/* score every candidate exactly */
	/*
	 * The walk closes (lk_close) when the words left cannot bring a
	 * new entry among the best: from then on they only add to the
	 * candidates, the last of which is entry last.  outbm bounds the
	 * BM25 of every entry that is not a candidate (lk_describe).
	 */
	int		 closed;
	uint32_t	 last;
	double		 outbm;
	int		 redo;		/* a bound did not decide: walk all */
	struct kbq_told	 told;		/* lk_describe, lk_sections */
	/* The candidates' entries in order, for jumping through a closed
	 * walk's postings (lk_jump); made when first needed after each
	 * lk_close, which sets nce to 0. */
	uint32_t	*ce, nce, cecap;
	size_t		 nslot;		/* acc.slot's length (lk_take) */
};

/* fmax() and fmin() for numbers that are never NaN: libm's are calls,
 * and these run for every posting of every query word. */
static inline double
lk_max(double a, double b)
{
	return a > b ? a : b;
}

static inline double
lk_min(double a, double b)
{
	return a < b ? a : b;
}

#define LK_EPS		1e-9	/* room for rounding in bounds */
#define LK_SEEDRATIO	16	/* lk_rarer */
#define LK_CUTMIN	256	/* candidates worth lk_cut()'s 130 confmax() */

/* A query word in the order the walk takes them, and its bounds. */
struct wdorder {
	int		 w;
	uint64_t	 len;		/* bytes of its postings */
	double		 mq, bm;	/* the most it adds (lk_wordmax) */
	double		 nmq, nbm;	/* to an entry its rarer words miss */
	int		 longest;	/* its commonest index word */
	int		 bit;		/* its place in the walk (lk_seed) */
};

/* The postings of index word x of o's word, and what they weigh. */
static uint64_t
lk_termlen(const struct lookup *lk, const struct wdorder *o, int x,
    double *m)
{
	const struct qword *qw = &lk->q->w[o->w];
	const unsigned char *p, *end;

	*m = qw->f[x] * kbqi_idf(lk->db, qw->term[x]);
	kbqi_postings(lk->db, qw->term[x], &p, &end);
	return (uint64_t)(end - p);
}

/*
 * Does index word x of o's word weigh more than its commonest (the one
 * of the longest posting list), with a list so much shorter that making
 * candidates of its entries first (lk_seed) costs little?
 */
static int
lk_rarer(const struct lookup *lk, const struct wdorder *o, int x)
{
	double		 m, ml;
	uint64_t	 l = lk_termlen(lk, o, x, &m);
	uint64_t	 ll = lk_termlen(lk, o, o->longest, &ml);

	return x != o->longest && m > ml && l * LK_SEEDRATIO <= ll;
}

/*
 * The most query word w can add to any one entry: to its matched query
 * mass (mq) and to its BM25 (bm); and to an entry that none of its
 * rarer index words (lk_rarer) reaches (nmq, nbm).  A posting's BM25 is
 * f * idf times at most its index word's largest frequency part over
 * all its postings (kbqi_tfmax(), stored by kbc: k1 + 1 is the bound of
 * any posting, and twice the common words' own), and its mass is the
 * word's f * idf capped by the word's own idf (kbq_words.c).
 */
static void
lk_wordmax(const struct lookup *lk, int w, struct wdorder *o)
{
	const struct qword *qw = &lk->q->w[w];
	double		 m;
	uint64_t	 l, ll = 0;
	int		 x;

	memset(o, 0, sizeof(*o));
	o->w = w;
	o->longest = -1;
	for (x = 0; x < qw->nterm; x++) {
		o->len += l = lk_termlen(lk, o, x, &m);
		o->mq = lk_max(o->mq, lk_min(m, qw->idf));
		o->bm = lk_max(o->bm, m * kbqi_tfmax(lk->db, qw->term[x]));
		if (o->longest == -1 || l > ll) {
			o->longest = x;
			ll = l;
		}
	}
	for (x = 0; x < qw->nterm; x++) {
		if (lk_rarer(lk, o, x))
			continue;
		lk_termlen(lk, o, x, &m);
		o->nmq = lk_max(o->nmq, lk_min(m, qw->idf));
		o->nbm = lk_max(o->nbm, m * kbqi_tfmax(lk->db, qw->term[x]));
	}
}

/*
 * Make a candidate of every entry that an index word of o's word
 * weighing more than its commonest reaches, with nothing found yet
 * (lk_word adds it), marked with bit; then the word brings a new
 * candidate, or adds to an unmarked one, no more than its commonest
 * index word may (nmq, nbm: lk_wordmax).
 */
static int
lk_seed(struct lookup *lk, const struct wdorder *o, uint64_t bit)
{
	struct acc	*a;
	const struct kbq *db = lk->db;
	const struct qword *qw = &lk->q->w[o->w];
	const unsigned char *p, *end;
	uint32_t	 j, e, v;
	int		 x;

	for (x = 0; x < qw->nterm; x++) {
		if (!lk_rarer(lk, o, x))
			continue;
		kbqi_postings(db, qw->term[x], &p, &end);
		for (e = 0, j = 0; kbx_nextpost(&p, end, db->nentries, j, &e,
		    &v); j++) {
			if ((a = lk_acc(&lk->acc, e)) == NULL)
				return -1;
			a->seeded |= bit;
		}
	}
	return 0;
}

/* How much a word found in fields counts (a title word less than a
 * message word, a fix word less still); asked for every posting walked. */
static inline double
lk_fieldw(uint32_t fields)
{
	if (fields & (KBX_F_MSG | KBX_F_CODE | KBX_F_SECT))
		return 1.0;
	if (fields & KBX_F_TITLE)
		return P->fw_title;
	return P->fw_fix;
}

/* Add b, what word w finds in entry a (accumulator ai), to a. */
static inline void
lk_add(struct lookup *lk, int w, struct acc *a, uint32_t ai,
    const struct wbest *b)
{
	struct accm	*am = &lk->acc.m[ai];

	/* Adding nothing leaves a sum as it is, bit for bit. */
	if (b->m != 0 || b->c != 0 || b->s != 0 || b->t != 0) {
		if (!a->hasm) {
			memset(am, 0, sizeof(*am));
			a->hasm = 1;
		}
		am->mm += b->m;
		am->mc += b->c;
		am->ms += b->s;
		am->mt += b->t;
	}
	a->bm25 += b->bm;
	a->mq += b->q;
	a->ma += b->a;
	if (lk->q->w[w].idf >= P->desc_content * lk->db->idf1)
		a->nc++;
	lk->bmmax = lk_max(lk->bmmax, a->bm25);
	lk->mqmax = lk_max(lk->mqmax, a->mq);
}

/* What the index word of mass m (f * idf) finds in an entry of length el
 * (lens) through a posting of value v, into the word's best there, b. */
static inline void
lk_best(struct wbest *b, const struct qword *qw, double m, uint32_t v,
    double el, double avglen)
{
	double		 tf = (v >> KBX_F_BITS) / 8.0;
	uint32_t	 fl = v & ((1u << KBX_F_BITS) - 1);

	b->bm = lk_max(b->bm, m * tf * (P->bm25_k1 + 1) / (tf + P->bm25_k1 *
	    (1 - P->bm25_b + P->bm25_b * el / avglen)));
	b->q = lk_max(b->q, lk_min(m, qw->idf) * lk_fieldw(fl));
	b->a = lk_max(b->a, lk_min(m, qw->idf));
	if (fl & KBX_F_MSG)
		b->m = lk_max(b->m, m);
	if (fl & KBX_F_CODE)
		b->c = lk_max(b->c, m);
	if (fl & KBX_F_SECT)
		b->s = lk_max(b->s, m);
	if (fl & KBX_F_TITLE)
		b->t = lk_max(b->t, m);
}

/*
 * What query word w (idf of the index word: idf, weight f) finds in entry
 * e through one posting of value v, into accumulator ai.  Into the word's
 * list, which lk_word() adds once all its index words are read; or, when
 * w has one index word (direct), to the accumulator at once: one index
 * word reaches an entry once (postings are in ascending entries), so
 * that its best there is this one, and the same numbers are added in
 * the same order, without the list's second pass through the
 * accumulators.
 */
static inline void
lk_post(struct lookup *lk, int w, uint32_t ai, uint32_t e, uint32_t v,
    double f, double idf, uint32_t *nw, int direct)
{
	const struct kbq *db = lk->db;
	struct acc	*a = &lk->acc.a[ai];
	struct wbest	*b;
	double		 el = kbx_word(&db->lens, e, 1, 0) / 16.0;

	if (direct) {
		/* On its own, not through b: kept in registers. */
		struct wbest	 one;

		one.q = one.m = one.c = one.s = one.t = one.bm = one.a = 0;
		lk_best(&one, &lk->q->w[w], f * idf, v, el, db->avglen);
		lk_add(lk, w, a, ai, &one);
		return;
	}
	if (a->wseen != w + 1) {
		a->wseen = w + 1;
		a->wslot = *nw;
		b = &lk->wlist[(*nw)++];
		b->q = b->m = b->c = b->s = b->t = b->bm = b->a = 0;
		b->acc = ai;
	} else
		b = &lk->wlist[a->wslot];
	lk_best(b, &lk->q->w[w], f * idf, v, el, db->avglen);
}

/* Room in wlist for every candidate: only a closed walk's words keep
 * their finds there (lk_word). */
static int
lk_wroom(struct lookup *lk)
{
	struct wbest	*nl;
	uint32_t	 cap = lk->acc.n;

	if (cap <= lk->wcap)
		return 0;
	/* Nothing in it outlives a word: a fresh block, not realloc(),
	 * which would copy (and so touch) all of the old one. */
	free(lk->wlist);
	lk->wlist = NULL;
	lk->wcap = 0;
	if ((nl = malloc((size_t)cap * sizeof(*nl))) == NULL)
		return -1;
	lk->wlist = nl;
	lk->wcap = cap;
	return 0;
}

static int
lk_cmpu32(const void *pa, const void *pb)
{
	uint32_t	 a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

	return a < b ? -1 : a > b;
}

/* The candidates' entries, sorted (lk->ce); -1 when memory runs out. */
static int
lk_cands(struct lookup *lk)
{
	uint32_t	*n, i;

	if (lk->nce == lk->acc.n)
		return 0;
	lk->nce = 0;
	if (lk->acc.n == 0)
		return 0;
	if (lk->acc.n > lk->cecap) {
		if ((n = realloc(lk->ce, lk->acc.n * sizeof(*n))) == NULL)
			return -1;
		lk->ce = n;
		lk->cecap = lk->acc.n;
	}
	for (i = 0; i < lk->acc.n; i++)
		lk->ce[i] = lk->acc.a[i].e;
	qsort(lk->ce, lk->acc.n, sizeof(*lk->ce), lk_cmpu32);
	lk->nce = lk->acc.n;
	return 0;
}

/*
 * The closed walk through index word t's postings (of n skip records at
 * r) for query word w: the candidates' postings, found by jumping over
 * each block of postings whose next record's entry is still below the
 * next candidate (every posting before that record's comes before it
 * too).  The same postings, in the same order, as reading all of them
 * up to the last candidate.  Jumps go only forward inside the postings,
 * so that damaged records cost no more than reading them all.
 */
static void
lk_jump(struct lookup *lk, int w, uint32_t t, const unsigned char *r,
    uint32_t n, double f, double idf, uint32_t *nw, int direct)
{
	const struct kbq *db = lk->db;
	const unsigned char *p, *end, *first;
	uint32_t	 e = 0, j = 0, v, c = 0, k = 0, lo, hi, mid, step, off;
	uint32_t	 want;

	kbqi_postings(db, t, &p, &end);
	first = p;
	while (c < lk->nce) {
		want = lk->ce[c];
		if (k < n && kbx_get32(r + 8 * (size_t)k) < want) {
			/* The last record below want: gallop, then halve. */
			for (lo = k, step = 1; lo + step < n && kbx_get32(r +
			    8 * (size_t)(lo + step)) < want; step *= 2)
				lo += step;
			hi = lo + step < n ? lo + step : n;
			while (hi - lo > 1) {
				mid = lo + (hi - lo) / 2;
				if (kbx_get32(r + 8 * (size_t)mid) < want)
					lo = mid;
				else
					hi = mid;
			}
			off = kbx_get32(r + 8 * (size_t)lo + 4);
			if (off > (uint32_t)(p - first) &&
			    off < (uint32_t)(end - first)) {
				p = first + off;
				e = kbx_get32(r + 8 * (size_t)lo);
				j = (lo + 1) * KBX_SKIPN;
			}
			k = lo + 1;
		}
		if (!kbx_nextpost(&p, end, db->nentries, j, &e, &v))
			break;
		j++;
		while (c < lk->nce && lk->ce[c] < e)
			c++;
		if (c < lk->nce && lk->ce[c] == e) {
			lk_post(lk, w, lk->acc.slot[e] - 1, e, v, f, idf, nw,
			    direct);
			c++;
		}
	}
}

/* A hint that *p will be read soon; nothing where it cannot be said. */
#if defined(__GNUC__) || defined(__clang__)
#define LK_PREFETCH(p)	__builtin_prefetch(p)
#else
#define LK_PREFETCH(p)	((void)(p))
#endif
#define LK_BATCH	32	/* postings decoded ahead (lk_open) */

/* Ask for entry e's slot and length, to be read in its batch. */
static inline void
lk_ask(const struct lookup *lk, uint32_t e)
{
	LK_PREFETCH(&lk->acc.slot[e]);
	if (e < lk->db->lens.n)
		LK_PREFETCH(lk->db->lens.p + 4 * (size_t)e);
}

/* The accumulators of the nb entries be of a batch (lk_open) into ba,
 * made where there are none, those there are asked for first; -1 when
 * memory runs out. */
static inline int
lk_batch(struct lookup *lk, const uint32_t *be, uint32_t nb, uint32_t *ba)
{
	struct acc	*a;
	uint32_t	 i, k;

	for (i = 0; i < nb; i++)
		if ((k = lk->acc.slot[be[i]]) != 0) {
			LK_PREFETCH(&lk->acc.a[k - 1]);
			LK_PREFETCH(&lk->acc.m[k - 1]);
		}
	for (i = 0; i < nb; i++) {
		if ((a = lk_acc(&lk->acc, be[i])) == NULL)
			return -1;
		ba[i] = (uint32_t)(a - lk->acc.a);
	}
	return 0;
}

/*
 * The open walk through the postings [p, end) of one index word of
 * query word w: every entry they reach gets an accumulator and what the
 * word finds in it.  The entries of a common word are spread over the
 * slot array, the lengths and the accumulators (tens of megabytes for
 * the passages), so each posting waited on a cache miss or three: the
 * postings are decoded LK_BATCH at a time and the slots, lengths and
 * accumulators each batch will read asked for before they are, the
 * batch then taken in the order of the postings, as one at a time.
 */
static int
lk_open(struct lookup *lk, int w, const unsigned char *p,
    const unsigned char *end, double f, double idf, uint32_t *nw, int direct)
{
	const struct kbq *db = lk->db;
	uint32_t	 be[LK_BATCH], bv[LK_BATCH], ba[LK_BATCH];
	uint32_t	 e = 0, j = 0, v, nb, i;

	do {
		for (nb = 0; nb < LK_BATCH && kbx_nextpost(&p, end,
		    db->nentries, j, &e, &v); nb++, j++) {
			be[nb] = e;
			bv[nb] = v;
			lk_ask(lk, e);
		}
		if (lk_batch(lk, be, nb, ba) == -1)
			return -1;
		for (i = 0; i < nb; i++)
			lk_post(lk, w, ba[i], be[i], bv[i], f, idf, nw, direct);
	} while (nb == LK_BATCH);
	return 0;
}

/*
 * lk_open() of a word that several index words stand for (a typo's
 * corrections, other forms): their postings merged in ascending entries,
 * so that an entry's best of them (struct wbest, as lk_post() finds it,
 * index word by index word) is known when the entry is reached and is
 * added to its accumulator at once (lk_add), not kept in the word's
 * list to be added after all of them.
 */
static int
lk_openm(struct lookup *lk, int w)
{
	const struct kbq *db = lk->db;
	const struct qword *qw = &lk->q->w[w];
	const unsigned char *p[KQ_EXP], *end[KQ_EXP];
	uint32_t	 ce[KQ_EXP], cv[KQ_EXP], cj[KQ_EXP];
	uint32_t	 be[LK_BATCH], bv[LK_BATCH][KQ_EXP], bm[LK_BATCH];
	uint32_t	 ba[LK_BATCH], nb, i, me;
	double		 idf[KQ_EXP], el;
	struct wbest	 b;
	unsigned	 live = 0;
	int		 x, nt = qw->nterm;

	for (x = 0; x < nt; x++) {
		kbqi_postings(db, qw->term[x], &p[x], &end[x]);
		idf[x] = kbqi_idf(db, qw->term[x]);
		ce[x] = 0;
		cj[x] = 0;
		if (kbx_nextpost(&p[x], end[x], db->nentries, cj[x], &ce[x],
		    &cv[x])) {
			cj[x]++;
			live |= 1u << x;
		}
	}
	do {
		for (nb = 0; nb < LK_BATCH && live != 0; nb++) {
			me = UINT32_MAX;
			for (x = 0; x < nt; x++)
				if ((live >> x & 1) && ce[x] < me)
					me = ce[x];
			be[nb] = me;
			bm[nb] = 0;
			for (x = 0; x < nt; x++) {
				if (!(live >> x & 1) || ce[x] != me)
					continue;
				bm[nb] |= 1u << x;
				bv[nb][x] = cv[x];
				if (kbx_nextpost(&p[x], end[x], db->nentries,
				    cj[x], &ce[x], &cv[x]))
					cj[x]++;
				else
					live &= ~(1u << x);
			}
			lk_ask(lk, me);
		}
		if (lk_batch(lk, be, nb, ba) == -1)
			return -1;
		for (i = 0; i < nb; i++) {
			b.q = b.m = b.c = b.s = b.t = b.bm = b.a = 0;
			el = kbx_word(&db->lens, be[i], 1, 0) / 16.0;
			for (x = 0; x < nt; x++)
				if (bm[i] >> x & 1)
					lk_best(&b, qw, qw->f[x] * idf[x],
					    bv[i][x], el, db->avglen);
			lk_add(lk, w, &lk->acc.a[ba[i]], ba[i], &b);
		}
	} while (nb == LK_BATCH);
	return 0;
}

/*
 * Add what query word w finds in each entry: BM25, and the idf mass it
 * matches in the entry's fields.  A word standing for several index
 * words (typo, other forms) counts in an entry with its best one.  Once
 * the walk is closed, only in the candidates (those with a slot), and
 * the list is read no further than the last of them.
 */
static int
lk_word(struct lookup *lk, int w)
{
	const struct kbq *db = lk->db;
	const struct qword *qw = &lk->q->w[w];
	const unsigned char *p, *end, *r;
	uint32_t	 t, j, e, v, k, ns, nw = 0;
	double		 f, idf;
	int		 x, direct = qw->nterm == 1;

	/* Open, a word of several index words has their postings merged
	 * (lk_openm); once closed, wlist has room for every candidate
	 * (lk_close). */
	if (!lk->closed && !direct)
		return lk_openm(lk, w);
	for (x = 0; x < qw->nterm; x++) {
		t = qw->term[x];
		f = qw->f[x];
		idf = kbqi_idf(db, t);
		/* Jumping pays when the candidates are fewer than the blocks:
		 * most blocks then hold none. */
		if (lk->closed && (ns = kbqi_skips(db, t, &r)) > lk->acc.n) {
			if (lk_cands(lk) == -1)
				return -1;
			lk_jump(lk, w, t, r, ns, f, idf, &nw, direct);
			continue;
		}
		kbqi_postings(db, t, &p, &end);
		if (!lk->closed) {
			if (lk_open(lk, w, p, end, f, idf, &nw, direct) == -1)
				return -1;
			continue;
		}
		for (e = 0, j = 0, k = 0; kbx_nextpost(&p, end, db->nentries,
		    j, &e, &v); j++) {
			if (e > lk->last)
				break;
			if ((k = lk->acc.slot[e]) != 0)
				lk_post(lk, w, k - 1, e, v, f, idf, &nw,
				    direct);
		}
	}
	for (j = 0; j < nw; j++)
		lk_add(lk, w, &lk->acc.a[lk->wlist[j].acc], lk->wlist[j].acc,
		    &lk->wlist[j]);
	return 0;
}

/* Does code posting i only mention its code (kbq_format.h, CMEN)? */
static int
lk_mention(const struct kbq *db, uint32_t i)
{
	return (kbx_word(&db->cmen, i / 32, 1, 0) >> (i % 32)) & 1;
}

/* A code hit's weight spec, lessened once the code is in more than
 * code_common of the entries that count. */
static double
lk_common(double spec, uint32_t n)
{
	if (n > P->code_common)
		spec *= pow((double)P->code_common / n, P->code_common_exp);
	return spec;
}

/* Mark the entries holding code candidate k of the query. */
static int
lk_code(struct lookup *lk, int k)
{
	const struct kbq *db = lk->db;
	struct acc	*a;
	uint32_t	 t, first, n, next, j, e, named;
	double		 spec, f, fn, f1;

	if (!kbqi_find(db, &db->code, KBX_CODE_W, lk->q->code[k], &t))
		return 0;
	n = kbx_codeposts(db, t, &first);
	/* Its entries end where the next code's begin (kbq_struct.c): a
	 * large index is not checked whole when opened (KBX_OPENCHECK). */
	if (t + 1 < db->code.n && (next = kbx_word(&db->code, t + 1,
	    KBX_CODE_W, 1)) >= first && n > next - first)
		n = next - first;
	spec = kbqi_codespec(lk->q, k);
	for (j = 0, named = 0; j < n; j++)
		named += !lk_mention(db, first + j);
	/* How common a code is: among the entries it names, when some are. */
	f = lk_common(spec, n);
	fn = named > 0 ? lk_common(spec, named) : f;
	if (named > 0 && named < n)
		f *= P->code_mention;
	for (j = 0; j < n; j++) {
		e = kbx_word(&db->cpst, first + j, 1, 0);
		if (e >= db->nentries)
			continue;
		if ((a = lk_acc(&lk->acc, e)) == NULL)
			return -1;
		if (!lk_mention(db, first + j))
			f1 = fn;
		else
			f1 = f;
		if (f1 > a->code)
			a->code = f1;
		lk->codemax = lk_max(lk->codemax, a->code);
	}
	return 0;
}

/*
 * Where kbqi_confmax() of a matched mass h (no code hit) crosses target:
 * *lo the largest h tried below it (-1: even 0 is not), *hi the least
 * tried at or above it (HUGE_VAL: none is).  confmax grows with h, so
 * every h <= *lo is below target and every h >= *hi at or above it, up
 * to a rounding far smaller than LK_EPS.
 */
static void
lk_cut(const struct lookup *lk, double target, double *lo, double *hi)
{
	double	 mid;
	int	 k;

	*lo = -1;
	*hi = lk->qmass + 1;
	if (kbqi_confmax(lk->db, lk->q, lk->qmass, 0, 0) >= target) {
		*hi = 0;
		return;
	}
	*lo = 0;
	for (k = 0; kbqi_confmax(lk->db, lk->q, lk->qmass, *hi, 0) < target;
	    k++) {
		if (k == 64) {
			*lo = *hi;
			*hi = HUGE_VAL;
			return;
		}
		*lo = *hi;
		*hi *= 2;
	}
	for (k = 0; k < 64 && *hi - *lo > LK_EPS * (1 + *hi); k++) {
		mid = *lo + (*hi - *lo) / 2;
		if (kbqi_confmax(lk->db, lk->q, lk->qmass, mid, 0) < target)
			*lo = mid;
		else
			*hi = mid;
	}
}

/*
 * kbqi_confmax(hq, code) of many candidates, remembered: most of them
 * matched the same few words in the same fields, so their masses are
 * the same few numbers.  Direct-mapped by the bits of both; the values
 * are kbqi_confmax()'s own, so nothing changes but the time.
 */
#define LK_MEMO		512

struct lkmemo {
	double		 hq, code, v;
};

static double
lk_confmax(const struct lookup *lk, struct lkmemo *mc, double hq,
    double code)
{
	uint64_t	 h, c;
	struct lkmemo	*m;

	if (mc == NULL)
		return kbqi_confmax(lk->db, lk->q, lk->qmass, hq, code);
	memcpy(&h, &hq, sizeof(h));
	memcpy(&c, &code, sizeof(c));
	h = (h ^ c * UINT64_C(0x9e3779b97f4a7c15)) * UINT64_C(0xff51afd7ed558ccd);
	m = &mc[h >> 55];
	if (m->hq != hq || m->code != code) {
		m->hq = hq;
		m->code = code;
		m->v = kbqi_confmax(lk->db, lk->q, lk->qmass, hq, code);
	}
	return m->v;
}

/*
 * Close the walk if the words left, o[0 .. n), cannot bring a new entry
 * among the best phrase_top, nor make one the best by BM25; then, and
 * before each word while it is closed, drop the candidates that cannot
 * reach them either.  Ranks only grow with evidence (kbq_score.c), so:
 *  - every candidate's rank will be at least its rank now, with BM25
 *    relative to the most any may reach: the phrase_top-th best of
 *    those, bar, is at most the phrase_top-th best rank at the end;
 *  - an entry no word has reached yet ranks at most kbqi_confmax() of
 *    what the words left may add to it (their nmq; the codes are in)
 *    plus their BM25 (nbm) relative to the best BM25 now, bmlo;
 *  - so does a candidate, with what it has and what the words left may
 *    add to it (mq and bm for the words that seeded it, else nmq, nbm).
 * One below bar is never among the best, so the best phrase_top, ranked
 * as exhaustive scoring ranks them, are among the candidates kept; and
 * one whose BM25 stays below bmlo never sets the best BM25.  A dropped
 * candidate loses its slot, so the closed walk passes it by.  Returns 0
 * (closed or not), -1 out of memory.
 */
static int
lk_close(struct lookup *lk, const struct wdorder *o, int n)
{
	const struct kbq *db = lk->db;
	struct acc	*a;
	struct cand	*c;
	uint64_t	 bit;
	uint32_t	 i, na = lk->acc.n, k = 4 * P->phrase_top, m;
	double		 bmlo = 0, bar, up, hb, hq, nmq = 0, nbm = 0, bm = 0;
	double		 droplo, keephi, pick;
	struct lkmemo	 memo[LK_MEMO], *mc = NULL;
	int		 x;

	if (na < P->phrase_top)
		return 0;
	for (x = 0; x < n; x++) {
		nmq += o[x].nmq;
		nbm += o[x].nbm;
		bm += o[x].bm;
	}
	/* A candidate whose BM25 is the best is never dropped (below), so
	 * the best of those kept is the best of those reached. */
	bmlo = lk->bmmax;
	/* An entry not reached yet could lead by BM25, and move bmax. */
	if (!lk->closed && nbm >= bmlo - LK_EPS)
		return 0;
	/* Nor while an entry not reached yet could rank above every
	 * candidate: the bar below is the rank of one, at most confmax()
	 * of their best mass and code hit plus at most rank_bm25 times
	 * bmlo / (bmlo + bm).  A failed attempt reads every accumulator;
	 * this reads none. */
	if (!lk->closed && kbqi_confmax(db, lk->q, lk->qmass, nmq, 0) +
	    P->rank_bm25 * nbm / bmlo >= kbqi_confmax(db, lk->q, lk->qmass,
	    lk->mqmax, lk->codemax) + P->rank_bm25 * bmlo / (bmlo + bm) +
	    LK_EPS)
		return 0;
	if ((c = malloc(k * sizeof(*c))) == NULL)
		return -1;
	/* A multiplication, not a division, for each: the measure only
	 * picks; the ranks that make the bar are exact. */
	pick = P->rank_bm25 / bmlo;
	/* The bar: the exact ranks now of the candidates likeliest to be
	 * best (any of them give a bar; these, picked by a cheap measure
	 * of their evidence, give a high one).  They are picked as the
	 * accumulators are read: an array of all of them, written and read
	 * again on every attempt to close, cost more than the picking. */
	for (i = 0, m = 0; i < na; i++) {
		struct cand	 cur;

		a = &lk->acc.a[i];
		cur.e = a->e;
		cur.a = i;
		cur.bm25 = a->bm25;
		cur.rank = a->mq + a->code + pick * a->bm25;
		cur.conf = 0;
		lk_topput(c, &m, k, &cur);
	}
	for (i = 0; i < m; i++) {
		a = &lk->acc.a[c[i].a];
		c[i].rank = kbqi_conf(db, lk->q, a, lk_mass(&lk->acc, c[i].a), a->e,
		    lk->qmass, -1, 0) +
		    P->rank_bm25 * a->bm25 / (bmlo + bm);
	}
	lk_top(c, m, P->phrase_top);
	bar = c[P->phrase_top - 1].rank - LK_EPS;
	free(c);
	if (!lk->closed) {
		if (kbqi_confmax(db, lk->q, lk->qmass, nmq, 0) +
		    P->rank_bm25 * nbm / bmlo >= bar)
			return 0;
		lk->outbm = nbm;
	}
	/*
	 * A candidate's bound below is confmax() of its mass plus less than
	 * rank_bm25: with a mass up to droplo and no code hit it is below
	 * the bar, with one from keephi on at or above it, whatever its
	 * BM25 and code hit (confmax grows with both).  Only those between
	 * are computed: they are few, and confmax() was a tenth of a warm
	 * lookup when computed for every candidate.
	 */
	droplo = -1;
	keephi = HUGE_VAL;
	if (na >= LK_CUTMIN) {
		lk_cut(lk, bar - P->rank_bm25 - LK_EPS, &droplo, &up);
		lk_cut(lk, bar + LK_EPS, &up, &keephi);
		for (i = 0; i < LK_MEMO; i++)
			memo[i].hq = -1;	/* no mass is */
		mc = memo;
	}
	lk->last = 0;
	for (i = 0, m = 0; i < na; i++) {
		a = &lk->acc.a[i];
		hq = a->mq + nmq;
		hb = a->bm25 + nbm;
		for (x = 0; x < n && a->seeded != 0; x++) {
			bit = (uint64_t)1 << (o[x].bit & 63);
			hq += a->seeded & bit ? o[x].mq - o[x].nmq : 0;
			hb += a->seeded & bit ? o[x].bm - o[x].nbm : 0;
		}
		if (hb < bmlo - LK_EPS && hq < keephi) {
			if (hq <= droplo && a->code == 0)
				up = -1;
			else
				up = lk_confmax(lk, mc, hq, a->code) +
				    P->rank_bm25 * hb / bmlo;
			if (up < bar) {
				lk->outbm = lk_max(lk->outbm, hb);
				lk->acc.slot[a->e] = 0;
				continue;
			}
		}
		if (m != i) {
			lk->acc.a[m] = *a;
			if (a->hasm)
				lk->acc.m[m] = lk->acc.m[i];
		}
		lk->acc.slot[a->e] = ++m;
		if (a->e > lk->last)
			lk->last = a->e;
	}
	lk->acc.n = m;
	lk->closed = 1;
	lk->nce = UINT32_MAX;	/* lk_cands() anew */
	return lk_wroom(lk);
}

/* Do entries a and b belong to one article or its translations? */
static int
lk_samekey(const struct kbq *db, uint32_t a, uint32_t b)
{
	const char	*ka = kbx_art(db, a, 1);

	return kbx_word(&db->ents, a, KBX_ENT_W, KBX_E_ART) ==
	    kbx_word(&db->ents, b, KBX_ENT_W, KBX_E_ART) ||
	    (*ka != '\0' && strcmp(ka, kbx_art(db, b, 1)) == 0);
}

static int lk_told(const struct query *);

/* Keep entry e as the view's description that only agreement may answer
 * with (struct kbq_told): in the user's words, leading by agree_lead. */
static void
lk_keeptold(struct lookup *lk, uint32_t e, double lead, double cover,
    unsigned words)
{
	if (!lk_told(lk->q) || lead < P->agree_lead)
		return;
	lk->told.entry = e;
	lk->told.lead = lead;
	lk->told.cover = cover;
	lk->told.words = words;
	lk->told.set = 1;
}

/*
 * The description path.  A user's own words for a symptom ("the SQL
 * database we protected was dropped and now every backup job fails")
 * rarely repeat the message, so both coverages stay low and the message
 * path rejects them.  But such a description names the topic of one
 * article: its product, its objects, what went wrong; and BM25 over all
 * of an entry's fields (message, heading, title, causes, actions) then
 * singles that article out.  An error of another product shares only
 * words common in any KB of errors ("connection", "failed", "server"),
 * and those are spread over many articles, so none stands out.
 *
 * So when no candidate reaches the threshold, the best candidate by BM25
 * is accepted when all of these hold:
 *  - it leads the best entry of every other article (its translations
 *    aside: they describe the same thing) by P->desc_lead;
 *  - it matches desc_cover of the query's idf mass in any field, so
 *    that most of the description is about it;
 *  - it matches desc_words distinct content words, words less common
 *    than desc_content (in idf units), so that a lead made of one or two
 *    rare words (a product name alone) does not count.
 * Its confidence is modest and grows with the lead; it takes the first
 * place, as the one answer of this path.
 */
static void
lk_describe(struct lookup *lk)
{
	const struct kbq *db = lk->db;
	struct cand	*c, *best = NULL;
	const struct acc *a;
	uint32_t	 i;
	double		 other = 0, cover, lead, d;

	for (i = 0; i < lk->ncand; i++) {
		c = &lk->cand[i];
		if (c->conf >= lk->threshold)
			return;		/* the message path has answered */
		if (best == NULL || c->bm25 > best->bm25)
			best = c;
	}
	/* The best is a sibling of the error the query names: what the
	 * words describe is that family, not one of its other members. */
	if (best == NULL || best->clash || lk->q->nforeign > 0 || lk->qmass <= 0)
		return;
	for (i = 0; i < lk->acc.n; i++) {
		a = &lk->acc.a[i];
		if (a->bm25 > other && !lk_samekey(db, a->e, best->e))
			other = a->bm25;
	}
	a = &lk->acc.a[best->a];
	lead = best->bm25 / fmax(other, 1e-9);
	cover = a->ma / lk->qmass;
	/* An entry the closed walk left out may lead more: only the whole
	 * walk can tell (a lead that fails fails with it too). */
	if ((unsigned)a->nc < P->desc_words || cover < P->desc_cover ||
	    lead < P->desc_lead) {
		if (lk_told(lk->q) && lead >= P->agree_lead &&
		    lk->closed && lk->outbm > other)
			lk->redo = 1;
		else
			lk_keeptold(lk, best->e, lead, cover, (unsigned)a->nc);
		return;
	}
	if (lk->closed && lk->outbm > other) {
		lk->redo = 1;
		return;
	}
	d = lk->threshold + P->desc_slope * (lead - P->desc_lead);
	best->conf = fmin(d, P->desc_max);
	best->rank = best->conf + 1;
	qsort(lk->cand, lk->ncand, sizeof(*lk->cand), lk_cmpcand);
}

/* Whether q reads as one line of prose, a symptom in the user's words:
 * no token written as a code is, no name the KB lacks, one line (pasted
 * output has several). */
static int
lk_prose(const struct query *q)
{
	int	 k;

	for (k = 0; k < q->ncode; k++)
		if (q->shaped[k])
			return 0;
	return q->alien == 0 && q->lines == 0;
}

/* Whether q reads as a symptom told in the user's own words: prose
 * (lk_prose) not led by a label, as a program's output is. */
static int
lk_told(const struct query *q)
{
	return lk_prose(q) && !q->labelled;
}

/*
 * The description path of the passages.  A symptom in the user's own
 * words, about an error that no entry holds (a shape kbc does not know),
 * matches no passage well: its words spread over a section (kbq_section.c).
 * So when no passage reaches the threshold, the sections of the best
 * passages by BM25 are read whole, and the best section by its own BM25
 * is accepted on the entries' terms (lk_describe): it leads the best
 * section of every other article by P->sec_lead, covers desc_cover of
 * the query's mass with desc_words content words.  It answers from the
 * section's passage that the description matched best, shown with the
 * passages around it (kbq_result.c): a symptom names one part of a
 * section (a row of its table, the paragraph on it), and its heading
 * alone told the user less (the held-out sets' paraphrases: 4 of 9 sets
 * better, none worse, the development queries unchanged).  Its
 * confidence is modest and grows with the lead.
 */
#define LK_SECTIONS	8	/* sections compared */
#define LK_LINES	16	/* lines looked up one by one, at most (lk_lines) */

static int
lk_sections(struct lookup *lk)
{
	const struct kbq *db = lk->db;
	struct secstat	 st[LK_SECTIONS];
	uint32_t	 at[LK_SECTIONS], i, k, first;
	struct cand	*c;
	double		 other = 1e-9, lead, need;
	int		 ns = 0, b = 0, j;

	if (lk->acc.n == 0 || lk->qmass <= 0 || lk->q->nforeign > 0 || kbx_word(&db->ents,
	    lk->acc.a[0].e, KBX_ENT_W, KBX_E_KIND) != KBX_KIND_PASSAGE)
		return 0;
	for (i = 0; i < lk->ncand; i++)
		if (lk->cand[i].conf >= lk->threshold)
			return 0;	/* a passage has answered */
	if ((c = malloc(lk->acc.n * sizeof(*c))) == NULL)
		return -1;
	for (i = 0; i < lk->acc.n; i++) {
		c[i].e = lk->acc.a[i].e;
		c[i].a = i;
		c[i].rank = c[i].bm25 = lk->acc.a[i].bm25;
		c[i].conf = 0;
	}
	k = lk_top(c, lk->acc.n, P->sec_reach);
	/* A passage the closed walk left out may be among the best by BM25:
	 * only the whole walk can tell. */
	if (lk->closed && lk->outbm > 0 && (k < P->sec_reach ||
	    lk->outbm >= c[k - 1].bm25 - LK_EPS)) {
		lk->redo = 1;
		free(c);
		return 0;
	}
	for (i = 0; i < k && ns < LK_SECTIONS; i++) {
		first = kbqi_section_first(db, c[i].e);
		for (j = 0; j < ns && st[j].first != first; j++)
			;
		if (j < ns)
			continue;
		at[ns] = i;
		kbqi_section(db, lk->q, c[i].e, &st[ns]);
		if (st[ns].bm25 > st[b].bm25)
			b = ns;
		ns++;
	}
	for (j = 0; j < ns; j++)
		if (st[j].bm25 > other && !lk_samekey(db, c[at[j]].e,
		    c[at[b]].e))
			other = st[j].bm25;
	lead = st[b].bm25 / other;
	/* Fewer content words than desc_words make weaker evidence: the
	 * section must lead by more. */
	if (ns == 0 || st[b].nc == 0)
		need = HUGE_VAL;
	else if ((unsigned)st[b].nc >= P->desc_words)
		need = P->sec_lead;
	else if (lk_prose(lk->q))
		need = P->sec_lead * pow((double)P->desc_words / st[b].nc,
		    P->sec_few);
	else
		need = HUGE_VAL;
	if (ns > 0 && st[b].mass >= P->desc_cover * lk->qmass &&
	    lead >= need && !st[b].clash) {
		/* Every candidate is below the threshold: this is the one
		 * answer. */
		lk->cand[0] = c[at[b]];
		lk->cand[0].conf = fmin(lk->threshold + P->desc_slope *
		    (lead - need), P->desc_max);
		lk->cand[0].rank = lk->cand[0].conf + 1;
		if (lk->ncand == 0)
			lk->ncand = 1;
	} else if (ns > 0 && !st[b].clash)
		lk_keeptold(lk, c[at[b]].e, lead, st[b].mass / lk->qmass,
		    (unsigned)st[b].nc);
	free(c);
	return 0;
}

/* Candidate c's rank from its exact confidence. */
static void
lk_exact(struct lookup *lk, struct cand *c, double bmax)
{
	c->conf = kbqi_conf(lk->db, lk->q, &lk->acc.a[c->a], lk_mass(&lk->acc, c->a),
	    c->e, lk->qmass,
	    -1, 0);
	c->rank = c->conf + P->rank_bm25 * c->bm25 / bmax;
}

/*
 * The exact ranks of the candidates that may be among the best
 * phrase_top, the others out (rank -1): their ranks are upper bounds
 * (kbqi_confmax) on entry.  The candidates of the highest bounds are
 * scored first; the phrase_top-th best of their exact ranks is a bar
 * that a candidate whose bound is below it cannot pass, so the best
 * phrase_top are those exhaustive scoring finds.  Most candidates of a
 * large KB matched only a common word or two and are never read.
 */
static void
lk_bound(struct lookup *lk, uint32_t n, double bmax)
{
	struct cand	*c = lk->cand;
	uint32_t	 i, first = 4 * P->phrase_top;
	double		 bar;

	if (lk->exhaustive || n <= first) {
		for (i = 0; i < n; i++)
			lk_exact(lk, &c[i], bmax);
		return;
	}
	lk_top(c, n, first);
	for (i = 0; i < first; i++)
		lk_exact(lk, &c[i], bmax);
	lk_top(c, first, P->phrase_top);
	bar = c[P->phrase_top - 1].rank;
	for (i = first; i < n; i++)
		if (c[i].rank >= bar)
			lk_exact(lk, &c[i], bmax);
		else
			c[i].rank = -1;
}

/*
 * Order the entries: on the bag of words first, then, for the best
 * phrase_top, with word order too.  BM25 relative to the best orders
 * what coverage cannot tell apart (descriptions of a symptom match causes
 * and actions more than any message); between near equals (one error in
 * several translations, one code in several articles) the asked language
 * wins.
 */
static int
lk_rank(struct lookup *lk, const char *lang)
{
	const struct kbq *db = lk->db;
	struct cand	*c;
	uint32_t	 i, n = lk->acc.n;
	double		 bmax = 1e-9, ph;
	int		 whole, sibling;
	unsigned	 sib = 0, near = 0;

	if ((lk->cand = calloc(n + 1, sizeof(*lk->cand))) == NULL ||
	    (lk->pairs = malloc(sizeof(*lk->pairs))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		bmax = fmax(bmax, lk->acc.a[i].bm25);
	for (i = 0; i < n; i++) {
		c = &lk->cand[i];
		c->e = lk->acc.a[i].e;
		c->a = i;
		c->bm25 = lk->acc.a[i].bm25;
		c->rank = kbqi_confmax(db, lk->q, lk->qmass,
		    lk->acc.a[i].mq, lk->acc.a[i].code) + P->rank_bm25 * c->bm25 / bmax;
	}
	lk_bound(lk, n, bmax);
	lk->ncand = lk_top(lk->cand, n, P->phrase_top);
	kbqi_qpairs(lk->q, lk->pairs);
	/* A query that names a sibling of one of them (kbqi_kin) is about
	 * that family's member the KB lacks: only an entry one of its codes
	 * hits still answers as it would. */
	for (i = 0; i < lk->ncand; i++)
		if (lk->acc.a[lk->cand[i].a].code == 0)
			sib |= kbqi_kin(db, lk->q, lk->cand[i].e, &near);
	sibling = (sib & ~near) != 0;
	for (i = 0; i < lk->ncand; i++) {
		c = &lk->cand[i];
		ph = kbqi_phrase(db, c->e, lk->pairs, &whole);
		c->conf = kbqi_conf(db, lk->q, &lk->acc.a[c->a], lk_mass(&lk->acc, c->a),
		    c->e,
		    lk->qmass, ph, whole);
		if (sibling && lk->acc.a[c->a].code == 0) {
			c->clash = 1;
			c->conf *= P->clash;
		}
		c->rank = c->conf + P->rank_bm25 * c->bm25 / bmax;
		if (lang != NULL && kbqi_samelang(kbx_art(db, c->e, 2), lang))
			c->rank += P->lang_bonus;
	}
	qsort(lk->cand, lk->ncand, sizeof(*lk->cand), lk_cmpcand);
	/* A description matches a whole section, never one passage. */
	if (db->psg != NULL)
		lk_describe(lk);
	else if (lk_sections(lk) == -1)
		return -1;
	return 0;
}

/* Is entry e, or its translation, among the first n results already? */
static int
lk_dup(const struct kbq *db, const struct kbq_result *res, uint32_t e)
{
	uint32_t	 o;
	int		 x;

	for (x = 0; x < res->n; x++) {
		o = res->r[x].entry;
		/* Passages: one result a section. */
		if (kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_KIND) ==
		    KBX_KIND_PASSAGE && strcmp(kbx_anchor(db, o),
		    kbx_anchor(db, e)) == 0 && strcmp(kbx_art(db, o, 1),
		    kbx_art(db, e, 1)) == 0)
			return 1;
		if (o == e || (strcmp(kbx_anchor(db, o), kbx_anchor(db, e)) ==
		    0 && strcmp(kbx_art(db, o, 1), kbx_art(db, e, 1)) == 0 &&
		    strcmp(kbx_art(db, o, 2), kbx_art(db, e, 2)) != 0))
			return 1;
	}
	return 0;
}

/* Entry e of db with score s as the next result of res, in language
 * lang when given; not when it, or its translation, is there already. */
static void
lk_hit(const struct kbq *db, uint32_t e, double s, const char *lang,
    struct kbq_result *res)
{
	struct idents	 ids[2];
	uint32_t	 t;

	t = lang != NULL ? kbqi_translate(db, e, lang, ids) : e;
	if (lk_dup(db, res, t))
		return;
	/* Scores never rise down the list. */
	if (res->n > 0 && res->r[res->n - 1].score < s)
		s = res->r[res->n - 1].score;
	res->r[res->n].view = db;
	res->r[res->n].entry = t;
	res->r[res->n].score = s;
	res->r[res->n].qview = NULL;
	res->r[res->n].translated = t != e;
	/* The article is translated, but this entry could not be matched
	 * with its translation surely: say so. */
	res->r[res->n].untranslated = lang != NULL &&
	    !kbqi_samelang(kbx_art(db, t, 2), lang) &&
	    kbqi_has_translation(db, t, lang);
	res->n++;
}

/* The results: candidates that reach the threshold, translated, unique. */
static int
lk_results(struct lookup *lk, const char *lang, int limit,
    struct kbq_result *res)
{
	uint32_t	 i;

	if ((res->r = calloc((size_t)limit, sizeof(*res->r))) == NULL)
		return -1;
	for (i = 0; i < lk->ncand && res->n < limit; i++)
		if (lk->cand[i].conf >= lk->threshold)
			lk_hit(lk->db, lk->cand[i].e, lk->cand[i].conf, lang, res);
	return 0;
}

static int
lk_cmpword(const void *pa, const void *pb)
{
	const struct wdorder *a = pa, *b = pb;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->w - b->w;
}

/*
 * Walk the query's codes, then its words from the shortest posting list
 * to the longest (pruned or not, so that each entry's sums add up in
 * one order and both rank alike), closing the walk (lk_close) as soon
 * as the words left cannot bring a new entry among the best: the long
 * lists of common words then only add to the candidates.
 */
static int
lk_walk(struct lookup *lk)
{
	struct wdorder	*o;
	uint64_t	 left = 0;
	int		 i, n = lk->q->nw, rc = -1;

	for (i = 0; i < lk->q->ncode; i++)
		if (lk_code(lk, i) == -1)
			return -1;
	if ((o = calloc((size_t)n + 1, sizeof(*o))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		lk_wordmax(lk, i, &o[i]);
		left += o[i].len;
	}
	/* Room for every accumulator the words may make (a posting takes
	 * 2 bytes at least): growing by realloc() copied them, and so
	 * touched every page twice, up to hundreds of thousands of them. */
	if (lk_accroom(&lk->acc, left / 2, lk->db->nentries) == -1)
		goto out;
	qsort(o, (size_t)n, sizeof(*o), lk_cmpword);
	for (i = 0; i < n && !lk->exhaustive; i++) {
		o[i].bit = i;
		if (lk_seed(lk, &o[i], (uint64_t)1 << (i & 63)) == -1)
			goto out;
	}
	for (i = 0; i < n; i++) {
		/* Worth a look when the lists left are long next to the
		 * candidates: closing reads each candidate once.  Once
		 * closed, fewer candidates make a long list cheaper. */
		if (!lk->exhaustive && (lk->closed ? o[i].len :
		    left) > lk->acc.n && lk_close(lk, o + i, n - i) == -1)
			goto out;
		if (lk_word(lk, o[i].w) == -1)
			goto out;
		left -= o[i].len;
	}
	rc = 0;
out:
	free(o);
	return rc;
}

/*
 * The arrays a lookup works in, kept with the handle for the next lookup
 * (struct kbq, spare).  Made anew for each lookup, the slot array and
 * the accumulators were mapped and zeroed page by page every time (a
 * tenth of a warm lookup at 14,400 articles); kept, they cost only the
 * clearing of the slots the lookup set.  A lookup takes them from the
 * handle with one atomic exchange, so that lookups on one handle from
 * several threads never share them: a lookup that finds none (the first,
 * or one while another thread holds them) makes its own, and of two put
 * back at once the second is freed.  The entries' view and the passages'
 * share them (the slot array as long as the longer view needs), so that
 * a process holds one set, not one a view: the passages' lookup after
 * the entries' one reuses the pages it touched.
 */
struct kbqi_spare {
	uint32_t	*slot;		/* nslot, all zero */
	size_t		 nslot;
	struct acc	*a;		/* kbqi_scratch() of cap of them */
	struct accm	*m;		/* as many */
	uint32_t	 cap;
	struct wbest	*wlist;
	uint32_t	 wcap;
	uint32_t	*ce;
	uint32_t	 cecap;
};

/* Where db's lookups keep their arrays: its handle's, which a view
 * (struct kbq, root) shares.  The handle is const to its callers: the
 * arrays are no part of what they see, and it was allocated writable
 * (kbq_open.c). */
static _Atomic(struct kbqi_spare *) *
lk_spare(const struct kbq *db)
{
	struct kbq	*h = (struct kbq *)(uintptr_t)(db->root != NULL ?
			    db->root : db);

	return &h->spare;
}

static void
lk_sparefree(struct kbqi_spare *sp)
{
	if (sp == NULL)
		return;
	kbqi_scratch_free(sp->slot, sp->nslot * sizeof(*sp->slot));
	kbqi_scratch_free(sp->a, (size_t)sp->cap * sizeof(*sp->a));
	kbqi_scratch_free(sp->m, (size_t)sp->cap * sizeof(*sp->m));
	free(sp->wlist);
	free(sp->ce);
	free(sp);
}

/* kbq_int.h: at kbq_close(), when no lookup runs. */
void
kbqi_spare_free(struct kbq *db)
{
	lk_sparefree(atomic_exchange(&db->spare, NULL));
}

/* lk's arrays: the handle's kept ones, or new; 0, or -1 out of memory. */
static int
lk_take(struct lookup *lk)
{
	struct kbqi_spare *sp = atomic_exchange(lk_spare(lk->db), NULL);
	size_t		 need = (size_t)lk->db->nentries + 1;

	if (sp != NULL) {
		lk->acc.slot = sp->slot;
		lk->nslot = sp->nslot;
		lk->acc.a = sp->a;
		lk->acc.m = sp->m;
		lk->acc.cap = sp->cap;
		lk->wlist = sp->wlist;
		lk->wcap = sp->wcap;
		lk->ce = sp->ce;
		lk->cecap = sp->cecap;
		free(sp);
	}
	if (lk->acc.slot != NULL && lk->nslot >= need)
		return 0;
	/* The first lookup, or the longer view's first. */
	kbqi_scratch_free(lk->acc.slot, lk->nslot * sizeof(*lk->acc.slot));
	lk->nslot = 0;
	if ((lk->acc.slot = kbqi_scratch(need * sizeof(*lk->acc.slot))) ==
	    NULL)
		return -1;
	lk->nslot = need;
	return 0;
}

/*
 * Give lk's arrays back to the handle, its slots cleared: every slot set
 * belongs to an accumulator kept (lk_close() clears those it drops).
 * After a failure they are freed instead.
 */
static void
lk_give(struct lookup *lk, int ok)
{
	struct kbqi_spare *sp = NULL, *none = NULL;
	uint32_t	 i;

	if (ok && lk->acc.slot != NULL && (sp = malloc(sizeof(*sp))) != NULL) {
		for (i = 0; i < lk->acc.n; i++)
			lk->acc.slot[lk->acc.a[i].e] = 0;
		sp->slot = lk->acc.slot;
		sp->nslot = lk->nslot;
		sp->a = lk->acc.a;
		sp->m = lk->acc.m;
		sp->cap = lk->acc.cap;
		sp->wlist = lk->wlist;
		sp->wcap = lk->wcap;
		sp->ce = lk->ce;
		sp->cecap = lk->cecap;
		if (atomic_compare_exchange_strong(lk_spare(lk->db), &none,
		    sp))
			return;
		lk_sparefree(sp);
		return;
	}
	kbqi_scratch_free(lk->acc.a, (size_t)lk->acc.cap * sizeof(*lk->acc.a));
	kbqi_scratch_free(lk->acc.m, (size_t)lk->acc.cap * sizeof(*lk->acc.m));
	kbqi_scratch_free(lk->acc.slot, lk->nslot * sizeof(*lk->acc.slot));
	free(lk->wlist);
	free(lk->ce);
}

/* One lookup on db, the entries or the passages' view, into res; sets
 * *redo when only an exhaustive walk can rank it. */
static int
lk_run1(const struct kbq *db, const char *text, size_t len, const char *lang,
    int limit, double threshold, int exhaustive, struct kbq_result *res,
    int *redo)
{
	struct lookup	 lk;
	int		 w, rc = KBQ_NOMEM;

	memset(&lk, 0, sizeof(lk));
	lk.db = db;
	lk.threshold = threshold;
	lk.exhaustive = exhaustive;
	if ((lk.q = calloc(1, sizeof(*lk.q))) == NULL || lk_take(&lk) == -1)
		goto out;

	kbqi_parse(lk.q, text, len);
	kbqi_resolve(db, lk.q);
	for (w = 0; w < lk.q->nw; w++)
		lk.qmass += lk.q->w[w].idf;
	if (lk_walk(&lk) == -1 || lk_rank(&lk, lang) == -1)
		goto out;
	if ((*redo = lk.redo) == 0 && lk_results(&lk, lang, limit, res) == -1)
		goto out;
	res->told = lk.told;
	rc = KBQ_OK;
out:
	free(lk.q);
	lk_give(&lk, rc == KBQ_OK);
	free(lk.cand);
	free(lk.pairs);
	return rc;
}

/* One lookup on db, the entries or the passages' view, into res. */
static int
lk_run(const struct kbq *db, const char *text, size_t len, const char *lang,
    int limit, double threshold, int exhaustive, struct kbq_result *res)
{
	int	 rc, redo = 0;

	rc = lk_run1(db, text, len, lang, limit, threshold, exhaustive, res,
	    &redo);
	if (rc == KBQ_OK && redo)
		rc = lk_run1(db, text, len, lang, limit, threshold, 1, res,
		    &redo);
	return rc;
}

/*
 * Put the best passage first when it matches much better than any entry
 * and comes from another article: the error is written word for word in
 * a shape kbc did not extract, and the entries answered only with what
 * they share with it ("rate limit exceeded").  Otherwise the entries
 * stand: they are what the docs say about an error.
 */
static int
lk_merge(struct kbq_result *res, const struct kbq_result *psg, int limit)
{
	const struct kbq_hit *p = &psg->r[0], *e = &res->r[0];

	uint32_t	 pa, ea;

	if (psg->n == 0)
		return 0;
	/* The views share the articles: the same article or a translation
	 * of it (the same key) is no other article. */
	pa = kbx_word(&p->view->ents, p->entry, KBX_ENT_W, KBX_E_ART);
	ea = kbx_word(&e->view->ents, e->entry, KBX_ENT_W, KBX_E_ART);
	/* The entry's own section holds the pasted text better than its
	 * messages: show where, with the entry.  A translation's messages
	 * are not what matched: its section holding the text well enough
	 * is shown (the log line its translated heading names). */
	for (int k = 0; k < psg->n && (psg->r[k].score > e->score ||
	    (e->translated && psg->r[k].score >= P->psg_over)); k++) {
		const struct kbq_hit *q = &psg->r[k];

		if (kbx_word(&q->view->ents, q->entry, KBX_ENT_W, KBX_E_ART) == ea &&
		    kbx_word(&q->view->ents, q->entry, KBX_ENT_W, KBX_E_ANCHOR) ==
		    kbx_word(&e->view->ents, e->entry, KBX_ENT_W, KBX_E_ANCHOR)) {
			res->r[0].qview = q->view;
			res->r[0].qentry = q->entry;
			break;
		}
	}
	if (p->score < P->psg_over || p->score - e->score < P->psg_margin)
		return 0;
	if (pa == ea || (*kbx_str(res->db, kbx_word(&res->db->arts, pa,
	    KBX_ART_W, KBX_A_KEY)) != '\0' && kbx_word(&res->db->arts, pa,
	    KBX_ART_W, KBX_A_KEY) == kbx_word(&res->db->arts, ea, KBX_ART_W,
	    KBX_A_KEY)))
		return 0;
	if (res->n == limit)
		res->n--;
	memmove(res->r + 1, res->r, (size_t)res->n * sizeof(res->r[0]));
	res->r[0] = *p;
	res->n++;
	return 0;
}

/*
 * The entries answer first: they are what the docs say about an error.
 * When none answers with confidence, the passages do: the section where
 * the error is written, shape or no shape, judged by the same measures
 * over the passages' own words (kbq_format.h).
 */
void
kbq_options_init(struct kbq_options *opt)
{
	if (opt == NULL)
		return;
	memset(opt, 0, sizeof(*opt));
	opt->size = sizeof(*opt);
	opt->limit = KBQ_DEFLIMIT;
}

double
kbq_default_threshold(void)
{
	return P->threshold;
}

/*
 * The entries' description and the passages' section, each below its
 * own bar (struct kbq_told), naming one section of one article: the
 * entry answers, with the confidence of the weaker lead.
 */
static void
lk_agree(struct kbq_result *res, const struct kbq_result *psg,
    double t, const char *lang)
{
	const struct kbq_told *d = &res->told, *s = &psg->told;
	const struct kbq *pv = psg->db->psg;

	if (!d->set || !s->set || res->r == NULL ||
	    (d->words < P->agree_words && s->words < P->agree_words) ||
	    (d->cover < P->agree_cover && s->cover < P->agree_cover) ||
	    kbx_word(&res->db->ents, d->entry, KBX_ENT_W, KBX_E_ART) !=
	    kbx_word(&pv->ents, s->entry, KBX_ENT_W, KBX_E_ART) ||
	    kbx_word(&res->db->ents, d->entry, KBX_ENT_W, KBX_E_ANCHOR) !=
	    kbx_word(&pv->ents, s->entry, KBX_ENT_W, KBX_E_ANCHOR))
		return;
	lk_hit(res->db, d->entry, fmin(t + P->desc_slope *
	    (fmin(d->lead, s->lead) - P->agree_lead), P->desc_max), lang, res);
}

/* The entries, then the passages, on one text (see above); with agree,
 * their descriptions agreeing too (lk_agree): not on one line of pasted
 * output (lk_lines), which no user wrote. */
static int
lk_text(const kbq *db, const char *text, size_t len, const char *lang,
    int limit, double t, int exhaustive, int agree, kbq_result **out)
{
	struct kbq_result *res, *psg = NULL;
	int		 rc;

	*out = NULL;
	if ((res = calloc(1, sizeof(*res))) == NULL ||
	    (psg = calloc(1, sizeof(*psg))) == NULL) {
		free(res);
		return KBQ_NOMEM;
	}
	res->db = psg->db = db;
	rc = lk_run(db, text, len, lang, limit, t, exhaustive, res);
	/* No passage can go before an entry this sure (lk_merge), but a
	 * translation's section may show what matched. */
	if (rc == KBQ_OK && db->psg != NULL && db->psg->nentries > 0 &&
	    (res->n == 0 || res->r[0].score + P->psg_margin <= 1 ||
	    res->r[0].translated))
		rc = lk_run(db->psg, text, len, lang, limit,
		    t + P->psg_threshold - P->threshold, exhaustive, psg);
	if (rc == KBQ_OK && agree && res->n == 0 && psg->n == 0)
		lk_agree(res, psg, t, lang);
	if (rc == KBQ_OK && res->n == 0) {
		kbq_result_free(res);
		res = psg;
		psg = NULL;
	} else if (rc == KBQ_OK)
		rc = lk_merge(res, psg, limit);
	kbq_result_free(psg);
	if (rc != KBQ_OK) {
		kbq_result_free(res);
		return rc;
	}
	*out = res;
	return KBQ_OK;
}

/*
 * Pasted lines that answer nothing together: a message and its detail
 * ("ERROR: deadlock detected" over "DETAIL: Process 2211 waits ..."), a
 * trace under or over its exception.  Each line of LK_LINES at most,
 * alone; the best answer of one line, which must pass the same
 * threshold, answers.
 */
static int
lk_lines(const kbq *db, const char *text, size_t len, const char *lang,
    int limit, double t, int exhaustive, kbq_result **out)
{
	const char	*p = text, *end = text + len, *nl;
	kbq_result	*best = NULL, *r;
	int		 rc = KBQ_OK, lines = 0;

	for (nl = p; nl < end; nl++)
		lines += *nl == '\n';
	if (lines == 0 || lines >= LK_LINES)
		return KBQ_OK;
	for (; p < end && rc == KBQ_OK; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (nl - p < 2)
			continue;
		rc = lk_text(db, p, (size_t)(nl - p), lang, limit, t,
		    exhaustive, 0, &r);
		if (rc == KBQ_OK && r->n > 0 && (best == NULL ||
		    r->r[0].score > best->r[0].score)) {
			kbq_result_free(best);
			best = r;
		} else
			kbq_result_free(r);
	}
	if (rc != KBQ_OK) {
		kbq_result_free(best);
		return rc;
	}
	if (best != NULL) {
		kbq_result_free(*out);
		*out = best;
	}
	return KBQ_OK;
}

int
kbq_lookup_opts(const kbq *db, const char *text, size_t len,
    const struct kbq_options *opt, kbq_result **out)
{
	struct kbq_result *res;
	const char	*lang;
	char		 lbuf[32];
	double		 t;
	int		 rc, limit;

	if (out == NULL)
		return KBQ_ERROR;
	*out = NULL;
	/* Options as of 1.2; a later version reads only the fields within
	 * opt->size, so that programs built against this header work on. */
	if (db == NULL || db->ents.p == NULL || (text == NULL && len > 0) ||
	    opt == NULL || opt->size < sizeof(*opt))
		return KBQ_ERROR;
	limit = opt->limit > 0 ? opt->limit : KBQ_DEFLIMIT;
	t = opt->threshold > 0 ? opt->threshold : P->threshold;
	if (len > KBQ_MAXQUERY)
		len = KBQ_MAXQUERY;
	lang = NULL;
	if (opt->lang != NULL) {
		kbqi_foldlang(opt->lang, lbuf, sizeof(lbuf));
		lang = *lbuf != '\0' ? lbuf : NULL;
	}
	rc = lk_text(db, text, len, lang, limit, t, opt->exhaustive, 1, &res);
	if (rc == KBQ_OK && res->n == 0)
		rc = lk_lines(db, text, len, lang, limit, t, opt->exhaustive, &res);
	if (rc != KBQ_OK) {
		kbq_result_free(res);
		return rc;
	}
	*out = res;
	return KBQ_OK;
}

int
kbq_lookup(const kbq *db, const char *text, size_t len, const char *lang,
    int limit, kbq_result **out)
{
	struct kbq_options opt;

	kbq_options_init(&opt);
	opt.lang = lang;
	opt.limit = limit;
	return kbq_lookup_opts(db, text, len, &opt, out);
}

