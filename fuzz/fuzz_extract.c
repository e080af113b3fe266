/*
 * fuzz_extract.c: arbitrary bytes as an article, through the same steps
 * as kbc build (sanitize, repair, extract).  Nothing may crash, leak or
 * read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "extract.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article *a = article_new("sv/fuzz/article.md");
	struct buf clean = {0};
	int bad, nul, line;

	if (size > (1u << 20))
		size = 1u << 20;
	utf8_sanitize((const char *)data, size, &clean, &bad, &nul);
	mojibake_repair(&clean, &line);
	extract_article(a, clean.s ? clean.s : "", clean.len, "en");
	buf_free(&clean);
	article_free(a);
	return 0;
}
