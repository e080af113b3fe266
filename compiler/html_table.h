/*
 * html_table.h: a raw HTML <table> in Markdown, read as a Markdown table.
 *
 * Docs converted from HTML, and pages that need cells with lists, write
 * their error tables as raw HTML blocks.  cmark-gfm leaves such a block
 * as one opaque node, so table_read() never saw it.  libxml2's HTML
 * parser reads the block (no network, errors repaired as browsers do);
 * each row becomes a line of a GFM table whose cells keep their inner
 * HTML, which cell_read() reads as it reads HTML in any cell; cmark-gfm
 * parses that table, and table_read() reads it like any other.
 */
#ifndef KBC_HTML_TABLE_H
#define KBC_HTML_TABLE_H

#include <cmark-gfm.h>

/* Does the HTML block's literal start with a <table> element? */
int	html_is_table(const char *literal);

/* A raw HTML table, as GFM. */
struct html_table {
	cmark_node	*doc;		/* the GFM document */
	cmark_node	*table;		/* its table */
	char		*md;		/* its text */
	size_t		 len;
	int		*line;		/* for each line of md, the line of the
					   HTML block (1 its first) it came from */
	size_t		 nlines;
	int		 cut;		/* rows past HTML_TABLE_ROWS left out */
};

#define HTML_TABLE_ROWS	4096	/* rows read of one table */

/*
 * The first table of the HTML block literal, as a GFM table in *t (free
 * with html_table_free()); 0 when the block holds no table with a row of
 * cells, and *t holds nothing.
 */
int	html_table_parse(const char *literal, struct html_table *t);
void	html_table_free(struct html_table *t);

#endif
