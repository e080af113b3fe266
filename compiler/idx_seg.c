/*
 * idx_seg.c: the segment files and their manifest, as kbc writes them.
 * Every segment has a name of its own generation (kb.idx.b<G> for a
 * base, kb.idx.d<G> for a delta), so no file a manifest names is ever
 * replaced: a new manifest, renamed into place after the KB's commit, is
 * the one moment a reader moves to the new generation, and a kill before
 * it leaves the previous manifest naming files that are all still there.
 * Segments no manifest names are removed only after the rename.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "idx_seg.h"
#include "kbq_format.h"
#include "util.h"

int
idx_seg_stat(const char *dir, const char *name, int delta, struct kbx_seg *s,
    char *err, size_t errsz)
{
	unsigned char h[KBX_HDRSIZE];
	char path[8192];
	struct stat st;
	int fd;

	memset(s, 0, sizeof(*s));
	if (!kbqi_segname_ok(name, strlen(name))) {
		snprintf(err, errsz, "%s: not a segment name", name);
		return -1;
	}
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || read(fd, h, sizeof(h)) != (ssize_t)sizeof(h)) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	s->size = (uint64_t)st.st_size;
	s->hsum = kbx_get64(h + 24);
	s->gen = kbx_get32(h + 60);
	s->nentries = kbx_get32(h + 40);
	s->delta = delta;
	return 0;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
idx_seg_write(const char *dir, const struct kbx_manifest *m, char *err,
    size_t errsz)
{
	char tmp[8192], path[8192];
	FILE *fp;
	int fd;

	snprintf(path, sizeof(path), "%s/" IDX_SEG_MANIFEST, dir);
	snprintf(tmp, sizeof(tmp), "%s/.kb.idx.seg", dir);
	if ((fd = tmp_create(tmp, tmp, sizeof(tmp))) < 0 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsz, "%s: %s", dir, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		return -1;
	}
	fprintf(fp, "errkb-segments 1\ngeneration %u\n", m->generation);
	for (unsigned k = 0; k < m->n; k++)
		fprintf(fp, "%s %s %llu %016llx\n", k ? "delta" : "base",
		    m->seg[k].name, (unsigned long long)m->seg[k].size,
		    (unsigned long long)m->seg[k].hsum);
	fprintf(fp, "end %u\n", m->n);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0 ||
	    rename(tmp, path) != 0 || sync_dir(dir) != 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void
idx_seg_prune(const char *dir, const struct kbx_manifest *m)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[8192];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		int named = 0;

		/* kbc's own names only: never a file it did not write. */
		if (strcmp(n, IDX_SEG_MANIFEST) == 0 ? m != NULL :
		    !kbqi_segname_ok(n, strlen(n)) || (m == NULL &&
		    strcmp(n, "kb.idx") == 0))
			continue;
		for (unsigned k = 0; m && k < m->n; k++)
			named |= strcmp(m->seg[k].name, n) == 0;
		if (named)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, n);
		unlink(path);
	}
	closedir(d);
}
