/*
 * evidence.h: what the extractor's walkers find in an article, typed,
 * for the assembler to build entries from.  A walker only classifies:
 * it reads blocks, says what they are and owns what it read; it opens
 * no entry.  Not a public interface.
 *
 * Tables (table.c), fences, quoted and listed messages, codes named in
 * prose, bold code paragraphs, the heading of a unit and its loose text
 * (prose.c) are walked this way; prose.c still builds its other entries as it walks
 * (issue 9).
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

enum ev_kind {
	EV_ROW_TABLE,	/* a row per error (T1, T2, T4): columns in cols */
	EV_FIX_TABLE,	/* cause and action columns only: the fixes of the
			   entry a label opened (M1) */
	EV_TRANSPOSED,	/* "Error message | <message>", labelled rows (T3a) */
	EV_PROPERTY,	/* an empty first header cell, "Event ID" rows (T3b) */
	EV_FENCE,	/* error output in a fence: text is the message */
	EV_HEADING,	/* what a unit's heading says, after its blocks: codes,
			   flags, quote; text is the first plain paragraph */
	EV_QUOTED,	/* a message quoted after an error word, or in a
			   quote after "this error:": text */
	EV_PROSE_CODES,	/* codes a paragraph (text) names beside an error
			   word ("If you get the error **X**"): codes */
	EV_LISTED,	/* an item of "fails with one of these errors:": text */
	EV_BOLD_CODE,	/* a paragraph that is one bold code (text), as API
			   references open an error: its message follows */
	EV_UNIT_TEXT	/* the end of a unit: its text beside entries (loose)
			   and its first plain paragraph (text, or NULL) */
};

/* A unit's text beside its entries, for its main entry or a guide. */
struct ev_loose {
	struct strv	 causes;	/* under "Cause" headings, and labels */
	struct strv	 actions;	/* under "Solution" headings, and labels */
	struct strv	 lcauses;	/* loose: lists and text beside the error */
	struct strv	 lactions;
};

/* EV_HEADING flags. */
#define EVH_SCANNED	0x1	/* its codes were found anywhere in it */
#define EVH_LABEL	0x2	/* "Error: ...", "Fel: ..." */
#define EVH_PROBLEM	0x4	/* names a problem with Cause / Solution parts */

struct evidence {
	enum ev_kind	 kind;
	cmark_node	*node;		/* the block it was found in */
	struct ev_row	*rows;		/* a table's rows, the header first */
	size_t		 nrows;
	struct ev_cols	 cols;		/* EV_ROW_TABLE, EV_FIX_TABLE */
	char		*text;		/* see each kind above */
	struct entry	 codes;		/* EV_HEADING, EV_PROSE_CODES: codes named */
	size_t		 off;		/* EV_HEADING: its text after them */
	unsigned	 flags;		/* EV_HEADING: EVH_* */
	char		*quote;		/* EV_HEADING: the message it quotes */
	struct ev_loose	 loose;		/* EV_UNIT_TEXT */
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
