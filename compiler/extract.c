/*
 * extract.c: parse an article with cmark-gfm and walk it into sections
 * and units; table.c and prose.c make the entries.
 *
 * Pass 1 walks the top-level blocks: each heading becomes a section, and
 * every other block is filed under the unit that owns it (see
 * extract_int.h).  Pass 2 processes the units in document order.  Last,
 * links are collected and intra-article links checked against the anchors.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "codes.h"
#include "extract.h"
#include "extract_int.h"
#include "frontmatter.h"
#include "lenient.h"
#include "passages.h"
#include "text.h"

int
x_line(const struct xctx *x, cmark_node *n)
{
	int l = cmark_node_get_start_line(n);

	if (x->linemap != NULL)
		return x->linemap[l >= 1 && (size_t)l <= x->nlinemap ?
		    (size_t)l - 1 : x->nlinemap - 1];
	return l + x->line0;
}

int
x_col(const struct xctx *x, cmark_node *n)
{
	(void)x;
	return cmark_node_get_start_column(n);
}

cmark_node *
x_parse(const char *text, size_t len)
{
	cmark_parser *p;
	cmark_syntax_extension *table;
	cmark_node *doc;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE);
	if ((table = cmark_find_syntax_extension("table")) != NULL)
		cmark_parser_attach_syntax_extension(p, table);
	cmark_parser_feed(p, text, len);
	doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	return doc;
}

struct entry *
x_entry(struct xctx *x, const struct unit *u, enum entry_kind kind, cmark_node *n)
{
	return article_add_entry(x->a, kind, u->section, n ? x_line(x, n) : 1,
	    n ? x_col(x, n) : 1);
}

/*
 * Collapsed text without the quotes around all of it (a matching pair
 * only: "Cannot find the module 'foo'" keeps its quote), capped at
 * EXTRACT_MAX_TEXT bytes at a character boundary, with "…" marking the
 * cut (extract_article() reports it).
 */
static char *
clean_text(const char *s)
{
	static const struct { const char *open, *close; } q[] = {
		{ "\"", "\"" }, { "'", "'" }, { "`", "`" },
		{ "\xE2\x80\x9C", "\xE2\x80\x9D" },		/* “ ” */
		{ "\xE2\x80\x9E", "\xE2\x80\x9C" },		/* „ “ */
		{ "\xE2\x80\x9E", "\xE2\x80\x9D" },		/* „ ” */
		{ "\xC2\xAB", "\xC2\xBB" },			/* « » */
		{ NULL, NULL }
	};
	char *t = text_collapse(s), *r;
	size_t n = strlen(t), i = 0;
	int again = 1;

	/* The byte that separates an action's sub-items is never text. */
	for (r = t; (r = strchr(r, ACTION_ITEM_SEP)) != NULL; r++)
		*r = ' ';

	while (again) {
		again = 0;
		for (int k = 0; q[k].open; k++) {
			size_t ol = strlen(q[k].open), cl = strlen(q[k].close);

			if (n - i > ol + cl && strncmp(t + i, q[k].open, ol) == 0 &&
			    strncmp(t + n - cl, q[k].close, cl) == 0) {
				i += ol;
				n -= cl;
				while (i < n && t[i] == ' ')
					i++;
				while (n > i && t[n - 1] == ' ')
					n--;
				again = 1;
			}
		}
	}
	if (n - i > EXTRACT_MAX_TEXT) {
		n = i + EXTRACT_MAX_TEXT;
		while (n > i && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
		r = xmalloc(n - i + 4);
		memcpy(r, t + i, n - i);
		memcpy(r + (n - i), "\xE2\x80\xA6", 4);	/* … and NUL */
	} else
		r = xstrndup(t + i, n - i);
	free(t);
	return r;
}

size_t
x_words(const char *t)
{
	size_t n = 1;

	for (; *t; t++)
		n += *t == ' ';
	return n;
}

long
x_add_text(struct strv *v, const char *s)
{
	char *t = clean_text(s);

	if (*t == '\0') {
		free(t);
		return -1;
	}
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i], t) == 0) {
			free(t);
			return (long)i;
		}
	strv_push(v, t);
	return (long)v->n - 1;
}

void
x_move_text(struct strv *v, const char *s)
{
	if (!strv_has(v, s))
		strv_add(v, s);
}

void
x_add_item(struct strv *v, long at, const char *s)
{
	char *t, *all;
	size_t n = 0, len;

	if (at < 0 || (size_t)at >= v->n)
		return;
	for (const char *p = v->v[at]; (p = strchr(p, ACTION_ITEM_SEP)) != NULL; p++)
		n++;
	t = clean_text(s);
	if (*t == '\0' || n >= EXTRACT_MAX_STEPS) {
		free(t);
		return;
	}
	len = strlen(v->v[at]);
	all = xmalloc(len + strlen(t) + 2);
	memcpy(all, v->v[at], len);
	all[len] = ACTION_ITEM_SEP;
	strcpy(all + len + 1, t);
	free(t);
	free(v->v[at]);
	v->v[at] = all;
}

void
x_add_actions(struct strv *v, const struct cell *c)
{
	struct buf sub = {0};
	long at = -1;
	int folded = 0;

	if (c->items == 0) {
		x_add_text(v, c->text);
		return;
	}
	for (size_t i = 0; i < c->nsegs; i++) {
		const struct seg *s = &c->segs[i];

		/* Deeper than a sub-item: folded into the one being read. */
		if (at >= 0 && s->level > 2 && sub.len) {
			x_fold_item(&sub, s->text, folded++ == 0);
			continue;
		}
		if (sub.len)
			x_add_item(v, at, sub.s);
		buf_clear(&sub);
		folded = 0;
		if (at >= 0 && s->level >= 2)
			buf_adds(&sub, s->text);	/* a sub-item */
		else
			at = x_add_text(v, s->text);	/* lead text, or an item */
	}
	if (sub.len)
		x_add_item(v, at, sub.s);
	buf_free(&sub);
}

void
x_fold_item(struct buf *b, const char *t, int first)
{
	/* "Proxy settings", then "host" and "port": "Proxy settings: host;
	 * port"; after "Proxy settings:" or a sentence, only a space. */
	if (b->len && first)
		buf_adds(b, strchr(":.!?", b->s[b->len - 1]) ? " " : ": ");
	else if (b->len)
		buf_adds(b, "; ");
	buf_adds(b, t);
}

void
x_add_message(struct entry *e, const char *s)
{
	size_t n;

	/* "MissingToken: the Authorization header ...": a code leads. */
	for (n = 0; s[n] && s[n] != ':' && s[n] != ' '; n++)
		;
	if (s[n] == ':' && n > 0)
		code_add_token(e, s, n, CODE_LEAD);
	codes_scan(s, e);
	x_add_text(&e->messages, s);
}

void
x_add_from_cell(struct strv *v, const struct cell *c)
{
	if (c->items == 0) {
		x_add_text(v, c->text);
		return;
	}
	for (size_t i = 0; i < c->nsegs; i++)
		if (c->segs[i].item)
			x_add_text(v, c->segs[i].text);
}

size_t
x_heading_codes(struct xctx *x, const struct unit *u, struct entry *e)
{
	if (u->alias >= 0)
		codes_heading(x->a->sections[u->alias].text, e);
	if (u->section < 0)
		return 0;
	return codes_heading(x->a->sections[u->section].text, e);
}

void
x_add_causes(struct strv *v, const struct cell *c)
{
	const char *const *cont = vocab_list(WROLE_EXAMPLE);

	if (c->items == 0 && c->nsegs > 1 && c->segs[0].strong < strlen(c->segs[0].text)) {
		struct buf b = {0};

		for (size_t i = 0; i < c->nsegs; i++) {
			const char *t = c->segs[i].text;
			int join = islower((unsigned char)t[0]);

			for (int k = 0; cont[k]; k++)
				join |= text_iprefix(t, cont[k]);
			if (b.len && !join) {
				x_add_text(v, b.s);
				buf_clear(&b);
			}
			if (b.len)
				buf_addc(&b, ' ');
			buf_adds(&b, t);
		}
		if (b.len)
			x_add_text(v, b.s);
		buf_free(&b);
		return;
	}
	if (c->items == 0 && c->nsegs > 1) {
		/* "**Proxy blocks registration** <br/> The server can't ...":
		 * the bold title, a colon, its explanation. */
		struct buf b = {0};

		buf_adds(&b, c->segs[0].text);
		for (size_t i = 1; i < c->nsegs; i++) {
			buf_adds(&b, i == 1 && !strchr(".:!?", b.s[b.len - 1]) ? ": " : " ");
			buf_adds(&b, c->segs[i].text);
		}
		x_add_text(v, b.s);
		buf_free(&b);
		return;
	}
	x_add_from_cell(v, c);
}

/*
 * Split a segment into a label and its value: "**Error code**: X",
 * "**Error message:** X", "Error Message: X", "*Potential solutions*: X".
 */
enum role
x_split_label(const struct seg *s, const char **value)
{
	const char *t = s->text, *colon;
	enum role r = ROLE_NONE;

	*value = s->text;
	if (s->strong > 0 && s->strong < 60) {
		char *l = xstrndup(t, s->strong);

		r = vocab_role(l);
		/* A bold word alone ("**error.**") is emphasis, not a label:
		 * a label has a colon or a value after it. */
		if (r != ROLE_NONE && r != ROLE_EMPTY && r != ROLE_CONTEXT &&
		    (strchr(l, ':') || t[s->strong] != '\0')) {
			free(l);
			t += s->strong;
			goto value;
		}
		free(l);
	}
	/* Chinese and Japanese write a full-width colon (U+FF1A). */
	colon = strchr(t, ':');
	{
		const char *fw = strstr(t, "\xEF\xBC\x9A");

		if (fw != NULL && (colon == NULL || fw < colon))
			colon = fw;
	}
	if (colon == NULL || colon - t > 48)
		return ROLE_NONE;
	{
		char *l = xstrndup(t, (size_t)(colon - t));

		r = vocab_role(l);
		free(l);
	}
	if (r == ROLE_NONE || r == ROLE_EMPTY || r == ROLE_CONTEXT)
		return ROLE_NONE;
	t = colon;
value:
	for (;;) {
		if (*t == ':' || *t == ' ' || *t == '-' || *t == '&' || *t == '"' ||
		    *t == '*')
			t++;
		else if (strncmp(t, "\xEF\xBC\x9A", 3) == 0)
			t += 3;
		else
			break;
	}
	*value = t;
	return r;
}

int
x_has_labels(const struct cell *c)
{
	const char *v;

	for (size_t i = 0; i < c->nsegs; i++)
		if (x_split_label(&c->segs[i], &v) != ROLE_NONE)
			return 1;
	return 0;
}

struct fix *
x_fix(struct entry *e)
{
	return e->nfixes ? &e->fixes[e->nfixes - 1] : entry_add_fix(e);
}

void
x_links(struct xctx *x, const struct cell *c, int line, int col, int ei)
{
	for (size_t i = 0; i < c->nlinks; i++) {
		struct link *l;

		VEC_PUSH(x->a->links, x->a->nlinks, x->a->caplinks);
		l = &x->a->links[x->a->nlinks - 1];
		memset(l, 0, sizeof(*l));
		l->href = xstrdup(c->links[i].href);
		l->text = xstrdup(c->links[i].text);
		l->line = line;
		l->col = col;
		l->entry = ei;
	}
}

/* The value of attribute name="..." or id='...' in an HTML snippet. */
static char *
html_anchor(const char *h)
{
	static const char *const attrs[] = { "name", "id", NULL };

	if (h == NULL)
		return NULL;
	for (const char *p = h; *p; p++) {
		if (*p != '<' || tolower((unsigned char)p[1]) != 'a' || isalnum((unsigned char)p[2]))
			continue;
		for (const char *q = p + 2; *q && *q != '>'; q++)
			for (int i = 0; attrs[i]; i++) {
				size_t al = strlen(attrs[i]);
				const char *v;
				char quote;

				if (!text_iprefix(q, attrs[i]) || isalnum((unsigned char)q[-1]))
					continue;
				v = q + al;
				while (*v == ' ')
					v++;
				if (*v != '=')
					continue;
				v++;
				while (*v == ' ')
					v++;
				quote = (*v == '"' || *v == '\'') ? *v++ : ' ';
				{
					const char *e = v;

					while (*e && *e != quote && *e != '>' &&
					    !(quote == ' ' && *e == '/'))
						e++;
					if (e > v)
						return xstrndup(v, (size_t)(e - v));
				}
			}
	}
	return NULL;
}

/* Is this HTML block nothing but an anchor (<a name="x"></a>)? */
static char *
block_anchor(cmark_node *n)
{
	const char *h = cmark_node_get_literal(n);
	char *a = html_anchor(h);
	const char *p;

	if (a == NULL)
		return NULL;
	/* Only anchors and white space: strip tags and see what is left. */
	for (p = h; *p; p++) {
		if (*p == '<') {
			while (*p && *p != '>')
				p++;
			if (!*p)
				break;
			continue;
		}
		if (!isspace((unsigned char)*p)) {
			free(a);
			return NULL;
		}
	}
	return a;
}

/*
 * A paragraph of nothing but inline HTML anchors: '<a id="x"></a>' on the
 * line before a heading (an <a> tag cannot start an HTML block, so cmark
 * makes it a paragraph).  Its anchor, or NULL.
 */
static char *
para_anchor(cmark_node *p)
{
	char *anchor = NULL;

	for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
		int t = cmark_node_get_type(c);

		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			continue;
		if (t == CMARK_NODE_TEXT) {
			const char *l = cmark_node_get_literal(c);

			while (l && isspace((unsigned char)*l))
				l++;
			if (l && *l == '\0')
				continue;
		}
		if (t != CMARK_NODE_HTML_INLINE) {
			free(anchor);
			return NULL;
		}
		if (anchor == NULL)
			anchor = html_anchor(cmark_node_get_literal(c));
	}
	return anchor;
}

/* A DocFX tab ("# [Azure CLI](#tab/azure-cli)") is not a heading. */
static int
is_tab_heading(cmark_node *h)
{
	for (cmark_node *c = cmark_node_first_child(h); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_LINK) {
			const char *u = cmark_node_get_url(c);

			if (u && strncmp(u, "#tab/", 5) == 0)
				return 1;
		}
	return 0;
}

struct walkstate {
	struct unit	*units;
	size_t		 nunits, capunits;
	struct { int level, section, unit, structural; } stack[8];
	int		 depth;
	int		 cur_unit;
	enum ctx	 ctx;
	int		 sub;
	char		*pending_anchor;
	struct sset	 anchors;	/* every anchor: explicit and slugs */
	struct sset	 explicit;	/* explicit ones, for duplicates */
	struct sset	 slugs;		/* slug -> the last -N suffix given it */
};

static int
new_unit(struct walkstate *w, int section, int level, int skip)
{
	struct unit *u;

	VEC_PUSH(w->units, w->nunits, w->capunits);
	u = &w->units[w->nunits - 1];
	memset(u, 0, sizeof(*u));
	u->section = section;
	u->level = level;
	u->skip = skip;
	u->alias = -1;
	return (int)w->nunits - 1;
}

static void
add_block(struct walkstate *w, cmark_node *n)
{
	struct unit *u = &w->units[w->cur_unit];
	struct block *b;

	VEC_PUSH(u->blocks, u->nblocks, u->capblocks);
	b = &u->blocks[u->nblocks - 1];
	b->node = n;
	b->ctx = w->ctx;
	b->sub = w->sub;
}

/*
 * "**Cause**" or "**Resolution**" alone on its line: a Cause or Solution
 * part written without a heading, as many articles do; the blocks after
 * it, to the next heading, are in that part.  1 when n is one.
 */
static int
bold_part(struct walkstate *w, cmark_node *n)
{
	struct cell	 c;
	enum hrole	 hr = HROLE_NONE;

	cell_read(n, &c);
	/* Not "**Possible causes:**": a label, read with what follows. */
	if (c.strongs.n == 1 && c.codespans.n == 0 && c.nsegs == 1 &&
	    strcmp(c.strongs.v[0], c.text) == 0 && strchr(c.text, ':') == NULL)
		hr = vocab_subhrole(c.text);
	cell_free(&c);
	if (hr != HROLE_CAUSE && hr != HROLE_SOLUTION)
		return 0;
	w->ctx = hr == HROLE_CAUSE ? CTX_CAUSE : CTX_SOLUTION;
	return 1;
}

static void
heading(struct xctx *x, struct walkstate *w, cmark_node *h)
{
	struct article *a = x->a;
	struct section *s;
	struct cell c;
	struct buf slug = {0};
	char *anchor = NULL;
	int level = cmark_node_get_heading_level(h), si, numbered;
	enum hrole hr;

	cell_read(h, &c);
	/* Explicit anchor inside the heading, or on the line before it. */
	for (cmark_node *ch = cmark_node_first_child(h); ch && !anchor;
	    ch = cmark_node_next(ch))
		if (cmark_node_get_type(ch) == CMARK_NODE_HTML_INLINE)
			anchor = html_anchor(cmark_node_get_literal(ch));
	if (anchor == NULL && w->pending_anchor) {
		anchor = w->pending_anchor;
		w->pending_anchor = NULL;
	}
	if (anchor) {
		if (sset_has(&w->explicit, anchor))
			article_diag(a, x_line(x, h), x_col(x, h), "duplicate-anchor",
			    "duplicate anchor '%s'", anchor);
		sset_add(&w->explicit, anchor);
	} else {
		/* GitHub's slug, made unique with -1, -2 ... */
		char *base;
		int *k;

		text_slug(c.text, &slug);
		base = buf_take(&slug);
		anchor = xstrdup(base);
		/* Go on from the last suffix this slug got: a thousand equal
		 * headings must not cost a million lookups. */
		k = sset_val(&w->slugs, base);
		while (sset_has(&w->anchors, anchor)) {
			buf_clear(&slug);
			buf_printf(&slug, "%s-%d", base, ++*k);
			free(anchor);
			anchor = buf_take(&slug);
		}
		free(base);
	}
	sset_add(&w->anchors, anchor);
	free(w->pending_anchor);
	w->pending_anchor = NULL;

	while (w->depth > 0 && w->stack[w->depth - 1].level >= level)
		w->depth--;
	VEC_PUSH(a->sections, a->nsections, a->capsections);
	si = (int)a->nsections - 1;
	s = &a->sections[si];
	s->level = level;
	s->text = xstrdup(c.text);
	s->anchor = anchor;
	s->line = x_line(x, h);
	s->parent = w->depth > 0 ? w->stack[w->depth - 1].section : -1;
	if (level == 1 && *a->title == '\0') {
		free(a->title);
		a->title = xstrdup(c.text);
	}

	hr = s->parent >= 0 && a->sections[s->parent].level >= 2 ?
	    vocab_subhrole(c.text) : vocab_hrole(c.text);
	{
		/* "Symptom 2", "Error message 1": one of several errors, its own
		 * unit.  A plain "Symptom" or "Issue" is part of the unit above. */
		size_t n = strlen(c.text);

		numbered = n && isdigit((unsigned char)c.text[n - 1]);
	}
	if (hr == HROLE_CAUSE || hr == HROLE_SOLUTION ||
	    (hr == HROLE_SYMPTOM && !numbered && w->depth > 0)) {
		/* Structural: its blocks go to the nearest owning unit. */
		int owner = 0;

		for (int i = w->depth - 1; i >= 0; i--)
			if (!w->stack[i].structural) {
				owner = w->stack[i].unit;
				break;
			}
		w->cur_unit = owner;
		w->ctx = hr == HROLE_CAUSE ? CTX_CAUSE : hr == HROLE_SOLUTION ? CTX_SOLUTION :
		    CTX_SYMPTOM;
		w->sub = si;
	} else {
		struct unit *prev = &w->units[w->cur_unit];
		int alias = -1;

		/* "#### UserErrorA" right over "#### UserErrorB" and its table:
		 * two names for one error. */
		if (prev->section >= 0 && prev->nblocks == 0 && prev->level == level &&
		    w->ctx == CTX_NONE) {
			struct entry tmp = {0};

			codes_heading(a->sections[prev->section].text, &tmp);
			if (tmp.ncodes) {
				alias = prev->section;
				prev->skip = 1;
			}
			entry_clear(&tmp);
		}
		w->cur_unit = new_unit(w, si, level, hr == HROLE_SKIP);
		w->units[w->cur_unit].alias = alias;
		w->units[w->cur_unit].symptom = hr == HROLE_SYMPTOM;
		w->ctx = hr == HROLE_SYMPTOM ? CTX_SYMPTOM : CTX_NONE;
		w->sub = -1;
	}
	if (w->depth < 8) {
		w->stack[w->depth].level = level;
		w->stack[w->depth].section = si;
		w->stack[w->depth].unit = w->cur_unit;
		w->stack[w->depth].structural = w->units[w->cur_unit].section != si;
		w->depth++;
	}
	cell_free(&c);
}

/* Every Markdown link outside tables (tables report their own). */
static void
collect_links(struct xctx *x, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it), *p;
		struct link *l;
		struct buf t = {0};
		int intable = 0;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_LINK)
			continue;
		for (p = n; p; p = cmark_node_parent(p))
			if (strcmp(cmark_node_get_type_string(p), "table") == 0)
				intable = 1;
		if (intable)
			continue;
		for (p = n; p && cmark_node_get_start_line(p) == 0; p = cmark_node_parent(p))
			;
		for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
			const char *lit = cmark_node_get_literal(c);

			if (lit)
				buf_adds(&t, lit);
		}
		VEC_PUSH(x->a->links, x->a->nlinks, x->a->caplinks);
		l = &x->a->links[x->a->nlinks - 1];
		memset(l, 0, sizeof(*l));
		l->href = xstrdup(cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
		l->text = text_collapse(t.s ? t.s : "");
		l->line = p ? x_line(x, p) : x->line0 + 1;
		l->col = p ? x_col(x, p) : 1;
		l->entry = -1;
		buf_free(&t);
	}
	cmark_iter_free(it);
}

/* Anchors named anywhere in raw HTML (<a name="x"> inside paragraphs). */
static void
collect_html_anchors(cmark_node *doc, struct sset *anchors)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int t = cmark_node_get_type(n);
		char *a;

		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_HTML_INLINE && t != CMARK_NODE_HTML_BLOCK))
			continue;
		if ((a = html_anchor(cmark_node_get_literal(n))) != NULL) {
			sset_add(anchors, a);
			free(a);
		}
	}
	cmark_iter_free(it);
}

static void
check_links(struct xctx *x, const struct sset *anchors)
{
	for (size_t i = 0; i < x->a->nlinks; i++) {
		struct link *l = &x->a->links[i];

		if (l->href[0] != '#' || l->href[1] == '\0')
			continue;
		l->target = xstrdup(l->href + 1);
		l->resolved = sset_has(anchors, l->target);
		if (!l->resolved && strncmp(l->target, "tab/", 4) != 0)
			article_diag(x->a, l->line, l->col, "broken-link",
			    "link to missing anchor '#%s'", l->target);
	}
}

/*
 * Do the two letters at p name a language (vocab.tsv, role locale)?
 * Other two-letter folders ("db/", "ui/") are not locale folders.
 */
static int
iso639(const char *p)
{
	char	 c[3] = { (char)tolower((unsigned char)p[0]),
		    (char)tolower((unsigned char)p[1]), '\0' };

	return vocab_has(WROLE_LOCALE, c);
}

/* Is the path component at p, n bytes long, a locale folder: "sv",
 * "sv-se", "de-DE"? */
static int
locale_folder(const char *p, size_t n)
{
	if (n != 2 && !(n == 5 && p[2] == '-'))
		return 0;
	if (!isalpha((unsigned char)p[0]) || !isalpha((unsigned char)p[1]) ||
	    !iso639(p))
		return 0;
	return n == 2 || (isalpha((unsigned char)p[3]) && isalpha((unsigned char)p[4]));
}

/*
 * Locale and key: front matter, else the first locale folder of the
 * path ("sv/articles/x.md", "product/sv/x.md"), else default.  The key
 * is the path without that folder, so that the translations of an
 * article share it wherever the docs keep their languages.
 */
static void
locate(struct article *a, const char *default_locale)
{
	const char *fm = frontmatter_get(&a->fm_names, &a->fm_values, "ms.contentlocale");
	const char *p, *slash, *folder = NULL;

	for (p = a->path; (slash = strchr(p, '/')) != NULL; p = slash + 1)
		if (locale_folder(p, (size_t)(slash - p))) {
			folder = p;
			break;
		}
	free(a->locale);
	if (fm && isalpha((unsigned char)fm[0]) && isalpha((unsigned char)fm[1]))
		a->locale = text_lower((char[]){fm[0], fm[1], 0});
	else if (folder)
		a->locale = text_lower((char[]){folder[0], folder[1], 0});
	else
		a->locale = xstrdup(default_locale ? default_locale : "");
	free(a->key);
	if (folder) {
		struct buf k = {0};

		buf_add(&k, a->path, (size_t)(folder - a->path));
		buf_adds(&k, strchr(folder, '/') + 1);
		a->key = k.s;
	} else
		a->key = xstrdup(a->path);
}

/* By line, then column, then what was found first (the text's order). */
static int
cmp_diag(const void *p, const void *q)
{
	const struct diag *a = p, *b = q;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Was any text of e cut by clean_text()? */
static int
cut(const struct strv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		size_t n = strlen(v->v[i]);

		if (n > EXTRACT_MAX_TEXT && strcmp(v->v[i] + n - 3, "\xE2\x80\xA6") == 0)
			return 1;
	}
	return 0;
}

static int
entry_cut(const struct entry *e)
{
	if (cut(&e->messages))
		return 1;
	for (size_t i = 0; i < e->nfixes; i++)
		if (cut(&e->fixes[i].causes) || cut(&e->fixes[i].actions))
			return 1;
	return 0;
}

int
extract_article(struct article *a, const char *text, size_t len,
    const char *default_locale)
{
	struct xctx x = {0};
	struct walkstate w;
	cmark_node *doc;
	const char *v;
	char *fixed;
	size_t body, fixedlen;
	int lines;

	memset(&w, 0, sizeof(w));
	w.sub = -1;	/* no sub-heading yet: text before any heading has none */
	body = frontmatter_read(text, len, &a->fm_names, &a->fm_values, &lines);
	if ((v = frontmatter_get(&a->fm_names, &a->fm_values, "title")) != NULL) {
		free(a->title);
		a->title = xstrdup(v);
	}
	if ((v = frontmatter_get(&a->fm_names, &a->fm_values, "description")) != NULL) {
		free(a->description);
		a->description = xstrdup(v);
	}
	if ((v = frontmatter_get(&a->fm_names, &a->fm_values, "ms.date")) != NULL ||
	    (v = frontmatter_get(&a->fm_names, &a->fm_values, "date")) != NULL) {
		free(a->date);
		a->date = xstrdup(v);
	}
	locate(a, default_locale);

	x.a = a;
	x.src = text + body;
	x.srclen = len - body;
	x.line0 = body ? lines : 0;
	if ((fixed = lenient_repair(x.src, x.srclen, &fixedlen)) != NULL) {
		x.src = fixed;
		x.srclen = fixedlen;
	}
	line_starts(x.src, x.srclen, &x.lines, &x.nlines);

	doc = x_parse(x.src, x.srclen);

	w.cur_unit = new_unit(&w, -1, 0, 0);
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		int t = cmark_node_get_type(n);
		char *anchor;

		if (t == CMARK_NODE_HEADING && !is_tab_heading(n)) {
			heading(&x, &w, n);
			continue;
		}
		if ((t == CMARK_NODE_HTML_BLOCK && (anchor = block_anchor(n)) != NULL) ||
		    (t == CMARK_NODE_PARAGRAPH && (anchor = para_anchor(n)) != NULL)) {
			free(w.pending_anchor);
			w.pending_anchor = anchor;
			continue;
		}
		if (t == CMARK_NODE_HEADING)	/* a tab: its blocks stay put */
			continue;
		/* An anchor names the heading right after it, or nothing. */
		free(w.pending_anchor);
		w.pending_anchor = NULL;
		if (t == CMARK_NODE_PARAGRAPH && bold_part(&w, n))
			continue;
		add_block(&w, n);
	}
	for (size_t i = 0; i < w.nunits; i++) {
		if (!w.units[i].skip)
			prose_unit(&x, &w.units[i]);
		free(w.units[i].blocks);
	}
	passages_read(&x, doc);
	collect_links(&x, doc);
	collect_html_anchors(doc, &w.anchors);
	check_links(&x, &w.anchors);
	for (size_t i = 0; i < a->nentries; i++)
		if (entry_cut(&a->entries[i]))
			article_diag(a, a->entries[i].line, a->entries[i].col, "text-size",
			    "text longer than %d bytes cut", EXTRACT_MAX_TEXT);
	for (size_t i = 0; i < a->nentries; i++)
		if (a->entries[i].kind == ENTRY_ERROR) {
			int acts = 0;

			for (size_t k = 0; k < a->entries[i].nfixes; k++)
				acts += (int)a->entries[i].fixes[k].actions.n;
			if (!acts)
				article_diag(a, a->entries[i].line, a->entries[i].col,
				    "missing-action", "error entry has no recommended action");
		}
	/* Diagnostics in source order, as a compiler prints them. */
	if (a->ndiags > 1)
		qsort(a->diags, a->ndiags, sizeof(*a->diags), cmp_diag);
	free(w.units);
	free(w.pending_anchor);
	sset_free(&w.anchors);
	sset_free(&w.explicit);
	sset_free(&w.slugs);
	free(x.lines);
	free(fixed);
	cmark_node_free(doc);
	return 0;
}
