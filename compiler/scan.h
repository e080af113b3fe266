/*
 * scan.h: listing the articles of a docs folder: every *.md below it,
 * symbolic links followed (each folder once), --exclude and .kbcignore
 * applied, sorted bytewise so that nothing downstream depends on
 * readdir().
 */
#ifndef KBC_SCAN_H
#define KBC_SCAN_H

#include <stddef.h>

#include "build.h"
#include "statcache.h"
#include "util.h"

/* An article file found below the docs folder. */
struct file {
	char		*path;		/* relative to the docs folder */
	struct file_stamp st;		/* as stat(2) saw it while listing */
};

struct filelist {
	struct file	*v;		/* sorted by path (bytewise) */
	size_t		 n, cap;
	struct strv	 bad;		/* folders (relative, with '/') not fully read */
	struct strv	 why;		/* and why, one each */
	struct strv	 outside;	/* *.md links out of DOCS_DIR, skipped */
};

/*
 * List the articles of o->docs into fl (zeroed by the caller).  What
 * cannot be read is noted in fl->bad, never fatal: the build warns, and
 * keeps the KB's articles below such a folder rather than taking them
 * for deleted.
 */
void	scan_docs(const struct build_opts *o, struct filelist *fl);
/* Is path in the list? */
int	scan_listed(const struct filelist *fl, const char *path);
/* Is path below a folder that could not be read in full? */
int	scan_unread(const struct filelist *fl, const char *path);
void	scan_free(struct filelist *fl);

#endif
