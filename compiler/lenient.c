/*
 * lenient.c: repair the Markdown source before cmark-gfm parses it, where
 * strict GFM rejects what documentation sites render.
 *
 * A pipe table whose delimiter row has fewer or more cells than its header
 * row is no table to GFM, but doc sites show it as one.  Such a delimiter
 * row is rewritten to the header's cell count.  Only that line changes, so
 * every line keeps its number and every other line its columns; fenced
 * code is left alone.
 */
#include <string.h>

#include "lenient.h"
#include "util.h"

struct line {
	const char	*s;
	size_t		 len;	/* without the newline */
};

static size_t
indent(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return i;
}

/* A fence opener or closer: up to three blanks, then ``` or ~~~. */
static int
fence(const struct line *l, char *ch, size_t *n)
{
	size_t i = 0, k;

	while (i < l->len && i < 3 && l->s[i] == ' ')
		i++;
	if (i >= l->len || (l->s[i] != '`' && l->s[i] != '~'))
		return 0;
	for (k = i; k < l->len && l->s[k] == l->s[i]; k++)
		continue;
	if (k - i < 3)
		return 0;
	*ch = l->s[i];
	*n = k - i;
	return 1;
}

/*
 * The cells of a row: unescaped pipes, less a leading and a trailing one.
 * *lead and *trail tell whether those were there.
 */
static size_t
cells(const struct line *l, int *lead, int *trail)
{
	size_t a = indent(l), b = l->len, pipes = 0;

	while (b > a && (l->s[b - 1] == ' ' || l->s[b - 1] == '\t' || l->s[b - 1] == '\r'))
		b--;
	if (a == b)
		return 0;
	*lead = l->s[a] == '|';
	*trail = b - a > 1 && l->s[b - 1] == '|' && l->s[b - 2] != '\\';
	for (size_t i = a; i < b; i++) {
		if (l->s[i] == '\\' && i + 1 < b)
			i++;
		else if (l->s[i] == '|')
			pipes++;
	}
	if (*lead)
		pipes--;
	if (*trail && b - a > 1)
		pipes--;
	return pipes + 1;
}

/* A delimiter row: pipes, dashes, colons and blanks, a pipe and a dash. */
static int
delimiter(const struct line *l)
{
	int pipe = 0, dash = 0;

	for (size_t i = 0; i < l->len; i++) {
		char c = l->s[i];

		if (c == '|')
			pipe = 1;
		else if (c == '-')
			dash = 1;
		else if (c != ':' && c != ' ' && c != '\t' && c != '\r')
			return 0;
	}
	return pipe && dash;
}

/* Append l's delimiter row rewritten to n cells. */
static void
rewrite(struct buf *b, const struct line *l, size_t n)
{
	size_t a = indent(l), i, k;
	int lead, trail;

	cells(l, &lead, &trail);
	buf_add(b, l->s, a);
	if (lead || n == 1)
		buf_addc(b, '|');
	/* The old cells first (their alignment colons), then plain ones. */
	i = a + (lead ? 1 : 0);
	for (k = 0; k < n; k++) {
		size_t j = i;

		if (k)
			buf_addc(b, '|');
		while (j < l->len && l->s[j] != '|' && l->s[j] != '\r')
			j++;
		if (i < l->len && j > i) {
			buf_add(b, l->s + i, j - i);
			i = j < l->len ? j + 1 : j;
		} else
			buf_adds(b, "---");
		if (i >= l->len || l->s[i] == '\r')
			i = l->len;
	}
	if (trail || n == 1)
		buf_addc(b, '|');
}

char *
lenient_repair(const char *src, size_t len, size_t *outlen)
{
	struct buf b = {0};
	struct line prev = {0}, cur;
	const char *p = src, *end = src + len;
	size_t flen = 0, n;
	char fch = 0;
	int infence = 0, changed = 0, lead, trail;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char ch;

		cur.s = p;
		cur.len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (fence(&cur, &ch, &n)) {
			if (!infence) {
				infence = 1;
				fch = ch;
				flen = n;
			} else if (ch == fch && n >= flen)
				infence = 0;
		} else if (!infence && prev.s && delimiter(&cur) && !delimiter(&prev) &&
		    memchr(prev.s, '|', prev.len) != NULL &&
		    (n = cells(&prev, &lead, &trail)) > 0 && n <= 256 &&
		    cells(&cur, &lead, &trail) != n) {
			if (!changed)
				buf_add(&b, src, (size_t)(cur.s - src));
			changed = 1;
			rewrite(&b, &cur, n);
			if (nl)
				buf_addc(&b, '\n');
			prev = cur;
			p = nl ? nl + 1 : end;
			continue;
		}
		if (changed)
			buf_add(&b, cur.s, cur.len + (nl ? 1 : 0));
		prev = infence ? (struct line){0} : cur;
		p = nl ? nl + 1 : end;
	}
	if (!changed)
		return NULL;
	*outlen = b.len;
	return buf_take(&b);
}
