/*
 * kbq_open.c: open a kb.idx (mapped file or memory), check it, close it.
 *
 * Checked here once: sizes, magics, version, the header checksum, that
 * each section lies inside the file with a size that fits its record
 * count; and, when the index is small (KBX_OPENCHECK), the structure of
 * its words, codes, articles and records (kbq_struct.c), since checking
 * it reads most of a large index: there kbq_check() does, and a lookup
 * checks what it reads.  Offsets inside records are checked again when
 * used (kbq_int.h), which is cheap and means no checksum collision can
 * make the reader leave the mapping, and the work of a lookup on them is
 * bounded as it goes.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* mmap, O_CLOEXEC under -std=c11 */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE		/* madvise(), MADV_DONTNEED */
#endif
#endif

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbq.h"
#include "kbq_int.h"
#include "kbq_merge.h"
#include "kbq_params.h"

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

/* kbq_int.h */
int
kbqi_fail(struct kbq *db, int rc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(db->msg, sizeof(db->msg), fmt, ap);
	va_end(ap);
	return rc;
}

/* Section tags, the record size of each (1: bytes), and where they go;
 * *bit tells them apart. */
static struct kbx_sect *
op_slot(struct kbq *db, uint32_t tag, unsigned *recsize, unsigned *bit)
{
	static const struct {
		uint32_t	 tag;
		unsigned	 recsize;
		int		 psg;	/* in the passages' view */
		size_t		 off;
	} t[] = {
		{ KBX_STRS, 1, 0, offsetof(struct kbq, strs) },
		{ KBX_ARTS, 4 * KBX_ART_W, 0, offsetof(struct kbq, arts) },
		{ KBX_ENTS, 4 * KBX_ENT_W, 0, offsetof(struct kbq, ents) },
		{ KBX_REFS, 4, 0, offsetof(struct kbq, refs) },
		{ KBX_FIXS, 4 * KBX_FIX_W, 0, offsetof(struct kbq, fixs) },
		{ KBX_TERM, 4 * KBX_TERM_W, 0, offsetof(struct kbq, term) },
		{ KBX_POST, 1, 0, offsetof(struct kbq, post) },
		{ KBX_CODE, 4 * KBX_CODE_W, 0, offsetof(struct kbq, code) },
		{ KBX_CPST, 4, 0, offsetof(struct kbq, cpst) },
		{ KBX_PENT, 4 * KBX_ENT_W, 1, offsetof(struct kbq, ents) },
		{ KBX_PTRM, 4 * KBX_TERM_W, 1, offsetof(struct kbq, term) },
		{ KBX_PPST, 1, 1, offsetof(struct kbq, post) },
		{ KBX_PCOD, 4 * KBX_CODE_W, 1, offsetof(struct kbq, code) },
		{ KBX_PCPS, 4, 1, offsetof(struct kbq, cpst) },
		{ KBX_ITEM, 4 * KBX_ITEM_W, 0, offsetof(struct kbq, items) },
		{ KBX_LENS, 4, 0, offsetof(struct kbq, lens) },
		{ KBX_PLEN, 4, 1, offsetof(struct kbq, lens) },
		{ KBX_TMAX, 4, 0, offsetof(struct kbq, tmax) },
		{ KBX_PTMX, 4, 1, offsetof(struct kbq, tmax) },
	};
	unsigned	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].tag == tag) {
			*recsize = t[i].recsize;
			*bit = i;
			return (struct kbx_sect *)(void *)((char *)(t[i].psg ?
			    db->psg : db) + t[i].off);
		}
	return NULL;
}
#define OP_ALLSECT	0x7ffff	/* a bit for each of op_slot()'s tags */

/*
 * Do v's word bounds (TMAX) hold for this reader's BM25?  Empty, they
 * bound nothing; computed with other constants, they bound another
 * BM25: either way a lookup falls back on k1 + 1 (kbqi_tfmax()).  Any
 * other count is damage.
 */
static int
op_tmax(struct kbq *db, struct kbq *v)
{
	if (v->tmax.n == 0)
		return KBQ_OK;
	if (v->tmax.n != v->term.n + 2)
		return kbqi_fail(db, KBQ_CORRUPT, "record counts disagree "
		    "(word bounds)");
	v->tmaxok = kbx_word(&v->tmax, 0, 1, 0) == (uint32_t)lrint(
	    kbqi_params.bm25_k1 * KBX_TMAX_ONE) && kbx_word(&v->tmax, 1, 1,
	    0) == (uint32_t)lrint(kbqi_params.bm25_b * KBX_TMAX_ONE);
	return KBQ_OK;
}

/* Check the mapped bytes and fill in the section pointers; with whole,
 * the structure too when the index is small (KBX_OPENCHECK). */
static int
op_parse(struct kbq *db, int whole)
{
	const unsigned char	*b = db->base, *r;
	struct kbx_sect		*s;
	struct kbq		*p;
	unsigned char		 hdr[KBX_HDRSIZE];
	uint64_t		 sum;
	uint32_t		 nsect, i, tag, off, size, count, seen = 0;
	size_t			 hend;
	unsigned		 rec, bit;

	if (db->size < 8 || memcmp(b, KBX_MAGIC, 8) != 0)
		return kbqi_fail(db, KBQ_FORMAT, "not an errkb index (bad magic)");
	if (db->size < KBX_HDRSIZE + 8)
		return kbqi_fail(db, KBQ_CORRUPT, "truncated header (%zu bytes)",
		    db->size);
	if (kbx_get32(b + 8) != KBX_VERSION)
		return kbqi_fail(db, KBQ_FORMAT, "index format version %u, "
		    "this reader knows %u", kbx_get32(b + 8), KBX_VERSION);
	if (kbx_get64(b + 16) != db->size)
		return kbqi_fail(db, KBQ_CORRUPT, "size is %zu bytes, header "
		    "says %llu: truncated or extended", db->size,
		    (unsigned long long)kbx_get64(b + 16));
	nsect = kbx_get32(b + 12);
	hend = KBX_HDRSIZE + (size_t)nsect * KBX_SECTSIZE;
	if (nsect > KBX_MAXSECT || hend > db->size - 8)
		return kbqi_fail(db, KBQ_CORRUPT, "bad section count %u", nsect);
	memcpy(hdr, b, KBX_HDRSIZE);
	memset(hdr + 24, 0, 8);
	sum = kbx_fnv(KBX_FNV_INIT, hdr, KBX_HDRSIZE);
	sum = kbx_fnv(sum, b + KBX_HDRSIZE, hend - KBX_HDRSIZE);
	if (sum != kbx_get64(b + 24))
		return kbqi_fail(db, KBQ_CORRUPT, "header checksum mismatch");
	if (memcmp(b + db->size - 8, KBX_TRAILER, 8) != 0)
		return kbqi_fail(db, KBQ_CORRUPT, "bad trailer: truncated?");

	for (i = 0; i < nsect; i++) {
		r = b + KBX_HDRSIZE + (size_t)i * KBX_SECTSIZE;
		tag = kbx_get32(r);
		off = kbx_get32(r + 4);
		size = kbx_get32(r + 8);
		count = kbx_get32(r + 12);
		if (tag == KBX_CMEN || tag == KBX_SKIP || tag == KBX_PSKP ||
		    tag == KBX_GENP) {
			/* Optional: an older writer has none. */
			s = tag == KBX_CMEN ? &db->cmen : tag == KBX_SKIP ?
			    &db->skip : tag == KBX_GENP ? &db->genp :
			    &db->psg->skip;
			rec = 4;
			bit = 0;
		} else if ((s = op_slot(db, tag, &rec, &bit)) == NULL)
			continue;	/* a later minor addition: skip */
		if (off < hend || off > db->size - 8 ||
		    size > db->size - 8 - off)
			return kbqi_fail(db, KBQ_CORRUPT, "section %u out of "
			    "bounds", i);
		if ((uint64_t)count * rec != size)
			return kbqi_fail(db, KBQ_CORRUPT, "section %u: %u "
			    "records do not fill %u bytes", i, count, size);
		s->p = b + off;
		s->size = size;
		s->n = count;
		if (s != &db->cmen && s != &db->skip && s != &db->psg->skip &&
		    s != &db->genp)
			seen |= 1u << bit;
	}
	if (db->cmen.n != 0 && db->cmen.n != db->cpst.n / 32 + (db->cpst.n % 32 != 0))
		return kbqi_fail(db, KBQ_CORRUPT, "code mentions do not match "
		    "the code postings");
	if (seen != OP_ALLSECT)
		return kbqi_fail(db, KBQ_CORRUPT, "missing sections");
	if (db->strs.size == 0 || db->strs.p[0] != '\0' ||
	    db->strs.p[db->strs.size - 1] != '\0')
		return kbqi_fail(db, KBQ_CORRUPT, "string pool not terminated");
	db->nentries = kbx_get32(b + 40);
	db->narticles = kbx_get32(b + 44);
	if (db->nentries != db->ents.n || db->narticles != db->arts.n ||
	    db->lens.n != db->nentries)
		return kbqi_fail(db, KBQ_CORRUPT, "record counts disagree");
	db->idf1 = KBX_IDF(db->nentries, 1);
	db->avglen = kbx_get32(b + 48) / 16.0;
	if (db->avglen <= 0)
		db->avglen = 1;
	/* The passages' view shares the strings, articles and lists. */
	p = db->psg;
	p->base = db->base;
	p->size = db->size;
	p->strs = db->strs;
	p->arts = db->arts;
	p->refs = db->refs;
	p->fixs = db->fixs;
	p->items = db->items;
	p->genp = db->genp;
	p->narticles = db->narticles;
	p->nentries = kbx_get32(b + 52);
	if (p->nentries != p->ents.n || p->lens.n != p->nentries)
		return kbqi_fail(db, KBQ_CORRUPT, "passage counts disagree");
	p->idf1 = KBX_IDF(p->nentries, 1);
	p->avglen = kbx_get32(b + 56) / 16.0;
	if (p->avglen <= 0)
		p->avglen = 1;
	if (op_tmax(db, db) != KBQ_OK || op_tmax(db, p) != KBQ_OK)
		return KBQ_CORRUPT;
	if (!whole || (uint64_t)db->ents.size + p->ents.size + db->fixs.size +
	    db->items.size > KBX_OPENCHECK)
		return KBQ_OK;	/* checked as read (KBX_OPENCHECK) */
	return kbqi_struct(db);
}

static struct kbq *
op_new(void)
{
	struct kbq	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->psg = calloc(1, sizeof(*db->psg))) == NULL) {
		free(db);
		return NULL;
	}
	db->psg->root = db;	/* its lookups' arrays are the handle's */
	return db;
}

static int
op_mem(const void *data, size_t size, int whole, kbq **out)
{
	struct kbq	*db;

	if (out == NULL)
		return KBQ_ERROR;
	if ((*out = db = op_new()) == NULL)
		return KBQ_NOMEM;
	if (data == NULL)
		return kbqi_fail(db, KBQ_ERROR, "no data");
	db->base = data;
	db->size = size;
	return op_parse(db, whole);
}

int
kbq_open_mem(const void *data, size_t size, kbq **out)
{
	return op_mem(data, size, 1, out);
}

/* kbq_int.h */
int
kbqi_open_unchecked(const void *data, size_t size, struct kbq **out)
{
	return op_mem(data, size, 0, out);
}

/* Open the index file at path, whatever manifest lies beside it. */
static int
op_file(const char *path, int nofollow, kbq **out)
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
		return kbqi_fail(db, KBQ_ERROR, "no path");
	/* O_NONBLOCK: a FIFO in the index's place never blocks the open;
	 * a segment (kbq_segment.c) is never a link. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | nofollow)) == -1)
		return kbqi_fail(db, KBQ_IOERR, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		rc = kbqi_fail(db, KBQ_IOERR, "%s: %s", path, strerror(errno));
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return kbqi_fail(db, KBQ_IOERR, "%s: not a regular file", path);
	}
	if (st.st_size < 8) {
		close(fd);
		return kbqi_fail(db, st.st_size == 0 ? KBQ_FORMAT : KBQ_CORRUPT,
		    "%s: %s", path, st.st_size == 0 ? "empty file" :
		    "truncated header");
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return kbqi_fail(db, KBQ_IOERR, "%s: mmap: %s", path,
		    strerror(errno));
	db->base = p;
	db->size = (size_t)st.st_size;
	db->mapped = 1;
	if ((rc = op_parse(db, 1)) != KBQ_OK) {
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

/* kbq_int.h */
int
kbqi_open_file(const char *path, struct kbq **out)
{
	return op_file(path, O_NOFOLLOW, out);
}

/*
 * The segments manifest m names, in dir, opened and merged into one index
 * in memory (kbq_merge.h), which *out owns.  Each is checked again
 * against the manifest once open: kbc removes the segments of an older
 * generation once a newer manifest is in place.
 */
static int
op_segments(const char *dir, const struct kbx_manifest *m, kbq **out)
{
	struct kbq	*seg[KBX_SEGMAX + 1];
	char		 path[4096 + KBX_SEGNAME + 2], msg[256];
	unsigned char	*img = NULL;
	size_t		 size = 0;
	unsigned	 i, n = 0;
	int		 rc = KBQ_OK;

	msg[0] = '\0';
	for (i = 0; i < m->n && rc == KBQ_OK; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, m->seg[i].name);
		if ((rc = kbqi_open_file(path, &seg[n])) != KBQ_OK)
			snprintf(msg, sizeof(msg), "%s", kbq_errmsg(seg[n]));
		else if (seg[n]->size != m->seg[i].size ||
		    kbx_get64(seg[n]->base + 24) != m->seg[i].hsum)
			rc = kbqi_fail(seg[n], KBQ_CORRUPT, "%s: replaced "
			    "while opened: open it again", path);
		if (rc != KBQ_OK && msg[0] == '\0')
			snprintf(msg, sizeof(msg), "%s", kbq_errmsg(seg[n]));
		n++;
	}
	if (rc == KBQ_OK)
		rc = kbqi_merge(seg, n, m->generation, &img, &size, msg,
		    sizeof(msg));
	for (i = 0; i < n; i++)
		kbq_close(seg[i]);
	if (rc != KBQ_OK) {
		if ((*out = op_new()) == NULL)
			return KBQ_NOMEM;
		return kbqi_fail(*out, rc, "%s", msg);
	}
	rc = op_mem(img, size, 1, out);
	if (*out == NULL)
		free(img);
	else
		(*out)->owned = 1;
	return rc;
}

/* A manifest beside the index names the segments that answer in its
 * place (kbqi_seg_find()): a base alone is mapped as any index. */
int
kbq_open(const char *path, kbq **out)
{
	struct kbx_manifest *m;
	char	 dir[4096], base[4096 + KBX_SEGNAME + 2], msg[256];
	int	 rc;

	if (out == NULL)
		return KBQ_ERROR;
	*out = NULL;
	if ((m = malloc(sizeof(*m))) == NULL)
		return KBQ_NOMEM;
	if ((rc = kbqi_seg_find(path, m, dir, sizeof(dir), msg,
	    sizeof(msg))) != KBQ_OK) {
		free(m);
		if ((*out = op_new()) == NULL)
			return KBQ_NOMEM;
		return kbqi_fail(*out, rc, "%s", msg);
	}
	if (m->present && m->n > 1)
		rc = op_segments(dir, m, out);
	else if (m->present) {
		snprintf(base, sizeof(base), "%s/%s", dir, m->seg[0].name);
		rc = op_file(base, O_NOFOLLOW, out);
	} else
		rc = op_file(path, 0, out);
	free(m);
	return rc;
}

void
kbq_close(kbq *db)
{
	if (db == NULL)
		return;
	if (db->mapped)
		munmap((void *)db->base, db->size);
	else if (db->owned)
		free((void *)db->base);
	kbqi_spare_free(db);
	free(db->psg);
	free(db);
}

const char *
kbq_errmsg(const kbq *db)
{
	return db == NULL ? "out of memory" : db->msg;
}

/* kbq_int.h */
void
kbqi_release(struct kbq *db, const unsigned char *p, size_t n)
{
#ifdef MADV_DONTNEED
	uintptr_t	 pg, a, b;

	if (!db->releasing || !db->mapped)
		return;
	if (p == NULL) {
		p = db->base;
		n = db->size;
	}
	pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	a = ((uintptr_t)p + pg - 1) & ~(pg - 1);
	b = ((uintptr_t)p + n) & ~(pg - 1);
	/* A private mapping never written: its pages come back from the
	 * file, as they were. */
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
#else
	(void)db;
	(void)p;
	(void)n;
#endif
}

/* Reads the whole file, a window at a time, each window's pages given
 * back as the next is read (kbqi_release()). */
int
kbq_check(kbq *db)
{
	const size_t	 win = (size_t)8 << 20;
	size_t		 hend, off, end, n;
	uint64_t	 sum = KBX_FNV_INIT;
	int		 rc;

	if (db == NULL || db->ents.p == NULL)
		return KBQ_ERROR;
	db->releasing = 1;
	hend = KBX_HDRSIZE + (size_t)kbx_get32(db->base + 12) * KBX_SECTSIZE;
	end = db->size - 8;
	for (off = hend; off < end; off += n) {
		n = end - off < win ? end - off : win;
		sum = kbx_fnv(sum, db->base + off, n);
		kbqi_release(db, db->base + off, n);
	}
	if (sum != kbx_get64(db->base + 32))
		rc = kbqi_fail(db, KBQ_CORRUPT, "content checksum mismatch");
	/* Every record, whatever kbq_open() checked. */
	else if (kbqi_struct(db) != KBQ_OK || kbqi_bounds(db) != KBQ_OK)
		rc = KBQ_CORRUPT;
	else {
		db->msg[0] = '\0';
		rc = KBQ_OK;
	}
	kbqi_release(db, NULL, 0);
	db->releasing = 0;
	return rc;
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
