/*
 * frontmatter.c: top-level keys of the YAML block between "---" lines.
 */
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "text.h"

/* Length of the line at s (without its newline) and of its newline. */
static size_t
line_len(const char *s, const char *end, size_t *nl)
{
	const char *p = memchr(s, '\n', (size_t)(end - s));
	size_t n = p ? (size_t)(p - s) : (size_t)(end - s);

	*nl = p ? 1 : 0;
	if (n && s[n - 1] == '\r')
		n--, (*nl)++;
	return n;
}

static int
is_fence(const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (n == 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0));
}

/* A value without surrounding quotes and blanks, as a new string. */
static char *
unquote(const char *s, size_t n)
{
	char *t, *c;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') ||
	    (s[0] == '\'' && s[n - 1] == '\'')))
		s++, n -= 2;
	t = xstrndup(s, n);
	c = text_collapse(t);
	free(t);
	return c;
}

size_t
frontmatter_read(const char *text, size_t len, struct strv *names,
    struct strv *values, int *lines)
{
	const char *p = text, *end = text + len;
	struct buf val = {0};
	size_t n, nl;
	int ln = 1, open = 0;

	*lines = 0;
	n = line_len(p, end, &nl);
	if (!(n == 3 && memcmp(p, "---", 3) == 0))
		return 0;
	p += n + nl;
	while (p < end) {
		const char *colon;

		n = line_len(p, end, &nl);
		ln++;
		if (is_fence(p, n)) {
			if (open)
				strv_push(values, buf_take(&val));
			buf_free(&val);
			*lines = ln;
			return (size_t)(p + n + nl - text);
		}
		if (n == 0 || p[0] == '#') {
			p += n + nl;
			continue;
		}
		colon = memchr(p, ':', n);
		if (p[0] != ' ' && p[0] != '\t' && p[0] != '-' && colon) {
			if (open)
				strv_push(values, buf_take(&val));
			strv_push(names, unquote(p, (size_t)(colon - p)));
			{
				char *v = unquote(colon + 1, (size_t)(p + n - colon - 1));

				buf_clear(&val);
				buf_adds(&val, v);
				free(v);
			}
			open = 1;
		} else if (open) {
			/* A nested line: fold it into the current value. */
			const char *q = p;
			size_t m = n;
			char *v;

			while (m && (*q == ' ' || *q == '\t' || *q == '-'))
				q++, m--;
			v = unquote(q, m);
			if (*v) {
				if (val.len)
					buf_adds(&val, ", ");
				buf_adds(&val, v);
			}
			free(v);
		}
		p += n + nl;
	}
	/* No closing fence: not front matter after all. */
	if (open)
		strv_push(values, buf_take(&val));
	buf_free(&val);
	strv_free(names);
	strv_free(values);
	return 0;
}

const char *
frontmatter_get(const struct strv *names, const struct strv *values,
    const char *name)
{
	for (size_t i = 0; i < names->n && i < values->n; i++)
		if (strcmp(names->v[i], name) == 0)
			return values->v[i];
	return NULL;
}
