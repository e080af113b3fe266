/*
 * kbq_section.c: what a query's words find in one whole section of the
 * passages' view, for the description path of the passages
 * (kbq_lookup.c, lk_sections).
 *
 * Why whole sections.  A user's own words for a symptom ("the backup of
 * the system state fails because the VSS writer times out") spread over a
 * section: the product in its title, the object in its heading, the cause
 * in one paragraph, the fix in a list.  No one passage holds enough of
 * them to be credible, and the entries' description path needs an entry,
 * which a shape kbc does not know has not got.  So the section is read as
 * one text: its passages, its heading and its article's title.
 *
 * The section of passage e is the run of passages around it with the
 * same article and anchor (the index keeps an article's passages in
 * document order).  The run and the text read are bounded, so the cost
 * does not depend on the index's bytes.
 */
#include <string.h>

#include "kbq_params.h"
#include "kbq_rank.h"

static const struct kbq_params *const P = &kbqi_params;

#define SEC_RUN	64	/* passages read either side of the one found */

struct secread {
	const struct query *q;
	unsigned	 tf[KQ_WORDS];	/* occurrences of each query word */
	double		 len;		/* words read */
};

static int
sec_word(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct secread	*s = arg;
	uint64_t	 h;
	int		 w;

	(void)len;
	(void)seq;
	if (kind != KBQN_WORD)
		return 0;
	s->len++;
	h = kbqi_hash(tok);
	for (w = 0; w < s->q->nw; w++)
		if (s->q->w[w].hash == h)
			s->tf[w]++;
	return 0;
}

/* Do passages a and b lie in one section? */
static int
sec_same(const struct kbq *db, uint32_t a, uint32_t b)
{
	return kbx_word(&db->ents, a, KBX_ENT_W, KBX_E_ART) ==
	    kbx_word(&db->ents, b, KBX_ENT_W, KBX_E_ART) &&
	    kbx_word(&db->ents, a, KBX_ENT_W, KBX_E_ANCHOR) ==
	    kbx_word(&db->ents, b, KBX_ENT_W, KBX_E_ANCHOR);
}

static void
sec_text(struct secread *s, const char *t, size_t *scan)
{
	size_t		 l = strnlen(t, *scan);

	*scan -= l;
	kbqn_words(t, l, sec_word, s);
}

uint32_t
kbqi_section_first(const struct kbq *db, uint32_t e)
{
	uint32_t	 lo = e;

	while (lo > 0 && e - lo < SEC_RUN && sec_same(db, lo - 1, e))
		lo--;
	return lo;
}

void
kbqi_section(const struct kbq *db, const struct query *q, uint32_t e,
    struct secstat *st)
{
	struct secread	 s;
	uint32_t	 lo, hi, i, f, n, k;
	size_t		 scan = KBX_SCANMAX;
	unsigned	 sib = 0, near = 0;
	double		 idf, tf;
	int		 w;

	memset(&s, 0, sizeof(s));
	s.q = q;
	lo = kbqi_section_first(db, e);
	hi = e;
	while (hi + 1 < db->nentries && hi - e < SEC_RUN &&
	    sec_same(db, hi + 1, e))
		hi++;
	memset(st, 0, sizeof(*st));
	for (i = lo; i <= hi && scan > 0; i++) {
		sib |= kbqi_kin(db, q, i, &near);
		f = kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_MSG);
		n = kbx_clamp(f, kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_NMSG),
		    db->refs.n);
		for (k = 0; k < n && scan > 0; k++)
			sec_text(&s, kbx_str(db, kbx_word(&db->refs, f + k, 1,
			    0)), &scan);
	}
	sec_text(&s, kbx_str(db, kbx_word(&db->ents, e, KBX_ENT_W,
	    KBX_E_SECTION)), &scan);
	sec_text(&s, kbx_art(db, e, KBX_A_TITLE), &scan);
	st->first = lo;
	st->clash = (sib & ~near) != 0;
	for (w = 0; w < q->nw; w++) {
		if (s.tf[w] == 0)
			continue;
		idf = q->w[w].idf;
		tf = s.tf[w];
		st->mass += idf;
		if (idf >= P->desc_content * db->idf1)
			st->nc++;
		st->bm25 += idf * tf * (P->bm25_k1 + 1) / (tf + P->bm25_k1 *
		    (1 - P->bm25_b + P->bm25_b * s.len / P->sec_avglen));
	}
}
