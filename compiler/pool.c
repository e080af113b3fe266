/*
 * pool.c: the worker pool.  Workers take the next article under the
 * mutex, run it unlocked, and publish the result; the caller waits for
 * each in turn.  A worker never runs more than POOL_WINDOW articles ahead
 * of the caller, which bounds memory to a window of extracted articles.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <cmark-gfm-core-extensions.h>

#include "compile.h"
#include "console.h"
#include "pool.h"
#include "util.h"

/* Articles a worker may run ahead of the caller: bounds memory. */
#define POOL_WINDOW 64

/* Threads at most: more buy nothing while one writer consumes. */
#define POOL_MAX_THREADS 16

struct slot {
	int		 done;		/* the job is filled in */
	struct job	 job;
};

struct pool {
	const struct build_opts	*o;
	const struct filelist	*fl;
	const struct plan	*plan;
	struct slot		*slots;
	size_t			 next;		/* next article a worker takes */
	size_t			 consumed;	/* articles the caller is done with */
	int			 stop;
	pthread_t		 th[POOL_MAX_THREADS];
	int			 nth;
	pthread_mutex_t		 mu;
	pthread_cond_t		 done;		/* a job finished */
	pthread_cond_t		 room;		/* the window moved */
};

static void
run_job(const struct pool *p, size_t i, struct job *j)
{
	const struct file *f = &p->fl->v[i];
	char full[8192];
	size_t len;
	int toobig;
	char *bytes;

	/* Same size, times and inode as last time, and the KB has those
	 * bytes: keep the article without reading it. */
	if (plan_same_stamp(p->plan, f, j->hash)) {
		j->kind = JOB_UNCHANGED;
		return;
	}
	if (snprintf(full, sizeof(full), "%s/%s", p->o->docs, f->path) >=
	    (int)sizeof(full)) {
		j->kind = JOB_UNREADABLE;
		j->err = ENAMETOOLONG;
		return;
	}
	if ((bytes = compile_read(full, &len, &toobig)) == NULL) {
		j->kind = JOB_UNREADABLE;
		j->err = errno ? errno : EIO;
		return;
	}
	if (toobig) {
		j->kind = JOB_TOOBIG;
		free(bytes);
		return;
	}
	plan_digest(bytes, len, j->hash);
	if (plan_same_bytes(p->plan, f->path, j->hash)) {
		j->kind = JOB_UNCHANGED;
		free(bytes);
		return;
	}
	j->a = compile_article(f->path, bytes, len, p->o->locale);
	j->kind = JOB_COMPILED;
	free(bytes);
}

static void *
worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;
		struct job j = { JOB_COMPILED, NULL, 0, "" };

		pthread_mutex_lock(&p->mu);
		while (!p->stop && p->next < p->fl->n && p->next >= p->consumed + POOL_WINDOW)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->fl->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->mu);

		run_job(p, i, &j);

		pthread_mutex_lock(&p->mu);
		p->slots[i].job = j;
		p->slots[i].done = 1;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Threads to extract with: --jobs, else one per online core. */
static int
thread_count(const struct build_opts *o)
{
	long n = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (int)n;
}

struct pool *
pool_start(const struct build_opts *o, const struct filelist *fl,
    const struct plan *plan, char *err, size_t errsz)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	int want = thread_count(o);

	p->o = o;
	p->fl = fl;
	p->plan = plan;
	p->slots = xcalloc(fl->n + 1, sizeof(*p->slots));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->done, NULL);
	pthread_cond_init(&p->room, NULL);
	/* Both libraries keep global tables: set them up before the threads. */
	xmlInitParser();
	cmark_gfm_core_extensions_ensure_registered();
	for (int t = 0; t < want; t++)
		if (pthread_create(&p->th[p->nth], NULL, worker, p) == 0)
			p->nth++;
	if (p->nth == 0) {
		snprintf(err, errsz, "cannot start a thread");
		pool_end(p);
		return NULL;
	}
	return p;
}

struct job *
pool_take(struct pool *p, size_t i, double *waited)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_mutex_lock(&p->mu);
	while (!p->slots[i].done)
		pthread_cond_wait(&p->done, &p->mu);
	pthread_mutex_unlock(&p->mu);
	*waited += seconds_since(&t0);
	return &p->slots[i].job;
}

void
pool_done(struct pool *p, size_t i, int stop)
{
	pthread_mutex_lock(&p->mu);
	p->consumed = i + 1;
	if (stop)
		p->stop = 1;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
}

void
pool_end(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
	for (int t = 0; t < p->nth; t++)
		pthread_join(p->th[t], NULL);
	for (size_t i = 0; i < p->fl->n; i++)
		article_free(p->slots[i].job.a);
	free(p->slots);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->done);
	pthread_cond_destroy(&p->room);
	free(p);
}
