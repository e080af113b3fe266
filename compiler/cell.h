/*
 * cell.h: the text inside one Markdown block (a table cell, a paragraph,
 * a heading, a list item), read as HTML.
 *
 * Docs put raw HTML in table cells: <br/>, <ul><li> left unclosed, <p>,
 * <a href>.  cmark-gfm renders the block to HTML (raw HTML passed through)
 * and libxml2's HTML parser, which repairs unclosed tags the way browsers
 * do, reads it back.  The parser runs with no network and expands no
 * entities beyond HTML's own.
 */
#ifndef KBC_CELL_H
#define KBC_CELL_H

#include <cmark-gfm.h>

#include "util.h"

/* One line of text: a paragraph or <br>-separated line, or a list item. */
struct seg {
	char	*text;		/* plain, white space collapsed */
	int	 item;		/* 1: an <li> (or "- " line), 0: running text */
	int	 level;		/* of an item: 1 outermost, 2 in another item's list, ... */
	size_t	 strong;	/* bytes of text that were bold at its start */
};

struct cell_link {
	char	*href;
	char	*text;
};

struct cell {
	char		*text;		/* all of it, plain, one line */
	struct seg	*segs;
	size_t		 nsegs, capsegs;
	struct cell_link *links;
	size_t		 nlinks, caplinks;
	struct strv	 codespans;	/* text of each `code span` / <code> */
	struct strv	 strongs;	/* text of each **bold** run */
	struct strv	 ems;		/* text of each *italic* run */
	int		 items;		/* number of list-item segments */
	int		 deep;		/* HTML nested past CELL_MAX_DEPTH: read flat */
};

/*
 * Read the children of node into c (a raw HTML block: the block itself).  Returns 0, or -1 when the HTML could
 * not be read (c is then empty but valid).  maxdepth bounds the nesting of
 * HTML elements that is followed; deeper content is read as flat text.
 */
int	cell_read(cmark_node *node, struct cell *c);
void	cell_free(struct cell *c);
/* Is t one word that c wrote as its first code span ("`USAGE`")? */
int	cell_span_word(const struct cell *c, const char *t);

/*
 * The element nesting read inside one block.  Deeper tags are dropped
 * before parsing and their text read flat (libxml2 itself stops at 256
 * and loses what is deeper).
 */
#define CELL_MAX_DEPTH 64

#endif
