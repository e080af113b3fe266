/*
 * extract_int.h: what the extractor's stages share (extract.c walks the
 * document into units, table.c and prose.c classify a unit's blocks as
 * evidence, assemble.c builds the entries from it).  Not a public
 * interface.
 *
 * A unit is a heading that can own error knowledge (a non-structural
 * heading, or a "Symptom"/"Error message" heading) with all the blocks
 * under it, including those under its structural sub-headings ("Cause",
 * "Solution"), which set the blocks' context.
 */
#ifndef KBC_EXTRACT_INT_H
#define KBC_EXTRACT_INT_H

#include <cmark-gfm.h>

#include "article.h"
#include "cell.h"
#include "evidence.h"
#include "extract.h"
#include "vocab.h"

struct block {
	cmark_node	*node;
	enum ctx	 ctx;
	int		 sub;		/* index of the structural sub-heading, -1 none */
};

struct unit {
	int		 section;	/* heading's section index, -1 for the preamble */
	int		 skip;		/* "Next steps" and the like */
	int		 symptom;	/* a "Symptom" / "Error message 1" heading */
	int		 level;
	int		 alias;		/* section of an empty code heading just above, -1 */
	struct block	*blocks;
	size_t		 nblocks, capblocks;
};

/* Where a list item's text went as an action (assemble.c), so that the
 * list nested in the item can follow it as its sub-items; TO_FIX: the
 * item opened an entry, whose fix the nested list gives. */
enum act_to { TO_NONE, TO_ACTIONS, TO_LACTIONS, TO_ENTRY, TO_FIX };

/* A list being assembled: whether its items continue a label
 * ("Recommended action:" and a list), and where its last item went. */
struct asm_list {
	int		 label;
	enum act_to	 to;
	int		 ei;		/* TO_ENTRY, TO_FIX: the entry whose fix has it */
	long		 at;		/* its index there, -1 none */
};

/*
 * The assembler's state for one unit (assemble.c), which no walker
 * reads: the entries it made for the unit, the one that takes the
 * unit's context causes and actions, the label state machine's (the
 * entry that labelled lines, "Error code:", "Error message:", "Cause:",
 * fill, and what they gave it), and the unit's text beside its entries.
 */
struct assembly {
	size_t		 first_entry;	/* article entries from here are the unit's */
	int		 main;		/* entry that takes context causes/actions, -1 */
	int		 main_table;	/* main came from a table row: loose text stays out */
	int		 cur;		/* the labels' entry index, -1 none */
	int		 cur_fence;	/* cur is an error output's, not a label's */
	int		 fence;		/* output that labels may explain next, -1 */
	cmark_node	*fence_node;	/* ... its fence */
	unsigned	 have;		/* fields the labels gave cur (1 << role) */
	enum role	 last;		/* label of the previous segment, for lists */
	int		 await_msg;	/* cur was opened by a bold code: a message next */
	struct strv	 causes;	/* under "Cause" headings, and labels */
	struct strv	 actions;	/* under "Solution" headings, and labels */
	struct strv	 lcauses;	/* loose: lists and text beside the error */
	struct strv	 lactions;
	struct buf	 cause;		/* text of the current "Cause N" part */
	int		 cause_sub;
	char		*first_para;	/* first plain paragraph: a code heading's message */
	char		*symptom;	/* a later one under a Symptom part: a message */
	char		*lead_msg;	/* one led by the heading's code: the message */
	struct asm_list	 lists[EXTRACT_MAX_NEST + 2];	/* lists being read */
	int		 nlists;
};

struct xctx {
	struct article	*a;
	const char	*src;		/* the body text */
	size_t		 srclen;
	int		 line0;		/* lines before the body (front matter) */
	size_t		*lines;		/* offset of each body line in src */
	size_t		 nlines;
	const int	*linemap;	/* src made from the file (a raw HTML
					   table, html_table.h): the file's
					   line of each of its lines */
	size_t		 nlinemap;
};

/* Source line of a node, in the file's numbering. */
int	x_line(const struct xctx *, cmark_node *);
/* text parsed as kbc reads Markdown: GFM tables, raw HTML kept, source
 * positions; the caller frees the document. */
cmark_node *x_parse(const char *, size_t);
int	x_col(const struct xctx *, cmark_node *);

/* New entry in unit u at node n. */
struct entry *x_entry(struct xctx *, const struct unit *, enum entry_kind, cmark_node *);
/* The entry at index i (entries move when the array grows). */
#define X_ENTRY(x, i) (&(x)->a->entries[(i)])

/* Add text as a message of e (trimmed of quotes, capped), with its codes. */
void	x_add_message(struct entry *, const char *);
/* Causes from a cell: list items each one (nested ones too), else the
 * whole text. */
void	x_add_from_cell(struct strv *, const struct cell *);
/* Add text to v unless there already; returns its index, -1 when empty. */
long	x_add_text(struct strv *, const char *);
/* Add text taken from another list (already clean, sub-items and all)
 * unless v has it. */
void	x_move_text(struct strv *v, const char *);
/* Add text as a sub-item of action at of v (see ACTION_ITEM_SEP). */
void	x_add_item(struct strv *v, long at, const char *);
/* Fold the text of a list nested in a sub-item into its text b: after
 * ": " (first) or "; ". */
void	x_fold_item(struct buf *b, const char *, int first);
/* Actions from a cell: lead text and list items each one; an item's
 * nested list gives its sub-items (deeper lists folded into them). */
void	x_add_actions(struct strv *, const struct cell *);
/* Causes from a cell: list items; else <br> lines, unless the first line
 * is a bold title ("**Proxy blocks it** <br/> explanation": one cause). */
void	x_add_causes(struct strv *, const struct cell *);
/*
 * A segment that starts with a label ("**Error message**: X", "Cause: X"):
 * its role (message, code, cause, action, ...), and its value in *value.
 * ROLE_NONE when the segment has no label (*value is then the whole text).
 */
enum role x_split_label(const struct seg *, const char **value);
/* The fix of e that context causes/actions go to (made if none). */
struct fix *x_fix(struct entry *);
/* Keep a cell's links as the article's, owned by entry index ei (-1 none). */
void	x_links(struct xctx *, const struct cell *, int line, int col, int ei);

/* Add the codes of u's heading (and of an alias heading above it) to e;
 * returns the offset of the text after the codes in u's heading. */
size_t	x_heading_codes(struct xctx *, const struct unit *, struct entry *);

/* table.c: the shape of a table (one record appended to out, or none
 * when it holds no error knowledge), with its diagnostics. */
void	table_read(struct xctx *, cmark_node *table, struct evidence_v *out);
/* assemble.c: a new assembly for a unit whose entries start at first. */
void	assembly_init(struct assembly *, size_t first);
void	assembly_free(struct assembly *);
/* assemble.c: the entries of unit u that one piece of evidence gives;
 * for EV_ITEM, 1 when the item became an action (its nested list is
 * then read as its sub-items, EV_SUBITEMS), else 0. */
int	assemble(struct xctx *, const struct unit *, struct assembly *,
	    const struct evidence *);
/* Does any line of the cell start with a label? */
int	x_has_labels(const struct cell *);
/* Words of a text: its spaces and one. */
size_t	x_words(const char *);
/* prose.c: entries from the blocks of u other than tables. */
void	prose_unit(struct xctx *, struct unit *);
/* Does the text speak of an error ("error", "fel", "Fehler", ...)? */
int	prose_error_word(const char *);

#endif
