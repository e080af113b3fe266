/*
 * compile.c: read, sanitize and extract one article, and place its
 * diagnostics (source line, column in characters; those the article
 * silences with kbc-disable dropped).  Holds no state: the worker
 * threads call it at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "compile.h"
#include "extract.h"
#include "frontmatter.h"
#include "plan.h"
#include "text.h"
#include "util.h"

char *
compile_read(const char *path, size_t *len, int *toobig)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	*toobig = 0;
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > BUILD_MAX_ARTICLE) {
			*toobig = 1;
			break;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return b.s ? b.s : xstrdup("");
}

/*
 * Line number line (1-based) of text, whose lines start at starts[0..n),
 * at most 200 bytes of it; a new string.
 */
static char *
source_line(const char *text, size_t len, const size_t *starts, size_t n_lines,
    int line)
{
	const char *p, *end = text + len, *e;
	size_t n;

	if (text == NULL || line < 1 || (size_t)line > n_lines)
		return xstrdup("");
	p = text + starts[line - 1];
	e = memchr(p, '\n', (size_t)(end - p));
	n = (size_t)((e ? e : end) - p);
	if (n && p[n - 1] == '\r')
		n--;
	if (n > 200) {
		n = 200;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
	}
	return xstrndup(p, n);
}

/* Add the -W names in s (split by spaces and commas) to v. */
static void
disable_names(struct strv *v, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;

		while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
			i++;
		for (k = i; k < n && s[k] != ' ' && s[k] != ',' && s[k] != '\t'; k++)
			;
		if (k > i) {
			char *w = xstrndup(s + i, k - i);

			strv_push(v, w);
		}
		i = k;
	}
}

/*
 * An article may silence warnings for itself: a front matter key
 * "kbc-disable: missing-action, row-cells" or an HTML comment
 * "<!-- kbc-disable missing-action -->".  Those diagnostics are dropped:
 * neither printed, counted nor stored.
 */
static void
disable_diags(struct article *a, const char *text)
{
	static const char mark[] = "<!-- kbc-disable ";
	struct strv off = {0};
	const char *fm = frontmatter_get(&a->fm_names, &a->fm_values, "kbc-disable");
	const char *p = text, *e;
	size_t k = 0;

	if (fm)
		disable_names(&off, fm, strlen(fm));
	while ((p = strstr(p, mark)) != NULL && (e = strstr(p, "-->")) != NULL) {
		p += sizeof(mark) - 1;
		if (e > p)
			disable_names(&off, p, (size_t)(e - p));
		p = e + 3;
	}
	if (off.n == 0)
		return;
	for (size_t i = 0; i < a->ndiags; i++) {
		if (a->diags[i].error || !strv_has(&off, a->diags[i].name)) {
			a->diags[k++] = a->diags[i];
			continue;
		}
		free(a->diags[i].name);
		free(a->diags[i].text);
		free(a->diags[i].source);
	}
	a->ndiags = k;
	strv_free(&off);
}

struct article *
compile_article(const char *rel, const char *bytes, size_t len, const char *locale)
{
	struct article *a = article_new(rel);
	struct buf clean = {0};
	int bad, nul, line;
	size_t zeros = 0, probe = len < 8192 ? len : 8192;

	for (size_t i = 0; i < probe; i++)
		zeros += bytes[i] == '\0';
	plan_digest(bytes, len, a->hash);
	a->size = len;
	if (zeros * 100 > probe || (probe && zeros > 16)) {
		/* Mostly NUL: a binary file with a .md name. */
		article_diag(a, 1, 1, "binary", "not a text file; skipped");
		return a;
	}
	/* A byte order mark would hide the front matter's first "---". */
	if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		bytes += 3;
		len -= 3;
	}
	utf8_sanitize(bytes, len, &clean, &bad, &nul);
	if (bad)
		article_diag(a, bad, 1, "invalid-utf8",
		    "invalid UTF-8 replaced with U+FFFD");
	if (nul)
		article_diag(a, nul, 1, "nul-byte", "NUL bytes removed");
	if (mojibake_repair(&clean, &line))
		article_diag(a, line, 1, "mojibake", "double-encoded UTF-8 repaired");
	extract_article(a, clean.s ? clean.s : "", clean.len, locale);
	disable_diags(a, clean.s ? clean.s : "");
	if (a->ndiags) {
		size_t *starts, n_lines;

		line_starts(clean.s ? clean.s : "", clean.len, &starts, &n_lines);
		for (size_t i = 0; i < a->ndiags; i++) {
			struct diag *d = &a->diags[i];

			d->source = source_line(clean.s, clean.len, starts, n_lines, d->line);
			/* Columns count characters, as editors do, not bytes. */
			if (d->line >= 1 && (size_t)d->line <= n_lines && d->col > 1)
				d->col = 1 + (int)u8_columns(clean.s + starts[d->line - 1],
				    (size_t)d->col - 1);
		}
		free(starts);
	}
	buf_free(&clean);
	return a;
}

