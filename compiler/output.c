/*
 * output.c: the new KB and index pair.  An incremental build starts from
 * a copy of the previous KB (a reflink where the file system has them);
 * a full one from an empty KB with its secondary indexes deferred.  The
 * index is written from the committed KB, and both are fsynced and
 * renamed into place: the previous pair stands until then.
 */
#ifdef __linux__
#define _GNU_SOURCE	/* copy_file_range() */
#endif
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>

#ifdef __linux__
#include <linux/fs.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "idx_write.h"
#include "kb_write.h"
#include "output.h"
#include "replay.h"

/*
 * Copy the previous KB to build on (to, our own new temporary file).  Cheapest first: a reflink shares the
 * blocks (btrfs, XFS), copy_file_range() copies inside the kernel, and
 * read/write works everywhere.
 */
static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), out;
	char b[65536];
	ssize_t n = 0;
	struct stat st;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (out < 0 || fstat(in, &st) != 0) {
		close(in);
		if (out >= 0)
			close(out);
		return -1;
	}
#ifdef FICLONE
	if (ioctl(out, FICLONE, in) == 0)
		goto done;
#endif
#ifdef __linux__
	{
		off_t left = st.st_size;

		while (left > 0 && (n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0)) > 0)
			left -= n;
		if (left == 0)
			goto done;
		if (lseek(in, 0, SEEK_SET) != 0 || ftruncate(out, 0) != 0 ||
		    lseek(out, 0, SEEK_SET) != 0) {
			n = -1;
			goto done;
		}
	}
#endif
	while ((n = read(in, b, sizeof(b))) > 0)
		if (write(out, b, (size_t)n) != n) {
			n = -1;
			break;
		}
done:
	close(in);
	if (close(out) != 0 || n < 0)
		return -1;
	return 0;
}

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

int
output_open_kb(const struct build_opts *o, struct output *out, int same_key,
    sqlite3 **db, struct plan *plan)
{
	const char *kbpath = out->kb;
	char err[1024] = "";
	struct stat st;
	sqlite3 *chk = NULL;
	int r = KB_OPEN_OK;

	plan->incremental = 0;
	if (lstat(kbpath, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* Renaming over it would replace the link, not what it names:
		 * a KB elsewhere is neither read nor written. */
		snprintf(err, sizeof(err), "%.900s: a symbolic link, not followed", kbpath);
		r = KB_OPEN_DAMAGED;
	} else if (lstat(kbpath, &st) == 0) {
		r = kb_open(kbpath, KB_NOFOLLOW, &chk, err, sizeof(err));
		sqlite3_close(chk);
		if (r == KB_OPEN_OK && !o->full && same_key) {
			if (copy_file(kbpath, out->tmp_kb) != 0)
				r = KB_OPEN_OLDER;	/* cannot copy: start afresh */
			else if ((r = kb_open_as(out->tmp_kb, kbpath, KB_RW | KB_QUICKCHECK |
			    KB_NOFOLLOW, db, err, sizeof(err))) == KB_OPEN_OK) {
				if (kb_hashes(*db, &plan->paths, &plan->hashes) == 0)
					plan->incremental = 1;
				else
					r = KB_OPEN_DAMAGED;
			}
		}
	}
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

int
output_finish(const struct build_opts *o, struct output *out, sqlite3 **db,
    struct idx_stream **idx, const struct timespec *t0, struct statcache *now,
    int *stamped)
{
	const char *kbpath = out->kb, *idxpath = out->idx;
	char err[1024] = "";

	progress_note("writing the KB and the index");
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
	if (sync_path(out->tmp_kb) || sync_path(out->tmp_idx) || rename(out->tmp_kb, kbpath) ||
	    rename(out->tmp_idx, idxpath) || sync_path(o->out)) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	return KBC_OK;
}

