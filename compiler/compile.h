/*
 * compile.h: one article's way from its file to a struct article: read
 * (at most BUILD_MAX_ARTICLE bytes), sanitized (a binary file refused,
 * invalid UTF-8, NUL bytes and double-encoded UTF-8 repaired), extracted,
 * and its diagnostics given their source lines and character columns.
 * Safe to run in many threads at once.
 */
#ifndef KBC_COMPILE_H
#define KBC_COMPILE_H

#include <stddef.h>

#include "article.h"

/*
 * Read the file at path: a new buffer with its length in *len, or NULL
 * with errno set.  Past BUILD_MAX_ARTICLE bytes it stops and sets *toobig.
 */
char	*compile_read(const char *path, size_t *len, int *toobig);
/*
 * Sanitize and extract the article rel (relative to the docs folder) from
 * its bytes, in locale when nothing else names one.  Never NULL: a file
 * that is no text gives an article with only a "binary" diagnostic.
 */
struct article *compile_article(const char *rel, const char *bytes, size_t len,
	    const char *locale);

#endif
