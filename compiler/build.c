/*
 * build.c: the build driver.
 *
 * 1. List every *.md below DOCS_DIR (symbolic links followed, loops
 *    cut), sorted bytewise: the order of the KB never depends on readdir().
 * 2. Start from a copy of the previous KB when it is sound: articles whose
 *    bytes hash the same are kept, changed ones re-extracted, vanished ones
 *    dropped.  Otherwise start from an empty KB.
 * 3. Write kb.sqlite and kb.idx under temporary names in the output
 *    folder, fsync them, and rename them into place; a failed, interrupted
 *    or killed build leaves the previous pair untouched.  A lock file keeps
 *    two builds from writing the same folder.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "article.h"
#include "build.h"
#include "extract.h"
#include "idx_write.h"
#include "kb_write.h"
#include "text.h"

/* Temporary files, removed by the signal handler. */
static char tmp_kb[4096], tmp_idx[4096];

static void
on_signal(int sig)
{
	if (tmp_kb[0])
		unlink(tmp_kb);
	if (tmp_idx[0])
		unlink(tmp_idx);
	signal(sig, SIG_DFL);
	raise(sig);
}

struct filelist {
	char	**v;
	size_t	  n, cap;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories already entered, against symbolic link loops. */
struct seen {
	dev_t	dev;
	ino_t	ino;
};

static int
walk(const char *root, const char *rel, struct filelist *fl, struct seen *seen,
    int depth)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	struct stat st;
	int rc = 0;

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (stat(path, &st) != 0 || depth >= 32)
		return -1;
	for (int i = 0; i < depth; i++)
		if (seen[i].dev == st.st_dev && seen[i].ino == st.st_ino)
			return 0;
	seen[depth].dev = st.st_dev;
	seen[depth].ino = st.st_ino;
	if ((d = opendir(path)) == NULL) {
		fprintf(stderr, "kbc: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char sub[4096], full[4096];
		size_t n = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name) >= (int)sizeof(sub) ||
		    snprintf(full, sizeof(full), "%s/%s", root, sub) >= (int)sizeof(full) ||
		    stat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (walk(root, sub, fl, seen, depth + 1) < 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) && n > 3 &&
		    strcmp(de->d_name + n - 3, ".md") == 0) {
			VEC_PUSH(fl->v, fl->n, fl->cap);
			fl->v[fl->n - 1] = xstrdup(sub);
		}
	}
	closedir(d);
	return rc;
}

/* A 128-bit digest of the bytes (two FNV-1a-style lanes with a final
 * mix): enough to tell an edited article from an unchanged one. */
static void
digest(const char *p, size_t n, char out[33])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL ^ n;

	for (size_t i = 0; i < n; i++) {
		h1 = (h1 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
		h2 = (h2 ^ (unsigned char)p[i]) * 0x9E3779B97F4A7C15ULL;
		h2 ^= h2 >> 29;
	}
	h1 ^= h1 >> 33;
	h1 *= 0xff51afd7ed558ccdULL;
	h1 ^= h1 >> 33;
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

static char *
read_file(const char *path, size_t *len, int *toobig)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	*toobig = 0;
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > BUILD_MAX_ARTICLE) {
			*toobig = 1;
			break;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

static void
print_diag(const char *path, int line, int col, const char *sev, const char *name,
    const char *text)
{
	fprintf(stderr, "%s:%d:%d: %s: %s [-W%s]\n", path, line, col, sev, text, name);
}

/* Read, sanitize and extract one article.  NULL: skipped (said why). */
static struct article *
compile_one(const struct build_opts *o, const char *rel, const char *bytes, size_t len)
{
	struct article *a = article_new(rel);
	struct buf clean = {0};
	int bad, nul, line;
	size_t zeros = 0, probe = len < 8192 ? len : 8192;

	for (size_t i = 0; i < probe; i++)
		zeros += bytes[i] == '\0';
	digest(bytes, len, a->hash);
	a->size = len;
	if (zeros * 100 > probe || (probe && zeros > 16)) {
		/* Mostly NUL: a binary file with a .md name. */
		article_diag(a, 1, 1, "binary", "not a text file; skipped");
		return a;
	}
	utf8_sanitize(bytes, len, &clean, &bad, &nul);
	if (bad)
		article_diag(a, bad, 1, "invalid-utf8",
		    "invalid UTF-8 replaced with U+FFFD");
	if (nul)
		article_diag(a, nul, 1, "nul-byte", "NUL bytes removed");
	if (mojibake_repair(&clean, &line))
		article_diag(a, line, 1, "mojibake", "double-encoded UTF-8 repaired");
	extract_article(a, clean.s ? clean.s : "", clean.len, o->locale);
	buf_free(&clean);
	return a;
}

/* Print the stored diagnostics of an article kept from the last build. */
static int
replay_diags(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT d.line, d.col, d.severity, d.name, d.text"
	    " FROM diagnostics d JOIN articles a ON a.id = d.article_id WHERE a.path = ?"
	    " ORDER BY d.id", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		print_diag(path, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out;
	char b[65536];
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, b, sizeof(b))) > 0)
		if (write(out, b, (size_t)n) != n) {
			n = -1;
			break;
		}
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

/* Is there a stored article under path that the list no longer has? */
static int
drop_vanished(sqlite3 *db, const struct filelist *fl, char *err, size_t errsz)
{
	sqlite3_stmt *st;
	struct strv gone = {0};
	int rc = 0;

	if (sqlite3_prepare_v2(db, "SELECT path FROM articles ORDER BY path", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(st, 0);

		if (bsearch(&p, fl->v, fl->n, sizeof(char *), cmp_str) == NULL)
			strv_add(&gone, p);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < gone.n && rc == 0; i++)
		rc = kb_drop(db, gone.v[i], err, errsz);
	strv_free(&gone);
	return rc;
}

int
build_run(const struct build_opts *o)
{
	struct filelist fl = {0};
	struct seen seen[33];
	char kbpath[4096], idxpath[4096], lockpath[4096], err[1024] = "";
	sqlite3 *db = NULL;
	struct timespec t0, t1;
	int status = KBC_OK, lockfd = -1, incremental = 0;
	size_t warnings = 0, entries = 0, compiled = 0, skipped = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (walk(o->docs, "", &fl, seen, 0) < 0 && fl.n == 0) {
		fprintf(stderr, "kbc: %s: cannot read the docs folder\n", o->docs);
		return KBC_INPUT;
	}
	qsort(fl.v, fl.n, sizeof(char *), cmp_str);

	if (o->out) {
		if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		snprintf(kbpath, sizeof(kbpath), "%s/kb.sqlite", o->out);
		snprintf(idxpath, sizeof(idxpath), "%s/kb.idx", o->out);
		snprintf(lockpath, sizeof(lockpath), "%s/.kbc.lock", o->out);
		snprintf(tmp_kb, sizeof(tmp_kb), "%s/.kb.sqlite.tmp", o->out);
		snprintf(tmp_idx, sizeof(tmp_idx), "%s/.kb.idx.tmp", o->out);
		if ((lockfd = open(lockpath, O_RDWR | O_CREAT, 0644)) < 0 ||
		    flock(lockfd, LOCK_EX) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", lockpath, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		/* Left over by a killed build: never trusted, always replaced. */
		unlink(tmp_kb);
		unlink(tmp_idx);
		if (!o->full && access(kbpath, F_OK) == 0) {
			if (copy_file(kbpath, tmp_kb) == 0) {
				int r = kb_open(tmp_kb, &db, err, sizeof(err));

				if (r < 0) {
					fprintf(stderr, "kbc: %s\n", err);
					status = KBC_KB;
					goto out;
				}
				if (r == 0)
					incremental = 1;
				else {
					fprintf(stderr, "kbc: %s: not a usable KB; rebuilding\n", kbpath);
					sqlite3_close(db);
					db = NULL;
					unlink(tmp_kb);
				}
			}
		}
		if (db == NULL && kb_create(tmp_kb, &db, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s\n", err);
			status = KBC_OUTPUT;
			goto out;
		}
		if (kb_exec(db, "BEGIN", err, sizeof(err)) ||
		    (incremental && drop_vanished(db, &fl, err, sizeof(err)))) {
			fprintf(stderr, "kbc: %s\n", err);
			status = KBC_OUTPUT;
			goto out;
		}
	}

	for (size_t i = 0; i < fl.n; i++) {
		char full[8192], old[33];
		struct article *a;
		size_t len;
		int toobig;
		char *bytes;

		if (snprintf(full, sizeof(full), "%s/%s", o->docs, fl.v[i]) >=
		    (int)sizeof(full))
			continue;
		if ((bytes = read_file(full, &len, &toobig)) == NULL) {
			fprintf(stderr, "%s:1:1: warning: cannot read: %s [-Wunreadable]\n",
			    fl.v[i], strerror(errno));
			warnings++;
			skipped++;
			continue;
		}
		if (toobig) {
			fprintf(stderr, "%s:1:1: warning: larger than %u bytes; skipped "
			    "[-Wtoo-large]\n", fl.v[i], BUILD_MAX_ARTICLE);
			free(bytes);
			warnings++;
			skipped++;
			if (incremental && kb_drop(db, fl.v[i], err, sizeof(err)))
				goto dberr;
			continue;
		}
		if (incremental && kb_hash(db, fl.v[i], old) == 0) {
			char now[33];

			digest(bytes, len, now);
			if (strcmp(now, old) == 0) {
				free(bytes);
				warnings += (size_t)replay_diags(db, fl.v[i]);
				continue;
			}
			if (kb_drop(db, fl.v[i], err, sizeof(err)))
				goto dberr;
		}
		a = compile_one(o, fl.v[i], bytes, len);
		free(bytes);
		compiled++;
		for (size_t k = 0; k < a->ndiags; k++)
			print_diag(a->path, a->diags[k].line, a->diags[k].col,
			    a->diags[k].error ? "error" : "warning", a->diags[k].name,
			    a->diags[k].text);
		warnings += a->ndiags;
		entries += a->nentries;
		if (db && kb_put(db, a, err, sizeof(err))) {
			article_free(a);
			goto dberr;
		}
		article_free(a);
	}
	if (o->werror && warnings) {
		fprintf(stderr, "kbc: %zu warning%s treated as errors%s\n", warnings,
		    warnings == 1 ? "" : "s", o->out ? "; the previous KB is kept" : "");
		status = KBC_WARNINGS;
		goto out;
	}
	if (db) {
		if (kb_exec(db, "COMMIT", err, sizeof(err)))
			goto dberr;
		if (sqlite3_close(db) != SQLITE_OK) {
			db = NULL;
			snprintf(err, sizeof(err), "closing the KB failed");
			goto dberr;
		}
		db = NULL;
		/* The index is built from the finished KB, read-only. */
		if (sqlite3_open_v2(tmp_kb, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
		    idx_write(db, tmp_idx, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", idxpath, err[0] ? err : "cannot write");
			status = KBC_OUTPUT;
			goto out;
		}
		sqlite3_close(db);
		db = NULL;
		if (sync_path(tmp_kb) || sync_path(tmp_idx) || rename(tmp_kb, kbpath) ||
		    rename(tmp_idx, idxpath) || sync_path(o->out)) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		fprintf(stderr, "kbc: %zu articles (%zu compiled, %zu skipped), %zu entries "
		    "compiled, %zu warnings, %.2fs\n", fl.n, compiled, skipped, entries,
		    warnings, (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	goto out;
dberr:
	fprintf(stderr, "kbc: %s\n", err);
	status = KBC_OUTPUT;
out:
	if (db)
		sqlite3_close(db);
	if (o->out) {
		unlink(tmp_kb);
		unlink(tmp_idx);
		tmp_kb[0] = tmp_idx[0] = '\0';
	}
	if (lockfd >= 0)
		close(lockfd);
	for (size_t i = 0; i < fl.n; i++)
		free(fl.v[i]);
	free(fl.v);
	return status;
}
