/*
 * statcache.h: what kbc knew of each article file at its last build (size,
 * modification time, content hash), so that an unchanged file is not read
 * again, and a build with nothing to do returns at once, as make does.
 *
 * The cache lives beside the KB (OUT/.kbc-cache), never in it: the KB must
 * not depend on file times.  It also records the size and time of the
 * kb.sqlite and kb.idx it was written with; if either was touched since,
 * the cache is not trusted.  A missing or damaged cache only costs time.
 * It counts the KB's diagnostics by name too, so that an up-to-date build
 * can answer --werror without reading them back.
 *
 * Its first line holds the build key: what else than an article's bytes
 * decides what is extracted from it (the kbc version, the vocabulary, the
 * options).  A cache of another key is not used, and the build starts
 * from scratch: every article is extracted again.
 */
#ifndef KBC_STATCACHE_H
#define KBC_STATCACHE_H

#include <stddef.h>

#include "util.h"

/*
 * What stat(2) says of an article file.  An edit that keeps size and
 * mtime (touch -r, cp -p, rsync -a, tar x) still changes the ctime or the
 * inode.
 */
struct file_stamp {
	long long	 size;
	long long	 mtime;		/* nanoseconds since the epoch */
	long long	 ctime;		/* nanoseconds since the epoch */
	long long	 ino;
};

struct stat_entry {
	char		*path;		/* relative to the docs folder */
	struct file_stamp st;
	char		 hash[33];
};

struct statcache {
	struct stat_entry *v;		/* sorted by path (bytewise) */
	size_t		   n, cap;
	char		   key[33];	/* the build key it was written with */
	long long	   kb[4];	/* kb.sqlite size, mtime; kb.idx size, mtime */
	long long	   kbid[2];	/* kb.sqlite ctime, inode; -1 unknown */
	struct strv	   wname;	/* the KB's diagnostics: how many of each name */
	struct strv	   wcount;
};

/* Read the cache at path into c (empty on any problem).  0, or -1 if none. */
int	statcache_load(const char *path, struct statcache *c);
/* The entry for path, or NULL. */
const struct stat_entry *statcache_find(const struct statcache *c, const char *path);
/* Append an entry (callers add in path order). */
void	statcache_add(struct statcache *c, const char *path,
	    const struct file_stamp *st, const char *hash);
/* Same size, times and inode? */
int	stamp_equal(const struct file_stamp *, const struct file_stamp *);
/* Write c to path atomically (temporary file, rename).  0 or -1. */
int	statcache_save(const char *path, const struct statcache *c);
void	statcache_free(struct statcache *c);

/* Size and mtime (ns) of a file into out[0..1]; 0, or -1 if it cannot be stat'ed. */
int	statcache_stamp(const char *path, long long out[2]);
/* Its ctime (ns) and inode into out[0..1], which no write, touch -r, cp
 * or mv over it keeps; 0, or -1. */
int	statcache_kbid(const char *path, long long out[2]);

#endif
