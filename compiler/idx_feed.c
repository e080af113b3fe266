/*
 * idx_feed.c: a bounded queue from the KB writer to the index stream's
 * thread.  The queue holds at most FEED_SLOTS articles, which bounds the
 * memory the index writer can fall behind by.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "console.h"
#include "idx_feed.h"
#include "util.h"

#define FEED_SLOTS 64

struct item {
	struct article	*a;
	char		*url;
};

struct idx_feed {
	struct idx_stream	*st;
	struct item		 q[FEED_SLOTS];
	size_t			 head, n;	/* next to take; queued */
	int			 closed;	/* no more will come */
	int			 failed;	/* the stream refused an article */
	double			 cpu;		/* the thread's CPU seconds, at its end */
	char			 err[512];
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 more;		/* an article queued, or closed */
	pthread_cond_t		 room;		/* an article taken */
};

static void *
feeder(void *arg)
{
	struct idx_feed *f = arg;

	for (;;) {
		struct item it;
		char err[512];
		int rc = 0;

		pthread_mutex_lock(&f->mu);
		while (f->n == 0 && !f->closed)
			pthread_cond_wait(&f->more, &f->mu);
		if (f->n == 0) {
			f->cpu = thread_cpu_seconds();
			pthread_mutex_unlock(&f->mu);
			return NULL;
		}
		it = f->q[f->head];
		pthread_mutex_unlock(&f->mu);

		/* Once failed, the rest is only freed. */
		if (!f->failed)
			rc = idx_stream_add(f->st, it.a, it.url, err, sizeof(err));
		article_free(it.a);
		free(it.url);

		pthread_mutex_lock(&f->mu);
		if (rc != 0 && !f->failed) {
			f->failed = 1;
			snprintf(f->err, sizeof(f->err), "%s", err);
		}
		f->head = (f->head + 1) % FEED_SLOTS;
		f->n--;
		pthread_cond_signal(&f->room);
		pthread_mutex_unlock(&f->mu);
	}
}

struct idx_feed *
idx_feed_start(struct idx_stream *st, char *err, size_t errsz)
{
	struct idx_feed *f = xcalloc(1, sizeof(*f));

	f->st = st;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->more, NULL);
	pthread_cond_init(&f->room, NULL);
	if (pthread_create(&f->th, NULL, feeder, f) != 0) {
		snprintf(err, errsz, "cannot start a thread");
		pthread_mutex_destroy(&f->mu);
		pthread_cond_destroy(&f->more);
		pthread_cond_destroy(&f->room);
		free(f);
		return NULL;
	}
	return f;
}

int
idx_feed_put(struct idx_feed *f, struct article *a, char *url, char *err, size_t errsz)
{
	int failed;

	pthread_mutex_lock(&f->mu);
	while (f->n == FEED_SLOTS)
		pthread_cond_wait(&f->room, &f->mu);
	f->q[(f->head + f->n) % FEED_SLOTS] = (struct item){ a, url };
	f->n++;
	failed = f->failed;
	if (failed)
		snprintf(err, errsz, "%s", f->err);
	pthread_cond_signal(&f->more);
	pthread_mutex_unlock(&f->mu);
	return failed ? -1 : 0;
}

int
idx_feed_end(struct idx_feed *f, double *cpu, char *err, size_t errsz)
{
	int failed;

	if (f == NULL)
		return 0;
	pthread_mutex_lock(&f->mu);
	f->closed = 1;
	pthread_cond_signal(&f->more);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->th, NULL);
	*cpu += f->cpu;
	failed = f->failed;
	if (failed)
		snprintf(err, errsz, "%s", f->err);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->more);
	pthread_cond_destroy(&f->room);
	free(f);
	return failed ? -1 : 0;
}
