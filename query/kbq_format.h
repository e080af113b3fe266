/*
 * kbq_format.h: the kb.idx file format, shared by its one writer
 * (compiler/idx_write.c) and its one reader (query/kbq_open.c).
 *
 * The file is made to be mapped read-only and used in place: every number
 * is a little-endian unsigned integer, every reference is an offset or an
 * index (no pointers), and it holds all the text a lookup result shows, so
 * nothing else is needed at query time.  Layout:
 *
 *   header      64 bytes, below
 *   sections    nsect records of 16 bytes: tag, offset, size, count
 *   ...         the sections, each starting at a multiple of 8
 *   trailer     8 bytes, KBX_TRAILER ("ERRKBEND")
 *
 * Header:
 *    0  magic     8 bytes "ERRKBIDX"
 *    8  u32       format version (KBX_VERSION)
 *   12  u32       nsect, number of section records (<= KBX_MAXSECT)
 *   16  u64       total file size in bytes
 *   24  u64       header sum: FNV-1a 64 of the header and the section
 *                 records, with these 8 bytes taken as zero.  Checked
 *                 at every open, with the size and both magics.
 *   32  u64       content sum: FNV-1a 64 of every byte after the section
 *                 records and before the trailer.  Checked by kbq_check()
 *                 (kbq --check, and kbc after writing), not at every open.
 *   40  u32       nentries   44 u32 narticles
 *   48  u32       average weighted entry length, times 16: the sum of
 *                 the entries' stored lengths (LENS) over nentries,
 *                 rounded, so that it follows from integer sums
 *   52  u32       npassages
 *   56  u32       average weighted passage length, times 16, the same
 *   60  u32       generation: the KB's (its table generation), 0 if none;
 *                 ties the index to its KB, not checked by readers
 *
 * Sections (tag: record layout, all u32 unless said; "str" is an offset
 * into STRS, "ref" an index into REFS; the count of a byte section is
 * its size):
 *   STRS  bytes: NUL-terminated UTF-8 strings; byte 0 is "" and the last
 *         byte is NUL, so any in-range offset yields a terminated string.
 *   ARTS  article: str path, str key, str locale, str title, str url
 *         (the published page, "" when unknown).
 *   ENTS  entry (16 words): article index, kind (0 error, 1 guide,
 *         2 passage),
 *         str anchor, str section heading, ref+count messages,
 *         ref+count codes (as written), FIXS index+count, weighted length
 *         x16, idf mass of the message words x1024, of the heading words
 *         x1024, of the title words x1024, of the code words x1024,
 *         source line in the article.  A mass is the sum of KBX_IDF over
 *         the entry's words that have the field's bit in its posting,
 *         taken in TERM order (strcmp of the word), then rounded: what
 *         the entry's own words and the document frequencies give,
 *         whatever order the writer met the words in.
 *   REFS  str: the message, code, cause and action lists of ENTS/FIXS,
 *         each contiguous.
 *   FIXS  fix: ref+count causes, ref+count actions, ITEM index+count
 *         (count 0, or one ITEM record per action, in their order).
 *   ITEM  an action's sub-items (the list nested under it): ref+count.
 *   TERM  term (3 words, sorted by strcmp of the word): str word, byte
 *         offset of its postings in POST, document frequency.  A term's
 *         postings end where the next term's begin (the last term's at
 *         the end of POST).
 *   POST  bytes: each term's postings, sorted by entry, each two varints
 *         (below): the entry index minus the previous posting's (the
 *         first: minus zero; entries strictly increase), then weighted
 *         term frequency x8 (at most 0xffff) << KBX_F_BITS | fields bit
 *         set (KBX_F_*).  Most postings take 2 or 3 bytes.
 *   CODE  code (3 words, sorted by strcmp of the normalized code): str
 *         code, CPST index+count.
 *   CPST  entry index.
 *   CMEN  (optional: an index without it mentions no code) a bit per
 *         CPST word, low bit first, 32 a word: set when the entry's
 *         messages hold the code past their first two words, so that
 *         the entry only mentions it ("... Status Code: 403 ..."); clear
 *         when the code names the entry (a code column, a heading's
 *         code, a label, the message's first words).
 *   LENS  entry: its weighted length x16, the same as its ENTS record's.
 *         Scoring a posting needs its entry's length; read from here it
 *         costs 4 bytes of a dense array instead of a 64-byte record, so
 *         a lookup touches 16 times fewer pages and cache lines for it.
 *   TMAX  the most one posting of each word adds to BM25 (over the
 *         word's f * idf), so that a lookup bounds what the words it has
 *         not read yet may add (kbq_lookup.c, lk_close) tighter than any
 *         posting's k1 + 1: words 0 and 1 are the k1 and b it was
 *         computed with, x KBX_TMAX_ONE; then one word per TERM record,
 *         the largest tf (k1 + 1) / (tf + k1 (1 - b + b len / avglen))
 *         of its postings (tf as the posting gives it, len as LENS,
 *         avglen as the header), x KBX_TMAX_ONE rounded up, plus 1.
 *         Empty, or computed with another k1 or b, it bounds nothing
 *         and the reader uses k1 + 1.
 *   SKIP  (optional: an index without it is read posting by posting)
 *         where a lookup may jump into each word's postings: first
 *         nterms + 1 words, the index of each word's first skip record
 *         (the last: their count); then the records, two words each:
 *         record k of a word is the entry of its posting (k + 1) *
 *         KBX_SKIPN - 1 and the byte offset, from the word's first
 *         posting, of its posting (k + 1) * KBX_SKIPN, where decoding
 *         may start with that entry as the one before.  A word of df
 *         postings has (df - 1) / KBX_SKIPN records.  Once a lookup has
 *         its candidates (kbq_lookup.c, lk_close), it reads of a common
 *         word's postings only the blocks that may hold one, instead of
 *         all of them up to the last candidate.  Optional and skipped by
 *         older readers, so the version stays.
 *   GENP  (optional: an index without it has none) str: the generic
 *         phrases of the vocabulary kbc used (role generic, the C
 *         library's error texts: "no such file or directory"), as
 *         written.  A lookup reads the first KBX_GENMAX, each cut at
 *         KBX_GENWORDS words, and does not count their words as evidence
 *         when the pasted text holds other words too (kbq_words.c): any
 *         product prints them, so they do not tell which one failed.
 *   PENT, PTRM, PPST, PCOD, PCPS, PLEN, PTMX, PSKP
 *         the passages (every block of every article's text: a heading,
 *         a paragraph, a list item, a table cell, a line of a fence),
 *         laid out as ENTS, TERM, POST, CODE, CPST, LENS, TMAX and SKIP are, with words,
 *         document frequencies and codes of their own, so that they
 *         change nothing in how entries rank.  A passage record has kind
 *         2, its text as its one message, the codes written in it, and
 *         one fix whose actions are its section's list items (none when
 *         the section has no list).  Its heading and anchor are its
 *         section's.
 *
 *   TOMB, PTMB (a delta segment only, below) its tombstones, of the
 *         entries and of the passages: words KBX_TOMB_HDR header words
 *         (the generation they apply to, the number of paths, of records
 *         removed, the sum of their stored lengths (LENS) as low and high
 *         word, the number of words), then the paths (str, TOMB only:
 *         PTMB has none), then per word (strcmp order, each once) str
 *         word and the number of the removed records that hold it.
 *
 * Segments (kbc with KBC_SEGMENTS, compiler/idx_seg.c; read by
 * query/kbq_segment.c).  The index may be kept as a base and delta
 * segments instead of one file rewritten whole: each segment a file of
 * this format, named "kb.idx.b<G>" (a base) or "kb.idx.d<G>" (a delta;
 * "kb.idx" too may be a base), G its generation, in the header.  A base
 * holds the articles of a KB; a delta those that one build extracted
 * again or added, and, in TOMB, the paths of those it replaced or
 * removed with what they added where they lived (the newest segment
 * that held each), so that a generation's statistics are the sums over
 * its segments less the tombstones: entry and passage counts, length
 * sums (hence the averages, as above), and each word's document
 * frequency (hence the idf masses of ENTS, recomputed from an entry's
 * words in TERM order).  The manifest "kb.idx.seg" beside them names
 * them, in text:
 *
 *   errkb-segments 1
 *   generation G
 *   base NAME SIZE SUM
 *   delta NAME SIZE SUM        (0 to KBX_SEGMAX lines, oldest first)
 *   end N                      (N: the number of segment lines)
 *
 * SIZE the file's bytes, SUM its header sum (bytes 24..31) as 16 lower-
 * case hex digits.  A reader refuses a manifest that breaks any of
 * this: a name not "kb.idx" or "kb.idx." and lower-case letters and
 * digits (so no file outside the folder), a segment that is not a
 * regular file of that size and header sum, generations that do not
 * rise from segment to segment up to G, a delta whose TOMB applies to
 * another generation than the segment before it, a base with TOMB or a
 * delta without, no "end" line, a count that lies, more than
 * KBX_SEGMANIFEST bytes.  kbc writes a segment, commits the KB, then
 * renames the new manifest into place and only then removes what it no
 * longer names: a kill at any point leaves the previous manifest and all
 * its segments.  A manifest beside the index a reader opens answers for
 * it (kbq_open()): a base alone is mapped and used in place, a base and
 * deltas are merged into one index in memory, the index a full build of
 * the same articles writes where answers depend on it
 * (query/kbq_merge.h).
 *
 * A varint is an unsigned LEB128 number of at most 5 bytes: 7 bits a
 * byte, low bits first, the high bit set on every byte but the last.
 *
 * Entries are in the order the KB gives them (articles by path, entries
 * by id), so the same KB always gives the same bytes; an article's
 * entries, and its passages, are together and in article order, so that
 * a reader finds them by binary search.
 *
 * What the writer guarantees and the reader checks (kbq_struct.c: at
 * kbq_open() when the index is small, KBX_OPENCHECK in kbq_int.h; in
 * kbq_check() always; and, of a large index, what a lookup reads as it
 * reads it), so that a lookup's work follows from its words' postings
 * whatever the bytes: every (first, count) list of REFS
 * (messages, codes, causes, actions, an action's sub-items), of FIXS (an
 * entry's fixes) and of ITEM (a fix's actions' sub-item lists, as many
 * as its actions) lies inside its section and no two lists share a
 * record; ARTS strings (path,
 * key and locale shorter than 4,096 bytes: file names), TERM
 * words and CODE codes start a string; words and codes are strictly
 * sorted and shorter than KBQN_MAXTOK; a word's postings start at 0 or
 * where the previous word's end, fill POST, and take 2 to 2 * KBX_VARMAX
 * bytes per entry of its document frequency (1 .. nentries); a code's
 * CPST list follows the previous code's, is not empty, and holds strictly
 * increasing entry indexes below nentries.  An index that breaks any of
 * these is KBQ_CORRUPT even with valid checksums.  A new writer (a new
 * entry kind sharing strings between entries, say) must keep them, or
 * change kbq_struct.c with them.  SKIP (PSKP) records are checked against
 * the postings by kbq_check(), which reads them all; a lookup jumps only
 * forward inside a word's postings, so wrong ones cost nothing more.
 */
#ifndef KBQ_FORMAT_H
#define KBQ_FORMAT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define KBX_MAGIC	"ERRKBIDX"
#define KBX_TRAILER	"ERRKBEND"
#define KBX_VERSION	5	/* 1: fixed-size postings; 2: no passages;
				   3: no action sub-items; 4: no LENS,
				   TMAX */
#define KBX_HDRSIZE	64
#define KBX_SECTSIZE	16
#define KBX_MAXSECT	32

#define KBX_TAG(a, b, c, d)	((uint32_t)(a) | (uint32_t)(b) << 8 | \
				 (uint32_t)(c) << 16 | (uint32_t)(d) << 24)
#define KBX_STRS	KBX_TAG('S', 'T', 'R', 'S')
#define KBX_ARTS	KBX_TAG('A', 'R', 'T', 'S')
#define KBX_ENTS	KBX_TAG('E', 'N', 'T', 'S')
#define KBX_REFS	KBX_TAG('R', 'E', 'F', 'S')
#define KBX_FIXS	KBX_TAG('F', 'I', 'X', 'S')
#define KBX_TERM	KBX_TAG('T', 'E', 'R', 'M')
#define KBX_POST	KBX_TAG('P', 'O', 'S', 'T')
#define KBX_CODE	KBX_TAG('C', 'O', 'D', 'E')
#define KBX_CPST	KBX_TAG('C', 'P', 'S', 'T')
#define KBX_PENT	KBX_TAG('P', 'E', 'N', 'T')
#define KBX_PTRM	KBX_TAG('P', 'T', 'R', 'M')
#define KBX_PPST	KBX_TAG('P', 'P', 'S', 'T')
#define KBX_PCOD	KBX_TAG('P', 'C', 'O', 'D')
#define KBX_PCPS	KBX_TAG('P', 'C', 'P', 'S')
#define KBX_ITEM	KBX_TAG('I', 'T', 'E', 'M')
#define KBX_LENS	KBX_TAG('L', 'E', 'N', 'S')
#define KBX_PLEN	KBX_TAG('P', 'L', 'E', 'N')
#define KBX_TMAX	KBX_TAG('T', 'M', 'A', 'X')
#define KBX_PTMX	KBX_TAG('P', 'T', 'M', 'X')
#define KBX_TMAX_ONE	65536.0	/* TMAX's fixed point */
#define KBX_CMEN	KBX_TAG('C', 'M', 'E', 'N')
#define KBX_SKIP	KBX_TAG('S', 'K', 'I', 'P')
#define KBX_PSKP	KBX_TAG('P', 'S', 'K', 'P')
#define KBX_GENP	KBX_TAG('G', 'E', 'N', 'P')
#define KBX_TOMB	KBX_TAG('T', 'O', 'M', 'B')
#define KBX_PTMB	KBX_TAG('P', 'T', 'M', 'B')
/* TOMB (PTMB) header words, then the paths, then the words. */
enum {
	KBX_TB_GEN, KBX_TB_NPATH, KBX_TB_NENT, KBX_TB_LENLO, KBX_TB_LENHI,
	KBX_TB_NTERM, KBX_TOMB_HDR
};
/* Segments: delta segments a manifest names at most, the bytes of a
 * segment's name and of a manifest. */
#define KBX_SEGMAX	64
#define KBX_SEGNAME	64
#define KBX_SEGMANIFEST	8192
/* Generic phrases a lookup reads, at most, and words in one. */
#define KBX_GENMAX	256
#define KBX_GENWORDS	8
/* Postings per skip block: a jump decodes fewer than this many to reach
 * a candidate, and the records cost 8 bytes a block (about 5% of POST). */
#define KBX_SKIPN	64

/* Words per record of each section (STRS counts bytes). */
#define KBX_ART_W	5
#define KBX_ENT_W	16
#define KBX_FIX_W	6
#define KBX_ITEM_W	2
#define KBX_TERM_W	3
#define KBX_CODE_W	3

/* ARTS word indexes. */
enum { KBX_A_PATH, KBX_A_KEY, KBX_A_LOCALE, KBX_A_TITLE, KBX_A_URL };

/* FIXS word indexes. */
enum {
	KBX_X_CAUSE, KBX_X_NCAUSE, KBX_X_ACTION, KBX_X_NACTION,
	KBX_X_ITEM, KBX_X_NITEM
};

/* TERM word indexes. */
enum { KBX_T_WORD, KBX_T_POST, KBX_T_DF };

/* ENTS word indexes. */
enum {
	KBX_E_ART, KBX_E_KIND, KBX_E_ANCHOR, KBX_E_SECTION,
	KBX_E_MSG, KBX_E_NMSG, KBX_E_CODE, KBX_E_NCODE,
	KBX_E_FIX, KBX_E_NFIX, KBX_E_LEN, KBX_E_MASSM, KBX_E_MASSS,
	KBX_E_MASST, KBX_E_MASSC, KBX_E_LINE
};

/* ENTS kind values. */
#define KBX_KIND_ERROR		0
#define KBX_KIND_GUIDE		1
#define KBX_KIND_PASSAGE	2

/* Fields a word occurs in (the low bits of a posting's value), and their
 * weights. */
#define KBX_F_MSG	0x01	/* an error message */
#define KBX_F_CODE	0x02	/* a code, split into words */
#define KBX_F_SECT	0x04	/* the section heading */
#define KBX_F_TITLE	0x08	/* the article title */
#define KBX_F_FIX	0x10	/* a cause or an action */

#define KBX_W_MSG	1.0
#define KBX_W_CODE	1.0
#define KBX_W_SECT	0.8
#define KBX_W_TITLE	0.4
#define KBX_W_FIX	0.25

static inline uint32_t
kbx_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
kbx_get64(const unsigned char *p)
{
	return (uint64_t)kbx_get32(p) | (uint64_t)kbx_get32(p + 4) << 32;
}

static inline void
kbx_put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static inline void
kbx_put64(unsigned char *p, uint64_t v)
{
	kbx_put32(p, (uint32_t)v);
	kbx_put32(p + 4, (uint32_t)(v >> 32));
}

/* Posting values: the fields are the low KBX_F_BITS bits. */
#define KBX_F_BITS	5
#define KBX_VARMAX	5	/* bytes of the longest varint */

/* Append v to p as a varint; returns the bytes written (<= KBX_VARMAX). */
static inline size_t
kbx_putvar(unsigned char *p, uint32_t v)
{
	size_t	 n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* Read a varint at *p, never at or past end; advances *p.  Returns 0 when
 * it is cut short by end or longer than KBX_VARMAX bytes. */
static inline int
kbx_getvar(const unsigned char **p, const unsigned char *end, uint32_t *v)
{
	uint32_t	 x = 0;
	unsigned	 s;

	for (s = 0; s < 7 * KBX_VARMAX && *p < end; s += 7) {
		x |= (uint32_t)(**p & 0x7f) << s;
		if ((*(*p)++ & 0x80) == 0) {
			*v = x;
			return 1;
		}
	}
	return 0;
}

/*
 * The frequency part of a posting's BM25 (weighted frequency tf, its
 * entry's length el, the average avglen): what TMAX bounds.  Written
 * once for the writer and the check that the bounds hold; a lookup
 * multiplies it out in its own order.
 */
static inline double
kbx_tfpart(double tf, double el, double avglen, double k1, double b)
{
	return tf * (k1 + 1) / (tf + k1 * (1 - b + b * el / avglen));
}

#define KBX_FNV_INIT	UINT64_C(0xcbf29ce484222325)

/* FNV-1a 64 over n bytes, continuing from h. */
static inline uint64_t
kbx_fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n-- > 0)
		h = (h ^ *p++) * UINT64_C(0x100000001b3);
	return h;
}

/* The BM25 inverse document frequency both sides use for idf masses. */
#define KBX_IDF(n, df)	log(1.0 + ((double)(n) - (double)(df) + 0.5) / \
			    ((double)(df) + 0.5))

#endif
