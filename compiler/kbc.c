/*
 * kbc.c: the errkb compiler's command line.
 *
 *   kbc build DOCS_DIR -o OUT [--locale L] [--werror] [--quiet] [--full]
 *       [--vocab FILE] ...
 *   kbc check DOCS_DIR [--locale L] [--werror] [--vocab FILE] ...
 *   kbc export KB|OUT
 *   kbc embed INDEX -o FILE.c [--symbol NAME]
 *   kbc report KB|OUT -o REPORT.html [--docs DOCS_DIR] [--per-page N]
 */
#include <sys/stat.h>

#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "build.h"
#include "embed.h"
#include "export.h"
#include "report.h"
#include "vocab.h"

#ifndef KBC_VERSION
#define KBC_VERSION "unknown"
#endif

static const char usage_text[] =
    "usage: kbc build DOCS_DIR -o OUT [--locale L] [--werror] [-Wno-NAME ...]\n"
    "                 [--quiet] [--full] [--jobs N] [--exclude GLOB ...]\n"
    "                 [--follow-outside] [--lock-timeout SECONDS] [--base-url URL]\n"
    "                 [--vocab FILE]\n"
    "       kbc check DOCS_DIR [--locale L] [--werror] [-Wno-NAME ...] [--jobs N]\n"
    "                 [--exclude GLOB ...] [--follow-outside] [--vocab FILE]\n"
    "       kbc export KB.sqlite|OUT\n"
    "       kbc embed KB.idx -o FILE.c [--symbol NAME]\n"
    "       kbc report KB.sqlite|OUT -o REPORT.html [--docs DOCS_DIR] [--per-page N]\n"
    "       kbc --help | --version\n";

static int
usage(void)
{
	fputs(usage_text, stderr);
	return KBC_USAGE;
}

/* Say what is wrong with the command line ("kbc build: missing -o OUT"). */
__attribute__((format(printf, 2, 3)))
static int
bad_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "kbc %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	return usage();
}

/* Is a one of the help options? */
static int
is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

/*
 * The value of option name at argv[*i]: "--name V", "--name=V", and for
 * a short option "-jV" too.  NULL if argv[*i] is not that option; *missing
 * set when it is but has no value.
 */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '\0') {
		if (*i + 1 >= argc) {
			*missing = 1;
			return NULL;
		}
		return argv[++*i];
	}
	if (a[n] == '=' && name[1] == '-')
		return a + n + 1;
	if (name[1] != '-' && name[2] == '\0')
		return a + n;	/* -j4 */
	return NULL;
}

/* A KB argument: a kb.sqlite, or the output folder that holds one. */
static const char *
kb_arg(const char *arg, char *buf, size_t bufsz)
{
	struct stat st;

	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(buf, bufsz, "%s%skb.sqlite", arg,
		    arg[strlen(arg) - 1] == '/' ? "" : "/");
		return buf;
	}
	return arg;
}

static int
cmd_build(int argc, char **argv, int check)
{
	const char *cmd = check ? "check" : "build";
	struct build_opts o;
	char locale[3] = "en", verr[1024];
	const char *vocab = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	o.lock_timeout = -1;
	o.locale = locale;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v;
		int missing = 0;

		if (is_help(a)) {
			fputs(usage_text, stdout);
			rc = KBC_OK;
			goto done;
		} else if (!check && (v = opt_value(argc, argv, &i, "-o", &missing)) != NULL)
			o.out = v;
		else if ((v = opt_value(argc, argv, &i, "--locale", &missing)) != NULL) {
			/* "sv", "sv-SE": stored as folders and front matter give it. */
			if (!isalpha((unsigned char)v[0]) || !isalpha((unsigned char)v[1]) ||
			    (v[2] && v[2] != '-' && v[2] != '_')) {
				rc = bad_usage(cmd, "--locale %s: not a locale (en, sv, de-de, ...)",
				    v);
				goto done;
			}
			locale[0] = (char)tolower((unsigned char)v[0]);
			locale[1] = (char)tolower((unsigned char)v[1]);
			locale[2] = '\0';
		} else if (strcmp(a, "--werror") == 0 || strcmp(a, "-Werror") == 0)
			o.werror = 1;
		else if ((v = opt_value(argc, argv, &i, "--vocab", &missing)) != NULL)
			vocab = v;	/* other words: the build key changes */
		else if (strncmp(a, "-Wno-", 5) == 0) {
			if (!warning_known(a + 5)) {
				rc = bad_usage(cmd, "%s: no warning is named '%s' (man kbc: "
				    "DIAGNOSTICS)", a, a + 5);
				goto done;
			}
			o.nowarn = realloc(o.nowarn, (size_t)(o.nnowarn + 1) * sizeof(*o.nowarn));
			if (o.nowarn == NULL)
				return KBC_NOMEM;
			o.nowarn[o.nnowarn++] = a + 5;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			o.quiet = 1;
		else if (strcmp(a, "--full") == 0 && !check)
			o.full = 1;
		else if (!check &&
		    (v = opt_value(argc, argv, &i, "--base-url", &missing)) != NULL)
			o.base_url = v;
		else if (strcmp(a, "--follow-outside") == 0)
			o.follow_outside = 1;
		else if ((v = opt_value(argc, argv, &i, "--exclude", &missing)) != NULL) {
			o.exclude = realloc(o.exclude,
			    (size_t)(o.nexclude + 1) * sizeof(*o.exclude));
			if (o.exclude == NULL)
				return KBC_NOMEM;
			o.exclude[o.nexclude++] = v;
		} else if (!check &&
		    (v = opt_value(argc, argv, &i, "--lock-timeout", &missing)) != NULL) {
			char *end;
			double t = strtod(v, &end);

			if (*end || end == v || !(t >= 0 && t <= 1e6)) {
				rc = bad_usage(cmd, "--lock-timeout %s: not a number of seconds", v);
				goto done;
			}
			o.lock_timeout = t;
		} else if ((v = opt_value(argc, argv, &i, "--jobs", &missing)) != NULL ||
		    (!missing && (v = opt_value(argc, argv, &i, "-j", &missing)) != NULL)) {
			char *end;
			long j = strtol(v, &end, 10);

			if (*end || end == v || j < 1 || j > 1024) {
				rc = bad_usage(cmd, "--jobs %s: not a number from 1 to 1024", v);
				goto done;
			}
			o.jobs = (int)j;
		} else if (missing) {
			rc = bad_usage(cmd, "%s needs a value", a);
			goto done;
		} else if (a[0] == '-' && a[1]) {
			rc = bad_usage(cmd, "unknown option %s", a);
			goto done;
		} else if (o.docs) {
			rc = bad_usage(cmd, "one DOCS_DIR only (%s, then %s)", o.docs, a);
			goto done;
		} else
			o.docs = a;
	}
	if (o.docs == NULL)
		rc = bad_usage(cmd, "missing DOCS_DIR");
	else if (!check && o.out == NULL)
		rc = bad_usage(cmd, "missing -o OUT");
	else if (vocab_init(vocab, verr, sizeof(verr)) != 0) {
		fprintf(stderr, "kbc: %s\n", verr);
		rc = KBC_USAGE;
	} else
		rc = build_run(&o);
done:
	free(o.nowarn);
	free(o.exclude);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	char err[1024], buf[4096];
	const char *kb;

	if (argc == 3 && is_help(argv[2])) {
		fputs(usage_text, stdout);
		return KBC_OK;
	}
	if (argc < 3)
		return bad_usage("export", "missing KB.sqlite (or the output folder)");
	if (argc > 3)
		return bad_usage("export", "one KB only");
	if (argv[2][0] == '-' && argv[2][1])
		return bad_usage("export", "unknown option %s", argv[2]);
	kb = kb_arg(argv[2], buf, sizeof(buf));
	if (kb_export(kb, stdout, err, sizeof(err)) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return KBC_KB;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("kbc: stdout");
		return KBC_OUTPUT;
	}
	return KBC_OK;
}

static int
cmd_embed(int argc, char **argv)
{
	const char *idx = NULL, *out = NULL, *sym = NULL;
	char err[1024];
	int rc;

	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_text, stdout);
			return KBC_OK;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--symbol") == 0 && i + 1 < argc)
			sym = argv[++i];
		else if (argv[i][0] == '-')
			return bad_usage("embed", "unknown option or missing value: %s",
			    argv[i]);
		else if (idx)
			return bad_usage("embed", "one KB.idx only");
		else
			idx = argv[i];
	}
	if (idx == NULL)
		return bad_usage("embed", "missing KB.idx");
	if (out == NULL)
		return bad_usage("embed", "missing -o FILE.c");
	if ((rc = embed_write(idx, out, sym, err, sizeof(err))) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return rc == -1 ? KBC_KB : KBC_OUTPUT;
	}
	return KBC_OK;
}

static int
cmd_report(int argc, char **argv)
{
	struct report_opts o = { NULL, REPORT_PER_PAGE };
	const char *kb = NULL, *out = NULL;
	char err[1024], buf[4096], *end;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (is_help(argv[i])) {
			fputs(usage_text, stdout);
			return KBC_OK;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--docs") == 0 && i + 1 < argc)
			o.docs = argv[++i];
		else if (strcmp(argv[i], "--per-page") == 0 && i + 1 < argc) {
			o.per_page = strtoul(argv[++i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || *argv[i] == '-')
				return bad_usage("report", "bad --per-page: %s",
				    argv[i]);
		} else if (argv[i][0] == '-')
			return bad_usage("report", "unknown option or missing value: %s",
			    argv[i]);
		else if (kb)
			return bad_usage("report", "one KB only");
		else
			kb = argv[i];
	}
	if (kb == NULL)
		return bad_usage("report", "missing KB.sqlite (or the output folder)");
	if (out == NULL)
		return bad_usage("report", "missing -o REPORT.html");
	if ((rc = kb_report(kb_arg(kb, buf, sizeof(buf)), out, &o, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return rc == -1 ? KBC_KB : rc == -3 ? KBC_USAGE : KBC_OUTPUT;
	}
	return KBC_OK;
}

int
main(int argc, char **argv)
{
	/* Over a file size limit, a write should fail (EFBIG) and the build
	 * clean up after itself, not be killed half-way. */
	signal(SIGXFSZ, SIG_IGN);
	/* No count of SQLite's memory: it takes a global mutex at every
	 * allocation, and the KB writer allocates for every row it binds. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (argc < 2) {
		fputs("kbc: missing command (build, check, export, embed, report)\n", stderr);
		return usage();
	}
	if (is_help(argv[1])) {
		fputs(usage_text, stdout);
		return KBC_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("kbc %s\n", KBC_VERSION);
		return KBC_OK;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc, argv, 0);
	if (strcmp(argv[1], "check") == 0)
		return cmd_build(argc, argv, 1);
	if (strcmp(argv[1], "export") == 0)
		return cmd_export(argc, argv);
	if (strcmp(argv[1], "embed") == 0)
		return cmd_embed(argc, argv);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report(argc, argv);
	fprintf(stderr, "kbc: unknown command '%s'\n", argv[1]);
	return usage();
}
