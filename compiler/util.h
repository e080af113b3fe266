/*
 * util.h: growable buffers and string vectors, and allocation that never
 * returns NULL (kbc exits with a message when memory runs out: there is no
 * useful partial result, and the previous KB is untouched on disk).
 */
#ifndef KBC_UTIL_H
#define KBC_UTIL_H

#include <stddef.h>

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
void	 buf_addc(struct buf *, char);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_clear(struct buf *);
char	*buf_take(struct buf *);	/* the string, caller frees; buffer empty */
void	 buf_free(struct buf *);

/* A growable vector of owned strings. */
struct strv {
	char	**v;
	size_t	  n, cap;
};

void	 strv_add(struct strv *, const char *);
void	 strv_push(struct strv *, char *);	/* takes ownership */
int	 strv_has(const struct strv *, const char *);
void	 strv_free(struct strv *);

/* Append one element to a typed array p with count n and capacity cap. */
#define VEC_PUSH(p, n, cap) do {					\
	if ((n) == (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(p) = xrealloc((p), (cap) * sizeof(*(p)));		\
	}								\
	(n)++;								\
} while (0)

#endif
