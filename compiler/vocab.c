/*
 * vocab.c: look up header cells, labels and headings in the vocabulary.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"
#include "vocab.h"

char *
vocab_fold(const char *text)
{
	struct buf b = {0};
	char *low, *col;
	size_t n;

	buf_add(&b, "", 0);
	for (const char *p = text; *p; p++)
		if (*p != '*' && *p != '_' && *p != '`' && *p != '"' && *p != '\\')
			buf_addc(&b, *p);
	low = text_lower(b.s);
	buf_free(&b);
	col = text_collapse(low);
	free(low);
	/* Trailing colons, dashes, '&' and other label debris. */
	n = strlen(col);
	while (n && (col[n - 1] == ':' || col[n - 1] == ' ' || col[n - 1] == '-' ||
	    col[n - 1] == '&' || col[n - 1] == '.'))
		col[--n] = '\0';
	return col;
}

static const char *const role_names[] = {
	"", "error", "message", "code", "subcode", "cause", "action",
	"description", "symptom", "context", "class", NULL
};

static const char *const hrole_names[] = {
	"", "h-symptom", "h-cause", "h-solution", "h-skip", NULL
};

static int
lookup(const char *folded, const char *const names[])
{
	for (const struct vocab_word *w = vocab_words; w->role; w++) {
		if (strcmp(w->words, folded) != 0)
			continue;
		for (int i = 1; names[i]; i++)
			if (strcmp(names[i], w->role) == 0)
				return i;
	}
	return 0;
}

enum role
vocab_role(const char *text)
{
	char *f = vocab_fold(text);
	int r = *f ? lookup(f, role_names) : ROLE_EMPTY;

	free(f);
	return (enum role)r;
}

enum hrole
vocab_hrole(const char *text)
{
	char *f = vocab_fold(text);
	size_t n = strlen(f);
	int r;

	/* "Cause 1", "Solution 2", "Solution for cause 1", "Orsak 1". */
	while (n && (isdigit((unsigned char)f[n - 1]) || f[n - 1] == ' ' ||
	    f[n - 1] == ':' || f[n - 1] == '.'))
		f[--n] = '\0';
	r = lookup(f, hrole_names);
	if (!r && strncmp(f, "cause", 5) == 0 && (f[5] == ':' || f[5] == ' '))
		r = HROLE_CAUSE;
	if (!r && (strncmp(f, "solution", 8) == 0 || strncmp(f, "resolution", 10) == 0) &&
	    strlen(f) < 28)
		r = HROLE_SOLUTION;
	free(f);
	return (enum hrole)r;
}
