/*
 * extract.h: Markdown article -> struct article.
 */
#ifndef KBC_EXTRACT_H
#define KBC_EXTRACT_H

#include <stddef.h>

#include "article.h"

/* Limits beyond which input is refused or cut, with a diagnostic. */
#define EXTRACT_MAX_COLUMNS	64	/* table columns read */
#define EXTRACT_MAX_ROWS	5000	/* table rows read */
#define EXTRACT_MAX_TEXT	4000	/* bytes kept of one message, cause or action */
#define EXTRACT_MAX_NEST	32	/* lists and quotes read inside each other */
/* Steps an entry takes from loose lists and prose: past this a section is a
 * manual, and its first steps are the ones a reader acts on. */
#define EXTRACT_MAX_STEPS	30

/*
 * Fill a (whose path is set) from the article's bytes: front matter,
 * sections, entries, links and diagnostics.  text must be valid UTF-8
 * without NUL bytes (see utf8_sanitize()).  default_locale is used when
 * neither front matter nor a locale folder names one.  Returns 0.
 */
int	extract_article(struct article *a, const char *text, size_t len,
	    const char *default_locale);

#endif
