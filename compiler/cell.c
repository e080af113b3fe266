/*
 * cell.c: render a block's inlines to HTML with cmark-gfm, read the HTML
 * back with libxml2, and split it into segments, links and code spans.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "cell.h"
#include "text.h"

struct walk {
	struct cell	*c;
	struct buf	 line;		/* text of the segment being built */
	size_t		 strong;	/* leading bold bytes of it */
	int		 instrong;	/* inside <strong>/<b> */
	int		 item;		/* the segment is a list item */
	int		 lilevel;	/* <li> elements the walk is inside */
	struct buf	 all;
};

static int
is_break_elem(const char *n)
{
	static const char *const names[] = {
		"br", "p", "div", "ul", "ol", "li", "table", "tr", "td", "th",
		"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr",
		"dl", "dt", "dd", NULL
	};

	for (int i = 0; names[i]; i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

/*
 * HTML's own elements.  Anything else in a cell is a placeholder the
 * author wrote as text ("the key '<kid>'", "<server name>") that Markdown
 * passed through as a tag: it is put back as text.
 */
static int
is_html_elem(const char *n)
{
	static const char *const names[] = {
		"a", "abbr", "b", "big", "blockquote", "body", "br", "caption",
		"center", "cite", "code", "col", "colgroup", "dd", "del", "details",
		"dfn", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
		"h6", "head", "hr", "html", "i", "img", "ins", "kbd", "li", "mark",
		"meta", "nobr", "ol", "p", "pre", "q", "s", "samp", "script", "section",
		"small", "span", "strike", "strong", "style", "sub", "summary", "sup",
		"table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "tt",
		"u", "ul", "var", "video", "wbr", "iframe", "object", "embed", "form",
		"input", "button", "label", "select", "option", "textarea", "nav",
		"header", "footer", "article", "aside", "main", "figure", "figcaption",
		"picture", "source", "svg", "time", "noscript", "link", "base", NULL
	};

	for (int i = 0; names[i]; i++)
		if (strcmp(n, names[i]) == 0)
			return 1;
	return 0;
}

/* Close the segment being built: collapse it, and keep it if not empty. */
static void
flush(struct walk *w)
{
	char *t;
	struct seg *s;

	if (w->line.len == 0) {
		w->item = 0;
		w->strong = 0;
		return;
	}
	t = text_collapse(w->line.s);
	if (*t == '\0') {
		free(t);
		buf_clear(&w->line);
		w->item = 0;
		w->strong = 0;
		return;
	}
	/* "<br/> - step" lines are list items written by hand. */
	if ((t[0] == '-' || t[0] == '*') && t[1] == ' ') {
		char *u = xstrdup(t + 2);

		free(t);
		t = u;
		w->item = 1;
		w->strong = 0;
	}
	VEC_PUSH(w->c->segs, w->c->nsegs, w->c->capsegs);
	s = &w->c->segs[w->c->nsegs - 1];
	s->item = w->item;
	s->level = w->item ? (w->lilevel > 0 ? w->lilevel : 1) : 0;
	/* The bold prefix, measured on the collapsed text. */
	{
		char *pre = xstrndup(w->line.s, w->strong);
		char *cp = text_collapse(pre);
		const char *lead = w->line.s;

		while (*lead == ' ' || *lead == '\t' || *lead == '\n')
			lead++;
		s->strong = (lead - w->line.s) <= (long)w->strong ? strlen(cp) : 0;
		if (s->strong > strlen(t))
			s->strong = strlen(t);
		free(pre);
		free(cp);
	}
	s->text = t;
	if (s->item)
		w->c->items++;
	if (w->all.len)
		buf_addc(&w->all, ' ');
	buf_adds(&w->all, t);
	buf_clear(&w->line);
	w->strong = 0;
	w->item = 0;
}

static int
only_space(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->s[i] != ' ' && b->s[i] != '\t' && b->s[i] != '\n' && b->s[i] != '\r')
			return 0;
	return 1;
}

/* Text content of n (all descendants), collapsed; a new string. */
static char *
node_text(xmlNode *n)
{
	xmlChar *x = xmlNodeGetContent(n);
	char *t = text_collapse(x ? (const char *)x : "");

	xmlFree(x);
	return t;
}

/*
 * Events shared by the two readers below, so that a block reads the same
 * whether or not it holds raw HTML.
 */
static void
w_text(struct walk *w, const char *t)
{
	if (w->instrong && (w->strong == w->line.len || only_space(&w->line)))
		w->strong = w->line.len + strlen(t);
	buf_adds(&w->line, t);
}

/* A code span: remembered, and its text added to the line. */
static void
w_code(struct walk *w, char *text, const char *raw)
{
	strv_push(&w->c->codespans, text);
	w_text(w, raw);
}

static void
w_link(struct walk *w, const char *href, char *text)
{
	struct cell_link *l;

	VEC_PUSH(w->c->links, w->c->nlinks, w->c->caplinks);
	l = &w->c->links[w->c->nlinks - 1];
	l->href = xstrdup(href);
	l->text = text;
}

/* Keep the text of a bold or italic run in v, if it has any. */
static void
w_span(struct strv *v, char *text)
{
	if (*text)
		strv_push(v, text);
	else
		free(text);
}

static void
walk(struct walk *w, xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		const char *name = (const char *)n->name;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				w_text(w, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (depth >= CELL_MAX_DEPTH) {
			/* Too deep to be real markup: keep the text, flat. */
			char *t = node_text(n);

			buf_addc(&w->line, ' ');
			buf_adds(&w->line, t);
			free(t);
			continue;
		}
		if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
			continue;
		if (!is_html_elem(name)) {
			buf_addc(&w->line, '<');
			buf_adds(&w->line, name);
			buf_addc(&w->line, '>');
			walk(w, n->children, depth + 1);
			continue;
		}
		if (strcmp(name, "code") == 0) {
			xmlChar *raw = xmlNodeGetContent(n);

			w_code(w, node_text(n), raw ? (const char *)raw : "");
			xmlFree(raw);
			continue;
		}
		if (strcmp(name, "a") == 0) {
			xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");

			if (href) {
				w_link(w, (const char *)href, node_text(n));
				xmlFree(href);
			}
			walk(w, n->children, depth + 1);
			continue;
		}
		if (strcmp(name, "strong") == 0 || strcmp(name, "b") == 0) {
			int was = w->instrong;

			w_span(&w->c->strongs, node_text(n));
			w->instrong = 1;
			walk(w, n->children, depth + 1);
			w->instrong = was;
			continue;
		}
		if (strcmp(name, "em") == 0 || strcmp(name, "i") == 0) {
			w_span(&w->c->ems, node_text(n));
			walk(w, n->children, depth + 1);
			continue;
		}
		if (strcmp(name, "sup") == 0) {
			/* Footnote markers ("<sup>*</sup>") are not text. */
			continue;
		}
		if (is_break_elem(name)) {
			int li = strcmp(name, "li") == 0;

			flush(w);
			if (li)
				w->item = 1;
			w->lilevel += li;
			walk(w, n->children, depth + 1);
			flush(w);
			w->lilevel -= li;
			continue;
		}
		walk(w, n->children, depth + 1);
	}
}

/*
 * Copy html to out, dropping tags nested deeper than CELL_MAX_DEPTH but
 * keeping their text.  Elements that close themselves or their siblings
 * (<br>, <li>, <p>, <td>) are not counted.  Returns 1 if any was dropped.
 */
static int
flatten(const char *html, size_t len, struct buf *out)
{
	static const char *const flat[] = { "br", "hr", "img", "input", "meta", "link",
	    "wbr", "col", "area", "base", "source", "li", "p", "td", "th", "tr", "dt",
	    "dd", "option", NULL };
	const char *p = html, *end = html + len;
	int depth = 0, dropped = 0, any = 0;

	while (p < end) {
		const char *gt, *name;
		size_t n;
		int closing, counted = 1;

		if (*p != '<' || p + 1 >= end || !(isalpha((unsigned char)p[1]) || p[1] == '/')) {
			buf_addc(out, *p++);
			continue;
		}
		if ((gt = memchr(p, '>', (size_t)(end - p))) == NULL) {
			buf_add(out, p, (size_t)(end - p));
			break;
		}
		closing = p[1] == '/';
		name = p + 1 + closing;
		for (n = 0; name + n < gt && isalnum((unsigned char)name[n]); n++)
			;
		for (int i = 0; flat[i]; i++)
			if (strlen(flat[i]) == n && strncasecmp(name, flat[i], n) == 0)
				counted = 0;
		if (gt[-1] == '/')
			counted = 0;
		if (counted && !closing && depth >= CELL_MAX_DEPTH) {
			dropped++;
			any = 1;
		} else if (counted && closing && dropped) {
			dropped--;
		} else {
			if (counted)
				depth += closing ? (depth > 0 ? -1 : 0) : 1;
			buf_add(out, p, (size_t)(gt + 1 - p));
		}
		p = gt + 1;
	}
	return any;
}

/* Literal text below an inline node, white space collapsed; a new string. */
static char *
cm_text(cmark_node *n)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	struct buf b = {0};
	char *t;

	buf_add(&b, "", 0);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		int type = cmark_node_get_type(c);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
			buf_adds(&b, cmark_node_get_literal(c));
		else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
			buf_addc(&b, ' ');
	}
	cmark_iter_free(it);
	t = text_collapse(b.s);
	buf_free(&b);
	return t;
}

/* The same walk over cmark's inline nodes, for blocks without raw HTML. */
static void
cm_walk(struct walk *w, cmark_node *n, int depth)
{
	for (; n; n = cmark_node_next(n)) {
		const char *lit;

		if (depth >= CELL_MAX_DEPTH) {
			char *t = cm_text(n);

			buf_addc(&w->line, ' ');
			buf_adds(&w->line, t);
			free(t);
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				w_text(w, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			w_text(w, " ");
			break;
		case CMARK_NODE_LINEBREAK:
			flush(w);
			break;
		case CMARK_NODE_CODE:
			lit = cmark_node_get_literal(n);
			w_code(w, text_collapse(lit ? lit : ""), lit ? lit : "");
			break;
		case CMARK_NODE_STRONG: {
			int was = w->instrong;

			w_span(&w->c->strongs, cm_text(n));
			w->instrong = 1;
			cm_walk(w, cmark_node_first_child(n), depth + 1);
			w->instrong = was;
			break;
		}
		case CMARK_NODE_EMPH:
			w_span(&w->c->ems, cm_text(n));
			cm_walk(w, cmark_node_first_child(n), depth + 1);
			break;
		case CMARK_NODE_LINK:
			w_link(w, cmark_node_get_url(n) ? cmark_node_get_url(n) : "", cm_text(n));
			cm_walk(w, cmark_node_first_child(n), depth + 1);
			break;
		case CMARK_NODE_IMAGE:	/* an <img>: its alt text is not text */
			break;
		default:
			cm_walk(w, cmark_node_first_child(n), depth + 1);
			break;
		}
	}
}

/* Does anything below node hold raw HTML? */
static int
has_html(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	int found = 0;

	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		found = ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_HTML_INLINE;
	cmark_iter_free(it);
	return found;
}

int
cell_read(cmark_node *node, struct cell *c)
{
	struct buf html = {0};
	struct walk w;
	htmlDocPtr doc;
	xmlNode *body = NULL;
	cmark_node *ch;
	int rc = 0, self;

	memset(c, 0, sizeof(*c));
	memset(&w, 0, sizeof(w));
	w.c = c;
	/* A raw HTML block is read as itself: it has no children. */
	self = cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK;
	if (!self && !has_html(node)) {
		/* Most blocks: no HTML to repair, so no need to render and parse. */
		cm_walk(&w, cmark_node_first_child(node), 0);
		flush(&w);
		buf_free(&w.line);
		c->text = buf_take(&w.all);
		return 0;
	}
	/* A table cell renders as <td>; its children render as inlines. */
	buf_adds(&html, "<html><body><div>");
	for (ch = self ? node : cmark_node_first_child(node); ch;
	    ch = self ? NULL : cmark_node_next(ch)) {
		char *h = cmark_render_html(ch, CMARK_OPT_UNSAFE, NULL);

		buf_adds(&html, h);
		free(h);
	}
	buf_adds(&html, "</div></body></html>");
	{
		struct buf flat = {0};

		c->deep = flatten(html.s, html.len, &flat);
		buf_free(&html);
		html = flat;
	}
	doc = htmlReadMemory(html.s, (int)html.len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	buf_free(&html);
	if (doc == NULL) {
		c->text = xstrdup("");
		return -1;
	}
	for (xmlNode *n = xmlDocGetRootElement(doc); n; n = n->children)
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "body") == 0) {
			body = n;
			break;
		}
	if (body)
		walk(&w, body->children, 0);
	else
		rc = -1;
	flush(&w);
	xmlFreeDoc(doc);
	buf_free(&w.line);
	c->text = buf_take(&w.all);
	return rc;
}

void
cell_free(struct cell *c)
{
	free(c->text);
	for (size_t i = 0; i < c->nsegs; i++)
		free(c->segs[i].text);
	free(c->segs);
	for (size_t i = 0; i < c->nlinks; i++) {
		free(c->links[i].href);
		free(c->links[i].text);
	}
	free(c->links);
	strv_free(&c->codespans);
	strv_free(&c->strongs);
	strv_free(&c->ems);
	memset(c, 0, sizeof(*c));
}

int
cell_span_word(const struct cell *c, const char *t)
{
	return c->codespans.n > 0 && strcmp(c->codespans.v[0], t) == 0 &&
	    strchr(t, ' ') == NULL;
}
