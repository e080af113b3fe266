/*
 * kbq.c: the command-line lookup, a thin layer over libkbq (kbq.h).
 *
 *   kbq [--json] [--limit N] [--lang L] [--index PATH] [TEXT...]
 *   kbq --check [--index PATH]
 *
 * The query is TEXT, else all of standard input.  Exit status as grep:
 * 0 something matched, 1 nothing did, 2 usage or index error.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kbq.h"

#ifndef KBQ_DEFAULT_INDEX
#define KBQ_DEFAULT_INDEX	"/usr/local/share/errkb/kb.idx"
#endif

#define EX_MATCH	0
#define EX_NOMATCH	1
#define EX_ERROR	2

static const char usage[] =
"usage: kbq [--json] [--limit N] [--lang L] [--index PATH] [TEXT...]\n"
"       kbq --check [--index PATH]\n"
"\n"
"Look up an error message, log line, code or symptom in the errkb index\n"
"and print what causes it and what to do.  The query is TEXT, else all of\n"
"standard input (only the first 64 KiB are used).\n"
"\n"
"  --json        print {\"query\", \"results\": [...]} for programs\n"
"  --limit N     at most N results (default 5)\n"
"  --lang L      answer in language L (sv, sv-SE, sv_SE.UTF-8); default\n"
"                from LC_ALL, LC_MESSAGES or LANG, else English\n"
"  --index PATH  the index; default $ERRKB_INDEX, then output/kb.idx,\n"
"                then " KBQ_DEFAULT_INDEX "\n"
"  --check       verify the index's checksum and exit\n"
"  --help, --version\n"
"\n"
"Exit status: 0 a match, 1 no match, 2 usage or index error.\n"
"Colour only on a terminal, never when NO_COLOR is set.\n";

/*
 * The user's language when --lang is not given: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set, as POSIX orders them, else English
 * (libkbq folds "sv_SE.UTF-8" to "sv-se", and "C" to "en").
 */
static const char *
env_lang(void)
{
	static const char *const var[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(var) / sizeof(var[0]); i++)
		if ((v = getenv(var[i])) != NULL && *v != '\0')
			return v;
	return "en";
}

/* Output state: colour and width for people, nothing for --json. */
static int	 o_color;
static int	 o_width = 80;

/* Read all of fp; keep the first max bytes, drain the rest. */
static char *
read_all(FILE *fp, size_t max, size_t *len)
{
	char	*s, sink[8192];
	size_t	 n;

	if ((s = malloc(max + 1)) == NULL)
		return NULL;
	*len = fread(s, 1, max, fp);
	if (*len == max)
		while ((n = fread(sink, 1, sizeof(sink), fp)) > 0)
			continue;
	if (ferror(fp)) {
		free(s);
		return NULL;
	}
	s[*len] = '\0';
	return s;
}

/*
 * Write s as a JSON string: escape quotes, backslashes and control
 * characters, and replace every byte that is not valid UTF-8 with U+FFFD
 * so the output always parses.
 */
static void
json_str(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, k, j;
	unsigned		 c;

	putchar('"');
	for (i = 0; i < n; ) {
		c = u[i];
		if (c == '"' || c == '\\') {
			printf("\\%c", c);
			i++;
		} else if (c == '\n') {
			fputs("\\n", stdout);
			i++;
		} else if (c == '\t') {
			fputs("\\t", stdout);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			printf("\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			putchar((int)c);
			i++;
		} else {
			k = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 &&
			    c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
			for (j = 1; k && j <= k; j++)
				if (i + j >= n || (u[i + j] & 0xc0) != 0x80)
					k = 0;
			/* Overlong 3/4-byte forms and surrogates. */
			if (k == 2 && ((c == 0xe0 && u[i + 1] < 0xa0) ||
			    (c == 0xed && u[i + 1] >= 0xa0)))
				k = 0;
			if (k == 3 && ((c == 0xf0 && u[i + 1] < 0x90) ||
			    (c == 0xf4 && u[i + 1] >= 0x90)))
				k = 0;
			if (k == 0) {
				fputs("\\ufffd", stdout);
				i++;
			} else {
				fwrite(u + i, 1, k + 1, stdout);
				i += k + 1;
			}
		}
	}
	putchar('"');
}

static void
json_s(const char *s)
{
	json_str(s, strlen(s));
}

/* A result's one-string fields, in the order --json prints them. */
static const struct {
	const char	*name;
	const char	*(*get)(const kbq_result *, int);
} json_fields[] = {
	{ "article",	kbq_result_article },
	{ "key",	kbq_result_key },
	{ "anchor",	kbq_result_anchor },
	{ "locale",	kbq_result_locale },
	{ "title",	kbq_result_title },
	{ "section",	kbq_result_section },
	{ "kind",	kbq_result_kind },
};

static void
print_json(const char *q, size_t qlen, const kbq_result *r)
{
	size_t	 k;
	int	 i, j, f, n;

	fputs("{\"query\": ", stdout);
	json_str(q, qlen);
	fputs(", \"results\": [", stdout);
	for (i = 0; i < kbq_result_count(r); i++) {
		printf("%s{\"score\": %.3f", i ? ", " : "",
		    kbq_result_score(r, i));
		for (k = 0; k < sizeof(json_fields) / sizeof(json_fields[0]);
		    k++) {
			printf(", \"%s\": ", json_fields[k].name);
			json_s(json_fields[k].get(r, i));
		}
		fputs(", \"messages\": [", stdout);
		for (j = 0; j < kbq_result_nmessages(r, i); j++) {
			fputs(j ? ", " : "", stdout);
			json_s(kbq_result_message(r, i, j));
		}
		fputs("], \"codes\": [", stdout);
		for (j = 0; j < kbq_result_ncodes(r, i); j++) {
			fputs(j ? ", " : "", stdout);
			json_s(kbq_result_code(r, i, j));
		}
		fputs("], \"fixes\": [", stdout);
		for (f = 0; f < kbq_result_nfixes(r, i); f++) {
			fputs(f ? ", {\"causes\": [" : "{\"causes\": [", stdout);
			n = kbq_fix_ncauses(r, i, f);
			for (j = 0; j < n; j++) {
				fputs(j ? ", " : "", stdout);
				json_s(kbq_fix_cause(r, i, f, j));
			}
			fputs("], \"actions\": [", stdout);
			n = kbq_fix_nactions(r, i, f);
			for (j = 0; j < n; j++) {
				fputs(j ? ", " : "", stdout);
				json_s(kbq_fix_action(r, i, f, j));
			}
			fputs("]}", stdout);
		}
		printf("], \"untranslated\": %s}",
		    kbq_result_untranslated(r, i) ? "true" : "false");
	}
	fputs("]}\n", stdout);
}

/* Columns taken by s[0..n): one per code point. */
static int
cols(const char *s, size_t n)
{
	int	 c = 0;

	while (n-- > 0)
		if (((unsigned char)*s++ & 0xc0) != 0x80)
			c++;
	return c;
}

/*
 * Print "label  text" with the text wrapped at spaces to the terminal
 * width, continuation lines indented under the text.
 */
static void
print_field(const char *label, const char *text, const char *sgr)
{
	const int	 indent = 12;
	const char	*p = text, *sp, *end;
	int		 col, w, avail = o_width - indent;

	if (*text == '\0')
		return;
	if (avail < 20)
		avail = 20;
	printf("   %s%-9s%s", o_color ? "\033[2m" : "", label,
	    o_color ? "\033[0m" : "");
	col = 0;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		for (end = p; *end && *end != ' ' && *end != '\n' &&
		    *end != '\t'; end++)
			continue;
		w = cols(p, (size_t)(end - p));
		if (col > 0 && col + 1 + w > avail) {
			printf("\n%*s", indent, "");
			col = 0;
		} else if (col > 0) {
			putchar(' ');
			col++;
		}
		if (o_color && sgr)
			fputs(sgr, stdout);
		for (sp = p; sp < end; sp++)
			putchar(*sp < 0x20 && *sp > 0 ? '?' : *sp);
		if (o_color && sgr)
			fputs("\033[0m", stdout);
		col += w;
		p = end;
	}
	putchar('\n');
}

static void
print_text(const kbq_result *r)
{
	char	 buf[64];
	int	 i, j, f, n;

	for (i = 0; i < kbq_result_count(r); i++) {
		if (i > 0)
			putchar('\n');
		snprintf(buf, sizeof(buf), "%d.", i + 1);
		printf("%s%-3s%s", o_color ? "\033[1m" : "", buf,
		    o_color ? "\033[0m" : "");
		printf("%s %s(score %.2f)%s\n", kbq_result_kind(r, i),
		    o_color ? "\033[2m" : "", kbq_result_score(r, i),
		    o_color ? "\033[0m" : "");
		for (j = 0; j < kbq_result_nmessages(r, i); j++)
			print_field("Message", kbq_result_message(r, i, j),
			    "\033[1m");
		for (j = 0; j < kbq_result_ncodes(r, i); j++)
			print_field("Code", kbq_result_code(r, i, j),
			    "\033[1m");
		for (f = 0; f < kbq_result_nfixes(r, i); f++) {
			n = kbq_fix_ncauses(r, i, f);
			for (j = 0; j < n; j++)
				print_field("Cause", kbq_fix_cause(r, i, f, j),
				    NULL);
			n = kbq_fix_nactions(r, i, f);
			for (j = 0; j < n; j++)
				print_field("Action",
				    kbq_fix_action(r, i, f, j), "\033[32m");
		}
		if (kbq_result_untranslated(r, i))
			print_field("Note", "no sure translation of this "
			    "entry in the asked language; shown as written",
			    NULL);
		print_field("Article", kbq_result_title(r, i), NULL);
		print_field("Section", kbq_result_section(r, i), NULL);
		printf("   %s%-9s%s%s#%s\n", o_color ? "\033[2m" : "", "See",
		    o_color ? "\033[0m" : "", kbq_result_article(r, i),
		    kbq_result_anchor(r, i));
	}
}

static void
setup_output(void)
{
	struct winsize	 ws;
	const char	*c;

	o_color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL &&
	    (c = getenv("TERM")) != NULL && strcmp(c, "dumb") != 0;
	if ((c = getenv("COLUMNS")) != NULL && atoi(c) > 0)
		o_width = atoi(c);
	else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		o_width = ws.ws_col;
}

static const char *
find_index(const char *opt)
{
	const char	*e;

	if (opt != NULL)
		return opt;
	if ((e = getenv("ERRKB_INDEX")) != NULL && *e != '\0')
		return e;
	if (access("output/kb.idx", R_OK) == 0)
		return "output/kb.idx";
	return KBQ_DEFAULT_INDEX;
}

static int
bad_usage(const char *fmt, const char *arg)
{
	fputs("kbq: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'kbq --help'.\n", stderr);
	return EX_ERROR;
}

int
main(int argc, char *argv[])
{
	kbq		*db = NULL;
	kbq_result	*res = NULL;
	const char	*index = NULL, *lang = NULL, *path;
	char		*text = NULL, *end;
	size_t		 len = 0, n;
	long		 lim;
	int		 i, json = 0, check = 0, limit = KBQ_DEFLIMIT, rc, st;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "--json") == 0)
			json = 1;
		else if (strcmp(a, "--check") == 0)
			check = 1;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return EX_MATCH;
		} else if (strcmp(a, "--version") == 0) {
			printf("kbq %s\n", kbq_libversion());
			return EX_MATCH;
		} else if (strcmp(a, "--limit") == 0) {
			if (i + 1 == argc)
				return bad_usage("%s needs a value", a);
			errno = 0;
			lim = strtol(argv[++i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || errno ||
			    lim < 1 || lim > 1000)
				return bad_usage("bad --limit: %s", argv[i]);
			limit = (int)lim;
		} else if (strcmp(a, "--lang") == 0 ||
		    strcmp(a, "--index") == 0) {
			if (i + 1 == argc)
				return bad_usage("%s needs a value", a);
			if (a[2] == 'l')
				lang = argv[++i];
			else
				index = argv[++i];
		} else if (a[0] == '-' && a[1] == '-')
			return bad_usage("unknown option %s", a);
		else
			break;
	}

	path = find_index(index);
	rc = kbq_open(path, &db);
	if (rc != KBQ_OK) {
		fprintf(stderr, "kbq: %s\n", kbq_errmsg(db));
		kbq_close(db);
		return EX_ERROR;
	}
	if (check) {
		st = EX_MATCH;
		if (kbq_check(db) != KBQ_OK) {
			fprintf(stderr, "kbq: %s: %s\n", path, kbq_errmsg(db));
			st = EX_ERROR;
		} else
			printf("%s: ok, %d entries, %d articles\n", path,
			    kbq_entry_count(db), kbq_article_count(db));
		kbq_close(db);
		return st;
	}

	if (i < argc) {
		/* Join the arguments with spaces, up to the query limit. */
		if ((text = malloc(KBQ_MAXQUERY + 1)) == NULL)
			goto nomem;
		for (; i < argc && len < KBQ_MAXQUERY; i++) {
			if (len > 0)
				text[len++] = ' ';
			n = strlen(argv[i]);
			if (n > KBQ_MAXQUERY - len)
				n = KBQ_MAXQUERY - len;
			memcpy(text + len, argv[i], n);
			len += n;
		}
		text[len] = '\0';
	} else if ((text = read_all(stdin, KBQ_MAXQUERY, &len)) == NULL) {
		fprintf(stderr, "kbq: reading standard input: %s\n",
		    errno ? strerror(errno) : "error");
		kbq_close(db);
		return EX_ERROR;
	}

	if (lang == NULL)
		lang = env_lang();
	rc = kbq_lookup(db, text, len, lang, limit, &res);
	if (rc != KBQ_OK) {
		if (rc == KBQ_NOMEM)
			goto nomem;
		fprintf(stderr, "kbq: lookup: %s\n", kbq_errstr(rc));
		st = EX_ERROR;
	} else {
		if (json)
			print_json(text, len, res);
		else {
			setup_output();
			if (kbq_result_count(res) == 0)
				fputs("kbq: no match\n", stderr);
			print_text(res);
		}
		st = kbq_result_count(res) > 0 ? EX_MATCH : EX_NOMATCH;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "kbq: write error\n");
		st = EX_ERROR;
	}
	kbq_result_free(res);
	kbq_close(db);
	free(text);
	return st;
nomem:
	fputs("kbq: out of memory\n", stderr);
	kbq_close(db);
	free(text);
	return EX_ERROR;
}
