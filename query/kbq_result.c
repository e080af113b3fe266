/*
 * kbq_result.c: read the fields of a lookup's results.
 *
 * A result holds entry indexes only; every field is read from the mapped
 * index on demand through the bounds-checked accessors of kbq_int.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_int.h"
#include "kbq_result.h"

void
kbq_result_free(kbq_result *res)
{
	if (res == NULL)
		return;
	free(res->r);
	free(res);
}

int
kbq_result_count(const kbq_result *res)
{
	return res == NULL ? 0 : res->n;
}

/* Word w of result i's entry, or 0 when i is out of range. */
static uint32_t
rs_ent(const kbq_result *res, int i, unsigned w, int *ok)
{
	*ok = res != NULL && i >= 0 && i < res->n;
	return *ok ? kbx_word(&res->r[i].view->ents, res->r[i].entry,
	    KBX_ENT_W, w) : 0;
}

static const char *
rs_art(const kbq_result *res, int i, unsigned w)
{
	uint32_t	 a;
	int		 ok;

	a = rs_ent(res, i, KBX_E_ART, &ok);
	if (!ok)
		return "";
	return kbx_str(res->db, kbx_word(&res->db->arts, a, KBX_ART_W, w));
}

double
kbq_result_score(const kbq_result *res, int i)
{
	return res != NULL && i >= 0 && i < res->n ? res->r[i].score : 0;
}

const char *
kbq_result_article(const kbq_result *res, int i)
{
	return rs_art(res, i, 0);
}

const char *
kbq_result_key(const kbq_result *res, int i)
{
	return rs_art(res, i, 1);
}

const char *
kbq_result_locale(const kbq_result *res, int i)
{
	return rs_art(res, i, 2);
}

const char *
kbq_result_title(const kbq_result *res, int i)
{
	return rs_art(res, i, 3);
}

static const char *
rs_str(const kbq_result *res, int i, unsigned w)
{
	uint32_t	 s;
	int		 ok;

	s = rs_ent(res, i, w, &ok);
	return ok ? kbx_str(res->db, s) : "";
}

const char *
kbq_result_anchor(const kbq_result *res, int i)
{
	return rs_str(res, i, KBX_E_ANCHOR);
}

const char *
kbq_result_section(const kbq_result *res, int i)
{
	return rs_str(res, i, KBX_E_SECTION);
}

const char *
kbq_result_url(const kbq_result *res, int i)
{
	return rs_art(res, i, KBX_A_URL);
}

int
kbq_result_line(const kbq_result *res, int i)
{
	int	 ok;
	uint32_t l = rs_ent(res, i, KBX_E_LINE, &ok);

	return ok && l <= INT32_MAX ? (int)l : 0;
}

int
kbq_result_untranslated(const kbq_result *res, int i)
{
	return res != NULL && i >= 0 && i < res->n ?
	    res->r[i].untranslated : 0;
}

const char *
kbq_result_kind(const kbq_result *res, int i)
{
	int	 ok;
	uint32_t k = rs_ent(res, i, KBX_E_KIND, &ok);

	return !ok ? "" : k == KBX_KIND_GUIDE ? "guide" :
	    k == KBX_KIND_PASSAGE ? "section" : "error";
}

/* A (first, count) list of REFS in words wf, wn of record rec. */
static uint32_t
rs_list(const struct kbq *db, const struct kbx_sect *s, unsigned nw,
    uint32_t rec, unsigned wf, unsigned wn, uint32_t *first)
{
	*first = kbx_word(s, rec, nw, wf);
	return kbx_clamp(*first, kbx_word(s, rec, nw, wn), db->refs.n);
}

static const char *
rs_ref(const struct kbq *db, uint32_t first, uint32_t n, int j)
{
	if (j < 0 || (uint32_t)j >= n)
		return "";
	return kbx_str(db, kbx_word(&db->refs, first + (uint32_t)j, 1, 0));
}

static uint32_t
rs_entlist(const kbq_result *res, int i, unsigned wf, unsigned wn,
    uint32_t *first)
{
	int	 ok;

	rs_ent(res, i, 0, &ok);
	if (!ok)
		return 0;
	return rs_list(res->db, &res->r[i].view->ents, KBX_ENT_W,
	    res->r[i].entry, wf, wn, first);
}

/*
 * A passage is shown with the passages around it in its section, in
 * document order: the code of a heading is explained below it; a cause
 * or an action found in a table or a list follows the error message it
 * belongs to; a line of output reads with the lines around it.  The
 * snippet is a budget of text, not of passages: a table's cells are a
 * few words each ("Error message", "Cause"), and its first row of values
 * comes only after its header row.  Passages are in document order, and
 * those of one section share article and anchor.
 */
#define RS_BEFORE	2	/* passages at most before the match */
#define RS_AFTER	8	/* and after it */
#define RS_BYTES	320	/* text after it, at most (the first always) */

static int
rs_samesect(const struct kbx_sect *ents, uint32_t a, uint32_t b)
{
	return kbx_word(ents, a, KBX_ENT_W, KBX_E_ART) ==
	    kbx_word(ents, b, KBX_ENT_W, KBX_E_ART) &&
	    kbx_word(ents, a, KBX_ENT_W, KBX_E_ANCHOR) ==
	    kbx_word(ents, b, KBX_ENT_W, KBX_E_ANCHOR);
}

/* The passages shown with result i: [*first, *first + return). */
static uint32_t
rs_snippet(const kbq_result *res, int i, uint32_t *first)
{
	const struct kbx_sect *ents = &res->r[i].view->ents;
	uint32_t	 e = res->r[i].entry, lo = e, hi = e;
	size_t		 bytes = 0;

	while (lo > 0 && e - lo < RS_BEFORE && rs_samesect(ents, lo - 1, e))
		lo--;
	while (hi + 1 < ents->n && hi - e < RS_AFTER && bytes < RS_BYTES &&
	    rs_samesect(ents, hi + 1, e)) {
		hi++;
		bytes += strnlen(rs_ref(res->db, kbx_word(ents, hi, KBX_ENT_W,
		    KBX_E_MSG), 1, 0), RS_BYTES);
	}
	*first = lo;
	return hi - lo + 1;
}

/* The text of the passage shown with entry result i, or NULL: one its
 * messages do not already hold. */
static const char *
rs_quote(const kbq_result *res, int i, uint32_t n, uint32_t f)
{
	const struct kbq_hit *h = &res->r[i];
	const char	*q;
	uint32_t	 j;

	if (h->qview == NULL)
		return NULL;
	q = rs_ref(res->db, kbx_word(&h->qview->ents, h->qentry, KBX_ENT_W,
	    KBX_E_MSG), 1, 0);
	for (j = 0; j < n; j++)
		if (strstr(rs_ref(res->db, f, n, (int)j), q) != NULL)
			return NULL;
	return *q != '\0' ? q : NULL;
}

int
kbq_result_nmessages(const kbq_result *res, int i)
{
	uint32_t	 f, n = rs_entlist(res, i, KBX_E_MSG, KBX_E_NMSG, &f);
	int		 ok;
	uint32_t	 kind = rs_ent(res, i, KBX_E_KIND, &ok);

	if (n > 0 && kind == KBX_KIND_PASSAGE)
		n = rs_snippet(res, i, &f);
	else if (ok && rs_quote(res, i, n, f) != NULL)
		n++;
	return (int)n;
}

const char *
kbq_result_message(const kbq_result *res, int i, int j)
{
	uint32_t	 f, n = rs_entlist(res, i, KBX_E_MSG, KBX_E_NMSG, &f);
	const struct kbx_sect *ents;
	int		 ok;
	uint32_t	 kind = rs_ent(res, i, KBX_E_KIND, &ok);

	if (n > 0 && kind == KBX_KIND_PASSAGE) {
		if (j < 0 || (uint32_t)j >= rs_snippet(res, i, &f))
			return "";
		ents = &res->r[i].view->ents;
		f = kbx_word(ents, f + (uint32_t)j, KBX_ENT_W, KBX_E_MSG);
		return rs_ref(res->db, f, 1, 0);
	}
	if (j >= 0 && (uint32_t)j == n && ok) {
		const char *q = rs_quote(res, i, n, f);

		return q != NULL ? q : "";
	}
	return n ? rs_ref(res->db, f, n, j) : "";
}

int
kbq_result_ncodes(const kbq_result *res, int i)
{
	uint32_t	 f;

	return (int)rs_entlist(res, i, KBX_E_CODE, KBX_E_NCODE, &f);
}

const char *
kbq_result_code(const kbq_result *res, int i, int j)
{
	uint32_t	 f, n = rs_entlist(res, i, KBX_E_CODE, KBX_E_NCODE, &f);

	return n ? rs_ref(res->db, f, n, j) : "";
}

/* Fixes are clamped to FIXS, not REFS. */
static int
rs_fix(const kbq_result *res, int i, int fix, uint32_t *rec)
{
	uint32_t	 first, n;
	int		 ok;

	first = rs_ent(res, i, KBX_E_FIX, &ok);
	if (!ok)
		return 0;
	n = kbx_clamp(first, rs_ent(res, i, KBX_E_NFIX, &ok),
	    res->db->fixs.n);
	if (fix < 0 || (uint32_t)fix >= n)
		return (int)n;
	*rec = first + (uint32_t)fix;
	return (int)n;
}

int
kbq_result_nfixes(const kbq_result *res, int i)
{
	uint32_t	 rec;

	return rs_fix(res, i, -1, &rec);
}

static const char *
rs_fixstr(const kbq_result *res, int i, int fix, int j, unsigned wf,
    int *count)
{
	uint32_t	 rec = UINT32_MAX, first, n;
	int		 nf;

	*count = 0;
	nf = rs_fix(res, i, fix, &rec);
	if (fix < 0 || fix >= nf || rec == UINT32_MAX)
		return "";
	n = rs_list(res->db, &res->db->fixs, KBX_FIX_W, rec, wf, wf + 1,
	    &first);
	*count = (int)n;
	return rs_ref(res->db, first, n, j);
}

int
kbq_fix_ncauses(const kbq_result *res, int i, int fix)
{
	int	 n;

	rs_fixstr(res, i, fix, -1, 0, &n);
	return n;
}

const char *
kbq_fix_cause(const kbq_result *res, int i, int fix, int j)
{
	int	 n;

	return rs_fixstr(res, i, fix, j, 0, &n);
}

int
kbq_fix_nactions(const kbq_result *res, int i, int fix)
{
	int	 n;

	rs_fixstr(res, i, fix, -1, 2, &n);
	return n;
}

const char *
kbq_fix_action(const kbq_result *res, int i, int fix, int j)
{
	int	 n;

	return rs_fixstr(res, i, fix, j, 2, &n);
}

/*
 * The ITEM record of action j of a fix: the fix's list of them is either
 * empty (no action has sub-items) or one per action (kbq_struct.c).
 */
static const char *
rs_itemstr(const kbq_result *res, int i, int fix, int j, int k, int *count)
{
	const struct kbx_sect *x = &res->db->items;
	uint32_t	 rec = UINT32_MAX, first, n, item;
	int		 nf;

	*count = 0;
	nf = rs_fix(res, i, fix, &rec);
	if (fix < 0 || fix >= nf || rec == UINT32_MAX || j < 0)
		return "";
	first = kbx_word(&res->db->fixs, rec, KBX_FIX_W, KBX_X_ITEM);
	n = kbx_clamp(first, kbx_word(&res->db->fixs, rec, KBX_FIX_W,
	    KBX_X_NITEM), x->n);
	if ((uint32_t)j >= n)
		return "";
	item = first + (uint32_t)j;
	n = rs_list(res->db, x, KBX_ITEM_W, item, 0, 1, &first);
	*count = (int)n;
	return rs_ref(res->db, first, n, k);
}

int
kbq_action_nitems(const kbq_result *res, int i, int fix, int j)
{
	int	 n;

	rs_itemstr(res, i, fix, j, -1, &n);
	return n;
}

const char *
kbq_action_item(const kbq_result *res, int i, int fix, int j, int k)
{
	int	 n;

	return rs_itemstr(res, i, fix, j, k, &n);
}
