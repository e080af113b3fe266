/*
 * build.h: "kbc build" and "kbc check": find the articles under a docs
 * folder, compile the changed ones, and put the KB and index in place
 * atomically.
 */
#ifndef KBC_BUILD_H
#define KBC_BUILD_H

struct build_opts {
	const char	*docs;		/* DOCS_DIR */
	const char	*out;		/* output folder; NULL: check only */
	const char	*locale;	/* --locale: when nothing else names one */
	int		 werror;	/* warnings fail the build */
	const char	**nowarn;	/* -Wno-NAME: names not printed or counted */
	int		 nnowarn;
	int		 quiet;		/* no summary line */
	int		 full;		/* ignore the previous KB: rebuild all */
	int		 jobs;		/* --jobs N: extraction threads; 0: one per core */
	int		 follow_outside; /* --follow-outside: *.md links out of DOCS_DIR */
	double		 lock_timeout;	/* --lock-timeout S: give up; < 0: wait forever */
	const char	**exclude;	/* --exclude GLOB: paths (below DOCS_DIR) left out */
	int		 nexclude;
	const char	*base_url;	/* --base-url URL: articles.url */
};

/* Exit statuses, shared by every kbc command. */
enum {
	KBC_OK = 0,
	KBC_WARNINGS = 1,	/* --werror and there were warnings */
	KBC_USAGE = 2,
	KBC_INPUT = 3,		/* docs folder unreadable, no articles */
	KBC_OUTPUT = 4,		/* cannot write the KB or index */
	KBC_KB = 5,		/* an existing KB is damaged or of a newer schema */
	KBC_NOMEM = 6		/* out of memory */
};

/* Maximum size of one article; larger files are skipped with a warning. */
#define BUILD_MAX_ARTICLE (16u << 20)

int	build_run(const struct build_opts *);
/* Is name a -W name kbc emits? */
int	warning_known(const char *name);

#endif
