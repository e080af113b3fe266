/*
 * kbq_translate.c: the same entry in another language (kbq_lookup's
 * lang argument).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kbq_rank.h"

/* Keep the tokens written like codes: translations leave them alone. */
static int
tr_identword(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct idents	*id = arg;

	(void)len;
	(void)seq;
	if ((kind & KBQN_SHAPED) && id->n < KQ_IDENTS)
		id->h[id->n++] = kbqi_hash(tok);
	return id->n == KQ_IDENTS;
}

/*
 * Bytes of an entry's text read for its identifiers.  Translation reads
 * every entry of an article's translations, so this bounds the work of
 * a lookup on any index (messages may all claim one long string); kbc
 * cuts a message at 4,000 bytes, and identifiers come early.
 */
#define TR_SCANMAX	4096

/* Numbers, codes and camelCase names in e's messages and codes. */
static void
tr_idents(const struct kbq *db, uint32_t e, struct idents *id)
{
	const char	*s;
	uint32_t	 f, n, i, w;
	size_t		 l, scan = TR_SCANMAX;

	id->n = 0;
	for (w = KBX_E_MSG; w <= KBX_E_CODE; w += KBX_E_CODE - KBX_E_MSG) {
		f = kbx_word(&db->ents, e, KBX_ENT_W, w);
		n = kbx_clamp(f, kbx_word(&db->ents, e, KBX_ENT_W, w + 1),
		    db->refs.n);
		for (i = 0; i < n && scan > 0; i++) {
			s = kbx_str(db, kbx_word(&db->refs, f + i, 1, 0));
			l = strnlen(s, scan);
			scan -= l > 0 ? l : 1;	/* "" costs a byte */
			kbqn_scan(s, l, tr_identword, id);
		}
	}
}

/* How many of a's identifiers b has too. */
static int
tr_shared(const struct idents *a, const struct idents *b)
{
	int	 i, j, n = 0;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < b->n; j++)
			if (a->h[i] == b->h[j]) {
				n++;
				break;
			}
	return n;
}

/*
 * Is an article's locale in language lang?  Both are compared by their
 * language part ("sv" is "sv-se"): lang was folded by kbqi_foldlang().
 * An article of no known locale may be in any.
 */
int
kbqi_samelang(const char *locale, const char *lang)
{
	size_t	 i;

	if (*locale == '\0')
		return 1;
	for (i = 0; lang[i] != '\0' && lang[i] != '-'; i++)
		if ((locale[i] | 0x20) != lang[i])
			return 0;
	return locale[i] == '\0' || locale[i] == '-' || locale[i] == '_';
}

/*
 * A locale as people write it ("sv", "sv-SE", "sv_SE.UTF-8", "SV") in
 * the form locales have in the index: lower case, '-' between language
 * and region, no encoding or modifier.  "C" and "POSIX" are English.
 */
void
kbqi_foldlang(const char *in, char *out, size_t size)
{
	size_t	 i;

	for (i = 0; in[i] != '\0' && in[i] != '.' && in[i] != '@' &&
	    i + 1 < size; i++)
		out[i] = in[i] == '_' ? '-' : (char)(in[i] >= 'A' &&
		    in[i] <= 'Z' ? in[i] | 0x20 : in[i]);
	out[i] = '\0';
	if (strcmp(out, "c") == 0 || strcmp(out, "posix") == 0)
		snprintf(out, size, "en");
}

/*
 * The entries of article art, [*lo, *hi).  kbc writes an article's
 * entries together and the articles in order (kbq_format.h), so two
 * binary searches find them: a translation no longer reads every record
 * of the index (all 97 MB of passages at 14,400 articles) for each
 * result.  On an index out of that order, which kbq_check() refuses, the
 * range is some run of records: wrong, and as cheap.
 */
static void
tr_range(const struct kbq *db, uint32_t art, uint32_t *lo, uint32_t *hi)
{
	*lo = kbx_artfirst(db, art);
	*hi = art < UINT32_MAX ? kbx_artfirst(db, art + 1) : db->nentries;
	if (*hi < *lo)
		*hi = *lo;
}

/* Entries of article art under anchor (its offset in STRS: kbc interns
 * every string, so equal anchors are equal offsets, compared in O(1)),
 * and e's place among them. */
static uint32_t
tr_under(const struct kbq *db, uint32_t art, uint32_t anchor, uint32_t e,
    uint32_t *ord)
{
	uint32_t	 i, lo, hi, n = 0;

	tr_range(db, art, &lo, &hi);
	for (i = lo; i < hi; i++)
		if (kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_ART) == art &&
		    kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_ANCHOR) == anchor) {
			if (i == e)
				*ord = n;
			n++;
		}
	return n;
}

/* Is a code written like one (digits, '_', a capital after a small
 * letter), not a word that translation changes ("Cluster", "kluster")? */
static int
tr_shaped(const char *c)
{
	size_t	 i;

	for (i = 0; c[i] != '\0'; i++)
		if ((c[i] >= '0' && c[i] <= '9') || c[i] == '_' ||
		    (i > 0 && c[i] >= 'A' && c[i] <= 'Z' && c[i - 1] >= 'a' &&
		    c[i - 1] <= 'z'))
			return 1;
	return 0;
}

/* Entry e's codes (as written): [*f, *f + return) in REFS. */
static uint32_t
tr_codes(const struct kbq *db, uint32_t e, uint32_t *f)
{
	*f = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_CODE);
	return kbx_clamp(*f, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_NCODE),
	    db->refs.n);
}

/* Is c a name written as a code, not a number ("DEVICE_TOKEN_MALFORMED",
 * not "400")? */
static int
tr_symbolic(const char *c)
{
	size_t	 i;

	for (i = 0; c[i] != '\0'; i++)
		if (!(c[i] >= '0' && c[i] <= '9'))
			return tr_shaped(c);
	return 0;
}

/* Has entry i one of entry e's codes (as written) of a kind (tr_shaped,
 * tr_symbolic)?  *any: whether e has a code of that kind at all.  Codes
 * are compared by their offsets in STRS, as keys and anchors are: kbc
 * interns every string, and a lookup then reads no string twice. */
static int
tr_match(const struct kbq *db, uint32_t e, uint32_t i,
    int (*kind)(const char *), int *any)
{
	uint32_t	 fe, ne, fi, ni, a, b, c;

	*any = 0;
	ne = tr_codes(db, e, &fe);
	ni = tr_codes(db, i, &fi);
	for (a = 0; a < ne && a < KQ_IDENTS; a++) {
		c = kbx_word(&db->refs, fe + a, 1, 0);
		if (!kind(kbx_str(db, c)))
			continue;
		*any = 1;
		for (b = 0; b < ni && b < KQ_IDENTS; b++)
			if (kbx_word(&db->refs, fi + b, 1, 0) == c)
				return 1;
	}
	return 0;
}

/* Does entry i have one of the codes (as written) of entry e, where e
 * has codes written like codes? */
static int
tr_code(const struct kbq *db, uint32_t e, uint32_t i)
{
	int	 any;

	return tr_match(db, e, i, tr_shaped, &any) || !any;
}

/* Do entries e and i name different errors: each has a symbolic code,
 * and they share none ("DEVICE_TOKEN_MALFORMED" and
 * "DEVICE_TOKEN_UNREGISTERED", though both say 400)? */
static int
tr_conflict(const struct kbq *db, uint32_t e, uint32_t i)
{
	int	 se, si;

	if (tr_match(db, e, i, tr_symbolic, &se) || !se)
		return 0;
	(void)tr_match(db, i, e, tr_symbolic, &si);
	return si;
}

/*
 * The entry of e's translation in locale lang, aligned by structure:
 * the same article key, then
 *  - the same place under the same anchor, when the anchor holds as
 *    many entries in both and the two share a code where e has one;
 *  - else the identifiers the two share (numbers, codes and property
 *    names stay untranslated), at least half of e's, for a heading
 *    that was translated too, unless each names itself by a code the
 *    other lacks (two rows that share only their HTTP status).
 * A translation with fewer rows under an anchor would otherwise put
 * another error, with its fix, in e's place, and a wrong fix is worse
 * than an answer in another language: when unsure, e itself is
 * returned.
 */
uint32_t
kbqi_translate(const struct kbq *db, uint32_t e, const char *lang,
    struct idents id[2])
{
	struct idents	*ide = &id[0], *idi = &id[1];
	uint32_t	 art = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ART);
	uint32_t	 key, anchor, i, ia, ord = 0, k = 0, n, dummy, lo, hi;
	uint32_t	 pick = UINT32_MAX, elo, ehi;
	int		 shared, score, best = -1;

	if (kbqi_samelang(kbx_art(db, e, 2), lang) || *kbx_art(db, e, 1) ==
	    '\0')
		return e;
	/* Keys and anchors by their offsets: kbc interns every string. */
	key = kbx_word(&db->arts, art, KBX_ART_W, KBX_A_KEY);
	anchor = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ANCHOR);
	n = tr_under(db, art, anchor, e, &ord);
	tr_idents(db, e, ide);
	tr_range(db, art, &elo, &ehi);
	/* The articles of the key in the language, then their entries: in
	 * index order, as ties are decided. */
	for (ia = 0; ia < db->narticles; ia++) {
		if (kbx_word(&db->arts, ia, KBX_ART_W, KBX_A_KEY) != key ||
		    !kbqi_samelang(kbx_str(db, kbx_word(&db->arts, ia,
		    KBX_ART_W, KBX_A_LOCALE)), lang))
			continue;
		tr_range(db, ia, &lo, &hi);
		for (i = lo; i < hi; i++) {
			if (kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_ART) != ia)
				continue;
			tr_idents(db, i, idi);
			shared = tr_shared(ide, idi);
			score = -1;
			if (shared > 0 && 2 * shared >= ide->n &&
			    !tr_conflict(db, e, i))
				score = 2 * shared;
			/* A translation with as many entries as e's article
			 * keeps their order: the entry in e's place is e's,
			 * though headings and their anchors are translated
			 * ("Heartbeat missed", "Missat hjärtslag"), and with
			 * them what kbc could read of them (a heading that
			 * quotes a log line makes an error, its translation a
			 * guide). */
			if (hi - lo == ehi - elo && i - lo == e - elo &&
			    score < KQ_IDENTS + 2 * shared)
				score = KQ_IDENTS + 2 * shared;
			if (kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_ANCHOR) ==
			    anchor && k++ == ord && tr_under(db, ia, anchor, i,
			    &dummy) == n && tr_code(db, e, i))
				score = 2 * shared + 2 * KQ_IDENTS;
			if (score > best) {
				best = score;
				pick = i;
			}
		}
	}
	return pick != UINT32_MAX ? pick : e;
}

/* Has the article of entry e a translation in language lang?  Keys by
 * their offsets, as kbqi_translate() compares them. */
int
kbqi_has_translation(const struct kbq *db, uint32_t e, const char *lang)
{
	uint32_t	 key, a;

	if (*kbx_art(db, e, 1) == '\0')
		return 0;
	key = kbx_word(&db->arts, kbx_word(&db->ents, e, KBX_ENT_W,
	    KBX_E_ART), KBX_ART_W, KBX_A_KEY);
	for (a = 0; a < db->narticles; a++)
		if (kbx_word(&db->arts, a, KBX_ART_W, KBX_A_KEY) == key &&
		    *kbx_str(db, kbx_word(&db->arts, a, KBX_ART_W,
		    KBX_A_LOCALE)) != '\0' && kbqi_samelang(kbx_str(db,
		    kbx_word(&db->arts, a, KBX_ART_W, KBX_A_LOCALE)), lang))
			return 1;
	return 0;
}
