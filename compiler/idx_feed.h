/*
 * idx_feed.h: the index stream's own thread.  A full build's writer hands
 * each article, once in the KB, to this thread, which adds it to the
 * index stream (idx_write.h) while the writer goes on with SQLite: the
 * two writers, each single-threaded, use two cores.  Articles are taken
 * in the order they are given, so the index does not depend on timing.
 */
#ifndef KBC_IDX_FEED_H
#define KBC_IDX_FEED_H

#include <stddef.h>

#include "article.h"
#include "idx_write.h"

struct idx_feed;

/* Start the thread on stream st (which it adds to, never frees).  NULL
 * with err set when no thread starts. */
struct idx_feed	*idx_feed_start(struct idx_stream *st, char *err, size_t errsz);
/*
 * Queue the next article and its published url (NULL: none); the feed
 * owns and frees both.  Waits while the queue is full.  0, or -1 with err
 * set once the stream failed.
 */
int		 idx_feed_put(struct idx_feed *, struct article *a, char *url,
		    char *err, size_t errsz);
/* Wait until every article queued is added, and stop the thread; the CPU
 * seconds it used are added to *cpu.  0, or -1 with err set when the
 * stream failed.  Accepts NULL. */
int		 idx_feed_end(struct idx_feed *, double *cpu, char *err, size_t errsz);

#endif
