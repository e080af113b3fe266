/*
 * idx_write.c: turn the KB's rows into kb.idx (query/kbq_format.h).
 *
 * Four steps, each one pass, so that the time and memory grow with the
 * KB and nothing is held twice:
 *  - read the KB: articles by path, entries by path and id (their order
 *    in the index), then each list table (messages, codes, fixes, causes,
 *    actions, action items) in one scan ordered by its owner's id, merged
 *    with the entries and fixes sorted by id; every string is interned
 *    once, and the lists become REFS, FIXS and ITEM directly (a list is
 *    contiguous wherever it lies);
 *  - tokenize each entry's fields in index order with the shared
 *    normalizer (query/kbq_norm.c), each word's posting appended to its
 *    term already delta- and varint-encoded, as the file holds it;
 *  - compute document frequencies and the per-entry idf masses;
 *  - write the sections to the file as they are laid out, checksumming
 *    the bytes on the way, and the header last.
 * The file is then opened with libkbq and its content checksum verified,
 * so kbc never installs an index the reader would refuse.
 *
 * A full build does not read the KB back: it streams its articles in
 * (idx_stream_*), each added as the KB reader would give its rows and
 * tokenized at once.  Only the order of the strings in the pool differs.
 * An incremental one reads the KB but takes what it can of the articles
 * it kept from the previous index (idx_write_from(), "Reusing").
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <sqlite3.h>

#include "idx_skip.h"
#include "idx_spill.h"
#include "idx_tomb.h"
#include "idx_write.h"
#include "kbq.h"
#include "kbq_format.h"
#include "kbq_int.h"
#include "kbq_norm.h"
#include "kbq_params.h"
#include "article.h"
#include "codes.h"
#include "kb_write.h"
#include "util.h"
#include "vocab.h"

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

/*
 * The postings of one word, kept as the file holds them (kbq_format.h,
 * POST), but for the last one, which may still grow while its entry's
 * fields are read.
 */
struct term {
	uint32_t	 str;		/* in the word pool, then in STRS */
	uint32_t	 df;		/* postings, the pending one included */
	uint32_t	 last;		/* entry of the pending posting */
	uint32_t	 prev;		/* entry of the last one encoded */
	uint32_t	 wtf, fields;	/* of the pending posting */
	uint32_t	 tmax;		/* its BM25 bound (TMAX) */
	uint32_t	 id;		/* its number before the words are sorted */
	uint32_t	 spilled;	/* bytes of its postings in the spill file */
	unsigned char	*p;
	uint32_t	 n, cap;
};

/* Bytes [off, off + len) of the postings' spill file are postings of
 * the word numbered term, in the order they were spilled. */
struct chunk {
	uint64_t	 off;
	uint32_t	 term, len;
};

struct icode {
	uint32_t	 str;
	struct u32v	 ents;
	struct u32v	 men;		/* per posting: 1 when the entry only mentions it */
};

/* An id of the KB and where its record went, for merging by id. */
struct idpos {
	int64_t		 id;
	uint32_t	 pos;
};

/*
 * A hash set of u32 values (string offsets, term and code numbers) whose
 * keys are strings found through the owner: the strings are stored once,
 * in the pools, not again as keys.
 */
enum { MAP_STR, MAP_TERM, MAP_CODE };

struct smap {
	uint32_t	*val;		/* value + 1; 0 is empty */
	uint32_t	*hash;
	size_t		 cap, n;
	int		 kind;
};

/*
 * A set of searchable records with their own words and codes: the
 * entries, and the passages.  Each has its own postings and document
 * frequencies, so that the passages (every block of text) change
 * nothing in how entries are ranked.
 */
struct pset {
	struct u32v	 ents;		/* records, KBX_ENT_W words each */
	uint32_t	 nentries;
	struct buf	 words;		/* the index words' pool */
	struct smap	 termmap, codemap;
	struct term	*terms;
	size_t		 nterms, capterms;
	struct icode	*codes;
	size_t		 ncodes, capcodes;
	double		*len;		/* weighted length per record */
	struct u32v	 cnorm;		/* per code: two normalized forms */
	uint32_t	*cfirst;	/* per record: its first in cnorm */
	size_t		 caprec;	/* records len and cfirst have room for (streaming) */
	/* Spilling (a stream given a folder): the records before ebase are
	 * in recs, with their lengths in lens; len, cfirst and ents hold
	 * those from ebase on.  The words' postings spilled so far are the
	 * chunks; once the set is complete, all of them lie in the postings'
	 * file from postoff on, word after word in TERM order (merged). */
	uint32_t	 ebase;
	struct u32v	 lens;
	struct spill	 recs;
	struct chunk	*ch;
	size_t		 nch, capch;
	int		 merged;
	uint64_t	 postoff;
};

/* A record of a set, by its number in the set. */
#define IW_REC(ps, i)	((ps)->ents.v + (size_t)((i) - (ps)->ebase) * KBX_ENT_W)
/* Its slot in len and cfirst. */
#define IW_REL(ps, i)	((size_t)((i) - (ps)->ebase))

struct iw {
	sqlite3		*db;
	struct buf	 strs;		/* the string pool */
	struct smap	 strmap;
	struct u32v	 arts, refs, fixs, items;
	struct idpos	*art;		/* article ids and their records */
	size_t		 nart;
	struct pset	 set[2];	/* entries, passages */
	struct pset	*cur;		/* the one being filled */
	/* the field being tokenized */
	uint32_t	 cur_entry, cur_field, cur_wtf;
	double		 cur_weight;
	char		*err;
	size_t		 errsz;
	uint32_t	 generation;	/* the KB's, into the header */
	/* The previous index whose kept articles' words and passage codes
	 * are reused (NULL: none), and the articles extracted again. */
	const struct kbq *old;
	char *const	*fresh;
	size_t		 nfresh;
	/* A delta segment's tombstones (TOMB, PTMB), or NULL. */
	const struct idx_tomb *tomb;
	/* Spilling: the folder of the temporary files (NULL: none, all is
	 * held in memory), the postings' file, how many bytes of postings
	 * may be held before they are spilled, how many are. */
	char		*spilldir;
	struct spill	 posts;
	size_t		 postmax, postmem;
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

/* FNV-1a 32 of a string: one pass, no strlen(). */
static uint32_t
iw_hash(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 h = 0x811c9dc5;

	while (*p != '\0')
		h = (h ^ *p++) * 0x01000193;
	return h;
}

/* The key of value v of map m. */
static const char *
smap_key(const struct iw *w, const struct smap *m, uint32_t v)
{
	switch (m->kind) {
	case MAP_STR:
		return w->strs.s + v;
	case MAP_TERM:
		return w->cur->words.s + w->cur->terms[v].str;
	default:
		return w->strs.s + w->cur->codes[v].str;
	}
}

/* The slot of key s (hash h): its value, or the empty slot it goes to. */
static size_t
smap_slot(const struct iw *w, const struct smap *m, const char *s, uint32_t h)
{
	size_t	 i = h & (m->cap - 1);

	while (m->val[i] != 0 && (m->hash[i] != h ||
	    strcmp(smap_key(w, m, m->val[i] - 1), s) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
smap_grow(struct smap *m)
{
	struct smap	 o = *m;
	size_t		 i, j;

	m->cap = o.cap ? o.cap * 2 : 1024;
	m->val = xcalloc(m->cap, sizeof(*m->val));
	m->hash = xcalloc(m->cap, sizeof(*m->hash));
	for (i = 0; i < o.cap; i++) {
		if (o.val[i] == 0)
			continue;
		for (j = o.hash[i] & (m->cap - 1); m->val[j] != 0;
		    j = (j + 1) & (m->cap - 1))
			continue;
		m->val[j] = o.val[i];
		m->hash[j] = o.hash[i];
	}
	free(o.val);
	free(o.hash);
}

/* Look s up; when absent, add it with value next (the caller stores the
 * key where smap_key() finds it).  Returns the value. */
static uint32_t
smap_get(struct iw *w, struct smap *m, const char *s, uint32_t next,
    int *added)
{
	uint32_t	 h = iw_hash(s);
	size_t		 i;

	if ((m->n + 1) * 2 > m->cap)
		smap_grow(m);
	i = smap_slot(w, m, s, h);
	*added = m->val[i] == 0;
	if (*added) {
		m->val[i] = next + 1;
		m->hash[i] = h;
		m->n++;
	}
	return m->val[i] - 1;
}

static void
smap_free(struct smap *m)
{
	free(m->val);
	free(m->hash);
	m->val = m->hash = NULL;
	m->cap = m->n = 0;
}

/* Intern a string into the pool; returns its offset. */
static uint32_t
iw_str(struct iw *w, const char *s)
{
	uint32_t	 off;
	int		 added;

	if (s == NULL || *s == '\0')
		return 0;
	off = smap_get(w, &w->strmap, s, (uint32_t)w->strs.len, &added);
	if (added)
		buf_add(&w->strs, s, strlen(s) + 1);
	return off;
}

/* Encode t's pending posting. */
static void
iw_flush(struct iw *w, struct term *t)
{
	uint32_t	 n0 = t->n;

	if (t->cap - t->n < 2 * KBX_VARMAX) {
		t->cap = t->cap ? t->cap + t->cap / 2 + 2 * KBX_VARMAX : 16;
		t->p = xrealloc(t->p, t->cap);
	}
	t->n += (uint32_t)kbx_putvar(t->p + t->n, t->last - t->prev);
	t->n += (uint32_t)kbx_putvar(t->p + t->n, t->wtf << KBX_F_BITS |
	    t->fields);
	t->prev = t->last;
	w->postmem += t->n - n0;
}

/* The current set's term for word tok (len bytes, NUL-terminated), made
 * when new. */
static struct term *
iw_term(struct iw *w, const char *tok, size_t len)
{
	struct term	*t;
	uint32_t	 id;
	int		 added;

	id = smap_get(w, &w->cur->termmap, tok, (uint32_t)w->cur->nterms, &added);
	if (added) {
		VEC_PUSH(w->cur->terms, w->cur->nterms, w->cur->capterms);
		t = &w->cur->terms[id];
		memset(t, 0, sizeof(*t));
		t->str = (uint32_t)w->cur->words.len;
		t->id = id;
		buf_add(&w->cur->words, tok, len + 1);
	}
	return &w->cur->terms[id];
}

static int
iw_token(void *arg, int kind, const char *tok, size_t len, unsigned seq)
{
	struct iw	*w = arg;
	struct term	*t;

	(void)seq;
	if (kind != KBQN_WORD)
		return 0;
	t = iw_term(w, tok, len);
	/* Entries come in order, so only the last posting can grow. */
	if (t->df == 0 || t->last != w->cur_entry) {
		if (t->df > 0)
			iw_flush(w, t);
		t->df++;
		t->last = w->cur_entry;
		t->wtf = 0;
		t->fields = 0;
	}
	t->wtf += w->cur_wtf;
	if (t->wtf > 0xffff)
		t->wtf = 0xffff;
	t->fields |= w->cur_field;
	w->cur->len[IW_REL(w->cur, w->cur_entry)] += w->cur_weight;
	return 0;
}

static void
iw_field(struct iw *w, const char *text, uint32_t field, double weight)
{
	w->cur_field = field;
	w->cur_weight = weight;
	w->cur_wtf = (uint32_t)lrint(weight * 8);
	kbqn_words(text, strlen(text), iw_token, w);
}

/* Note that the current entry has the code at pool offset off; mention:
 * written inside its message text, not apart from it (iw_mention). */
static void
iw_code(struct iw *w, uint32_t off, int mention)
{
	struct icode	*c;
	uint32_t	 id;
	int		 added;

	if (off == 0)
		return;
	id = smap_get(w, &w->cur->codemap, w->strs.s + off, (uint32_t)w->cur->ncodes,
	    &added);
	if (added) {
		VEC_PUSH(w->cur->codes, w->cur->ncodes, w->cur->capcodes);
		c = &w->cur->codes[id];
		memset(c, 0, sizeof(*c));
		c->str = off;
	}
	c = &w->cur->codes[id];
	if (c->ents.n == 0 || c->ents.v[c->ents.n - 1] != w->cur_entry) {
		u32_add(&c->ents, w->cur_entry);
		u32_add(&c->men, (uint32_t)mention);
	} else if (!mention)
		c->men.v[c->men.n - 1] = 0;
}

/* Is c a byte that a code is written with (so that it cannot border
 * one)? */
static int
iw_codebyte(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

/* Does text hold code (n bytes, any case) as a token, past its first
 * `skip` words? */
static int
iw_holds(const char *text, const char *code, size_t n, int skip)
{
	const char	*p, *q;
	int		 words;

	for (p = text; n > 0 && *p != '\0'; p++) {
		if (strncasecmp(p, code, n) != 0 ||
		    (p > text && iw_codebyte((unsigned char)p[-1])) ||
		    iw_codebyte((unsigned char)p[n]))
			continue;
		for (q = text, words = 0; q < p; q++)
			if (iw_codebyte((unsigned char)*q) &&
			    (q == text || !iw_codebyte((unsigned char)q[-1])))
				words++;
		if (words >= skip)
			return 1;
	}
	return 0;
}

/*
 * Does entry record e only mention code (as written), rather than being
 * named by it?  A code written apart from the entry's messages (in a
 * code column, an "Error code:" label) or in its heading or title names
 * it; one its messages hold past their first two words ("... (Service:
 * S3; Status Code: 403)", "fails with an error that begins with 400")
 * is mentioned in passing.  A message that starts with its code ("403:
 * The token is invalid", "HTTP 401: Unauthenticated") is named by it.
 */
static int
iw_mention(const struct iw *w, const uint32_t *e, const char *code)
{
	size_t		 n = strlen(code);
	uint32_t	 j;
	int		 men = 0;

	for (j = 0; j < e[KBX_E_NMSG] && !men; j++)
		men = iw_holds(w->strs.s + w->refs.v[e[KBX_E_MSG] + j], code, n, 2);
	return men && !iw_holds(w->strs.s + e[KBX_E_SECTION], code, n, 0) &&
	    !iw_holds(w->strs.s + w->arts.v[e[KBX_E_ART] * KBX_ART_W +
	    KBX_A_TITLE], code, n, 0);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

static int
iw_cmpid(const void *a, const void *b)
{
	int64_t	 x = ((const struct idpos *)a)->id;
	int64_t	 y = ((const struct idpos *)b)->id;

	return x < y ? -1 : x > y;
}

/* Position of id in v[0..n) sorted by id, the search starting at *k and
 * moving on (the ids asked for never decrease); -1 when absent. */
static long
iw_merge(const struct idpos *v, size_t n, size_t *k, int64_t id)
{
	while (*k < n && v[*k].id < id)
		(*k)++;
	return *k < n && v[*k].id == id ? (long)v[*k].pos : -1;
}

static const char *const iw_sql[] = {
	/* 0: articles */
	"SELECT id, path, key, locale, title, COALESCE(url, '') FROM articles"
	" ORDER BY path",
	/* 1: entries, in index order */
	"SELECT e.id, e.article_id, e.kind, e.anchor, COALESCE(s.text, ''),"
	" e.line FROM entries e JOIN articles a ON a.id = e.article_id"
	" LEFT JOIN sections s ON s.id = e.section_id ORDER BY a.path, e.id",
	/* 2..6: the lists, by owner */
	"SELECT entry_id, text FROM messages ORDER BY entry_id, seq, id",
	"SELECT entry_id, written, norm FROM codes ORDER BY entry_id, seq, id",
	"SELECT entry_id, id FROM fixes ORDER BY entry_id, seq, id",
	"SELECT fix_id, text FROM causes ORDER BY fix_id, seq, id",
	"SELECT fix_id, text FROM actions ORDER BY fix_id, seq, id",
	/* 7: every action of a fix with sub-items, with its sub-items */
	"SELECT a.fix_id, a.id, i.text FROM actions a"
	" LEFT JOIN action_items i ON i.action_id = a.id"
	" WHERE a.fix_id IN (SELECT b.fix_id FROM action_items j"
	" JOIN actions b ON b.id = j.action_id)"
	" ORDER BY a.fix_id, a.seq, a.id, i.seq, i.id",
};
#define NSQL	(sizeof(iw_sql) / sizeof(iw_sql[0]))

/*
 * Read list table st (rows: owner id, text...) into REFS: the rows of
 * one owner are contiguous; the owner's record (at rec[pos * width])
 * gets the first and the count at words fw and fw + 1.  Codes (code set)
 * also keep their normalized forms.  Returns 0 or -1.
 */
static int
iw_list(struct iw *w, sqlite3_stmt *st, const struct idpos *own, size_t nown,
    struct u32v *rec, unsigned width, unsigned fw, int code)
{
	char		 norm[KBQN_MAXTOK];
	size_t		 k = 0;
	long		 pos, cur = -1;
	uint32_t	*r = NULL;
	int		 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pos = iw_merge(own, nown, &k, sqlite3_column_int64(st, 0));
		if (pos < 0)
			continue;	/* no such owner: cannot happen */
		r = rec->v + (size_t)pos * width + fw;
		if (pos != cur) {
			cur = pos;
			r[0] = (uint32_t)w->refs.n;
			if (code)
				w->cur->cfirst[pos] = (uint32_t)w->cur->cnorm.n;
		}
		if (w->refs.n == UINT32_MAX)
			return iw_fail(w, "too many strings");
		u32_add(&w->refs, iw_str(w, col(st, 1)));
		r[1]++;
		if (code) {
			/* The KB's norm, and ours in case they differ. */
			u32_add(&w->cur->cnorm, iw_str(w, col(st, 2)));
			u32_add(&w->cur->cnorm, kbqn_code(col(st, 1), norm,
			    sizeof(norm)) > 0 ? iw_str(w, norm) : 0);
		}
	}
	return rc == SQLITE_DONE ? 0 : iw_fail(w, "reading the KB: %s",
	    sqlite3_errmsg(w->db));
}

/*
 * The sub-items of actions (rows: fix id, action id, item text or NULL):
 * a fix that has any gets an ITEM record per action, in the order of its
 * actions, each the first and count of that action's sub-items in REFS.
 * Returns 0 or -1.
 */
static int
iw_items(struct iw *w, sqlite3_stmt *st, const struct idpos *fix, size_t nfix)
{
	size_t		 k = 0;
	long		 pos, cur = -1;
	int64_t		 act = -1;
	uint32_t	*r = NULL;
	int		 rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pos = iw_merge(fix, nfix, &k, sqlite3_column_int64(st, 0));
		if (pos < 0)
			continue;	/* no such fix: cannot happen */
		r = w->fixs.v + (size_t)pos * KBX_FIX_W;
		if (pos != cur) {
			cur = pos;
			act = -1;
			r[KBX_X_ITEM] = (uint32_t)(w->items.n / KBX_ITEM_W);
		}
		if (sqlite3_column_int64(st, 1) != act) {
			act = sqlite3_column_int64(st, 1);
			r[KBX_X_NITEM]++;
			u32_add(&w->items, (uint32_t)w->refs.n);
			u32_add(&w->items, 0);
		}
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (w->refs.n == UINT32_MAX)
			return iw_fail(w, "too many strings");
		u32_add(&w->refs, iw_str(w, col(st, 2)));
		w->items.v[w->items.n - 1]++;
	}
	return rc == SQLITE_DONE ? 0 : iw_fail(w, "reading the KB: %s",
	    sqlite3_errmsg(w->db));
}

/* Read the KB into w.  Returns 0 or -1. */
static int
iw_read(struct iw *w)
{
	sqlite3_stmt	*st[NSQL];
	struct idpos	*ent = NULL, *fix = NULL;
	size_t		 capart = 0, nent = 0, capent = 0, nfix = 0;
	size_t		 capfix = 0, k, kk;
	uint32_t	*e;
	long		 pos;
	int		 rc = -1, n;

	memset(st, 0, sizeof(st));
	for (k = 0; k < NSQL; k++)
		if (sqlite3_prepare_v2(w->db, iw_sql[k], -1, &st[k], NULL) !=
		    SQLITE_OK) {
			iw_fail(w, "reading the KB: %s", sqlite3_errmsg(w->db));
			goto out;
		}

	while ((n = sqlite3_step(st[0])) == SQLITE_ROW) {
		VEC_PUSH(w->art, w->nart, capart);
		w->art[w->nart - 1].id = sqlite3_column_int64(st[0], 0);
		w->art[w->nart - 1].pos = (uint32_t)(w->arts.n / KBX_ART_W);
		for (k = 1; k <= KBX_ART_W; k++)
			u32_add(&w->arts, iw_str(w, col(st[0], (int)k)));
	}
	if (n != SQLITE_DONE)
		goto sqlfail;
	if (w->nart > 0)
		qsort(w->art, w->nart, sizeof(*w->art), iw_cmpid);

	while ((n = sqlite3_step(st[1])) == SQLITE_ROW) {
		struct idpos key = { sqlite3_column_int64(st[1], 1), 0 }, *a;

		if ((a = bsearch(&key, w->art, w->nart, sizeof(*w->art),
		    iw_cmpid)) == NULL)
			continue;	/* no such article: cannot happen */
		if (w->cur->nentries == UINT32_MAX / KBX_ENT_W) {
			iw_fail(w, "too many entries");
			goto out;
		}
		VEC_PUSH(ent, nent, capent);
		ent[nent - 1].id = sqlite3_column_int64(st[1], 0);
		ent[nent - 1].pos = w->cur->nentries++;
		for (k = 0; k < KBX_ENT_W; k++)
			u32_add(&w->cur->ents, 0);
		e = w->cur->ents.v + w->cur->ents.n - KBX_ENT_W;
		e[KBX_E_ART] = a->pos;
		e[KBX_E_KIND] = strcmp(col(st[1], 2), "guide") == 0;
		e[KBX_E_ANCHOR] = iw_str(w, col(st[1], 3));
		e[KBX_E_SECTION] = iw_str(w, col(st[1], 4));
		e[KBX_E_LINE] = (uint32_t)sqlite3_column_int(st[1], 5);
	}
	if (n != SQLITE_DONE)
		goto sqlfail;
	if (nent > 0)
		qsort(ent, nent, sizeof(*ent), iw_cmpid);
	w->cur->cfirst = xcalloc((size_t)w->cur->nentries + 1, sizeof(*w->cur->cfirst));

	if (iw_list(w, st[2], ent, nent, &w->cur->ents, KBX_ENT_W, KBX_E_MSG,
	    0) == -1 || iw_list(w, st[3], ent, nent, &w->cur->ents, KBX_ENT_W,
	    KBX_E_CODE, 1) == -1)
		goto out;

	/* Fixes: a record each, in the order of their entries. */
	k = 0;
	while ((n = sqlite3_step(st[4])) == SQLITE_ROW) {
		pos = iw_merge(ent, nent, &k, sqlite3_column_int64(st[4], 0));
		if (pos < 0)
			continue;
		e = w->cur->ents.v + (size_t)pos * KBX_ENT_W;
		if (e[KBX_E_NFIX]++ == 0)
			e[KBX_E_FIX] = (uint32_t)(w->fixs.n / KBX_FIX_W);
		VEC_PUSH(fix, nfix, capfix);
		fix[nfix - 1].id = sqlite3_column_int64(st[4], 1);
		fix[nfix - 1].pos = (uint32_t)(w->fixs.n / KBX_FIX_W);
		for (kk = 0; kk < KBX_FIX_W; kk++)
			u32_add(&w->fixs, 0);
	}
	if (n != SQLITE_DONE)
		goto sqlfail;
	if (nfix > 0)
		qsort(fix, nfix, sizeof(*fix), iw_cmpid);
	if (iw_list(w, st[5], fix, nfix, &w->fixs, KBX_FIX_W, KBX_X_CAUSE,
	    0) == -1 || iw_list(w, st[6], fix, nfix, &w->fixs, KBX_FIX_W,
	    KBX_X_ACTION, 0) == -1 || iw_items(w, st[7], fix, nfix) == -1)
		goto out;
	rc = 0;
	goto out;
sqlfail:
	iw_fail(w, "reading the KB: %s", sqlite3_errmsg(w->db));
out:
	for (k = 0; k < NSQL; k++)
		sqlite3_finalize(st[k]);
	free(ent);
	free(fix);
	return rc;
}

/* Steps shown with a passage: the list items of its section. */
#define PSG_STEPS	16

static int
iw_codechar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	    c == ':';
}

/* The codes written anywhere in a passage: those with a marker ("Error
 * 28031", "exit code 511") and every other token shaped like a code,
 * but for bare numbers: in running text and commands they are ports,
 * sizes and counts far more often than codes.  A number that leads a
 * heading or a table cell is a key, though ("## 401003 DeviceUnknown",
 * "| 503 | Service unavailable |"), when it has three digits or more. */
static void
iw_passage_codes(struct iw *w, uint32_t pos, const char *text, int keyed)
{
	struct pset	*ps = w->cur;
	struct entry	 e;
	char		 norm[KBQN_MAXTOK];
	const char	*p = text, *t;
	uint32_t	*r = IW_REC(ps, pos);
	size_t		 n, k;
	enum code_form	 form;

	memset(&e, 0, sizeof(e));
	codes_scan(text, &e);
	/* Tokens are runs of what codes are made of; what ends them
	 * ("'DB_USER'@'%'", "Code=X;") is not part of them. */
	while (*p != '\0') {
		while (*p != '\0' && !iw_codechar(*p))
			p++;
		for (t = p; iw_codechar(*p); p++)
			continue;
		for (n = (size_t)(p - t); n > 0 && strchr(".:-", t[n - 1]) !=
		    NULL; n--)
			continue;
		if (n > 0 && n < KBQN_MAXTOK &&
		    code_token(t, n, CODE_STRICT, &form) && (form !=
		    CODE_NUMBER || (keyed && t == text && n >= 3)))
			code_add_token(&e, t, n, CODE_STRICT);
	}
	ps->cfirst[IW_REL(ps, pos)] = (uint32_t)ps->cnorm.n;
	r[KBX_E_CODE] = (uint32_t)w->refs.n;
	for (k = 0; k < e.ncodes; k++) {
		u32_add(&w->refs, iw_str(w, e.codes[k].written));
		u32_add(&ps->cnorm, iw_str(w, e.codes[k].norm));
		u32_add(&ps->cnorm, kbqn_code(e.codes[k].written, norm,
		    sizeof(norm)) > 0 ? iw_str(w, norm) : 0);
	}
	r[KBX_E_NCODE] = (uint32_t)e.ncodes;
	entry_clear(&e);
}

/* Give the passages of one section, records [first, end), its steps. */
static void
iw_steps(struct iw *w, uint32_t first, uint32_t end, struct u32v *items)
{
	uint32_t	*r, fix;
	size_t		 i;

	if (items->n == 0)
		return;
	fix = (uint32_t)(w->fixs.n / KBX_FIX_W);
	for (i = 0; i < KBX_FIX_W; i++)
		u32_add(&w->fixs, 0);
	w->fixs.v[(size_t)fix * KBX_FIX_W + KBX_X_ACTION] = (uint32_t)w->refs.n;
	w->fixs.v[(size_t)fix * KBX_FIX_W + KBX_X_NACTION] = (uint32_t)items->n;
	for (i = 0; i < items->n; i++)
		u32_add(&w->refs, items->v[i]);
	for (; first < end; first++) {
		r = IW_REC(w->cur, first);
		r[KBX_E_FIX] = fix;
		r[KBX_E_NFIX] = 1;
	}
	items->n = 0;
}

static int	iw_isfresh(const struct iw *, uint32_t);
static void	iw_psg_codes(struct iw *, const uint32_t *, const unsigned char *,
		    size_t);

/*
 * Read the passages into the current set: a record each, laid out as
 * an entry's (kind KBX_KIND_PASSAGE), whose message is the passage's
 * text and whose one fix holds the steps of its section.
 */
static int
iw_read_passages(struct iw *w)
{
	static const char sql[] =
	    "SELECT p.article_id, p.kind, p.text, COALESCE(s.anchor, ''),"
	    " COALESCE(s.text, ''), COALESCE(p.section_id, -1), p.line"
	    " FROM passages p JOIN articles a ON a.id = p.article_id"
	    " LEFT JOIN sections s ON s.id = p.section_id"
	    " ORDER BY a.path, p.id";
	struct pset	*ps = w->cur;
	struct u32v	 items = { NULL, 0, 0 };
	sqlite3_stmt	*st = NULL;
	struct idpos	 key = { 0, 0 }, *a;
	int64_t		 run_art = -1, run_sec = -2, sec, pend_art = -1;
	uint32_t	*r, run = 0, msg, k, *pend = NULL;
	unsigned char	*pkeyed = NULL;
	size_t		 npend = 0, cappend = 0, npkeyed = 0, cappkeyed = 0;
	int		 n, keyed, pend_on = 0;

	if (sqlite3_prepare_v2(w->db, "SELECT count(*) FROM passages", -1,
	    &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto sqlfail;
	ps->cfirst = xcalloc((size_t)sqlite3_column_int64(st, 0) + 1,
	    sizeof(*ps->cfirst));
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	while ((n = sqlite3_step(st)) == SQLITE_ROW) {
		key.id = sqlite3_column_int64(st, 0);
		if ((a = bsearch(&key, w->art, w->nart, sizeof(*w->art),
		    iw_cmpid)) == NULL)
			continue;	/* no such article: cannot happen */
		if (ps->nentries == UINT32_MAX / KBX_ENT_W ||
		    w->refs.n > UINT32_MAX - 64) {
			sqlite3_finalize(st);
			free(items.v);
			free(pend);
			free(pkeyed);
			return iw_fail(w, "too many passages");
		}
		sec = sqlite3_column_int64(st, 5);
		if (key.id != run_art || sec != run_sec) {
			iw_steps(w, run, ps->nentries, &items);
			run = ps->nentries;
			run_art = key.id;
			run_sec = sec;
		}
		for (k = 0; k < KBX_ENT_W; k++)
			u32_add(&ps->ents, 0);
		r = ps->ents.v + (size_t)ps->nentries * KBX_ENT_W;
		r[KBX_E_ART] = a->pos;
		r[KBX_E_KIND] = KBX_KIND_PASSAGE;
		r[KBX_E_ANCHOR] = iw_str(w, col(st, 3));
		r[KBX_E_SECTION] = iw_str(w, col(st, 4));
		r[KBX_E_LINE] = (uint32_t)sqlite3_column_int(st, 6);
		msg = iw_str(w, col(st, 2));
		r[KBX_E_MSG] = (uint32_t)w->refs.n;
		r[KBX_E_NMSG] = 1;
		u32_add(&w->refs, msg);
		if (strcmp(col(st, 1), "item") == 0 && items.n < PSG_STEPS)
			u32_add(&items, msg);
		keyed = strcmp(col(st, 1), "heading") == 0 ||
		    strcmp(col(st, 1), "cell") == 0;
		if (key.id != pend_art) {
			pend_art = key.id;
			pend_on = w->old != NULL && !iw_isfresh(w, a->pos);
		}
		if (pend_on) {
			/* Its codes later: from the previous index, or
			 * found here after all (iw_psg_codes). */
			VEC_PUSH(pend, npend, cappend);
			pend[npend - 1] = ps->nentries;
			VEC_PUSH(pkeyed, npkeyed, cappkeyed);
			pkeyed[npkeyed - 1] = (unsigned char)keyed;
		} else
			iw_passage_codes(w, ps->nentries, col(st, 2), keyed);
		ps->nentries++;
	}
	iw_steps(w, run, ps->nentries, &items);
	free(items.v);
	sqlite3_finalize(st);
	if (n == SQLITE_DONE && npend > 0)
		iw_psg_codes(w, pend, pkeyed, npend);
	free(pend);
	free(pkeyed);
	return n == SQLITE_DONE ? 0 : iw_fail(w, "reading the KB: %s",
	    sqlite3_errmsg(w->db));
sqlfail:
	sqlite3_finalize(st);
	return iw_fail(w, "reading the KB: %s", sqlite3_errmsg(w->db));
}

/* Tokenize the strings refs[first .. first + n) as field. */
static void
iw_refs(struct iw *w, uint32_t first, uint32_t n, uint32_t field,
    double weight)
{
	uint32_t	 i;

	for (i = 0; i < n; i++)
		iw_field(w, w->strs.s + w->refs.v[first + i], field, weight);
}

/* Record i's codes, into the code postings. */
static void
iw_index_codes(struct iw *w, uint32_t i, int passages)
{
	const uint32_t	*e = IW_REC(w->cur, i);
	uint32_t	 j;
	size_t		 k;

	w->cur_entry = i;
	for (j = 0; j < e[KBX_E_NCODE]; j++) {
		int men = !passages && iw_mention(w, e,
		    w->strs.s + w->refs.v[e[KBX_E_CODE] + j]);

		k = w->cur->cfirst[IW_REL(w->cur, i)] + (size_t)j * 2;
		iw_code(w, w->cur->cnorm.v[k], men);
		iw_code(w, w->cur->cnorm.v[k + 1], men);
	}
}

/* Index record i's words and codes.  A passage's steps are its
 * section's, not its own words. */
static void
iw_index_record(struct iw *w, uint32_t i, int passages)
{
	const uint32_t	*e, *fx, *it;
	uint32_t	 j;
	size_t		 k;

	e = IW_REC(w->cur, i);
	w->cur_entry = i;
	iw_field(w, w->strs.s + e[KBX_E_SECTION], KBX_F_SECT,
	    KBX_W_SECT);
	iw_field(w, w->strs.s + w->arts.v[e[KBX_E_ART] * KBX_ART_W +
	    KBX_A_TITLE], KBX_F_TITLE, KBX_W_TITLE);
	iw_refs(w, e[KBX_E_MSG], e[KBX_E_NMSG], KBX_F_MSG, KBX_W_MSG);
	for (j = 0; j < e[KBX_E_NCODE]; j++)
		iw_refs(w, e[KBX_E_CODE] + j, 1, KBX_F_CODE,
		    KBX_W_CODE);
	iw_index_codes(w, i, passages);
	for (j = 0; j < (passages ? 0 : e[KBX_E_NFIX]); j++) {
		fx = w->fixs.v + (size_t)(e[KBX_E_FIX] + j) * KBX_FIX_W;
		iw_refs(w, fx[KBX_X_CAUSE], fx[KBX_X_NCAUSE], KBX_F_FIX,
		    KBX_W_FIX);
		iw_refs(w, fx[KBX_X_ACTION], fx[KBX_X_NACTION], KBX_F_FIX,
		    KBX_W_FIX);
		for (k = 0; k < fx[KBX_X_NITEM]; k++) {
			it = w->items.v + (fx[KBX_X_ITEM] + k) * KBX_ITEM_W;
			iw_refs(w, it[0], it[1], KBX_F_FIX, KBX_W_FIX);
		}
	}
}

/* Encode every term's pending posting: the set is complete. */
static void
iw_index_end(struct iw *w)
{
	for (size_t k = 0; k < w->cur->nterms; k++)
		if (w->cur->terms[k].df > 0)
			iw_flush(w, &w->cur->terms[k]);
}

/* Index every record of the current set, in index order. */
static void
iw_index(struct iw *w, int passages)
{
	w->cur->len = xcalloc((size_t)w->cur->nentries + 1, sizeof(*w->cur->len));
	for (uint32_t i = 0; i < w->cur->nentries; i++)
		iw_index_record(w, i, passages);
	iw_index_end(w);
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
	return strcmp(iw_sortpool + ((const struct icode *)a)->str,
	    iw_sortpool + ((const struct icode *)b)->str);
}

/*
 * Idf masses per entry and the average length (kbq_format.h, ENTS), from
 * what adds up across indexes of parts of one KB: an entry's masses sum
 * its words' idfs in the order of the sorted words (the terms are sorted
 * by now), which its own words give whatever else the index holds, and
 * the average is that of the stored lengths, whose sum is an integer.
 */
/* The length of record ent of set ps, as LENS holds it. */
static uint32_t
iw_len(const struct iw *w, const struct pset *ps, uint32_t ent)
{
	return w->spilldir ? ps->lens.v[ent] :
	    ps->ents.v[(size_t)ent * KBX_ENT_W + KBX_E_LEN];
}

/*
 * Reading a set's postings word after word, in TERM order: from memory,
 * or, once a spilled set is merged, from its run of the postings' file.
 */
struct prd {
	uint64_t	 off;
	unsigned char	*buf;
	size_t		 cap;
};

static const unsigned char *
iw_post(struct iw *w, const struct pset *ps, struct prd *r, size_t i)
{
	const struct term *t = &ps->terms[i];

	if (!ps->merged)
		return t->p;
	if (t->n > r->cap) {
		r->cap = t->n;
		r->buf = xrealloc(r->buf, r->cap);
	}
	if (t->n > 0 && spill_read(&w->posts, r->off, r->buf, t->n) != 0)
		memset(r->buf, 0, t->n);	/* the error fails the write */
	r->off += t->n;
	return r->buf;
}

/* Add the idf masses of records [a, b) to mass (four each, from a). */
static void
iw_mass(struct iw *w, struct pset *ps, uint32_t a, uint32_t b, double *mass)
{
	const unsigned char *p, *end;
	struct prd	 r = { ps->postoff, NULL, 0 };
	double		*m, idf;
	uint32_t	 d, v, ent;
	size_t		 i;

	for (i = 0; i < ps->nterms; i++) {
		struct term *t = &ps->terms[i];

		idf = KBX_IDF(ps->nentries, t->df);
		p = iw_post(w, ps, &r, i);
		end = p + t->n;
		for (ent = 0; p < end && kbx_getvar(&p, end, &d) &&
		    kbx_getvar(&p, end, &v); ) {
			ent += d;
			if (ent < a)
				continue;
			if (ent >= b)
				break;
			m = mass + (size_t)(ent - a) * 4;
			if (v & KBX_F_MSG)
				m[0] += idf;
			if (v & KBX_F_SECT)
				m[1] += idf;
			if (v & KBX_F_TITLE)
				m[2] += idf;
			if (v & KBX_F_CODE)
				m[3] += idf;
		}
	}
	free(r.buf);
}

/* Record e's masses, from its four sums. */
static void
iw_setmass(uint32_t *e, const double *m)
{
	e[KBX_E_MASSM] = (uint32_t)lrint(m[0] * 1024);
	e[KBX_E_MASSS] = (uint32_t)lrint(m[1] * 1024);
	e[KBX_E_MASST] = (uint32_t)lrint(m[2] * 1024);
	e[KBX_E_MASSC] = (uint32_t)lrint(m[3] * 1024);
}

/*
 * Idf masses per entry and the average length (kbq_format.h, ENTS), from
 * what adds up across indexes of parts of one KB: an entry's masses sum
 * its words' idfs in the order of the sorted words (the terms are sorted
 * by now), which its own words give whatever else the index holds, and
 * the average is that of the stored lengths, whose sum is an integer.
 * A spilled set's records are in its file: their masses are summed as
 * they are written (iw_write_ents), their lengths were set as they went.
 */
static void
iw_stats(struct iw *w, uint32_t *avglen)
{
	struct pset	*ps = w->cur;
	double		*mass;
	uint64_t	 sum = 0;
	uint32_t	*e;
	size_t		 i;

	if (w->spilldir == NULL) {
		mass = xcalloc((size_t)ps->nentries * 4 + 1, sizeof(*mass));
		iw_mass(w, ps, 0, ps->nentries, mass);
		for (i = 0; i < ps->nentries; i++) {
			e = ps->ents.v + i * KBX_ENT_W;
			e[KBX_E_LEN] = (uint32_t)lrint(ps->len[i] * 16);
			iw_setmass(e, mass + i * 4);
		}
		free(mass);
	}
	for (i = 0; i < ps->nentries; i++)
		sum += iw_len(w, ps, (uint32_t)i);
	*avglen = ps->nentries ? (uint32_t)lrint((double)sum /
	    ps->nentries) : 16;
}

/*
 * Each word's BM25 bound (kbq_format.h, TMAX), with libkbq's own
 * constants, once every length is known: the same numbers a lookup
 * scores a posting with (the length as LENS holds it, the average as the
 * header does), rounded up, so that the bound holds.
 */
static void
iw_tmax(struct iw *w, uint32_t avglen16)
{
	const unsigned char *p, *end;
	double		 k1 = kbqi_params.bm25_k1, b = kbqi_params.bm25_b;
	double		 avglen = avglen16 > 0 ? avglen16 / 16.0 : 1, el, g;
	double		 max;
	uint32_t	 d, v, ent;
	size_t		 i;
	struct prd	 r = { w->cur->postoff, NULL, 0 };

	for (i = 0; i < w->cur->nterms; i++) {
		struct term *t = &w->cur->terms[i];

		max = 0;
		p = iw_post(w, w->cur, &r, i);
		end = p + t->n;
		for (ent = 0; p < end && kbx_getvar(&p, end, &d) &&
		    kbx_getvar(&p, end, &v); ) {
			ent += d;
			el = iw_len(w, w->cur, ent) / 16.0;
			g = kbx_tfpart((v >> KBX_F_BITS) / 8.0, el, avglen,
			    k1, b);
			if (g > max)
				max = g;
		}
		t->tmax = (uint32_t)ceil(max * KBX_TMAX_ONE) + 1;
	}
	free(r.buf);
}

/*
 * The file being written: bytes go straight to it, and those of the
 * content (after the section table, before the trailer) into its sum.
 */
struct out {
	FILE		*fp;
	uint64_t	 off, sum;
	unsigned char	 tab[KBX_MAXSECT][KBX_SECTSIZE];
	unsigned	 nsect;
	uint64_t	 start;		/* of the current section */
};

static void
ow_bytes(struct out *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	fwrite(p, 1, n, o->fp);
	o->sum = kbx_fnv(o->sum, p, n);
	o->off += n;
}

static void
ow_u32(struct out *o, const uint32_t *v, size_t n)
{
	unsigned char	 b[4096];
	size_t		 i, k;

	for (i = 0; i < n; i += k) {
		for (k = 0; k < sizeof(b) / 4 && i + k < n; k++)
			kbx_put32(b + k * 4, v[i + k]);
		ow_bytes(o, b, k * 4);
	}
}

/* Pad to the next multiple of 8. */
static void
ow_pad(struct out *o)
{
	static const unsigned char zero[8];

	ow_bytes(o, zero, (8 - o->off % 8) % 8);
}

/* Start a section. */
static void
ow_begin(struct out *o, uint32_t tag)
{
	ow_pad(o);
	o->start = o->off;
	kbx_put32(o->tab[o->nsect], tag);
}

/* End the section: describe it in the table.  Returns 0 or -1 (too
 * large for the format's 32-bit offsets). */
static int
ow_end(struct out *o, uint64_t nrec)
{
	unsigned char	*r = o->tab[o->nsect++];

	if (o->off > UINT32_MAX || nrec > UINT32_MAX)
		return -1;
	kbx_put32(r + 4, (uint32_t)o->start);
	kbx_put32(r + 8, (uint32_t)(o->off - o->start));
	kbx_put32(r + 12, (uint32_t)nrec);
	return 0;
}

/* The section tags of each set: records, terms, postings, codes, code
 * postings, lengths, word bounds, the entries' code mentions, and the
 * skip records. */
static const uint32_t iw_tags[2][9] = {
	{ KBX_ENTS, KBX_TERM, KBX_POST, KBX_CODE, KBX_CPST, KBX_LENS, KBX_TMAX,
	  KBX_CMEN, KBX_SKIP },
	{ KBX_PENT, KBX_PTRM, KBX_PPST, KBX_PCOD, KBX_PCPS, KBX_PLEN, KBX_PTMX, 0,
	  KBX_PSKP },
};

/* The set's skip records (SKIP in kbq_format.h): each word's first, then
 * the records, which idx_skip.c reads off the postings. */
static int
iw_write_skips(struct iw *w, struct out *o, uint32_t tag)
{
	struct pset	*ps = w->cur;
	uint32_t	 first = 0, *rec;
	uint64_t	 most = 0;
	size_t		 i, k, n;
	struct prd	 r = { ps->postoff, NULL, 0 };

	ow_begin(o, tag);
	for (i = 0; i < ps->nterms; i++) {
		ow_u32(o, &first, 1);
		n = ps->terms[i].df > 0 ? (ps->terms[i].df - 1) / KBX_SKIPN : 0;
		first += (uint32_t)n;
		if (n > most)
			most = n;
	}
	ow_u32(o, &first, 1);
	rec = xcalloc(2 * most + 1, sizeof(*rec));
	for (i = 0; i < ps->nterms; i++) {
		n = ps->terms[i].df > 0 ? (ps->terms[i].df - 1) / KBX_SKIPN : 0;
		/* Postings that do not hold df entries are the writer's bug:
		 * zeros, which kbq_check() refuses. */
		k = idx_skips(iw_post(w, ps, &r, i), ps->terms[i].n,
		    ps->terms[i].df, rec);
		memset(rec + 2 * k, 0, 2 * (n - k) * sizeof(*rec));
		ow_u32(o, rec, 2 * n);
	}
	free(rec);
	free(r.buf);
	return ow_end(o, (o->off - o->start) / 4);
}

/*
 * A spilled set's records (ENTS), read back from its file with their
 * masses summed a slice of records at a time, so that the sums of the
 * passages' million records are never held at once: each slice is one
 * more pass over the postings.
 */
static void
iw_write_ents(struct iw *w, struct out *o)
{
	struct pset	*ps = w->cur;
	size_t		 slice = w->postmax / (4 * sizeof(double)), k, j;
	uint32_t	 a, b, i, *rec;
	double		*mass;

	if (slice < 4096)
		slice = 4096;
	if (slice > ps->nentries)
		slice = (size_t)ps->nentries + 1;
	mass = xmalloc(slice * 4 * sizeof(*mass));
	rec = xmalloc(1024 * KBX_ENT_W * sizeof(*rec));
	for (a = 0; a < ps->nentries; a = b) {
		b = ps->nentries - a > slice ? (uint32_t)(a + slice) :
		    ps->nentries;
		memset(mass, 0, (size_t)(b - a) * 4 * sizeof(*mass));
		iw_mass(w, ps, a, b, mass);
		for (i = a; i < b; i += (uint32_t)k) {
			k = b - i < 1024 ? b - i : 1024;
			if (spill_read(&ps->recs, (uint64_t)i * KBX_ENT_W *
			    sizeof(*rec), rec, k * KBX_ENT_W * sizeof(*rec)) != 0)
				memset(rec, 0, k * KBX_ENT_W * sizeof(*rec));
			for (j = 0; j < k; j++)
				iw_setmass(rec + j * KBX_ENT_W, mass +
				    (i + j - a) * 4);
			ow_u32(o, rec, k * KBX_ENT_W);
		}
	}
	free(rec);
	free(mass);
}

/* Write the current set's sections; its words are at wordoff in STRS. */
static int
iw_write_set(struct iw *w, struct out *o, const uint32_t tag[9],
    uint32_t wordoff)
{
	struct pset	*ps = w->cur;
	uint32_t	 r[4], post, *len;
	size_t		 i;
	int		 big = 0;
	struct prd	 rd = { ps->postoff, NULL, 0 };

	ow_begin(o, tag[0]);
	if (w->spilldir)
		iw_write_ents(w, o);
	else
		ow_u32(o, ps->ents.v, ps->ents.n);
	big |= ow_end(o, ps->nentries);
	ow_begin(o, tag[1]);
	for (i = 0, post = 0; i < ps->nterms; i++) {
		r[KBX_T_WORD] = wordoff + ps->terms[i].str;
		r[KBX_T_POST] = post;
		r[KBX_T_DF] = ps->terms[i].df;
		ow_u32(o, r, KBX_TERM_W);
		if (ps->terms[i].n > UINT32_MAX - post)
			big = -1;
		post += ps->terms[i].n;
	}
	big |= ow_end(o, ps->nterms);
	ow_begin(o, tag[2]);
	for (i = 0; i < ps->nterms; i++)
		ow_bytes(o, iw_post(w, ps, &rd, i), ps->terms[i].n);
	free(rd.buf);
	big |= ow_end(o, o->off - o->start);
	ow_begin(o, tag[3]);
	for (i = 0, post = 0; i < ps->ncodes; i++) {
		r[0] = ps->codes[i].str;
		r[1] = post;
		r[2] = (uint32_t)ps->codes[i].ents.n;
		ow_u32(o, r, KBX_CODE_W);
		post += r[2];
	}
	big |= ow_end(o, ps->ncodes);
	ow_begin(o, tag[4]);
	for (i = 0; i < ps->ncodes; i++)
		ow_u32(o, ps->codes[i].ents.v, ps->codes[i].ents.n);
	big |= ow_end(o, post);
	ow_begin(o, tag[5]);
	if (w->spilldir)
		ow_u32(o, ps->lens.v, ps->nentries);
	else {
		len = xcalloc((size_t)ps->nentries + 1, sizeof(*len));
		for (i = 0; i < ps->nentries; i++)
			len[i] = ps->ents.v[i * KBX_ENT_W + KBX_E_LEN];
		ow_u32(o, len, ps->nentries);
		free(len);
	}
	big |= ow_end(o, ps->nentries);
	ow_begin(o, tag[6]);
	r[0] = (uint32_t)lrint(kbqi_params.bm25_k1 * KBX_TMAX_ONE);
	r[1] = (uint32_t)lrint(kbqi_params.bm25_b * KBX_TMAX_ONE);
	ow_u32(o, r, 2);
	for (i = 0; i < ps->nterms; i++)
		ow_u32(o, &ps->terms[i].tmax, 1);
	big |= ow_end(o, (uint64_t)ps->nterms + 2);
	if (tag[7] != 0) {
		/* CMEN: a bit per CPST word, set when it is a mention. */
		uint32_t bits = 0, nb = 0;

		ow_begin(o, tag[7]);
		for (i = 0; i < ps->ncodes; i++)
			for (size_t j = 0; j < ps->codes[i].men.n; j++) {
				bits |= ps->codes[i].men.v[j] << (nb % 32);
				if (++nb % 32 == 0) {
					ow_u32(o, &bits, 1);
					bits = 0;
				}
			}
		if (nb % 32 != 0)
			ow_u32(o, &bits, 1);
		big |= ow_end(o, (nb + 31) / 32);
	}
	big |= iw_write_skips(w, o, tag[8]);
	return big;
}

/*
 * Spilling.  A full build streams 14,400 articles into 1.5 M records
 * and 110 MB of postings; held until the file is written, they were most
 * of the build's peak memory.  So a stream given a folder writes each
 * article's records to its set's file once they are indexed (their
 * lengths kept apart, for LENS and the bounds), and, whenever the
 * postings held pass w->postmax bytes, every word's postings so far to
 * the postings' file as a run.  A word's postings are delta-encoded
 * against its previous posting wherever that went, so its runs, read
 * back in order and followed by what it still holds, are its postings
 * as the file holds them: once the words are sorted, they are merged
 * into the same file word after word, in TERM order, and every later
 * pass (masses, bounds, POST, skips) reads them from there.
 */
static int
iw_spill_failed(struct iw *w)
{
	int	 e = w->posts.err ? w->posts.err : w->set[0].recs.err ?
	    w->set[0].recs.err : w->set[1].recs.err;

	if (w->spilldir == NULL || e == 0)
		return 0;
	return iw_fail(w, "the index's temporary file in %s: %s", w->spilldir,
	    strerror(e));
}

/* Every word's postings held so far, as a run of the postings' file. */
static void
iw_spill_posts(struct iw *w)
{
	struct pset	*ps;
	struct term	*t;
	size_t		 i;

	for (int k = 0; k < 2; k++) {
		ps = &w->set[k];
		for (i = 0; i < ps->nterms; i++) {
			t = &ps->terms[i];
			if (t->n == 0)
				continue;
			VEC_PUSH(ps->ch, ps->nch, ps->capch);
			ps->ch[ps->nch - 1] = (struct chunk){ w->posts.size,
			    t->id, t->n };
			spill_write(&w->posts, t->p, t->n);
			t->spilled += t->n;
			free(t->p);
			t->p = NULL;
			t->n = t->cap = 0;
		}
	}
	w->postmem = 0;
}

/* The records of set ps indexed since the last call, to its file. */
static void
iw_spill_records(struct pset *ps)
{
	uint32_t	*r, i;

	for (i = ps->ebase; i < ps->nentries; i++) {
		r = IW_REC(ps, i);
		r[KBX_E_LEN] = (uint32_t)lrint(ps->len[IW_REL(ps, i)] * 16);
		u32_add(&ps->lens, r[KBX_E_LEN]);
	}
	spill_write(&ps->recs, ps->ents.v, ps->ents.n * sizeof(*ps->ents.v));
	ps->ents.n = 0;
	ps->cnorm.n = 0;
	ps->ebase = ps->nentries;
}

/* The set is complete and its words sorted: each word's runs and what
 * it still holds, in TERM order, at the end of the postings' file. */
static void
iw_merge_posts(struct iw *w, struct pset *ps)
{
	size_t		*end, *ord, i, j;
	unsigned char	*buf = NULL;
	size_t		 cap = 0;

	/* The chunks by word (as numbered before the sort), each word's in
	 * the order they were spilled: a counting sort. */
	end = xcalloc(ps->nterms + 1, sizeof(*end));
	ord = xcalloc(ps->nch + 1, sizeof(*ord));
	for (j = 0; j < ps->nch; j++)
		end[ps->ch[j].term]++;
	for (i = 1; i < ps->nterms; i++)
		end[i] += end[i - 1];
	for (j = ps->nch; j-- > 0; )
		ord[--end[ps->ch[j].term]] = j;
	/* end[t] is now where word t's chunks begin. */
	ps->postoff = w->posts.size;
	for (i = 0; i < ps->nterms; i++) {
		struct term *t = &ps->terms[i];
		size_t last = t->id + 1 < ps->nterms ? end[t->id + 1] : ps->nch;

		for (j = end[t->id]; j < last; j++) {
			const struct chunk *c = &ps->ch[ord[j]];

			if (c->len > cap) {
				cap = c->len;
				buf = xrealloc(buf, cap);
			}
			if (spill_read(&w->posts, c->off, buf, c->len) != 0)
				memset(buf, 0, c->len);
			spill_write(&w->posts, buf, c->len);
		}
		spill_write(&w->posts, t->p, t->n);
		if (t->spilled > UINT32_MAX - t->n)
			w->posts.err = EFBIG;
		t->n += t->spilled;
		t->spilled = 0;
		free(t->p);
		t->p = NULL;
		t->cap = 0;
	}
	free(buf);
	free(end);
	free(ord);
	free(ps->ch);
	ps->ch = NULL;
	ps->nch = ps->capch = 0;
	ps->merged = 1;
}

/* Lay the sections out into path, then the header. */
static int
iw_write(struct iw *w, const char *path)
{
	struct out	 o;
	unsigned char	 h[KBX_HDRSIZE];
	uint32_t	 avglen[2], wordoff[2];
	size_t		 i, hend = KBX_HDRSIZE + 23 * KBX_SECTSIZE;
	int		 big = 0, k;
	const char *const *gen = vocab_list(WROLE_GENERIC);
	struct u32v	 genp = {0}, tomb[3] = {{0}, {0}, {0}};

	for (k = 0; k < 2; k++) {
		w->cur = &w->set[k];
		/* Sorted first: an entry's masses are then summed over its
		 * words in the order the file lists them (iw_stats). */
		iw_sortpool = w->cur->words.s;
		if (w->cur->nterms > 0)
			qsort(w->cur->terms, w->cur->nterms,
			    sizeof(*w->cur->terms), iw_cmpterm);
		if (w->spilldir)
			iw_merge_posts(w, w->cur);
		iw_stats(w, &avglen[k]);
		iw_tmax(w, avglen[k]);
		iw_sortpool = w->strs.s;
		if (w->cur->ncodes > 0)
			qsort(w->cur->codes, w->cur->ncodes,
			    sizeof(*w->cur->codes), iw_cmpcode);
	}

	if (w->tomb)
		hend += 2 * KBX_SECTSIZE;	/* TOMB, PTMB */
	memset(&o, 0, sizeof(o));
	if ((o.fp = fopen(path, "wb")) == NULL)
		return iw_fail(w, "%s: %s", path, strerror(errno));
	memset(h, 0, sizeof(h));
	for (i = 0; i < hend; i += sizeof(h))
		fwrite(h, 1, hend - i < sizeof(h) ? hend - i : sizeof(h), o.fp);
	o.off = hend;
	o.sum = KBX_FNV_INIT;

	/* The generic phrases of the vocabulary, for GENP: in the pool
	 * before it is written. */
	for (i = 0; gen[i] != NULL; i++)
		u32_add(&genp, iw_str(w, gen[i]));
	/* A delta's tombstones: their paths and words in the pool too. */
	if (w->tomb) {
		for (i = 0; i < w->tomb->npaths; i++)
			u32_add(&tomb[0], iw_str(w, w->tomb->paths[i]));
		for (k = 0; k < 2; k++)
			for (i = 0; i < w->tomb->set[k].nterms; i++) {
				u32_add(&tomb[1 + k], iw_str(w,
				    w->tomb->set[k].words[i]));
				u32_add(&tomb[1 + k], w->tomb->set[k].df[i]);
			}
	}
	/* STRS: the pool, then each set's index words (their offsets move
	 * by what comes before them). */
	ow_begin(&o, KBX_STRS);
	ow_bytes(&o, w->strs.s, w->strs.len);
	for (k = 0; k < 2; k++) {
		wordoff[k] = (uint32_t)(o.off - o.start);
		ow_bytes(&o, w->set[k].words.s, w->set[k].words.len);
	}
	big |= ow_end(&o, o.off - o.start);
	ow_begin(&o, KBX_ARTS);
	ow_u32(&o, w->arts.v, w->arts.n);
	big |= ow_end(&o, w->arts.n / KBX_ART_W);
	ow_begin(&o, KBX_REFS);
	ow_u32(&o, w->refs.v, w->refs.n);
	big |= ow_end(&o, w->refs.n);
	ow_begin(&o, KBX_FIXS);
	ow_u32(&o, w->fixs.v, w->fixs.n);
	big |= ow_end(&o, w->fixs.n / KBX_FIX_W);
	ow_begin(&o, KBX_ITEM);
	ow_u32(&o, w->items.v, w->items.n);
	big |= ow_end(&o, w->items.n / KBX_ITEM_W);
	ow_begin(&o, KBX_GENP);
	ow_u32(&o, genp.v, genp.n);
	big |= ow_end(&o, genp.n);
	free(genp.v);
	for (k = 0; k < 2 && w->tomb; k++) {
		const struct idx_tomb_set *ts = &w->tomb->set[k];
		uint32_t th[KBX_TOMB_HDR];

		th[KBX_TB_GEN] = w->tomb->gen;
		th[KBX_TB_NPATH] = k ? 0 : (uint32_t)w->tomb->npaths;
		th[KBX_TB_NENT] = ts->nent;
		th[KBX_TB_LENLO] = (uint32_t)ts->lensum;
		th[KBX_TB_LENHI] = (uint32_t)(ts->lensum >> 32);
		th[KBX_TB_NTERM] = (uint32_t)ts->nterms;
		ow_begin(&o, k ? KBX_PTMB : KBX_TOMB);
		ow_u32(&o, th, KBX_TOMB_HDR);
		if (k == 0)
			ow_u32(&o, tomb[0].v, tomb[0].n);
		ow_u32(&o, tomb[1 + k].v, tomb[1 + k].n);
		big |= ow_end(&o, (o.off - o.start) / 4);
	}
	for (k = 0; k < 3; k++)
		free(tomb[k].v);
	for (k = 0; k < 2; k++) {
		w->cur = &w->set[k];
		big |= iw_write_set(w, &o, iw_tags[k], wordoff[k]);
	}
	ow_pad(&o);
	fwrite(KBX_TRAILER, 1, 8, o.fp);
	o.off += 8;

	memcpy(h, KBX_MAGIC, 8);
	kbx_put32(h + 8, KBX_VERSION);
	kbx_put32(h + 12, o.nsect);
	kbx_put64(h + 16, o.off);
	kbx_put64(h + 32, o.sum);
	kbx_put32(h + 40, w->set[0].nentries);
	kbx_put32(h + 44, (uint32_t)(w->arts.n / KBX_ART_W));
	kbx_put32(h + 48, avglen[0]);
	kbx_put32(h + 52, w->set[1].nentries);
	kbx_put32(h + 56, avglen[1]);
	kbx_put32(h + 60, w->generation);
	/* The header sum, with its own 8 bytes still zero. */
	kbx_put64(h + 24, kbx_fnv(kbx_fnv(KBX_FNV_INIT, h, sizeof(h)),
	    o.tab[0], (size_t)o.nsect * KBX_SECTSIZE));
	if (fseek(o.fp, 0, SEEK_SET) != 0 ||
	    fwrite(h, 1, sizeof(h), o.fp) != sizeof(h) ||
	    fwrite(o.tab, 1, (size_t)o.nsect * KBX_SECTSIZE, o.fp) !=
	    (size_t)o.nsect * KBX_SECTSIZE || ferror(o.fp) ||
	    fflush(o.fp) != 0) {
		fclose(o.fp);
		return iw_fail(w, "%s: write error", path);
	}
	if (fclose(o.fp) != 0)
		return iw_fail(w, "%s: write error", path);
	if (iw_spill_failed(w))
		return -1;
	if (big)
		return iw_fail(w, "index too large (%llu bytes)",
		    (unsigned long long)o.off);
	return 0;
}

/* Read the written file back through libkbq. */
static int
iw_verify(struct iw *w, const char *path)
{
	kbq	*q;
	int	 rc;

	rc = kbq_open(path, &q);
	if (rc == KBQ_OK)
		rc = kbq_check(q);
	if (rc != KBQ_OK)
		iw_fail(w, "%s: verification failed: %s", path, kbq_errmsg(q));
	kbq_close(q);
	return rc == KBQ_OK ? 0 : -1;
}

static void
iw_free(struct iw *w)
{
	struct pset	*ps;
	size_t		 i;
	int		 k;

	buf_free(&w->strs);
	smap_free(&w->strmap);
	for (k = 0; k < 2; k++) {
		ps = &w->set[k];
		buf_free(&ps->words);
		smap_free(&ps->termmap);
		smap_free(&ps->codemap);
		for (i = 0; i < ps->nterms; i++)
			free(ps->terms[i].p);
		free(ps->terms);
		for (i = 0; i < ps->ncodes; i++) {
			free(ps->codes[i].ents.v);
			free(ps->codes[i].men.v);
		}
		free(ps->codes);
		free(ps->ents.v);
		free(ps->cnorm.v);
		free(ps->cfirst);
		free(ps->len);
		free(ps->lens.v);
		free(ps->ch);
		spill_close(&ps->recs);
	}
	spill_close(&w->posts);
	free(w->spilldir);
	free(w->art);
	free(w->arts.v);
	free(w->refs.v);
	free(w->fixs.v);
	free(w->items.v);
}

/* A writer with empty pools. */
static void
iw_init(struct iw *w)
{
	memset(w, 0, sizeof(*w));
	w->strmap.kind = MAP_STR;
	for (int k = 0; k < 2; k++) {
		w->set[k].termmap.kind = MAP_TERM;
		w->set[k].codemap.kind = MAP_CODE;
	}
	buf_add(&w->strs, "", 1);	/* offset 0 is "" */
	w->cur = &w->set[0];
	w->posts.fd = w->set[0].recs.fd = w->set[1].recs.fd = -1;
}

/* Both sets are read and indexed: write the file, free w, verify it. */
static int
iw_finish(struct iw *w, const char *path)
{
	int	 rc;

	smap_free(&w->strmap);
	for (int k = 0; k < 2; k++) {
		w->cur = &w->set[k];
		smap_free(&w->cur->termmap);
		smap_free(&w->cur->codemap);
		free(w->cur->cnorm.v);
		w->cur->cnorm.v = NULL;
	}
	rc = iw_write(w, path);
	iw_free(w);
#ifdef __GLIBC__
	/* The index's memory back to the system before the check maps the
	 * file: glibc keeps freed heap pages, and with the written file's
	 * pages counted too that was a build's peak RSS. */
	malloc_trim(0);
#endif
	if (rc == 0)
		rc = iw_verify(w, path);
	return rc;
}

/*
 * Reusing the previous index.  An incremental build changes few articles
 * of the KB, and tokenizing the records of the others again is most of
 * the time an index costs.  A kept article (same path, not extracted
 * again) has the same records as in the previous index, the index of the
 * KB before this build, so its words' postings are taken from there:
 * each old posting of a kept record, renumbered, joins those of the
 * records tokenized anew in its word's list.  The lengths come with them
 * (LENS), and so do the codes found in a kept article's passages (PCOD,
 * iw_psg_codes: finding them is most of reading the KB); the entries'
 * codes are taken again from their records (cheap), and the document
 * frequencies, masses, bounds and averages are computed from the merged
 * postings as for any index (iw_stats, iw_tmax), so that the index holds
 * what tokenizing every record would give.  An article whose records do
 * not match the old ones in number, kind, line and list sizes (and, for
 * passages, text) is tokenized anew.
 */
struct reuse {
	const struct kbq *old;		/* the view of this set */
	uint32_t	*from;		/* per new record: old record + 1, or 0 */
	uint32_t	*to;		/* per old record: new record + 1, or 0 */
	uint32_t	 kept;		/* records taken over */
};

/* Record i of a set's records, and the range of article a's records in
 * [first, end): records of one article are together, in article order. */
static void
iw_artrange(const unsigned char *ents, uint32_t n, uint32_t a, uint32_t *first,
    uint32_t *end)
{
	uint32_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (kbx_get32(ents + ((size_t)mid * KBX_ENT_W + KBX_E_ART) * 4) < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	for (hi = n; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (kbx_get32(ents + ((size_t)mid * KBX_ENT_W + KBX_E_ART) * 4) <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	*end = lo;
}

static int
iw_cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Match the current set's records with the old view's, article by
 * article, but for the articles in fresh (sorted). */
static void
iw_reuse_map(struct iw *w, struct reuse *r)
{
	static const unsigned same[] = { KBX_E_KIND, KBX_E_LINE, KBX_E_NMSG,
	    KBX_E_NCODE, KBX_E_NFIX };
	const struct kbq *old = r->old;
	const uint32_t	*e;
	uint32_t	 n = w->cur->nentries, i, j, a, oa, of, oe, nf, ne, k;
	const char	*path;
	int		 ok;

	r->from = xcalloc((size_t)n + 1, sizeof(*r->from));
	r->to = xcalloc((size_t)old->nentries + 1, sizeof(*r->to));
	r->kept = 0;
	for (i = 0; i < n; i = ne) {
		a = w->cur->ents.v[(size_t)i * KBX_ENT_W + KBX_E_ART];
		for (ne = i; ne < n && w->cur->ents.v[(size_t)ne * KBX_ENT_W +
		    KBX_E_ART] == a; ne++)
			continue;
		nf = i;
		path = w->strs.s + w->arts.v[(size_t)a * KBX_ART_W + KBX_A_PATH];
		if (iw_isfresh(w, a) || (oa = idx_article(old, path)) == UINT32_MAX)
			continue;
		iw_artrange(old->ents.p, old->ents.n, oa, &of, &oe);
		ok = oe - of == ne - nf;
		for (j = 0; ok && j < ne - nf; j++) {
			e = w->cur->ents.v + (size_t)(nf + j) * KBX_ENT_W;
			for (k = 0; k < sizeof(same) / sizeof(same[0]); k++)
				ok &= e[same[k]] == kbx_word(&old->ents,
				    of + j, KBX_ENT_W, same[k]);
			/* And the heading and first message read the same: an
			 * index of other articles with these paths and shapes
			 * (a stale copy the stat cache was made to vouch for)
			 * gives no words. */
			ok = ok && strcmp(w->strs.s + e[KBX_E_SECTION],
			    kbx_str(old, kbx_word(&old->ents, of + j, KBX_ENT_W,
			    KBX_E_SECTION))) == 0 && (e[KBX_E_NMSG] == 0 ||
			    strcmp(w->strs.s + w->refs.v[e[KBX_E_MSG]],
			    kbx_str(old, kbx_word(&old->refs, kbx_word(&old->ents,
			    of + j, KBX_ENT_W, KBX_E_MSG), 1, 0))) == 0);
		}
		for (j = 0; ok && j < ne - nf; j++) {
			r->from[nf + j] = of + j + 1;
			r->to[of + j] = nf + j + 1;
			r->kept++;
		}
	}
}

/* Was article a (of the new index) extracted again by this build? */
static int
iw_isfresh(const struct iw *w, uint32_t a)
{
	const char	*path = w->strs.s + w->arts.v[(size_t)a * KBX_ART_W +
	    KBX_A_PATH];

	return w->nfresh > 0 && bsearch(&path, w->fresh, w->nfresh,
	    sizeof(*w->fresh), iw_cmpstr) != NULL;
}

/*
 * Give the pending passage i, whose old record is oi, its codes from the
 * previous index: those written in it (its REFS list) and the codes its
 * entry is listed under (ocode, the old codes of each old passage, as
 * offsets into this pool; its 2 * ncode slots of cnorm hold them, which
 * is room for all: a written code gives two forms at most).  0, or -1
 * when the old index says more than that.
 */
static int
iw_psg_old(struct iw *w, uint32_t i, uint32_t oi, const uint32_t *ostart,
    const uint32_t *ocode)
{
	const struct kbq *ov = w->old->psg;
	struct pset	*ps = w->cur;
	uint32_t	*r = ps->ents.v + (size_t)i * KBX_ENT_W;
	uint32_t	 first = kbx_word(&ov->ents, oi, KBX_ENT_W, KBX_E_CODE);
	uint32_t	 nc = kbx_word(&ov->ents, oi, KBX_ENT_W, KBX_E_NCODE);
	uint32_t	 nn = ostart[oi + 1] - ostart[oi], j;

	if (nn > 2 * (uint64_t)nc || nc != kbx_clamp(first, nc, ov->refs.n))
		return -1;
	ps->cfirst[i] = (uint32_t)ps->cnorm.n;
	r[KBX_E_CODE] = (uint32_t)w->refs.n;
	r[KBX_E_NCODE] = nc;
	for (j = 0; j < nc; j++)
		u32_add(&w->refs, iw_str(w, kbx_str(w->old,
		    kbx_word(&ov->refs, first + j, 1, 0))));
	for (j = 0; j < 2 * nc; j++)
		u32_add(&ps->cnorm, j < nn ? ocode[ostart[oi] + j] : 0);
	return 0;
}

/*
 * The codes of the passages iw_read_passages() left pending (pend, n of
 * them, in order; keyed: per passage, as iw_passage_codes() takes it):
 * from the previous index for each article whose passages match its old
 * ones one for one (kind, line, text, steps), else found in the text.
 * Finding codes in every passage is most of what reading the KB costs.
 */
static void
iw_psg_codes(struct iw *w, const uint32_t *pend, const unsigned char *keyed,
    size_t n)
{
	const struct kbq *ov = w->old->psg;
	struct pset	*ps = w->cur;
	uint32_t	*ostart, *ocode, *ostr, *fill, c, j, e, first, cnt;
	uint32_t	 a, oa, of, oe, k, i, m;
	size_t		 x, y;
	const char	*path;
	int		 ok;

	/* Each old passage's codes, and the codes' strings in this pool
	 * (interned when first used). */
	ostart = xcalloc((size_t)ov->nentries + 2, sizeof(*ostart));
	ostr = xcalloc((size_t)ov->code.n + 1, sizeof(*ostr));
	for (c = 0; c < ov->code.n; c++) {
		cnt = kbx_codeposts(ov, c, &first);
		for (j = 0; j < cnt; j++)
			if ((e = kbx_word(&ov->cpst, first + j, 1, 0)) <
			    ov->nentries)
				ostart[e + 1]++;
	}
	for (e = 0; e < ov->nentries; e++)
		ostart[e + 1] += ostart[e];
	ocode = xcalloc((size_t)ostart[ov->nentries] + 1, sizeof(*ocode));
	fill = xcalloc((size_t)ov->nentries + 1, sizeof(*fill));
	for (c = 0; c < ov->code.n; c++) {
		cnt = kbx_codeposts(ov, c, &first);
		for (j = 0; j < cnt; j++)
			if ((e = kbx_word(&ov->cpst, first + j, 1, 0)) <
			    ov->nentries) {
				if (ostr[c] == 0)
					ostr[c] = iw_str(w, kbx_str(w->old,
					    kbx_word(&ov->code, c, KBX_CODE_W,
					    0)));
				ocode[ostart[e] + fill[e]++] = ostr[c];
			}
	}
	free(fill);
	free(ostr);
	for (x = 0; x < n; x = y) {
		a = ps->ents.v[(size_t)pend[x] * KBX_ENT_W + KBX_E_ART];
		for (y = x; y < n && ps->ents.v[(size_t)pend[y] * KBX_ENT_W +
		    KBX_E_ART] == a; y++)
			continue;
		path = w->strs.s + w->arts.v[(size_t)a * KBX_ART_W + KBX_A_PATH];
		ok = (oa = idx_article(w->old, path)) != UINT32_MAX;
		if (ok) {
			iw_artrange(ov->ents.p, ov->ents.n, oa, &of, &oe);
			ok = oe - of == y - x;
		}
		for (m = 0; ok && m < y - x; m++) {
			static const unsigned same[] = { KBX_E_KIND, KBX_E_LINE,
			    KBX_E_NMSG, KBX_E_NFIX };
			const uint32_t *r = ps->ents.v + (size_t)pend[x + m] *
			    KBX_ENT_W;

			for (k = 0; k < sizeof(same) / sizeof(same[0]); k++)
				ok &= r[same[k]] == kbx_word(&ov->ents, of + m,
				    KBX_ENT_W, same[k]);
			ok = ok && strcmp(w->strs.s + w->refs.v[r[KBX_E_MSG]],
			    kbx_str(w->old, kbx_word(&ov->refs, kbx_word(
			    &ov->ents, of + m, KBX_ENT_W, KBX_E_MSG), 1, 0))) == 0;
		}
		for (m = 0; m < y - x; m++) {
			i = pend[x + m];
			if (ok && iw_psg_old(w, i, of + m, ostart, ocode) == 0)
				continue;
			iw_passage_codes(w, i, w->strs.s + w->refs.v[ps->ents.v[
			    (size_t)i * KBX_ENT_W + KBX_E_MSG]], keyed[x + m]);
		}
	}
	free(ostart);
	free(ocode);
}

/* Merge into term t (its own postings encoded, t->df of them) the old
 * postings ov (entries oe, increasing), n of them. */
static void
iw_term_merge(struct term *t, const uint32_t *oe, const uint32_t *ov, size_t n)
{
	const unsigned char *p = t->p, *end = t->p;
	unsigned char	*q, *o;
	uint32_t	 e = 0, v = 0, d, prev = 0, cap;
	size_t		 i = 0;
	int		 have;

	if (t->p != NULL)	/* a word new to the set has none */
		end += t->n;
	cap = (uint32_t)((t->df + n) * 2 * KBX_VARMAX);
	q = o = xmalloc(cap ? cap : 1);
	have = p < end && kbx_getvar(&p, end, &d) && kbx_getvar(&p, end, &v);
	if (have)
		e = d;
	while (have || i < n) {
		if (have && (i == n || e < oe[i])) {
			q += kbx_putvar(q, e - prev);
			q += kbx_putvar(q, v);
			prev = e;
			if ((have = p < end && kbx_getvar(&p, end, &d) &&
			    kbx_getvar(&p, end, &v)))
				e += d;
		} else {
			q += kbx_putvar(q, oe[i] - prev);
			q += kbx_putvar(q, ov[i]);
			prev = oe[i++];
		}
	}
	free(t->p);
	t->p = o;
	t->n = (uint32_t)(q - o);
	t->cap = cap;
	t->df += (uint32_t)n;
	t->prev = t->last = prev;
}

/* Every old word's postings of kept records, into the current set. */
static void
iw_reuse_words(struct iw *w, const struct reuse *r)
{
	const struct kbq *old = r->old;
	const unsigned char *p, *end;
	struct u32v	 oe = {0}, ov = {0};
	uint32_t	 t, e, j, v;
	const char	*word;

	for (t = 0; t < old->term.n; t++) {
		kbqi_postings(old, t, &p, &end);
		oe.n = ov.n = 0;
		for (e = 0, j = 0; kbx_nextpost(&p, end, old->nentries, j, &e,
		    &v); j++)
			if (r->to[e] != 0) {
				u32_add(&oe, r->to[e] - 1);
				u32_add(&ov, v);
			}
		if (oe.n == 0)
			continue;
		word = kbx_str(old, kbx_word(&old->term, t, KBX_TERM_W,
		    KBX_T_WORD));
		iw_term_merge(iw_term(w, word, strlen(word)), oe.v, ov.v, oe.n);
	}
	free(oe.v);
	free(ov.v);
}

/* iw_index(), taking the kept records' words from the old index. */
static void
iw_index_reuse(struct iw *w, int passages, const struct reuse *r)
{
	w->cur->len = xcalloc((size_t)w->cur->nentries + 1, sizeof(*w->cur->len));
	for (uint32_t i = 0; i < w->cur->nentries; i++) {
		if (r->from[i] == 0) {
			iw_index_record(w, i, passages);
			continue;
		}
		/* The stored length x16 is what the words' weights sum to,
		 * rounded; dividing by 16 and multiplying again is exact. */
		w->cur->len[i] = kbx_word(&r->old->lens, r->from[i] - 1, 1, 0) /
		    16.0;
		iw_index_codes(w, i, passages);
	}
	iw_index_end(w);
	iw_reuse_words(w, r);
}

int
idx_write(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	return idx_write_from(db, path, NULL, NULL, 0, err, errsz);
}

int
idx_write_from(sqlite3 *db, const char *path, const char *prev,
    char *const *fresh, size_t nfresh, char *err, size_t errsz)
{
	struct iw	 w;
	struct reuse	 r[2];
	kbq		*old = NULL;
	int		 rc, k;

	iw_init(&w);
	w.db = db;
	/* The index a KB gives is of the KB's generation (0: none). */
	w.generation = kb_generation(db) > 0 ? (uint32_t)kb_generation(db) : 0;
	w.err = err;
	w.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	/* A previous index that does not open, or fails its content sum or
	 * a check of its structure (a flipped bit on disk keeps its stamp),
	 * is not reused: only time is lost.  Its generation is the
	 * caller's to check. */
	if (prev != NULL && (kbq_open(prev, &old) != KBQ_OK ||
	    kbq_check(old) != KBQ_OK)) {
		kbq_close(old);
		old = NULL;
	}
	w.old = old;
	w.fresh = fresh;
	w.nfresh = nfresh;
	rc = iw_read(&w);
	if (rc == 0) {
		w.cur = &w.set[1];
		rc = iw_read_passages(&w);
	}
	if (rc != 0) {
		iw_free(&w);
		kbq_close(old);
		return rc;
	}
	/* Strings are all in; the lookups that remain are words and codes. */
	smap_free(&w.strmap);
	memset(r, 0, sizeof(r));
	for (k = 0; k < 2; k++) {
		w.cur = &w.set[k];
		if (old == NULL) {
			iw_index(&w, k == 1);
			continue;
		}
		r[k].old = k == 0 ? old : old->psg;
		iw_reuse_map(&w, &r[k]);
		iw_index_reuse(&w, k == 1, &r[k]);
		if (getenv("KBC_PROFILE"))
			fprintf(stderr, "kbc: profile: index: %u of %u %s' words "
			    "taken from the previous index\n", r[k].kept,
			    w.cur->nentries, k ? "passages" : "entries");
		free(r[k].from);
		free(r[k].to);
	}
	kbq_close(old);
	return iw_finish(&w, path);
}

/*
 * Streaming: each article's records are added and indexed as it comes,
 * in the order the KB reader would give them (articles by path, entries
 * and passages in article order), so no row is read back from SQLite.
 */
struct idx_stream {
	struct iw	 w;
	int		 failed;
};

struct idx_stream *
idx_stream_new(uint32_t generation, const char *spilldir)
{
	struct idx_stream *st = xmalloc(sizeof(*st));
	const char	*e = getenv("KBC_INDEX_MEM");
	char		*end;
	unsigned long long v;

	iw_init(&st->w);
	st->w.generation = generation;
	st->failed = 0;
	if (spilldir != NULL) {
		st->w.spilldir = xstrdup(spilldir);
		st->w.postmax = IDX_SPILL_DEFAULT;
		if (e != NULL && *e != '\0') {
			errno = 0;
			v = strtoull(e, &end, 10);
			if (errno == 0 && *end == '\0' && v <= SIZE_MAX / 2)
				st->w.postmax = (size_t)v;
		}
	}
	return st;
}

void
idx_stream_tombs(struct idx_stream *st, const struct idx_tomb *t)
{
	st->w.tomb = t;
}

void
idx_stream_free(struct idx_stream *st)
{
	if (st == NULL)
		return;
	iw_free(&st->w);
	free(st);
}

/* Room for one more record in the current set: a fresh len and cfirst. */
static uint32_t
iw_new_record(struct iw *w)
{
	struct pset	*ps = w->cur;
	uint32_t	 pos = ps->nentries++;

	if (IW_REL(ps, ps->nentries) >= ps->caprec) {
		size_t cap = ps->caprec ? ps->caprec * 2 : 256;

		ps->len = xrealloc(ps->len, cap * sizeof(*ps->len));
		ps->cfirst = xrealloc(ps->cfirst, cap * sizeof(*ps->cfirst));
		ps->caprec = cap;
	}
	ps->len[IW_REL(ps, pos)] = 0;
	ps->cfirst[IW_REL(ps, pos)] = 0;
	for (int k = 0; k < KBX_ENT_W; k++)
		u32_add(&ps->ents, 0);
	return pos;
}

/* Append the strings of v to REFS; *first and *n of the record say where. */
static void
iw_refs_add(struct iw *w, const struct strv *v, uint32_t rec_first, uint32_t rec_n,
    struct u32v *rec, size_t at)
{
	if (v->n == 0)
		return;
	rec->v[at + rec_first] = (uint32_t)w->refs.n;
	for (size_t i = 0; i < v->n; i++)
		u32_add(&w->refs, iw_str(w, v->v[i]));
	rec->v[at + rec_n] = (uint32_t)v->n;
}

/*
 * The actions of the fix record at fat, as iw_read() and iw_items() would
 * read them back: each action's text (up to ACTION_ITEM_SEP) in REFS, and,
 * when any action has sub-items, an ITEM record per action with its
 * sub-items in REFS.
 */
static void
iw_add_actions(struct iw *w, const struct strv *v, size_t fat)
{
	const char	*a, *sep, *end;
	char		*t;
	int		 any = 0;

	if (v->n == 0)
		return;
	w->fixs.v[fat + KBX_X_ACTION] = (uint32_t)w->refs.n;
	w->fixs.v[fat + KBX_X_NACTION] = (uint32_t)v->n;
	for (size_t i = 0; i < v->n; i++) {
		a = v->v[i];
		sep = strchr(a, ACTION_ITEM_SEP);
		any |= sep != NULL;
		t = xstrndup(a, sep ? (size_t)(sep - a) : strlen(a));
		u32_add(&w->refs, iw_str(w, t));
		free(t);
	}
	if (!any)
		return;
	w->fixs.v[fat + KBX_X_ITEM] = (uint32_t)(w->items.n / KBX_ITEM_W);
	w->fixs.v[fat + KBX_X_NITEM] = (uint32_t)v->n;
	for (size_t i = 0; i < v->n; i++) {
		u32_add(&w->items, (uint32_t)w->refs.n);
		u32_add(&w->items, 0);
		for (sep = strchr(v->v[i], ACTION_ITEM_SEP); sep; sep = end) {
			end = strchr(sep + 1, ACTION_ITEM_SEP);
			t = xstrndup(sep + 1, end ? (size_t)(end - sep - 1) :
			    strlen(sep + 1));
			u32_add(&w->refs, iw_str(w, t));
			free(t);
			w->items.v[w->items.n - 1]++;
		}
	}
}

/* One entry of a, as iw_read() would read it back from the KB. */
static void
iw_add_entry(struct iw *w, uint32_t apos, const struct article *a,
    const struct entry *e)
{
	const struct section *s = e->section >= 0 ? &a->sections[e->section] : NULL;
	char		 norm[KBQN_MAXTOK];
	uint32_t	 pos = iw_new_record(w);
	size_t		 at = IW_REL(w->cur, pos) * KBX_ENT_W;
	uint32_t	*r = w->cur->ents.v + at;

	r[KBX_E_ART] = apos;
	r[KBX_E_KIND] = e->kind != ENTRY_ERROR;
	r[KBX_E_ANCHOR] = iw_str(w, s ? s->anchor : "");
	r[KBX_E_SECTION] = iw_str(w, s ? s->text : "");
	r[KBX_E_LINE] = (uint32_t)e->line;
	iw_refs_add(w, &e->messages, KBX_E_MSG, KBX_E_NMSG, &w->cur->ents, at);
	if (e->ncodes > 0) {
		w->cur->cfirst[IW_REL(w->cur, pos)] = (uint32_t)w->cur->cnorm.n;
		w->cur->ents.v[at + KBX_E_CODE] = (uint32_t)w->refs.n;
		w->cur->ents.v[at + KBX_E_NCODE] = (uint32_t)e->ncodes;
	}
	for (size_t k = 0; k < e->ncodes; k++) {
		u32_add(&w->refs, iw_str(w, e->codes[k].written));
		/* The KB's norm, and ours in case they differ. */
		u32_add(&w->cur->cnorm, iw_str(w, e->codes[k].norm));
		u32_add(&w->cur->cnorm, kbqn_code(e->codes[k].written, norm,
		    sizeof(norm)) > 0 ? iw_str(w, norm) : 0);
	}
	for (size_t k = 0; k < e->nfixes; k++) {
		size_t fat = w->fixs.n;

		if (k == 0)
			w->cur->ents.v[at + KBX_E_FIX] = (uint32_t)(fat / KBX_FIX_W);
		w->cur->ents.v[at + KBX_E_NFIX]++;
		for (int j = 0; j < KBX_FIX_W; j++)
			u32_add(&w->fixs, 0);
		iw_refs_add(w, &e->fixes[k].causes, KBX_X_CAUSE, KBX_X_NCAUSE,
		    &w->fixs, fat);
		iw_add_actions(w, &e->fixes[k].actions, fat);
	}
	iw_index_record(w, pos, 0);
}

/* The passages of a, as iw_read_passages() would read them back. */
static void
iw_add_passages(struct iw *w, uint32_t apos, const struct article *a)
{
	struct pset	*ps = w->cur;
	struct u32v	 items = { NULL, 0, 0 };
	long		 run_sec = -2, sec;
	uint32_t	 run = ps->nentries, first = ps->nentries, msg, pos, *r;

	for (size_t i = 0; i < a->npassages; i++) {
		const struct passage *p = &a->passages[i];
		const struct section *s;

		sec = p->section >= 0 && (size_t)p->section < a->nsections ? p->section : -1;
		s = sec >= 0 ? &a->sections[sec] : NULL;
		if (sec != run_sec) {
			iw_steps(w, run, ps->nentries, &items);
			run = ps->nentries;
			run_sec = sec;
		}
		pos = iw_new_record(w);
		r = IW_REC(ps, pos);
		r[KBX_E_ART] = apos;
		r[KBX_E_KIND] = KBX_KIND_PASSAGE;
		r[KBX_E_ANCHOR] = iw_str(w, s ? s->anchor : "");
		r[KBX_E_SECTION] = iw_str(w, s ? s->text : "");
		r[KBX_E_LINE] = (uint32_t)p->line;
		msg = iw_str(w, p->text);
		r[KBX_E_MSG] = (uint32_t)w->refs.n;
		r[KBX_E_NMSG] = 1;
		u32_add(&w->refs, msg);
		if (p->kind == PASSAGE_ITEM && items.n < PSG_STEPS)
			u32_add(&items, msg);
		iw_passage_codes(w, pos, p->text ? p->text : "",
		    p->kind == PASSAGE_HEADING || p->kind == PASSAGE_CELL);
	}
	iw_steps(w, run, ps->nentries, &items);
	free(items.v);
	/* Steps do not change a passage's words: index them now. */
	for (pos = first; pos < ps->nentries; pos++)
		iw_index_record(w, pos, 1);
}

int
idx_stream_add(struct idx_stream *st, const struct article *a, const char *url,
    char *err, size_t errsz)
{
	struct iw	*w = &st->w;
	uint32_t	 apos = (uint32_t)(w->arts.n / KBX_ART_W);

	w->err = err;
	w->errsz = errsz;
	if (st->failed)
		return -1;
	if (w->spilldir && w->posts.fd < 0 && (spill_open(&w->posts,
	    w->spilldir) || spill_open(&w->set[0].recs, w->spilldir) ||
	    spill_open(&w->set[1].recs, w->spilldir))) {
		int e = w->posts.err ? w->posts.err : w->set[0].recs.err ?
		    w->set[0].recs.err : w->set[1].recs.err;

		st->failed = 1;
		return iw_fail(w, "cannot make the index's temporary file in "
		    "%s: %s", w->spilldir, strerror(e));
	}
	if (w->set[0].nentries + a->nentries >= UINT32_MAX / KBX_ENT_W ||
	    w->set[1].nentries + a->npassages >= UINT32_MAX / KBX_ENT_W ||
	    w->refs.n > UINT32_MAX / 2) {
		st->failed = 1;
		return iw_fail(w, "too many entries");
	}
	u32_add(&w->arts, iw_str(w, a->path));
	u32_add(&w->arts, iw_str(w, a->key));
	u32_add(&w->arts, iw_str(w, a->locale));
	u32_add(&w->arts, iw_str(w, a->title));
	u32_add(&w->arts, iw_str(w, url));
	w->cur = &w->set[0];
	for (size_t i = 0; i < a->nentries; i++)
		iw_add_entry(w, apos, a, &a->entries[i]);
	w->cur = &w->set[1];
	iw_add_passages(w, apos, a);
	if (w->spilldir) {
		iw_spill_records(&w->set[0]);
		iw_spill_records(&w->set[1]);
		if (w->postmem > w->postmax)
			iw_spill_posts(w);
		if (iw_spill_failed(w)) {
			st->failed = 1;
			return -1;
		}
	}
	return 0;
}

int
idx_stream_finish(struct idx_stream *st, const char *path, char *err, size_t errsz)
{
	int	 rc = -1;

	st->w.err = err;
	st->w.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	if (!st->failed) {
		for (int k = 0; k < 2; k++) {
			st->w.cur = &st->w.set[k];
			iw_index_end(&st->w);
		}
		rc = iw_finish(&st->w, path);
		memset(&st->w, 0, sizeof(st->w));
	}
	idx_stream_free(st);
	return rc;
}
