/*
 * idx_spill.c: the index writer's temporary file (idx_spill.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idx_spill.h"
#include "util.h"

#define SPILL_BUF	(256 * 1024)

int
spill_open(struct spill *s, const char *dir)
{
	char	 path[4096], name[4200];

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	snprintf(path, sizeof(path), "%s/.kbc-spill", dir);
	if ((s->fd = tmp_create(path, name, sizeof(name))) < 0) {
		s->err = errno ? errno : EIO;
		return -1;
	}
	/* Gone from the folder at once: the descriptor is all that holds it. */
	if (unlink(name) != 0) {
		s->err = errno;
		close(s->fd);
		s->fd = -1;
		return -1;
	}
	s->buf = xmalloc(SPILL_BUF);
	return 0;
}

static int
spill_flush(struct spill *s)
{
	size_t	 off = 0;
	ssize_t	 k;

	while (off < s->n && s->err == 0) {
		if ((k = write(s->fd, s->buf + off, s->n - off)) < 0) {
			if (errno != EINTR)
				s->err = errno;
		} else if (k == 0)
			s->err = EIO;
		else
			off += (size_t)k;
	}
	s->n = 0;
	return s->err ? -1 : 0;
}

void
spill_write(struct spill *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t	 k;

	if (s->fd < 0 && s->err == 0)
		s->err = EBADF;
	s->size += n;
	while (n > 0 && s->err == 0) {
		if (s->n == SPILL_BUF)
			spill_flush(s);
		k = SPILL_BUF - s->n < n ? SPILL_BUF - s->n : n;
		memcpy(s->buf + s->n, b, k);
		s->n += k;
		b += k;
		n -= k;
	}
}

int
spill_read(struct spill *s, uint64_t off, void *p, size_t n)
{
	unsigned char *b = p;
	ssize_t	 k;

	if (s->n > 0)
		spill_flush(s);
	while (n > 0 && s->err == 0) {
		if ((k = pread(s->fd, b, n, (off_t)off)) < 0) {
			if (errno != EINTR)
				s->err = errno;
		} else if (k == 0)
			s->err = EIO;	/* short: the file lost its end */
		else {
			b += k;
			off += (uint64_t)k;
			n -= (size_t)k;
		}
	}
	return s->err ? -1 : 0;
}

void
spill_close(struct spill *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	s->fd = -1;
	s->buf = NULL;
	s->n = 0;
}
