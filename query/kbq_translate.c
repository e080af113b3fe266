/*
 * kbq_translate.c: the same entry in another language (kbq_lookup's
 * lang argument).
 */
#include <stdint.h>
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

/* Numbers, codes and camelCase names in e's messages and codes. */
static void
tr_idents(const struct kbq *db, uint32_t e, struct idents *id)
{
	const char	*s;
	uint32_t	 f, n, i, w;
	size_t		 l, scan = KBX_SCANMAX;

	id->n = 0;
	for (w = KBX_E_MSG; w <= KBX_E_CODE; w += KBX_E_CODE - KBX_E_MSG) {
		f = kbx_word(&db->ents, e, KBX_ENT_W, w);
		n = kbx_clamp(f, kbx_word(&db->ents, e, KBX_ENT_W, w + 1),
		    db->refs.n);
		for (i = 0; i < n && scan > 0; i++) {
			s = kbx_str(db, kbx_word(&db->refs, f + i, 1, 0));
			scan -= l = strnlen(s, scan);
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
 * The entry of e's translation in locale lang: same article key, same
 * anchor.  Several entries under one anchor (rows of one table) are told
 * apart by the identifiers they share (numbers, codes, property names
 * stay untranslated), then by position; an entry whose anchor was
 * translated too is found by its identifiers alone.  Returns e when
 * there is none.
 */
uint32_t
kbqi_translate(const struct kbq *db, uint32_t e, const char *lang,
    struct idents id[2])
{
	struct idents	*ide = &id[0], *idi = &id[1];
	const char	*key, *anchor;
	uint32_t	 art = kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ART);
	uint32_t	 i, ord = 0, k = 0, pick = UINT32_MAX;
	int		 score, best = -1;

	if (strcmp(kbx_art(db, e, 2), lang) == 0)
		return e;
	key = kbx_art(db, e, 1);
	anchor = kbx_str(db, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ANCHOR));
	if (*key == '\0')
		return e;
	for (i = 0; i < e; i++)
		if (kbx_word(&db->ents, i, KBX_ENT_W, KBX_E_ART) == art &&
		    strcmp(kbx_str(db, kbx_word(&db->ents, i, KBX_ENT_W,
		    KBX_E_ANCHOR)), anchor) == 0)
			ord++;
	tr_idents(db, e, ide);
	for (i = 0; i < db->nentries; i++) {
		if (strcmp(kbx_art(db, i, 2), lang) != 0 ||
		    strcmp(kbx_art(db, i, 1), key) != 0)
			continue;
		tr_idents(db, i, idi);
		score = 2 * tr_shared(ide, idi);
		if (strcmp(kbx_str(db, kbx_word(&db->ents, i, KBX_ENT_W,
		    KBX_E_ANCHOR)), anchor) == 0)
			score += 4 + (k++ == ord);
		/* A translated heading may have another anchor: then the
		 * identifiers alone must point at the entry. */
		if (score >= 2 && score > best) {
			best = score;
			pick = i;
		}
	}
	return pick != UINT32_MAX ? pick : e;
}
