/*
 * output.h: the KB and index pair a build writes, tied by one generation
 * number.  A full build writes both under temporary names, fsyncs them and
 * renames them into place; an incremental one updates the KB in place in
 * one SQLite transaction (rollback journal) and renames a new index into
 * place after the commit.  A failed, interrupted or killed build leaves
 * the previous pair answering.
 */
#ifndef KBC_OUTPUT_H
#define KBC_OUTPUT_H

#include <sqlite3.h>
#include <time.h>

#include "build.h"
#include "plan.h"
#include "statcache.h"
#include "util.h"

struct output {
	char		 kb[4096];	/* OUT/kb.sqlite */
	char		 idx[4096];	/* OUT/kb.idx */
	char		 tmp_kb[4096];	/* their temporary names (tmp_create); */
	char		 tmp_idx[4096];	/* tmp_kb "" when the KB is updated in place */
	struct strv	 indexes;	/* SQL of the indexes a bulk load defers */
	int		 inplace;	/* the KB is out->kb itself, in a transaction */
	long long	 generation;	/* what this build writes: the previous + 1 */
	int		 reuse;		/* idx is the KB's pair: its words may be reused */
	struct strv	 fresh;		/* paths extracted by this build, sorted */
	/* KBC_SEGMENTS (idx_seg.h): the index is a base and at most this
	 * many delta segments named by a manifest, idx; 0: one file, idx. */
	int		 segments;
	struct strv	 gone;		/* paths the KB drops: the tombstones */
	long long	 kbprev;	/* the KB's generation before this build */
};

/*
 * Open the KB to build into: the previous one itself (out->inplace), to be
 * changed in one transaction, when it is sound and was built with the
 * same key (same_key), and then plan learns what it holds; else a new one
 * at out->tmp_kb.  The previous KB is untrusted: it is checked (schema,
 * and quick_check unless clean, plan_kb_clean()) before one row of it is
 * read.  Sets out->generation.  Returns a KBC_ status (said why).
 */
int	output_open_kb(const struct build_opts *, struct output *, int same_key,
	    int clean, sqlite3 **db, struct plan *plan);
struct idx_stream;

/* The generation in the header of the index at path, or of the manifest
 * at path when it names segments (all of them sound); 0 when there is no
 * readable index (or one written before generations). */
long long output_idx_generation(const char *path);

/*
 * Finish the pair.  A new KB: commit it, write the index (from the stream
 * *idx when there is one, which is then freed, else from the KB), fsync
 * both and rename them into place.  The KB in place: write the index from
 * the KB as the transaction left it, fsync it, commit, and rename the
 * index into place; a kill before the commit leaves the previous pair, a
 * kill after it a KB one generation ahead of its index, which the next
 * build sees (the stat cache no longer vouches for the pair) and mends.  What the stat cache now needs of the new pair (their stamps,
 * the diagnostics by name) is taken before the renames; *stamped says
 * whether it was.  *db is closed.  Returns a KBC_ status (said why).
 */
int	output_finish(const struct build_opts *, struct output *, sqlite3 **db,
	    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
	    int *stamped);

#endif
