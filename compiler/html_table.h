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

/*
 * The table of the HTML block literal as a GFM table: a new document,
 * which the caller frees with cmark_node_free(), and in *table its table
 * node; NULL when the block holds no table with a row of cells.  The
 * table's rows are lines 1 (its header), 3, 4, ... of the document.
 */
cmark_node *html_table_parse(const char *literal, cmark_node **table);

#endif
