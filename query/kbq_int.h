/*
 * kbq_int.h: what libkbq's own files share about an open index.
 * Not installed; the public interface is kbq.h.
 */
#ifndef KBQ_INT_H
#define KBQ_INT_H

#include <stddef.h>
#include <stdint.h>

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
	uint32_t		 nentries, narticles;
	double			 avglen;
	double			 idf1;		/* idf of a word in one entry */
	struct kbx_sect		 strs, arts, ents, refs, fixs, items, term,
				 post, code, cpst, lens, tmax;
	int			 tmaxok;	/* TMAX bounds this reader's BM25 */
	struct kbx_sect		 cmen;	/* optional; empty when absent */
	/*
	 * The passages, as an index of their own: strs, arts, refs, fixs
	 * and items are this one's, the rest its P sections (kbq_format.h).  A
	 * lookup runs on it as on the entries.  NULL in the view itself.
	 */
	struct kbq		*psg;
	char			 msg[256];
};

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

static inline const char *
kbx_art(const struct kbq *db, uint32_t e, unsigned w)
{
	return kbx_str(db, kbx_word(&db->arts,
	    kbx_word(&db->ents, e, KBX_ENT_W, KBX_E_ART), KBX_ART_W, w));
}

/*
 * Check the structure of db, whose sections are in place (kbq_struct.c):
 * KBQ_OK, or KBQ_CORRUPT (KBQ_NOMEM) with db->msg set.  The words, codes
 * and articles always; with records, also the lists of every entry,
 * passage and fix (ENTS, PENT, FIXS), which means reading those sections
 * whole.
 */
int	kbqi_struct(struct kbq *db, int records);

/* That no posting passes its word's bound (TMAX): KBQ_OK, or KBQ_CORRUPT
 * with db->msg set.  Reads every posting: kbq_check() only. */
int	kbqi_bounds(struct kbq *db);

/*
 * kbq_open() checks every record when ENTS, PENT and FIXS hold at most
 * this many bytes together (an index of a few thousand articles, and
 * every crafted one of the tests); a larger index would pay a pass over
 * most of its bytes on every open, so its records are checked by
 * kbq_check() (kbq --check, and kbc after writing) instead, and a lookup
 * bounds its work on them as it goes (KBX_SCANMAX).
 */
#define KBX_OPENCHECK	(4u << 20)

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

/* Set db's message (kbq_errmsg()) and return rc. */
int	kbqi_fail(struct kbq *db, int rc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif
