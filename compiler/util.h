/*
 * util.h: growable buffers and string vectors, and allocation that never
 * returns NULL (kbc exits with a message when memory runs out: there is no
 * useful partial result, and the previous KB is untouched on disk).
 */
#ifndef KBC_UTIL_H
#define KBC_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Called, if set, before kbc ends for want of memory (exit status 6). */
extern void (*xalloc_failed)(void);

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct buf {
	char	*s;
	size_t	 len, cap;
};

void	 buf_add(struct buf *, const char *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_clear(struct buf *);
char	*buf_take(struct buf *);	/* the string, caller frees; buffer empty */
void	 buf_free(struct buf *);

/* Add one byte.  Inline: the text walkers add most of their output a
 * byte at a time, and a call into buf_add() for each was 4% of a build. */
static inline void
buf_addc(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	} else
		buf_add(b, &c, 1);
}

/* A growable vector of owned strings. */
struct strv {
	char	**v;
	size_t	  n, cap;
};

void	 strv_add(struct strv *, const char *);
void	 strv_push(struct strv *, char *);	/* takes ownership */
int	 strv_has(const struct strv *, const char *);
void	 strv_free(struct strv *);

/* A set of strings (open addressing), for lookups that must not be linear. */
struct sset {
	char	**slot;
	int	 *val;		/* a number kept with each string, 0 at first */
	size_t	  n, cap;
};

void	 sset_add(struct sset *, const char *);	/* copies; no-op if present */
int	 sset_has(const struct sset *, const char *);
/* The number kept with s, adding s if absent. */
int	*sset_val(struct sset *, const char *);
void	 sset_free(struct sset *);

/*
 * Byte offsets of the starts of lines 1..n of text (len bytes): *starts
 * gets a new array of *n entries, caller frees.
 */
void	 line_starts(const char *text, size_t len, size_t **starts, size_t *n);

/*
 * Create a new file "path.PID.N.tmp" with O_EXCL|O_NOFOLLOW (never an
 * existing name, never through a symbolic link), its name into name.
 * Returns the open descriptor, or -1 with errno set and name "".
 */
int	 tmp_create(const char *path, char *name, size_t namesz);

/*
 * Print s for a terminal: C0 and C1 control characters (ESC, so every
 * escape sequence) dropped, bytes that are not UTF-8 shown as '?'.  For
 * every string that comes from a document or a KB.
 */
void	 term_puts(const char *s, FILE *fp);

/* Characters (UTF-8 code points) in the first bytes of s. */
size_t	 u8_columns(const char *s, size_t bytes);

/* Append one element to a typed array p with count n and capacity cap. */
#define VEC_PUSH(p, n, cap) do {					\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(p) = xrealloc((p), (cap) * sizeof(*(p)));		\
	}								\
	(n)++;								\
} while (0)

#endif
