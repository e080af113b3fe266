/*
 * table.c: error knowledge from pipe tables.
 *
 * The header cells name each column's role (vocab.tsv).  From the roles
 * the table's shape follows:
 *   - row per error (T1, T2, T4): a message/error/code/symptom column,
 *     one entry per row, its causes and actions from the other columns;
 *   - transposed (T3a): "Error message | <the message>" in the header,
 *     labels down the first column; one entry;
 *   - property table (T3b): an empty first header cell, "Event ID" rows;
 *   - fix table: only cause and action columns, the fixes of the entry a
 *     preceding "Error message:" paragraph opened (M1);
 *   - anything else (support matrices, settings) yields nothing.
 * table_read() only classifies: it says which shape a table has (its
 * evidence, evidence.h) and warns about its header and rows; the
 * assembler (assemble.c) makes the entries.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "extract.h"
#include "extract_int.h"
#include "text.h"

static int
is_row(cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);

	return strcmp(t, "table_row") == 0 || strcmp(t, "table_header") == 0;
}

static void
row_read(cmark_node *r, struct ev_row *row)
{
	size_t n = 0;

	row->node = r;
	for (cmark_node *c = cmark_node_first_child(r); c; c = cmark_node_next(c))
		n++;
	row->total = n;
	if (n > EXTRACT_MAX_COLUMNS)
		n = EXTRACT_MAX_COLUMNS;
	row->cells = xcalloc(n, sizeof(*row->cells));
	row->n = 0;
	for (cmark_node *c = cmark_node_first_child(r); c && row->n < n; c = cmark_node_next(c))
		cell_read(c, &row->cells[row->n++]);
}

/*
 * Cells the row was written with, counted on its source line: cmark-gfm
 * pads short rows and drops extra cells, so the AST cannot tell.
 */
static int
written_cells(const struct xctx *x, cmark_node *r)
{
	int line = cmark_node_get_start_line(r), cells = 1;
	const char *p, *end = x->src + x->srclen, *s, *e;

	if (line < 1 || (size_t)line > x->nlines)
		return -1;
	p = x->src + x->lines[line - 1];
	s = p;
	e = memchr(p, '\n', (size_t)(end - p));
	if (e == NULL)
		e = end;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (s < e && *s == '|')
		s++;
	if (e > s && e[-1] == '|' && !(e - 2 >= s && e[-2] == '\\'))
		e--;
	/* As GFM: only \| escapes a pipe, in code spans too. */
	for (p = s; p < e; p++) {
		if (*p == '\\') {
			p++;
			continue;
		}
		if (*p == '|')
			cells++;
	}
	return cells;
}

/*
 * "Amazon EC2 error code", "Cluster health issue code": a header kbc does
 * not know that ends in one it knows, after a word or two that qualify
 * it, takes that one's role.  So does one that ends in a word that only
 * qualifies as a tail ("Alert ID", "Alert text": vocab.tsv tail-code,
 * tail-message), which alone ("ID", "Text") could head any table: *weak
 * says so, since "Product ID" or "Default text" head no error table.
 */
static enum role first_word(const char *, int *);

static enum role
by_tail(const char *head, int *weak)
{
	char *f = vocab_fold(head), *last;
	enum role r = ROLE_NONE;
	int words = 1, lead;

	/* "SC-Code", "Alarm-ID": a qualifier joined by a hyphen, as German
	 * and technical headers write it, is a word of its own. */
	for (char *p = f; *p; p++)
		if (*p == '-' && p > f && isalnum((unsigned char)p[-1]) &&
		    isalnum((unsigned char)p[1]))
			*p = ' ';
	last = strrchr(f, ' ');

	for (const char *p = f; *p; p++)
		words += *p == ' ';
	for (char *p = f; words <= 4 && r == ROLE_NONE && (p = strchr(p, ' ')) != NULL; )
		r = vocab_role(++p);
	/* "应用消息" (app message), "画面メッセージ": Chinese and Japanese
	 * write a qualified noun unspaced, the noun last; each character
	 * after the first may start it. */
	for (char *p = f + 1; words == 1 && r == ROLE_NONE && *p; p++)
		if ((unsigned char)*p >= 0xC0 && (unsigned char)p[-1] >= 0x80)
			r = vocab_role(p);
	if (r == ROLE_NONE && last != NULL && words <= 3 &&
	    first_word(head, &lead) == ROLE_NONE) {
		r = vocab_has(WROLE_TAIL_CODE, last + 1) ? ROLE_CODE :
		    vocab_has(WROLE_TAIL_MESSAGE, last + 1) ? ROLE_MESSAGE : r;
		*weak = r != ROLE_NONE;
	}
	free(f);
	/* Only the roles that make a column part of an error: "Event
	 * source" is no context column of an error table for that. */
	return r == ROLE_CODE || r == ROLE_SUBCODE || r == ROLE_MESSAGE ||
	    r == ROLE_CAUSE || r == ROLE_ACTION ? r : ROLE_NONE;
}

/* The role of a header's first word, and how many words it has (*words);
 * ROLE_NONE for a header of one word, which vocab_role() reads whole. */
static enum role
first_word(const char *head, int *words)
{
	char *f = vocab_fold(head), *sp = strchr(f, ' ');
	enum role r = ROLE_NONE;

	*words = 1;
	for (const char *p = f; *p; p++)
		*words += *p == ' ';
	if (sp != NULL) {
		*sp = '\0';
		r = vocab_role(f);
	}
	free(f);
	return r;
}

/* Does any word of head after its first have a role of its own? */
static int
later_role(const char *head)
{
	char *f = vocab_fold(head), *w = strchr(f, ' '), *sp;
	int found = 0;

	while (w != NULL && !found) {
		w++;
		if ((sp = strchr(w, ' ')) != NULL)
			*sp = '\0';
		found = *w != '\0' && vocab_role(w) != ROLE_NONE;
		w = sp;
	}
	free(f);
	return found;
}

/*
 * "Message text", "Message affiché", "Action required": a header of two
 * words kbc does not know, the first of which it knows, takes its role.
 * Three words may say where a message is shown ("Mensaje en pantalla",
 * "Message on display"), unless a later word has a role of its own
 * ("Message and code"); a code, cause or action of three words more
 * often says what it is for ("Code to run") or joins two ("Causes or
 * workarounds"), and a longer header is a sentence.
 */
static enum role
by_head(const char *head)
{
	int words;
	enum role r = first_word(head, &words);

	if (words == 3 && r == ROLE_MESSAGE && !later_role(head))
		return r;
	return words == 2 && (r == ROLE_CODE || r == ROLE_MESSAGE ||
	    r == ROLE_CAUSE || r == ROLE_ACTION || r == ROLE_DESCRIPTION) ?
	    r : ROLE_NONE;
}

/*
 * "Text in the log", "Text shown on screen": a header led by a word that
 * only qualifies as a tail ("Text"), then where the text is shown, is a
 * message column; weak, as a tail word's role is (by_tail()).
 */
static enum role
by_lead_tail(const char *head)
{
	char *f = vocab_fold(head), *sp = strchr(f, ' ');
	int words = 1, msg;

	for (const char *p = f; *p; p++)
		words += *p == ' ';
	if (sp != NULL)
		*sp = '\0';
	msg = words >= 3 && words <= 4 && vocab_has(WROLE_TAIL_MESSAGE, f) &&
	    !later_role(head);
	free(f);
	return msg ? ROLE_MESSAGE : ROLE_NONE;
}

/*
 * "Error scenario", "Error situation": a short header kbc does not know,
 * led by an error word, describes the error: a symptom column.  A header
 * names a column in a word or three; more is a sentence (a transposed
 * table's message).
 */
static enum role
led_by_error(const char *head)
{
	int words;

	return first_word(head, &words) == ROLE_ERROR && words <= 3 ?
	    ROLE_SYMPTOM : ROLE_NONE;
}

#define R(r)	(1u << (r))	/* a role in a mask of roles */

/* Has one of columns [from, ncols) a role of mask? */
static int
any_role(const enum role *roles, size_t from, size_t ncols, unsigned mask)
{
	for (size_t i = from; i < ncols; i++)
		if (mask & R(roles[i]))
			return 1;
	return 0;
}

#define MESSAGE_ROLES	(R(ROLE_MESSAGE) | R(ROLE_ERROR) | R(ROLE_SYMPTOM))

/* Has t a letter (a name), not only digits and signs ("4000 0000")? */
static int
has_letter(const char *t)
{
	for (; *t; t++)
		if (isalpha((unsigned char)*t) || (unsigned char)*t >= 0x80)
			return 1;
	return 0;
}

/* Column c's cell in body row i, NULL when the row has none or it is empty. */
static const struct cell *
body_cell(const struct ev_row *rows, size_t i, size_t c)
{
	return c < rows[i].n && *rows[i].cells[c].text != '\0' ?
	    &rows[i].cells[c] : NULL;
}

/*
 * Does column c hold short names: most of its body cells a few words, not
 * a sentence ("Launch watchdog", "Not Found"), each its row's own?  A
 * phase or category ("PEI", "PEI", "DXE") repeats the cell above.
 */
static int
name_column(const struct ev_row *rows, size_t nrows, size_t c)
{
	size_t cells = 0, names = 0, repeats = 0, n;
	const struct cell *cl;
	const char *t, *above = NULL;

	for (size_t i = 1; i < nrows; i++) {
		if ((cl = body_cell(rows, i, c)) == NULL)
			continue;
		cells++;
		n = strlen(t = cl->text);
		if (x_words(t) <= 5 && t[n - 1] != '.' && !strchr(t, ':') &&
		    has_letter(t) &&
		    (n < 3 || strcmp(t + n - 3, "\xE3\x80\x82") != 0))
			names++;
		if (above != NULL && strcmp(above, t) == 0)
			repeats++;
		above = t;
	}
	return cells > 0 && names * 3 >= cells * 2 && repeats * 3 < cells;
}

/* Is t one word in capitals ("USAGE", "NO_PERM"), not a field's name
 * ("email")? */
static int
capitals(const char *t)
{
	int upper = 0;

	for (; *t; t++)
		if (islower((unsigned char)*t) || *t == ' ')
			return 0;
		else
			upper |= isupper((unsigned char)*t);
	return upper;
}

/* Is t a hexadecimal number ("0x4C0"), of any length? */
static int
hex_number(const char *t)
{
	if (t[0] != '0' || (t[1] != 'x' && t[1] != 'X') || t[2] == '\0')
		return 0;
	for (t += 2; *t; t++)
		if (!isxdigit((unsigned char)*t))
			return 0;
	return 1;
}

/*
 * Does column c hold codes: most of its body cells one code-shaped token
 * ("VAULT_LOCKED", "0x8007", "404"), or one word written as code that
 * is in capitals ("`USAGE`", as a name beside an exit code) or a short
 * hexadecimal number ("`0x4C0`", which in running text is as often an
 * offset)?  Field names ("Name | Type | Description", "`email`") are
 * single words too, but not code-shaped.
 */
static int
code_column(const struct ev_row *rows, size_t nrows, size_t c, enum code_ctx ctx)
{
	size_t cells = 0, codes = 0;
	const struct cell *cl;
	enum code_form form;

	for (size_t i = 1; i < nrows; i++) {
		if ((cl = body_cell(rows, i, c)) == NULL)
			continue;
		cells++;
		if (code_token(cl->text, strlen(cl->text), ctx, &form) ||
		    (cell_span_word(cl, cl->text) && (capitals(cl->text) ||
		    hex_number(cl->text))))
			codes++;
	}
	return cells > 0 && codes * 3 >= cells * 2;
}

/* A header's role as a whole, led by an error word, or by its tail
 * (by_tail: *weak when only a tail word gave it). */
static enum role
head_role(const char *head, int *weak)
{
	enum role r = vocab_role(head);

	if (r == ROLE_NONE)
		r = led_by_error(head);
	if (r == ROLE_NONE)
		r = by_tail(head, weak);
	return r;
}

/*
 * "Voice prompt / app message", "Ursache/Grund": a header naming what a
 * column holds in two ways takes the role one of them names, as a
 * header of that part alone would (head_role; unless the parts name two
 * roles).
 */
static enum role
by_parts(const char *head, int *weak)
{
	enum role r = ROLE_NONE, p;
	const char *s = head, *e;
	char *part;
	int w, pw = 0;

	if (strchr(head, '/') == NULL)
		return ROLE_NONE;
	for (; *s; s = *e ? e + 1 : e) {
		e = s + strcspn(s, "/");
		part = xstrndup(s, (size_t)(e - s));
		w = 0;
		p = head_role(part, &w);
		free(part);
		if (p == ROLE_NONE || p == ROLE_EMPTY)
			continue;
		if (r != ROLE_NONE && r != p)
			return ROLE_NONE;
		r = p;
		pw = w;
	}
	*weak = pw;
	return r;
}

void
table_read(struct xctx *x, cmark_node *table, struct evidence_v *out)
{
	struct ev_row *rows = NULL;
	size_t nrows = 0, cap = 0;
	enum role roles[EXTRACT_MAX_COLUMNS];
	int weak[EXTRACT_MAX_COLUMNS] = {0};	/* roles only a column's cells or
						   a tail word gave */
	struct ev_cols k;
	int known = 0, unknown = 0, errorish = 0, line = x_line(x, table);
	int found = -1;		/* the enum ev_kind of the table, -1 none */
	size_t ncols;

	for (cmark_node *r = cmark_node_first_child(table); r; r = cmark_node_next(r)) {
		if (!is_row(r))
			continue;
		if (nrows == EXTRACT_MAX_ROWS) {
			article_diag(x->a, x_line(x, r), x_col(x, r), "table-size",
			    "table has more than %d rows; the rest is ignored",
			    EXTRACT_MAX_ROWS);
			break;
		}
		VEC_PUSH(rows, nrows, cap);
		row_read(r, &rows[nrows - 1]);
	}
	if (nrows == 0)
		goto out;
	for (size_t i = 0; i < nrows; i++)
		for (size_t c = 0; c < rows[i].n; c++)
			if (rows[i].cells[c].deep) {
				article_diag(x->a, x_line(x, rows[i].node), x_col(x, rows[i].node), "html-depth",
				    "HTML in a cell nested more than %d deep; read as text",
				    CELL_MAX_DEPTH);
				i = nrows;
				break;
			}
	ncols = rows[0].n;
	if (rows[0].total > EXTRACT_MAX_COLUMNS)
		article_diag(x->a, line, x_col(x, table), "table-size",
		    "table has more than %d columns; the rest is ignored",
		    EXTRACT_MAX_COLUMNS);
	for (size_t i = 0; i < ncols; i++) {
		roles[i] = head_role(rows[0].cells[i].text, &weak[i]);
		if (roles[i] == ROLE_NONE)
			roles[i] = by_parts(rows[0].cells[i].text, &weak[i]);
	}
	/* "Cause | Text | Typical reason | Action", as telephony writes its
	 * Q.850 causes: a cause column of numbers or codes only names the
	 * errors; a cause is prose. */
	for (size_t i = 0; i < ncols; i++)
		if (roles[i] == ROLE_CAUSE && code_column(rows, nrows, i, CODE_STRICT))
			roles[i] = ROLE_CODE;
	/* "Error code | Condition name | Message text": beside a code
	 * column, a column under a header kbc does not know that holds codes
	 * too (symbolic names of the same errors) is a second code. */
	for (size_t i = 0; i < ncols; i++)
		for (size_t j = 0; roles[i] == ROLE_CODE && j < ncols; j++)
			if (roles[j] == ROLE_NONE && code_column(rows, nrows, j, CODE_LEAD))
				roles[j] = ROLE_SUBCODE;
	for (size_t i = 0; i < ncols; i++) {
		if (roles[i] == ROLE_NONE)
			roles[i] = by_head(rows[0].cells[i].text);
		/* ... beside a cause or a fix: "Text on the label |
		 * Meaning" names the labels of a device. */
		if (roles[i] == ROLE_NONE && any_role(roles, 0, ncols,
		    R(ROLE_CAUSE) | R(ROLE_ACTION)) &&
		    (roles[i] = by_lead_tail(rows[0].cells[i].text)) != ROLE_NONE)
			weak[i] = 1;
		if (roles[i] == ROLE_NONE)
			unknown++;
		else if (roles[i] != ROLE_EMPTY)
			known++;
	}
	/* "Code | Name | What happened": beside a code column, with no
	 * message column, a column under a header kbc does not know that
	 * holds short names ("Launch watchdog", "Not Found") names each
	 * error: its message. */
	{
		int code = any_role(roles, 0, ncols, R(ROLE_CODE));
		int msg = any_role(roles, 0, ncols, MESSAGE_ROLES);

		for (size_t j = 0; code && !msg && j < ncols; j++)
			if (roles[j] == ROLE_NONE && name_column(rows, nrows, j)) {
				roles[j] = ROLE_MESSAGE;
				weak[j] = 1;
				msg = 1;
				unknown--;
				known++;
			}
	}
	/* Those weak roles make an error table only beside a column that
	 * explains or fixes ("Product ID | Name | Price" lists products). */
	if (!any_role(roles, 0, ncols, R(ROLE_CAUSE) | R(ROLE_ACTION) |
	    R(ROLE_DESCRIPTION)))
		for (size_t i = 0; i < ncols; i++)
			if (weak[i]) {
				roles[i] = ROLE_NONE;
				unknown++;
				known--;
			}
	if (known == 0)
		goto out;	/* not written as an error table at all */
	/* "Key | Message | ...", "Exit code | Meaning | ...": a first column
	 * under a header word kbc does not know, holding codes, is the code
	 * column of a table whose other columns explain errors. */
	if (ncols >= 2 && roles[0] == ROLE_NONE && code_column(rows, nrows, 0, CODE_STRICT)) {
		/* A message column, or a description and a fix: "Setting |
		 * Default | Description" lists settings, not errors. */
		if (any_role(roles, 1, ncols, MESSAGE_ROLES) ||
		    (any_role(roles, 1, ncols, R(ROLE_DESCRIPTION)) &&
		    any_role(roles, 1, ncols, R(ROLE_ACTION) | R(ROLE_CAUSE)))) {
			roles[0] = ROLE_CODE;
			unknown--;
			known++;
		}
	}
	/* Only a table that names an error, cause or action column was meant
	 * as an error table; "Setting | Default | Description" was not. */
	errorish = any_role(roles, 0, ncols, MESSAGE_ROLES | R(ROLE_CODE) |
	    R(ROLE_CAUSE) | R(ROLE_ACTION));
	if (any_role(roles, 0, ncols, R(ROLE_CLASS)))
		goto out;	/* classes of errors, each explained elsewhere */

	/* Transposed: "Error message | <the message>". */
	if (ncols == 2 && (roles[0] == ROLE_MESSAGE || roles[0] == ROLE_ERROR) &&
	    roles[1] == ROLE_NONE && nrows >= 2) {
		int labelled = 0;

		for (size_t i = 1; i < nrows; i++)
			if (rows[i].n >= 2) {
				enum role r = vocab_role(rows[i].cells[0].text);

				labelled += r == ROLE_CAUSE || r == ROLE_ACTION;
			}
		if (labelled) {
			found = EV_TRANSPOSED;
			goto out;
		}
	}
	if (ncols >= 2 && roles[0] == ROLE_EMPTY) {
		found = EV_PROPERTY;
		goto out;
	}

	memset(&k, 0, sizeof(k));
	k.msg = k.desc = -1;
	/* The message: "Error message", else "Error", else "Symptom". */
	for (int pass = 0; pass < 3 && k.msg < 0; pass++) {
		enum role want = pass == 0 ? ROLE_MESSAGE : pass == 1 ? ROLE_ERROR : ROLE_SYMPTOM;

		for (size_t i = 0; i < ncols; i++)
			if (roles[i] == want) {
				k.msg = (int)i;
				k.msg_role = want;
				break;
			}
	}
	for (size_t i = 0; i < ncols; i++) {
		if ((int)i == k.msg)
			continue;
		switch (roles[i]) {
		case ROLE_CODE:
		case ROLE_SUBCODE:
		case ROLE_ERROR:	/* "Message | Error | ...": the error is a code */
			if (k.ncode < 4)
				k.code[k.ncode++] = (int)i;
			break;
		case ROLE_CAUSE:
			if (k.ncause < 4)
				k.cause[k.ncause++] = (int)i;
			break;
		case ROLE_ACTION:
			if (k.naction < 4)
				k.action[k.naction++] = (int)i;
			break;
		case ROLE_DESCRIPTION:
			if (k.desc < 0)
				k.desc = (int)i;
			break;
		case ROLE_CONTEXT:
			if (k.nctx < 4)
				k.ctx[k.nctx++] = (int)i;
			break;
		case ROLE_SYMPTOM:	/* beside a message column: more of it */
			if (k.nsym < 4)
				k.sym[k.nsym++] = (int)i;
			break;
		default:
			break;
		}
	}
	/* "Message | Troubleshooting suggestions": beside a message column
	 * and nothing else kbc knows, a column under an unknown header
	 * says what to do. */
	if (k.msg >= 0 && k.ncode + k.ncause + k.naction == 0 && k.desc < 0)
		for (size_t i = 0; i < ncols; i++)
			if (roles[i] == ROLE_NONE && (int)i != k.msg) {
				k.action[k.naction++] = (int)i;
				break;
			}
	/* With no message column, the description is the message. */
	if (k.msg < 0 && k.desc >= 0 && (k.ncode > 0 || k.ncause > 0 || k.naction > 0)) {
		k.msg = k.desc;
		k.msg_role = ROLE_DESCRIPTION;
	}
	if (k.msg < 0 && k.ncode == 0) {
		if (k.ncause || k.naction) {
			/* A fix table: the fixes of the entry a label opened (M1). */
			found = EV_FIX_TABLE;
			goto diag;
		}
		if (errorish)
			article_diag(x->a, line, x_col(x, table), "missing-error-column",
			    "table has no recognizable error or action column");
		goto out;
	}
	if (k.ncause + k.naction == 0 && k.desc < 0 && !(k.msg >= 0 && k.ncode > 0)) {
		if (errorish)
			article_diag(x->a, line, x_col(x, table), "missing-error-column",
			    "table has no recognizable error or action column");
		goto out;
	}
	found = EV_ROW_TABLE;
diag:
	if (unknown) {
		/* One warning a table, naming the words (a few of them). */
		struct buf b = {0};
		int named = 0;

		for (size_t i = 0; i < ncols; i++)
			if (roles[i] == ROLE_NONE && named < 4) {
				buf_printf(&b, "%s'%.40s'", named++ ? ", " : "", rows[0].cells[i].text);
			}
		if (unknown > named)
			buf_printf(&b, " and %d more", unknown - named);
		article_diag(x->a, line, x_col(x, table), "unknown-header", "unknown table header%s %s",
		    unknown > 1 ? "s" : "", b.s);
		buf_free(&b);
	}
	{
		/* Compare as written: the header may have been cut to the limit. */
		int head = written_cells(x, rows[0].node);

		for (size_t i = 1; i < nrows && head > 0; i++) {
			int n = written_cells(x, rows[i].node);

			if (n > 0 && n != head && !(n == 1 && rows[i].n > 0 &&
			    *rows[i].cells[0].text == '\0'))
				article_diag(x->a, x_line(x, rows[i].node), x_col(x, rows[i].node), "row-cells",
				    "row has %d cells, the header %d", n, head);
		}
	}
out:
	if (found >= 0) {
		struct evidence *ev = evidence_add(out, (enum ev_kind)found, table);

		ev->rows = rows;
		ev->nrows = nrows;
		if (found == EV_ROW_TABLE || found == EV_FIX_TABLE)
			ev->cols = k;
		return;
	}
	for (size_t i = 0; i < nrows; i++)
		ev_row_free(&rows[i]);
	free(rows);
}
