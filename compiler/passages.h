/*
 * passages.h: every block of an article's text as a passage (struct
 * passage in article.h), for kbq's search of whole sections.
 */
#ifndef KBC_PASSAGES_H
#define KBC_PASSAGES_H

#include <cmark-gfm.h>

struct xctx;

/* Add the passages of doc to x's article, in document order.  Call after
 * the sections are known. */
void	passages_read(struct xctx *x, cmark_node *doc);

#endif
