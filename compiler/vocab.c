/*
 * vocab.c: the vocabulary (vocab.tsv): its loading, and the lookup of
 * header cells, labels, headings and word lists in it.
 *
 * The vocabulary in use is the one vocab_load() read, else the copy
 * compiled into the binary.  Each role's words are gathered into a list
 * when the vocabulary is set, so that lookups during extraction (from
 * several threads) only read.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"
#include "util.h"
#include "vocab.h"

/* Every role a vocabulary line may name, in the order of the lists. */
static const char *const role_names[] = {
	"", "error", "message", "code", "subcode", "cause", "action",
	"description", "symptom", "context", "class", NULL
};

static const char *const hrole_names[] = {
	"", "h-symptom", "h-cause", "h-solution", "h-skip", NULL
};

static const char *const wrole_names[] = {
	"w-error", "w-action", "w-code", "w-cause", "w-list", "w-example",
	"h-label", "h-lead", "code-label", "code-label-sym", "fence-info",
	"fence-message", "fence-code", "locale", "code-join", "placeholder",
	"generic", "tail-code", "tail-message", "w-codes", NULL
};

/* The vocabulary in use, and each word role's words (NULL-terminated). */
static const struct vocab_word *cur;
static struct vocab_word *loaded;	/* what vocab_load() read, owned */
static const char **lists[VOCAB_NWROLES];
/* The lines of cur sorted by words, lines of equal words in file order:
 * lookup() finds a label by binary search, not by a pass over every line
 * (it ran for every heading and label of every article). */
static const struct vocab_word **byword;
static size_t nbyword;
static pthread_once_t once = PTHREAD_ONCE_INIT;

char *
vocab_fold(const char *text)
{
	struct buf b = {0};
	char *low, *col;
	size_t n;

	buf_add(&b, "", 0);
	for (const char *p = text; *p; p++) {
		/* "Code d’erreur" is written with either apostrophe. */
		if (strncmp(p, "\xE2\x80\x99", 3) == 0) {
			buf_addc(&b, '\'');
			p += 2;
		} else if (strncmp(p, "\xEF\xBC\x9A", 3) == 0) {
			buf_addc(&b, ':');	/* "错误消息：", a full-width colon */
			p += 2;
		} else if (*p == '_' && p > text && isalnum((unsigned char)p[-1]) &&
		    isalnum((unsigned char)p[1]))
			buf_addc(&b, ' ');	/* "error_code", a field's name */
		else if (*p != '*' && *p != '_' && *p != '`' && *p != '"' && *p != '\\')
			buf_addc(&b, *p);
	}
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

static int
known_role(const char *r)
{
	for (int i = 1; role_names[i]; i++)
		if (strcmp(role_names[i], r) == 0)
			return 1;
	for (int i = 1; hrole_names[i]; i++)
		if (strcmp(hrole_names[i], r) == 0)
			return 1;
	for (int i = 0; wrole_names[i]; i++)
		if (strcmp(wrole_names[i], r) == 0)
			return 1;
	return 0;
}

static int
byword_cmp(const void *a, const void *b)
{
	const struct vocab_word *x = *(const struct vocab_word *const *)a;
	const struct vocab_word *y = *(const struct vocab_word *const *)b;
	int c = strcmp(x->words, y->words);

	return c ? c : (x > y) - (x < y);	/* equal words: file order */
}

/* Make w the vocabulary in use: gather each word role's list. */
static void
set(const struct vocab_word *w)
{
	size_t nw = 0;

	for (int k = 0; k < VOCAB_NWROLES; k++) {
		size_t n = 0;

		free(lists[k]);
		for (const struct vocab_word *p = w; p->role; p++)
			n += strcmp(p->role, wrole_names[k]) == 0;
		lists[k] = xcalloc(n + 1, sizeof(*lists[k]));
		n = 0;
		for (const struct vocab_word *p = w; p->role; p++)
			if (strcmp(p->role, wrole_names[k]) == 0)
				lists[k][n++] = p->words;
	}
	for (const struct vocab_word *p = w; p->role; p++)
		nw++;
	free(byword);
	byword = xcalloc(nw + 1, sizeof(*byword));
	for (size_t i = 0; i < nw; i++)
		byword[i] = &w[i];
	qsort(byword, nw, sizeof(*byword), byword_cmp);
	nbyword = nw;
	cur = w;
}

static void
set_builtin(void)
{
	if (cur == NULL)
		set(vocab_words);
}

static const struct vocab_word *
words_in_use(void)
{
	pthread_once(&once, set_builtin);
	return cur;
}

const struct vocab_word *
vocab_in_use(void)
{
	return words_in_use();
}

const char *const *
vocab_list(enum wrole r)
{
	words_in_use();
	return lists[r];
}

static void
free_loaded(struct vocab_word *w)
{
	if (w == NULL)
		return;
	for (struct vocab_word *p = w; p->role; p++) {
		free((char *)p->role);
		free((char *)p->lang);
		free((char *)p->words);
	}
	free(w);
}

int
vocab_load(const char *path, char *err, size_t errlen)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, n = 0, ncap = 0;
	ssize_t len;
	struct vocab_word *w = NULL;
	int lineno = 0, bad = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (!bad && (len = getline(&line, &cap, f)) != -1) {
		char *role, *lang, *words, *tab;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (strlen(line) != (size_t)len) {
			snprintf(err, errlen, "%s:%d: NUL byte in line", path, lineno);
			bad = 1;
			break;
		}
		role = line;
		if ((tab = strchr(role, '\t')) == NULL)
			goto fields;
		*tab = '\0';
		lang = tab + 1;
		if ((tab = strchr(lang, '\t')) == NULL)
			goto fields;
		*tab = '\0';
		words = tab + 1;
		if (strchr(words, '\t') != NULL)
			goto fields;
		if (!known_role(role)) {
			snprintf(err, errlen, "%s:%d: unknown role '%.40s'", path, lineno, role);
			bad = 1;
			break;
		}
		if (*lang == '\0' || *words == '\0') {
			snprintf(err, errlen, "%s:%d: empty %s", path, lineno,
			    *lang ? "words" : "language");
			bad = 1;
			break;
		}
		if (n + 2 > ncap) {
			ncap = ncap ? ncap * 2 : 256;
			w = xrealloc(w, ncap * sizeof(*w));
		}
		w[n].role = xstrdup(role);
		w[n].lang = xstrdup(lang);
		w[n].words = xstrdup(words);
		w[++n].role = NULL;
		continue;
fields:
		snprintf(err, errlen, "%s:%d: want three tab-separated fields: "
		    "role, language, words", path, lineno);
		bad = 1;
	}
	if (!bad && ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		bad = 1;
	}
	free(line);
	fclose(f);
	if (!bad && n == 0) {
		snprintf(err, errlen, "%s: no vocabulary lines", path);
		bad = 1;
	}
	if (bad) {
		if (w)
			w[n].role = NULL;
		free_loaded(w);
		return -1;
	}
	pthread_once(&once, set_builtin);
	set(w);
	free_loaded(loaded);
	loaded = w;
	return 0;
}

int
vocab_init(const char *path, char *err, size_t errlen)
{
	if (path)
		return vocab_load(path, err, errlen);
#ifdef KBC_DEFAULT_VOCAB
	/* The installed copy, where make install put one. */
	if (access(KBC_DEFAULT_VOCAB, F_OK) == 0)
		return vocab_load(KBC_DEFAULT_VOCAB, err, errlen);
#endif
	words_in_use();
	return 0;
}

/*
 * The index in names of the role of the first line (in file order) whose
 * words are folded and whose role names holds; 0 if none.
 */
static int
lookup(const char *folded, const char *const names[])
{
	size_t lo = 0, hi;

	words_in_use();
	hi = nbyword;
	while (lo < hi) {	/* the first line whose words are not below */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(byword[mid]->words, folded) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nbyword && strcmp(byword[lo]->words, folded) == 0; lo++)
		for (int i = 1; names[i]; i++)
			if (strcmp(names[i], byword[lo]->role) == 0)
				return i;
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

int
vocab_has(enum wrole r, const char *folded)
{
	for (const char *const *w = vocab_list(r); *w; w++)
		if (strcmp(*w, folded) == 0)
			return 1;
	return 0;
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
	/* "Cause: the agent is old", "Solution for the VSS writer": a
	 * heading led by an h-lead word takes that word's role. */
	for (const char *const *w = vocab_list(WROLE_H_LEAD); !r && *w; w++) {
		size_t wl = strlen(*w);
		int lr;

		if (strncmp(f, *w, wl) != 0 || (f[wl] != ':' && f[wl] != ' '))
			continue;
		lr = lookup(*w, hrole_names);
		if (lr == HROLE_CAUSE || (lr == HROLE_SOLUTION && strlen(f) < 28))
			r = lr;
	}
	free(f);
	return (enum hrole)r;
}

enum hrole
vocab_subhrole(const char *text)
{
	enum hrole r = vocab_hrole(text);
	enum role tr;

	/* One word ("Actions", "Reasons") heads a part of a guide as often. */
	if (r != HROLE_NONE || strchr(text, ' ') == NULL)
		return r;
	tr = vocab_role(text);
	return tr == ROLE_CAUSE ? HROLE_CAUSE : tr == ROLE_ACTION ?
	    HROLE_SOLUTION : HROLE_NONE;
}
