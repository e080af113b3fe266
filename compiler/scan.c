/*
 * scan.c: list every *.md below DOCS_DIR.  Symbolic links are followed,
 * each folder once (by device and inode), and an article link out of
 * DOCS_DIR is skipped unless --follow-outside; --exclude globs and
 * DOCS_DIR/.kbcignore leave non-article Markdown out.  Names are taken in
 * bytewise order and the list is sorted, so the KB never depends on
 * readdir().
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->path, ((const struct file *)b)->path);
}

int
scan_listed(const struct filelist *fl, const char *path)
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
				strv_add(&fl->outside, sub);
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

void
scan_docs(const struct build_opts *o, struct filelist *fl)
{
	struct walker w;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.realroot = realpath(o->docs, NULL);
	load_globs(&w);
	walk(&w, o->docs, "", fl, 0);
	free(w.realroot);
	sset_free(&w.seen);
	strv_free(&w.globs);
	if (fl->n)
		qsort(fl->v, fl->n, sizeof(*fl->v), cmp_file);
}

int
scan_unread(const struct filelist *fl, const char *path)
{
	for (size_t k = 0; k < fl->bad.n; k++)
		if (strncmp(path, fl->bad.v[k], strlen(fl->bad.v[k])) == 0)
			return 1;
	return 0;
}

void
scan_free(struct filelist *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->v[i].path);
	free(fl->v);
	strv_free(&fl->bad);
	strv_free(&fl->why);
	strv_free(&fl->outside);
}
