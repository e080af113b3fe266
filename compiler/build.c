/*
 * build.c: the build driver.
 *
 * 1. List every *.md below DOCS_DIR (symbolic links followed, each folder
 *    once, links out of DOCS_DIR skipped), sorted bytewise: the order of
 *    the KB never depends on readdir().
 * 2. Start from a copy of the previous KB when it is sound (it is not
 *    trusted: kb_open() checks it first) and was built with the same build
 *    key: articles whose bytes hash the same are kept, changed ones
 *    re-extracted, vanished ones dropped.  Otherwise start from an empty KB.
 *    Articles are read and extracted by worker threads (one per core) and
 *    written to SQLite by this thread strictly in list order, so the KB is
 *    byte-identical whatever the number of threads.
 * 3. Write kb.sqlite and kb.idx under temporary names in the output
 *    folder, fsync them, and rename them into place; a failed, interrupted
 *    or killed build leaves the previous pair untouched.  A lock file keeps
 *    two builds from writing the same folder.  Temporary names are unique
 *    and never opened through a symbolic link (tmp_create()).
 */
#ifdef __linux__
#define _GNU_SOURCE	/* copy_file_range() */
#endif
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>

#ifdef __linux__
#include <linux/fs.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <sqlite3.h>
#include <cmark-gfm-core-extensions.h>

#include "article.h"
#include "build.h"
#include "extract.h"
#include "frontmatter.h"
#include "idx_write.h"
#include "kb_write.h"
#include "outdir.h"
#include "statcache.h"
#include "text.h"
#include "vocab.h"

/* Temporary files, removed by the signal handler. */
static char tmp_kb[4096], tmp_idx[4096];

/* Remove the temporary files (async-signal-safe: unlink only). */
static void
remove_tmp(void)
{
	if (tmp_kb[0])
		unlink(tmp_kb);
	if (tmp_idx[0])
		unlink(tmp_idx);
}

static void
on_signal(int sig)
{
	if (tmp_kb[0])
		unlink(tmp_kb);
	if (tmp_idx[0])
		unlink(tmp_idx);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* An article file found below the docs folder. */
struct file {
	char		*path;		/* relative to the docs folder */
	struct file_stamp st;		/* as stat(2) saw it while listing */
};

struct filelist {
	struct file	*v;
	size_t		 n, cap;
	struct strv	 bad;		/* folders (relative, with '/') not fully read */
	struct strv	 why;		/* and why, one each */
};

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

/* Is path in the (sorted) list? */
static int
listed(const struct filelist *fl, const char *path)
{
	struct file key;

	memset(&key, 0, sizeof(key));
	key.path = (char *)path;

	return bsearch(&key, fl->v, fl->n, sizeof(*fl->v), cmp_file) != NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Folders already entered, by device and inode: each is read once,
 * however many symbolic links lead to it (a loop, or a fan-out of links
 * that would list the same articles thousands of times).
 */
static int
seen_add(struct sset *seen, dev_t dev, ino_t ino)
{
	char k[64];

	snprintf(k, sizeof(k), "%llx:%llx", (unsigned long long)dev,
	    (unsigned long long)ino);
	if (sset_has(seen, k))
		return 0;
	sset_add(seen, k);
	return 1;
}

/* What the walk needs to know besides the list it fills. */
struct walker {
	const struct build_opts	*o;
	struct sset		 seen;		/* "dev:ino" of every folder entered */
	char			*realroot;	/* realpath of DOCS_DIR */
	size_t			 outside;	/* *.md links out of DOCS_DIR skipped */
	struct strv		 outpaths;	/* and their paths */
	struct strv		 globs;		/* --exclude and .kbcignore */
};

/*
 * Is the file or folder rel (below DOCS_DIR) left out by --exclude or
 * .kbcignore?  A glob with a '/' matches the whole path, one without
 * matches a name at any level, as in .gitignore.
 */
static int
excluded(const struct walker *w, const char *rel, const char *name)
{
	for (size_t i = 0; i < w->globs.n; i++) {
		const char *g = w->globs.v[i];

		if (fnmatch(g, strchr(g, '/') ? rel : name, 0) == 0)
			return 1;
	}
	return 0;
}

/* The globs of --exclude and of DOCS_DIR/.kbcignore (one a line, # comments). */
static void
load_globs(struct walker *w)
{
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	for (int i = 0; i < w->o->nexclude; i++)
		strv_add(&w->globs, w->o->exclude[i]);
	snprintf(path, sizeof(path), "%s/.kbcignore", w->o->docs);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *p = line;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
		    line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (*p == '/')
			p++;	/* "/drafts": anchored at the docs folder, as it is */
		strv_add(&w->globs, p);
	}
	free(line);
	fclose(f);
}

/* Remember that the folder rel could not be read in full, and why. */
static void
walk_bad(struct filelist *fl, const char *rel, const char *why)
{
	struct buf b = {0};

	buf_printf(&b, "%s%s", rel, *rel ? "/" : "");
	strv_push(&fl->bad, buf_take(&b));
	strv_add(&fl->why, why);
}

/* Does the file full, a symbolic link, resolve to a place below the docs folder? */
static int
inside_docs(const struct walker *w, const char *full)
{
	char *r = realpath(full, NULL);
	size_t n = w->realroot ? strlen(w->realroot) : 0;
	int in;

	if (r == NULL || w->realroot == NULL) {
		free(r);
		return 0;
	}
	in = strncmp(r, w->realroot, n) == 0 && (r[n] == '/' ||
	    (n == 1 && w->realroot[0] == '/'));
	free(r);
	return in;
}

/*
 * List the *.md files below root/rel into fl, following symbolic links,
 * each folder once.  Entries are taken in bytewise order, so which of two
 * links to one folder is kept never depends on readdir().  What cannot be
 * read (a folder, an entry, too deep) is noted in fl->bad: the build
 * warns, and keeps the KB's articles below such a folder rather than
 * taking them for deleted.
 */
static void
walk(struct walker *w, const char *root, const char *rel, struct filelist *fl,
    int depth)
{
	char path[4096];
	DIR *d;
	struct dirent *de;
	struct stat st;
	struct strv names = {0};

	snprintf(path, sizeof(path), "%s%s%s", root, *rel ? "/" : "", rel);
	if (stat(path, &st) != 0) {
		walk_bad(fl, rel, strerror(errno));
		return;
	}
	if (depth >= 32) {
		walk_bad(fl, rel, "folders nested more than 32 deep; not read");
		return;
	}
	if (!seen_add(&w->seen, st.st_dev, st.st_ino))
		return;	/* reached before by another path: read once is enough */
	if ((d = opendir(path)) == NULL) {
		walk_bad(fl, rel, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strv_add(&names, de->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof(*names.v), cmp_str);
	/* Two passes: real folders before links to folders, so that a folder
	 * a link leads back to is known by its own path. */
	for (size_t k = 0, pass = 0; pass < 2; k = 0, pass++)
	for (; k < names.n; k++) {
		char sub[4096], full[4096];
		const char *name = names.v[k];
		size_t n = strlen(name);
		struct stat lst;
		int islink;

		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "",
		    name) >= (int)sizeof(sub) ||
		    snprintf(full, sizeof(full), "%s/%s", root, sub) >= (int)sizeof(full)) {
			walk_bad(fl, rel, "a path too long to read");
			continue;
		}
		if (excluded(w, sub, name))
			continue;
		islink = lstat(full, &lst) == 0 && S_ISLNK(lst.st_mode);
		if (stat(full, &st) != 0) {
			/* A dangling link is no article; anything else is a loss. */
			if (errno != ENOENT && pass == 0)
				walk_bad(fl, sub, strerror(errno));
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (pass == (islink ? 1 : 0))
				walk(w, root, sub, fl, depth + 1);
		} else if (pass == 1)
			continue;
		else if (S_ISREG(st.st_mode) && n > 3 && strcmp(name + n - 3, ".md") == 0) {
			struct file *f;

			/* An article link out of the docs (/etc/..., a home folder)
			 * would publish a file nobody meant to. */
			if (!w->o->follow_outside && islink && !inside_docs(w, full)) {
				w->outside++;
				strv_add(&w->outpaths, sub);
				continue;
			}
			VEC_PUSH(fl->v, fl->n, fl->cap);
			f = &fl->v[fl->n - 1];
			f->path = xstrdup(sub);
			f->st.size = (long long)st.st_size;
			f->st.mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
			    st.st_mtim.tv_nsec;
			f->st.ctime = (long long)st.st_ctim.tv_sec * 1000000000LL +
			    st.st_ctim.tv_nsec;
			f->st.ino = (long long)st.st_ino;
		}
	}
	strv_free(&names);
}

/* A 128-bit digest of the bytes (two FNV-1a-style lanes with a final
 * mix): enough to tell an edited article from an unchanged one. */
static void
digest(const char *p, size_t n, char out[33])
{
	uint64_t h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL ^ n;

	for (size_t i = 0; i < n; i++) {
		h1 = (h1 ^ (unsigned char)p[i]) * 0x100000001b3ULL;
		h2 = (h2 ^ (unsigned char)p[i]) * 0x9E3779B97F4A7C15ULL;
		h2 ^= h2 >> 29;
	}
	h1 ^= h1 >> 33;
	h1 *= 0xff51afd7ed558ccdULL;
	h1 ^= h1 >> 33;
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

/* Add the string s and its terminating NUL to the digest input b. */
static void
key_add(struct buf *b, const char *s)
{
	buf_add(b, s ? s : "", strlen(s ? s : "") + 1);
}

/*
 * The vocabulary in force, as bytes for the build key: every word with
 * its role and language.  A runtime vocabulary (replacing vocab_words[])
 * must be hashed here too.
 */
static void
key_vocab(struct buf *b)
{
	for (const struct vocab_word *w = vocab_in_use(); w->role; w++) {
		key_add(b, w->role);
		key_add(b, w->lang);
		key_add(b, w->words);
	}
}

void
build_key(const struct build_opts *o, char out[33])
{
	struct buf b = {0};

	key_add(&b, "kbc " KBC_VERSION);
	key_vocab(&b);
	/* The options that change what is extracted. */
	key_add(&b, "locale");
	key_add(&b, o->locale);
	key_add(&b, "base-url");
	key_add(&b, o->base_url);
	digest(b.s, b.len, out);
	buf_free(&b);
}

int
warning_known(const char *name)
{
	static const char *const names[] = {
		"missing-error-column", "row-cells", "missing-action", "unknown-header",
		"duplicate-anchor", "broken-link", "mojibake", "invalid-utf8", "nul-byte",
		"binary", "too-large", "table-size", "html-depth", "nesting-depth",
		"text-size", "unreadable", "outside-docs", NULL
	};

	for (int i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

static char *
read_file(const char *path, size_t *len, int *toobig)
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
 * The progress line: on a terminal only, redrawn at most ten times a
 * second, and wiped before anything else is printed to stderr.
 */
static struct {
	int		on;
	int		shown;
	struct timespec	start, last;
} progress;

static void
progress_clear(void)
{
	if (progress.shown) {
		fputs("\r\033[K", stderr);
		progress.shown = 0;
	}
}

static void
progress_update(size_t done, size_t total)
{
	struct timespec now;
	double el, rate;

	if (!progress.on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (done < total && (now.tv_sec - progress.last.tv_sec) * 1000000000L +
	    (now.tv_nsec - progress.last.tv_nsec) < 100000000L)
		return;
	progress.last = now;
	el = (double)(now.tv_sec - progress.start.tv_sec) +
	    (double)(now.tv_nsec - progress.start.tv_nsec) / 1e9;
	rate = el > 0 ? (double)done / el : 0;
	fprintf(stderr, "\r\033[Kkbc: %zu/%zu articles, %.0f/s", done, total, rate);
	fflush(stderr);
	progress.shown = 1;
}

/* A phase with no count to show ("writing the index"). */
static void
progress_note(const char *what)
{
	if (!progress.on)
		return;
	fprintf(stderr, "\r\033[Kkbc: %s", what);
	fflush(stderr);
	progress.shown = 1;
}

/*
 * Print a diagnostic unless -Wno-NAME turned it off.  Returns 1 when it
 * counts (printed), 0 when it was turned off.  The KB keeps them all.
 * rel is relative to the docs folder (NULL: the folder itself); it is
 * printed as the user would type it, DOCS_DIR/rel, as cc prints paths.
 * Every string but sev may come from a document or an old KB: printed
 * without control characters, so no escape sequence reaches a terminal.
 */
static int
print_diag(const struct build_opts *o, const char *rel, int line, int col,
    const char *sev, const char *name, const char *text)
{
	size_t dl = strlen(o->docs);

	name = name ? name : "";
	for (int i = 0; i < o->nnowarn; i++)
		if (strcmp(o->nowarn[i], name) == 0)
			return 0;
	progress_clear();
	/* "docs/" and "docs" print alike; "/" stays "/". */
	while (dl > 1 && o->docs[dl - 1] == '/')
		dl--;
	if (rel == NULL || *rel == '\0')
		fprintf(stderr, "%.*s", (int)dl, o->docs);
	else if (strcmp(o->docs, ".") == 0)
		term_puts(rel, stderr);
	else {
		fprintf(stderr, "%.*s%s", (int)dl, o->docs, o->docs[dl - 1] == '/' ? "" : "/");
		term_puts(rel, stderr);
	}
	fprintf(stderr, ":%d:%d: %s: ", line, col,
	    sev && strcmp(sev, "error") == 0 ? "error" : "warning");
	term_puts(text, stderr);
	fputs(" [-W", stderr);
	term_puts(name, stderr);
	fputs("]\n", stderr);
	return 1;
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

/* Read, sanitize and extract one article.  NULL: skipped (said why). */
static struct article *
compile_one(const struct build_opts *o, const char *rel, const char *bytes, size_t len)
{
	struct article *a = article_new(rel);
	struct buf clean = {0};
	int bad, nul, line;
	size_t zeros = 0, probe = len < 8192 ? len : 8192;

	for (size_t i = 0; i < probe; i++)
		zeros += bytes[i] == '\0';
	digest(bytes, len, a->hash);
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
	extract_article(a, clean.s ? clean.s : "", clean.len, o->locale);
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

/*
 * The stored diagnostics of an article kept from the last build: counted
 * (what -Wno- leaves on), and printed only when say is set.  As make, a
 * rebuild shows what the changed articles say, and a summary of the rest.
 */
static int
replay_diags(const struct build_opts *o, sqlite3 *db, const char *path, int say)
{
	sqlite3_stmt *st;
	int n = 0;

	if (sqlite3_prepare_v2(db, "SELECT d.line, d.col, d.severity, d.name, d.text"
	    " FROM diagnostics d JOIN articles a ON a.id = d.article_id WHERE a.path = ?"
	    " ORDER BY d.id", -1, &st, NULL) != SQLITE_OK)
		return print_diag(o, path, 1, 1, "warning", "unreadable",
		    "the previous build's diagnostics cannot be read");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int off = 0;

		for (int i = 0; i < o->nnowarn; i++)
			off |= strcmp(o->nowarn[i], kb_col(st, 3)) == 0;
		if (off)
			continue;
		if (say)
			print_diag(o, path, sqlite3_column_int(st, 0), sqlite3_column_int(st, 1),
			    kb_col(st, 2), kb_col(st, 3), kb_col(st, 4));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

/*
 * Copy the previous KB to build on.  Cheapest first: a reflink shares the
 * blocks (btrfs, XFS), copy_file_range() copies inside the kernel, and
 * read/write works everywhere.
 */
static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), out;
	char b[65536];
	ssize_t n = 0;
	struct stat st;

	if (in < 0)
		return -1;
	/* to is our own new temporary file (tmp_create). */
	out = open(to, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
	if (out < 0 || fstat(in, &st) != 0) {
		close(in);
		if (out >= 0)
			close(out);
		return -1;
	}
#ifdef FICLONE
	if (ioctl(out, FICLONE, in) == 0)
		goto done;
#endif
#ifdef __linux__
	{
		off_t left = st.st_size;

		while (left > 0 && (n = copy_file_range(in, NULL, out, NULL, (size_t)left, 0)) > 0)
			left -= n;
		if (left == 0)
			goto done;
		if (lseek(in, 0, SEEK_SET) != 0 || ftruncate(out, 0) != 0 ||
		    lseek(out, 0, SEEK_SET) != 0) {
			n = -1;
			goto done;
		}
	}
#endif
	while ((n = read(in, b, sizeof(b))) > 0)
		if (write(out, b, (size_t)n) != n) {
			n = -1;
			break;
		}
done:
	close(in);
	if (close(out) != 0 || n < 0)
		return -1;
	return 0;
}

static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static double
since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Index of path in the sorted list v, or -1. */
static long
find_sorted(const struct strv *v, const char *path)
{
	char **hit = bsearch(&path, v->v, v->n, sizeof(char *), cmp_str);

	return hit ? hit - v->v : -1;
}

/*
 * One article's way through the build.  A worker fills it; the main
 * thread consumes it in list order.
 */
enum job_state { JOB_TODO, JOB_DONE };

enum job_kind {
	JOB_COMPILED,	/* a: extracted */
	JOB_UNCHANGED,	/* same bytes as in the previous KB: keep its rows */
	JOB_UNREADABLE,	/* err: why */
	JOB_TOOBIG
};

struct job {
	enum job_state	 state;
	enum job_kind	 kind;
	struct article	*a;
	int		 err;
	char		 hash[33];	/* of the bytes, "" if unread */
};

struct pool {
	const struct build_opts	*o;
	const struct filelist	*fl;
	const struct strv	*old_paths;	/* previous KB, sorted */
	const struct strv	*old_hashes;
	const struct statcache	*cache;		/* previous build's stat cache */
	struct job		*jobs;
	size_t			 next;		/* next job a worker takes */
	size_t			 consumed;	/* jobs the main thread is done with */
	int			 stop;
	pthread_mutex_t		 mu;
	pthread_cond_t		 done;		/* a job finished */
	pthread_cond_t		 room;		/* the window moved */
};

/* Jobs a worker may run ahead of the main thread: bounds memory. */
#define POOL_WINDOW 64

static void
run_job(struct pool *p, size_t i, struct job *j)
{
	const struct file *f = &p->fl->v[i];
	const struct stat_entry *c;
	char full[8192];
	size_t len;
	int toobig;
	char *bytes;

	/* Same size, times and inode as last time, and the KB has those
	 * bytes: keep the article without reading it. */
	if (p->old_paths && p->cache && (c = statcache_find(p->cache, f->path)) != NULL &&
	    stamp_equal(&c->st, &f->st)) {
		long k = find_sorted(p->old_paths, f->path);

		if (k >= 0 && strcmp(c->hash, p->old_hashes->v[k]) == 0) {
			snprintf(j->hash, sizeof(j->hash), "%s", c->hash);
			j->kind = JOB_UNCHANGED;
			return;
		}
	}

	if (snprintf(full, sizeof(full), "%s/%s", p->o->docs, p->fl->v[i].path) >=
	    (int)sizeof(full)) {
		j->kind = JOB_UNREADABLE;
		j->err = ENAMETOOLONG;
		return;
	}
	if ((bytes = read_file(full, &len, &toobig)) == NULL) {
		j->kind = JOB_UNREADABLE;
		j->err = errno ? errno : EIO;
		return;
	}
	if (toobig) {
		j->kind = JOB_TOOBIG;
		free(bytes);
		return;
	}
	digest(bytes, len, j->hash);
	if (p->old_paths) {
		long k = find_sorted(p->old_paths, p->fl->v[i].path);

		if (k >= 0 && strcmp(j->hash, p->old_hashes->v[k]) == 0) {
			j->kind = JOB_UNCHANGED;
			free(bytes);
			return;
		}
	}
	j->a = compile_one(p->o, p->fl->v[i].path, bytes, len);
	j->kind = JOB_COMPILED;
	free(bytes);
}

static void *
worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;
		struct job j = { JOB_TODO, JOB_COMPILED, NULL, 0, "" };

		pthread_mutex_lock(&p->mu);
		while (!p->stop && p->next < p->fl->n && p->next >= p->consumed + POOL_WINDOW)
			pthread_cond_wait(&p->room, &p->mu);
		if (p->stop || p->next >= p->fl->n) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		i = p->next++;
		pthread_mutex_unlock(&p->mu);

		run_job(p, i, &j);

		pthread_mutex_lock(&p->mu);
		p->jobs[i] = j;
		p->jobs[i].state = JOB_DONE;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Threads to extract with: --jobs, else one per online core, at most 16. */
static int
thread_count(const struct build_opts *o)
{
	long n = o->jobs > 0 ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 16 ? 16 : (int)n;
}

/* Drop the stored articles that the list no longer has; count them in *n. */
static int
drop_vanished(sqlite3 *db, const struct filelist *fl, const struct strv *old,
    size_t *n, char *err, size_t errsz)
{
	for (size_t i = 0; i < old->n; i++) {
		const char *p = old->v[i];
		int unread = 0;

		for (size_t k = 0; k < fl->bad.n; k++)
			unread |= strncmp(p, fl->bad.v[k], strlen(fl->bad.v[k])) == 0;
		if (listed(fl, p) || unread)
			continue;
		if (kb_drop(db, p, err, errsz))
			return -1;
		(*n)++;
	}
	return 0;
}

struct counts {
	size_t	warnings, entries, compiled, skipped;
	size_t	dropped;	/* articles taken out of the KB */
	size_t	kept_warnings;	/* of unchanged articles, not printed again */
	size_t	kept_articles;
	double	wait, write;	/* seconds the writer waited for and wrote articles */
};

/*
 * Extract every article (in worker threads) and write each to the KB (in
 * this thread, in order).  db NULL: check only.  Returns 0, or -1 with err.
 */
static int
compile_all(const struct build_opts *o, const struct filelist *fl, sqlite3 *db,
    const struct strv *old_paths, const struct strv *old_hashes,
    const struct statcache *cache, struct statcache *now, struct counts *c,
    char *err, size_t errsz)
{
	struct pool p;
	struct kb_writer *w = NULL;
	pthread_t th[16];
	int nth = thread_count(o), started = 0, rc = 0;

	memset(&p, 0, sizeof(p));
	p.o = o;
	p.fl = fl;
	p.old_paths = old_paths;
	p.old_hashes = old_hashes;
	p.cache = cache;
	p.jobs = xcalloc(fl->n + 1, sizeof(*p.jobs));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done, NULL);
	pthread_cond_init(&p.room, NULL);
	if (db && (w = kb_writer_new(db, err, errsz)) == NULL) {
		rc = -1;
		goto out;
	}
	if (w)
		kb_writer_base_url(w, o->base_url);
	/* Both libraries keep global tables: set them up before the threads. */
	xmlInitParser();
	cmark_gfm_core_extensions_ensure_registered();
	for (int t = 0; t < nth; t++)
		if (pthread_create(&th[t], NULL, worker, &p) == 0)
			started++;
	if (started == 0) {
		snprintf(err, errsz, "cannot start a thread");
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < fl->n; i++) {
		struct job *j = &p.jobs[i];
		struct timespec tw;

		clock_gettime(CLOCK_MONOTONIC, &tw);
		pthread_mutex_lock(&p.mu);
		while (j->state != JOB_DONE)
			pthread_cond_wait(&p.done, &p.mu);
		pthread_mutex_unlock(&p.mu);
		c->wait += since(&tw);
		clock_gettime(CLOCK_MONOTONIC, &tw);

		if (j->hash[0] && (j->kind == JOB_COMPILED || j->kind == JOB_UNCHANGED))
			statcache_add(now, fl->v[i].path, &fl->v[i].st, j->hash);
		switch (j->kind) {
		case JOB_UNREADABLE: {
			char msg[256];

			snprintf(msg, sizeof(msg), "cannot read: %s", strerror(j->err));
			c->warnings += (size_t)print_diag(o, fl->v[i].path, 1, 1, "warning",
			    "unreadable", msg);
			c->skipped++;
			break;
		}
		case JOB_TOOBIG: {
			char msg[256];

			snprintf(msg, sizeof(msg), "larger than %u bytes; skipped",
			    BUILD_MAX_ARTICLE);
			c->warnings += (size_t)print_diag(o, fl->v[i].path, 1, 1, "warning",
			    "too-large", msg);
			c->skipped++;
			if (old_paths && find_sorted(old_paths, fl->v[i].path) >= 0) {
				c->dropped++;
				if (kb_drop(db, fl->v[i].path, err, errsz))
					rc = -1;
			}
			break;
		}
		case JOB_UNCHANGED: {
			size_t n = (size_t)replay_diags(o, db, fl->v[i].path, o->werror);

			c->warnings += n;
			c->kept_warnings += n;
			c->kept_articles += n > 0;
			break;
		}
		case JOB_COMPILED:
			c->compiled++;
			for (size_t k = 0; k < j->a->ndiags; k++)
				c->warnings += (size_t)print_diag(o, j->a->path, j->a->diags[k].line,
				    j->a->diags[k].col, j->a->diags[k].error ? "error" : "warning",
				    j->a->diags[k].name, j->a->diags[k].text);
			c->entries += j->a->nentries;
			if (db && old_paths && find_sorted(old_paths, fl->v[i].path) >= 0 &&
			    kb_drop(db, fl->v[i].path, err, errsz))
				rc = -1;
			if (rc == 0 && w && kb_put(w, j->a, err, errsz))
				rc = -1;
			article_free(j->a);
			j->a = NULL;
			break;
		}
		c->write += since(&tw);
		progress_update(i + 1, fl->n);
		pthread_mutex_lock(&p.mu);
		p.consumed = i + 1;
		if (rc)
			p.stop = 1;
		pthread_cond_broadcast(&p.room);
		pthread_mutex_unlock(&p.mu);
		if (rc)
			break;
	}
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	progress_clear();
out:
	for (size_t i = 0; i < fl->n; i++)
		article_free(p.jobs[i].a);
	free(p.jobs);
	kb_writer_free(w);
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.done);
	pthread_cond_destroy(&p.room);
	return rc;
}

/*
 * Open the KB to build into: a copy of the previous one when it is sound
 * and was built with the same key (incremental), else a new one.  The
 * previous KB is untrusted: it is checked (kb_open) where it lies and
 * again as copied, before one row of it is read.  Returns a KBC_ status.
 */
static int
open_kb(const struct build_opts *o, const char *kbpath, sqlite3 **db,
    struct strv *old_paths, struct strv *old_hashes, int *incremental,
    struct strv *indexes, int same_key)
{
	char err[1024] = "";
	struct stat st;
	sqlite3 *chk = NULL;
	int r = KB_OPEN_OK;

	*incremental = 0;
	if (lstat(kbpath, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* Renaming over it would replace the link, not what it names:
		 * a KB elsewhere is neither read nor written. */
		snprintf(err, sizeof(err), "%.900s: a symbolic link, not followed", kbpath);
		r = KB_OPEN_DAMAGED;
	} else if (lstat(kbpath, &st) == 0) {
		r = kb_open(kbpath, KB_NOFOLLOW, &chk, err, sizeof(err));
		sqlite3_close(chk);
		if (r == KB_OPEN_OK && !o->full && same_key) {
			if (copy_file(kbpath, tmp_kb) != 0)
				r = KB_OPEN_OLDER;	/* cannot copy: start afresh */
			else if ((r = kb_open_as(tmp_kb, kbpath, KB_RW | KB_QUICKCHECK |
			    KB_NOFOLLOW, db, err, sizeof(err))) == KB_OPEN_OK) {
				if (kb_hashes(*db, old_paths, old_hashes) == 0)
					*incremental = 1;
				else
					r = KB_OPEN_DAMAGED;
			}
		}
	}
	if (r == KB_OPEN_NEWER) {
		fprintf(stderr, "kbc: %s; not replacing it\n", err);
		return KBC_KB;
	}
	if (r == KB_OPEN_DAMAGED && !o->full) {
		fprintf(stderr, "kbc: %s\nkbc: %s is neither used nor replaced; "
		    "kbc build --full builds a new one in its place\n", err, kbpath);
		return KBC_KB;
	}
	if (r != KB_OPEN_OK && !o->quiet)
		fprintf(stderr, "kbc: %s; building a new KB\n", err);
	if (!*incremental) {
		sqlite3_close(*db);
		*db = NULL;
		strv_free(old_paths);
		strv_free(old_hashes);
		if (kb_create(tmp_kb, db, err, sizeof(err)) != 0 ||
		    kb_defer_indexes(*db, indexes, err, sizeof(err)) != 0) {
			fprintf(stderr, "kbc: %s\n", err);
			return KBC_OUTPUT;
		}
	}
	return KBC_OK;
}

static int	count_diags(const char *, struct statcache *);

/*
 * Commit, write the index, fsync, rename both into place.  What the stat
 * cache needs of the new pair (their stamps, the diagnostics by name) is
 * taken before the renames, which keep both: once they are in place, the
 * build has only the cache to write.
 */
static int
finish(const struct build_opts *o, sqlite3 **db, const char *kbpath,
    const char *idxpath, const struct strv *indexes, const struct timespec *t0,
    struct statcache *now, int *stamped)
{
	char err[1024] = "";

	progress_note("writing the KB and the index");
	if (kb_restore_indexes(*db, indexes, err, sizeof(err)) ||
	    kb_exec(*db, "COMMIT", err, sizeof(err))) {
		fprintf(stderr, "kbc: %s\n", err);
		return KBC_OUTPUT;
	}
	if (sqlite3_close(*db) != SQLITE_OK) {
		*db = NULL;
		fprintf(stderr, "kbc: %s: closing the KB failed\n", kbpath);
		return KBC_OUTPUT;
	}
	*db = NULL;
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: articles and KB %.2fs\n", since(t0));
	/* The index is built from the finished KB, read-only. */
	if (sqlite3_open_v2(tmp_kb, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    idx_write(*db, tmp_idx, err, sizeof(err)) != 0) {
		fprintf(stderr, "kbc: %s: %s\n", idxpath, err[0] ? err : "cannot write");
		return KBC_OUTPUT;
	}
	sqlite3_close(*db);
	*db = NULL;
	progress_clear();
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: index %.2fs\n", since(t0));
	*stamped = statcache_stamp(tmp_kb, now->kb) == 0 &&
	    statcache_stamp(tmp_idx, now->kb + 2) == 0 && count_diags(tmp_kb, now) == 0;
	if (sync_path(tmp_kb) || sync_path(tmp_idx) || rename(tmp_kb, kbpath) ||
	    rename(tmp_idx, idxpath) || sync_path(o->out)) {
		fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
		return KBC_OUTPUT;
	}
	return KBC_OK;
}

/*
 * Are kb.sqlite and kb.idx the pair the stat cache was written with?  Only
 * then is the index known to match the KB: a build killed between its two
 * renames leaves a new KB beside an old index.
 */
static int
pair_current(const struct statcache *cache, const char *kbpath, const char *idxpath)
{
	long long kb[2], idx[2];

	return cache->v != NULL && statcache_stamp(kbpath, kb) == 0 &&
	    statcache_stamp(idxpath, idx) == 0 && kb[0] == cache->kb[0] &&
	    kb[1] == cache->kb[1] && idx[0] == cache->kb[2] && idx[1] == cache->kb[3];
}

/*
 * Nothing to do: the same files with the same sizes and times as when the
 * stat cache was written, and the KB and index it was written with.
 */
static int
up_to_date(const struct build_opts *o, const struct filelist *fl,
    const struct statcache *cache, const char *key, const char *kbpath,
    const char *idxpath)
{
	if (o->full || cache->n != fl->n || strcmp(cache->key, key) != 0 ||
	    !pair_current(cache, kbpath, idxpath))
		return 0;
	for (size_t i = 0; i < fl->n; i++)
		if (strcmp(fl->v[i].path, cache->v[i].path) ||
		    !stamp_equal(&fl->v[i].st, &cache->v[i].st))
			return 0;
	return 1;
}

/* The KB's diagnostics counted by name, into the stat cache.  0 or -1. */
static int
count_diags(const char *kbpath, struct statcache *c)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char err[1024];
	int rc = -1;

	if (kb_open(kbpath, 0, &db, err, sizeof(err)) == KB_OPEN_OK &&
	    sqlite3_prepare_v2(db, "SELECT name, count(*) FROM diagnostics GROUP BY name"
	    " ORDER BY name", -1, &st, NULL) == SQLITE_OK) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *name = kb_col(st, 0);
			char n[32];

			/* One word a line in the cache; a name kbc never gives
			 * (from an old or foreign KB) is counted nowhere. */
			if (!warning_known(name))
				continue;
			snprintf(n, sizeof(n), "%d", sqlite3_column_int(st, 1));
			strv_add(&c->wname, name);
			strv_add(&c->wcount, n);
		}
		rc = rc == SQLITE_DONE ? 0 : -1;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return rc;
}

/* The cached diagnostics that -Wno- leaves on. */
static long
cached_warnings(const struct build_opts *o, const struct statcache *c)
{
	long n = 0;

	for (size_t i = 0; i < c->wname.n && i < c->wcount.n; i++) {
		int off = 0;

		for (int k = 0; k < o->nnowarn; k++)
			off |= strcmp(o->nowarn[k], c->wname.v[i]) == 0;
		if (!off)
			n += strtol(c->wcount.v[i], NULL, 10);
	}
	return n;
}

/*
 * An up-to-date KB whose warnings must be seen (--werror fails on them):
 * say its diagnostics again, read-only.  Returns the number counted, or
 * -1 when the KB cannot be read as this kbc's.
 */
static long
replay_all(const struct build_opts *o, const char *kbpath)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char err[1024];
	long n = -1;

	if (kb_open(kbpath, 0, &db, err, sizeof(err)) == KB_OPEN_OK)
		n = 0;
	if (n == 0 && sqlite3_prepare_v2(db, "SELECT a.path, d.line, d.col, d.severity,"
	    " d.name, d.text FROM diagnostics d JOIN articles a ON a.id = d.article_id"
	    " ORDER BY a.path, d.id", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			n += print_diag(o, kb_col(st, 0),
			    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
			    kb_col(st, 3), kb_col(st, 4), kb_col(st, 5));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

int
build_run(const struct build_opts *o)
{
	struct filelist fl = {0};
	struct walker wk;
	struct strv old_paths = {0}, old_hashes = {0}, indexes = {0};
	struct counts c;
	char kbpath[4096], idxpath[4096], lockpath[4096], cachepath[4096], err[1024] = "";
	char key[33];
	struct statcache cache = {0}, now = {0};
	sqlite3 *db = NULL;
	struct timespec t0;
	int status = KBC_OK, lockfd = -1, incremental = 0, pair = 0, fd, fresh;
	int stamped = 0;

	memset(&c, 0, sizeof(c));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	progress.on = !o->quiet && isatty(STDERR_FILENO);
	progress.start = t0;
	progress.shown = 0;
	memset(&wk, 0, sizeof(wk));
	wk.o = o;
	wk.realroot = realpath(o->docs, NULL);
	load_globs(&wk);
	walk(&wk, o->docs, "", &fl, 0);
	for (size_t i = 0; i < wk.outpaths.n; i++)
		c.warnings += (size_t)print_diag(o, wk.outpaths.v[i], 1, 1, "warning",
		    "outside-docs", "a symbolic link to a file outside the docs folder; "
		    "skipped (--follow-outside reads it)");
	free(wk.realroot);
	sset_free(&wk.seen);
	strv_free(&wk.outpaths);
	strv_free(&wk.globs);
	build_key(o, key);
	if (fl.n == 0) {
		/* Most likely a wrong path: never replace a KB with an empty one. */
		if (fl.bad.n)
			fprintf(stderr, "kbc: %s: cannot read the docs folder: %s\n", o->docs,
			    fl.why.v[0]);
		else
			fprintf(stderr, "kbc: %s: no articles (*.md) found\n", o->docs);
		status = KBC_INPUT;
		goto out;
	}
	for (size_t i = 0; i < fl.bad.n; i++)
		c.warnings += (size_t)print_diag(o, fl.bad.v[i], 1, 1,
		    "warning", "unreadable", fl.why.v[i]);
	qsort(fl.v, fl.n, sizeof(*fl.v), cmp_file);

	if (o->out) {
		if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		snprintf(kbpath, sizeof(kbpath), "%s/kb.sqlite", o->out);
		snprintf(idxpath, sizeof(idxpath), "%s/kb.idx", o->out);
		snprintf(lockpath, sizeof(lockpath), "%s/.kbc.lock", o->out);
		snprintf(cachepath, sizeof(cachepath), "%s/.kbc-cache", o->out);
		if ((lockfd = outdir_lock(o->out, lockpath, o->lock_timeout)) < 0) {
			status = KBC_OUTPUT;
			goto out;
		}
		/* Left over by a killed build: never trusted, always removed. */
		outdir_clean(o->out);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		xalloc_failed = remove_tmp;
		snprintf(tmp_kb, sizeof(tmp_kb), "%s/.kb.sqlite", o->out);
		snprintf(tmp_idx, sizeof(tmp_idx), "%s/.kb.idx", o->out);
		if ((fd = tmp_create(tmp_kb, tmp_kb, sizeof(tmp_kb))) < 0 ||
		    close(fd) != 0 || (fd = tmp_create(tmp_idx, tmp_idx, sizeof(tmp_idx))) < 0 ||
		    close(fd) != 0) {
			fprintf(stderr, "kbc: %s: %s\n", o->out, strerror(errno));
			status = KBC_OUTPUT;
			goto out;
		}
		statcache_load(cachepath, &cache);
		pair = pair_current(&cache, kbpath, idxpath);
		/* The cache may vouch for a KB that is not sound (or was
		 * planted with it): up to date only when the KB passes too. */
		fresh = up_to_date(o, &fl, &cache, key, kbpath, idxpath) &&
		    kb_open(kbpath, KB_NOFOLLOW, &db, err, sizeof(err)) == KB_OPEN_OK;
		sqlite3_close(db);
		db = NULL;
		if (fresh) {
			/* As make, an up-to-date build prints no old warnings,
			 * only their number (kbc check lists them); but when
			 * --werror fails on them, it shows them. */
			long w = cached_warnings(o, &cache);

			if (o->werror && w)
				w = replay_all(o, kbpath);
			if (w >= 0) {
				c.warnings = (size_t)w;
				if (o->werror && w) {
					fprintf(stderr, "kbc: %ld warning%s treated as errors\n", w,
					    w == 1 ? "" : "s");
					status = KBC_WARNINGS;
				} else if (!o->quiet)
					fprintf(stderr, "kbc: %zu articles, up to date, %ld warnings "
					    "(kbc check lists them), %.2fs\n", fl.n, w, since(&t0));
				goto out;
			}
		}
		if ((status = open_kb(o, kbpath, &db, &old_paths, &old_hashes,
		    &incremental, &indexes, cache.v != NULL && strcmp(cache.key, key) == 0)) !=
		    KBC_OK)
			goto out;
		if (kb_exec(db, "BEGIN", err, sizeof(err)) ||
		    (incremental && drop_vanished(db, &fl, &old_paths, &c.dropped, err,
		    sizeof(err)))) {
			fprintf(stderr, "kbc: %s\n", err);
			status = KBC_OUTPUT;
			goto out;
		}
	}
	if (compile_all(o, &fl, db, incremental ? &old_paths : NULL,
	    incremental ? &old_hashes : NULL, &cache, &now, &c, err, sizeof(err))) {
		fprintf(stderr, "kbc: %s\n", err);
		status = KBC_OUTPUT;
		goto out;
	}
	if (getenv("KBC_PROFILE"))
		fprintf(stderr, "kbc: profile: %.2fs waiting for extraction, %.2fs writing "
		    "articles to SQLite\n", c.wait, c.write);
	if (o->werror && c.warnings) {
		fprintf(stderr, "kbc: %zu warning%s treated as errors%s\n", c.warnings,
		    c.warnings == 1 ? "" : "s", o->out ? "; the previous KB is kept" : "");
		status = KBC_WARNINGS;
		goto out;
	}
	if (db && incremental && c.compiled == 0 && c.dropped == 0 && pair) {
		/* Files touched but not changed: the KB and index stand as they
		 * are; only the stat cache learns the new times. */
		kb_exec(db, "ROLLBACK", err, sizeof(err));
		sqlite3_close(db);
		db = NULL;
	} else if (db && (status = finish(o, &db, kbpath, idxpath, &indexes, &t0, &now,
	    &stamped)) != KBC_OK)
		goto out;
	/* Remember what was built from what, for the next build. */
	snprintf(now.key, sizeof(now.key), "%s", key);
	if (!stamped) {
		strv_free(&now.wname);
		strv_free(&now.wcount);
	}
	if (o->out && (!stamped && (statcache_stamp(kbpath, now.kb) ||
	    statcache_stamp(idxpath, now.kb + 2) || count_diags(kbpath, &now))))
		unlink(cachepath);
	else if (o->out && statcache_save(cachepath, &now))
		unlink(cachepath);
	if (!o->quiet && !o->werror && c.kept_warnings)
		fprintf(stderr, "kbc: %zu more warning%s in %zu unchanged article%s "
		    "(kbc check lists them)\n", c.kept_warnings, c.kept_warnings == 1 ? "" : "s",
		    c.kept_articles, c.kept_articles == 1 ? "" : "s");
	if (!o->quiet)
		fprintf(stderr, "kbc: %zu articles (%zu compiled, %zu skipped), %zu entries "
		    "compiled, %zu warnings, %.2fs\n", fl.n, c.compiled, c.skipped, c.entries,
		    c.warnings, since(&t0));
out:
	if (db)
		sqlite3_close(db);
	progress_clear();
	if (o->out) {
		unlink(tmp_kb);
		unlink(tmp_idx);
		tmp_kb[0] = tmp_idx[0] = '\0';
	}
	if (lockfd >= 0)
		close(lockfd);
	for (size_t i = 0; i < fl.n; i++)
		free(fl.v[i].path);
	free(fl.v);
	strv_free(&fl.bad);
	strv_free(&fl.why);
	strv_free(&old_paths);
	strv_free(&old_hashes);
	strv_free(&indexes);
	statcache_free(&cache);
	statcache_free(&now);
	return status;
}
