/*
 * plan.h: what a build has to do: which articles the previous KB holds
 * with the same bytes (kept), which changed (extracted again), which
 * vanished (dropped), and whether there is anything to do at all.
 */
#ifndef KBC_PLAN_H
#define KBC_PLAN_H

#include <stddef.h>

#include "build.h"
#include "scan.h"
#include "statcache.h"
#include "util.h"

/* What the previous build left to build on. */
struct plan {
	int			 incremental;	/* building on the previous KB */
	struct strv		 paths;		/* its articles, sorted (bytewise) */
	struct strv		 hashes;	/* and their content hashes */
	const struct statcache	*cache;		/* the previous build's stat cache */
};

/* A 128-bit digest of n bytes, as 32 hex digits. */
void	plan_digest(const char *p, size_t n, char out[33]);
/*
 * The build key: a digest of what, besides an article's bytes, decides
 * what kbc extracts from it: the kbc version, the vocabulary in force and
 * the options that change extraction.  A change of it re-extracts all.
 */
void	plan_key(const struct build_opts *, char out[33]);

/* Does the previous KB hold an article at path? */
int	plan_had(const struct plan *, const char *path);
/*
 * May f be kept without reading it: same size, times and inode as the
 * stat cache says, and the KB holds the bytes the cache hashed?  Then its
 * hash goes to hash.
 */
int	plan_same_stamp(const struct plan *, const struct file *f, char hash[33]);
/* Does the previous KB hold these very bytes (by hash) at path? */
int	plan_same_bytes(const struct plan *, const char *path, const char *hash);
/*
 * The previous KB's articles the list no longer has (but for those below a
 * folder that could not be read), into gone.
 */
void	plan_vanished(const struct plan *, const struct filelist *, struct strv *gone);

/*
 * Are kb.sqlite and kb.idx the pair the stat cache was written with?  Only
 * then is the index known to match the KB: a build killed between its two
 * renames leaves a new KB beside an old index.
 */
int	plan_pair_current(const struct statcache *, const char *kbpath,
	    const char *idxpath);
/*
 * Is kb.sqlite the very file kbc closed at the end of the last build: the
 * pair is current and its ctime and inode are the ones the stat cache
 * recorded?  A write to it, a copy or a move over it, a touch -r after an
 * edit, a rollback of a killed build's journal all change them.  Then
 * PRAGMA quick_check (about 1 s at 14,400 articles) learns nothing new
 * about it: it checks for damage, and a KB with a cache forged to vouch
 * for it could as well hold well-formed rows of any content.  The schema
 * check runs whatever this says.
 */
int	plan_kb_clean(const struct statcache *, const char *kbpath,
	    const char *idxpath);
/*
 * Nothing to do: the same files with the same sizes and times as when the
 * stat cache was written with this key, and the KB and index it was
 * written with.
 */
int	plan_up_to_date(const struct build_opts *, const struct filelist *,
	    const struct statcache *, const char *key, const char *kbpath,
	    const char *idxpath);

void	plan_free(struct plan *);

#endif
