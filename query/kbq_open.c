/*
 * kbq_open.c: open a kb.idx (mapped file or memory), check it, close it.
 *
 * Everything a lookup relies on is checked here once: sizes, magics,
 * version, the header checksum, that each section lies inside the file
 * with a size that fits its record count, and the structure of the
 * records (op_struct()).  Offsets inside records are checked again when
 * used (kbq_int.h), which is cheap and means no checksum collision can
 * make the reader leave the mapping.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* mmap, O_CLOEXEC under -std=c11 */
#endif

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbq.h"
#include "kbq_int.h"
#include "kbq_norm.h"

const char *
kbq_libversion(void)
{
	return KBQ_VERSION;
}

int
kbq_libversion_number(void)
{
	return KBQ_VERSION_NUMBER;
}

const char *
kbq_errstr(int rc)
{
	switch (rc) {
	case KBQ_OK:
		return "not an error";
	case KBQ_ERROR:
		return "bad argument";
	case KBQ_NOMEM:
		return "out of memory";
	case KBQ_IOERR:
		return "I/O error";
	case KBQ_FORMAT:
		return "not an errkb index or an unsupported version";
	case KBQ_CORRUPT:
		return "damaged index";
	default:
		return "unknown error";
	}
}

__attribute__((format(printf, 3, 4)))
static int
op_fail(struct kbq *db, int rc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(db->msg, sizeof(db->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/* Section tags, the record size of each (0: bytes), and where they go. */
static struct kbx_sect *
op_slot(struct kbq *db, uint32_t tag, unsigned *recsize)
{
	switch (tag) {
	case KBX_STRS: *recsize = 1; return &db->strs;
	case KBX_ARTS: *recsize = 4 * KBX_ART_W; return &db->arts;
	case KBX_ENTS: *recsize = 4 * KBX_ENT_W; return &db->ents;
	case KBX_REFS: *recsize = 4; return &db->refs;
	case KBX_FIXS: *recsize = 4 * KBX_FIX_W; return &db->fixs;
	case KBX_TERM: *recsize = 4 * KBX_TERM_W; return &db->term;
	case KBX_POST: *recsize = 1; return &db->post;
	case KBX_CODE: *recsize = 4 * KBX_CODE_W; return &db->code;
	case KBX_CPST: *recsize = 4; return &db->cpst;
	default: return NULL;
	}
}

static int	op_struct(struct kbq *);

/* Check the mapped bytes and fill in the section pointers. */
static int
op_parse(struct kbq *db)
{
	const unsigned char	*b = db->base, *r;
	struct kbx_sect		*s;
	unsigned char		 hdr[KBX_HDRSIZE];
	uint64_t		 sum;
	uint32_t		 nsect, i, tag, off, size, count, seen = 0;
	size_t			 hend;
	unsigned		 rec;

	if (db->size < 8 || memcmp(b, KBX_MAGIC, 8) != 0)
		return op_fail(db, KBQ_FORMAT, "not an errkb index (bad magic)");
	if (db->size < KBX_HDRSIZE + 8)
		return op_fail(db, KBQ_CORRUPT, "truncated header (%zu bytes)",
		    db->size);
	if (kbx_get32(b + 8) != KBX_VERSION)
		return op_fail(db, KBQ_FORMAT, "index format version %u, "
		    "this reader knows %u", kbx_get32(b + 8), KBX_VERSION);
	if (kbx_get64(b + 16) != db->size)
		return op_fail(db, KBQ_CORRUPT, "size is %zu bytes, header "
		    "says %llu: truncated or extended", db->size,
		    (unsigned long long)kbx_get64(b + 16));
	nsect = kbx_get32(b + 12);
	hend = KBX_HDRSIZE + (size_t)nsect * KBX_SECTSIZE;
	if (nsect > KBX_MAXSECT || hend > db->size - 8)
		return op_fail(db, KBQ_CORRUPT, "bad section count %u", nsect);
	memcpy(hdr, b, KBX_HDRSIZE);
	memset(hdr + 24, 0, 8);
	sum = kbx_fnv(KBX_FNV_INIT, hdr, KBX_HDRSIZE);
	sum = kbx_fnv(sum, b + KBX_HDRSIZE, hend - KBX_HDRSIZE);
	if (sum != kbx_get64(b + 24))
		return op_fail(db, KBQ_CORRUPT, "header checksum mismatch");
	if (memcmp(b + db->size - 8, KBX_TRAILER, 8) != 0)
		return op_fail(db, KBQ_CORRUPT, "bad trailer: truncated?");

	for (i = 0; i < nsect; i++) {
		r = b + KBX_HDRSIZE + (size_t)i * KBX_SECTSIZE;
		tag = kbx_get32(r);
		off = kbx_get32(r + 4);
		size = kbx_get32(r + 8);
		count = kbx_get32(r + 12);
		if ((s = op_slot(db, tag, &rec)) == NULL)
			continue;	/* a later minor addition: skip */
		if (off < hend || off > db->size - 8 ||
		    size > db->size - 8 - off)
			return op_fail(db, KBQ_CORRUPT, "section %u out of "
			    "bounds", i);
		if ((uint64_t)count * rec != size)
			return op_fail(db, KBQ_CORRUPT, "section %u: %u "
			    "records do not fill %u bytes", i, count, size);
		s->p = b + off;
		s->size = size;
		s->n = count;
		seen |= 1u << (s - &db->strs);
	}
	if (seen != 0x1ff)
		return op_fail(db, KBQ_CORRUPT, "missing sections");
	if (db->strs.size == 0 || db->strs.p[0] != '\0' ||
	    db->strs.p[db->strs.size - 1] != '\0')
		return op_fail(db, KBQ_CORRUPT, "string pool not terminated");
	db->nentries = kbx_get32(b + 40);
	db->narticles = kbx_get32(b + 44);
	if (db->nentries != db->ents.n || db->narticles != db->arts.n)
		return op_fail(db, KBQ_CORRUPT, "record counts disagree");
	db->idf1 = KBX_IDF(db->nentries, 1);
	db->avglen = kbx_get32(b + 48) / 16.0;
	if (db->avglen <= 0)
		db->avglen = 1;
	return op_struct(db);
}

/*
 * The structure check, once per open, so that a lookup's cost follows
 * from the postings of its words whatever the file holds (a crafted
 * index whose entries all claim the whole of REFS made one lookup scan it
 * for every candidate).  Only what kbc always writes is required:
 *  - the strings of articles, words and codes start where a string
 *    starts (any offset is made safe where it is used: kbx_str());
 *  - each list of REFS (an entry's messages and codes, a fix's causes
 *    and actions) and of FIXS (an entry's fixes) lies inside its section,
 *    and no two lists share a record: the writer gives each string of
 *    REFS and each fix one owner;
 *  - words (TERM) and codes (CODE) are strictly sorted and shorter than
 *    a token; a word's postings lie in POST after the previous word's and
 *    take 2 to 2 * KBX_VARMAX bytes per entry (df), df <= nentries;
 *  - a code's entries follow the previous code's in CPST, strictly
 *    increasing entry indexes below nentries.
 * Time and memory are linear in the records (a bit per REFS and FIXS
 * record): one pass over ARTS, ENTS, FIXS, TERM, CODE and CPST; REFS,
 * POST and the strings are not read, but for the words' and codes' own.
 */
struct op_chk {
	struct kbq	*db;
	unsigned char	*refs, *fixs;	/* a bit per record: owned */
};

#define KBX_MAXNAME	4096	/* bytes of an article's path, key, locale */

/* Is off the start of a string of STRS? */
static int
op_strok(const struct kbq *db, uint32_t off)
{
	return off < db->strs.size && (off == 0 || db->strs.p[off - 1] == '\0');
}

/* Claim records [first, first + count) of a section of n records. */
static inline int
op_claim(unsigned char *bits, uint32_t n, uint32_t first, uint32_t count)
{
	uint32_t	 i;

	if (count == 0)
		return 0;
	if (first >= n || count > n - first)
		return -1;
	if (count == 1) {
		if (bits[first >> 3] & (1u << (first & 7)))
			return -1;
		bits[first >> 3] |= (unsigned char)(1u << (first & 7));
		return 0;
	}
	for (i = first; i < first + count; i++) {
		if (bits[i >> 3] & (1u << (i & 7)))
			return -1;
		bits[i >> 3] |= (unsigned char)(1u << (i & 7));
	}
	return 0;
}

/* Sorted keys of TERM or CODE (word 0 of each record), each shorter than
 * a token. */
static int
op_sorted(const struct kbq *db, const struct kbx_sect *s, unsigned nw)
{
	const char	*prev = NULL, *k;
	uint32_t	 i, off;

	for (i = 0; i < s->n; i++) {
		off = kbx_word(s, i, nw, 0);
		if (!op_strok(db, off))
			return -1;
		k = (const char *)db->strs.p + off;
		if (*k == '\0' || strnlen(k, KBQN_MAXTOK) == KBQN_MAXTOK ||
		    (prev != NULL && strcmp(prev, k) >= 0))
			return -1;
		prev = k;
	}
	return 0;
}

/*
 * The records of view v (the entries; a later format's passages): their
 * article, their lists of REFS and FIXS.  With share, a record may name
 * the same fixes as the one before it (the passages of one section share
 * its steps).
 */
static int
op_ents(struct op_chk *c, const struct kbq *v, int share)
{
	struct kbq		*db = c->db;
	const char		*what = share ? "passage" : "entry";
	const unsigned char	*r;
	uint32_t		 e, w, f, nf, pf = 0, pnf = 0;

	for (e = 0, r = v->ents.p; e < v->ents.n; e++, r += 4 * KBX_ENT_W) {
		if (kbx_get32(r + 4 * KBX_E_ART) >= db->arts.n)
			return op_fail(db, KBQ_CORRUPT, "%s %u: no such "
			    "article", what, e);
		for (w = KBX_E_MSG; w <= KBX_E_CODE; w += 2)
			if (op_claim(c->refs, db->refs.n, kbx_get32(r + 4 * w),
			    kbx_get32(r + 4 * w + 4)) == -1)
				return op_fail(db, KBQ_CORRUPT, "%s %u: a "
				    "list outside REFS or overlapping another",
				    what, e);
		f = kbx_get32(r + 4 * KBX_E_FIX);
		nf = kbx_get32(r + 4 * KBX_E_NFIX);
		if (share && e > 0 && nf > 0 && f == pf && nf == pnf)
			continue;
		if (op_claim(c->fixs, db->fixs.n, f, nf) == -1)
			return op_fail(db, KBQ_CORRUPT, "%s %u: fixes "
			    "outside FIXS or overlapping another's", what, e);
		pf = f;
		pnf = nf;
	}
	return KBQ_OK;
}

/* Each fix's causes and actions. */
static int
op_fixs(struct op_chk *c)
{
	struct kbq		*db = c->db;
	const unsigned char	*r;
	uint32_t		 e, w;

	for (e = 0, r = db->fixs.p; e < db->fixs.n; e++, r += 4 * KBX_FIX_W)
		for (w = 0; w < KBX_FIX_W; w += 2)
			if (op_claim(c->refs, db->refs.n, kbx_get32(r + 4 * w),
			    kbx_get32(r + 4 * w + 4)) == -1)
				return op_fail(db, KBQ_CORRUPT, "fix %u: a "
				    "list outside REFS or overlapping another",
				    e);
	return KBQ_OK;
}

/* Article strings start a string; path, key and locale, compared for
 * every entry when translating, are file names (shorter than PATH_MAX). */
static int
op_strings(struct kbq *db)
{
	uint32_t	 i, w, off;

	for (i = 0; i < db->arts.n; i++)
		for (w = 0; w < KBX_ART_W; w++) {
			off = kbx_word(&db->arts, i, KBX_ART_W, w);
			if (!op_strok(db, off) || (w != KBX_A_TITLE &&
			    strnlen((const char *)db->strs.p + off,
			    KBX_MAXNAME) == KBX_MAXNAME))
				return op_fail(db, KBQ_CORRUPT, "article %u: "
				    "bad string", i);
		}
	return KBQ_OK;
}

/* The words of view v and their postings; failures go to db. */
static int
op_terms(struct kbq *db, const struct kbq *v)
{
	uint32_t	 i, a, b, df;

	if (op_sorted(db, &v->term, KBX_TERM_W) == -1)
		return op_fail(db, KBQ_CORRUPT, "words not sorted or not "
		    "words");
	for (i = 0, b = 0; i < v->term.n; i++) {
		a = kbx_word(&v->term, i, KBX_TERM_W, KBX_T_POST);
		b = i + 1 < v->term.n ? kbx_word(&v->term, i + 1,
		    KBX_TERM_W, KBX_T_POST) : v->post.size;
		df = kbx_word(&v->term, i, KBX_TERM_W, KBX_T_DF);
		if ((i == 0 && a != 0) || a > b || b > v->post.size ||
		    df == 0 || df > v->nentries ||
		    b - a < 2 * (uint64_t)df ||
		    b - a > 2 * KBX_VARMAX * (uint64_t)df)
			return op_fail(db, KBQ_CORRUPT, "word %u: postings "
			    "out of order or unlike its count", i);
	}
	if (b != v->post.size)
		return op_fail(db, KBQ_CORRUPT, "POST holds more than the "
		    "postings");
	return KBQ_OK;
}

/* The codes of view v and their entries; failures go to db. */
static int
op_codes(struct kbq *db, const struct kbq *v)
{
	uint32_t	 i, j, first, n, next = 0, e, prev;

	if (op_sorted(db, &v->code, KBX_CODE_W) == -1)
		return op_fail(db, KBQ_CORRUPT, "codes not sorted or not "
		    "codes");
	for (i = 0; i < v->code.n; i++) {
		first = kbx_word(&v->code, i, KBX_CODE_W, 1);
		n = kbx_word(&v->code, i, KBX_CODE_W, 2);
		if (first != next || n == 0 || n > v->cpst.n - first)
			return op_fail(db, KBQ_CORRUPT, "code %u: entries "
			    "out of order", i);
		for (j = 0, prev = 0; j < n; j++) {
			e = kbx_word(&v->cpst, first + j, 1, 0);
			if (e >= v->nentries || (j > 0 && e <= prev))
				return op_fail(db, KBQ_CORRUPT, "code %u: "
				    "bad entry list", i);
			prev = e;
		}
		next = first + n;
	}
	if (next != v->cpst.n)
		return op_fail(db, KBQ_CORRUPT, "CPST holds more than the "
		    "codes' entries");
	return KBQ_OK;
}

static int
op_struct(struct kbq *db)
{
	struct op_chk	 c;
	int		 rc;

	c.db = db;
	c.refs = calloc((size_t)db->refs.n / 8 + 1, 1);
	c.fixs = calloc((size_t)db->fixs.n / 8 + 1, 1);
	if (c.refs == NULL || c.fixs == NULL)
		rc = op_fail(db, KBQ_NOMEM, "out of memory");
	else if ((rc = op_strings(db)) == KBQ_OK &&
	    (rc = op_ents(&c, db, 0)) == KBQ_OK &&
	    (rc = op_fixs(&c)) == KBQ_OK &&
	    (rc = op_terms(db, db)) == KBQ_OK)
		rc = op_codes(db, db);
	free(c.refs);
	free(c.fixs);
	return rc;
}

static struct kbq *
op_new(void)
{
	return calloc(1, sizeof(struct kbq));
}

int
kbq_open_mem(const void *data, size_t size, kbq **out)
{
	struct kbq	*db;

	if (out == NULL)
		return KBQ_ERROR;
	if ((*out = db = op_new()) == NULL)
		return KBQ_NOMEM;
	if (data == NULL)
		return op_fail(db, KBQ_ERROR, "no data");
	db->base = data;
	db->size = size;
	return op_parse(db);
}

int
kbq_open(const char *path, kbq **out)
{
	struct kbq	*db;
	struct stat	 st;
	void		*p;
	int		 fd, rc;

	if (out == NULL)
		return KBQ_ERROR;
	if ((*out = db = op_new()) == NULL)
		return KBQ_NOMEM;
	if (path == NULL)
		return op_fail(db, KBQ_ERROR, "no path");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return op_fail(db, KBQ_IOERR, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		rc = op_fail(db, KBQ_IOERR, "%s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return op_fail(db, KBQ_IOERR, "%s: not a regular file", path);
	}
	if (st.st_size < 8) {
		close(fd);
		return op_fail(db, st.st_size == 0 ? KBQ_FORMAT : KBQ_CORRUPT,
		    "%s: %s", path, st.st_size == 0 ? "empty file" :
		    "truncated header");
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return op_fail(db, KBQ_IOERR, "%s: mmap: %s", path,
		    strerror(errno));
	db->base = p;
	db->size = (size_t)st.st_size;
	db->mapped = 1;
	if ((rc = op_parse(db)) != KBQ_OK) {
		/* Prefix the path, as the other messages have it. */
		char	 m[sizeof(db->msg)];
		size_t	 n = strlen(path);

		if (n > sizeof(m) / 2)
			n = sizeof(m) / 2;
		memcpy(m, path, n);
		m[n] = '\0';
		strncat(m, ": ", sizeof(m) - strlen(m) - 1);
		strncat(m, db->msg, sizeof(m) - strlen(m) - 1);
		memcpy(db->msg, m, sizeof(m));
	}
	return rc;
}

void
kbq_close(kbq *db)
{
	if (db == NULL)
		return;
	if (db->mapped)
		munmap((void *)db->base, db->size);
	free(db);
}

const char *
kbq_errmsg(const kbq *db)
{
	return db == NULL ? "out of memory" : db->msg;
}

int
kbq_check(kbq *db)
{
	size_t	 hend;

	if (db == NULL || db->ents.p == NULL)
		return KBQ_ERROR;
	hend = KBX_HDRSIZE + (size_t)kbx_get32(db->base + 12) * KBX_SECTSIZE;
	if (kbx_fnv(KBX_FNV_INIT, db->base + hend, db->size - 8 - hend) !=
	    kbx_get64(db->base + 32))
		return op_fail(db, KBQ_CORRUPT, "content checksum mismatch");
	db->msg[0] = '\0';
	return KBQ_OK;
}

int
kbq_entry_count(const kbq *db)
{
	return db == NULL ? 0 : (int)db->nentries;
}

int
kbq_article_count(const kbq *db)
{
	return db == NULL ? 0 : (int)db->narticles;
}
