/*
 * idx_write.c: turn the KB's rows into kb.idx (query/kbq_format.h).
 *
 * Three steps: read articles and entries in a fixed order (articles by
 * path, entries by id) while interning strings and tokenizing every field
 * with the shared normalizer (query/kbq_norm.c); compute document
 * frequencies and the per-entry idf masses the ranking needs; lay out the
 * sections and write them in one go.  The file is then opened with
 * libkbq and its content checksum verified, so kbc never installs an
 * index the reader would refuse.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "idx_write.h"
#include "kbq.h"
#include "kbq_format.h"
#include "kbq_norm.h"
#include "util.h"

/* A string -> index map (open addressing), keys owned. */
struct smap {
	char		**key;
	uint32_t	 *val;
	size_t		  cap, n;
};

static uint64_t
iw_hash(const char *s)
{
	return kbx_fnv(KBX_FNV_INIT, (const unsigned char *)s, strlen(s));
}

/* Return the slot of s: its value, or where it goes. */
static size_t
smap_slot(const struct smap *m, const char *s)
{
	size_t	 i = (size_t)iw_hash(s) & (m->cap - 1);

	while (m->key[i] != NULL && strcmp(m->key[i], s) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
smap_grow(struct smap *m)
{
	struct smap	 o = *m;
	size_t		 i, j;

	m->cap = o.cap ? o.cap * 2 : 1024;
	m->key = xcalloc(m->cap, sizeof(*m->key));
	m->val = xcalloc(m->cap, sizeof(*m->val));
	for (i = 0; i < o.cap; i++) {
		if (o.key[i] == NULL)
			continue;
		j = smap_slot(m, o.key[i]);
		m->key[j] = o.key[i];
		m->val[j] = o.val[i];
	}
	free(o.key);
	free(o.val);
}

/* Look s up; when absent add it with value next.  Returns the value. */
static uint32_t
smap_get(struct smap *m, const char *s, uint32_t next, int *added)
{
	size_t	 i;

	if ((m->n + 1) * 2 > m->cap)
		smap_grow(m);
	i = smap_slot(m, s);
	*added = m->key[i] == NULL;
	if (*added) {
		m->key[i] = xstrdup(s);
		m->val[i] = next;
		m->n++;
	}
	return m->val[i];
}

static void
smap_free(struct smap *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
}

/* A growable array of u32. */
struct u32v {
	uint32_t	*v;
	size_t		 n, cap;
};

static void
u32_add(struct u32v *a, uint32_t x)
{
	VEC_PUSH(a->v, a->n, a->cap);
	a->v[a->n - 1] = x;
}

struct post {
	uint32_t	 entry;
	uint32_t	 wtf;		/* x8 */
	uint32_t	 fields;
};

struct term {
	uint32_t	 str;
	struct post	*p;
	size_t		 n, cap;
	double		 idf;
};

struct code {
	uint32_t	 str;
	struct u32v	 ents;
};

struct iw {
	sqlite3		*db;
	struct buf	 strs;		/* the string pool */
	struct smap	 strmap;
	struct u32v	 arts, ents, refs, fixs;
	struct smap	 termmap;
	struct term	*terms;
	size_t		 nterms, capterms;
	struct smap	 codemap;
	struct code	*codes;
	size_t		 ncodes, capcodes;
	double		*len;		/* weighted length per entry */
	size_t		 caplen;
	uint32_t	 nentries;
	/* the field being tokenized */
	uint32_t	 cur_entry, cur_field;
	double		 cur_weight;
	char		*err;
	size_t		 errsz;
};

__attribute__((format(printf, 2, 3)))
static int
iw_fail(struct iw *w, const char *fmt, ...)
{
	va_list	 ap;

	if (w->errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(w->err, w->errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Intern a string into the pool; returns its offset. */
static uint32_t
iw_str(struct iw *w, const char *s)
{
	uint32_t	 off;
	int		 added;

	if (s == NULL || *s == '\0')
		return 0;
	off = smap_get(&w->strmap, s, (uint32_t)w->strs.len, &added);
	if (added)
		buf_add(&w->strs, s, strlen(s) + 1);
	return off;
}

static int
iw_token(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct iw	*w = arg;
	struct term	*t;
	struct post	*p;
	uint32_t	 id;
	int		 added;

	(void)len;
	(void)seq;
	if (kind != KBQN_WORD)
		return 0;
	id = smap_get(&w->termmap, tok, (uint32_t)w->nterms, &added);
	if (added) {
		VEC_PUSH(w->terms, w->nterms, w->capterms);
		t = &w->terms[id];
		memset(t, 0, sizeof(*t));
		t->str = iw_str(w, tok);
	}
	t = &w->terms[id];
	/* Entries arrive in order, so this entry's posting is the last. */
	if (t->n == 0 || t->p[t->n - 1].entry != w->cur_entry) {
		VEC_PUSH(t->p, t->n, t->cap);
		p = &t->p[t->n - 1];
		p->entry = w->cur_entry;
		p->wtf = 0;
		p->fields = 0;
	}
	p = &t->p[t->n - 1];
	p->wtf += (uint32_t)lrint(w->cur_weight * 8);
	if (p->wtf > 0xffff)
		p->wtf = 0xffff;
	p->fields |= w->cur_field;
	w->len[w->cur_entry] += w->cur_weight;
	return 0;
}

static void
iw_field(struct iw *w, const char *text, uint32_t field, double weight)
{
	w->cur_field = field;
	w->cur_weight = weight;
	kbqn_words(text, strlen(text), iw_token, w);
}

static void
iw_code(struct iw *w, const char *norm)
{
	struct code	*c;
	uint32_t	 id;
	int		 added;

	if (*norm == '\0')
		return;
	id = smap_get(&w->codemap, norm, (uint32_t)w->ncodes, &added);
	if (added) {
		VEC_PUSH(w->codes, w->ncodes, w->capcodes);
		c = &w->codes[id];
		memset(c, 0, sizeof(*c));
		c->str = iw_str(w, norm);
	}
	c = &w->codes[id];
	if (c->ents.n == 0 || c->ents.v[c->ents.n - 1] != w->cur_entry)
		u32_add(&c->ents, w->cur_entry);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

/* Run st bound to id; add each row's first column to refs and, when
 * field is set, tokenize it.  Returns the number of rows or -1. */
static int
iw_list(struct iw *w, sqlite3_stmt *st, sqlite3_int64 id, uint32_t field,
    double weight)
{
	int	 n = 0, rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u32_add(&w->refs, iw_str(w, col(st, 0)));
		if (field)
			iw_field(w, col(st, 0), field, weight);
		n++;
	}
	return rc == SQLITE_DONE ? n : -1;
}

static const char *const iw_sql[] = {
	/* 0: articles */
	"SELECT id, path, key, locale, title FROM articles ORDER BY path",
	/* 1: entries */
	"SELECT e.id, e.article_id, e.kind, e.anchor, COALESCE(s.text, '')"
	" FROM entries e JOIN articles a ON a.id = e.article_id"
	" LEFT JOIN sections s ON s.id = e.section_id ORDER BY a.path, e.id",
	/* 2..6: an entry's lists */
	"SELECT text FROM messages WHERE entry_id = ? ORDER BY seq, id",
	"SELECT written, norm FROM codes WHERE entry_id = ? ORDER BY seq, id",
	"SELECT id FROM fixes WHERE entry_id = ? ORDER BY seq, id",
	"SELECT text FROM causes WHERE fix_id = ? ORDER BY seq, id",
	"SELECT text FROM actions WHERE fix_id = ? ORDER BY seq, id",
};
#define NSQL	(sizeof(iw_sql) / sizeof(iw_sql[0]))

/* Read the KB into w.  Returns 0 or -1. */
static int
iw_read(struct iw *w)
{
	sqlite3_stmt	*st[NSQL];
	struct smap	 artmap;
	struct u32v	 fixids;
	char		*title;
	char		 idbuf[32], norm[KBQN_MAXTOK];
	uint32_t	 e[KBX_ENT_W], art, i, f0;
	size_t		 k;
	int		 rc = -1, added, n, nc, na;

	memset(st, 0, sizeof(st));
	memset(&artmap, 0, sizeof(artmap));
	memset(&fixids, 0, sizeof(fixids));
	for (k = 0; k < NSQL; k++)
		if (sqlite3_prepare_v2(w->db, iw_sql[k], -1, &st[k], NULL) !=
		    SQLITE_OK) {
			iw_fail(w, "reading the KB: %s", sqlite3_errmsg(w->db));
			goto out;
		}

	while (sqlite3_step(st[0]) == SQLITE_ROW) {
		snprintf(idbuf, sizeof(idbuf), "%lld",
		    (long long)sqlite3_column_int64(st[0], 0));
		smap_get(&artmap, idbuf, (uint32_t)(w->arts.n / KBX_ART_W),
		    &added);
		for (k = 1; k <= 4; k++)
			u32_add(&w->arts, iw_str(w, col(st[0], (int)k)));
	}

	while ((n = sqlite3_step(st[1])) == SQLITE_ROW) {
		snprintf(idbuf, sizeof(idbuf), "%lld",
		    (long long)sqlite3_column_int64(st[1], 1));
		art = smap_get(&artmap, idbuf, 0, &added);
		if (added)
			continue;	/* no such article: cannot happen */
		if (w->nentries == UINT32_MAX / KBX_ENT_W) {
			iw_fail(w, "too many entries");
			goto out;
		}
		w->cur_entry = w->nentries++;
		if (w->nentries > w->caplen) {
			w->caplen = w->caplen ? w->caplen * 2 : 1024;
			w->len = xrealloc(w->len, w->caplen * sizeof(*w->len));
		}
		w->len[w->cur_entry] = 0;
		memset(e, 0, sizeof(e));
		e[KBX_E_ART] = art;
		e[KBX_E_KIND] = strcmp(col(st[1], 2), "guide") == 0;
		e[KBX_E_ANCHOR] = iw_str(w, col(st[1], 3));
		e[KBX_E_SECTION] = iw_str(w, col(st[1], 4));
		iw_field(w, col(st[1], 4), KBX_F_SECT, KBX_W_SECT);
		/* Copied: tokenizing may grow the pool under it. */
		title = xstrdup(w->strs.s + w->arts.v[art * KBX_ART_W + 3]);
		iw_field(w, title, KBX_F_TITLE, KBX_W_TITLE);
		free(title);

		e[KBX_E_MSG] = (uint32_t)w->refs.n;
		if ((nc = iw_list(w, st[2], sqlite3_column_int64(st[1], 0),
		    KBX_F_MSG, KBX_W_MSG)) < 0)
			goto sqlfail;
		e[KBX_E_NMSG] = (uint32_t)nc;

		e[KBX_E_CODE] = (uint32_t)w->refs.n;
		sqlite3_reset(st[3]);
		sqlite3_bind_int64(st[3], 1, sqlite3_column_int64(st[1], 0));
		nc = 0;
		while (sqlite3_step(st[3]) == SQLITE_ROW) {
			u32_add(&w->refs, iw_str(w, col(st[3], 0)));
			iw_field(w, col(st[3], 0), KBX_F_CODE, KBX_W_CODE);
			/* The KB's norm, and ours in case they differ. */
			iw_code(w, col(st[3], 1));
			if (kbqn_code(col(st[3], 0), norm, sizeof(norm)) > 0)
				iw_code(w, norm);
			nc++;
		}
		e[KBX_E_NCODE] = (uint32_t)nc;

		fixids.n = 0;
		sqlite3_reset(st[4]);
		sqlite3_bind_int64(st[4], 1, sqlite3_column_int64(st[1], 0));
		while (sqlite3_step(st[4]) == SQLITE_ROW)
			u32_add(&fixids, (uint32_t)sqlite3_column_int64(st[4],
			    0));
		e[KBX_E_FIX] = f0 = (uint32_t)(w->fixs.n / KBX_FIX_W);
		for (i = 0; i < fixids.n; i++) {
			u32_add(&w->fixs, 0);
			u32_add(&w->fixs, 0);
			u32_add(&w->fixs, 0);
			u32_add(&w->fixs, 0);
		}
		for (i = 0; i < fixids.n; i++) {
			uint32_t *fx = w->fixs.v + (f0 + i) * KBX_FIX_W;

			fx[0] = (uint32_t)w->refs.n;
			if ((nc = iw_list(w, st[5], fixids.v[i], KBX_F_FIX,
			    KBX_W_FIX)) < 0)
				goto sqlfail;
			fx = w->fixs.v + (f0 + i) * KBX_FIX_W;
			fx[1] = (uint32_t)nc;
			fx[2] = (uint32_t)w->refs.n;
			if ((na = iw_list(w, st[6], fixids.v[i], KBX_F_FIX,
			    KBX_W_FIX)) < 0)
				goto sqlfail;
			fx = w->fixs.v + (f0 + i) * KBX_FIX_W;
			fx[3] = (uint32_t)na;
		}
		e[KBX_E_NFIX] = (uint32_t)fixids.n;
		for (k = 0; k < KBX_ENT_W; k++)
			u32_add(&w->ents, e[k]);
	}
	if (n != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto out;
sqlfail:
	iw_fail(w, "reading the KB: %s", sqlite3_errmsg(w->db));
out:
	for (k = 0; k < NSQL; k++)
		sqlite3_finalize(st[k]);
	smap_free(&artmap);
	free(fixids.v);
	return rc;
}

/* qsort() has no context argument; kbc writes one index at a time. */
static const char *iw_sortpool;

static int
iw_cmpterm(const void *a, const void *b)
{
	return strcmp(iw_sortpool + ((const struct term *)a)->str,
	    iw_sortpool + ((const struct term *)b)->str);
}

static int
iw_cmpcode(const void *a, const void *b)
{
	return strcmp(iw_sortpool + ((const struct code *)a)->str,
	    iw_sortpool + ((const struct code *)b)->str);
}

/* Idf masses per entry and the average length (kbq_format.h, ENTS). */
static void
iw_stats(struct iw *w, uint32_t *avglen)
{
	double		*mass;
	double		 sum = 0;
	size_t		 i, j;
	uint32_t	*e;

	mass = xcalloc((size_t)w->nentries * 4 + 1, sizeof(*mass));
	for (i = 0; i < w->nterms; i++) {
		struct term *t = &w->terms[i];

		t->idf = KBX_IDF(w->nentries, t->n);
		for (j = 0; j < t->n; j++) {
			double *m = mass + (size_t)t->p[j].entry * 4;

			if (t->p[j].fields & KBX_F_MSG)
				m[0] += t->idf;
			if (t->p[j].fields & KBX_F_CODE)
				m[3] += t->idf;
			if (t->p[j].fields & KBX_F_SECT)
				m[1] += t->idf;
			if (t->p[j].fields & KBX_F_TITLE)
				m[2] += t->idf;
		}
	}
	for (i = 0; i < w->nentries; i++) {
		e = w->ents.v + i * KBX_ENT_W;
		e[KBX_E_LEN] = (uint32_t)lrint(w->len[i] * 16);
		e[KBX_E_MASSM] = (uint32_t)lrint(mass[i * 4] * 1024);
		e[KBX_E_MASSS] = (uint32_t)lrint(mass[i * 4 + 1] * 1024);
		e[KBX_E_MASST] = (uint32_t)lrint(mass[i * 4 + 2] * 1024);
		e[KBX_E_MASSC] = (uint32_t)lrint(mass[i * 4 + 3] * 1024);
		sum += w->len[i];
	}
	*avglen = w->nentries ? (uint32_t)lrint(sum * 16 / w->nentries) : 16;
	free(mass);
}

/* Append a section of u32 words to out and describe it in the table. */
static void
iw_sect(struct buf *out, unsigned char *tab, uint32_t tag,
    const uint32_t *v, size_t nwords, size_t nrec, const void *bytes,
    size_t nbytes)
{
	unsigned char	 b[4];
	size_t		 i;

	while (out->len % 8)
		buf_addc(out, '\0');
	kbx_put32(tab, tag);
	kbx_put32(tab + 4, (uint32_t)out->len);
	kbx_put32(tab + 8, (uint32_t)(bytes ? nbytes : nwords * 4));
	kbx_put32(tab + 12, (uint32_t)nrec);
	if (bytes) {
		buf_add(out, bytes, nbytes);
		return;
	}
	for (i = 0; i < nwords; i++) {
		kbx_put32(b, v[i]);
		buf_add(out, (const char *)b, 4);
	}
}

/* Lay out the file in memory. */
static int
iw_layout(struct iw *w, struct buf *out)
{
	struct u32v	 term = { 0 }, post = { 0 }, code = { 0 }, cpst = { 0 };
	unsigned char	*h, tab[9][KBX_SECTSIZE];
	uint32_t	 avglen;
	size_t		 i, j, hend = KBX_HDRSIZE + 9 * KBX_SECTSIZE;
	uint64_t	 sum;

	iw_stats(w, &avglen);
	iw_sortpool = w->strs.s;
	if (w->nterms > 0)
		qsort(w->terms, w->nterms, sizeof(*w->terms), iw_cmpterm);
	if (w->ncodes > 0)
		qsort(w->codes, w->ncodes, sizeof(*w->codes), iw_cmpcode);
	for (i = 0; i < w->nterms; i++) {
		struct term *t = &w->terms[i];

		u32_add(&term, t->str);
		u32_add(&term, (uint32_t)(post.n / KBX_POST_W));
		u32_add(&term, (uint32_t)t->n);
		u32_add(&term, 0);
		for (j = 0; j < t->n; j++) {
			u32_add(&post, t->p[j].entry);
			u32_add(&post, t->p[j].wtf | t->p[j].fields << 16);
		}
	}
	for (i = 0; i < w->ncodes; i++) {
		struct code *c = &w->codes[i];

		u32_add(&code, c->str);
		u32_add(&code, (uint32_t)cpst.n);
		u32_add(&code, (uint32_t)c->ents.n);
		u32_add(&code, 0);
		for (j = 0; j < c->ents.n; j++)
			u32_add(&cpst, c->ents.v[j]);
	}

	for (i = 0; i < hend; i++)
		buf_addc(out, '\0');
	iw_sect(out, tab[0], KBX_STRS, NULL, 0, w->strs.len, w->strs.s,
	    w->strs.len);
	iw_sect(out, tab[1], KBX_ARTS, w->arts.v, w->arts.n,
	    w->arts.n / KBX_ART_W, NULL, 0);
	iw_sect(out, tab[2], KBX_ENTS, w->ents.v, w->ents.n, w->nentries,
	    NULL, 0);
	iw_sect(out, tab[3], KBX_REFS, w->refs.v, w->refs.n, w->refs.n,
	    NULL, 0);
	iw_sect(out, tab[4], KBX_FIXS, w->fixs.v, w->fixs.n,
	    w->fixs.n / KBX_FIX_W, NULL, 0);
	iw_sect(out, tab[5], KBX_TERM, term.v, term.n, w->nterms, NULL, 0);
	iw_sect(out, tab[6], KBX_POST, post.v, post.n, post.n / KBX_POST_W,
	    NULL, 0);
	iw_sect(out, tab[7], KBX_CODE, code.v, code.n, w->ncodes, NULL, 0);
	iw_sect(out, tab[8], KBX_CPST, cpst.v, cpst.n, cpst.n, NULL, 0);
	while (out->len % 8)
		buf_addc(out, '\0');
	buf_add(out, KBX_TRAILER, 8);
	free(term.v);
	free(post.v);
	free(code.v);
	free(cpst.v);
	if (out->len > UINT32_MAX)
		return iw_fail(w, "index too large (%zu bytes)", out->len);

	h = (unsigned char *)out->s;
	memcpy(h, KBX_MAGIC, 8);
	kbx_put32(h + 8, KBX_VERSION);
	kbx_put32(h + 12, 9);
	kbx_put64(h + 16, out->len);
	kbx_put32(h + 40, w->nentries);
	kbx_put32(h + 44, (uint32_t)(w->arts.n / KBX_ART_W));
	kbx_put32(h + 48, avglen);
	memcpy(h + KBX_HDRSIZE, tab, sizeof(tab));
	kbx_put64(h + 32, kbx_fnv(KBX_FNV_INIT, h + hend, out->len - 8 - hend));
	sum = kbx_fnv(KBX_FNV_INIT, h, hend);	/* bytes 24..31 still zero */
	kbx_put64(h + 24, sum);
	return 0;
}

/* Write the bytes, then read them back through libkbq. */
static int
iw_save(struct iw *w, const struct buf *out, const char *path)
{
	FILE	*fp;
	kbq	*q;
	int	 rc;

	if ((fp = fopen(path, "wb")) == NULL)
		return iw_fail(w, "%s: %s", path, strerror(errno));
	if (fwrite(out->s, 1, out->len, fp) != out->len || fflush(fp) != 0) {
		fclose(fp);
		return iw_fail(w, "%s: write error", path);
	}
	if (fclose(fp) != 0)
		return iw_fail(w, "%s: write error", path);
	rc = kbq_open(path, &q);
	if (rc == KBQ_OK)
		rc = kbq_check(q);
	if (rc != KBQ_OK)
		iw_fail(w, "%s: verification failed: %s", path, kbq_errmsg(q));
	kbq_close(q);
	return rc == KBQ_OK ? 0 : -1;
}

int
idx_write(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	struct iw	 w;
	struct buf	 out = { 0 };
	size_t		 i;
	int		 rc;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.err = err;
	w.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	buf_add(&w.strs, "", 1);	/* offset 0 is "" */
	rc = iw_read(&w);
	if (rc == 0)
		rc = iw_layout(&w, &out);
	if (rc == 0)
		rc = iw_save(&w, &out, path);
	buf_free(&out);
	buf_free(&w.strs);
	smap_free(&w.strmap);
	smap_free(&w.termmap);
	smap_free(&w.codemap);
	for (i = 0; i < w.nterms; i++)
		free(w.terms[i].p);
	free(w.terms);
	for (i = 0; i < w.ncodes; i++)
		free(w.codes[i].ents.v);
	free(w.codes);
	free(w.arts.v);
	free(w.ents.v);
	free(w.refs.v);
	free(w.fixs.v);
	free(w.len);
	return rc;
}
