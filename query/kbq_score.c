/*
 * kbq_score.c: how well one entry answers the query, as a confidence in
 * [0, 1] (see kbq_lookup.c for why these measures).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kbq_params.h"
#include "kbq_rank.h"

static const struct kbq_params *const P = &kbqi_params;

/*
 * How decisive a hit on code candidate k of the query is: long or
 * structured codes are exact; short numbers (HTTP statuses, small counts)
 * are weak evidence alone; a plain word that happens to be a code
 * ("Timeout", "Unauthorized", "Exception") is only a code when it is all
 * there is.  A long run of letters is an identifier when it is written
 * like one (TokenExpired) or stands alone (tokenexpired pasted as it
 * is); among other words it is a word ("exception errors").
 */
double
kbqi_codespec(const struct query *q, int k)
{
	const char	*c = q->code[k];
	size_t		 n = strlen(c), digits = 0, i;
	int		 alone = q->nseq <= 1, word;
	double		 f;

	for (i = 0; i < n; i++)
		if (c[i] >= '0' && c[i] <= '9')
			digits++;
	word = digits == 0 && strchr(c, '_') == NULL && !q->shaped[k];
	if (digits == n)
		f = n >= 5 ? P->code_num5 : n == 4 ? P->code_num4 :
		    n == 3 ? P->code_num3 : P->code_num;
	else if (!word || (n >= 6 && alone))
		f = P->code_shaped;
	else
		f = P->code_word;
	if (!q->shaped[k] && (q->nseq > KQ_CODE_WORDS || (word && !alone)))
		f *= P->code_in_text;
	return f;
}

/*
 * The confidence of entry e for query q from its accumulated evidence a
 * and the masses it matched in each field, am;
 * qmass is the query's idf mass; phrase is
 * the share of word pairs the query and the entry have in common (1 when
 * there are no pairs to compare, -1 when not yet known).
 */
double
kbqi_conf(const struct kbq *db, const struct query *q, const struct acc *a,
    const struct accm *am, uint32_t e, double qmass, double phrase, int whole)
{
	int	 codeonly = q->nseq <= KQ_CODE_WORDS;
	double	 mm, mc, ms, mt, ec = 0, qc, text, code, conf, min, fl;
	double	 unit = db->idf1;

	mm = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MASSM) / 1024.0;
	ms = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MASSS) / 1024.0;
	mt = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MASST) / 1024.0;
	mc = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MASSC) / 1024.0;
	/* A text of one or two common words is covered by chance: its mass
	 * counts as at least P->ec_minmass. */
	min = P->ec_minmass * unit;
	if (mm > 0 && am->mm / fmax(mm, min) > ec)
		ec = am->mm / fmax(mm, min);
	if (mc > 0 && am->mc / fmax(mc, min) > ec)
		ec = am->mc / fmax(mc, min);
	if (ms > 0 && am->ms / fmax(ms, min) > ec)
		ec = am->ms / fmax(ms, min);
	if (mt > 0 && P->ec_title * am->mt / fmax(mt, min) > ec)
		ec = P->ec_title * am->mt / fmax(mt, min);
	if (ec > 1)
		ec = 1;
	qc = qmass > 0 ? a->mq / qmass : 0;
	if (qc > 1)
		qc = 1;
	/* A query that is a piece of the entry's text (cut short, or one
	 * sentence of several) covers it as far as it goes. */
	if (whole && qc > ec)
		ec = qc;
	fl = P->cover_floor;
	text = (sqrt((fl + (1 - fl) * ec) * (fl + (1 - fl) * qc)) - fl) /
	    (1 - fl);
	/* Words in the entry's order count more than the same bag of words
	 * scattered: it tells a message from a coincidence. */
	if (phrase >= 0)
		text *= 1 - P->phrase_w + P->phrase_w * phrase;
	/* Little evidence is weak evidence, however well it covers: one
	 * or two matching words do not make a match. */
	text *= 1 - exp(-a->mq / (P->evidence * unit));
	/* Names the KB has never seen say the error comes from elsewhere. */
	if (q->alien > 0)
		text *= P->alien;
	/* A code hit and the text are independent evidence: noisy-or.  The
	 * words around a code ("error code", "ID:") do not weaken it. */
	code = a->code * (codeonly ? 1.0 : P->code_text_floor +
	    (1 - P->code_text_floor) * qc);
	conf = 1 - (1 - text) * (1 - code);
	return conf;
}

/* What code c (n bytes, as written) is to the query's foreign
 * identifiers (bit k: the k-th): those of its form it is another of, in
 * the result, and those it is written for, mistyped (two edits) or cut
 * short, or'ed into *near. */
static unsigned
sc_kin(const struct query *q, const char *c, size_t n, unsigned *near)
{
	char		 tok[KBQN_MAXTOK], nc[KBQN_MAXTOK];
	size_t		 lf, lc;
	unsigned	 f, sib = 0;
	int		 k;

	if ((f = kbqn_form(c, n)) == 0)
		return 0;
	memcpy(tok, c, n);
	tok[n] = '\0';
	if ((lc = kbqn_code(tok, nc, sizeof(nc))) == 0)
		return 0;
	for (k = 0; k < q->nforeign; k++) {
		if (q->fform[k] != f)
			continue;
		lf = strlen(q->foreign[k]);
		if (strncmp(nc, q->foreign[k], lf < lc ? lf : lc) == 0 ||
		    kbqi_dist(nc, lc, q->foreign[k], lf, 2) <= 2)
			*near |= 1u << k;
		else
			sib |= 1u << k;
	}
	return sib;
}

/* sc_kin() of the identifiers of text (its first KQ_CLASHSCAN bytes). */
static unsigned
sc_textkin(const struct query *q, const char *text, unsigned *near)
{
	const char	*end = text + strnlen(text, KQ_CLASHSCAN);
	size_t		 len;
	unsigned	 sib = 0;

	for (; (text = kbqn_nextident(text, end, &len)) != NULL; text += len)
		if (len < KBQN_MAXTOK)
			sib |= sc_kin(q, text, len, near);
	return sib;
}

/*
 * Which of the query's foreign identifiers (those of a form, kbqn_form,
 * that the index lacks) entry e names a sibling of: a code of the same
 * form that is not the identifier mistyped or cut short.  Those it is
 * written for, so, are or'ed into *near: an identifier near one entry's
 * code is that code, not a foreign one.  "ERR_PNPM_OUTDATED_LOCKFILE"
 * pasted into a KB holding ERR_KNIT_LOCKFILE_OUT_OF_DATE, "0x80070643"
 * into one holding 0x8024D1F2: the words around the code may match well,
 * but the error is another of the family (kbq_lookup.c).  A passage has
 * no codes of its own: the identifiers of its text and of its section's
 * heading are read instead.  Reads at most KQ_FOREIGN codes of e, or the
 * first KQ_CLASHSCAN bytes of each text.
 */
unsigned
kbqi_kin(const struct kbq *db, const struct query *q, uint32_t e,
    unsigned *near)
{
	const char	*c;
	uint32_t	 first, n, j;
	size_t		 len;
	unsigned	 sib = 0;

	if (q->nforeign == 0)
		return 0;
	first = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_CODE);
	n = kbx_clamp(first, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_NCODE),
	    db->refs.n);
	for (j = 0; j < n && j < KQ_FOREIGN; j++) {
		c = kbx_str(db, kbx_word(&db->refs, first + j, 1, 0));
		if ((len = strnlen(c, KBQN_MAXTOK)) < KBQN_MAXTOK)
			sib |= sc_kin(q, c, len, near);
	}
	if (n > 0 || kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_KIND) !=
	    KBX_KIND_PASSAGE)
		return sib;
	first = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MSG);
	if (kbx_clamp(first, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_NMSG),
	    db->refs.n) > 0)
		sib |= sc_textkin(q, kbx_str(db, kbx_word(&db->refs, first, 1,
		    0)), near);
	return sib | sc_textkin(q, kbx_str(db, kbx_word(&db->ents, e,
	    KBX_ENT_W, KBX_E_SECTION)), near);
}

/*
 * A bound of kbqi_conf(db, q, a, e, qmass, -1, 0) for an entry whose
 * matched query mass is at most mq and best code hit at most code,
 * without reading the entry: its text confidence as if it covered all of
 * its own text, the code part as kbqi_conf() makes it.  It lets the
 * ranking skip entries that cannot reach the best few, and the walk stop
 * making candidates (kbq_lookup.c).  Never decreasing in mq and in code.
 */
double
kbqi_confmax(const struct kbq *db, const struct query *q, double qmass,
    double mq, double code)
{
	double	 qc = qmass > 0 ? fmin(mq / qmass, 1) : 0, fl = P->cover_floor;
	double	 text;

	text = (sqrt(fl + (1 - fl) * qc) - fl) / (1 - fl);
	text *= 1 - exp(-mq / (P->evidence * db->idf1));
	if (q->alien > 0)
		text *= P->alien;
	if (q->nseq > KQ_CODE_WORDS)
		code *= P->code_text_floor + (1 - P->code_text_floor) * qc;
	return 1 - (1 - text) * (1 - code);
}

static int
sc_cmpu64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
sc_cmpskip(const void *a, const void *b)
{
	uint64_t	 x = ((const struct skip *)a)->h;
	uint64_t	 y = ((const struct skip *)b)->h;

	return x < y ? -1 : x > y;
}

/*
 * The query's pairs of words the index knows (a log line's host names
 * and a cut last word have no pairs to find).  Around one unknown word
 * the known words on either side make a skip pair, found in a text
 * whose word between them is a near spelling of the unknown one: a typo
 * too short to correct ("consumer pol timeout").  A skip pair found
 * counts as a pair in common; one not found counts for nothing.
 */
void
kbqi_qpairs(const struct query *q, struct pairs *p)
{
	const struct qword *a, *b, *c;
	int		 k, n = 0, ns = 0;

	for (k = 0; k + 1 < q->nseq; k++) {
		a = &q->w[q->seqw[k]];
		b = &q->w[q->seqw[k + 1]];
		if (a->known && b->known)
			p->q[n++] = a->hash * 31 + b->hash;
		if (k + 2 < q->nseq && a->known && !b->known &&
		    (c = &q->w[q->seqw[k + 2]])->known) {
			p->skip[ns].h = a->hash * 37 + c->hash;
			p->skip[ns].mid = b->tok;
			p->skip[ns++].len = b->len;
		}
	}
	qsort(p->q, (size_t)n, sizeof(p->q[0]), sc_cmpu64);
	for (k = 0, p->nq = 0; k < n; k++)
		if (p->nq == 0 || p->q[p->nq - 1] != p->q[k])
			p->q[p->nq++] = p->q[k];
	/* Equal skip pairs around different words all stay. */
	qsort(p->skip, (size_t)ns, sizeof(p->skip[0]), sc_cmpskip);
	p->nskip = ns;
}

/* Whether the text's pair around p->mid is one of the query's skip
 * pairs whose word between is spelt nearly as p->mid is. */
static int
sc_skip(struct pairs *p, uint64_t pair)
{
	struct skip	 key, *s;
	int		 i, max;

	key.h = pair;
	if ((s = bsearch(&key, p->skip, (size_t)p->nskip, sizeof(key),
	    sc_cmpskip)) == NULL)
		return 0;
	while (s > p->skip && s[-1].h == pair)
		s--;
	for (; s < p->skip + p->nskip && s->h == pair; s++) {
		i = (int)(s - p->skip);
		max = s->len < P->typo_min ? 1 : 2;
		if (!p->sseen[i] && kbqi_dist(s->mid, s->len, p->mid,
		    p->midlen, max) <= max) {
			p->sseen[i] = 1;
			return 1;
		}
	}
	return 0;
}

static int
sc_pairword(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct pairs	*p = arg;
	uint64_t	 h, pair, *hit;

	(void)seq;
	if (kind != KBQN_WORD)
		return 0;
	h = kbqi_hash(tok);
	if (p->have > 0) {
		p->np++;
		pair = p->prev * 31 + h;
		hit = bsearch(&pair, p->q, (size_t)p->nq, sizeof(pair),
		    sc_cmpu64);
		if (hit != NULL && !p->seen[hit - p->q]) {
			p->seen[hit - p->q] = 1;
			p->hit++;
		}
	}
	if (p->have > 1 && p->nskip > 0)
		p->shit += sc_skip(p, p->prev2 * 37 + h);
	p->prev2 = p->prev;
	p->prev = h;
	p->midlen = len < sizeof(p->mid) ? len : 0;
	memcpy(p->mid, tok, p->midlen);
	p->have += p->have < 2;
	return p->np >= KQ_PAIRS;
}

/*
 * Share of word pairs in common between the query and entry e's messages
 * and heading: matched pairs (skip pairs found among them) over the
 * smaller of the two pair counts.  *whole is set when at least three
 * pairs are found and every adjacent one is: the query is a piece of the
 * entry's text.
 */
double
kbqi_phrase(const struct kbq *db, uint32_t e, struct pairs *p, int *whole)
{
	const char	*s;
	uint32_t	 f, n, i;
	size_t		 l, scan = KBX_SCANMAX;

	*whole = 0;
	if (p->nq == 0 && p->nskip == 0)
		return 1;
	memset(p->seen, 0, (size_t)p->nq);
	memset(p->sseen, 0, (size_t)p->nskip);
	p->hit = p->np = p->shit = 0;
	f = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_MSG);
	n = kbx_clamp(f, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_NMSG),
	    db->refs.n);
	for (i = 0; i <= n && p->np < KQ_PAIRS && scan > 0; i++) {
		s = i < n ? kbx_str(db, kbx_word(&db->refs, f + i, 1, 0)) :
		    kbx_str(db, kbx_word(&db->ents, e, KBX_ENT_W,
		    KBX_E_SECTION));
		p->have = 0;
		l = strnlen(s, scan);
		/* An empty text costs a byte: a list of them is not free. */
		scan -= l > 0 ? l : 1;
		kbqn_words(s, l, sc_pairword, p);
	}
	if (p->nq + p->shit == 0)
		return 1;
	if (p->np == 0)
		return 0;
	*whole = p->nq + p->shit >= 3 && p->hit == p->nq;
	return fmin(1, (double)(p->hit + p->shit) /
	    (p->nq + p->shit < p->np ? p->nq + p->shit : p->np));
}
