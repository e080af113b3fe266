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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "idx_write.h"
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

long long
output_idx_generation(const char *path)
{
	unsigned char h[KBX_HDRSIZE];
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

/* output_finish() of the KB in place: the index first, from the open
 * transaction, then the commit, then the index's rename. */
static int
finish_inplace(const struct build_opts *o, struct output *out, sqlite3 **db,
    const struct timespec *t0, struct statcache *now, int *stamped)
{
	char err[1024] = "";

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
	return KBC_OK;
}

int
output_finish(const struct build_opts *o, struct output *out, sqlite3 **db,
    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
    int *stamped)
{
	const char *kbpath = out->kb, *idxpath = out->idx;
	char err[1024] = "", jpath[4200];

	progress_note("writing the KB and the index");
	if (out->inplace)
		return finish_inplace(o, out, db, t0, now, stamped);
	if (kb_restore_indexes(*db, &out->indexes, err, sizeof(err)) ||
	    kb_exec(*db, "COMMIT", err, sizeof(err))) {
		fprintf(stderr, "kbc: %s\n", err);
		return KBC_OUTPUT;
	}
	if (sqlite3_close(*db) != SQLITE_OK) {
		*db = NULL;
		fprintf(stderr, "kbc: %s: closing the KB failed\n", kbpath);
		return KBC_OUTPUT;
	}
	*db = NULL;
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: articles and KB %.2fs (main thread CPU %.2fs)\n",
		    seconds_since(t0), thread_cpu_seconds());
	if (*idx) {
		/* Its articles are all in: only the writing is left. */
		int rc = idx_stream_finish(*idx, out->tmp_idx, err, sizeof(err));

		*idx = NULL;
		if (rc != 0) {
			fprintf(stderr, "kbc: %s: %s\n", idxpath, err[0] ? err : "cannot write");
			return KBC_OUTPUT;
		}
	} else {
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
		fprintf(stderr, "kbc: profile: index %.2fs (main thread CPU %.2fs)\n",
		    seconds_since(t0), thread_cpu_seconds());
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
	if (sync_path(out->tmp_kb) || sync_path(out->tmp_idx) || rename(out->tmp_kb, kbpath) ||
	    rename(out->tmp_idx, idxpath) || sync_path(o->out)) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	return KBC_OK;
}

