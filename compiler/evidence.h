/*
 * evidence.h: what the extractor's walkers find in an article, typed,
 * for the assembler to build entries from.  A walker only classifies:
 * it reads blocks, says what they are and owns what it read; it opens
 * no entry.  Not a public interface.
 *
 * Tables (table.c) and every other block of a unit (prose.c) are walked
 * this way.  The assembler (assemble.c) keeps all state about entries;
 * the walk learns one thing back from it: whether a list item became an
 * action, so that a list nested in it is read as its sub-items.
 */
#ifndef KBC_EVIDENCE_H
#define KBC_EVIDENCE_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "article.h"
#include "cell.h"

/* One row of a table, its cells read (EXTRACT_MAX_COLUMNS at most). */
struct ev_row {
	cmark_node	*node;
	struct cell	*cells;
	size_t		 n;		/* cells read */
	size_t		 total;		/* cells in the row */
};

/* The columns of a table by role (indexes; -1 or a count of 0: none). */
struct ev_cols {
	int	msg;		/* the message column */
	int	msg_role;	/* the role its header gave it (enum role) */
	int	code[4];
	int	ncode;
	int	cause[4];
	int	ncause;
	int	action[4];
	int	naction;
	int	desc;
	int	ctx[4];		/* operation, source, ...: only their marked codes count */
	int	nctx;
	int	sym[4];		/* symptom columns beside the message column */
	int	nsym;
};

/* The part of a unit a block is under: its own text, or a "Symptom",
 * "Cause" or "Solution" sub-heading. */
enum ctx { CTX_NONE, CTX_SYMPTOM, CTX_CAUSE, CTX_SOLUTION };

enum ev_kind {
	EV_ROW_TABLE,	/* a row per error (T1, T2, T4): columns in cols */
	EV_FIX_TABLE,	/* cause and action columns only: the fixes of the
			   entry a label opened (M1) */
	EV_TRANSPOSED,	/* "Error message | <message>", labelled rows (T3a) */
	EV_PROPERTY,	/* an empty first header cell, "Event ID" rows (T3b) */
	EV_FENCE,	/* error output in a fence: text is the message, codes
			   those the paragraph before it names */
	EV_HEADING,	/* what a unit's heading says, after its blocks: codes,
			   flags, quote */
	EV_QUOTED,	/* a message in a quote after "this error:": text */
	EV_BOLD_CODE,	/* a paragraph that is one bold code (text), as API
			   references open an error: its message follows;
			   or a code and its title (codes, quote) */
	EV_LABELS,	/* a paragraph of labelled lines ("Error code: X"): cell */
	EV_DEFINITION,	/* a term naming codes, then ": its definition" on the
			   next line (definition lists): codes, text the
			   definition, quote the message the term gives
			   after its codes */
	EV_PARA,	/* a paragraph no rule above took: text, ctx, sub,
			   EVP_* flags, the messages it quotes after an error
			   word (quotes) and the codes it names beside one
			   (codes, but the heading's) */
	EV_LIST,	/* a list starts: its items follow, then EV_LIST_END */
	EV_LIST_END,
	EV_ITEM,	/* a list item's first paragraph: as EV_PARA, and its
			   cell (labels) */
	EV_SUBITEMS,	/* the items of a list nested in the item before
			   (items), when that item is an action */
	EV_COMMAND,	/* a fence under a "Solution" heading: text */
	EV_BREAK,	/* a block other than a paragraph: what a bold code
			   awaits must come before it */
	EV_UNIT_TEXT	/* the end of a unit: its text beside entries goes to
			   its main entry, or makes a guide */
};

/* EV_HEADING flags. */
#define EVH_SCANNED	0x1	/* its codes were found anywhere in it */
#define EVH_LABEL	0x2	/* "Error: ...", "Fel: ..." */
#define EVH_PROBLEM	0x4	/* names a problem with Cause / Solution parts */
#define EVH_CTXSEEN	0x8	/* the unit has blocks under Cause / Solution */
#define EVH_SYMPTOMSEEN	0x10	/* ... and under a Symptom heading */

/* EV_PARA and EV_ITEM flags. */
#define EVP_INTRO	0x1	/* it ends with a colon: it introduces what follows */
#define EVP_CAUSE_WORD	0x2	/* it speaks of a cause */
#define EVP_QUOTED	0x4	/* a quoted message under a Symptom heading */
#define EVP_NAMED	0x8	/* it names the codes of the fence after it */
#define EVP_ERRLIST	0x10	/* an item of "fails with one of these errors:" */
#define EVP_CAUSES	0x20	/* an item of a list of causes */

struct evidence {
	enum ev_kind	 kind;
	cmark_node	*node;		/* the block it was found in */
	struct ev_row	*rows;		/* a table's rows, the header first */
	size_t		 nrows;
	struct ev_cols	 cols;		/* EV_ROW_TABLE, EV_FIX_TABLE */
	char		*text;		/* see each kind above */
	struct entry	 codes;		/* codes named (see each kind) */
	size_t		 off;		/* EV_HEADING: its text after them;
					   EV_ITEM with a quote: its text
					   after the term */
	unsigned	 flags;		/* EV_HEADING: EVH_*; EV_PARA, EV_ITEM: EVP_* */
	char		*quote;		/* EV_HEADING: the message it quotes;
					   EV_DEFINITION, EV_ITEM: the message
					   its term gives after its code */
	enum ctx	 ctx;		/* EV_PARA, EV_ITEM: the part it is under */
	int		 sub;		/* ... the index of its sub-heading, -1 none */
	struct cell	 cell;		/* EV_LABELS, EV_ITEM: the text, read */
	struct strv	 quotes;	/* EV_PARA, EV_ITEM: messages quoted */
	struct strv	 items;		/* EV_SUBITEMS */
};

/* Evidence in the order it was found. */
struct evidence_v {
	struct evidence	*v;
	size_t		 n, cap;
};

/* A new record at the end of ev, zeroed but for kind and node. */
struct evidence	*evidence_add(struct evidence_v *ev, enum ev_kind, cmark_node *);
/* Free a row's cells. */
void		 ev_row_free(struct ev_row *);
/* Free every record of ev and ev itself (it is then empty, reusable). */
void		 evidence_free(struct evidence_v *ev);

#endif
