/*
 * idx_tomb.h: the tombstones of a delta segment (kbq_format.h, TOMB):
 * what the articles a build replaces or removes took part in, read from
 * the segments of the previous generation before the KB drops them.
 */
#ifndef KBC_IDX_TOMB_H
#define KBC_IDX_TOMB_H

#include <stddef.h>
#include <stdint.h>

#include "kbq_int.h"

/* One set (the entries, or the passages) of the removed articles. */
struct idx_tomb_set {
	uint32_t	 nent;		/* records removed */
	uint64_t	 lensum;	/* the sum of their stored lengths (LENS) */
	char		**words;	/* sorted by strcmp, each once */
	uint32_t	*df;		/* per word: records removed that hold it */
	size_t		 nterms;
};

struct idx_tomb {
	uint32_t	 gen;		/* the generation they apply to */
	char		**paths;	/* sorted by strcmp */
	size_t		 npaths;
	struct idx_tomb_set set[2];
};

/*
 * Fill t for the articles at paths (n, sorted bytewise, each once), each
 * found in the newest segment of manifest m (folder dir) that holds it.
 * Returns 0, or -1 with err set (an article in no segment: the manifest
 * is not the KB's pair).
 */
int	idx_tomb_compute(const char *dir, const struct kbx_manifest *m,
	    char *const *paths, size_t n, struct idx_tomb *t, char *err,
	    size_t errsz);
void	idx_tomb_free(struct idx_tomb *t);

/* The article of index view v with this path, or UINT32_MAX (ARTS is
 * sorted by path, bytewise). */
uint32_t idx_article(const struct kbq *v, const char *path);

#endif
