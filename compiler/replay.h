/*
 * replay.h: the diagnostics a previous build stored in the KB.  As make,
 * a rebuild shows what the changed articles say and only counts the
 * rest; --werror, which fails on them, shows them again.
 */
#ifndef KBC_REPLAY_H
#define KBC_REPLAY_H

#include <sqlite3.h>

#include "build.h"
#include "statcache.h"

/*
 * The stored diagnostics of the article at path (kept from the last
 * build): the number -Wno- leaves on, printed only when say is set.
 */
int	replay_article(const struct build_opts *, sqlite3 *db, const char *path,
	    int say);
/*
 * Print every diagnostic of the KB at kbpath, read-only.  Returns the
 * number counted, or -1 when the KB cannot be read as this kbc's.
 */
long	replay_all(const struct build_opts *, const char *kbpath);
/* The KB's diagnostics counted by name, into the stat cache.  0 or -1. */
int	replay_count(const char *kbpath, struct statcache *);
/* The stat cache's counts of diagnostics that -Wno- leaves on. */
long	replay_cached(const struct build_opts *, const struct statcache *);

#endif
