/*
 * kbq_merge.c: a base segment and its deltas merged into one index in
 * memory, the index a full build of the same articles writes where the
 * answers depend on it (kbq_merge.h says what that takes).  Read through
 * kbq_int.h's bounds-checked accessors only: a segment past
 * KBX_OPENCHECK is not checked record by record when opened, so every
 * count and offset read here is clamped to its own segment, and words or
 * codes out of order are refused.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbq.h"
#include "kbq_int.h"
#include "kbq_merge.h"
#include "kbq_params.h"

#define MG_NONE	UINT32_MAX	/* an article or entry no longer live */

/* A growing byte buffer; oom once any growth failed. */
struct mg_buf {
	unsigned char	*p;
	size_t		 n, cap;
};

/* One segment: its handle, and where its records went. */
struct mg_seg {
	const struct kbq *db;
	uint32_t	*art;		/* old article -> new, or MG_NONE */
	uint32_t	*ent[2];	/* old entry (passage) -> new */
	uint32_t	 refbase, fixbase, itembase;
};

/* One set of the output: the entries (0) or the passages (1). */
struct mg_set {
	uint32_t	 nent, nterm, ncode, avg16, nskip;
	uint32_t	*ents;		/* nent records of KBX_ENT_W words */
	uint32_t	*len;		/* their lengths (LENS): a bound reads
					   4 bytes an entry, not a record */
	double		*mass;		/* 4 a record, summed in TERM order */
	struct mg_buf	 term, post, code, cpst, tmax, cmen, skipfirst, skiprec;
};

struct mg_post {
	uint32_t	 e, v;
};

struct mg {
	struct mg_seg	*s;
	unsigned	 n;
	int		 oom;
	struct mg_buf	 strs;		/* the interned strings */
	uint32_t	*slot;		/* hash of strs: offset + 1, 0 empty */
	size_t		 nslot, nused;
	struct mg_buf	 arts, refs, fixs, items, genp;
	uint32_t	 narts;
	struct mg_set	 set[2];
	struct mg_post	*pv;		/* one word's or code's postings */
	size_t		 npv, cappv;
	char		*msg;
	size_t		 msgsz;
};

static int
mg_fail(struct mg *m, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
mg_fail(struct mg *m, int rc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(m->msg, m->msgsz, fmt, ap);
	va_end(ap);
	return rc;
}

/* Append n bytes to b; on failure set m->oom and drop them. */
static void
mb_put(struct mg *m, struct mg_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;		/* p may be NULL: an empty buffer's */
	if (n > b->cap - b->n) {
		size_t	 cap = b->cap ? b->cap : 4096;
		void	*q;

		while (cap - b->n < n)
			cap *= 2;
		if ((q = realloc(b->p, cap)) == NULL) {
			m->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void
mb_u32(struct mg *m, struct mg_buf *b, uint32_t v)
{
	unsigned char	 x[4];

	kbx_put32(x, v);
	mb_put(m, b, x, 4);
}

static void
mb_var(struct mg *m, struct mg_buf *b, uint32_t v)
{
	unsigned char	 x[KBX_VARMAX];

	mb_put(m, b, x, kbx_putvar(x, v));
}

/*
 * The offset of string s in the merged STRS, added once: kbc interns
 * every string, and translations and sections compare keys and anchors
 * by their offsets.  Offset 0 is "".
 */
static uint32_t
mg_str(struct mg *m, const char *s)
{
	uint64_t	 h;
	size_t		 i, len;
	uint32_t	 off;

	if (*s == '\0')
		return 0;
	if (m->nused * 2 >= m->nslot) {
		size_t	 cap = m->nslot ? m->nslot * 2 : 1 << 16;
		uint32_t *t = calloc(cap, sizeof(*t));

		if (t == NULL) {
			m->oom = 1;
			return 0;
		}
		for (i = 0; i < m->nslot; i++)
			if (m->slot[i] != 0) {
				const char *k = (const char *)m->strs.p +
				    m->slot[i] - 1;
				size_t	 j = kbx_fnv(KBX_FNV_INIT, (const
				    unsigned char *)k, strlen(k)) & (cap - 1);

				while (t[j] != 0)
					j = (j + 1) & (cap - 1);
				t[j] = m->slot[i];
			}
		free(m->slot);
		m->slot = t;
		m->nslot = cap;
	}
	len = strlen(s);
	h = kbx_fnv(KBX_FNV_INIT, (const unsigned char *)s, len);
	for (i = h & (m->nslot - 1); m->slot[i] != 0; i = (i + 1) &
	    (m->nslot - 1))
		if (strcmp((const char *)m->strs.p + m->slot[i] - 1, s) == 0)
			return m->slot[i] - 1;
	if (m->strs.n + len + 1 >= UINT32_MAX) {
		m->oom = 1;	/* reported as too large, below */
		return 0;
	}
	off = (uint32_t)m->strs.n;
	mb_put(m, &m->strs, s, len + 1);
	if (m->oom)
		return 0;
	m->slot[i] = off + 1;
	m->nused++;
	return off;
}

/*
 * A (first, count) list of segment records (n of them) as it lies in
 * the merged section, where the segment's begin at base.
 */
static void
mg_list(uint32_t *w, uint32_t n, uint32_t base)
{
	w[1] = kbx_clamp(w[0], w[1], n);
	w[0] = base + (w[1] ? w[0] : 0);
}

/* Segment db's tombstone paths (TOMB): *np of them at the return, as
 * u32 string offsets; NULL when it has none. */
static const unsigned char *
mg_tomb(const struct kbq *db, uint32_t *np)
{
	uint32_t	 i, nsect = kbx_get32(db->base + 12), off, size;
	size_t		 hend = KBX_HDRSIZE + (size_t)nsect * KBX_SECTSIZE;

	*np = 0;
	for (i = 0; i < nsect && i < KBX_MAXSECT; i++) {
		const unsigned char *r = db->base + KBX_HDRSIZE +
		    (size_t)i * KBX_SECTSIZE;

		if (kbx_get32(r) != KBX_TOMB)
			continue;
		off = kbx_get32(r + 4);
		size = kbx_get32(r + 8) / 4;
		if (off < hend || off > db->size - 8 || (uint64_t)size * 4 >
		    db->size - 8 - off || size < KBX_TOMB_HDR)
			return NULL;
		*np = kbx_get32(db->base + off + 4 * KBX_TB_NPATH);
		if (*np > size - KBX_TOMB_HDR)
			*np = size - KBX_TOMB_HDR;
		return db->base + off + 4 * KBX_TOMB_HDR;
	}
	return NULL;
}

/* A set of strings (paths), by pointer into the segments. */
struct mg_pset {
	const char	**v;
	size_t		 cap, n;
};

/* Add s to the set; returns 1 when it was there already, -1 on no memory. */
static int
ps_add(struct mg_pset *p, const char *s)
{
	size_t	 i;

	if (p->n * 2 >= p->cap) {
		size_t	 cap = p->cap ? p->cap * 2 : 1024, j;
		const char **t = calloc(cap, sizeof(*t));

		if (t == NULL)
			return -1;
		for (i = 0; i < p->cap; i++)
			if (p->v[i] != NULL) {
				j = kbx_fnv(KBX_FNV_INIT, (const unsigned char *)
				    p->v[i], strlen(p->v[i])) & (cap - 1);
				while (t[j] != NULL)
					j = (j + 1) & (cap - 1);
				t[j] = p->v[i];
			}
		free(p->v);
		p->v = t;
		p->cap = cap;
	}
	for (i = kbx_fnv(KBX_FNV_INIT, (const unsigned char *)s, strlen(s)) &
	    (p->cap - 1); p->v[i] != NULL; i = (i + 1) & (p->cap - 1))
		if (strcmp(p->v[i], s) == 0)
			return 1;
	p->v[i] = s;
	p->n++;
	return 0;
}

struct mg_art {
	const char	*path;
	unsigned	 seg;
	uint32_t	 a;
};

static int
mg_cmpart(const void *a, const void *b)
{
	return strcmp(((const struct mg_art *)a)->path,
	    ((const struct mg_art *)b)->path);
}

/*
 * The live articles, numbered by path: an article of a segment is live
 * unless a later segment holds its path, live or in its tombstones.
 * ARTS written.
 */
static int
mg_articles(struct mg *m)
{
	struct mg_pset	 gone = {0};
	struct mg_art	*v = NULL;
	size_t		 nv = 0, cap = 0;
	uint32_t	 a, np, k;
	const unsigned char *t;
	int		 rc = KBQ_NOMEM;

	for (unsigned i = m->n; i-- > 0; ) {
		struct mg_seg *s = &m->s[i];

		if ((s->art = malloc(((size_t)s->db->arts.n + 1) *
		    sizeof(*s->art))) == NULL)
			goto out;
		for (a = 0; a < s->db->arts.n; a++) {
			const char *path = kbx_artstr(s->db, a, KBX_A_PATH);
			int	 r = ps_add(&gone, path);

			s->art[a] = MG_NONE;
			if (r < 0)
				goto out;
			if (r > 0)
				continue;
			if (nv == cap) {
				struct mg_art *q;

				cap = cap ? cap * 2 : 1024;
				if ((q = realloc(v, cap * sizeof(*v))) == NULL)
					goto out;
				v = q;
			}
			v[nv].path = path;
			v[nv].seg = i;
			v[nv++].a = a;
		}
		t = mg_tomb(s->db, &np);
		for (k = 0; t != NULL && k < np; k++)
			if (ps_add(&gone, kbx_str(s->db, kbx_get32(t + 4 *
			    (size_t)k))) < 0)
				goto out;
	}
	if (nv >= UINT32_MAX / KBX_ART_W) {
		rc = mg_fail(m, KBQ_CORRUPT, "too many articles");
		goto out;
	}
	if (nv > 0)
		qsort(v, nv, sizeof(*v), mg_cmpart);
	for (size_t j = 0; j < nv; j++) {
		const struct kbq *db = m->s[v[j].seg].db;

		m->s[v[j].seg].art[v[j].a] = (uint32_t)j;
		for (unsigned w = 0; w < KBX_ART_W; w++)
			mb_u32(m, &m->arts, mg_str(m, kbx_artstr(db, v[j].a, w)));
	}
	m->narts = (uint32_t)nv;
	rc = KBQ_OK;
out:
	free(gone.v);
	free(v);
	return rc;
}

/* The lists every set shares (REFS, FIXS, ITEM), each segment's after
 * the one before, their strings interned; and GENP, the newest's. */
static void
mg_lists(struct mg *m)
{
	uint32_t	 i, w[KBX_FIX_W];

	for (unsigned k = 0; k < m->n; k++) {
		struct mg_seg	*s = &m->s[k];
		const struct kbq *db = s->db;

		s->refbase = (uint32_t)(m->refs.n / 4);
		s->fixbase = (uint32_t)(m->fixs.n / (4 * KBX_FIX_W));
		s->itembase = (uint32_t)(m->items.n / (4 * KBX_ITEM_W));
		for (i = 0; i < db->refs.n && !m->oom; i++)
			mb_u32(m, &m->refs, mg_str(m, kbx_str(db,
			    kbx_word(&db->refs, i, 1, 0))));
		for (i = 0; i < db->fixs.n && !m->oom; i++) {
			for (unsigned j = 0; j < KBX_FIX_W; j++)
				w[j] = kbx_word(&db->fixs, i, KBX_FIX_W, j);
			mg_list(w + KBX_X_CAUSE, db->refs.n, s->refbase);
			mg_list(w + KBX_X_ACTION, db->refs.n, s->refbase);
			mg_list(w + KBX_X_ITEM, db->items.n, s->itembase);
			for (unsigned j = 0; j < KBX_FIX_W; j++)
				mb_u32(m, &m->fixs, w[j]);
		}
		for (i = 0; i < db->items.n && !m->oom; i++) {
			w[0] = kbx_word(&db->items, i, KBX_ITEM_W, 0);
			w[1] = kbx_word(&db->items, i, KBX_ITEM_W, 1);
			mg_list(w, db->refs.n, s->refbase);
			mb_u32(m, &m->items, w[0]);
			mb_u32(m, &m->items, w[1]);
		}
	}
	{
		const struct kbq *db = m->s[m->n - 1].db;

		for (i = 0; i < db->genp.n && i < KBX_GENMAX; i++)
			mb_u32(m, &m->genp, mg_str(m, kbx_str(db,
			    kbx_word(&db->genp, i, 1, 0))));
	}
}

/*
 * Set k's records: those of live articles, numbered by their article's
 * new number and, within it, in their segment's order.  Lengths and
 * their average; masses are summed later (mg_words).
 */
static int
mg_records(struct mg *m, int k)
{
	struct mg_set	*o = &m->set[k];
	uint32_t	*first, e, a, na, w[KBX_ENT_W];
	uint64_t	 n = 0, lensum = 0;

	if ((first = calloc((size_t)m->narts + 1, sizeof(*first))) == NULL)
		return KBQ_NOMEM;
	for (unsigned i = 0; i < m->n; i++) {
		const struct kbq *v = k ? m->s[i].db->psg : m->s[i].db;

		for (e = 0; e < v->ents.n; e++) {
			a = kbx_word(&v->ents, e, KBX_ENT_W, KBX_E_ART);
			if (a < m->s[i].db->arts.n && m->s[i].art[a] != MG_NONE) {
				first[m->s[i].art[a]]++;
				n++;
			}
		}
	}
	if (n >= UINT32_MAX / KBX_ENT_W) {
		free(first);
		return mg_fail(m, KBQ_CORRUPT, "too many entries");
	}
	o->nent = (uint32_t)n;
	for (a = 0, n = 0; a < m->narts; a++) {
		na = first[a];
		first[a] = (uint32_t)n;
		n += na;
	}
	o->ents = calloc((size_t)o->nent * KBX_ENT_W + 1, sizeof(*o->ents));
	o->mass = calloc((size_t)o->nent * 4 + 1, sizeof(*o->mass));
	o->len = calloc((size_t)o->nent + 1, sizeof(*o->len));
	if (o->ents == NULL || o->mass == NULL || o->len == NULL) {
		free(first);
		return KBQ_NOMEM;
	}
	for (unsigned i = 0; i < m->n; i++) {
		struct mg_seg	*s = &m->s[i];
		const struct kbq *v = k ? s->db->psg : s->db;

		if ((s->ent[k] = malloc(((size_t)v->ents.n + 1) *
		    sizeof(*s->ent[k]))) == NULL) {
			free(first);
			return KBQ_NOMEM;
		}
		for (e = 0; e < v->ents.n && !m->oom; e++) {
			a = kbx_word(&v->ents, e, KBX_ENT_W, KBX_E_ART);
			s->ent[k][e] = MG_NONE;
			if (a >= s->db->arts.n || s->art[a] == MG_NONE)
				continue;
			na = s->art[a];
			s->ent[k][e] = first[na]++;
			for (unsigned j = 0; j < KBX_ENT_W; j++)
				w[j] = kbx_word(&v->ents, e, KBX_ENT_W, j);
			w[KBX_E_ART] = na;
			w[KBX_E_ANCHOR] = mg_str(m, kbx_str(s->db, w[KBX_E_ANCHOR]));
			w[KBX_E_SECTION] = mg_str(m, kbx_str(s->db,
			    w[KBX_E_SECTION]));
			mg_list(w + KBX_E_MSG, s->db->refs.n, s->refbase);
			mg_list(w + KBX_E_CODE, s->db->refs.n, s->refbase);
			mg_list(w + KBX_E_FIX, s->db->fixs.n, s->fixbase);
			w[KBX_E_MASSM] = w[KBX_E_MASSS] = w[KBX_E_MASST] =
			    w[KBX_E_MASSC] = 0;
			lensum += w[KBX_E_LEN];
			o->len[s->ent[k][e]] = w[KBX_E_LEN];
			memcpy(o->ents + (size_t)s->ent[k][e] * KBX_ENT_W, w,
			    sizeof(w));
		}
	}
	free(first);
	o->avg16 = o->nent ? (uint32_t)lrint((double)lensum / o->nent) : 16;
	return KBQ_OK;
}

static int
mg_cmppost(const void *a, const void *b)
{
	uint32_t	 x = ((const struct mg_post *)a)->e;
	uint32_t	 y = ((const struct mg_post *)b)->e;

	return x < y ? -1 : x > y;
}

static void
mg_push(struct mg *m, uint32_t e, uint32_t v)
{
	if (m->npv == m->cappv) {
		size_t	 cap = m->cappv ? m->cappv * 2 : 4096;
		struct mg_post *q = realloc(m->pv, cap * sizeof(*q));

		if (q == NULL) {
			m->oom = 1;
			return;
		}
		m->pv = q;
		m->cappv = cap;
	}
	m->pv[m->npv].e = e;
	m->pv[m->npv++].v = v;
}

/* Sort the gathered postings by entry, unless they are. */
static void
mg_sortpv(struct mg *m)
{
	for (size_t i = 1; i < m->npv; i++)
		if (m->pv[i].e <= m->pv[i - 1].e) {
			qsort(m->pv, m->npv, sizeof(*m->pv), mg_cmppost);
			return;
		}
}

/*
 * The next key (word or code) of the segments' sorted lists, word 0 of
 * each record of the section sect of set k: cur[i] is segment i's next
 * record.  NULL when all are read.  A key not after the one before it is
 * a segment out of order: *bad set.
 */
static const char *
mg_nextkey(struct mg *m, int k, size_t sect, unsigned nw, uint32_t *cur,
    const char *prev, int *bad)
{
	const char	*min = NULL, *s;

	for (unsigned i = 0; i < m->n; i++) {
		const struct kbq *v = k ? m->s[i].db->psg : m->s[i].db;
		const struct kbx_sect *x = (const struct kbx_sect *)(const void *)
		    ((const char *)v + sect);

		if (cur[i] >= x->n)
			continue;
		s = kbx_str(v, kbx_word(x, cur[i], nw, 0));
		if (min == NULL || strcmp(s, min) < 0)
			min = s;
	}
	if (min != NULL && ((prev != NULL && strcmp(min, prev) <= 0) ||
	    *min == '\0'))
		*bad = 1;
	return min;
}

/*
 * Set k's words: each once, in strcmp order, with the postings of live
 * entries renumbered; its df their count; then, as the writer does, the
 * masses (summed in this order), the bound (TMAX) and the skip records.
 */
static int
mg_words(struct mg *m, int k)
{
	struct mg_set	*o = &m->set[k];
	uint32_t	*cur, e, val, j;
	const char	*word, *prev = NULL;
	double		 k1 = kbqi_params.bm25_k1, b = kbqi_params.bm25_b;
	double		 avg = o->avg16 > 0 ? o->avg16 / 16.0 : 1;
	int		 bad = 0;

	if ((cur = calloc(m->n, sizeof(*cur))) == NULL)
		return KBQ_NOMEM;
	mb_u32(m, &o->tmax, (uint32_t)lrint(k1 * KBX_TMAX_ONE));
	mb_u32(m, &o->tmax, (uint32_t)lrint(b * KBX_TMAX_ONE));
	while (!m->oom && (word = mg_nextkey(m, k, offsetof(struct kbq, term),
	    KBX_TERM_W, cur, prev, &bad)) != NULL && !bad) {
		const unsigned char *p, *end;
		size_t	 start = o->post.n;
		double	 idf, max = 0, g, *ms;

		m->npv = 0;
		for (unsigned i = 0; i < m->n; i++) {
			const struct kbq *v = k ? m->s[i].db->psg : m->s[i].db;

			if (cur[i] >= v->term.n || strcmp(kbx_str(v,
			    kbx_word(&v->term, cur[i], KBX_TERM_W, 0)), word) != 0)
				continue;
			kbqi_postings(v, cur[i], &p, &end);
			for (j = 0, e = 0; kbx_nextpost(&p, end, v->nentries, j,
			    &e, &val); j++)
				if (m->s[i].ent[k][e] != MG_NONE)
					mg_push(m, m->s[i].ent[k][e], val);
			cur[i]++;
		}
		prev = word;
		if (m->npv == 0 || m->oom)
			continue;	/* no live entry holds it */
		mg_sortpv(m);
		mb_u32(m, &o->term, mg_str(m, word));
		mb_u32(m, &o->term, (uint32_t)o->post.n);
		mb_u32(m, &o->term, (uint32_t)m->npv);
		mb_u32(m, &o->skipfirst, o->nskip);
		idf = KBX_IDF(o->nent, m->npv);
		for (size_t x = 0; x < m->npv; x++) {
			e = m->pv[x].e;
			val = m->pv[x].v;
			if (x > 0 && x % KBX_SKIPN == 0) {
				mb_u32(m, &o->skiprec, m->pv[x - 1].e);
				mb_u32(m, &o->skiprec, (uint32_t)(o->post.n - start));
				o->nskip++;
			}
			mb_var(m, &o->post, x > 0 ? e - m->pv[x - 1].e : e);
			mb_var(m, &o->post, val);
			ms = o->mass + (size_t)e * 4;
			if (val & KBX_F_MSG)
				ms[0] += idf;
			if (val & KBX_F_SECT)
				ms[1] += idf;
			if (val & KBX_F_TITLE)
				ms[2] += idf;
			if (val & KBX_F_CODE)
				ms[3] += idf;
			g = kbx_tfpart((val >> KBX_F_BITS) / 8.0, o->len[e] / 16.0,
			    avg, k1, b);
			if (g > max)
				max = g;
		}
		mb_u32(m, &o->tmax, (uint32_t)ceil(max * KBX_TMAX_ONE) + 1);
		o->nterm++;
	}
	free(cur);
	if (bad)
		return mg_fail(m, KBQ_CORRUPT, "a segment's words are not in "
		    "order");
	mb_u32(m, &o->skipfirst, o->nskip);
	for (e = 0; e < o->nent; e++) {
		uint32_t *w = o->ents + (size_t)e * KBX_ENT_W;

		w[KBX_E_MASSM] = (uint32_t)lrint(o->mass[e * 4] * 1024);
		w[KBX_E_MASSS] = (uint32_t)lrint(o->mass[e * 4 + 1] * 1024);
		w[KBX_E_MASST] = (uint32_t)lrint(o->mass[e * 4 + 2] * 1024);
		w[KBX_E_MASSC] = (uint32_t)lrint(o->mass[e * 4 + 3] * 1024);
	}
	return KBQ_OK;
}

/* Set k's codes: each once, in strcmp order, with the live entries that
 * hold it, and (the entries' set only) whether each only mentions it. */
static int
mg_codes(struct mg *m, int k)
{
	struct mg_set	*o = &m->set[k];
	uint32_t	*cur, first, n, j, old, bits = 0, nb = 0;
	const char	*code, *prev = NULL;
	int		 bad = 0;

	if ((cur = calloc(m->n, sizeof(*cur))) == NULL)
		return KBQ_NOMEM;
	while (!m->oom && (code = mg_nextkey(m, k, offsetof(struct kbq, code),
	    KBX_CODE_W, cur, prev, &bad)) != NULL && !bad) {
		size_t	 x, kept;

		m->npv = 0;
		for (unsigned i = 0; i < m->n; i++) {
			const struct kbq *db = m->s[i].db;
			const struct kbq *v = k ? db->psg : db;

			if (cur[i] >= v->code.n || strcmp(kbx_str(v,
			    kbx_word(&v->code, cur[i], KBX_CODE_W, 0)), code) != 0)
				continue;
			n = kbx_codeposts(v, cur[i], &first);
			for (j = 0; j < n; j++) {
				old = kbx_word(&v->cpst, first + j, 1, 0);
				if (old < v->ents.n && m->s[i].ent[k][old] !=
				    MG_NONE)
					mg_push(m, m->s[i].ent[k][old], k == 0 &&
					    db->cmen.n ? (kbx_word(&db->cmen,
					    (first + j) / 32, 1, 0) >>
					    ((first + j) % 32) & 1) : 0);
			}
			cur[i]++;
		}
		prev = code;
		if (m->npv == 0 || m->oom)
			continue;
		mg_sortpv(m);
		mb_u32(m, &o->code, mg_str(m, code));
		mb_u32(m, &o->code, (uint32_t)(o->cpst.n / 4));
		for (x = 0, kept = 0; x < m->npv; x++) {
			if (x > 0 && m->pv[x].e == m->pv[x - 1].e)
				continue;	/* a crafted segment's twice */
			mb_u32(m, &o->cpst, m->pv[x].e);
			kept++;
			bits |= m->pv[x].v << (nb % 32);
			if (++nb % 32 == 0) {
				mb_u32(m, &o->cmen, bits);
				bits = 0;
			}
		}
		mb_u32(m, &o->code, (uint32_t)kept);
		o->ncode++;
	}
	free(cur);
	if (bad)
		return mg_fail(m, KBQ_CORRUPT, "a segment's codes are not in "
		    "order");
	if (nb % 32 != 0)
		mb_u32(m, &o->cmen, bits);
	return KBQ_OK;
}

/* A section of the image: its tag, bytes and record count. */
struct mg_sect {
	uint32_t	 tag;
	const void	*p;
	size_t		 size;
	uint64_t	 n;
};

/* Lay the sections out as kbc's writer does, header last. */
static int
mg_layout(struct mg *m, uint32_t gen, unsigned char **out, size_t *size)
{
	static const uint32_t tags[2][9] = {
		{ KBX_ENTS, KBX_TERM, KBX_POST, KBX_CODE, KBX_CPST, KBX_LENS,
		  KBX_TMAX, KBX_CMEN, KBX_SKIP },
		{ KBX_PENT, KBX_PTRM, KBX_PPST, KBX_PCOD, KBX_PCPS, KBX_PLEN,
		  KBX_PTMX, 0, KBX_PSKP },
	};
	struct mg_sect	 t[24];
	struct mg_buf	 lens[2] = {{0}, {0}}, ents[2] = {{0}, {0}};
	unsigned	 ns = 0, i;
	uint64_t	 off, total;
	unsigned char	*img, *r;
	int		 rc = KBQ_NOMEM;

	t[ns++] = (struct mg_sect){ KBX_STRS, m->strs.p, m->strs.n, m->strs.n };
	t[ns++] = (struct mg_sect){ KBX_ARTS, m->arts.p, m->arts.n, m->narts };
	t[ns++] = (struct mg_sect){ KBX_REFS, m->refs.p, m->refs.n, m->refs.n / 4 };
	t[ns++] = (struct mg_sect){ KBX_FIXS, m->fixs.p, m->fixs.n,
	    m->fixs.n / (4 * KBX_FIX_W) };
	t[ns++] = (struct mg_sect){ KBX_ITEM, m->items.p, m->items.n,
	    m->items.n / (4 * KBX_ITEM_W) };
	t[ns++] = (struct mg_sect){ KBX_GENP, m->genp.p, m->genp.n, m->genp.n / 4 };
	for (int k = 0; k < 2; k++) {
		struct mg_set *o = &m->set[k];

		for (uint32_t e = 0; e < o->nent; e++) {
			mb_u32(m, &lens[k], o->len[e]);
			for (i = 0; i < KBX_ENT_W; i++)
				mb_u32(m, &ents[k], o->ents[(size_t)e *
				    KBX_ENT_W + i]);
		}
		mb_put(m, &o->skipfirst, o->skiprec.p, o->skiprec.n);
		t[ns++] = (struct mg_sect){ tags[k][0], ents[k].p, ents[k].n, o->nent };
		t[ns++] = (struct mg_sect){ tags[k][1], o->term.p, o->term.n, o->nterm };
		t[ns++] = (struct mg_sect){ tags[k][2], o->post.p, o->post.n, o->post.n };
		t[ns++] = (struct mg_sect){ tags[k][3], o->code.p, o->code.n, o->ncode };
		t[ns++] = (struct mg_sect){ tags[k][4], o->cpst.p, o->cpst.n,
		    o->cpst.n / 4 };
		t[ns++] = (struct mg_sect){ tags[k][5], lens[k].p, lens[k].n, o->nent };
		t[ns++] = (struct mg_sect){ tags[k][6], o->tmax.p, o->tmax.n,
		    o->tmax.n / 4 };
		if (tags[k][7] != 0)
			t[ns++] = (struct mg_sect){ tags[k][7], o->cmen.p,
			    o->cmen.n, o->cmen.n / 4 };
		t[ns++] = (struct mg_sect){ tags[k][8], o->skipfirst.p,
		    o->skipfirst.n, o->skipfirst.n / 4 };
	}
	if (m->oom)
		goto out;
	off = KBX_HDRSIZE + (uint64_t)ns * KBX_SECTSIZE;
	for (i = 0; i < ns; i++)
		off = (off + 7) / 8 * 8 + t[i].size;
	total = (off + 7) / 8 * 8 + 8;
	if (total > UINT32_MAX) {
		rc = mg_fail(m, KBQ_CORRUPT, "merged index too large (%llu "
		    "bytes)", (unsigned long long)total);
		goto out;
	}
	if ((img = calloc(1, (size_t)total)) == NULL)
		goto out;
	off = KBX_HDRSIZE + (uint64_t)ns * KBX_SECTSIZE;
	for (i = 0; i < ns; i++) {
		off = (off + 7) / 8 * 8;
		r = img + KBX_HDRSIZE + (size_t)i * KBX_SECTSIZE;
		kbx_put32(r, t[i].tag);
		kbx_put32(r + 4, (uint32_t)off);
		kbx_put32(r + 8, (uint32_t)t[i].size);
		kbx_put32(r + 12, (uint32_t)t[i].n);
		if (t[i].size > 0)
			memcpy(img + off, t[i].p, t[i].size);
		off += t[i].size;
	}
	memcpy(img + total - 8, KBX_TRAILER, 8);
	memcpy(img, KBX_MAGIC, 8);
	kbx_put32(img + 8, KBX_VERSION);
	kbx_put32(img + 12, ns);
	kbx_put64(img + 16, total);
	off = KBX_HDRSIZE + (uint64_t)ns * KBX_SECTSIZE;
	kbx_put64(img + 32, kbx_fnv(KBX_FNV_INIT, img + off, total - 8 - off));
	kbx_put32(img + 40, m->set[0].nent);
	kbx_put32(img + 44, m->narts);
	kbx_put32(img + 48, m->set[0].avg16);
	kbx_put32(img + 52, m->set[1].nent);
	kbx_put32(img + 56, m->set[1].avg16);
	kbx_put32(img + 60, gen);
	kbx_put64(img + 24, kbx_fnv(KBX_FNV_INIT, img, off));
	*out = img;
	*size = (size_t)total;
	rc = KBQ_OK;
out:
	for (int k = 0; k < 2; k++) {
		free(lens[k].p);
		free(ents[k].p);
	}
	return rc;
}

static void
mg_free(struct mg *m)
{
	for (unsigned i = 0; m->s != NULL && i < m->n; i++) {
		free(m->s[i].art);
		free(m->s[i].ent[0]);
		free(m->s[i].ent[1]);
	}
	free(m->s);
	free(m->strs.p);
	free(m->slot);
	free(m->arts.p);
	free(m->refs.p);
	free(m->fixs.p);
	free(m->items.p);
	free(m->genp.p);
	for (int k = 0; k < 2; k++) {
		struct mg_set *o = &m->set[k];

		free(o->ents);
		free(o->len);
		free(o->mass);
		free(o->term.p);
		free(o->post.p);
		free(o->code.p);
		free(o->cpst.p);
		free(o->tmax.p);
		free(o->cmen.p);
		free(o->skipfirst.p);
		free(o->skiprec.p);
	}
	free(m->pv);
}

/* kbq_merge.h */
int
kbqi_merge(struct kbq *const *seg, unsigned n, uint32_t gen,
    unsigned char **out, size_t *size, char *msg, size_t msgsz)
{
	struct mg	 m;
	int		 rc = KBQ_NOMEM;

	*out = NULL;
	*size = 0;
	memset(&m, 0, sizeof(m));
	m.msg = msg;
	m.msgsz = msgsz;
	msg[0] = '\0';
	if (n == 0)
		return mg_fail(&m, KBQ_ERROR, "no segments");
	if ((m.s = calloc(n, sizeof(*m.s))) == NULL)
		goto out;
	m.n = n;
	for (unsigned i = 0; i < n; i++)
		m.s[i].db = seg[i];
	mb_put(&m, &m.strs, "", 1);	/* offset 0 is "" */
	if ((rc = mg_articles(&m)) != KBQ_OK)
		goto out;
	mg_lists(&m);
	for (int k = 0; k < 2 && rc == KBQ_OK; k++)
		if ((rc = mg_records(&m, k)) == KBQ_OK &&
		    (rc = mg_words(&m, k)) == KBQ_OK)
			rc = mg_codes(&m, k);
	if (rc == KBQ_OK)
		rc = m.oom ? KBQ_NOMEM : mg_layout(&m, gen, out, size);
	if (rc == KBQ_OK && m.oom) {
		free(*out);
		*out = NULL;
		rc = KBQ_NOMEM;
	}
out:
	if (rc == KBQ_NOMEM && msg[0] == '\0')
		mg_fail(&m, rc, "out of memory merging the segments");
	mg_free(&m);
	return rc;
}
