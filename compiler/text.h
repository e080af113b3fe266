/*
 * text.h: UTF-8 hygiene and the small text transforms kbc needs:
 * sanitizing input bytes, repairing double-encoded UTF-8, collapsing
 * white space, lower-casing for vocabulary matches, and GitHub slugs.
 */
#ifndef KBC_TEXT_H
#define KBC_TEXT_H

#include <stddef.h>

#include "util.h"

/*
 * Copy n bytes of in to out as valid UTF-8: each invalid sequence becomes
 * U+FFFD and NUL bytes are dropped.  The line (1-based) of the first
 * invalid sequence and of the first NUL go to *badline and *nulline (0 if
 * none).
 */
void	 utf8_sanitize(const char *in, size_t n, struct buf *out,
	    int *badline, int *nulline);

/*
 * Repair double-encoded UTF-8 in place ("LÃ¶s" -> "Lös", "â€™" -> "’"):
 * text that was UTF-8, read as Latin-1 or Windows-1252 and encoded again.
 * Returns the number of repairs and the line of the first in *line.
 */
size_t	 mojibake_repair(struct buf *, int *line);

/* Decode one UTF-8 character at s (valid input); its length in *len. */
unsigned utf8_decode(const char *s, size_t *len);
/* Encode code point c into out (4 bytes room); returns the length. */
size_t	 utf8_encode(unsigned c, char *out);

/* A new string: s with runs of white space made one space, trimmed. */
char	*text_collapse(const char *s);
/* A new string: s lower-cased (ASCII, Latin-1, Latin Extended-A, Greek and
 * Cyrillic letters). */
char	*text_lower(const char *s);
/* Is p at an en or em dash ("–", "—": three bytes)? */
int	 text_dash(const char *p);
/* Is s written in a script that puts no spaces between words (Chinese,
 * Japanese, Thai): two or more of its letters? */
int	 text_unspaced(const char *s);
/* Append the GitHub-style heading slug of text to out. */
void	 text_slug(const char *text, struct buf *out);
/* Has s a letter (any byte of a multi-byte character counts as one)? */
int	 text_has_letter(const char *s);
/* Does s begin with prefix, ignoring ASCII case?  Inline, with the
 * case folded by hand (kbc runs in the C locale, where tolower() folds
 * A to Z alone): the code scan calls it for every marker at every word
 * of every passage, and it and its tolower() calls were 3.5% of a full
 * build's CPU (perf, 1,800 articles). */
static inline int
text_iprefix(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		unsigned a = (unsigned char)*s, b = (unsigned char)*prefix;

		if (a - 'A' < 26u)
			a += 'a' - 'A';
		if (b - 'A' < 26u)
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

#endif
