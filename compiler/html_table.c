/*
 * html_table.c: a raw HTML <table> in Markdown, read as a Markdown table
 * (html_table.h says why).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "extract_int.h"
#include "html_table.h"
#include "util.h"

/* Cells read of a row: table_read() reads no more. */
#define HT_CELLS	64

int
html_is_table(const char *s)
{
	if (s == NULL)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return strncasecmp(s, "<table", 6) == 0 && (s[6] == '>' ||
	    s[6] == ' ' || s[6] == '\t' || s[6] == '\n' || s[6] == '\r');
}

static int
is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* The first <table> under n, depth first. */
static xmlNode *
find_table(xmlNode *n)
{
	xmlNode *t;

	for (; n != NULL; n = n->next) {
		if (is_elem(n, "table"))
			return n;
		if ((t = find_table(n->children)) != NULL)
			return t;
	}
	return NULL;
}

/* A cell's inner HTML on one line, its pipes escaped: a GFM cell. */
static void
add_cell(struct buf *md, xmlDoc *doc, xmlNode *cell)
{
	xmlBuffer *xb = xmlBufferCreate();
	const char *s;

	buf_adds(md, " ");
	if (xb == NULL)
		return;
	for (xmlNode *c = cell->children; c != NULL; c = c->next)
		xmlNodeDump(xb, doc, c, 0, 0);
	for (s = (const char *)xmlBufferContent(xb); s && *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_addc(md, ' ');
		else if (*s == '|')
			buf_adds(md, "\\|");
		else
			buf_addc(md, *s);
	}
	xmlBufferFree(xb);
	buf_adds(md, " |");
}

/* Row tr as a line of cells; how many it has. */
static size_t
add_row(struct buf *md, xmlDoc *doc, xmlNode *tr, size_t pad)
{
	size_t n = 0;

	buf_adds(md, "|");
	for (xmlNode *c = tr->children; c != NULL && n < HT_CELLS; c = c->next)
		if (is_elem(c, "td") || is_elem(c, "th")) {
			add_cell(md, doc, c);
			n++;
		}
	for (size_t i = n; i < pad; i++)
		buf_adds(md, "  |");
	buf_adds(md, "\n");
	return n;
}

/* The rows of table t, in order: its own <tr>, directly or in <thead>,
 * <tbody>, <tfoot>; a nested table's are its cells' business. */
static size_t
rows(xmlNode *t, xmlNode **out, size_t max)
{
	size_t n = 0;

	for (xmlNode *c = t->children; c != NULL && n < max; c = c->next) {
		if (is_elem(c, "tr"))
			out[n++] = c;
		else if (is_elem(c, "thead") || is_elem(c, "tbody") ||
		    is_elem(c, "tfoot"))
			for (xmlNode *r = c->children; r != NULL && n < max;
			    r = r->next)
				if (is_elem(r, "tr"))
					out[n++] = r;
	}
	return n;
}

int
html_table_parse(const char *literal, struct html_table *t)
{
	xmlDoc *doc;
	xmlNode *tab, **tr;
	struct buf md = {0};
	size_t n, ncols;

	memset(t, 0, sizeof(*t));
	doc = htmlReadMemory(literal, (int)strlen(literal), NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	if (doc == NULL)
		return 0;
	tr = xcalloc(HTML_TABLE_ROWS + 1, sizeof(*tr));
	if ((tab = find_table(xmlDocGetRootElement(doc))) == NULL ||
	    (n = rows(tab, tr, HTML_TABLE_ROWS + 1)) == 0 ||
	    (ncols = add_row(&md, doc, tr[0], 0)) == 0)
		goto done;
	if (n > HTML_TABLE_ROWS) {
		n = HTML_TABLE_ROWS;
		t->cut = 1;
	}
	buf_adds(&md, "|");
	for (size_t i = 0; i < ncols; i++)
		buf_adds(&md, " --- |");
	buf_adds(&md, "\n");
	for (size_t i = 1; i < n; i++)
		add_row(&md, doc, tr[i], ncols);
	/* Line k of md (the separator is line 2) came from row tr[k-2], the
	 * header from tr[0]. */
	t->nlines = n + 1;
	t->line = xcalloc(t->nlines, sizeof(*t->line));
	for (size_t k = 0; k < t->nlines; k++) {
		long l = xmlGetLineNo(tr[k < 2 ? 0 : k - 1]);

		t->line[k] = l > 0 && l < 1000000 ? (int)l : 1;
	}
	t->doc = x_parse(md.s, md.len);
	for (cmark_node *c = cmark_node_first_child(t->doc); c; c = cmark_node_next(c))
		if (strcmp(cmark_node_get_type_string(c), "table") == 0) {
			t->table = c;
			break;
		}
	t->len = md.len;
	t->md = buf_take(&md);
	if (t->table == NULL)
		html_table_free(t);
done:
	free(tr);
	buf_free(&md);
	xmlFreeDoc(doc);
	return t->table != NULL;
}

void
html_table_free(struct html_table *t)
{
	if (t->doc != NULL)
		cmark_node_free(t->doc);
	free(t->md);
	free(t->line);
	memset(t, 0, sizeof(*t));
}
