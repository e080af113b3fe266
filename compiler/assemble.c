/*
 * assemble.c: the entries that evidence gives (evidence.h).
 *
 * The walkers say what they found; the assembler decides which entries
 * that makes, and what belongs to which, and keeps all the state that
 * takes (struct assembly, extract_int.h).  Tables (table.c finds their
 * shape):
 *   - row per error (T1, T2, T4): one entry a row, its causes and
 *     actions from the other columns; a cell written with labels
 *     ("**Error message**: X <br> **Solution**: Y") may open more;
 *   - fix table: the fixes of the entry a label opened (M1);
 *   - transposed (T3a) and property (T3b) tables: one entry.
 * Fences: error output, as an entry of its own or as the message a label
 * awaits.  The label state machine: labelled lines ("Error code: X",
 * "Error message: Y", "Cause:", "Recommended action:") open and fill
 * entries; a bold code paragraph opens one, and the paragraph after it
 * is its message; the paragraph after "Error message:" its fix (L2);
 * a list after "Recommended action:" its actions.  Quoted and listed
 * messages: an entry each; codes named in prose: an entry of those the
 * unit has not met.  Other paragraphs and list items are the unit's
 * text: context causes and actions (under "Cause" and "Solution"
 * headings), its first paragraph, loose text.  The unit's heading, last:
 * its codes, or the entry it names; then its text goes to its main
 * entry, or makes a guide.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "extract.h"
#include "extract_int.h"
#include "text.h"

/* Does row r's description, with no cause or action column beside it,
 * say what the error is (its message)? */
static int
desc_says(const struct ev_cols *k, const struct ev_row *r)
{
	return k->ncause + k->naction == 0 && k->desc >= 0 &&
	    k->desc != k->msg && (size_t)k->desc < r->n &&
	    *r->cells[k->desc].text && !x_has_labels(&r->cells[k->desc]);
}

/* Has t a lower-case letter (ASCII)? */
static int
has_lower(const char *t)
{
	for (; *t; t++)
		if (islower((unsigned char)*t))
			return 1;
	return 0;
}

/*
 * A cell written with labels (T4): "**Error message**: X <br> **Solution**:
 * Y <br> **Error message**: Z ...".  Each message label opens an entry of
 * its own; causes and actions go to the entry opened last, or to the row's
 * entry ei before any.  Unlabelled lines continue the label above them,
 * else count as role dflt.
 */
static void
labelled_cell(struct xctx *x, const struct unit *u, int ei, const struct cell *c,
    cmark_node *row, enum role dflt)
{
	int target = ei;
	enum role last = dflt;

	for (size_t i = 0; i < c->nsegs; i++) {
		const char *v = c->segs[i].text;
		enum role r = x_split_label(&c->segs[i], &v);
		struct entry *e;

		if (r == ROLE_ERROR || r == ROLE_SYMPTOM)
			r = ROLE_MESSAGE;
		if (r == ROLE_DESCRIPTION || r == ROLE_SUBCODE)
			r = r == ROLE_SUBCODE ? ROLE_CODE : ROLE_CAUSE;
		if (r == ROLE_MESSAGE) {
			e = x_entry(x, u, ENTRY_ERROR, row);
			target = (int)(e - x->a->entries);
			x_add_message(e, v);
			last = ROLE_ACTION;
			continue;
		}
		e = X_ENTRY(x, target);
		if (r == ROLE_CODE) {
			code_add_cell(e, v);
			codes_scan(c->segs[i].text, e);
			continue;
		}
		if (r == ROLE_CAUSE || r == ROLE_ACTION)
			last = r;
		else if (r != ROLE_NONE)
			continue;
		x_add_text(last == ROLE_CAUSE ? &x_fix(e)->causes : &x_fix(e)->actions, v);
	}
}

static int row_has_labels(const struct ev_cols *, const struct ev_row *);

/*
 * Beside a code, one word is the message only when it is written as a
 * word of prose: "401 | Unauthorized." and "409 | Conflict" are HTTP
 * statuses' names, but "multiple", "-" or "storageAccounts" in a
 * message column stand for no message or name a thing.
 */
static int
title_word(const char *s)
{
	size_t	n = strlen(s), i;

	if (n > 0 && s[n - 1] == '.')
		n--;
	if (n < 4 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!islower((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
entry_from_row(struct xctx *x, const struct unit *u, const struct ev_cols *k,
    struct ev_row *r, const struct entry *head)
{
	struct entry *e;
	struct fix *f = NULL;
	const struct cell *mc = k->msg >= 0 && (size_t)k->msg < r->n ? &r->cells[k->msg] : NULL;
	int ei, line = x_line(x, r->node), col = x_col(x, r->node);
	int haveany = 0, desc_msg = 0;

	for (size_t i = 0; i < r->n; i++)
		if (*r->cells[i].text)
			haveany = 1;
	if (!haveany)
		return;
	e = x_entry(x, u, ENTRY_ERROR, r->node);
	ei = (int)(e - x->a->entries);
	for (int i = 0; i < k->ncode; i++)
		if ((size_t)k->code[i] < r->n) {
			const struct cell *c = &r->cells[k->code[i]];

			/* "AZCM0000<br>AZCM0001": one code a line. */
			for (size_t s = 0; s < c->nsegs; s++)
				code_add_cell(e, c->segs[s].text);
			codes_scan(c->text, e);
		}
	for (int i = 0; i < k->nctx; i++)
		if ((size_t)k->ctx[i] < r->n)
			codes_scan(r->cells[k->ctx[i]].text, e);
	if (mc && *mc->text && x_has_labels(mc)) {
		/* "**Error code**: X <br/> **Error message**: Y" in one cell. */
		const char *v;

		for (size_t s = 0; s < mc->nsegs; s++) {
			enum role rl = x_split_label(&mc->segs[s], &v);

			if (rl == ROLE_MESSAGE || rl == ROLE_ERROR || rl == ROLE_NONE)
				x_add_message(e, v);
			else if (rl == ROLE_CODE || rl == ROLE_SUBCODE) {
				/* "Felkod: X/valv autentiseringsuppgifter fel: 100110" */
				code_add_cell(e, v);
				codes_scan(mc->segs[s].text, e);
			}
		}
	} else if (mc && *mc->text) {
		/* An "Error" column holding only a code is a code column. */
		if (k->msg_role == ROLE_ERROR &&
		    code_add_token(e, mc->text, strlen(mc->text), CODE_LEAD))
			/* "Error | Description": the description says it. */
			desc_msg = desc_says(k, r);
		else if (mc->items > 1) {
			for (size_t s = 0; s < mc->nsegs; s++)
				if (mc->segs[s].item)
					x_add_message(e, mc->segs[s].text);
			codes_scan(mc->text, e);
		} else if (strchr(mc->text, ' ') || e->ncodes == 0 ||
		    title_word(mc->text) || text_unspaced(mc->text)) {
			x_add_message(e, mc->text);
			/* "HC 51 HOST UNREACHABLE": a message in a display's
			 * capitals led by its class and number ("PR 512 Bump
			 * dependencies" numbers a change). */
			if (e->ncodes == 0 && !has_lower(mc->text))
				codes_class_lead(mc->text, e);
		} else if (code_add_token(e, mc->text, strlen(mc->text), CODE_STRICT))
			/* "0x8024C002 | WPA_E_PT_CONNECT_FAILED | The agent
			 * could not connect": the message column holds the
			 * error's symbolic name, the description says it. */
			desc_msg = desc_says(k, r);
	}
	for (int i = 0; i < k->nsym; i++)
		if ((size_t)k->sym[i] < r->n && *r->cells[k->sym[i]].text)
			x_add_message(e, r->cells[k->sym[i]].text);
	if (head)
		for (size_t i = 0; i < head->ncodes; i++)
			entry_add_code(e, head->codes[i].written, head->codes[i].norm,
			    head->codes[i].form);
	if (k->ncause || k->naction || (k->desc >= 0 && k->desc != k->msg))
		f = entry_add_fix(e);
	for (int i = 0; i < k->ncause; i++)
		if ((size_t)k->cause[i] < r->n && !x_has_labels(&r->cells[k->cause[i]]))
			x_add_causes(&f->causes, &r->cells[k->cause[i]]);
	if (desc_msg)
		x_add_message(e, r->cells[k->desc].text);
	else if (k->desc >= 0 && k->desc != k->msg && (size_t)k->desc < r->n &&
	    !x_has_labels(&r->cells[k->desc]))
		x_add_from_cell(&f->causes, &r->cells[k->desc]);
	for (int i = 0; i < k->naction; i++)
		if ((size_t)k->action[i] < r->n && !x_has_labels(&r->cells[k->action[i]]))
			x_add_actions(&f->actions, &r->cells[k->action[i]]);
	if (f && f->causes.n == 0 && f->actions.n == 0)
		e->nfixes--;
	if (e->messages.n == 0 && e->ncodes == 0 && !row_has_labels(k, r)) {
		/* Nothing to look it up by: not an entry after all.  It is the
		 * last entry: no labelled cell has added any yet. */
		for (size_t i = 0; i < e->nfixes; i++) {
			strv_free(&e->fixes[i].causes);
			strv_free(&e->fixes[i].actions);
		}
		free(e->fixes);
		strv_free(&e->messages);
		free(e->codes);
		x->a->nentries--;
		return;
	}
	/* Cells written with labels; they may open more entries. */
	for (int i = 0; i < k->ncause; i++)
		if ((size_t)k->cause[i] < r->n && x_has_labels(&r->cells[k->cause[i]]))
			labelled_cell(x, u, ei, &r->cells[k->cause[i]], r->node, ROLE_CAUSE);
	if (k->desc >= 0 && k->desc != k->msg && (size_t)k->desc < r->n &&
	    x_has_labels(&r->cells[k->desc]))
		labelled_cell(x, u, ei, &r->cells[k->desc], r->node, ROLE_CAUSE);
	for (int i = 0; i < k->naction; i++)
		if ((size_t)k->action[i] < r->n && x_has_labels(&r->cells[k->action[i]]))
			labelled_cell(x, u, ei, &r->cells[k->action[i]], r->node, ROLE_ACTION);
	for (size_t i = 0; i < r->n; i++)
		x_links(x, &r->cells[i], line, col, ei);
	e = X_ENTRY(x, ei);
	if (e->messages.n == 0 && e->ncodes == 0) {
		/* Its labelled cells gave it no message or code either: give it
		 * the row's text, so that it can be looked up. */
		for (size_t i = 0; i < r->n && e->messages.n == 0; i++)
			if (*r->cells[i].text)
				x_add_text(&e->messages, r->cells[i].text);
	}
}

/* Does a cause, description or action cell of the row hold labels? */
static int
row_has_labels(const struct ev_cols *k, const struct ev_row *r)
{
	for (int i = 0; i < k->ncause; i++)
		if ((size_t)k->cause[i] < r->n && x_has_labels(&r->cells[k->cause[i]]))
			return 1;
	for (int i = 0; i < k->naction; i++)
		if ((size_t)k->action[i] < r->n && x_has_labels(&r->cells[k->action[i]]))
			return 1;
	return k->desc >= 0 && k->desc != k->msg && (size_t)k->desc < r->n &&
	    x_has_labels(&r->cells[k->desc]);
}

/* "Error message | <msg>" header, labelled rows below (T3a). */
static void
transposed(struct xctx *x, const struct unit *u, struct assembly *as, struct ev_row *rows, size_t nrows)
{
	struct entry *e = x_entry(x, u, ENTRY_ERROR, rows[0].node);
	struct fix *f;
	int ei = (int)(e - x->a->entries);

	x_heading_codes(x, u, e);
	x_add_message(e, rows[0].cells[1].text);
	f = entry_add_fix(e);
	for (size_t i = 1; i < nrows; i++) {
		enum role r;

		if (rows[i].n < 2)
			continue;
		r = vocab_role(rows[i].cells[0].text);
		if (r == ROLE_CAUSE)
			x_add_causes(&f->causes, &rows[i].cells[1]);
		else if (r == ROLE_ACTION)
			x_add_actions(&f->actions, &rows[i].cells[1]);
		else if (r == ROLE_CODE || r == ROLE_SUBCODE)
			code_add_token(e, rows[i].cells[1].text, strlen(rows[i].cells[1].text),
			    CODE_COLUMN);
		else if (r == ROLE_MESSAGE || r == ROLE_ERROR)
			x_add_message(e, rows[i].cells[1].text);
		x_links(x, &rows[i].cells[1], x_line(x, rows[i].node), 1, ei);
	}
	if (as->main < 0)
		as->main = ei;
}

/* Empty first header cell, "Value"; rows "Event ID", "Category" (T3b). */
static void
property(struct xctx *x, const struct unit *u, struct assembly *as, struct ev_row *rows, size_t nrows)
{
	struct entry *e = NULL;
	int ei = -1;

	for (size_t i = 1; i < nrows; i++) {
		if (rows[i].n < 2 || vocab_role(rows[i].cells[0].text) != ROLE_CODE)
			continue;
		if (e == NULL) {
			e = x_entry(x, u, ENTRY_ERROR, rows[0].node);
			ei = (int)(e - x->a->entries);
		}
		code_add_token(e, rows[i].cells[1].text, strlen(rows[i].cells[1].text),
		    CODE_COLUMN);
	}
	if (e == NULL)
		return;
	/* The message is the heading's text after its code: "Host ID collision". */
	if (u->section >= 0) {
		struct entry tmp = {0};
		const char *h = x->a->sections[u->section].text;
		size_t off = codes_heading(h, &tmp);

		x_add_message(e, h + off);
		entry_clear(&tmp);
	}
	if (as->main < 0)
		as->main = ei;
}

/* The fixes of the entry a label opened, one a row (M1). */
static void
fix_table(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	const struct ev_cols *k = &ev->cols;
	struct ev_row *rows = ev->rows;
	int ei = as->cur >= 0 ? as->cur : as->main;

	if (ei < 0) {
		struct entry *e = x_entry(x, u, ENTRY_ERROR, ev->node);

		ei = (int)(e - x->a->entries);
		if (as->main < 0)
			as->main = ei;
	}
	for (size_t i = 1; i < ev->nrows; i++) {
		struct entry *e = X_ENTRY(x, ei);
		struct fix *f = entry_add_fix(e);

		for (int c = 0; c < k->ncause; c++)
			if ((size_t)k->cause[c] < rows[i].n)
				x_add_causes(&f->causes, &rows[i].cells[k->cause[c]]);
		for (int c = 0; c < k->naction; c++)
			if ((size_t)k->action[c] < rows[i].n)
				x_add_actions(&f->actions, &rows[i].cells[k->action[c]]);
		for (size_t c = 0; c < rows[i].n; c++)
			x_links(x, &rows[i].cells[c], x_line(x, rows[i].node), 1, ei);
	}
}

static void add_codes(struct entry *, const struct entry *);

/* 'Message: "Request timed out".' in running text: a sentence that
 * starts with a message label gives the message it names. */
static void
labelled_message(struct entry *e, const char *t)
{
	for (const char *s = t; s != NULL && *s != '\0'; ) {
		const char *colon = strchr(s, ':'), *end;

		if (colon != NULL && colon - s <= 32 && colon[1] == ' ') {
			char *label = xstrndup(s, (size_t)(colon - s));

			if (vocab_role(label) == ROLE_MESSAGE) {
				char *m;

				for (end = colon + 2; *end != '\0' &&
				    !((end[0] == '.' || end[0] == '!') &&
				    (end[1] == ' ' || end[1] == '\0')); end++)
					;
				m = xstrndup(colon + 2, (size_t)(end - colon - 2));
				x_add_message(e, m);
				free(m);
			}
			free(label);
		}
		if ((s = strstr(s, ". ")) != NULL)
			s += 2;
	}
}

/*
 * The role of a definition's part that starts with a label ("Cause: ...",
 * "Action: ..."), and where its text begins (*body); ROLE_NONE when it
 * starts with none.
 */
static enum role
part_label(const char *t, const char **body)
{
	const char *colon = strchr(t, ':');
	enum role r = ROLE_NONE;
	char *label;

	if (colon == NULL || colon - t > 32 || colon[1] != ' ')
		return ROLE_NONE;
	label = xstrndup(t, (size_t)(colon - t));
	r = vocab_role(label);
	free(label);
	if (r != ROLE_CAUSE && r != ROLE_ACTION && r != ROLE_MESSAGE &&
	    r != ROLE_DESCRIPTION)
		return ROLE_NONE;
	*body = colon + 2;
	return r;
}

/*
 * The next of a definition's labelled parts: "Cause: X. : Action: Y." is
 * two definitions of one term, as message catalogues write them.  Only
 * " : " before a label parts them (French writes "Erreur : ...").
 * Returns the start of the part after t's, or NULL; *len is t's part.
 */
static const char *
next_part(const char *t, size_t *len)
{
	const char *p, *body;

	for (p = t; (p = strstr(p, " : ")) != NULL; p += 3)
		if (part_label(p + 3, &body) != ROLE_NONE) {
			*len = (size_t)(p - t);
			return p + 3;
		}
	*len = strlen(t);
	return NULL;
}

/*
 * A definition naming codes: its first sentence is the message, the
 * rest explains it; when its term gave the message ("**F34 – Defrost
 * failed**"), its first sentence explains the error and the rest is the
 * fix.  Parts labelled "Cause:" or "Action:" go where they say.  Like a
 * table's rows, the unit's loose text is not one definition's.
 */
static void
definition(struct xctx *x, const struct unit *u, struct assembly *as,
    const struct evidence *ev)
{
	struct entry	*e = x_entry(x, u, ENTRY_ERROR, ev->node);
	const char	*t, *next, *body, *rest;
	char		*part, *m;
	size_t		 len;
	enum role	 r;
	int		 plain = 0;

	add_codes(e, &ev->codes);
	if (ev->quote != NULL)
		x_add_message(e, ev->quote);
	for (t = ev->text; t != NULL; t = next) {
		next = next_part(t, &len);
		part = xstrndup(t, len);
		if ((r = part_label(part, &body)) == ROLE_CAUSE ||
		    (r == ROLE_DESCRIPTION && (ev->quote != NULL || e->messages.n)))
			x_add_text(&x_fix(e)->causes, body);
		else if (r == ROLE_ACTION)
			x_add_text(&x_fix(e)->actions, body);
		else if (r != ROLE_NONE)
			x_add_message(e, body);
		else if (plain++ == 0) {
			for (rest = part; *rest != '\0'; rest++)
				if ((rest[0] == '.' || rest[0] == '!' || rest[0] == '?') &&
				    rest[1] == ' ' && isupper((unsigned char)rest[2]))
					break;
			m = xstrndup(part, (size_t)(rest - part) + (*rest != '\0'));
			rest += *rest != '\0' ? 2 : 0;
			if (ev->quote != NULL) {
				/* The term said the message: this explains it,
				 * the rest is the fix. */
				x_add_text(&x_fix(e)->causes, m);
				if (*rest)
					x_add_text(&x_fix(e)->actions, rest);
			} else {
				x_add_message(e, m);
				if (*rest) {
					labelled_message(e, rest);
					x_add_text(&x_fix(e)->causes, rest);
				}
			}
			free(m);
		} else
			x_add_text(&x_fix(e)->causes, part);
		free(part);
	}
	if (as->main < 0) {
		as->main = (int)(e - x->a->entries);
		as->main_table = 1;
	}
	as->cur = -1;
	as->fence = -1;
}

/* An entry a row (T1, T2, T4). */
static void
row_table(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	struct entry head = {0};
	int mini = ev->nrows <= 3;

	/* A mini table under a code heading takes the heading's codes (T2). */
	if (mini)
		x_heading_codes(x, u, &head);
	for (size_t i = 1; i < ev->nrows; i++) {
		size_t before = x->a->nentries;

		entry_from_row(x, u, &ev->cols, &ev->rows[i], mini ? &head : NULL);
		if (as->main < 0 && x->a->nentries > before) {
			as->main = (int)before;
			as->main_table = 1;
		}
	}
	entry_clear(&head);
	as->cur = -1;
	as->fence = -1;
}

/* Codes of tmp, added to e. */
static void
add_codes(struct entry *e, const struct entry *tmp)
{
	for (size_t i = 0; i < tmp->ncodes; i++)
		entry_add_code(e, tmp->codes[i].written, tmp->codes[i].norm,
		    tmp->codes[i].form);
}

/* Does e, just opened by a label, wait for its message: none yet, or
 * only one that introduces it ("**Problem:** every request fails with
 * the following:")? */
static int
awaits_message(const struct entry *e)
{
	const char *m;
	size_t n;

	if (e->messages.n == 0)
		return 1;
	m = e->messages.v[e->messages.n - 1];
	n = strlen(m);
	return e->messages.n == 1 && n > 0 && m[n - 1] == ':';
}

/* Error output in a fence: an entry of its own, or the message of the
 * one a label opened. */
static void
fence(struct xctx *x, const struct unit *u, struct assembly *as,
    const struct evidence *ev)
{
	struct entry *e;
	int made = 0;

	if (as->cur >= 0 && as->last == ROLE_MESSAGE &&
	    awaits_message(X_ENTRY(x, as->cur)))
		e = X_ENTRY(x, as->cur);
	else {
		e = x_entry(x, u, ENTRY_ERROR, ev->node);
		if (as->main < 0)
			as->main = (int)(e - x->a->entries);
		made = 1;
	}
	codes_scan(cmark_node_get_literal(ev->node), e);
	x_add_message(e, ev->text);
	/* "The error code `X` is shown:" over it: X is its code too. */
	if (made)
		add_codes(e, &ev->codes);
	/* "**What it means:**" below explains this output (assemble_labels);
	 * an entry a label or bold code opened is not this one's. */
	if (made && (as->cur < 0 || as->cur_fence)) {
		as->fence = (int)(e - x->a->entries);
		as->fence_node = ev->node;
		if (as->cur_fence)
			as->cur = -1;	/* the output above is done */
		as->cur_fence = 0;
	}
}

/* Has an entry of unit u a code? */
static int
unit_has_codes(struct xctx *x, const struct assembly *as)
{
	for (size_t i = as->first_entry; i < x->a->nentries; i++)
		if (x->a->entries[i].ncodes)
			return 1;
	return 0;
}

/* An entry of the heading's, at its line. */
static struct entry *
heading_new(struct xctx *x, const struct unit *u)
{
	struct entry *e = x_entry(x, u, ENTRY_ERROR, NULL);

	e->line = x->a->sections[u->section].line;
	return e;
}

/*
 * The unit's heading, after its blocks: its codes go to the unit's
 * entry, or make one ("### SalBitmapError", "401003 IoTHubUnauthorized");
 * a labelled, problem or question heading makes the unit's entry when
 * its blocks made none.
 */
static void
heading(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	const char *h = x->a->sections[u->section].text, *first = as->first_para;
	size_t off = ev->off;
	struct entry *e;
	unsigned flags = ev->flags;

	/* A problem with Cause / Solution parts: a first paragraph under a
	 * Symptom heading, or one that speaks of an error. */
	if ((flags & EVH_CTXSEEN) && first &&
	    ((flags & EVH_SYMPTOMSEEN) || prose_error_word(first)))
		flags |= EVH_PROBLEM;

	if (ev->codes.ncodes && !unit_has_codes(x, as) && as->main >= 0) {
		/* "## Error code: X" over "### Error" with the message: one entry. */
		add_codes(X_ENTRY(x, as->main), &ev->codes);
	} else if (ev->codes.ncodes && !unit_has_codes(x, as)) {
		e = heading_new(x, u);
		add_codes(e, &ev->codes);
		/* 'Error X in <context> "the message"': the quote is the
		 * message, the rest of the heading says where. */
		if (ev->quote && strstr(h + off, ev->quote) != NULL)
			x_add_message(e, ev->quote);
		else if (h[off] && text_has_letter(h + off))
			x_add_message(e, h + off);	/* not "30015-6 (-1)" */
		else if (first && as->main < 0) {
			x_add_text(&e->messages, first);
			first = NULL;
		}
		/* The heading is the message: the text under it explains,
		 * when nothing else under it does. */
		if (first && ((ev->flags & EVH_SCANNED) || (as->causes.n +
		    as->actions.n + as->lcauses.n + as->lactions.n == 0)))
			x_add_text(&x_fix(e)->actions, first);
		as->main = (int)(e - x->a->entries);
	} else if ((ev->flags & EVH_LABEL) && as->main < 0 && h[off]) {
		e = heading_new(x, u);
		x_add_message(e, h + off);
		as->main = (int)(e - x->a->entries);
	} else if (as->main < 0 && x->a->nentries == as->first_entry &&
	    (flags & EVH_PROBLEM)) {
		const char *q = strchr(h, '"');
		const char *qe = q ? strchr(q + 1, '"') : NULL;

		e = heading_new(x, u);
		if (qe && qe - q > 4) {
			char *m = xstrndup(q + 1, (size_t)(qe - q - 1));

			x_add_message(e, m);
			free(m);
		} else
			x_add_message(e, h);
		if (first)
			x_add_message(e, first);
		as->main = (int)(e - x->a->entries);
	} else if (as->main < 0 && x->a->nentries == as->first_entry && ev->quote) {
		/* 'Why do I get "Workspace quota exceeded for this tenant"?',
		 * 'Sync fails with "Remote vault rejected the certificate"',
		 * with the answer under it. */
		e = heading_new(x, u);
		x_add_message(e, ev->quote);
		if (first)
			x_add_text(&x_fix(e)->actions, first);
		as->main = (int)(e - x->a->entries);
	}
}

/* A quoted message, found at n: an entry of its own. */
static void
quoted(struct xctx *x, const struct unit *u, struct assembly *as, cmark_node *n,
    const char *text)
{
	struct entry *e = x_entry(x, u, ENTRY_ERROR, n);

	x_add_message(e, text);
	if (as->main < 0)
		as->main = (int)(e - x->a->entries);
}

/* The messages a paragraph quotes: an entry each; how many. */
static int
quotes(struct xctx *x, const struct unit *u, struct assembly *as,
    const struct evidence *ev)
{
	for (size_t i = 0; i < ev->quotes.n; i++)
		quoted(x, u, as, ev->node, ev->quotes.v[i]);
	return ev->quotes.n > 0;
}

/* Has an entry of unit u the code norm? */
static int
unit_has_code(struct xctx *x, const struct assembly *as, const char *norm)
{
	for (size_t i = as->first_entry; i < x->a->nentries; i++)
		if (entry_has_code(&x->a->entries[i], norm))
			return 1;
	return 0;
}

/* Codes named in a paragraph that the unit has not met yet: an entry
 * with them, the paragraph its message; 1 when it made one. */
static int
prose_codes(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	struct entry *e = NULL;

	for (size_t i = 0; i < ev->codes.ncodes; i++) {
		const struct code *c = &ev->codes.codes[i];

		if (unit_has_code(x, as, c->norm))
			continue;
		if (e == NULL && ev->quote != NULL) {
			/* The item's term is the message, the rest the fix. */
			e = x_entry(x, u, ENTRY_ERROR, ev->node);
			x_add_text(&e->messages, ev->quote);
			if (ev->text[ev->off] != '\0')
				x_add_text(&x_fix(e)->actions, ev->text + ev->off);
		} else if (e == NULL) {
			e = x_entry(x, u, ENTRY_ERROR, ev->node);
			x_add_text(&e->messages, ev->text);
		}
		entry_add_code(e, c->written, c->norm, c->form);
	}
	return e != NULL;
}

/* Strings of from added to to, unless there; past max, no more. */
static void
add_all(struct strv *to, const struct strv *from, size_t max)
{
	for (size_t i = 0; i < from->n && to->n < max; i++)
		x_move_text(to, from->v[i]);
}

/*
 * A unit's text beside its entries, at its end: the causes and actions
 * of its main entry (loose text too, unless the main entry is a table
 * row); with no entry, troubleshooting steps make a guide.  Then an
 * entry a fix table made with nothing to look it up by ("## Slow
 * startup" over "Cause | Solution") is named by the heading, and is a
 * guide unless that names an error.
 */
static void
unit_text(struct xctx *x, const struct unit *u, struct assembly *as)
{
	struct strv causes = {0}, actions = {0};
	const char *first = as->first_para;

	add_all(&causes, &as->causes, SIZE_MAX);
	add_all(&actions, &as->actions, SIZE_MAX);
	if (!as->main_table) {
		add_all(&causes, &as->lcauses, SIZE_MAX);
		add_all(&actions, &as->lactions, SIZE_MAX);
	}
	if (as->main >= 0) {
		struct entry *e = X_ENTRY(x, as->main);

		if (as->symptom != NULL)
			x_add_message(e, as->symptom);
		/* The catalogue's line is the message; what explains it,
		 * which labels may have given first, comes after. */
		if (as->lead_msg != NULL) {
			size_t n = e->messages.n;

			x_add_message(e, as->lead_msg);
			if (e->messages.n > n && n > 0) {
				char *m = e->messages.v[n];

				memmove(e->messages.v + 1, e->messages.v,
				    n * sizeof(*e->messages.v));
				e->messages.v[0] = m;
			}
		}

		/* The error's output in a fence, then what it means: the
		 * paragraph explains it when nothing else does. */
		if (first && !as->main_table && causes.n + actions.n == 0 &&
		    e->nfixes == 0 && !strv_has(&e->messages, first))
			x_add_text(&actions, first);
		if (causes.n || actions.n) {
			struct fix *f = x_fix(e);

			for (size_t i = 0; i < causes.n; i++)
				x_add_text(&f->causes, causes.v[i]);
			add_all(&f->actions, &actions, EXTRACT_MAX_STEPS);
		}
	} else if (x->a->nentries == as->first_entry && u->section >= 0 &&
	    u->level >= 2 && !u->symptom && (actions.n || causes.n || first)) {
		/* Troubleshooting steps with no error: a guide. */
		struct entry *e = x_entry(x, u, ENTRY_GUIDE, NULL);
		struct fix *f;

		e->line = x->a->sections[u->section].line;
		x_add_text(&e->messages, x->a->sections[u->section].text);
		f = entry_add_fix(e);
		for (size_t i = 0; i < causes.n; i++)
			x_add_text(&f->causes, causes.v[i]);
		if (first)
			x_add_text(&f->actions, first);
		add_all(&f->actions, &actions, EXTRACT_MAX_STEPS);
	}
	for (size_t i = as->first_entry; i < x->a->nentries; i++) {
		struct entry *e = X_ENTRY(x, i);

		if (e->messages.n || e->ncodes || u->section < 0)
			continue;
		x_add_text(&e->messages, x->a->sections[u->section].text);
		if (!prose_error_word(x->a->sections[u->section].text))
			e->kind = ENTRY_GUIDE;
	}
	strv_free(&causes);
	strv_free(&actions);
}

/* A new entry for the labels at n, with the heading's codes. */
static struct entry *
assemble_label_entry(struct xctx *x, const struct unit *u, struct assembly *as, cmark_node *n)
{
	struct entry *e = x_entry(x, u, ENTRY_ERROR, n);

	as->cur = (int)(e - x->a->entries);
	as->cur_fence = 0;
	as->have = 0;
	as->await_msg = 0;
	/* The last label read was the entry before's: a list after this
	 * one's bold code continues no label of it. */
	as->last = ROLE_NONE;
	x_heading_codes(x, u, e);
	if (as->main < 0)
		as->main = as->cur;
	return e;
}

static void
add_codes_value(struct entry *e, const char *v)
{
	const char *p = v;

	/* "Error Code: File Sync PreRestoreFailed": the code as written. */
	if (x_words(v) <= 4 && strlen(v) <= 60 && !strchr(v, '.') && !strchr(v, ','))
		code_add_token(e, v, strlen(v), CODE_COLUMN);

	/* "X", "X, Y", "X/Y", "X or Y". */
	while (*p) {
		size_t n;

		while (*p == ' ' || *p == ',' || *p == '/' || *p == '`' || *p == ';')
			p++;
		for (n = 0; p[n] && p[n] != ' ' && p[n] != ',' && p[n] != '/' &&
		    p[n] != '`' && p[n] != ';'; n++)
			;
		if (n == 0)
			break;
		if (!code_add_token(e, p, n, CODE_STRICT) && e->ncodes == 0 &&
		    strchr(v, ' ') == NULL)
			code_add_token(e, p, n, CODE_COLUMN);
		p += n;
	}
	codes_scan(v, e);
}

/* The labels of one paragraph, n (causes and actions before any entry
 * go to the unit's); returns how many segments were labels. */
static int
assemble_labels(struct xctx *x, const struct unit *u, struct assembly *as,
    const struct cell *c, cmark_node *n)
{
	int found = 0;

	for (size_t i = 0; i < c->nsegs; i++) {
		const char *v = "";
		enum role r = x_split_label(&c->segs[i], &v);
		struct entry *e = as->cur >= 0 ? X_ENTRY(x, as->cur) : NULL;
		unsigned bit;

		if (r == ROLE_NONE) {
			/* A line after "Cause:" / "Recommended action:" belongs to it. */
			if (found && e && (as->last == ROLE_CAUSE ||
			    as->last == ROLE_ACTION)) {
				struct fix *f = x_fix(e);

				x_add_text(as->last == ROLE_CAUSE ? &f->causes : &f->actions,
				    c->segs[i].text);
			}
			continue;
		}
		found++;
		/* "**Issue:** what happens" and "**Error:** the message" are
		 * two messages of one entry: the symptom keeps a bit of its own. */
		bit = r == ROLE_SYMPTOM ? 1u << ROLE_SYMPTOM : 0;
		if (r == ROLE_SYMPTOM || r == ROLE_ERROR)
			r = ROLE_MESSAGE;
		if (r == ROLE_SUBCODE)
			r = ROLE_CODE;
		/* "**What it means:**" right under an error's output explains
		 * it; the labels after it fill that entry too. */
		if (r == ROLE_DESCRIPTION && e == NULL && as->fence >= 0 &&
		    cmark_node_previous(n) == as->fence_node) {
			as->cur = as->fence;
			as->cur_fence = 1;
			as->have = 1u << ROLE_MESSAGE;
			as->fence = -1;
			e = X_ENTRY(x, as->cur);
		}
		if (r == ROLE_DESCRIPTION)
			r = e && (as->have & (1u << ROLE_MESSAGE)) ? ROLE_CAUSE : ROLE_MESSAGE;
		if (bit == 0)
			bit = 1u << r;
		switch (r) {
		case ROLE_CODE:
		case ROLE_MESSAGE:
			if (e == NULL || (as->have & bit) ||
			    (as->have & ((1u << ROLE_CAUSE) | (1u << ROLE_ACTION))))
				e = assemble_label_entry(x, u, as, n);
			if (r == ROLE_CODE)
				add_codes_value(e, v);
			else if (*v) {
				x_add_message(e, v);
				as->await_msg = 0;
			}
			break;
		case ROLE_CAUSE:
		case ROLE_ACTION:
			if (e == NULL && as->main >= 0)
				e = X_ENTRY(x, as->main);
			if (e == NULL) {
				x_add_text(r == ROLE_CAUSE ? &as->causes : &as->actions, v);
				break;
			}
			if (*v) {
				struct fix *f = x_fix(e);

				x_add_text(r == ROLE_CAUSE ? &f->causes : &f->actions, v);
			}
			break;
		default:
			break;
		}
		as->have |= bit;
		as->last = r;
	}
	return found;
}

/*
 * Context text.  Under "Cause 1", "Cause 2" each part is one cause;
 * under a plain "Cause" each list item is one, and running text one more.
 */
static void
ctx_text(struct xctx *x, struct assembly *as, const struct evidence *ev, int item)
{
	const char *h = ev->sub >= 0 ? x->a->sections[ev->sub].text : "";
	size_t hn = strlen(h);

	if (ev->ctx == CTX_CAUSE && item && !(hn && isdigit((unsigned char)h[hn - 1]))) {
		x_add_text(&as->causes, ev->text);
		return;
	}
	if (ev->ctx == CTX_CAUSE) {
		if (ev->sub != as->cause_sub && as->cause.len) {
			x_add_text(&as->causes, as->cause.s);
			buf_clear(&as->cause);
		}
		as->cause_sub = ev->sub;
		if (as->cause.len)
			buf_addc(&as->cause, ' ');
		buf_adds(&as->cause, ev->text);
	} else
		x_add_text(&as->actions, ev->text);
}

/* The text of the last "Cause N" part, once the unit's blocks are read. */
static void
cause_end(struct assembly *as)
{
	if (as->cause.len)
		x_add_text(&as->causes, as->cause.s);
	buf_clear(&as->cause);
}

/*
 * "QRY2201E The job queue is full.": a paragraph led by the code its
 * heading names, as message catalogues print each message under its id.
 */
static int
led_by_heading_code(struct xctx *x, const struct unit *u, const char *t)
{
	struct entry head = {0};
	size_t n = strcspn(t, " :");
	char *norm;
	int led = 0;

	if (n == 0 || t[n] == '\0' || x_heading_codes(x, u, &head) == 0) {
		entry_clear(&head);
		return 0;
	}
	norm = xstrndup(t, n);
	for (char *p = norm; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	led = entry_has_code(&head, norm) && x_words(t) >= 3;
	free(norm);
	entry_clear(&head);
	return led;
}

/*
 * A paragraph no rule of the walk took: the message a bold code awaits,
 * context text, quoted messages, codes named in prose, the fix after an
 * "Error message:" label (L2), the unit's first paragraph, or loose text.
 */
static void
para(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	if (as->await_msg && as->cur >= 0) {
		/* The paragraph after a bold code is its message. */
		x_add_message(X_ENTRY(x, as->cur), ev->text);
		as->have |= 1u << ROLE_MESSAGE;
		as->await_msg = 0;
	} else if (ev->ctx == CTX_CAUSE || ev->ctx == CTX_SOLUTION)
		ctx_text(x, as, ev, 0);
	else if (ev->flags & EVP_QUOTED)
		/* Under "Error message 1" / "Error": the quoted message itself. */
		quoted(x, u, as, ev->node, ev->text);
	else if (!(ev->flags & EVP_NAMED) &&
	    (quotes(x, u, as, ev) || prose_codes(x, u, as, ev)))
		;
	else if (as->lead_msg == NULL && as->cur < 0 &&
	    led_by_heading_code(x, u, ev->text))
		as->lead_msg = xstrdup(ev->text);
	else if (as->lead_msg != NULL && as->cur < 0 && ev->ctx == CTX_NONE &&
	    !(ev->flags & EVP_INTRO))
		/* After the message the catalogue printed: what to do. */
		x_add_text(&as->lactions, ev->text);
	else if (as->cur >= 0 && (as->have & ((1u << ROLE_MESSAGE) |
	    (1u << ROLE_CODE))) && !(ev->flags & EVP_INTRO))
		/* L2: the unlabelled paragraph after "Error Message:" is the fix. */
		x_add_text(&x_fix(X_ENTRY(x, as->cur))->actions, ev->text);
	else if (as->first_para == NULL)
		as->first_para = xstrdup(ev->text);
	else if (ev->ctx == CTX_SYMPTOM) {
		/* What the user sees, under "Symptoms": never a step; "you
		 * receive the following error:" introduces it. */
		if (as->symptom == NULL && !(ev->flags & EVP_INTRO))
			as->symptom = xstrdup(ev->text);
	} else if (!(ev->flags & EVP_INTRO))
		x_add_text(ev->flags & EVP_CAUSE_WORD ? &as->lcauses : &as->lactions,
		    ev->text);
}

/* The list being read (a list item outside one is read as in one). */
static struct asm_list *
list_top(struct assembly *as)
{
	static const struct asm_list none = { 0, TO_NONE, -1, -1 };
	int n = as->nlists;

	if (n > (int)(sizeof(as->lists) / sizeof(as->lists[0])))
		n = (int)(sizeof(as->lists) / sizeof(as->lists[0]));
	if (n == 0) {
		as->lists[0] = none;
		return &as->lists[0];
	}
	return &as->lists[n - 1];
}

/*
 * A list item: one of several errors a list gives, a line after a label
 * ("Recommended action:" and a list), codes, labels or quoted messages,
 * else context or loose text.  1 when its text became an action.
 */
static int
item(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	struct asm_list *l = list_top(as);
	int made = 0;

	l->to = TO_NONE;
	l->at = -1;
	if (ev->flags & EVP_ERRLIST) {
		/* One of several errors a list gives: not the unit's main. */
		x_add_message(x_entry(x, u, ENTRY_ERROR, ev->node), ev->text);
		made = 1;
	} else if (l->label && as->cur >= 0) {
		/* (A table in an earlier item may have closed the label.) */
		struct fix *f = x_fix(X_ENTRY(x, as->cur));

		if (as->last == ROLE_CAUSE)
			x_add_text(&f->causes, ev->text);
		else {
			l->to = TO_ENTRY;
			l->ei = as->cur;
			l->at = x_add_text(&f->actions, ev->text);
		}
		made = 1;
	} else if (ev->ctx == CTX_NONE || ev->ctx == CTX_SYMPTOM) {
		size_t n0 = x->a->nentries;

		made = prose_codes(x, u, as, ev) ||
		    assemble_labels(x, u, as, &ev->cell, ev->node) || quotes(x, u, as, ev);
		/* "**U1A07** – Lost communication" over "Checks: fuse F32.":
		 * the item's code opened an entry; the list in it is its fix. */
		if (made && ev->codes.ncodes > 0 && x->a->nentries == n0 + 1) {
			l->to = TO_FIX;
			l->ei = (int)n0;
			return 1;
		}
	}
	if (!made) {
		if (ev->ctx == CTX_CAUSE)
			ctx_text(x, as, ev, 1);
		else if ((ev->flags & EVP_CAUSES) && ev->ctx != CTX_SOLUTION)
			x_add_text(&as->lcauses, ev->text);
		else {
			l->to = ev->ctx == CTX_SOLUTION ? TO_ACTIONS : TO_LACTIONS;
			l->at = x_add_text(l->to == TO_ACTIONS ? &as->actions : &as->lactions,
			    ev->text);
		}
	}
	return l->at >= 0;
}

/* A list nested in an action's item: its items are the action's
 * sub-items ("Allow these URLs:" and the URLs). */
static void
sub_items(struct xctx *x, struct assembly *as, const struct evidence *ev)
{
	const struct asm_list *l = list_top(as);
	struct strv *v;

	if (l->to == TO_FIX) {
		/* A labelled item ("Cause: ...") says what it is; the others
		 * are what to check or do. */
		for (size_t i = 0; i < ev->items.n; i++) {
			const char *t = ev->items.v[i], *colon = strchr(t, ':');
			char *label = colon && colon - t < 40 ?
			    xstrndup(t, (size_t)(colon - t)) : NULL;
			enum role r = label ? vocab_role(label) : ROLE_NONE;
			struct fix *f = x_fix(X_ENTRY(x, l->ei));

			if (r == ROLE_CAUSE || r == ROLE_ACTION)
				for (t = colon + 1; *t == ' '; t++)
					;
			x_add_text(r == ROLE_CAUSE ? &f->causes : &f->actions, t);
			free(label);
		}
		return;
	}
	if (l->at < 0)
		return;
	/* Tables in the items may have added entries: find the list now. */
	v = l->to == TO_ENTRY ? &x_fix(X_ENTRY(x, l->ei))->actions :
	    l->to == TO_ACTIONS ? &as->actions : &as->lactions;
	for (size_t i = 0; i < ev->items.n; i++)
		x_add_item(v, l->at, ev->items.v[i]);
}

/* A list starts: its items continue a label when one was just read. */
static void
list_start(struct assembly *as)
{
	struct asm_list *l;

	if (as->nlists++ >= (int)(sizeof(as->lists) / sizeof(as->lists[0])))
		return;
	l = &as->lists[as->nlists - 1];
	l->label = as->cur >= 0 && (as->last == ROLE_CAUSE || as->last == ROLE_ACTION);
	l->to = TO_NONE;
	l->ei = -1;
	l->at = -1;
}

int
assemble(struct xctx *x, const struct unit *u, struct assembly *as, const struct evidence *ev)
{
	switch (ev->kind) {
	case EV_TRANSPOSED:
		transposed(x, u, as, ev->rows, ev->nrows);
		break;
	case EV_PROPERTY:
		property(x, u, as, ev->rows, ev->nrows);
		break;
	case EV_FIX_TABLE:
		fix_table(x, u, as, ev);
		break;
	case EV_ROW_TABLE:
		row_table(x, u, as, ev);
		break;
	case EV_FENCE:
		fence(x, u, as, ev);
		break;
	case EV_HEADING:
		heading(x, u, as, ev);
		break;
	case EV_QUOTED:
		quoted(x, u, as, ev->node, ev->text);
		break;
	case EV_LABELS:
		assemble_labels(x, u, as, &ev->cell, ev->node);
		break;
	case EV_DEFINITION:
		definition(x, u, as, ev);
		break;
	case EV_PARA:
		para(x, u, as, ev);
		break;
	case EV_LIST:
		list_start(as);
		break;
	case EV_LIST_END:
		if (as->nlists > 0)
			as->nlists--;
		break;
	case EV_ITEM:
		return item(x, u, as, ev);
	case EV_SUBITEMS:
		sub_items(x, as, ev);
		break;
	case EV_COMMAND:
		/* "Run the following:" and its command: part of the fix. */
		x_add_text(&as->actions, ev->text);
		break;
	case EV_BREAK:
		as->await_msg = 0;
		break;
	case EV_UNIT_TEXT:
		cause_end(as);
		unit_text(x, u, as);
		break;
	case EV_BOLD_CODE: {
		/* "**BucketSealed**": opens an entry; the paragraph after it is
		 * the message, a "Status code: 409" label below adds its code.
		 * "**IMP-301 — Column missing**": its codes and its title. */
		struct entry *e = assemble_label_entry(x, u, as, ev->node);

		if (ev->quote != NULL) {
			/* The title is the message: a paragraph after it is
			 * the fix (L2), labelled lines fill it. */
			add_codes(e, &ev->codes);
			x_add_text(&e->messages, ev->quote);
			as->have |= 1u << ROLE_CODE;
			/* Text after them in their paragraph explains it. */
			if (ev->off > 0 && ev->text[ev->off] != '\0')
				x_add_text(&x_fix(e)->causes, ev->text + ev->off);
		} else {
			code_add_token(e, ev->text, strlen(ev->text), CODE_LEAD);
			as->await_msg = 1;
		}
		break;
	}
	}
	return 0;
}

void
assembly_init(struct assembly *as, size_t first)
{
	memset(as, 0, sizeof(*as));
	as->first_entry = first;
	as->main = -1;
	as->cur = -1;
	as->fence = -1;
	as->cause_sub = -2;
}

void
assembly_free(struct assembly *as)
{
	strv_free(&as->causes);
	strv_free(&as->actions);
	strv_free(&as->lcauses);
	strv_free(&as->lactions);
	free(as->symptom);
	free(as->lead_msg);
	buf_free(&as->cause);
	free(as->first_para);
	memset(as, 0, sizeof(*as));
}
