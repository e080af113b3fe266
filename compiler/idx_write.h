/*
 * idx_write.h: write the lookup index (kb.idx) from a finished KB.
 */
#ifndef KBC_IDX_WRITE_H
#define KBC_IDX_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

/*
 * Read the KB in db (schema/kb.sql) and write the index to path, replacing
 * it, with the KB's generation in its header, then reopen the file with libkbq and verify its full checksum.  The
 * same KB always gives the same bytes.  Return 0 on success.  Return -1
 * and put a message in err (errsz bytes, may be 0) on failure; a partial
 * file may be left at path.
 */
int	idx_write(sqlite3 *db, const char *path, char *err, size_t errsz);
/*
 * The same, taking the words of the articles the KB kept from prev, the
 * index of the KB before this build's changes (the caller checks its
 * generation), but for the articles whose paths are in fresh (nfresh,
 * sorted bytewise: those extracted again).  The index holds the same
 * records, postings and statistics as idx_write() gives.  A prev that
 * does not open is not used.
 */
int	idx_write_from(sqlite3 *db, const char *path, const char *prev,
	    char *const *fresh, size_t nfresh, char *err, size_t errsz);

/*
 * The same index, written from the articles as a full build extracts
 * them, without reading the KB back: add every article the KB gets, in
 * path order, with its published url (NULL: none), then finish.  The
 * same articles always give the same bytes (not those of idx_write(),
 * whose strings are laid out in another order; the answers are the same).
 */
struct article;
struct idx_stream;

/*
 * A stream for the index of a KB of this generation.  Given a folder, it
 * holds little: each article's records go to a temporary file there, and
 * its words' postings too whenever those held pass KBC_INDEX_MEM bytes
 * (default IDX_SPILL_DEFAULT); NULL holds everything in memory.
 */
#define IDX_SPILL_DEFAULT	(16u << 20)
struct idx_stream *idx_stream_new(uint32_t generation, const char *spilldir);
/* 0, or -1 with err set (and every later call fails). */
int	idx_stream_add(struct idx_stream *, const struct article *a, const char *url,
	    char *err, size_t errsz);
/* Write and verify the index at path, as idx_write() does; frees the stream. */
int	idx_stream_finish(struct idx_stream *, const char *path, char *err, size_t errsz);
/* Make the stream's index a delta segment with these tombstones
 * (kbq_format.h, TOMB; kept by the caller until the stream is finished). */
struct idx_tomb;
void	idx_stream_tombs(struct idx_stream *, const struct idx_tomb *);
/* Give up a stream (accepts NULL). */
void	idx_stream_free(struct idx_stream *);

#endif
