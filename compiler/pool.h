/*
 * pool.h: the worker pool.  Threads (--jobs, else one per core) read and
 * extract articles ahead of the caller, at most a window of them, while
 * the caller takes the results strictly in list order: the output never
 * depends on the number of threads or on which finishes first.
 */
#ifndef KBC_POOL_H
#define KBC_POOL_H

#include <stddef.h>

#include "article.h"
#include "build.h"
#include "plan.h"
#include "scan.h"

enum job_kind {
	JOB_COMPILED,	/* a: extracted */
	JOB_UNCHANGED,	/* same bytes as in the previous KB: keep its rows */
	JOB_UNREADABLE,	/* err: why */
	JOB_TOOBIG
};

/* One article's result. */
struct job {
	enum job_kind	 kind;
	struct article	*a;		/* JOB_COMPILED; the caller frees it */
	int		 err;		/* JOB_UNREADABLE: an errno */
	char		 hash[33];	/* of the bytes, "" if unread */
};

struct pool;

/*
 * Start the threads on the articles of fl, kept or extracted as plan
 * says.  fl, plan and o must outlive the pool.  NULL with err set when no
 * thread starts.
 */
struct pool	*pool_start(const struct build_opts *o, const struct filelist *fl,
		    const struct plan *plan, char *err, size_t errsz);
/* Wait for article i (taken in order: 0, 1, ...); its seconds of waiting
 * are added to *waited. */
struct job	*pool_take(struct pool *, size_t i, double *waited);
/* The caller is done with article i; stop: start no more. */
void		 pool_done(struct pool *, size_t i, int stop);
/* Stop and join the threads, free what was not taken.  Accepts NULL. */
void		 pool_end(struct pool *);

#endif
