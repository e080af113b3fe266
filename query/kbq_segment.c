/*
 * kbq_segment.c: read and check a segment manifest (kb.idx.seg,
 * kbq_format.h "Segments").  kbc writes one when it keeps the index as a
 * base and delta segments instead of rewriting it whole; it is renamed
 * into place after the KB's commit, so the manifest a reader finds names
 * the segments of one generation.  Everything in it is checked before a
 * segment is used: a manifest is a file anybody may have written, and a
 * wrong one must give a clear error, never a read outside the index's
 * folder, a hang (a FIFO, a huge file) or a mix of two generations.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* O_NOFOLLOW, O_CLOEXEC */
#endif

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbq.h"
#include "kbq_int.h"

static int
sg_fail(char *msg, size_t msgsz, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
sg_fail(char *msg, size_t msgsz, int rc, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, msgsz, fmt, ap);
	va_end(ap);
	return rc;
}

/* kbq_int.h */
int
kbqi_segname_ok(const char *s, size_t n)
{
	if (n == 6 && memcmp(s, "kb.idx", 6) == 0)
		return 1;	/* the index of a build before segments */
	if (n < 8 || n >= KBX_SEGNAME || memcmp(s, "kb.idx.", 7) != 0 ||
	    (n == 10 && memcmp(s, "kb.idx.seg", 10) == 0))
		return 0;
	for (size_t i = 7; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9')))
			return 0;
	return 1;
}

/*
 * Check segment s against its file dir/name, opened as any index is (no
 * link followed, O_NONBLOCK: a FIFO never blocks): size, header sum,
 * the generation its header carries, and for a delta the generation its
 * tombstones apply to (TOMB word 0), which must be prev's.
 */
static int
sg_check_file(const char *dir, struct kbx_seg *s, uint32_t prev, char *msg,
    size_t msgsz)
{
	char		 path[4096 + KBX_SEGNAME + 2];
	struct kbq	*db;
	uint32_t	 i, nsect, tomb = 0, tgen = 0;
	int		 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, s->name);
	if ((rc = kbqi_open_file(path, &db)) != KBQ_OK) {
		sg_fail(msg, msgsz, 0, "%s", kbq_errmsg(db));
		kbq_close(db);
		return rc;
	}
	rc = KBQ_CORRUPT;
	s->gen = kbx_get32(db->base + 60);
	s->nentries = db->nentries;
	nsect = kbx_get32(db->base + 12);
	for (i = 0; i < nsect; i++) {
		const unsigned char *r = db->base + KBX_HDRSIZE + (size_t)i * KBX_SECTSIZE;

		if (kbx_get32(r) != KBX_TOMB)
			continue;
		tomb = 1;
		/* Unknown to op_parse(), so not checked there: in the file? */
		if ((uint64_t)kbx_get32(r + 4) + 4 <= db->size - 8 &&
		    kbx_get32(r + 8) >= 4)
			tgen = kbx_get32(db->base + kbx_get32(r + 4));
	}
	if (db->size != s->size || kbx_get64(db->base + 24) != s->hsum)
		sg_fail(msg, msgsz, 0, "%s: not the file the manifest names (size "
		    "or header sum)", s->name);
	else if ((int)tomb != s->delta)
		sg_fail(msg, msgsz, 0, "%s: a %s tombstones", s->name, s->delta ?
		    "delta without" : "base with");
	else if (s->delta && tgen != prev)
		sg_fail(msg, msgsz, 0, "%s: its tombstones apply to generation "
		    "%u, not %u", s->name, tgen, prev);
	else
		rc = KBQ_OK;
	kbq_close(db);
	return rc;
}

/*
 * The next line of *p, NUL-terminated in place (the buffer ends with a
 * NUL), or NULL when none is ended by '\n': the manifest is cut short.
 */
static char *
sg_next(char **p)
{
	char	*l = *p, *nl = strchr(l, '\n');

	if (nl == NULL)
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return l;
}

/* kbq_int.h */
int
kbqi_manifest(const char *dir, const char *mpath, struct kbx_manifest *m,
    char *msg, size_t msgsz)
{
	char		*buf, *p, *l, kind[8], name[KBX_SEGNAME], sum[20];
	unsigned long long v, size;
	struct stat	 st;
	ssize_t		 got;
	int		 fd, used, rc = KBQ_CORRUPT;

	memset(m, 0, sizeof(*m));
	msg[0] = '\0';
	if ((fd = open(mpath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
		return errno == ENOENT ? KBQ_OK : sg_fail(msg, msgsz, KBQ_IOERR,
		    "%s: %s", mpath, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > KBX_SEGMANIFEST) {
		close(fd);
		return sg_fail(msg, msgsz, KBQ_CORRUPT, "%s: not a regular file "
		    "of at most %d bytes", mpath, KBX_SEGMANIFEST);
	}
	if ((buf = calloc(1, (size_t)st.st_size + 2)) == NULL) {
		close(fd);
		return sg_fail(msg, msgsz, KBQ_NOMEM, "out of memory");
	}
	got = read(fd, buf, (size_t)st.st_size + 1);
	close(fd);
	p = buf;
	if (got != (ssize_t)st.st_size || memchr(buf, '\0', (size_t)got)) {
		sg_fail(msg, msgsz, 0, "%s: changed while read, or not text", mpath);
		goto out;
	}
	if ((l = sg_next(&p)) == NULL || strncmp(l, "errkb-segments ", 15) != 0) {
		sg_fail(msg, msgsz, 0, "%s: not a segment manifest", mpath);
		rc = KBQ_FORMAT;
		goto out;
	}
	if (strcmp(l + 15, "1") != 0) {
		sg_fail(msg, msgsz, 0, "%s: not of version 1", mpath);
		rc = KBQ_FORMAT;
		goto out;
	}
	/* sscanf() takes numbers loosely ("+1", "01"): what they must be
	 * is checked against the files, and a line must be read whole. */
	if ((l = sg_next(&p)) == NULL || sscanf(l, "generation %llu%n", &v,
	    &used) != 1 || l[used] != '\0' || v == 0 || v > UINT32_MAX) {
		sg_fail(msg, msgsz, 0, "%s: line 2: not \"generation N\"", mpath);
		goto out;
	}
	m->generation = (uint32_t)v;
	for (;;) {
		struct kbx_seg *s = &m->seg[m->n];
		char	*e;

		if ((l = sg_next(&p)) == NULL) {
			sg_fail(msg, msgsz, 0, "%s: truncated (no \"end\" line)", mpath);
			goto out;
		}
		if (sscanf(l, "end %llu%n", &v, &used) == 1 && l[used] == '\0') {
			if (v != m->n) {
				sg_fail(msg, msgsz, 0, "%s: \"end\" does not count "
				    "%u segments", mpath, m->n);
				goto out;
			}
			break;
		}
		if (sscanf(l, "%7s %63s %llu %19s%n", kind, name, &size, sum,
		    &used) != 4 || l[used] != '\0' || strcmp(kind, m->n ? "delta" :
		    "base") != 0) {
			sg_fail(msg, msgsz, 0, "%s: segment %u: not \"%s NAME SIZE "
			    "SUM\"", mpath, m->n + 1, m->n ? "delta" : "base");
			goto out;
		}
		if (m->n == KBX_SEGMAX + 1) {
			sg_fail(msg, msgsz, 0, "%s: more than %d delta segments",
			    mpath, KBX_SEGMAX);
			goto out;
		}
		if (!kbqi_segname_ok(name, strlen(name))) {
			sg_fail(msg, msgsz, 0, "%s: bad segment name \"%s\"",
			    mpath, name);
			goto out;
		}
		memcpy(s->name, name, sizeof(s->name));
		s->delta = m->n > 0;
		s->size = size;
		s->hsum = strtoull(sum, &e, 16);
		if (e != sum + 16 || strspn(sum, "0123456789abcdef") != 16) {
			sg_fail(msg, msgsz, 0, "%s: %s: bad sum", mpath, s->name);
			goto out;
		}
		/* A name given twice fails the checks of generations below. */
		m->n++;
	}
	if (*p != '\0' || m->n == 0) {
		sg_fail(msg, msgsz, 0, "%s: %s", mpath, m->n ? "bytes after the "
		    "\"end\" line" : "no base segment");
		goto out;
	}
	/* The files: each the one named, each of a later generation than
	 * the one before, the last of the manifest's. */
	for (unsigned k = 0; k < m->n; k++) {
		struct kbx_seg *s = &m->seg[k];
		uint32_t prev = k > 0 ? m->seg[k - 1].gen : 0;

		if ((rc = sg_check_file(dir, s, prev, msg, msgsz)) != KBQ_OK)
			goto out;
		rc = KBQ_CORRUPT;
		if (s->gen == 0 || (k > 0 && s->gen <= prev) ||
		    s->gen > m->generation || (k == m->n - 1 &&
		    s->gen != m->generation)) {
			sg_fail(msg, msgsz, 0, "%s: %s is of generation %u, the "
			    "manifest of %u", mpath, s->name, s->gen, m->generation);
			goto out;
		}
	}
	rc = KBQ_OK;
	m->present = 1;
out:
	free(buf);
	return rc;
}

/*
 * kbq_int.h.  A manifest beside the index (path + ".seg") names the
 * segments that answer in its place: a base alone is opened as any
 * index, a base with deltas merged (kbq_merge.h).
 */
int
kbqi_seg_find(const char *path, struct kbx_manifest *m, char *dir,
    size_t dirsz, char *msg, size_t msgsz)
{
	char	 mpath[4096];
	const char *slash;

	memset(m, 0, sizeof(*m));
	msg[0] = '\0';
	if (path == NULL || strlen(path) + 5 > sizeof(mpath))
		return KBQ_OK;
	snprintf(mpath, sizeof(mpath), "%s.seg", path);
	slash = strrchr(path, '/');
	snprintf(dir, dirsz, "%.*s", slash == NULL ? 1 : slash == path ?
	    1 : (int)(slash - path), slash == NULL ? "." : path);
	return kbqi_manifest(dir, mpath, m, msg, msgsz);
}
