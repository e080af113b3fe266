/*
 * kbc.c: the errkb compiler's command line.
 *
 *   kbc build DOCS_DIR -o OUT [--locale L] [--werror] [--quiet] [--full]
 *       [--vocab FILE]
 *   kbc check DOCS_DIR [--locale L] [--werror] [--vocab FILE]
 *   kbc export KB
 *   kbc embed INDEX -o FILE.c [--symbol NAME]
 *   kbc report KB -o REPORT.html
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "embed.h"
#include "export.h"
#include "report.h"
#include "vocab.h"

#define KBC_VERSION "0.1.0"

static const char usage_text[] =
    "usage: kbc build DOCS_DIR -o OUT [--locale L] [--werror] [-Wno-NAME ...]\n"
    "                 [--quiet] [--full] [--jobs N] [--vocab FILE]\n"
    "       kbc check DOCS_DIR [--locale L] [--werror] [-Wno-NAME ...] [--jobs N]\n"
    "                 [--vocab FILE]\n"
    "       kbc export KB.sqlite\n"
    "       kbc embed KB.idx -o FILE.c [--symbol NAME]\n"
    "       kbc report KB.sqlite -o REPORT.html\n"
    "       kbc --help | --version\n";

static int
usage(void)
{
	fputs(usage_text, stderr);
	return KBC_USAGE;
}

/* The -W names kbc emits (man kbc: DIAGNOSTICS). */
static int
warning_known(const char *name)
{
	static const char *const names[] = {
		"missing-error-column", "row-cells", "missing-action", "unknown-header",
		"duplicate-anchor", "broken-link", "mojibake", "invalid-utf8", "nul-byte",
		"binary", "too-large", "table-size", "html-depth", "nesting-depth",
		"text-size", "unreadable", NULL
	};

	for (int i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static int
cmd_build(int argc, char **argv, int check)
{
	struct build_opts o;
	char locale[3], verr[1024];
	const char *vocab = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-o") == 0 && i + 1 < argc && !check)
			o.out = argv[++i];
		else if (strcmp(a, "--locale") == 0 && i + 1 < argc) {
			/* "sv", "sv-SE": stored as folders and front matter give it. */
			const char *l = argv[++i];

			if (!isalpha((unsigned char)l[0]) || !isalpha((unsigned char)l[1]) ||
			    (l[2] && l[2] != '-' && l[2] != '_'))
				goto bad;
			locale[0] = (char)tolower((unsigned char)l[0]);
			locale[1] = (char)tolower((unsigned char)l[1]);
			locale[2] = '\0';
			o.locale = locale;
		}
		else if (strcmp(a, "--werror") == 0 || strcmp(a, "-Werror") == 0)
			o.werror = 1;
		else if (strcmp(a, "--vocab") == 0 && i + 1 < argc) {
			/* Other words: what the last build extracted is stale. */
			vocab = argv[++i];
			o.full = 1;
		}
		else if (strncmp(a, "-Wno-", 5) == 0 && a[5]) {
			const char **nw = realloc(o.nowarn,
			    (size_t)(o.nnowarn + 1) * sizeof(*o.nowarn));

			if (nw == NULL)
				goto bad;
			o.nowarn = nw;
			o.nowarn[o.nnowarn++] = a + 5;
			if (!warning_known(a + 5))
				fprintf(stderr, "kbc: note: no warning is named '%s'\n", a + 5);
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
			o.quiet = 1;
		else if (strcmp(a, "--full") == 0 && !check)
			o.full = 1;
		else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && i + 1 < argc) {
			char *end;
			long j = strtol(argv[++i], &end, 10);

			if (*end || end == argv[i] || j < 1 || j > 1024)
				goto bad;
			o.jobs = (int)j;
		} else if (a[0] == '-' || o.docs)
			goto bad;
		else
			o.docs = a;
	}
	if (o.docs == NULL || (!check && o.out == NULL))
		goto bad;
	if (vocab_init(vocab, verr, sizeof(verr)) != 0) {
		fprintf(stderr, "kbc: %s\n", verr);
		free(o.nowarn);
		return KBC_USAGE;
	}
	rc = build_run(&o);
	free(o.nowarn);
	return rc;
bad:
	free(o.nowarn);
	return usage();
}

static int
cmd_export(int argc, char **argv)
{
	char err[1024];

	if (argc != 3)
		return usage();
	if (kb_export(argv[2], stdout, err, sizeof(err)) != 0) {
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
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--symbol") == 0 && i + 1 < argc)
			sym = argv[++i];
		else if (argv[i][0] == '-' || idx)
			return usage();
		else
			idx = argv[i];
	}
	if (idx == NULL || out == NULL)
		return usage();
	if ((rc = embed_write(idx, out, sym, err, sizeof(err))) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return rc == -1 ? KBC_KB : KBC_OUTPUT;
	}
	return KBC_OK;
}

static int
cmd_report(int argc, char **argv)
{
	const char *kb = NULL, *out = NULL;
	char err[1024];
	int rc;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' || kb)
			return usage();
		else
			kb = argv[i];
	}
	if (kb == NULL || out == NULL)
		return usage();
	if ((rc = kb_report(kb, out, err, sizeof(err))) != 0) {
		fprintf(stderr, "kbc: %s\n", err);
		return rc == -1 ? KBC_KB : KBC_OUTPUT;
	}
	return KBC_OK;
}

int
main(int argc, char **argv)
{
	/* Over a file size limit, a write should fail (EFBIG) and the build
	 * clean up after itself, not be killed half-way. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
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
	return usage();
}
