/*
 * output.c: the new KB and index pair.  An incremental build changes the
 * previous KB in place, in one SQLite transaction under its rollback
 * journal: nothing is copied, and a kill leaves a hot journal that the
 * next open rolls back.  A full one fills an empty KB under a temporary
 * name with its secondary indexes deferred, and renames it into place.
 * Either way the index is a new file renamed into place once the KB is
 * committed, carrying the KB's generation.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "idx_seg.h"
#include "idx_tomb.h"
#include "idx_write.h"
#include "kbq.h"
#include "kbq_format.h"
#include "kb_write.h"
#include "output.h"
#include "replay.h"

static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The folder of the output's files. */
static void
out_dir(const struct output *out, char *dir, size_t n)
{
	const char *slash = strrchr(out->kb, '/');

	snprintf(dir, n, "%.*s", slash ? (int)(slash - out->kb) : 1,
	    slash ? out->kb : ".");
}

long long
output_idx_generation(const char *path)
{
	unsigned char h[KBX_HDRSIZE];
	size_t len = strlen(path);

	if (len > 4 && strcmp(path + len - 4, ".seg") == 0) {
		struct kbx_manifest *m = xcalloc(1, sizeof(*m));
		const char *slash = strrchr(path, '/');
		char dir[4096], msg[512];
		long long g = 0;

		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 1,
		    slash ? path : ".");
		if (kbqi_manifest(dir, path, m, msg, sizeof(msg)) == KBQ_OK &&
		    m->present)
			g = m->generation;
		free(m);
		return g;
	}
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, h, sizeof(h));
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, KBX_MAGIC, 8) != 0)
		return 0;
	return kbx_get32(h + 60);
}

int
output_open_kb(const struct build_opts *o, struct output *out, int same_key,
    int clean, sqlite3 **db, struct plan *plan)
{
	const char *kbpath = out->kb;
	char err[1024] = "";
	struct stat st;
	sqlite3 *chk = NULL;
	int r = KB_OPEN_OK;
	long long prev = output_idx_generation(out->idx);

	plan->incremental = 0;
	out->inplace = 0;
	if (lstat(kbpath, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* Renaming over it would replace the link, not what it names:
		 * a KB elsewhere is neither read nor written. */
		snprintf(err, sizeof(err), "%.900s: a symbolic link, not followed", kbpath);
		r = KB_OPEN_DAMAGED;
	} else if (lstat(kbpath, &st) == 0) {
		r = kb_open(kbpath, KB_NOFOLLOW, &chk, err, sizeof(err));
		if (r == KB_OPEN_OK)
			out->kbprev = kb_generation(chk);
		if (r == KB_OPEN_OK && kb_generation(chk) > prev)
			prev = kb_generation(chk);
		sqlite3_close(chk);
		if (r == KB_OPEN_OK && !o->full && same_key && getenv("KBC_PROFILE"))
			fprintf(stderr, "kbc: profile: the KB is the one kbc closed: %s\n",
			    clean ? "quick_check skipped" : "no, quick_check");
		if (r == KB_OPEN_OK && !o->full && same_key &&
		    (r = kb_open(kbpath, KB_RW | KB_JOURNAL | KB_NOFOLLOW |
		    (clean ? 0 : KB_QUICKCHECK), db, err, sizeof(err))) == KB_OPEN_OK) {
			if (kb_hashes(*db, &plan->paths, &plan->hashes) == 0) {
				plan->incremental = 1;
				out->inplace = 1;
				/* No temporary KB: the transaction is the draft. */
				unlink(out->tmp_kb);
				out->tmp_kb[0] = '\0';
			} else
				r = KB_OPEN_DAMAGED;
		}
	}
	/* Counted on from both files: a KB and an index of two builds never
	 * carry one number, even when a build died between its renames. */
	out->generation = prev + 1;
	if (r == KB_OPEN_NEWER) {
		fprintf(stderr, "kbc: %s; not replacing it\n", err);
		return KBC_KB;
	}
	if (r == KB_OPEN_DAMAGED && !o->full) {
		fprintf(stderr, "kbc: %s\nkbc: %s is neither used nor replaced; "
		    "kbc build --full builds a new one in its place\n", err, kbpath);
		return KBC_KB;
	}
	if (r != KB_OPEN_OK && !o->quiet)
		fprintf(stderr, "kbc: %s; building a new KB\n", err);
	if (!plan->incremental) {
		sqlite3_close(*db);
		*db = NULL;
		plan_free(plan);
		if (kb_create(out->tmp_kb, db, err, sizeof(err)) != 0 ||
		    kb_defer_indexes(*db, &out->indexes, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s\n", err);
			return KBC_OUTPUT;
		}
	}
	return KBC_OK;
}

/* A build without segments after one with: kb.idx is now the index, and
 * a manifest beside it would still answer for it (kbq_open()). */
static void
output_unsegment(const struct output *out)
{
	char dir[4096], m[8192];

	out_dir(out, dir, sizeof(dir));
	snprintf(m, sizeof(m), "%s/" IDX_SEG_MANIFEST, dir);
	if (access(m, F_OK) == 0 || errno != ENOENT)
		idx_seg_prune(dir, NULL);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The previous generation's manifest, when this build may add a delta to
 * it: the stat cache vouches for it as the KB's pair (out->reuse), it
 * names the KB's generation, and it has room for one more delta whose
 * entries stay within the bound: past either, a compaction.
 */
static int
seg_previous(const struct output *out, const char *dir, struct kbx_manifest *m)
{
	char msg[512];
	uint64_t ndelta = 0;

	if (!out->reuse || kbqi_manifest(dir, out->idx, m, msg, sizeof(msg)) != KBQ_OK ||
	    !m->present || m->generation != out->kbprev || m->n > (unsigned)out->segments)
		return -1;
	for (unsigned k = 1; k < m->n; k++)
		ndelta += m->seg[k].nentries;
	return ndelta > IDX_SEG_BOUND(m->seg[0].nentries) ? -1 : 0;
}

/* Name the index written at out->tmp_idx as segment name, and make the
 * manifest m (the previous one, or empty) name it after its segments:
 * renamed into place, the segments it no longer names removed. */
static int
seg_install(const struct build_opts *o, struct output *out, const char *dir,
    struct kbx_manifest *m, int delta)
{
	char name[KBX_SEGNAME], path[8192], err[1024] = "";

	snprintf(name, sizeof(name), "kb.idx.%c%lld", delta ? 'd' : 'b',
	    out->generation);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!delta)
		m->n = 0;
	m->generation = (uint32_t)out->generation;
	if (rename(out->tmp_idx, path) != 0) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	out->tmp_idx[0] = '\0';
	if (idx_seg_stat(dir, name, delta, &m->seg[m->n], err, sizeof(err)) != 0 ||
	    (m->n++, idx_seg_write(dir, m, err, sizeof(err))) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return KBC_OUTPUT;
	}
	idx_seg_prune(dir, m);
	return KBC_OK;
}

/*
 * Add to fresh (sorted, as idx_write_from() wants it) the paths of the
 * articles in m's deltas: they are not as m's base has them.  0, or -1
 * when a delta does not open.
 */
static int
seg_fresh(const char *dir, const struct kbx_manifest *m, struct strv *fresh)
{
	char path[8192];
	size_t i, k;

	for (unsigned d = 1; d < m->n; d++) {
		struct kbq *v;

		snprintf(path, sizeof(path), "%s/%s", dir, m->seg[d].name);
		if (kbqi_open_file(path, &v) != KBQ_OK) {
			kbq_close(v);
			return -1;
		}
		for (uint32_t a = 0; a < v->arts.n; a++)
			strv_add(fresh, kbx_artstr(v, a, KBX_A_PATH));
		kbq_close(v);
	}
	if (fresh->n > 1)
		qsort(fresh->v, fresh->n, sizeof(*fresh->v), cmpstr);
	for (i = k = 0; i < fresh->n; i++) {
		if (k > 0 && strcmp(fresh->v[k - 1], fresh->v[i]) == 0) {
			free(fresh->v[i]);
			continue;
		}
		fresh->v[k++] = fresh->v[i];
	}
	fresh->n = k;
	return 0;
}

/*
 * output_finish() of the KB in place with segments: a delta segment of
 * the articles extracted again (the stream), whose tombstones are read
 * from the previous segments before the commit; or, past the bound or
 * without a sound previous manifest, a compaction: one new base written
 * from the KB, with the kept words of the previous base when there is
 * one.  Then the commit, then the segment's and the manifest's
 * renames.
 */
static int
finish_segments(const struct build_opts *o, struct output *out, sqlite3 **db,
    struct idx_stream **idx, struct statcache *now, int *stamped)
{
	struct kbx_manifest *m = xcalloc(1, sizeof(*m));
	struct idx_tomb tomb;
	char dir[4096], err[1024] = "", prev[8192] = "";
	int delta = 0, rc = KBC_OUTPUT;

	(void)now;
	memset(&tomb, 0, sizeof(tomb));
	out_dir(out, dir, sizeof(dir));
	if (out->gone.n > 1)
		qsort(out->gone.v, out->gone.n, sizeof(*out->gone.v), cmpstr);
	if (*idx && seg_previous(out, dir, m) == 0 && idx_tomb_compute(dir, m,
	    out->gone.v, out->gone.n, &tomb, err, sizeof(err)) == 0) {
		idx_stream_tombs(*idx, &tomb);
		delta = 1;
		if (idx_stream_finish(*idx, out->tmp_idx, err, sizeof(err)) != 0) {
			*idx = NULL;
			fprintf(stderr, "kbc: %s: %s\n", out->idx, err[0] ? err :
			    "cannot write");
			goto out;
		}
		*idx = NULL;
	} else {
		if (getenv("KBC_PROFILE"))
			fprintf(stderr, "kbc: profile: compacting the segments%s%s\n",
			    err[0] ? ": " : "", err);
		idx_stream_free(*idx);
		*idx = NULL;
		/* The previous base gives the kept words: of the articles no
		 * delta since has, which are as the base has them. */
		if (m->present && m->generation == out->kbprev && out->reuse &&
		    seg_fresh(dir, m, &out->fresh) == 0)
			snprintf(prev, sizeof(prev), "%s/%s", dir, m->seg[0].name);
		else if (output_idx_generation(out->idx) == 0 && out->kbprev > 0) {
			snprintf(prev, sizeof(prev), "%s/kb.idx", dir);
			if (output_idx_generation(prev) != out->kbprev)
				prev[0] = '\0';
		}
		if (idx_write_from(*db, out->tmp_idx, prev[0] ? prev : NULL,
		    out->fresh.v, out->fresh.n, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", out->idx, err[0] ? err :
			    "cannot write");
			goto out;
		}
	}
	if (sync_path(out->tmp_idx) || kb_exec(*db, "COMMIT", err, sizeof(err))) {
		fprintf(stderr, "kbc: %s: %s\n", out->kb, err[0] ? err : strerror(errno));
		goto out;
	}
	if (sqlite3_close(*db) != SQLITE_OK) {
		*db = NULL;
		fprintf(stderr, "kbc: %s: closing the KB failed\n", out->kb);
		goto out;
	}
	*db = NULL;
	progress_clear();
	/* The manifest is stamped once in place (build.c). */
	*stamped = 0;
	rc = seg_install(o, out, dir, m, delta);
out:
	idx_tomb_free(&tomb);
	free(m);
	return rc;
}

/* output_finish() of the KB in place: the index first, from the open
 * transaction, then the commit, then the index's rename. */
static int
finish_inplace(const struct build_opts *o, struct output *out, sqlite3 **db,
    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
    int *stamped)
{
	char err[1024] = "";

	if (out->segments)
		return finish_segments(o, out, db, idx, now, stamped);
	idx_stream_free(*idx);
	*idx = NULL;
	/* The index in place, when it is the KB's pair, gives the words of
	 * the articles this build did not extract again. */
	if (idx_write_from(*db, out->tmp_idx, out->reuse ? out->idx : NULL,
	    out->fresh.v, out->fresh.n, err, sizeof(err)) != 0) {
		fprintf(stderr, "kbc: %s: %s\n", out->idx, err[0] ? err : "cannot write");
		return KBC_OUTPUT;
	}
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: articles, KB and index %.2fs (main thread "
		    "CPU %.2fs)\n", seconds_since(t0), thread_cpu_seconds());
	if (sync_path(out->tmp_idx) || kb_exec(*db, "COMMIT", err, sizeof(err))) {
		fprintf(stderr, "kbc: %s: %s\n", out->kb, err[0] ? err : strerror(errno));
		return KBC_OUTPUT;
	}
	if (sqlite3_close(*db) != SQLITE_OK) {
		*db = NULL;
		fprintf(stderr, "kbc: %s: closing the KB failed\n", out->kb);
		return KBC_OUTPUT;
	}
	*db = NULL;
	progress_clear();
	*stamped = statcache_stamp(out->kb, now->kb) == 0 &&
	    statcache_stamp(out->tmp_idx, now->kb + 2) == 0 && replay_count(out->kb, now) == 0;
	if (rename(out->tmp_idx, out->idx) || sync_path(o->out)) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	output_unsegment(out);
	return KBC_OK;
}

/* The index stream's writing, on a thread of its own. */
struct idx_finisher {
	struct idx_stream *st;
	const char	*path;
	int		 rc;
	double		 cpu;		/* the thread's CPU seconds */
	char		 err[1024];
};

static void *
idx_finisher_run(void *arg)
{
	struct idx_finisher *f = arg;

	f->rc = idx_stream_finish(f->st, f->path, f->err, sizeof(f->err));
	f->cpu = thread_cpu_seconds();
	return NULL;
}

/*
 * Finish the full build's KB: its deferred indexes, the commit, the
 * close.  0, or -1 with the message printed.
 */
static int
finish_kb(struct output *out, sqlite3 **db)
{
	char err[1024] = "";

	if (kb_restore_indexes(*db, &out->indexes, err, sizeof(err)) ||
	    kb_exec(*db, "COMMIT", err, sizeof(err))) {
		fprintf(stderr, "kbc: %s\n", err);
		return -1;
	}
	if (sqlite3_close(*db) != SQLITE_OK) {
		*db = NULL;
		fprintf(stderr, "kbc: %s: closing the KB failed\n", out->kb);
		return -1;
	}
	*db = NULL;
	return 0;
}

int
output_finish(const struct build_opts *o, struct output *out, sqlite3 **db,
    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
    int *stamped)
{
	const char *kbpath = out->kb, *idxpath = out->idx;
	char err[1024] = "", jpath[4200];
	struct idx_finisher fin = { *idx, out->tmp_idx, 0, 0, "" };
	pthread_t th;
	int threaded = 0, kbrc;

	progress_note("writing the KB and the index");
	if (out->inplace)
		return finish_inplace(o, out, db, idx, t0, now, stamped);
	/* The index stream has all its articles: it is written (and
	 * checked) while the KB's indexes are made, the two files being
	 * independent; on one core, or when no thread starts, one after
	 * the other. */
	if (*idx) {
		*idx = NULL;
		threaded = pthread_create(&th, NULL, idx_finisher_run, &fin) == 0;
	}
	kbrc = finish_kb(out, db);
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: articles and KB %.2fs (main thread CPU %.2fs)\n",
		    seconds_since(t0), thread_cpu_seconds());
	if (fin.st) {
		if (threaded)
			pthread_join(th, NULL);
		else
			idx_finisher_run(&fin);
		if (kbrc != 0)
			return KBC_OUTPUT;
		if (fin.rc != 0) {
			fprintf(stderr, "kbc: %s: %s\n", idxpath, fin.err[0] ? fin.err :
			    "cannot write");
			return KBC_OUTPUT;
		}
	} else if (kbrc != 0)
		return KBC_OUTPUT;
	else {
		/* The index is built from the finished KB, read-only. */
		if (sqlite3_open_v2(out->tmp_kb, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    idx_write(*db, out->tmp_idx, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", idxpath, err[0] ? err : "cannot write");
			return KBC_OUTPUT;
		}
		sqlite3_close(*db);
		*db = NULL;
	}
	progress_clear();
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: index %.2fs (main thread CPU %.2fs, "
		    "writing the index %.2fs)\n", seconds_since(t0), thread_cpu_seconds(),
		    fin.cpu);
	*stamped = statcache_stamp(out->tmp_kb, now->kb) == 0 &&
	    statcache_stamp(out->tmp_idx, now->kb + 2) == 0 && replay_count(out->tmp_kb, now) == 0;
	/* A journal of the previous KB that could not be rolled back (the
	 * build's first open does it when it may write the KB) would be
	 * applied to the new file by its first reader: gone before the
	 * rename, which replaces the KB it belonged to. */
	snprintf(jpath, sizeof(jpath), "%s-journal", kbpath);
	if (unlink(jpath) != 0 && errno != ENOENT) {
		fprintf(stderr, "kbc: %s: %s\n", jpath, strerror(errno));
		return KBC_OUTPUT;
	}
	if (out->segments) {
		/* A new base and a manifest naming it alone. */
		struct kbx_manifest *m = xcalloc(1, sizeof(*m));
		char dir[4096];
		int rc;

		out_dir(out, dir, sizeof(dir));
		*stamped = 0;
		if (sync_path(out->tmp_kb) || sync_path(out->tmp_idx) ||
		    rename(out->tmp_kb, kbpath) || sync_path(o->out)) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			free(m);
			return KBC_OUTPUT;
		}
		rc = seg_install(o, out, dir, m, 0);
		free(m);
		return rc;
	}
	if (sync_path(out->tmp_kb) || sync_path(out->tmp_idx) || rename(out->tmp_kb, kbpath) ||
	    rename(out->tmp_idx, idxpath) || sync_path(o->out)) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	output_unsegment(out);
	return KBC_OK;
}

