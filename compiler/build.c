/*
 * build.c: the build driver.  Each step lives in a file of its own:
 *
 * 1. scan.c lists every *.md below DOCS_DIR, sorted bytewise: the order
 *    of the KB never depends on readdir().
 * 2. plan.c decides what to do: nothing at all when the stat cache vouches
 *    for every file and for the KB and index pair (of one generation);
 *    else build on the previous KB, in place in one transaction (kb_open()
 *    checks it first), when it was built with the same build key, keeping
 *    the articles whose bytes hash the same, re-extracting changed ones
 *    and dropping vanished ones; else start from an empty KB.
 * 3. pool.c reads and extracts articles in worker threads (compile.c);
 *    this thread writes them to SQLite strictly in list order, so the KB
 *    is byte-identical whatever the number of threads.  A full build also
 *    hands them, in that order, to the index writer's thread (idx_feed.c),
 *    so the index is never read back from the KB; an incremental one
 *    writes the index from the KB, which holds the kept articles.
 * 4. output.c finishes the index, commits the KB (or renames the new one
 *    into place) and renames the index into place, both of the build's
 *    generation; a failed, interrupted or killed build leaves the
 *    previous pair answering (a KB in place is rolled back by SQLite).  A lock file (outdir.c) keeps two builds
 *    from writing the same folder.
 *
 * console.c prints diagnostics and the progress line; replay.c says
 * again, or counts, what the kept articles said at their last build.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "article.h"
#include "build.h"
#include "console.h"
#include "idx_feed.h"
#include "idx_seg.h"
#include "idx_write.h"
#include "kb_write.h"
#include "outdir.h"
#include "output.h"
#include "plan.h"
#include "pool.h"
#include "replay.h"
#include "scan.h"
#include "statcache.h"

/* The pair being written: its temporary files are removed on a signal. */
static struct output out;

/* Remove the temporary files (async-signal-safe: unlink only). */
static void
remove_tmp(void)
{
	if (out.tmp_kb[0])
		unlink(out.tmp_kb);
	if (out.tmp_idx[0])
		unlink(out.tmp_idx);
}

static void
on_signal(int sig)
{
	remove_tmp();
	signal(sig, SIG_DFL);
	raise(sig);
}

struct counts {
	size_t	warnings, entries, compiled, skipped;
	size_t	dropped;	/* articles taken out of the KB */
	size_t	kept_warnings;	/* of unchanged articles, not printed again */
	size_t	kept_articles;
	double	wait, write;	/* seconds the writer waited for and wrote articles */
	double	index_cpu;	/* CPU seconds of the index writer's thread */
};

/*
 * Extract every article (in worker threads) and write each to the KB (in
 * this thread, in order) and, when there is an index stream (a full build:
 * the KB gets every article from here), to the index (in a thread of its
 * own, idx_feed.c).  db NULL: check only.  Returns 0, or -1 with err.
 */
static int
compile_all(const struct build_opts *o, const struct filelist *fl, sqlite3 *db,
    const struct plan *plan, struct idx_stream *idx, struct statcache *now,
    struct counts *c, char *err, size_t errsz)
{
	struct pool *p = NULL;
	struct kb_writer *w = NULL;
	struct idx_feed *feed = NULL;
	int rc = 0;

	if (db && (w = kb_writer_new(db, err, errsz)) == NULL)
		return -1;
	if (w)
		kb_writer_base_url(w, o->base_url);
	if ((w && idx && (feed = idx_feed_start(idx, err, errsz)) == NULL) ||
	    (p = pool_start(o, fl, plan, err, errsz)) == NULL) {
		idx_feed_end(feed, &c->index_cpu, err, errsz);
		kb_writer_free(w);
		return -1;
	}
	for (size_t i = 0; i < fl->n; i++) {
		const char *path = fl->v[i].path;
		struct job *j = pool_take(p, i, &c->wait);
		struct timespec tw;

		clock_gettime(CLOCK_MONOTONIC, &tw);
		if (j->hash[0] && (j->kind == JOB_COMPILED || j->kind == JOB_UNCHANGED))
			statcache_add(now, path, &fl->v[i].st, j->hash);
		switch (j->kind) {
		case JOB_UNREADABLE: {
			char msg[256];

			snprintf(msg, sizeof(msg), "cannot read: %s", strerror(j->err));
			c->warnings += (size_t)print_diag(o, path, 1, 1, "warning",
			    "unreadable", msg);
			c->skipped++;
			break;
		}
		case JOB_TOOBIG: {
			char msg[256];

			snprintf(msg, sizeof(msg), "larger than %u bytes; skipped",
			    BUILD_MAX_ARTICLE);
			c->warnings += (size_t)print_diag(o, path, 1, 1, "warning",
			    "too-large", msg);
			c->skipped++;
			if (plan_had(plan, path)) {
				c->dropped++;
				strv_add(&out.gone, path);
				if (kb_drop(db, path, err, errsz))
					rc = -1;
			}
			break;
		}
		case JOB_UNCHANGED: {
			size_t n = (size_t)replay_article(o, db, path, o->werror);

			c->warnings += n;
			c->kept_warnings += n;
			c->kept_articles += n > 0;
			break;
		}
		case JOB_COMPILED:
			c->compiled++;
			strv_add(&out.fresh, path);
			for (size_t k = 0; k < j->a->ndiags; k++)
				c->warnings += (size_t)print_diag(o, j->a->path, j->a->diags[k].line,
				    j->a->diags[k].col, j->a->diags[k].error ? "error" : "warning",
				    j->a->diags[k].name, j->a->diags[k].text);
			c->entries += j->a->nentries;
			if (db && plan_had(plan, path)) {
				strv_add(&out.gone, path);
				if (kb_drop(db, path, err, errsz))
					rc = -1;
			}
			if (rc == 0 && w && kb_put(w, j->a, err, errsz))
				rc = -1;
			if (rc == 0 && feed) {
				/* The feed frees the article once in the index. */
				rc = idx_feed_put(feed, j->a, kb_article_url(w, j->a), err, errsz);
				j->a = NULL;
			}
			article_free(j->a);
			j->a = NULL;
			break;
		}
		c->write += seconds_since(&tw);
		progress_update(i + 1, fl->n);
		pool_done(p, i, rc != 0);
		if (rc)
			break;
	}
	pool_end(p);
	if (idx_feed_end(feed, &c->index_cpu, rc ? NULL : err, rc ? 0 : errsz) != 0)
		rc = -1;
	progress_clear();
	kb_writer_free(w);
	return rc;
}

/* Drop the stored articles that the list no longer has; count them in *n. */
static int
drop_vanished(sqlite3 *db, const struct filelist *fl, const struct plan *plan,
    size_t *n, char *err, size_t errsz)
{
	struct strv gone = {0};
	int rc = 0;

	plan_vanished(plan, fl, &gone);
	for (size_t i = 0; i < gone.n && rc == 0; i++) {
		strv_add(&out.gone, gone.v[i]);
		rc = kb_drop(db, gone.v[i], err, errsz);
		*n += rc == 0;
	}
	strv_free(&gone);
	return rc;
}

int
build_run(const struct build_opts *o)
{
	struct filelist fl = {0};
	struct plan plan;
	struct counts c;
	char lockpath[4096], cachepath[4096], err[1024] = "";
	char key[33];
	struct statcache cache = {0}, now = {0};
	struct idx_stream *idx = NULL;
	sqlite3 *db = NULL;
	struct timespec t0;
	int status = KBC_OK, lockfd = -1, pair = 0, fd, fresh, sound;
	long long gen;
	int stamped = 0;

	memset(&c, 0, sizeof(c));
	memset(&plan, 0, sizeof(plan));
	plan.cache = &cache;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	progress_start(!o->quiet && isatty(STDERR_FILENO), &t0);
	scan_docs(o, &fl);
	for (size_t i = 0; i < fl.outside.n; i++)
		c.warnings += (size_t)print_diag(o, fl.outside.v[i], 1, 1, "warning",
		    "outside-docs", "a symbolic link to a file outside the docs folder; "
		    "skipped (--follow-outside reads it)");
	plan_key(o, key);
	if (fl.n == 0) {
		/* Most likely a wrong path: never replace a KB with an empty one. */
		if (fl.bad.n)
			fprintf(stderr, "kbc: %s: cannot read the docs folder: %s\n", o->docs,
			    fl.why.v[0]);
		else
			fprintf(stderr, "kbc: %s: no articles (*.md) found\n", o->docs);
		status = KBC_INPUT;
		goto out;
	}
	for (size_t i = 0; i < fl.bad.n; i++)
		c.warnings += (size_t)print_diag(o, fl.bad.v[i], 1, 1,
		    "warning", "unreadable", fl.why.v[i]);

	if (o->out) {
		if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		snprintf(out.kb, sizeof(out.kb), "%s/kb.sqlite", o->out);
		/* KBC_SEGMENTS=N: a base and at most N delta segments, named by
		 * a manifest (idx_seg.h), instead of one index rewritten whole. */
		if (getenv("KBC_SEGMENTS") && atoi(getenv("KBC_SEGMENTS")) > 0)
			out.segments = atoi(getenv("KBC_SEGMENTS")) > KBX_SEGMAX ?
			    KBX_SEGMAX : atoi(getenv("KBC_SEGMENTS"));
		snprintf(out.idx, sizeof(out.idx), "%s/%s", o->out, out.segments ?
		    IDX_SEG_MANIFEST : "kb.idx");
		snprintf(lockpath, sizeof(lockpath), "%s/.kbc.lock", o->out);
		snprintf(cachepath, sizeof(cachepath), "%s/.kbc-cache", o->out);
		if ((lockfd = outdir_lock(o->out, lockpath, o->lock_timeout)) < 0) {
			status = KBC_OUTPUT;
			goto out;
		}
		/* Left over by a killed build: never trusted, always removed. */
		outdir_clean(o->out);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		xalloc_failed = remove_tmp;
		snprintf(out.tmp_kb, sizeof(out.tmp_kb), "%s/.kb.sqlite", o->out);
		snprintf(out.tmp_idx, sizeof(out.tmp_idx), "%s/.kb.idx", o->out);
		if ((fd = tmp_create(out.tmp_kb, out.tmp_kb, sizeof(out.tmp_kb))) < 0 ||
		    close(fd) != 0 ||
		    (fd = tmp_create(out.tmp_idx, out.tmp_idx, sizeof(out.tmp_idx))) < 0 ||
		    close(fd) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		statcache_load(cachepath, &cache);
		/* First the KB itself: kb_open() rolls back what a killed build
		 * left in its journal, then checks it.  The cache may vouch for
		 * a KB that is not sound (or was planted with it), and only a
		 * KB and index of one generation are a pair. */
		sound = kb_open(out.kb, KB_NOFOLLOW, &db, err, sizeof(err)) == KB_OPEN_OK;
		gen = sound ? kb_generation(db) : -1;
		sqlite3_close(db);
		db = NULL;
		pair = gen > 0 && gen == output_idx_generation(out.idx) &&
		    plan_pair_current(&cache, out.kb, out.idx);
		fresh = pair && plan_up_to_date(o, &fl, &cache, key, out.kb, out.idx);
		if (fresh) {
			/* As make, an up-to-date build prints no old warnings,
			 * only their number (kbc check lists them); but when
			 * --werror fails on them, it shows them. */
			long w = replay_cached(o, &cache);

			if (o->werror && w)
				w = replay_all(o, out.kb);
			if (w >= 0) {
				c.warnings = (size_t)w;
				if (o->werror && w) {
					fprintf(stderr, "kbc: %ld warning%s treated as errors\n", w,
					    w == 1 ? "" : "s");
					status = KBC_WARNINGS;
				} else if (!o->quiet)
					fprintf(stderr, "kbc: %zu articles, up to date, %ld warnings "
					    "(kbc check lists them), %.2fs\n", fl.n, w,
					    seconds_since(&t0));
				goto out;
			}
		}
		out.reuse = pair;
		if ((status = output_open_kb(o, &out, cache.v != NULL &&
		    strcmp(cache.key, key) == 0, pair && plan_kb_clean(&cache, out.kb,
		    out.idx), &db, &plan)) != KBC_OK)
			goto out;
		/* IMMEDIATE: the KB in place is written from the start, and a
		 * reader in the middle of a read makes the build wait for it. */
		if (kb_exec(db, "BEGIN IMMEDIATE", err, sizeof(err)) ||
		    kb_set_generation(db, out.generation, err, sizeof(err)) ||
		    drop_vanished(db, &fl, &plan, &c.dropped, err, sizeof(err))) {
			fprintf(stderr, "kbc: %s\n", err);
			status = KBC_OUTPUT;
			goto out;
		}
	}
	/* A full build writes the index from the articles as they come; an
	 * incremental one from the KB, which also holds the kept ones. */
	if (db && (!plan.incremental || out.segments))
		idx = idx_stream_new((uint32_t)out.generation,
		    getenv("KBC_SPILL_DIR") && *getenv("KBC_SPILL_DIR") ?
		    getenv("KBC_SPILL_DIR") : o->out);
	if (compile_all(o, &fl, db, &plan, idx, &now, &c, err, sizeof(err))) {
		fprintf(stderr, "kbc: %s\n", err);
		status = KBC_OUTPUT;
		goto out;
	}
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: %.2fs waiting for extraction, %.2fs writing "
		    "articles to SQLite; the index thread's CPU %.2fs\n", c.wait, c.write,
		    c.index_cpu);
	if (o->werror && c.warnings) {
		fprintf(stderr, "kbc: %zu warning%s treated as errors%s\n", c.warnings,
		    c.warnings == 1 ? "" : "s", o->out ? "; the previous KB is kept" : "");
		status = KBC_WARNINGS;
		goto out;
	}
	if (db && plan.incremental && c.compiled == 0 && c.dropped == 0 && pair) {
		/* Files touched but not changed: the KB and index stand as they
		 * are; only the stat cache learns the new times. */
		kb_exec(db, "ROLLBACK", err, sizeof(err));
		sqlite3_close(db);
		db = NULL;
	} else if (db && (status = output_finish(o, &out, &db, &idx, &t0, &now,
	    &stamped)) != KBC_OK)
		goto out;
	/* Remember what was built from what, for the next build. */
	snprintf(now.key, sizeof(now.key), "%s", key);
	if (!stamped) {
		strv_free(&now.wname);
		strv_free(&now.wcount);
	}
	/* The KB's ctime and inode after its rename: as kbc leaves it. */
	if (o->out && ((!stamped && (statcache_stamp(out.kb, now.kb) ||
	    statcache_stamp(out.idx, now.kb + 2) || replay_count(out.kb, &now))) ||
	    statcache_kbid(out.kb, now.kbid)))
		unlink(cachepath);
	else if (o->out && statcache_save(cachepath, &now))
		unlink(cachepath);
	if (!o->quiet && !o->werror && c.kept_warnings)
		fprintf(stderr, "kbc: %zu more warning%s in %zu unchanged article%s "
		    "(kbc check lists them)\n", c.kept_warnings, c.kept_warnings == 1 ? "" : "s",
		    c.kept_articles, c.kept_articles == 1 ? "" : "s");
	if (!o->quiet)
		fprintf(stderr, "kbc: %zu articles (%zu compiled, %zu skipped), %zu entries "
		    "compiled, %zu warnings, %.2fs\n", fl.n, c.compiled, c.skipped, c.entries,
		    c.warnings, seconds_since(&t0));
out:
	if (db)
		sqlite3_close(db);
	idx_stream_free(idx);
	progress_clear();
	if (o->out) {
		remove_tmp();
		out.tmp_kb[0] = out.tmp_idx[0] = '\0';
	}
	if (lockfd >= 0)
		close(lockfd);
	scan_free(&fl);
	plan_free(&plan);
	strv_free(&out.indexes);
	strv_free(&out.fresh);
	strv_free(&out.gone);
	statcache_free(&cache);
	statcache_free(&now);
	return status;
}
