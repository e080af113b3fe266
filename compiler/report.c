/*
 * report.c: "kbc report": the KB as one static HTML page (see report.h).
 *
 * The page, top to bottom: totals (articles and entries by locale,
 * diagnostics by name), a list of articles, then each article with its
 * error entries (messages, codes, causes, actions with their sub-items)
 * and its diagnostics as kbc printed them (path:line:col, so a writer
 * finds the source line).
 * A small inline script filters the entries as one types; the filter can
 * also be given in the address, report.html#q=41102, so a link can share
 * a filtered view.  Without the script the page reads the same, unfiltered.
 *
 * Everything the KB holds is HTML-escaped; bytes that are not UTF-8
 * become U+FFFD and control characters are dropped.  Rows are read in a
 * fixed order (articles by path, entries and diagnostics by line), and
 * nothing else (time, host, the KB's path) goes in, so the same KB gives
 * the same page.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kb_write.h"
#include "report.h"
#include "text.h"
#include "util.h"

/* The statements, prepared once. */
enum {
	RQ_VERSION, RQ_SOURCECOL, RQ_TOTALS, RQ_LOCALES, RQ_DIAGNAMES, RQ_ARTS,
	RQ_ENTS, RQ_MSGS, RQ_CODES, RQ_FIXES, RQ_CAUSES, RQ_ACTIONS, RQ_ITEMS, RQ_DIAGS,
	RQ_PATHS, RQ_WNAMES, RQ_N
};

static const char *const rp_sql[RQ_N] = {
	[RQ_VERSION] = "PRAGMA user_version",
	/* A later schema may keep the text of a diagnostic's source line. */
	[RQ_SOURCECOL] = "SELECT count(*) FROM pragma_table_info('diagnostics')"
	    " WHERE name = 'source'",
	[RQ_TOTALS] = "SELECT (SELECT count(*) FROM articles),"
	    " (SELECT count(*) FROM entries),"
	    " (SELECT count(*) FROM entries WHERE kind = 'error'),"
	    " (SELECT count(*) FROM entries WHERE kind = 'guide'),"
	    " (SELECT count(*) FROM messages), (SELECT count(*) FROM codes),"
	    " (SELECT count(*) FROM fixes), (SELECT count(*) FROM causes),"
	    " (SELECT count(*) FROM actions), (SELECT count(*) FROM diagnostics),"
	    " (SELECT count(DISTINCT article_id) FROM diagnostics)",
	[RQ_LOCALES] = "SELECT a.locale, count(*), sum((SELECT count(*) FROM"
	    " entries e WHERE e.article_id = a.id)) FROM articles a"
	    " GROUP BY a.locale ORDER BY a.locale",
	[RQ_DIAGNAMES] = "SELECT severity, name, count(*) FROM diagnostics"
	    " GROUP BY severity, name ORDER BY 3 DESC, 1, 2",
	/* ?1 articles from the ?2nd, by path (-1, 0: all). */
	[RQ_ARTS] = "SELECT a.id, a.path, a.locale, a.title, a.date,"
	    " (SELECT count(*) FROM entries e WHERE e.article_id = a.id),"
	    " (SELECT count(*) FROM diagnostics d WHERE d.article_id = a.id),"
	    " (SELECT group_concat(name, ' ') FROM (SELECT DISTINCT d.name"
	    " FROM diagnostics d WHERE d.article_id = a.id ORDER BY 1))"
	    " FROM articles a ORDER BY a.path LIMIT ?1 OFFSET ?2",
	/* An entry's warnings: those of the diagnostics at its line. */
	[RQ_ENTS] = "SELECT e.id, e.kind, e.anchor, e.line, e.col,"
	    " COALESCE(s.text, ''), (SELECT group_concat(name, ' ') FROM"
	    " (SELECT DISTINCT d.name FROM diagnostics d WHERE"
	    " d.article_id = e.article_id AND d.line = e.line ORDER BY 1))"
	    " FROM entries e LEFT JOIN sections s ON s.id = e.section_id"
	    " WHERE e.article_id = ? ORDER BY e.line, e.id",
	[RQ_PATHS] = "SELECT path FROM articles ORDER BY path",
	[RQ_WNAMES] = "SELECT DISTINCT name FROM diagnostics ORDER BY name",
	[RQ_MSGS] = "SELECT text FROM messages WHERE entry_id = ? ORDER BY seq",
	[RQ_CODES] = "SELECT written FROM codes WHERE entry_id = ? ORDER BY seq",
	[RQ_FIXES] = "SELECT id FROM fixes WHERE entry_id = ? ORDER BY seq",
	[RQ_CAUSES] = "SELECT text FROM causes WHERE fix_id = ? ORDER BY seq",
	[RQ_ACTIONS] = "SELECT text, id FROM actions WHERE fix_id = ? ORDER BY seq",
	[RQ_ITEMS] = "SELECT text FROM action_items WHERE action_id = ? ORDER BY seq",
	[RQ_DIAGS] = NULL,	/* rp_prepare(): depends on RQ_SOURCECOL */
};

#define RP_DIAGS_SQL "SELECT d.line, d.col, d.severity, d.name, d.text, %s," \
	" (SELECT min(e.id) FROM entries e WHERE e.article_id = d.article_id" \
	" AND e.line = d.line) FROM diagnostics d WHERE d.article_id = ?" \
	" ORDER BY d.line, d.col, d.id"

/* A page of articles [first, first + n) in path order, when the KB has
 * more than fit one page. */
struct rp_part {
	size_t		 first, n;
	char		*label;		/* top folder, and the part of it */
	char		*file;		/* its file name, beside the index */
};

struct rp {
	sqlite3		*db;
	sqlite3_stmt	*st[RQ_N];
	FILE		*fp;
	int		 dberr;		/* a step failed: the KB is damaged */
	char		*src;		/* the docs folder from the page, or NULL */
	const char	*index;		/* a part's index page (its file name) */
	struct rp_part	*parts;
	size_t		 nparts;
};

static const char rp_css[] =
":root{--fg:#1d2330;--mut:#5b6475;--line:#dde1e8;--chip:#eef1f5;"
"--acc:#0b5cad;--err:#b3261e;--warn:#8a5a00;--guide:#2e6b3a}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"DejaVu Sans\",sans-serif;color:var(--fg);background:#f5f6f8}\n"
"header.top{position:sticky;top:0;z-index:1;background:#fff;"
"border-bottom:1px solid var(--line);padding:.8em 1.5em}\n"
"h1{font-size:1.3em;margin:0}\n"
".totals{color:var(--mut);margin:.15em 0 .6em}\n"
".bar{display:flex;gap:1em;align-items:center;flex-wrap:wrap}\n"
"#q{font:inherit;padding:.4em .7em;width:min(34em,100%);"
"border:1px solid #b8bfcc;border-radius:6px}\n"
"#q:focus{outline:2px solid var(--acc);outline-offset:1px}\n"
"#w{font:inherit;padding:.35em .5em;border:1px solid #b8bfcc;border-radius:6px;"
"background:#fff}\n"
"#shown,#dshown{color:var(--mut)}\n"
"main{padding:1em 1.5em;max-width:82em}\n"
".box{background:#fff;border:1px solid var(--line);border-radius:8px;"
"margin:0 0 1.2em;padding:.9em 1.2em}\n"
".summary{display:flex;gap:3em;flex-wrap:wrap}\n"
".summary h2,.toc h2{font-size:1em;margin:0 0 .3em}\n"
".summary table{border-collapse:collapse;font-size:.92em}\n"
".summary th,.summary td{text-align:left;padding:.1em 1em .1em 0}\n"
".summary td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
".toc ul{margin:0;padding-left:1.2em;columns:2 28em;font-size:.92em}\n"
".toc .n{color:var(--mut)}\n"
"a{color:var(--acc);text-decoration:none}a:hover{text-decoration:underline}\n"
".ah h2{font-size:1.15em;margin:0}\n"
".meta{color:var(--mut);font-size:.88em;margin:.15em 0 .5em}\n"
".entry{border-top:1px solid var(--line);padding:.55em 0 .45em}\n"
".eh{display:flex;gap:.6em;align-items:baseline;flex-wrap:wrap}\n"
".kind{font-size:.72em;font-weight:600;text-transform:uppercase;"
"letter-spacing:.05em;padding:.05em .5em;border-radius:4px;background:var(--chip)}\n"
".kind.error{color:var(--err)}.kind.guide{color:var(--guide)}\n"
".sec{font-weight:600}\n"
".where{color:var(--mut);font-size:.82em}\n"
"dl{display:grid;grid-template-columns:6.5em 1fr;gap:.15em .8em;margin:.35em 0 0}\n"
"dt{color:var(--mut);font-size:.88em;padding-top:.1em}\n"
"dd{margin:0;overflow-wrap:anywhere}dd ul{margin:0;padding-left:1.1em}\n"
".items{font-weight:normal;list-style:circle}\n"
"dt.fixn{grid-column:1/3;font-weight:600;border-top:1px dotted var(--line);"
"margin-top:.2em}\n"
".msg{font-weight:500}\n"
"code{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:.88em;"
"background:var(--chip);padding:.05em .35em;border-radius:4px}\n"
".diags{margin-top:.6em;border-top:1px dashed #d9c9a3;padding-top:.45em}\n"
".diags h3{font-size:.92em;margin:0 0 .2em;color:var(--warn)}\n"
".diags ul{margin:0;padding-left:1.2em;font-size:.88em}\n"
".diag .sev{color:var(--warn);font-weight:600}.diag.error .sev{color:var(--err)}\n"
".diag pre{margin:.15em 0 .3em;padding:.2em .5em;background:var(--chip);"
"white-space:pre-wrap}\n"
".none{color:var(--mut);font-style:italic;margin:.3em 0}\n"
"[hidden]{display:none!important}\n"
"@media print{header.top{position:static}#q,#w,#shown,#dshown{display:none}}\n";

/*
 * The filter: every word typed must occur in the entry's messages, codes,
 * causes, actions, section heading, or its article's title and path, or
 * in a diagnostic's text, name and place; compared in lower case without
 * diacritics ("losenord" finds "lösenord").  The warning box keeps the
 * diagnostics of one -W name and the entries they point at.  Articles
 * left with nothing are hidden, and so are their lines in the list of
 * articles (on an index page: the list is what is filtered).  The
 * address's #q=...&w=... gives the initial filter, and changes keep it up
 * to date, also in the links to the other pages.  "/" focuses the box,
 * Escape clears it.
 */
static const char rp_js[] =
"(function () {\n"
"\t\"use strict\";\n"
"\tvar q = document.getElementById(\"q\"), ws = document.getElementById(\"w\");\n"
"\tvar shown = document.getElementById(\"shown\"), dshown = document.getElementById(\"dshown\");\n"
"\tvar arts = [].slice.call(document.querySelectorAll(\".art\")), items = [], total = 0, dtotal = 0;\n"
"\tvar tocs = [].slice.call(document.querySelectorAll(\".ti\")).map(function (li) {\n"
"\t\treturn { el: li, text: norm(li.textContent), w: (li.getAttribute(\"data-w\") || \"\").split(\" \") };\n"
"\t});\n"
"\tvar links = [].slice.call(document.querySelectorAll(\"a.pl\"));\n"
"\tfunction norm(s) {\n"
"\t\treturn s.normalize(\"NFD\").replace(/[\\u0300-\\u036f]/g, \"\").toLowerCase()\n"
"\t\t    .replace(/\\s+/g, \" \");\n"
"\t}\n"
"\tfunction text(el, head) {\n"
"\t\tvar t = head;\n"
"\t\t[].forEach.call(el.querySelectorAll(\".s\"), function (s) { t += \" \" + s.textContent; });\n"
"\t\treturn norm(t);\n"
"\t}\n"
"\tarts.forEach(function (a) {\n"
"\t\tvar head = \"\", es = [], ds = [];\n"
"\t\t[].forEach.call(a.querySelectorAll(\".ah .s\"), function (s) { head += \" \" + s.textContent; });\n"
"\t\t[].forEach.call(a.querySelectorAll(\".entry\"), function (e) {\n"
"\t\t\tes.push({ el: e, text: text(e, head), w: (e.getAttribute(\"data-w\") || \"\").split(\" \") });\n"
"\t\t});\n"
"\t\t[].forEach.call(a.querySelectorAll(\".diag\"), function (d) {\n"
"\t\t\tds.push({ el: d, text: text(d, head), w: d.getAttribute(\"data-w\") });\n"
"\t\t});\n"
"\t\ttotal += es.length;\n"
"\t\tdtotal += ds.length;\n"
"\t\titems.push({ el: a, entries: es, diags: ds, box: a.querySelector(\".diags\"),\n"
"\t\t    toc: document.getElementById(\"t\" + a.id) });\n"
"\t});\n"
"\tfunction apply() {\n"
"\t\tvar words = norm(q.value).split(\" \").filter(Boolean), w = ws.value, n = 0, nd = 0;\n"
"\t\tvar on = words.length > 0 || w !== \"\";\n"
"\t\tfunction has(t) { return words.every(function (x) { return t.indexOf(x) >= 0; }); }\n"
"\t\titems.forEach(function (a) {\n"
"\t\t\tvar k = 0, kd = 0;\n"
"\t\t\ta.entries.forEach(function (x) {\n"
"\t\t\t\tvar hit = has(x.text) && (w === \"\" || x.w.indexOf(w) >= 0);\n"
"\t\t\t\tx.el.hidden = !hit;\n"
"\t\t\t\tk += hit;\n"
"\t\t\t});\n"
"\t\t\ta.diags.forEach(function (x) {\n"
"\t\t\t\tvar hit = has(x.text) && (w === \"\" || x.w === w);\n"
"\t\t\t\tx.el.hidden = !hit;\n"
"\t\t\t\tkd += hit;\n"
"\t\t\t});\n"
"\t\t\tif (a.box)\n"
"\t\t\t\ta.box.hidden = on && kd === 0;\n"
"\t\t\ta.el.hidden = on && k === 0 && kd === 0;\n"
"\t\t\tif (a.toc)\n"
"\t\t\t\ta.toc.hidden = a.el.hidden;\n"
"\t\t\tn += k;\n"
"\t\t\tnd += kd;\n"
"\t\t});\n"
"\t\ttocs.forEach(function (x) {\n"
"\t\t\tif (!x.el.id)\n"
"\t\t\t\tx.el.hidden = !has(x.text) || (w !== \"\" && x.w.indexOf(w) < 0);\n"
"\t\t});\n"
"\t\tshown.textContent = on ? n + \" of \" + total + \" entries match\" : total + \" entries\";\n"
"\t\tshown.setAttribute(\"data-shown\", n);\n"
"\t\tdshown.textContent = on ? nd + \" of \" + dtotal + \" diagnostics\" : dtotal + \" diagnostics\";\n"
"\t\tdshown.setAttribute(\"data-shown\", nd);\n"
"\t\tlinks.forEach(function (l) {\n"
"\t\t\tvar h = l.getAttribute(\"href\").replace(/#.*/, \"\");\n"
"\t\t\tl.setAttribute(\"href\", h + (l.getAttribute(\"data-a\") || \"\") + hash());\n"
"\t\t});\n"
"\t}\n"
"\tfunction hash() {\n"
"\t\tvar h = [];\n"
"\t\tif (q.value)\n"
"\t\t\th.push(\"q=\" + encodeURIComponent(q.value));\n"
"\t\tif (ws.value)\n"
"\t\t\th.push(\"w=\" + encodeURIComponent(ws.value));\n"
"\t\treturn h.length ? \"#\" + h.join(\"&\") : \"\";\n"
"\t}\n"
"\tfunction fromHash() {\n"
"\t\tvar p = location.hash.slice(1).split(\"&\");\n"
"\t\tif (location.hash.indexOf(\"#q=\") !== 0 && location.hash.indexOf(\"#w=\") !== 0)\n"
"\t\t\treturn;\n"
"\t\tq.value = ws.value = \"\";\n"
"\t\tp.forEach(function (kv) {\n"
"\t\t\tvar v = kv.slice(2).replace(/\\+/g, \" \");\n"
"\t\t\ttry {\n"
"\t\t\t\tv = decodeURIComponent(v);\n"
"\t\t\t} catch (e) {\n"
"\t\t\t}\n"
"\t\t\tif (kv.indexOf(\"q=\") === 0)\n"
"\t\t\t\tq.value = v;\n"
"\t\t\telse if (kv.indexOf(\"w=\") === 0) {\n"
"\t\t\t\tif (!ws.querySelector(\"option[value=\\\"\" + v.replace(/[^a-z0-9-]/g, \"\") + \"\\\"]\")) {\n"
"\t\t\t\t\tvar o = document.createElement(\"option\");\n"
"\t\t\t\t\to.value = o.textContent = v;\n"
"\t\t\t\t\tws.appendChild(o);\n"
"\t\t\t\t}\n"
"\t\t\t\tws.value = v;\n"
"\t\t\t}\n"
"\t\t});\n"
"\t}\n"
"\tfunction changed() {\n"
"\t\tapply();\n"
"\t\ttry {\n"
"\t\t\thistory.replaceState(null, \"\", hash() || location.pathname + location.search);\n"
"\t\t} catch (e) {\n"
"\t\t}\n"
"\t}\n"
"\tq.addEventListener(\"input\", changed);\n"
"\tws.addEventListener(\"change\", changed);\n"
"\twindow.addEventListener(\"hashchange\", function () { fromHash(); apply(); });\n"
"\tdocument.addEventListener(\"keydown\", function (ev) {\n"
"\t\tif (ev.key === \"/\" && document.activeElement !== q) {\n"
"\t\t\tev.preventDefault();\n"
"\t\t\tq.focus();\n"
"\t\t} else if (ev.key === \"Escape\" && document.activeElement === q) {\n"
"\t\t\tq.value = \"\";\n"
"\t\t\tq.dispatchEvent(new Event(\"input\"));\n"
"\t\t}\n"
"\t});\n"
"\tq.disabled = ws.disabled = false;\n"
"\tfromHash();\n"
"\tapply();\n"
"})();\n";

/*
 * Write s HTML-escaped: & < > " ' as references, invalid UTF-8 as U+FFFD,
 * control characters but tab and newline dropped.
 */
static void
rp_esc(FILE *fp, const char *s)
{
	size_t	 len;

	for (; s != NULL && *s != '\0'; s += len) {
		unsigned char	 c = (unsigned char)*s;
		unsigned	 cp;

		len = 1;
		switch (c) {
		case '&':
			fputs("&amp;", fp);
			continue;
		case '<':
			fputs("&lt;", fp);
			continue;
		case '>':
			fputs("&gt;", fp);
			continue;
		case '"':
			fputs("&quot;", fp);
			continue;
		case '\'':
			fputs("&#39;", fp);
			continue;
		default:
			break;
		}
		if (c < 0x80) {
			if (c >= 0x20 || c == '\n' || c == '\t')
				putc(c, fp);
			continue;
		}
		cp = utf8_decode(s, &len);
		if (len == 1)
			fputs("\xef\xbf\xbd", fp);	/* U+FFFD */
		else if (cp >= 0xa0)			/* not a C1 control */
			fwrite(s, 1, len, fp);
	}
}

/* Column i of the current row as text; "" for NULL. */
static const char *
rp_col(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "";
}

/* Step st: 1 a row, 0 done (st is reset), and on error 0 with dberr set. */
static int
rp_step(struct rp *r, sqlite3_stmt *st)
{
	int	 rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		r->dberr = 1;
	sqlite3_reset(st);
	return 0;
}

/* Run statement which with id bound; how many rows. */
static int
rp_count(struct rp *r, int which, sqlite3_int64 id)
{
	sqlite3_stmt	*st = r->st[which];
	int		 n = 0;

	sqlite3_bind_int64(st, 1, id);
	while (rp_step(r, st))
		n++;
	return n;
}

/* Write s percent-encoded for a URL path: only unreserved bytes and '/'
 * stay as they are. */
static void
rp_url(FILE *fp, const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	for (; *u != '\0'; u++)
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || strchr("-._~/", *u) != NULL)
			putc(*u, fp);
		else
			fprintf(fp, "%%%02X", *u);
}

/*
 * A place in an article's source: its path (line 0), "line N" (col 0) or
 * path:line:col (diag), linked to the source file (#LN, as code hosts
 * number lines) when the docs folder is known.
 */
static void
rp_src(struct rp *r, const char *path, int line, int col, int diag)
{
	if (r->src != NULL) {
		fputs("<a class=\"src\" href=\"", r->fp);
		rp_url(r->fp, r->src);
		rp_url(r->fp, path);
		if (line > 0)
			fprintf(r->fp, "#L%d", line);
		fputs("\">", r->fp);
	}
	if (diag || line == 0)
		rp_esc(r->fp, path);
	if (diag)
		fprintf(r->fp, ":%d:%d", line, col);
	else if (line > 0)
		fprintf(r->fp, "line %d", line);
	if (r->src != NULL)
		fputs("</a>", r->fp);
}

/* The folder of path ("." for none), as malloc'd. */
static char *
rp_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	return slash == NULL ? xstrdup(".") :
	    xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/*
 * The docs folder as seen from the folder of the page out ("-": the
 * current folder), ending in '/': what the page's source links start
 * with.  NULL when either cannot be resolved.
 */
static char *
rp_relsrc(const char *out, const char *docs)
{
	char	*to, *from, *d, *res;
	size_t	 i = 0, up = 0, k;
	struct buf b = { 0 };

	d = strcmp(out, "-") == 0 ? xstrdup(".") : rp_dirname(out);
	from = realpath(d, NULL);
	free(d);
	if ((to = realpath(docs, NULL)) == NULL || from == NULL) {
		free(from);
		free(to);
		return NULL;
	}
	while (from[i] != '\0' && from[i] == to[i])
		i++;
	/* Back to the end of the last whole component both share. */
	if (!((from[i] == '\0' || from[i] == '/') &&
	    (to[i] == '\0' || to[i] == '/')))
		while (i > 0 && from[i - 1] != '/')
			i--;
	for (k = i; from[k] != '\0'; k++)
		if (from[k] != '/' && (k == i || from[k - 1] == '/'))
			up++;
	while (up-- > 0)
		buf_add(&b, "../", 3);
	while (to[i] == '/')
		i++;
	if (to[i] != '\0') {
		buf_add(&b, to + i, strlen(to + i));
		buf_add(&b, "/", 1);
	}
	buf_add(&b, "", 1);
	res = xstrdup(b.s);
	buf_free(&b);
	free(from);
	free(to);
	return res;
}

static char	*rp_stem(const char *);

/*
 * Cut the articles into parts of at most per articles, a new part at
 * each top folder (en/, sv/, or a product's folder), so that no page
 * grows with the KB.  Files are STEM-N.html beside out.
 */
static void
rp_split(struct rp *r, const char *out, size_t per)
{
	sqlite3_stmt	*st = r->st[RQ_PATHS];
	const char	*slash;
	char		*top = NULL, *stem = rp_stem(out), lab[512];
	size_t		 i = 0, k, j, cap = 0, tl;
	struct rp_part	*p;
	char	       **tops = NULL;

	for (; rp_step(r, st); i++) {
		const char *path = rp_col(st, 0);

		tl = (slash = strchr(path, '/')) != NULL ?
		    (size_t)(slash - path) : 0;
		if (r->nparts == 0 || r->parts[r->nparts - 1].n == per ||
		    strlen(top) != tl || strncmp(top, path, tl) != 0) {
			if (r->nparts == cap) {
				cap = cap ? cap * 2 : 16;
				r->parts = xrealloc(r->parts, cap *
				    sizeof(*r->parts));
				tops = xrealloc(tops, cap * sizeof(*tops));
			}
			top = tops[r->nparts] = xstrndup(path, tl);
			p = &r->parts[r->nparts++];
			memset(p, 0, sizeof(*p));
			p->first = i;
		}
		r->parts[r->nparts - 1].n++;
	}
	if (i <= per) {
		/* It all fits one page. */
		for (k = 0; k < r->nparts; k++)
			free(tops[k]);
		free(tops);
		free(stem);
		free(r->parts);
		r->parts = NULL;
		r->nparts = 0;
		return;
	}
	for (k = 0; k < r->nparts; k = j) {
		for (j = k; j < r->nparts && strcmp(tops[j], tops[k]) == 0; j++)
			continue;
		for (i = k; i < j; i++) {
			if (j - k > 1)
				snprintf(lab, sizeof(lab), "%s/ (%zu of %zu)",
				    *tops[k] ? tops[k] : ".", i - k + 1, j - k);
			else
				snprintf(lab, sizeof(lab), "%s/",
				    *tops[k] ? tops[k] : ".");
			r->parts[i].label = xstrdup(lab);
			snprintf(lab, sizeof(lab), "%s-%zu.html", stem, i + 1);
			r->parts[i].file = xstrdup(lab);
		}
	}
	for (k = 0; k < r->nparts; k++)
		free(tops[k]);
	free(tops);
	free(stem);
}

/*
 * The sub-items of action id ("Allow these URLs:" and the URLs), as a
 * list inside the action's element: the filter searches them as part of
 * the action's text.
 */
static void
rp_items(struct rp *r, sqlite3_int64 id)
{
	sqlite3_stmt	*st = r->st[RQ_ITEMS];
	int		 n = 0;

	sqlite3_bind_int64(st, 1, id);
	while (rp_step(r, st)) {
		fputs(n++ ? "<li>" : "<ul class=\"items\"><li>", r->fp);
		rp_esc(r->fp, rp_col(st, 0));
		fputs("</li>", r->fp);
	}
	if (n)
		fputs("</ul>", r->fp);
}

/*
 * A <dt>label</dt><dd>...</dd> pair for the rows of statement which (id
 * bound): one row as text, several as a list (codes: side by side), none
 * as nothing.  Each value has class "s", which the filter searches, and
 * cls, when not NULL.
 */
static void
rp_list(struct rp *r, int which, sqlite3_int64 id, const char *one,
    const char *many, const char *cls, int code)
{
	sqlite3_stmt	*st = r->st[which];
	const char	*open, *close;
	int		 n = rp_count(r, which, id), i = 0;

	if (n == 0)
		return;
	if (code) {
		open = "<code class=\"s\">";
		close = "</code>";
		fprintf(r->fp, "<dt>%s</dt><dd>", n == 1 ? one : many);
	} else if (n == 1) {
		open = close = "";
		fprintf(r->fp, "<dt>%s</dt><dd class=\"s%s%s\">", one,
		    cls ? " " : "", cls ? cls : "");
	} else {
		open = "<li class=\"s\">";
		close = "</li>";
		fprintf(r->fp, "<dt>%s</dt><dd><ul%s%s%s>", many,
		    cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	}
	sqlite3_bind_int64(st, 1, id);
	while (rp_step(r, st)) {
		fputs(i++ > 0 && code ? " " : "", r->fp);
		fputs(open, r->fp);
		rp_esc(r->fp, rp_col(st, 0));
		if (which == RQ_ACTIONS)
			rp_items(r, sqlite3_column_int64(st, 1));
		fputs(close, r->fp);
	}
	fputs(!code && n > 1 ? "</ul></dd>\n" : "</dd>\n", r->fp);
}

/* One entry, the current row of RQ_ENTS: heading, messages, codes, fixes. */
static void
rp_entry(struct rp *r, sqlite3_stmt *e, const char *path)
{
	sqlite3_int64	 id = sqlite3_column_int64(e, 0);
	const char	*kind = rp_col(e, 1);
	sqlite3_stmt	*fx = r->st[RQ_FIXES];
	int		 nfix, f = 0;

	fprintf(r->fp, "<article class=\"entry\" id=\"e%lld\" data-kind=\"",
	    (long long)id);
	rp_esc(r->fp, kind);
	fputs("\" data-w=\"", r->fp);
	rp_esc(r->fp, rp_col(e, 6));
	fputs("\">\n<div class=\"eh\"><span class=\"kind ", r->fp);
	rp_esc(r->fp, kind);
	fputs("\">", r->fp);
	rp_esc(r->fp, kind);
	fputs("</span> <span class=\"sec s\">", r->fp);
	rp_esc(r->fp, rp_col(e, 5));
	fputs("</span> <span class=\"where\">", r->fp);
	rp_src(r, path, sqlite3_column_int(e, 3), 0, 0);
	fputs(", #", r->fp);
	rp_esc(r->fp, rp_col(e, 2));
	fputs("</span></div>\n<dl>\n", r->fp);
	rp_list(r, RQ_MSGS, id, "Message", "Messages", "msg", 0);
	rp_list(r, RQ_CODES, id, "Code", "Codes", NULL, 1);
	nfix = rp_count(r, RQ_FIXES, id);
	sqlite3_bind_int64(fx, 1, id);
	while (rp_step(r, fx)) {
		sqlite3_int64 fid = sqlite3_column_int64(fx, 0);

		if (nfix > 1)
			fprintf(r->fp, "<dt class=\"fixn\">Fix %d of %d</dt>\n",
			    ++f, nfix);
		rp_list(r, RQ_CAUSES, fid, "Cause", "Causes", NULL, 0);
		rp_list(r, RQ_ACTIONS, fid, "Action", "Actions", NULL, 0);
	}
	fputs("</dl>\n</article>\n", r->fp);
}

/*
 * The diagnostics of article aid, as kbc printed them (path:line:col,
 * the text, the -W name), each linked to the entry at its line if any.
 */
static void
rp_diags(struct rp *r, sqlite3_int64 aid, const char *path, int ndiag)
{
	sqlite3_stmt	*st = r->st[RQ_DIAGS];

	if (ndiag == 0)
		return;
	fprintf(r->fp, "<section class=\"diags\">\n<h3>%d diagnostic%s</h3>\n<ul>\n",
	    ndiag, ndiag == 1 ? "" : "s");
	sqlite3_bind_int64(st, 1, aid);
	while (rp_step(r, st)) {
		const char *sev = rp_col(st, 2), *src = rp_col(st, 5);

		fputs("<li class=\"diag ", r->fp);
		rp_esc(r->fp, sev);
		fputs("\" data-w=\"", r->fp);
		rp_esc(r->fp, rp_col(st, 3));
		fputs("\"><code class=\"loc s\">", r->fp);
		rp_src(r, path, sqlite3_column_int(st, 0),
		    sqlite3_column_int(st, 1), 1);
		fputs("</code> <span class=\"sev\">", r->fp);
		rp_esc(r->fp, sev);
		fputs("</span>: <span class=\"s\">", r->fp);
		rp_esc(r->fp, rp_col(st, 4));
		fputs("</span> <code class=\"s\">[-W", r->fp);
		rp_esc(r->fp, rp_col(st, 3));
		fputs("]</code>", r->fp);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL)
			fprintf(r->fp, " <a href=\"#e%lld\">entry</a>",
			    (long long)sqlite3_column_int64(st, 6));
		if (*src != '\0') {
			fputs("<pre>", r->fp);
			rp_esc(r->fp, src);
			fputs("</pre>", r->fp);
		}
		fputs("</li>\n", r->fp);
	}
	fputs("</ul>\n</section>\n", r->fp);
}

/* One article, the current row of RQ_ARTS, with its entries and diagnostics. */
static void
rp_article(struct rp *r, sqlite3_stmt *a)
{
	sqlite3_int64	 aid = sqlite3_column_int64(a, 0);
	const char	*path = rp_col(a, 1), *locale = rp_col(a, 2);
	const char	*date = rp_col(a, 4);
	int		 nent = sqlite3_column_int(a, 5);
	int		 ndiag = sqlite3_column_int(a, 6);
	sqlite3_stmt	*e = r->st[RQ_ENTS];

	fprintf(r->fp, "<section class=\"art box\" id=\"a%lld\" data-w=\"",
	    (long long)aid);
	rp_esc(r->fp, rp_col(a, 7));
	fprintf(r->fp, "\">\n"
	    "<div class=\"ah\"><h2 class=\"s\">");
	rp_esc(r->fp, rp_col(a, 3));
	fputs("</h2>\n<p class=\"meta\"><code class=\"s\">", r->fp);
	rp_src(r, path, 0, 0, 0);
	fputs("</code>", r->fp);
	if (*locale != '\0') {
		fputs(" &middot; locale ", r->fp);
		rp_esc(r->fp, locale);
	}
	if (*date != '\0') {
		fputs(" &middot; ", r->fp);
		rp_esc(r->fp, date);
	}
	fprintf(r->fp, " &middot; %d entr%s &middot; %d diagnostic%s</p></div>\n",
	    nent, nent == 1 ? "y" : "ies", ndiag, ndiag == 1 ? "" : "s");
	if (nent == 0)
		fputs("<p class=\"none\">No error entries.</p>\n", r->fp);
	sqlite3_bind_int64(e, 1, aid);
	while (rp_step(r, e))
		rp_entry(r, e, path);
	rp_diags(r, aid, path, ndiag);
	fputs("</section>\n", r->fp);
}

/* The top of a page: head, header with the totals line and the filter
 * bar.  totals is the header's text, already HTML. */
static void
rp_top(struct rp *r, const char *title, const char *totals)
{
	sqlite3_stmt	*st = r->st[RQ_WNAMES];

	fprintf(r->fp, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"generator\" content=\"kbc report\">\n"
	    "<title>%s</title>\n"
	    "<style>\n%s</style>\n</head>\n<body>\n"
	    "<header class=\"top\">\n<h1>%s</h1>\n%s\n"
	    "<div class=\"bar\"><input id=\"q\" type=\"search\" disabled"
	    " placeholder=\"Filter: message, code, cause, action, article, diagnostic&#8230;\""
	    " aria-label=\"Filter entries and diagnostics\" autocomplete=\"off\""
	    " spellcheck=\"false\"> <select id=\"w\" disabled"
	    " aria-label=\"Only the diagnostics of one warning\">"
	    "<option value=\"\">All warnings</option>", title, rp_css, title,
	    totals);
	while (rp_step(r, st)) {
		fputs("<option value=\"", r->fp);
		rp_esc(r->fp, rp_col(st, 0));
		fputs("\">-W", r->fp);
		rp_esc(r->fp, rp_col(st, 0));
		fputs("</option>", r->fp);
	}
	fputs("</select> <span id=\"shown\" data-shown=\"0\" aria-live=\"polite\">"
	    "</span> <span id=\"dshown\" data-shown=\"0\"></span>", r->fp);
	if (r->index != NULL) {
		fputs(" <a class=\"pl\" href=\"", r->fp);
		rp_esc(r->fp, r->index);
		fputs("\">All articles</a>", r->fp);
	}
	fputs("</div>\n</header>\n<main>\n", r->fp);
}

/* The header with the totals and the filter box, and the summary tables. */
static void
rp_head(struct rp *r)
{
	sqlite3_stmt	*t = r->st[RQ_TOTALS], *st;
	char		 tot[512];
	int		 v[11] = {0};

	if (rp_step(r, t)) {
		for (int i = 0; i < 11; i++)
			v[i] = sqlite3_column_int(t, i);
		sqlite3_reset(t);
	}
	snprintf(tot, sizeof(tot), "<p class=\"totals\" id=\"totals\""
	    " data-articles=\"%d\" data-entries=\"%d\" data-diagnostics=\"%d\">"
	    "%d articles, %d entries (%d errors, %d guides), %d messages,"
	    " %d codes, %d fixes (%d causes, %d actions), %d diagnostics in"
	    " %d articles</p>", v[0], v[1], v[9], v[0], v[1], v[2], v[3],
	    v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
	rp_top(r, "Error knowledge base report", tot);

	fputs("<section class=\"summary box\">\n<div><h2>By locale</h2>\n<table>\n"
	    "<tr><th>Locale</th><th>Articles</th><th>Entries</th></tr>\n", r->fp);
	st = r->st[RQ_LOCALES];
	while (rp_step(r, st)) {
		const char *loc = rp_col(st, 0);

		fputs("<tr><td>", r->fp);
		rp_esc(r->fp, *loc ? loc : "(unknown)");
		fprintf(r->fp, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td></tr>\n",
		    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
	}
	fputs("</table></div>\n<div><h2>Diagnostics</h2>\n", r->fp);
	st = r->st[RQ_DIAGNAMES];
	if (v[9] == 0)
		fputs("<p class=\"none\">None.</p>\n", r->fp);
	else
		fputs("<table>\n<tr><th>Warning</th><th>Count</th></tr>\n", r->fp);
	while (rp_step(r, st)) {
		fputs("<tr><td><a href=\"#w=", r->fp);
		rp_esc(r->fp, rp_col(st, 1));
		fputs("\"><code>", r->fp);
		if (strcmp(rp_col(st, 0), "warning") != 0) {
			rp_esc(r->fp, rp_col(st, 0));
			fputs(": ", r->fp);
		}
		fputs("-W", r->fp);
		rp_esc(r->fp, rp_col(st, 1));
		fprintf(r->fp, "</code></a></td><td class=\"n\">%d</td></tr>\n",
		    sqlite3_column_int(st, 2));
	}
	fputs(v[9] ? "</table></div>\n</section>\n" : "</div>\n</section>\n", r->fp);
}

/* The list of articles: links into this page, or (parts) into the part
 * that holds each, which the filter then searches (class "ti"). */
static void
rp_toc(struct rp *r)
{
	sqlite3_stmt	*st = r->st[RQ_ARTS];
	size_t		 k = 0, i = 0;

	if (r->nparts > 0) {
		fputs("<nav class=\"toc box\">\n<h2>Pages</h2>\n<ul>\n", r->fp);
		for (k = 0; k < r->nparts; k++) {
			fputs("<li><a class=\"pl\" href=\"", r->fp);
			rp_esc(r->fp, r->parts[k].file);
			fputs("\">", r->fp);
			rp_esc(r->fp, r->parts[k].label);
			fprintf(r->fp, "</a> <span class=\"n\">%zu articles"
			    "</span></li>\n", r->parts[k].n);
		}
		fputs("</ul>\n</nav>\n", r->fp);
	}
	fputs("<nav class=\"toc box\">\n<h2>Articles</h2>\n<ul>\n", r->fp);
	sqlite3_bind_int64(st, 1, -1);
	sqlite3_bind_int64(st, 2, 0);
	for (k = 0; rp_step(r, st); i++) {
		long long aid = (long long)sqlite3_column_int64(st, 0);

		if (r->nparts == 0)
			fprintf(r->fp, "<li id=\"ta%lld\"><a href=\"#a%lld\">",
			    aid, aid);
		else {
			while (k + 1 < r->nparts && i >= r->parts[k + 1].first)
				k++;
			fputs("<li class=\"ti\" data-w=\"", r->fp);
			rp_esc(r->fp, rp_col(st, 7));
			fputs("\"><a class=\"pl\" href=\"", r->fp);
			rp_esc(r->fp, r->parts[k].file);
			fprintf(r->fp, "#a%lld\" data-a=\"a%lld\">", aid, aid);
		}
		rp_esc(r->fp, rp_col(st, 3));
		fputs("</a> <span class=\"n\">", r->fp);
		rp_esc(r->fp, rp_col(st, 1));
		fprintf(r->fp, " &middot; %d / %d</span></li>\n",
		    sqlite3_column_int(st, 5), sqlite3_column_int(st, 6));
	}
	fputs("</ul>\n<p class=\"meta\">Entries / diagnostics per article.</p>\n"
	    "</nav>\n", r->fp);
}

static void
rp_end(struct rp *r)
{
	fprintf(r->fp, "</main>\n<script>\n%s</script>\n</body>\n</html>\n",
	    rp_js);
}

/* The whole page (without parts), or the index page of the parts. */
static void
rp_page(struct rp *r)
{
	sqlite3_stmt	*a = r->st[RQ_ARTS];

	rp_head(r);
	rp_toc(r);
	if (r->nparts == 0) {
		sqlite3_bind_int64(a, 1, -1);
		sqlite3_bind_int64(a, 2, 0);
		while (rp_step(r, a))
			rp_article(r, a);
	}
	rp_end(r);
}

/* Part k: its articles. */
static void
rp_part(struct rp *r, size_t k)
{
	sqlite3_stmt	*a = r->st[RQ_ARTS];
	struct rp_part	*p = &r->parts[k];
	char		 tot[256];

	snprintf(tot, sizeof(tot), "<p class=\"totals\">Page %zu of %zu:"
	    " articles %zu to %zu of %zu</p>", k + 1, r->nparts, p->first + 1,
	    p->first + p->n, r->parts[r->nparts - 1].first +
	    r->parts[r->nparts - 1].n);
	rp_top(r, "Error knowledge base report", tot);
	sqlite3_bind_int64(a, 1, (sqlite3_int64)p->n);
	sqlite3_bind_int64(a, 2, (sqlite3_int64)p->first);
	while (rp_step(r, a))
		rp_article(r, a);
	rp_end(r);
}

/* Put a message in err; return rc. */
__attribute__((format(printf, 4, 5)))
static int
rp_fail(int rc, char *err, size_t errsz, const char *fmt, ...)
{
	va_list	 ap;

	if (errsz > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* Open the KB, check its version and prepare the statements.  0 or -1. */
static int
rp_prepare(struct rp *r, const char *kbpath, char *err, size_t errsz)
{
	char	 sql[1024];
	int	 v = -1, src = 0;

	/* The KB is untrusted, as kbc build and export take it: checked
	 * against kbc's schema, opened with no trigger or view able to
	 * run. */
	if (kb_open(kbpath, 0, &r->db, err, errsz) != KB_OPEN_OK)
		return -1;
	for (int i = 0; i < RQ_N; i++)
		if (rp_sql[i] != NULL &&
		    sqlite3_prepare_v2(r->db, rp_sql[i], -1, &r->st[i], NULL) != SQLITE_OK)
			goto fail;
	if (rp_step(r, r->st[RQ_VERSION]))
		v = sqlite3_column_int(r->st[RQ_VERSION], 0);
	sqlite3_reset(r->st[RQ_VERSION]);
	if (v != KB_SCHEMA_VERSION)
		return rp_fail(-1, err, errsz, "%s: KB schema version %d, expected %d",
		    kbpath, v, KB_SCHEMA_VERSION);
	if (rp_step(r, r->st[RQ_SOURCECOL]))
		src = sqlite3_column_int(r->st[RQ_SOURCECOL], 0);
	sqlite3_reset(r->st[RQ_SOURCECOL]);
	snprintf(sql, sizeof(sql), RP_DIAGS_SQL, src ? "d.source" : "''");
	if (sqlite3_prepare_v2(r->db, sql, -1, &r->st[RQ_DIAGS], NULL) != SQLITE_OK)
		goto fail;
	if (r->dberr)
		goto fail;
	return 0;
fail:
	return rp_fail(-1, err, errsz, "%s: %s", kbpath,
	    r->db ? sqlite3_errmsg(r->db) : "cannot open");
}

/* fsync the folder holding path, so that a rename into it is durable. */
static void
rp_sync_dir(const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;
	int		 fd;

	dir = slash == NULL ? xstrdup(".") :
	    xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	if ((fd = open(dir, O_RDONLY)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

/*
 * Where the page goes.  A regular file, or a path that does not exist
 * yet, is replaced atomically: the page is written beside it as
 * PATH.PID.tmp and renamed over it (beside the file a symbolic link
 * points to, so that the link stays a link).  Anything else is written in
 * place: "-" (standard output), a device, a FIFO.
 */
struct rp_out {
	FILE	*fp;
	char	*path;		/* the file to replace, or NULL: in place */
	char	*tmp;
};

/* Open the output.  0, or -1 with errno set. */
static int
rp_out_open(struct rp_out *o, const char *out)
{
	struct stat	 st;
	size_t		 n;
	int		 fd, e;

	memset(o, 0, sizeof(*o));
	if (strcmp(out, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	if (stat(out, &st) == 0 && !S_ISREG(st.st_mode))
		return (o->fp = fopen(out, "w")) == NULL ? -1 : 0;
	if ((o->path = realpath(out, NULL)) == NULL)
		o->path = xstrdup(out);		/* not there yet */
	n = strlen(o->path) + 32;
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%s.%ld.tmp", o->path, (long)getpid());
	fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0666);
	if (fd >= 0 && (o->fp = fdopen(fd, "w")) != NULL)
		return 0;
	e = errno;
	if (fd >= 0) {
		close(fd);
		unlink(o->tmp);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	errno = e;
	return -1;
}

/*
 * Finish the output: with keep, flush it, and put a replacement in place
 * (synced); without, drop the replacement.  0, or -1 with errno set.
 */
static int
rp_out_close(struct rp_out *o, int keep)
{
	int	 rc = 0, e = 0;

	if (o->fp == NULL)
		return 0;
	if (keep && (fflush(o->fp) != 0 || ferror(o->fp) ||
	    (o->tmp != NULL && fsync(fileno(o->fp)) != 0))) {
		e = errno ? errno : EIO;
		rc = -1;
	}
	if (o->fp != stdout && fclose(o->fp) != 0 && rc == 0) {
		e = errno;
		rc = -1;
	}
	o->fp = NULL;
	if (o->tmp != NULL) {
		if (keep && rc == 0 && rename(o->tmp, o->path) != 0) {
			e = errno;
			rc = -1;
		}
		if (!keep || rc != 0)
			unlink(o->tmp);
		else
			rp_sync_dir(o->path);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	errno = e;
	return rc;
}

/* Write one page to path with fn, atomically.  0, -1 (the KB) or -2. */
static int
rp_write(struct rp *r, const char *path, void (*fn)(struct rp *, size_t),
    size_t k, const char *kbpath, char *err, size_t errsz)
{
	struct rp_out	 o;

	if (rp_out_open(&o, path) != 0)
		return rp_fail(-2, err, errsz, "%s: %s", path, strerror(errno));
	r->fp = o.fp;
	fn(r, k);
	if (r->dberr) {
		rp_out_close(&o, 0);
		return rp_fail(-1, err, errsz, "%s: %s", kbpath,
		    sqlite3_errmsg(r->db));
	}
	if (rp_out_close(&o, 1) != 0)
		return rp_fail(-2, err, errsz, "%s: %s", path, strerror(errno));
	return 0;
}

static void
rp_whole(struct rp *r, size_t k)
{
	(void)k;
	rp_page(r);
}

/* The stem of out's part files: its name without ".html". */
static char *
rp_stem(const char *out)
{
	const char	*slash = strrchr(out, '/'), *base;
	size_t		 n;

	base = slash != NULL ? slash + 1 : out;
	n = strlen(base);
	if (n > 5 && strcmp(base + n - 5, ".html") == 0)
		n -= 5;
	return xstrndup(base, n);
}

/* Remove the parts from the from-th on of a former, larger report. */
static void
rp_stale(const char *out, size_t from)
{
	char	*d = rp_dirname(out), *stem = rp_stem(out), *p;
	size_t	 n = strlen(d) + strlen(stem) + 32;
	int	 gone;

	p = xmalloc(n);
	do {
		snprintf(p, n, "%s/%s-%zu.html", d, stem, from++);
		gone = unlink(p) == 0;
	} while (gone);
	free(p);
	free(stem);
	free(d);
}

/* The path of part k's file: beside out. */
static char *
rp_partpath(const struct rp *r, const char *out, size_t k)
{
	char	*d = rp_dirname(out), *p;
	size_t	 n = strlen(d) + strlen(r->parts[k].file) + 2;

	p = xmalloc(n);
	snprintf(p, n, "%s/%s", d, r->parts[k].file);
	free(d);
	return p;
}

int
kb_report(const char *kbpath, const char *out_html,
    const struct report_opts *opts, char *err, size_t errsz)
{
	struct rp	 r;
	struct stat	 st;
	const char	*slash;
	char		*path;
	size_t		 k;
	int		 rc = 0;

	memset(&r, 0, sizeof(r));
	if (errsz > 0)
		err[0] = '\0';
	if (rp_prepare(&r, kbpath, err, errsz) != 0)
		rc = -1;
	else {
		if (opts != NULL && opts->docs != NULL &&
		    (r.src = rp_relsrc(out_html, opts->docs)) == NULL)
			rc = rp_fail(-3, err, errsz, "%s: %s", opts->docs,
			    strerror(errno));
		/* Parts only for a file: standard output gets one page. */
		if (rc == 0 && opts != NULL && opts->per_page > 0 &&
		    strcmp(out_html, "-") != 0 && (stat(out_html, &st) != 0 ||
		    S_ISREG(st.st_mode))) {
			rp_split(&r, out_html, opts->per_page);
		}
		r.index = (slash = strrchr(out_html, '/')) != NULL ?
		    slash + 1 : out_html;
		for (k = 0; rc == 0 && k < r.nparts; k++) {
			path = rp_partpath(&r, out_html, k);
			rc = rp_write(&r, path, rp_part, k, kbpath, err, errsz);
			free(path);
		}
		r.index = NULL;
		if (rc == 0)
			rc = rp_write(&r, out_html, rp_whole, 0, kbpath, err,
			    errsz);
		if (rc == 0 && strcmp(out_html, "-") != 0)
			rp_stale(out_html, r.nparts + 1);
	}
	for (k = 0; k < r.nparts; k++) {
		free(r.parts[k].label);
		free(r.parts[k].file);
	}
	free(r.parts);
	free(r.src);
	for (int i = 0; i < RQ_N; i++)
		sqlite3_finalize(r.st[i]);
	sqlite3_close(r.db);
	return rc;
}
