/*
 * kbq_int.h: what libkbq's own files share about an open index.
 * Not installed; the public interface is kbq.h.
 */
#ifndef KBQ_INT_H
#define KBQ_INT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kbq_format.h"

/* One section of the mapped file, its bounds already checked. */
struct kbx_sect {
	const unsigned char	*p;
	uint32_t		 size;	/* bytes */
	uint32_t		 n;	/* records */
};

struct kbq {
	const unsigned char	*base;
	size_t			 size;
	int			 mapped;	/* munmap() at close */
	int			 owned;		/* free() at close: merged
						   segments (kbq_merge.h) */
	int			 releasing;	/* kbq_check() of a mapped
						   file: kbqi_release() */
	uint32_t		 nentries, narticles;
	double			 avglen;
	double			 idf1;		/* idf of a word in one entry */
	struct kbx_sect		 strs, arts, ents, refs, fixs, items, term,
				 post, code, cpst, lens, tmax;
	int			 tmaxok;	/* TMAX bounds this reader's BM25 */
	struct kbx_sect		 cmen;	/* optional; empty when absent */
	struct kbx_sect		 genp;	/* optional; empty when absent */
	struct kbx_sect		 skip;	/* SKIP (PSKP); optional, so too */
	/*
	 * The passages, as an index of their own: strs, arts, refs, fixs
	 * and items are this one's, the rest its P sections (kbq_format.h).  A
	 * lookup runs on it as on the entries.  NULL in the view itself.
	 */
	struct kbq		*psg;
	char			 msg[256];
	/*
	 * A lookup's scratch arrays, kept for the next lookup on this
	 * handle (kbq_lookup.c): a lookup takes them, or makes its own when
	 * another thread holds them, and puts them back.  The views' lookups
	 * use root's (the handle; NULL: this one's).  Freed by
	 * kbqi_spare_free() at kbq_close().
	 */
	_Atomic(struct kbqi_spare *) spare;
	struct kbq		*root;
};

void	kbqi_spare_free(struct kbq *);

/*
 * Bounds-checked access: every index and offset read from the file goes
 * through these, so a damaged file yields "" or zero, never a wild read.
 */
static inline const char *
kbx_str(const struct kbq *db, uint32_t off)
{
	return off < db->strs.size ? (const char *)db->strs.p + off : "";
}

/* Word w of record i of a section of w-word records; 0 when out of range. */
static inline uint32_t
kbx_word(const struct kbx_sect *s, uint32_t i, unsigned nw, unsigned w)
{
	return i < s->n && w < nw ? kbx_get32(s->p + ((size_t)i * nw + w) * 4) : 0;
}

/* Entry e's anchor, and field w of its article (KBX_ART_W words). */
static inline const char *
kbx_anchor(const struct kbq *db, uint32_t e)
{
	return kbx_str(db, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ANCHOR));
}

#define KBX_MAXNAME	4096	/* bytes of an article's path, key, locale */

/*
 * Field w of article a: a string of STRS, and but for the title a file
 * name (shorter than KBX_MAXNAME), as kbc writes them; else "".  A large
 * index is not checked whole when opened (KBX_OPENCHECK), and lookups
 * compare these for many entries: the test keeps each comparison short.
 */
static inline const char *
kbx_artstr(const struct kbq *db, uint32_t a, unsigned w)
{
	uint32_t	 off = kbx_word(&db->arts, a, KBX_ART_W, w);
	const char	*s = kbx_str(db, off);

	if (off > 0 && off < db->strs.size && db->strs.p[off - 1] != '\0')
		return "";
	if (w != KBX_A_TITLE && strnlen(s, KBX_MAXNAME) == KBX_MAXNAME)
		return "";
	return s;
}

static inline const char *
kbx_art(const struct kbq *db, uint32_t e, unsigned w)
{
	return kbx_artstr(db, kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ART), w);
}

/*
 * The first entry of article art or of one after it: kbc writes an
 * article's entries together and the articles in order (kbq_format.h),
 * so a binary search finds them.  On an index out of that order, which
 * kbq_check() refuses, some entry: wrong, and as cheap.
 */
static inline uint32_t
kbx_artfirst(const struct kbq *db, uint32_t art)
{
	uint32_t	 lo = 0, hi = db->ents.n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (kbx_word(&db->ents, mid, KBX_ENT_W, KBX_E_ART) < art)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Check the structure of db, whose sections are in place (kbq_struct.c):
 * the words, codes and articles, and the lists of every entry, passage
 * and fix.  KBQ_OK, or KBQ_CORRUPT (KBQ_NOMEM) with db->msg set.
 */
int	kbqi_struct(struct kbq *db);

/* That no posting passes its word's bound (TMAX), and that the skip
 * records (SKIP) are the postings': KBQ_OK, or KBQ_CORRUPT with db->msg
 * set.  Reads every posting: kbq_check() only. */
int	kbqi_bounds(struct kbq *db);

/*
 * Between the passes of kbq_check() over a mapped file: its pages back to
 * the file (they are read again from the page cache as needed), so that
 * checking an index of hundreds of megabytes does not keep it all
 * resident at once.  Does nothing elsewhere.
 */
void	kbqi_release(struct kbq *db, const unsigned char *p, size_t n);

/*
 * kbq_open() checks the structure whole (kbqi_struct()) when ENTS, PENT,
 * FIXS and ITEM hold at most this many bytes together (an index of a few
 * thousand articles, and every crafted one of the tests).  A larger
 * index would pay a pass over its words, codes, articles and records,
 * and the strings they name, on every open (37 MiB of pages at 14,400
 * articles): kbq_check() (kbq --check, and kbc after writing) checks it
 * instead, and a lookup checks what it reads as it reads it, so that
 * its work stays bounded whatever the bytes: a word's postings against
 * its count and its neighbour's (kbqi_termok()), a code's against its
 * neighbour's (kbq_lookup.c), an article's names (kbx_artstr()), the
 * records' lists (KBX_SCANMAX).
 */
#define KBX_OPENCHECK	(4u << 20)

/* kbq_open_mem() as for an index past KBX_OPENCHECK, whatever its size:
 * the header and sections checked, not the structure.  For the fuzzer,
 * which so reaches a lookup's own checks with small inputs. */
int	kbqi_open_unchecked(const void *data, size_t size, struct kbq **out);

/*
 * Bytes of text one candidate's passes (word pairs, translation
 * identifiers) read at most, an empty text counting as one byte.  Lists
 * may overlap in an index kbq_open() did not check record by record, and
 * many records may name one long string; this keeps a lookup's cost
 * bounded whatever the strings (kbc cuts a message at 4,000 bytes).
 */
#define KBX_SCANMAX	65536

/* Clamp a (first, count) range of a record list to n records. */
static inline uint32_t
kbx_clamp(uint32_t first, uint32_t count, uint32_t n)
{
	if (first >= n)
		return 0;
	return count > n - first ? n - first : count;
}

/* Code record c's postings in CPST: the first in *first, their count,
 * clamped to the section. */
static inline uint32_t
kbx_codeposts(const struct kbq *db, uint32_t c, uint32_t *first)
{
	*first = kbx_word(&db->code, c, KBX_CODE_W, 1);
	return kbx_clamp(*first, kbx_word(&db->code, c, KBX_CODE_W, 2),
	    db->cpst.n);
}

/* The encoded postings of index word term: [*p, *end), inside POST
 * (kbq_words.c; kbc's index writer reads an old index's with it too). */
void	kbqi_postings(const struct kbq *, uint32_t, const unsigned char **,
	    const unsigned char **);

/*
 * Read the next posting of a word's list at *p into *e (on entry, the
 * entry of the one before, 0 before the first, which is the j-th) and
 * its value *v.  Returns 0 at the end, and where a damaged list stops
 * making sense: cut short, past nentries, or not increasing.
 */
static inline int
kbx_nextpost(const unsigned char **p, const unsigned char *end,
    uint32_t nentries, uint32_t j, uint32_t *e, uint32_t *v)
{
	uint32_t	 d;

	if (*p >= end || !kbx_getvar(p, end, &d) || !kbx_getvar(p, end, v) ||
	    d >= nentries - *e || (j > 0 && d == 0))
		return 0;
	*e += d;
	return 1;
}

/*
 * A segment manifest (kbq_format.h, "Segments"), as kbq_segment.c reads
 * and checks it: the base, then the deltas, oldest first.
 */
struct kbx_seg {
	char		 name[KBX_SEGNAME];	/* in the index's folder */
	uint64_t	 size, hsum;		/* as the manifest says */
	uint32_t	 gen;			/* its header's generation */
	uint32_t	 nentries;		/* its header's entry count */
	int		 delta;
};
struct kbx_manifest {
	int		 present;	/* 0: no manifest, a single index */
	uint32_t	 generation;
	unsigned	 n;		/* segments, the base included */
	struct kbx_seg	 seg[KBX_SEGMAX + 1];
};
/*
 * Read the manifest mpath of the index folder dir into m and check it
 * and every segment it names (names, sizes, header sums, generations,
 * tombstones' generations).  KBQ_OK with m->present 0 when there is no
 * manifest; else KBQ_OK, or an error code with msg set.
 */
int	kbqi_manifest(const char *dir, const char *mpath, struct kbx_manifest *m,
	    char *msg, size_t msgsz);
/* Open the index file at path as kbq_open() does, but whatever manifest
 * lies beside it, and not through a symbolic link: a segment. */
int	kbqi_open_file(const char *path, struct kbq **out);
/* The manifest beside the index at path (path + ".seg") into m, and
 * the index's folder into dir (dirsz bytes): KBQ_OK with m->present 0
 * when there is none; else as kbqi_manifest(). */
int	kbqi_seg_find(const char *path, struct kbx_manifest *m, char *dir,
	    size_t dirsz, char *msg, size_t msgsz);
/* Is name (n bytes) a segment name kbc writes: "kb.idx", or "kb.idx."
 * and lower-case letters and digits (not "kb.idx.seg")? */
int	kbqi_segname_ok(const char *name, size_t n);

/* Set db's message (kbq_errmsg()) and return rc. */
int	kbqi_fail(struct kbq *db, int rc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
