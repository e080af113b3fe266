/*
 * statcache.c: the build's stat cache, one text line per article:
 *   kbc-cache 4 <build key> <kb size> <kb mtime> <idx size> <idx mtime>
 *       <kb ctime> <kb inode>
 *   W <diagnostic name> <count>
 *   ...
 *   <hash> <size> <mtime> <ctime> <inode> <path>
 *   ...
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "statcache.h"
#include "util.h"

int
statcache_stamp(const char *path, long long out[2])
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	out[0] = (long long)st.st_size;
	out[1] = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	return 0;
}

int
statcache_kbid(const char *path, long long out[2])
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	out[0] = (long long)st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec;
	out[1] = (long long)st.st_ino;
	return 0;
}

int
stamp_equal(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->size == b->size && a->mtime == b->mtime && a->ctime == b->ctime &&
	    a->ino == b->ino;
}

void
statcache_add(struct statcache *c, const char *path, const struct file_stamp *st,
    const char *hash)
{
	struct stat_entry *e;

	VEC_PUSH(c->v, c->n, c->cap);
	e = &c->v[c->n - 1];
	e->path = xstrdup(path);
	e->st = *st;
	snprintf(e->hash, sizeof(e->hash), "%s", hash);
}

void
statcache_free(struct statcache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].path);
	free(c->v);
	strv_free(&c->wname);
	strv_free(&c->wcount);
	memset(c, 0, sizeof(*c));
}

int
statcache_load(const char *path, struct statcache *c)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int ok = 1;

	memset(c, 0, sizeof(*c));
	if (f == NULL)
		return -1;
	/* A version 3 cache (no ctime and inode of the KB) still serves,
	 * but never vouches for the KB itself. */
	c->kbid[0] = c->kbid[1] = -1;
	if ((len = getline(&line, &cap, f)) <= 0 ||
	    (sscanf(line, "kbc-cache 4 %32s %lld %lld %lld %lld %lld %lld", c->key,
	    &c->kb[0], &c->kb[1], &c->kb[2], &c->kb[3], &c->kbid[0], &c->kbid[1]) != 7 &&
	    sscanf(line, "kbc-cache 3 %32s %lld %lld %lld %lld", c->key, &c->kb[0],
	    &c->kb[1], &c->kb[2], &c->kb[3]) != 5) || strlen(c->key) != 32)
		ok = 0;
	while (ok && (len = getline(&line, &cap, f)) > 0) {
		char hash[33], name[64];
		struct file_stamp st;
		long long count;
		int off = 0;

		if (line[0] == 'W' && line[1] == ' ') {
			if (sscanf(line, "W %63s %lld", name, &count) != 2 || count < 0) {
				ok = 0;
				break;
			}
			strv_add(&c->wname, name);
			snprintf(hash, sizeof(hash), "%lld", count);
			strv_add(&c->wcount, hash);
			continue;
		}
		if (line[len - 1] != '\n' ||
		    sscanf(line, "%32s %lld %lld %lld %lld %n", hash, &st.size, &st.mtime,
		    &st.ctime, &st.ino, &off) != 5 ||
		    off == 0 || strlen(hash) != 32) {
			ok = 0;
			break;
		}
		line[len - 1] = '\0';
		/* Out of order means damaged: lookups bisect. */
		if (c->n && strcmp(c->v[c->n - 1].path, line + off) >= 0) {
			ok = 0;
			break;
		}
		statcache_add(c, line + off, &st, hash);
	}
	free(line);
	fclose(f);
	if (!ok) {
		statcache_free(c);
		return -1;
	}
	return 0;
}

const struct stat_entry *
statcache_find(const struct statcache *c, const char *path)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(path, c->v[mid].path);

		if (r == 0)
			return &c->v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
statcache_save(const char *path, const struct statcache *c)
{
	char tmp[4096];
	FILE *f;
	int fd, rc = 0;

	if ((fd = tmp_create(path, tmp, sizeof(tmp))) < 0)
		return -1;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	fprintf(f, "kbc-cache 4 %s %lld %lld %lld %lld %lld %lld\n", c->key, c->kb[0],
	    c->kb[1], c->kb[2], c->kb[3], c->kbid[0], c->kbid[1]);
	for (size_t i = 0; i < c->wname.n && i < c->wcount.n; i++)
		fprintf(f, "W %s %s\n", c->wname.v[i], c->wcount.v[i]);
	for (size_t i = 0; i < c->n; i++)
		if (!strchr(c->v[i].path, '\n'))
			fprintf(f, "%s %lld %lld %lld %lld %s\n", c->v[i].hash, c->v[i].st.size,
			    c->v[i].st.mtime, c->v[i].st.ctime, c->v[i].st.ino, c->v[i].path);
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}
