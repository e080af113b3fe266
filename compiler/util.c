/*
 * util.c: allocation, buffers and string vectors for kbc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

void	(*xalloc_failed)(void);

/* Out of memory, maybe in a worker thread: say so, let the build remove
 * its temporary files, and end at once (exit handlers are not thread-safe). */
static void
oom(void)
{
	static const char msg[] = "kbc: out of memory\n";

	ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)n;	/* nothing more to be done if even this fails */
	if (xalloc_failed)
		xalloc_failed();
	_exit(6);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	buf_add(b, "", 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = b->len + (size_t)n + 1;
		b->s = xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *
buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static size_t
sset_hash(const char *s)
{
	size_t h = 14695981039346656037ULL & (size_t)-1;

	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ULL;
	return h;
}

/* The slot of s, or the empty one where it would go. */
static size_t
sset_slot(const struct sset *set, const char *s)
{
	size_t i = sset_hash(s) & (set->cap - 1);

	while (set->slot[i] && strcmp(set->slot[i], s) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

int
sset_has(const struct sset *set, const char *s)
{
	return set->cap && set->slot[sset_slot(set, s)] != NULL;
}

int *
sset_val(struct sset *set, const char *s)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct sset big = { NULL, NULL, 0, set->cap ? set->cap * 2 : 64 };

		big.slot = xcalloc(big.cap, sizeof(*big.slot));
		big.val = xcalloc(big.cap, sizeof(*big.val));
		for (size_t k = 0; k < set->cap; k++)
			if (set->slot[k]) {
				size_t j = sset_slot(&big, set->slot[k]);

				big.slot[j] = set->slot[k];
				big.val[j] = set->val[k];
			}
		big.n = set->n;
		free(set->slot);
		free(set->val);
		*set = big;
	}
	i = sset_slot(set, s);
	if (set->slot[i] == NULL) {
		set->slot[i] = xstrdup(s);
		set->val[i] = 0;
		set->n++;
	}
	return &set->val[i];
}

void
sset_add(struct sset *set, const char *s)
{
	(void)sset_val(set, s);
}

void
sset_free(struct sset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slot[i]);
	free(set->slot);
	free(set->val);
	memset(set, 0, sizeof(*set));
}

void
line_starts(const char *text, size_t len, size_t **starts, size_t *n)
{
	size_t cap = 64, k = 0;
	size_t *v = xmalloc(cap * sizeof(*v));

	v[k++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 <= len) {
			if (k == cap)
				v = xrealloc(v, (cap *= 2) * sizeof(*v));
			v[k++] = i + 1;
		}
	*starts = v;
	*n = k;
}

void
strv_push(struct strv *v, char *s)
{
	VEC_PUSH(v->v, v->n, v->cap);
	v->v[v->n - 1] = s;
}

void
strv_add(struct strv *v, const char *s)
{
	strv_push(v, xstrdup(s));
}

int
strv_has(const struct strv *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], s) == 0)
			return 1;
	return 0;
}

void
strv_free(struct strv *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

int
tmp_create(const char *path_in, char *name, size_t namesz)
{
	static unsigned seq;
	char path[4096];
	int fd = -1;

	snprintf(path, sizeof(path), "%s", path_in);	/* name may be path_in */
	/* Unique and new: a name planted in the output folder (a symbolic
	 * link to a victim file, a FIFO) is never opened, only skipped. */
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		if (snprintf(name, namesz, "%s.%ld.%lx.tmp", path, (long)getpid(),
		    (unsigned long)ts.tv_nsec ^ ((unsigned long)++seq << 20)) >= (int)namesz) {
			errno = ENAMETOOLONG;
			name[0] = '\0';
			return -1;
		}
		fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0)
		name[0] = '\0';
	return fd;
}

/* Length of the UTF-8 sequence at s (1..4) if valid, else 0; *cp its code point. */
static size_t
u8_seq(const unsigned char *s, unsigned *cp)
{
	size_t n;
	unsigned c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

void
term_puts(const char *s, FILE *fp)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p) {
		unsigned cp;
		size_t n = u8_seq(p, &cp);

		if (n == 0) {
			putc('?', fp);	/* not UTF-8: a lone 0x80-0x9F is a C1 control */
			p++;
			continue;
		}
		/* C0, DEL, C1 (ESC starts every terminal sequence): dropped. */
		if (!(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)))
			fwrite(p, 1, n, fp);
		p += n;
	}
}

size_t
u8_columns(const char *s, size_t bytes)
{
	size_t n = 0;

	for (size_t i = 0; i < bytes && s[i]; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}
