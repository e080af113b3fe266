/*
 * kbq.h: libkbq, the errkb lookup library.
 *
 * libkbq answers "I got this error: what do I do?" from a kb.idx file
 * written by kbc.  It needs only libc and libm: copy query/kbq*.c and
 * query/kbq*.h into another build and compile them as C11.
 *
 * Two opaque objects:
 *   kbq         an open index.  Read-only after kbq_open*(), so one handle
 *               may serve lookups from any number of threads at once.  It
 *               keeps a lookup's working arrays for the next lookup (one
 *               that finds them taken by another thread makes its own),
 *               so its memory stays at about its largest lookup's until
 *               kbq_close().
 *   kbq_result  the answer to one lookup, owned by the caller.
 *
 * Every function that can fail returns an int result code (KBQ_OK on
 * success); kbq_errstr() names a code and kbq_errmsg() gives the detailed
 * message of a handle.  Destructors accept NULL.  Nothing prints.
 *
 * Strings returned by the library are UTF-8, NUL-terminated, owned by the
 * kbq handle and valid until kbq_close(); never NULL.
 */
#ifndef KBQ_H
#define KBQ_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KBQ_VERSION		"1.3.0"	/* of this header */
#define KBQ_VERSION_NUMBER	1003000	/* major*1000000 + minor*1000 + patch */

/* Result codes. */
#define KBQ_OK		0	/* success */
#define KBQ_ERROR	1	/* bad argument */
#define KBQ_NOMEM	2	/* out of memory */
#define KBQ_IOERR	3	/* cannot open, read or map the file (errno set) */
#define KBQ_FORMAT	4	/* not an index, or a newer format version */
#define KBQ_CORRUPT	5	/* damaged index: size, bounds or checksum */

typedef struct kbq		kbq;
typedef struct kbq_result	kbq_result;

/* The library's version at run time, e.g. "1.0.0", and as a number. */
const char	*kbq_libversion(void);
int		 kbq_libversion_number(void);

/* A constant English description of a result code. */
const char	*kbq_errstr(int rc);

/*
 * Open the index file at path and map it read-only.  The header, the
 * section table, the bounds of every section and the structure of the
 * records (lists inside their sections and disjoint, words and codes
 * sorted, postings in order) are checked, so that a lookup's cost never
 * depends on the bytes: KBQ_CORRUPT otherwise.  The content checksum is
 * not read (see kbq_check()).  On success *db is a new handle to
 * be released with kbq_close().  On failure *db is still set, unless
 * memory ran out (then it is NULL), so that kbq_errmsg() can tell what was
 * wrong: release it with kbq_close() as well.
 */
int		 kbq_open(const char *path, kbq **db);

/*
 * Like kbq_open(), on an index already in memory (an embedded array, see
 * kbc embed).  The bytes are not copied: they must stay unchanged until
 * kbq_close().  Any alignment is fine.
 */
int		 kbq_open_mem(const void *data, size_t size, kbq **db);

/* Release a handle and its mapping.  Results of it must be freed first. */
void		 kbq_close(kbq *db);

/*
 * The message of the last failure of kbq_open*() or kbq_check() on this
 * handle ("" after success).  Owned by the handle; not thread-safe with a
 * concurrent kbq_check() on the same handle.
 */
const char	*kbq_errmsg(const kbq *db);

/* Verify the checksum of the whole content: KBQ_OK or KBQ_CORRUPT. */
int		 kbq_check(kbq *db);

/* Number of entries and articles in the index. */
int		 kbq_entry_count(const kbq *db);
int		 kbq_article_count(const kbq *db);

/*
 * Look up the error text[0..len).  text may be anything: a message, a log
 * line with a time stamp before it and a stack trace after it, text
 * wrapped over several lines, a truncated message, a message with typos,
 * a bare code ("34513", "ID: 34513", "0x1fc07", "SalBitmapError") or a
 * description of a symptom.  Only the first KBQ_MAXQUERY bytes are read.
 *
 * lang, when not NULL or "", is a language as people write it ("sv",
 * "sv-SE", "sv_SE.UTF-8"): entries in it are preferred among near
 * equals, and a result whose article has a translation in it is
 * replaced by the translated entry when the two align surely (see
 * kbq_result_untranslated()).  limit caps the number of results (<= 0
 * means KBQ_DEFLIMIT).
 *
 * Results are best first and only those whose score reaches the tuned
 * threshold (kbq_default_threshold()): unrelated text gets an empty
 * result, which is success.  When no entry reaches it, passages of the
 * articles' text may answer (kind "section").  On KBQ_OK *res is a new
 * result for kbq_result_free(); on failure NULL.  Safe to call from
 * several threads on one handle.  The same as kbq_lookup_opts() with
 * these options.
 */
#define KBQ_MAXQUERY	65536
#define KBQ_DEFLIMIT	5
int		 kbq_lookup(const kbq *db, const char *text, size_t len,
		    const char *lang, int limit, kbq_result **res);

/*
 * Options of kbq_lookup_opts().  Set them with kbq_options_init() first,
 * so that a program built against this header keeps working with a
 * later library whose options have grown (size tells the library which
 * fields the caller knows).  Since 1.2.
 */
struct kbq_options {
	size_t		 size;		/* sizeof(struct kbq_options) */
	int		 limit;		/* at most this many results; <= 0:
					   KBQ_DEFLIMIT */
	const char	*lang;		/* the user's language, or NULL */
	double		 threshold;	/* least score of an entry; <= 0: the
					   tuned default; passages need as
					   much more as by default */
	int		 exhaustive;	/* 1: score every candidate exactly
					   (for tests: the same answers,
					   slower) */
};

void		 kbq_options_init(struct kbq_options *opt);
int		 kbq_lookup_opts(const kbq *db, const char *text, size_t len,
		    const struct kbq_options *opt, kbq_result **res);

/*
 * The least score of a result by default, chosen on development queries
 * to reject errors of other products while keeping descriptions of
 * symptoms where it can.  Since 1.2 (before, the macro KBQ_THRESHOLD).
 */
double		 kbq_default_threshold(void);

void		 kbq_result_free(kbq_result *res);

/* Number of results; i below ranges over 0 .. count-1. */
int		 kbq_result_count(const kbq_result *res);

/*
 * Confidence in [0, 1] that result i answers the query; scores never
 * rise down the list, and none is below the threshold of the lookup.
 */
double		 kbq_result_score(const kbq_result *res, int i);

/*
 * The fields of result i.  article is the path below the docs root
 * ("en/articles/x.md"), key links translations, anchor names the section
 * (article#anchor), kind is "error" or "guide".  Out-of-range arguments
 * give "".
 */
const char	*kbq_result_article(const kbq_result *res, int i);
const char	*kbq_result_key(const kbq_result *res, int i);
const char	*kbq_result_anchor(const kbq_result *res, int i);
const char	*kbq_result_locale(const kbq_result *res, int i);
const char	*kbq_result_title(const kbq_result *res, int i);
const char	*kbq_result_section(const kbq_result *res, int i);
const char	*kbq_result_kind(const kbq_result *res, int i);

/*
 * Where result i is published: the article's URL ("" when kbc was given
 * none: --base-url, or the front matter's url), and the line of the
 * article the entry or passage starts at (0 when unknown).  Since 1.2.
 */
const char	*kbq_result_url(const kbq_result *res, int i);
int		 kbq_result_line(const kbq_result *res, int i);

/*
 * 1 when a language was asked for, the article of result i has a
 * translation in it, but the entry could not be matched with its
 * translation surely (a translated table with other rows): the result
 * is then in its own language rather than another error's.  Since 1.2.
 */
int		 kbq_result_untranslated(const kbq_result *res, int i);

/* The error messages and codes (as written) of result i.  An entry's
 * last message may be the block of its own section that holds the
 * looked-up text better than its messages (kbq(1)). */
int		 kbq_result_nmessages(const kbq_result *res, int i);
const char	*kbq_result_message(const kbq_result *res, int i, int j);
int		 kbq_result_ncodes(const kbq_result *res, int i);
const char	*kbq_result_code(const kbq_result *res, int i, int j);

/* Fixes of result i: each has causes and actions, either may be empty. */
int		 kbq_result_nfixes(const kbq_result *res, int i);
int		 kbq_fix_ncauses(const kbq_result *res, int i, int fix);
const char	*kbq_fix_cause(const kbq_result *res, int i, int fix, int j);
int		 kbq_fix_nactions(const kbq_result *res, int i, int fix);
const char	*kbq_fix_action(const kbq_result *res, int i, int fix, int j);

/*
 * The sub-items of action j of fix fix of result i: the list nested
 * under it in the article ("Allow these URLs:" and the URLs), in order
 * (lists nested deeper are folded into their sub-item's text).  Most
 * actions have none.  Since 1.3.
 */
int		 kbq_action_nitems(const kbq_result *res, int i, int fix, int j);
const char	*kbq_action_item(const kbq_result *res, int i, int fix, int j,
		    int k);

#ifdef __cplusplus
}
#endif

#endif
