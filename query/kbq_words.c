/*
 * kbq_words.c: read the query into words and codes (kbq_norm.c does the
 * tokenizing), and find the index words each query word stands for.
 *
 * A query word found in the index stands for itself, and a little for
 * its other forms (kbqi_stem: fails, failed, failing).  A word the index
 * lacks is looked for as a prefix (a cut-off word: the last word of a
 * truncated message counts in full, others a little less) and as a typo
 * (bounded Damerau-Levenshtein distance: 1 for short words, 2 for long
 * ones).  Each query word gets the idf of what it stands for; a word
 * that stands for nothing gets the highest idf there is, because a word
 * the KB has never seen says most about the query being about something
 * else.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kbq_params.h"
#include "kbq_rank.h"

static const struct kbq_params *const P = &kbqi_params;

#define STEMS		3	/* other forms of a word looked for */

/* The hash of a word, as word pairs are compared by. */
uint64_t
kbqi_hash(const char *s)
{
	return kbx_fnv(KBX_FNV_INIT, (const unsigned char *)s, strlen(s));
}

/* Collect one token of the query: distinct words (with their order) and
 * distinct code candidates, up to the KQ_ limits; the rest is ignored,
 * which bounds the work on a huge query. */
static int
wd_word(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct query	*q = arg;
	int		 i;

	(void)seq;
	if (kind & KBQN_CODE) {
		for (i = 0; i < q->ncode; i++)
			if (strcmp(q->code[i], tok) == 0)
				break;
		if (i == q->ncode) {
			if (q->ncode == KQ_CODES)
				return 0;
			memcpy(q->code[q->ncode], tok, len + 1);
			q->value[q->ncode] = 1;
			q->shaped[q->ncode++] = 0;
		}
		if (kind & KBQN_SHAPED)
			q->shaped[i] = 1;
		if (!(kind & KBQN_VALUE))
			q->value[i] = 0;
		return 0;
	}
	for (i = 0; i < q->nw; i++)
		if (strcmp(q->w[i].tok, tok) == 0)
			break;
	if (i == q->nw) {
		if (q->nw == KQ_WORDS)
			return q->ncode == KQ_CODES;
		memcpy(q->w[i].tok, tok, len + 1);
		q->w[i].len = len;
		q->w[i].nterm = 0;
		q->w[i].hash = kbqi_hash(tok);
		q->nw++;
	}
	if (q->nseq < KQ_SEQ)
		q->seqw[q->nseq++] = i;
	return 0;
}

/* Binary search in a sorted section (TERM, CODE): the index of the first
 * record whose string is >= s; prefix ranges start there too. */
static uint32_t
wd_lower(const struct kbq *db, const struct kbx_sect *sect, unsigned nw,
    const char *s)
{
	uint32_t	 lo = 0, hi = sect->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(kbx_str(db, kbx_word(sect, mid, nw, 0)), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is s in the sorted section?  *idx gets its record index. */
int
kbqi_find(const struct kbq *db, const struct kbx_sect *sect, unsigned nw,
    const char *s, uint32_t *idx)
{
	*idx = wd_lower(db, sect, nw, s);
	return *idx < sect->n &&
	    strcmp(kbx_str(db, kbx_word(sect, *idx, nw, 0)), s) == 0;
}

/*
 * Is index word term as kbc writes it: a count of 1 to nentries, and
 * postings, from its offset to the next word's, inside POST and of 2 to
 * 2 * KBX_VARMAX bytes per entry of its count?  A large index is not
 * checked whole when opened (KBX_OPENCHECK): a query word stands for no
 * word that fails, so that a lookup reads no more postings than the
 * counts of its words say, whatever the bytes.  (Whether the words are
 * sorted is not asked: a binary search over words that are not takes
 * as few steps, and finds less.)
 */
int
kbqi_termok(const struct kbq *db, uint32_t term)
{
	uint32_t	 a, b, df;

	if (term >= db->term.n)
		return 0;
	a = kbx_word(&db->term, term, KBX_TERM_W, KBX_T_POST);
	b = term + 1 < db->term.n ? kbx_word(&db->term, term + 1, KBX_TERM_W,
	    KBX_T_POST) : db->post.size;
	df = kbx_word(&db->term, term, KBX_TERM_W, KBX_T_DF);
	return a <= b && b <= db->post.size && df > 0 && df <= db->nentries &&
	    b - a >= 2 * (uint64_t)df && b - a <= 2 * KBX_VARMAX * (uint64_t)df;
}

/* The idf of index word term: its postings are its entries. */
double
kbqi_idf(const struct kbq *db, uint32_t term)
{
	uint32_t	 df = kbx_word(&db->term, term, KBX_TERM_W, KBX_T_DF);

	return KBX_IDF(db->nentries, df);
}

/* The most one posting of index word term adds to BM25, over the word's
 * f * idf: its bound in TMAX when that holds for this BM25, and never
 * more than k1 + 1, which bounds any posting (kbq_format.h). */
double
kbqi_tfmax(const struct kbq *db, uint32_t term)
{
	double	 any = P->bm25_k1 + 1, m;

	if (!db->tmaxok)
		return any;
	m = kbx_word(&db->tmax, term + 2, 1, 0) / KBX_TMAX_ONE;
	return m < any ? m : any;
}

/* The encoded postings of index word term: [*p, *end), inside POST.  They
 * end where the next term's begin; a damaged table gives a short or empty
 * range, never one outside the section. */
void
kbqi_postings(const struct kbq *db, uint32_t term, const unsigned char **p,
    const unsigned char **end)
{
	uint32_t	 a = 0, b = 0;

	if (db->post.p == NULL) {
		*p = *end = NULL;
		return;
	}
	if (term < db->term.n) {
		a = kbx_word(&db->term, term, KBX_TERM_W, KBX_T_POST);
		b = term + 1 < db->term.n ? kbx_word(&db->term, term + 1,
		    KBX_TERM_W, KBX_T_POST) : db->post.size;
		if (b > db->post.size)
			b = db->post.size;
		if (a > b)
			a = b;
	}
	*p = db->post.p + a;
	*end = db->post.p + b;
}

/*
 * The skip records of index word term (kbq_format.h, SKIP): how many,
 * and *r at the first.  None when the index has none, or when they do
 * not fit its section or the word's count; whether each is right only
 * kbq_check() tells (a lookup jumps only forward with them).
 */
uint32_t
kbqi_skips(const struct kbq *db, uint32_t term, const unsigned char **r)
{
	uint32_t	 a, b, df;

	if (term >= db->term.n || db->skip.n < db->term.n + 1)
		return 0;
	a = kbx_word(&db->skip, term, 1, 0);
	b = kbx_word(&db->skip, term + 1, 1, 0);
	df = kbx_word(&db->term, term, KBX_TERM_W, KBX_T_DF);
	if (a > b || df == 0 || b - a != (df - 1) / KBX_SKIPN ||
	    db->term.n + 1 + 2 * (uint64_t)b > db->skip.n)
		return 0;
	*r = db->skip.p + 4 * (db->term.n + 1 + 2 * (size_t)a);
	return b - a;
}

/* kbq_rank.h */
int
kbqi_dist(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int	 r0[KBQN_MAXTOK + 1], r1[KBQN_MAXTOK + 1], r2[KBQN_MAXTOK + 1];
	int	*pp = r0, *p = r1, *c = r2, *t;
	size_t	 i, j;
	int	 best, v;

	if (la >= KBQN_MAXTOK || lb >= KBQN_MAXTOK)
		return max + 1;
	for (j = 0; j <= lb; j++)
		p[j] = (int)j;
	for (i = 1; i <= la; i++) {
		c[0] = (int)i;
		best = c[0];
		for (j = 1; j <= lb; j++) {
			v = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = pp, pp = p, p = c, c = t;
	}
	return p[lb];
}

/* Let w stand for index word term with weight f (the best weight if it
 * already does), up to KQ_EXP index words. */
static void
wd_addterm(struct qword *w, uint32_t term, double f)
{
	int	 i;

	for (i = 0; i < w->nterm; i++)
		if (w->term[i] == term) {
			if (f > w->f[i])
				w->f[i] = f;
			return;
		}
	if (w->nterm < KQ_EXP) {
		w->term[w->nterm] = term;
		w->f[w->nterm++] = f;
	}
}

/* Typos: the nearest index words within the allowed distance. */
static void
wd_fuzzy(const struct kbq *db, struct qword *w)
{
	const char	*s;
	size_t		 ls;
	uint32_t	 i;
	int		 max, d, best;

	max = w->len < P->typo_min ? 0 : w->len < 8 ? 1 : 2;
	if (max == 0)
		return;
	best = max + 1;
	for (i = 0; i < db->term.n; i++) {
		s = kbx_str(db, kbx_word(&db->term, i, KBX_TERM_W,
		    KBX_T_WORD));
		ls = strnlen(s, KBQN_MAXTOK);
		if (ls + max < w->len || w->len + max < ls)
			continue;
		d = kbqi_dist(w->tok, w->len, s, ls, best < max ? best : max);
		if (d > max || d > best || !kbqi_termok(db, i))
			continue;
		if (d < best) {
			best = d;
			w->nterm = 0;
		}
		wd_addterm(w, i, d == 1 ? P->f_typo1 : P->f_typo2);
	}
}

/* Truncation: index words that start with the query word.  On a sound
 * index each word read adds one (the query word itself aside), so
 * reading KQ_EXP + 1 at most changes nothing there, and bounds the work
 * where the words are not words (kbqi_termok()). */
static void
wd_prefix(const struct kbq *db, struct qword *w, double f)
{
	uint32_t	 i, scan = 0;

	if (w->len < 3)
		return;
	for (i = wd_lower(db, &db->term, KBX_TERM_W, w->tok);
	    i < db->term.n && w->nterm < KQ_EXP && scan++ <= KQ_EXP; i++) {
		if (strncmp(kbx_str(db, kbx_word(&db->term, i, KBX_TERM_W,
		    KBX_T_WORD)), w->tok, w->len) != 0)
			break;
		if (kbqi_termok(db, i))
			wd_addterm(w, i, f);
	}
}

/*
 * Other forms of the same word: index words that share all but the last
 * three letters of it (fails, failed, failing; konfiguriert,
 * konfigurieren), the longest shared beginnings first.  A crude stemmer
 * that needs no language rules; they count a good deal less.
 */
static void
wd_stem(const struct kbq *db, struct qword *w)
{
	const char	*s;
	uint32_t	 i, best[STEMS], scan = 0;
	size_t		 plen, l, k, ls;
	int		 n = 0, m, bl[STEMS];
	char		 pre[KBQN_MAXTOK];

	if (w->len < 5)
		return;
	plen = w->len >= 7 ? w->len - 3 : 4;
	memcpy(pre, w->tok, plen);
	pre[plen] = '\0';
	for (i = wd_lower(db, &db->term, KBX_TERM_W, pre);
	    i < db->term.n && scan++ < P->stemscan; i++) {
		s = kbx_str(db, kbx_word(&db->term, i, KBX_TERM_W,
		    KBX_T_WORD));
		if (strncmp(s, pre, plen) != 0)
			break;
		ls = strnlen(s, KBQN_MAXTOK);
		if (ls > w->len + 4 || ls + 4 < w->len || !kbqi_termok(db, i))
			continue;
		for (l = plen; l < ls && l < w->len && s[l] == w->tok[l]; l++)
			continue;
		if (l == ls && l == w->len)
			continue;	/* the word itself */
		/* Keep the STEMS longest shared beginnings. */
		for (k = 0; k < (size_t)n && bl[k] >= (int)l; k++)
			continue;
		if (k == STEMS)
			continue;
		m = n < STEMS ? n++ : n - 1;
		for (; m > (int)k; m--) {
			best[m] = best[m - 1];
			bl[m] = bl[m - 1];
		}
		best[k] = i;
		bl[k] = (int)l;
	}
	for (m = 0; m < n; m++)
		wd_addterm(w, best[m], P->f_stem);
}

/*
 * Count the query's identifiers the index has never seen, as a code or
 * as a word: names written like code (ModuleNotFoundError, slf4j,
 * INACCESSIBLE_BOOT_DEVICE), not numbers or hex strings, which change
 * from one occurrence of an error to the next.  An error the KB
 * describes would have its identifiers in the KB.
 */
static void
wd_alien(const struct kbq *db, struct query *q)
{
	const char	*c;
	uint32_t	 t;
	size_t		 i;
	int		 k, letters;

	for (k = 0; k < q->ncode; k++) {
		c = q->code[k];
		for (i = 0, letters = 0; c[i] != '\0'; i++)
			letters += c[i] >= 'a' && c[i] <= 'z';
		if (!q->shaped[k] || letters < 2 || (c[0] == '0' && c[1] == 'x') ||
		    q->value[k])
			continue;
		if (kbqi_find(db, &db->code, KBX_CODE_W, c, &t) ||
		    kbqi_find(db, &db->term, KBX_TERM_W, c, &t))
			continue;
		q->alien++;
	}
}

/* Keep of the query's identifiers with a form those the index lacks, as
 * a code and as a word, in its entries and in its passages (a code
 * written in passing, "30183-1011" in a heading beside the entry's own):
 * they name an error the KB does not hold. */
static void
wd_foreign(const struct kbq *db, struct query *q)
{
	const struct kbq *p = db->psg;
	uint32_t	 t;
	int		 k, n = 0;

	for (k = 0; k < q->nforeign; k++) {
		if (kbqi_find(db, &db->code, KBX_CODE_W, q->foreign[k], &t) ||
		    kbqi_find(db, &db->term, KBX_TERM_W, q->foreign[k], &t) ||
		    (p != NULL && kbqi_find(p, &p->code, KBX_CODE_W,
		    q->foreign[k], &t)))
			continue;
		if (n != k)
			memcpy(q->foreign[n], q->foreign[k], KBQN_MAXTOK);
		q->fform[n++] = q->fform[k];
	}
	q->nforeign = n;
}

/* One generic phrase's words, hashed as the query's are. */
struct genwords {
	uint64_t	 h[KBX_GENWORDS];
	int		 n;
};

static int
wd_genword(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct genwords	*g = arg;

	(void)len;
	(void)seq;
	if (kind == KBQN_WORD && g->n < KBX_GENWORDS)
		g->h[g->n++] = kbqi_hash(tok);
	return g->n == KBX_GENWORDS;
}

/*
 * The index's generic phrases (GENP: "no such file or directory") tell
 * nothing of which product failed.  When the rest of the query names
 * something the index has never seen ("bash: ./deploy.sh: Permission
 * denied", "OSError: [Errno 28] ..."), the error is another program's:
 * the phrase's words leave the query, as if it were not there, so that
 * what is left must match on its own.  "Docker permission denied" keeps
 * them: every word of it is the KB's.  A word also written outside a
 * phrase stays.  Bounded by KBX_GENMAX phrases of KBX_GENWORDS words over
 * the query's KQ_SEQ words.  Runs on resolved words.
 */
static void
wd_generic(const struct kbq *db, struct query *q)
{
	unsigned char	 in[KQ_SEQ] = {0}, out[KQ_WORDS] = {0};
	struct genwords	 g;
	const char	*s;
	uint32_t	 i;
	int		 k, j, n = 0, left = 0, foreign = 0;

	/* Only beside a word the index lacks can a phrase leave the query:
	 * none, and the phrases need not be read. */
	for (j = 0; j < q->nw && !foreign; j++)
		foreign = q->w[j].nterm == 0;
	if (!foreign)
		return;
	foreign = 0;
	for (i = 0; i < db->genp.n && i < KBX_GENMAX; i++) {
		s = kbx_str(db, kbx_word(&db->genp, i, 1, 0));
		g.n = 0;
		kbqn_words(s, strnlen(s, 256), wd_genword, &g);
		if (g.n < 2)
			continue;	/* one word is no phrase */
		for (k = 0; k + g.n <= q->nseq; k++) {
			for (j = 0; j < g.n &&
			    q->w[q->seqw[k + j]].hash == g.h[j]; j++)
				;
			if (j == g.n)
				memset(in + k, 1, (size_t)g.n);
		}
	}
	for (k = 0; k < q->nseq; k++) {
		left += !in[k];
		foreign |= !in[k] && q->w[q->seqw[k]].nterm == 0;
	}
	if (left == q->nseq || !foreign)
		return;		/* no phrase, or nothing the KB lacks */
	for (k = 0; k < q->nseq; k++)
		out[q->seqw[k]] = 1;
	for (k = 0; k < q->nseq; k++)
		if (!in[k])
			out[q->seqw[k]] = 0;
	for (k = 0; k < q->nseq; k++)
		if (!in[k])
			q->seqw[n++] = q->seqw[k];
	q->nseq = n;
	for (j = 0; j < q->nw; j++)
		if (out[j]) {
			q->w[j].generic = 1;
			q->w[j].known = 0;
			q->w[j].nterm = 0;
			q->w[j].idf = 0;
		}
}

/* Resolve every query word to index words and give it its idf. */
void
kbqi_resolve(const struct kbq *db, struct query *q)
{
	struct qword	*w;
	uint32_t	 t;
	double		 idfmax = KBX_IDF(db->nentries, 0);
	int		 i, j, nfuzzy = 0;

	for (i = 0; i < q->nw; i++) {
		w = &q->w[i];
		if (kbqi_find(db, &db->term, KBX_TERM_W, w->tok, &t) &&
		    kbqi_termok(db, t)) {
			w->known = 1;
			wd_addterm(w, t, 1.0);
			w->idf = kbqi_idf(db, t);
			if (w->cut)
				wd_prefix(db, w, P->f_prefix);
			wd_stem(db, w);
			continue;
		}
		/* A word cut short at the end of the text is a prefix;
		 * elsewhere a short unknown word being one is chance (def,
		 * default), so only long ones are tried. */
		if (w->cut)
			wd_prefix(db, w, 1.0);
		else if (w->len >= P->prefix_min)
			wd_prefix(db, w, P->f_prefix);
		wd_stem(db, w);
		if (w->nterm == 0 && (unsigned)nfuzzy < P->qfuzzy) {
			nfuzzy++;
			wd_fuzzy(db, w);
		}
		w->idf = 0;
		for (j = 0; j < w->nterm; j++)
			if (kbqi_idf(db, w->term[j]) > w->idf)
				w->idf = kbqi_idf(db, w->term[j]);
		if (w->nterm == 0)
			w->idf = idfmax;
	}
	wd_generic(db, q);
	for (i = 0; i < q->nw; i++)
		q->w[i].idf = fmin(q->w[i].idf, P->qidf_cap * db->idf1);
	wd_alien(db, q);
	wd_foreign(db, q);
}

/*
 * Keep the identifiers of text that have a form (kbqn_form) and stand
 * where an error's code stands: leading the text ("ERR_PNPM_X  No
 * package.json"), a colon ("AADSTS700016: Application ...", "error
 * 0x80070643: 2026-11 ...", "ERROR 1205 (HY000): Lock wait ...") or in
 * parentheses of its own ("An error occurred (AccessDenied) when ...").  Elsewhere they are the values a log line
 * carries (a thread "[tid 0x00001A2C]", "Host: web001", "as OPS-1187",
 * LD_LIBRARY_PATH), not what names the error.  The normalizer folds
 * case, which the forms are read from, so they are read from the text
 * itself.
 */
static void
wd_forms(struct query *q, const char *text, size_t len)
{
	const char	*s = text, *end = text + len;
	char		 tok[KBQN_MAXTOK];
	size_t		 n;
	unsigned	 f;
	int		 k, lead;

	for (; q->nforeign < KQ_FOREIGN &&
	    (s = kbqn_nextident(s, end, &n)) != NULL; s += n) {
		lead = strspn(text, " \t\r\n") == (size_t)(s - text);
		k = s + n < end && (s[n] == ')' || s[n] == ']');
		/* "(HY000):" names it too, and so does "An error occurred
		 * (AccessDenied) when ...": parentheses around it alone. */
		if (!lead && (s + n + k >= end || s[n + k] != ':') &&
		    !(s > text && s[-1] == '(' && s + n < end && s[n] == ')'))
			continue;
		if ((f = kbqn_form(s, n)) == 0)
			continue;	/* none, or longer than tok */
		memcpy(tok, s, n);
		tok[n] = '\0';
		if (kbqn_code(tok, q->foreign[q->nforeign], KBQN_MAXTOK) == 0)
			continue;
		for (k = 0; k < q->nforeign &&
		    strcmp(q->foreign[k], q->foreign[q->nforeign]) != 0; k++)
			;
		if (k == q->nforeign)
			q->fform[q->nforeign++] = f;
	}
}

/*
 * Is the text led by a label, a word or four and a colon ("fatal: ...",
 * "psql: error: ...", "Error response from daemon: ...")?  So a program
 * writes its errors; a user describing a symptom almost never does.
 */
static int
wd_labelled(const char *s, size_t len)
{
	const char	*end = s + len, *w;
	int		 words;

	for (words = 0; words < 4 && s < end; words++) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		for (w = s; s < end && *s != ':' && !isspace((unsigned char)*s); s++)
			;
		if (s == w)
			return 0;
		if (s < end && *s == ':')
			return s + 1 == end || isspace((unsigned char)s[1]);
	}
	return 0;
}

/* Read text into q: its words, in order, and its code candidates. */
void
kbqi_parse(struct query *q, const char *text, size_t len)
{
	size_t	 i, end = len;

	while (end > 0 && isspace((unsigned char)text[end - 1]))
		end--;
	for (i = 0; i < end; i++)
		q->lines += text[i] == '\n';
	q->labelled = wd_labelled(text, len);
	if (len > 0)
		kbqn_scan(text, len, wd_word, q);
	wd_forms(q, text, len);
	/* Text that ends inside a word was cut there. */
	if (q->nseq > 0 && ((unsigned char)text[len - 1] >= 0x80 ||
	    isalnum((unsigned char)text[len - 1])))
		q->w[q->seqw[q->nseq - 1]].cut = 1;
}
