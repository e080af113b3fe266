/*
 * fuzz_cell.c: arbitrary bytes as the HTML inside a table cell, read by
 * cmark-gfm and libxml2 (cell.c), and as an error table row (table.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "article.h"
#include "extract.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf in = {0}, md = {0};
	struct article *a;
	int bad, nul;

	if (size > 65536)
		size = 65536;
	utf8_sanitize((const char *)data, size, &in, &bad, &nul);
	/* One line: a newline would end the table row. */
	for (size_t i = 0; i < in.len; i++)
		if (in.s[i] == '\n' || in.s[i] == '\r')
			in.s[i] = ' ';
	buf_adds(&md, "## Fuzz\n\n| Error | Possible causes | Recommended action |\n"
	    "|---|---|---|\n| ");
	buf_add(&md, in.s ? in.s : "", in.len);
	buf_adds(&md, " | <ul><li>");
	buf_add(&md, in.s ? in.s : "", in.len);
	buf_adds(&md, " | ");
	buf_add(&md, in.s ? in.s : "", in.len);
	buf_adds(&md, " |\n");
	a = article_new("fuzz.md");
	extract_article(a, md.s, md.len, "en");
	article_free(a);
	buf_free(&in);
	buf_free(&md);
	return 0;
}
