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
 *   48  u32       average weighted entry length, times 16
 *   52  u32 x 3   zero (reserved)
 *
 * Sections (tag: record layout, all u32 unless said; "str" is an offset
 * into STRS, "ref" an index into REFS):
 *   STRS  bytes: NUL-terminated UTF-8 strings; byte 0 is "" and the last
 *         byte is NUL, so any in-range offset yields a terminated string.
 *   ARTS  article: str path, str key, str locale, str title.
 *   ENTS  entry (16 words): article index, kind (0 error, 1 guide),
 *         str anchor, str section heading, ref+count messages,
 *         ref+count codes (as written), FIXS index+count, weighted length
 *         x16, idf mass of the message words x1024, of the heading words
 *         x1024, of the title words x1024, of the code words x1024,
 *         3 x zero.
 *   REFS  str: the message, code, cause and action lists of ENTS/FIXS.
 *   FIXS  fix: ref+count causes, ref+count actions.
 *   TERM  term (sorted by strcmp of the word): str word, POST index+count,
 *         zero.  The count is the document frequency.
 *   POST  posting (sorted by entry): entry index, weighted term frequency
 *         x8 (low 16 bits) | fields bit set (KBX_F_*) << 16.
 *   CODE  code (sorted by strcmp of the normalized code): str code,
 *         CPST index+count, zero.
 *   CPST  entry index.
 *
 * Entries are in the order the KB gives them (articles by path, entries
 * by id), so the same KB always gives the same bytes.
 */
#ifndef KBQ_FORMAT_H
#define KBQ_FORMAT_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define KBX_MAGIC	"ERRKBIDX"
#define KBX_TRAILER	"ERRKBEND"
#define KBX_VERSION	1
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

/* Words per record of each section (STRS counts bytes). */
#define KBX_ART_W	4
#define KBX_ENT_W	16
#define KBX_FIX_W	4
#define KBX_TERM_W	4
#define KBX_POST_W	2
#define KBX_CODE_W	4

/* ENTS word indexes. */
enum {
	KBX_E_ART, KBX_E_KIND, KBX_E_ANCHOR, KBX_E_SECTION,
	KBX_E_MSG, KBX_E_NMSG, KBX_E_CODE, KBX_E_NCODE,
	KBX_E_FIX, KBX_E_NFIX, KBX_E_LEN, KBX_E_MASSM, KBX_E_MASSS,
	KBX_E_MASST, KBX_E_MASSC
};

/* Fields a word occurs in (POST high bits), and their weights. */
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
