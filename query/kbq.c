/*
 * kbq.c: the command-line lookup, a thin layer over libkbq (kbq.h).
 *
 *   kbq [--json] [--limit N] [--lang L] [--index PATH] [TEXT...]
 *   kbq --follow [--json] [--limit N] [--lang L] [--index PATH]
 *   kbq --check [--index PATH]
 *
 * The query is TEXT, else the last 64 KiB of standard input, else (with
 * --follow) each line of it.  Exit status as grep: 0 something matched,
 * 1 nothing did, 2 usage or index error.
 *
 * Every string of the index is untrusted: text output goes through
 * t_puts(), which shows control characters as '?', so that no document
 * can drive the terminal (set its title, write the clipboard).
 */
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
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
"       kbq --follow [--json] [--limit N] [--lang L] [--index PATH]\n"
"       kbq --check [--index PATH]\n"
"\n"
"Look up an error message, log line, code or symptom in the errkb index\n"
"and print what causes it and what to do.  The query is TEXT, else the\n"
"last 64 KiB of standard input once it ends.\n"
"\n"
"  --json        print {\"query\", \"results\": [...]} for programs\n"
"  --follow      answer each line of standard input as it arrives, each\n"
"                entry once (tail -f app.log | kbq --follow)\n"
"  --limit N     at most N results (default 5)\n"
"  --lang L      answer in language L (sv, sv-SE, sv_SE.UTF-8); default\n"
"                from LC_ALL, LC_MESSAGES or LANG, else English\n"
"  --index PATH  the index, or the folder kbc wrote it to; default\n"
"                $ERRKB_INDEX, then output/kb.idx, then\n"
"                " KBQ_DEFAULT_INDEX "\n"
"  --exhaustive  score every candidate exactly (slower; the same answers,\n"
"                which is what it is for: checking that)\n"
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

/*
 * Read fp to its end and keep its last max bytes (errors sit at the end
 * of logs), from the start of a line when the beginning was cut.
 */
static char *
read_tail(FILE *fp, size_t max, size_t *len)
{
	char	*s, *nl;
	size_t	 n, have = 0;
	int	 cut = 0;

	/* Twice max: the kept tail moves down once per max bytes read. */
	if ((s = malloc(2 * max + 1)) == NULL)
		return NULL;
	while ((n = fread(s + have, 1, 2 * max - have, fp)) > 0) {
		have += n;
		if (have == 2 * max) {
			memmove(s, s + max, max);
			have = max;
			cut = 1;
		}
	}
	if (ferror(fp)) {
		free(s);
		return NULL;
	}
	if (have > max) {
		memmove(s, s + have - max, max);
		have = max;
		cut = 1;
	}
	if (cut && (nl = memchr(s, '\n', have)) != NULL &&
	    nl + 1 < s + have) {
		n = (size_t)(nl + 1 - s);
		memmove(s, nl + 1, have - n);
		have -= n;
	}
	s[have] = '\0';
	*len = have;
	return s;
}

/*
 * The UTF-8 sequence at u[0..n): its length, with its code point in *cp;
 * 0 when it is not valid UTF-8 (overlong, surrogate, cut short).
 */
static size_t
utf8(const unsigned char *u, size_t n, unsigned *cp)
{
	unsigned	 c = u[0];
	size_t		 k, j;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	k = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 :
	    c >= 0xf0 && c <= 0xf4 ? 3 : 0;
	*cp = c & (0x3f >> k);
	for (j = 1; k && j <= k; j++) {
		if (j >= n || (u[j] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (u[j] & 0x3f);
	}
	if (k == 0 || (k == 2 && (*cp < 0x800 || (*cp >= 0xd800 &&
	    *cp <= 0xdfff))) || (k == 3 && (*cp < 0x10000 ||
	    *cp > 0x10ffff)))
		return 0;
	return k + 1;
}

/* Characters a terminal acts on: C0, DEL, C1 (ESC's 8-bit forms) and
 * the bidirectional overrides that reorder what is shown. */
static int
is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Print s[0..n) for a terminal: controls and bytes that are not UTF-8
 * become '?'. */
static void
t_put(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, k;
	unsigned		 cp;

	for (i = 0; i < n; i += k ? k : 1) {
		k = utf8(u + i, n - i, &cp);
		if (k == 0 || is_control(cp))
			putchar('?');
		else
			fwrite(u + i, 1, k, stdout);
	}
}

static void
t_puts(const char *s)
{
	t_put(s, strlen(s));
}

/*
 * Write s as a JSON string: escape quotes, backslashes and control
 * characters (C1 and the bidirectional overrides too, so that the raw
 * output is safe on a terminal), and replace every byte that is not
 * valid UTF-8 with U+FFFD so the output always parses.
 */
static void
json_str(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, k;
	unsigned		 cp;

	putchar('"');
	for (i = 0; i < n; i += k ? k : 1) {
		k = utf8(u + i, n - i, &cp);
		if (k == 0)
			fputs("\\ufffd", stdout);
		else if (cp == '"' || cp == '\\')
			printf("\\%c", cp);
		else if (cp == '\n')
			fputs("\\n", stdout);
		else if (cp == '\t')
			fputs("\\t", stdout);
		else if (is_control(cp))
			printf("\\u%04x", cp);
		else
			fwrite(u + i, 1, k, stdout);
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
	{ "url",	kbq_result_url },
};

/* The sub-items of fix f's actions, a list per action, when it has any. */
static void
json_items(const kbq_result *r, int i, int f)
{
	int	 j, k, n = kbq_fix_nactions(r, i, f), any = 0;

	for (j = 0; j < n && !any; j++)
		any = kbq_action_nitems(r, i, f, j) > 0;
	if (!any)
		return;
	fputs(", \"action_items\": [", stdout);
	for (j = 0; j < n; j++) {
		fputs(j ? ", [" : "[", stdout);
		for (k = 0; k < kbq_action_nitems(r, i, f, j); k++) {
			fputs(k ? ", " : "", stdout);
			json_s(kbq_action_item(r, i, f, j, k));
		}
		putchar(']');
	}
	putchar(']');
}

/* Print the results i with show[i] set (all when show is NULL). */
static void
print_json(const char *q, size_t qlen, const kbq_result *r,
    const char *show)
{
	size_t	 k;
	int	 i, j, f, n, nr = 0;

	fputs("{\"query\": ", stdout);
	json_str(q, qlen);
	fputs(", \"results\": [", stdout);
	for (i = 0; i < kbq_result_count(r); i++) {
		if (show != NULL && !show[i])
			continue;
		printf("%s{\"score\": %.3f", nr++ ? ", " : "",
		    kbq_result_score(r, i));
		for (k = 0; k < sizeof(json_fields) / sizeof(json_fields[0]);
		    k++) {
			printf(", \"%s\": ", json_fields[k].name);
			json_s(json_fields[k].get(r, i));
		}
		printf(", \"line\": %d", kbq_result_line(r, i));
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
			fputs("]", stdout);
			json_items(r, i, f);
			fputs("}", stdout);
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
 * Print text wrapped at spaces to the terminal width, the cursor being
 * at column indent, continuation lines indented as much.
 */
static void
print_wrapped(const char *text, int indent, const char *sgr)
{
	const char	*p = text, *end;
	int		 col, w, avail = o_width - indent;

	if (avail < 20)
		avail = 20;
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
		t_put(p, (size_t)(end - p));
		if (o_color && sgr)
			fputs("\033[0m", stdout);
		col += w;
		p = end;
	}
	putchar('\n');
}

/* Print "label  text", the text wrapped under itself. */
static void
print_field(const char *label, const char *text, const char *sgr)
{
	if (*text == '\0')
		return;
	printf("   %s%-9s%s", o_color ? "\033[2m" : "", label,
	    o_color ? "\033[0m" : "");
	print_wrapped(text, 12, sgr);
}

/* Print a sub-item of an action, as "- text" under the action's text. */
static void
print_item(const char *text)
{
	if (*text == '\0')
		return;
	printf("%12s- ", "");
	print_wrapped(text, 14, NULL);
}

static void
print_text(const kbq_result *r, const char *show)
{
	char	 buf[64];
	int	 i, j, k, f, n, nr = 0;

	for (i = 0; i < kbq_result_count(r); i++) {
		if (show != NULL && !show[i])
			continue;
		if (nr++ > 0)
			putchar('\n');
		snprintf(buf, sizeof(buf), "%d.", nr);
		printf("%s%-3s%s", o_color ? "\033[1m" : "", buf,
		    o_color ? "\033[0m" : "");
		t_puts(kbq_result_kind(r, i));
		printf(" %s(score %.2f)%s\n", o_color ? "\033[2m" : "", kbq_result_score(r, i),
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
			for (j = 0; j < n; j++) {
				print_field("Action",
				    kbq_fix_action(r, i, f, j), "\033[32m");
				for (k = 0; k < kbq_action_nitems(r, i, f, j); k++)
					print_item(kbq_action_item(r, i, f, j, k));
			}
		}
		if (kbq_result_untranslated(r, i))
			print_field("Note", "no sure translation of this "
			    "entry in the asked language; shown as written",
			    NULL);
		print_field("Article", kbq_result_title(r, i), NULL);
		print_field("Section", kbq_result_section(r, i), NULL);
		printf("   %s%-9s%s", o_color ? "\033[2m" : "", "See",
		    o_color ? "\033[0m" : "");
		t_puts(kbq_result_article(r, i));
		putchar('#');
		t_puts(kbq_result_anchor(r, i));
		if (kbq_result_line(r, i) > 0)
			printf(" (line %d)", kbq_result_line(r, i));
		putchar('\n');
		if (*kbq_result_url(r, i) != '\0')
			print_field("Online", kbq_result_url(r, i), NULL);
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

/*
 * The index: opt, else $ERRKB_INDEX, else output/kb.idx, else the
 * installed one.  A folder stands for the kb.idx in it (kbc build's -o).
 * *given is set when the user named it.
 */
static const char *
find_index(const char *opt, char *buf, size_t size, int *given)
{
	struct stat	 st;
	const char	*p = opt;

	if (p == NULL && (p = getenv("ERRKB_INDEX")) != NULL && *p == '\0')
		p = NULL;
	*given = p != NULL;
	if (p == NULL)
		p = access("output/kb.idx", F_OK) == 0 ||
		    access("output/kb.idx.seg", F_OK) == 0 ? "output/kb.idx" :
		    KBQ_DEFAULT_INDEX;
	if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (size_t)snprintf(buf, size, "%s/kb.idx", p) < size)
		return buf;
	return p;
}

/* Say how to name an index, after one was not found. */
static void
no_index(int given)
{
	if (!given)
		fputs("kbq: no index in output/kb.idx or "
		    KBQ_DEFAULT_INDEX "\n", stderr);
	fputs("kbq: give one with --index PATH (a kb.idx, or the folder "
	    "'kbc build DOCS -o OUT'\nwrote it to) or $ERRKB_INDEX, or run "
	    "where output/kb.idx is (make kb)\n", stderr);
}

/* A hash of where result i is documented and what it says: an entry's
 * identity across lookups, for --follow. */
static uint64_t
entry_hash(const kbq_result *r, int i)
{
	const char	*f[4];
	uint64_t	 h = UINT64_C(0xcbf29ce484222325);
	size_t		 k;

	f[0] = kbq_result_article(r, i);
	f[1] = kbq_result_anchor(r, i);
	f[2] = kbq_result_message(r, i, 0);
	f[3] = kbq_result_code(r, i, 0);
	for (k = 0; k < 4; k++)
		for (const char *p = f[k]; ; p++) {
			h = (h ^ (unsigned char)*p) * UINT64_C(0x100000001b3);
			if (*p == '\0')
				break;
		}
	return h;
}

/*
 * kbq --follow: answer each line of standard input as it arrives; an
 * entry already printed is not printed again.  Lines longer than the
 * query limit keep their beginning.  Returns the exit status.
 */
static int
follow(kbq *db, const struct kbq_options *opt, int json)
{
	kbq_result	*res;
	uint64_t	*seen = NULL, h, *ns;
	size_t		 nseen = 0, cap = 0, len, k;
	char		*line, show[1000];
	int		 c = 0, i, nnew, any = 0, rc = KBQ_OK;

	if ((line = malloc(KBQ_MAXQUERY + 1)) == NULL)
		return -1;
	setup_output();
	while (c != EOF) {
		len = 0;
		while ((c = getchar()) != EOF && c != '\n')
			if (len < KBQ_MAXQUERY)
				line[len++] = (char)c;
		if (len == 0)
			continue;
		line[len] = '\0';
		if ((rc = kbq_lookup_opts(db, line, len, opt, &res)) !=
		    KBQ_OK)
			break;
		for (i = nnew = 0; i < kbq_result_count(res); i++) {
			h = entry_hash(res, i);
			for (k = 0; k < nseen && seen[k] != h; k++)
				continue;
			if ((show[i] = k == nseen) == 0)
				continue;
			if (nseen == cap) {
				cap = cap ? cap * 2 : 64;
				if ((ns = realloc(seen, cap *
				    sizeof(*seen))) == NULL) {
					rc = KBQ_NOMEM;
					break;
				}
				seen = ns;
			}
			seen[nseen++] = h;
			nnew++;
		}
		if (nnew > 0) {
			if (json)
				print_json(line, len, res, show);
			else {
				if (any)
					putchar('\n');
				print_text(res, show);
			}
			any = 1;
			if (fflush(stdout) != 0)
				c = EOF;
		}
		kbq_result_free(res);
		if (rc != KBQ_OK)
			break;
	}
	free(line);
	free(seen);
	if (rc != KBQ_OK || ferror(stdin) || ferror(stdout)) {
		fprintf(stderr, "kbq: %s\n", rc != KBQ_OK ? kbq_errstr(rc) :
		    ferror(stdout) ? "write error" : "reading standard input");
		return EX_ERROR;
	}
	return any ? EX_MATCH : EX_NOMATCH;
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
	char		*text = NULL, *end, ibuf[4096];
	size_t		 len = 0, n;
	long		 lim;
	int		 i, json = 0, check = 0, limit = KBQ_DEFLIMIT, rc, st;
	int		 fol = 0, given, exhaustive = 0;
	struct kbq_options opt;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else if (strcmp(a, "--json") == 0)
			json = 1;
		else if (strcmp(a, "--check") == 0)
			check = 1;
		else if (strcmp(a, "--follow") == 0)
			fol = 1;
		else if (strcmp(a, "--exhaustive") == 0)
			exhaustive = 1;
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

	if (fol && (check || i < argc))
		return bad_usage("%s takes no TEXT and no --check", "--follow");
	kbq_options_init(&opt);
	opt.limit = limit;
	opt.lang = lang != NULL ? lang : env_lang();
	opt.exhaustive = exhaustive;
	path = find_index(index, ibuf, sizeof(ibuf), &given);
	rc = kbq_open(path, &db);
	if (rc != KBQ_OK) {
		fprintf(stderr, "kbq: %s\n", kbq_errmsg(db));
		if (rc == KBQ_IOERR && access(path, F_OK) != 0)
			no_index(given);
		kbq_close(db);
		return EX_ERROR;
	}
	if (fol) {
		if ((st = follow(db, &opt, json)) == -1)
			goto nomem;
		kbq_close(db);
		return st;
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
	} else if ((text = read_tail(stdin, KBQ_MAXQUERY, &len)) == NULL) {
		fprintf(stderr, "kbq: reading standard input: %s\n",
		    errno ? strerror(errno) : "error");
		kbq_close(db);
		return EX_ERROR;
	}

	rc = kbq_lookup_opts(db, text, len, &opt, &res);
	if (rc != KBQ_OK) {
		if (rc == KBQ_NOMEM)
			goto nomem;
		fprintf(stderr, "kbq: lookup: %s\n", kbq_errstr(rc));
		st = EX_ERROR;
	} else {
		if (json)
			print_json(text, len, res, NULL);
		else {
			setup_output();
			if (kbq_result_count(res) == 0)
				fputs("kbq: no match\n", stderr);
			print_text(res, NULL);
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
