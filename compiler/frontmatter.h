/*
 * frontmatter.h: the YAML front matter at the top of an article.
 *
 * Only what docs front matter uses is read: top-level "key: value" pairs,
 * quoted or plain; nested mappings and lists are flattened into the
 * value of their top-level key.  This is not a YAML parser and does not
 * pretend to be one.
 */
#ifndef KBC_FRONTMATTER_H
#define KBC_FRONTMATTER_H

#include <stddef.h>

#include "util.h"

/*
 * Read the front matter at the start of text (len bytes).  Names and
 * values are appended to names/values.  Returns the byte offset where the
 * Markdown body starts (0 when there is no front matter) and the number of
 * lines before it in *lines.
 */
size_t	frontmatter_read(const char *text, size_t len, struct strv *names,
	    struct strv *values, int *lines);

/* The value of name in names/values, or NULL. */
const char *frontmatter_get(const struct strv *names, const struct strv *values,
	    const char *name);

#endif
