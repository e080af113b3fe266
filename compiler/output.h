/*
 * output.h: the KB and index pair a build writes.  Both are written under
 * temporary names in the output folder, fsynced, and renamed into place,
 * so a failed, interrupted or killed build leaves the previous pair.
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
	char		 tmp_kb[4096];	/* their temporary names (tmp_create) */
	char		 tmp_idx[4096];
	struct strv	 indexes;	/* SQL of the indexes a bulk load defers */
};

/*
 * Open the KB to build into, at out->tmp_kb: a copy of the previous one
 * when it is sound and was built with the same key (same_key), and then
 * plan learns what it holds; else a new one.  The previous KB is
 * untrusted: it is checked where it lies and again as copied, before one
 * row of it is read.  Returns a KBC_ status (said why).
 */
int	output_open_kb(const struct build_opts *, struct output *, int same_key,
	    sqlite3 **db, struct plan *plan);
struct idx_stream;

/*
 * Commit the KB, write the index (from the stream *idx when there is one,
 * which is then freed, else from the KB), fsync both and rename them into
 * place.  What the stat cache now needs of the new pair (their stamps,
 * the diagnostics by name) is taken before the renames; *stamped says
 * whether it was.  *db is closed.  Returns a KBC_ status (said why).
 */
int	output_finish(const struct build_opts *, struct output *, sqlite3 **db,
	    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
	    int *stamped);

#endif
