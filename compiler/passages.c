/*
 * passages.c: every block of an article's text, as passages.
 *
 * The extractor finds error knowledge in the shapes it knows; documents
 * of other vendors use shapes it does not, and an error they describe is
 * then still written, word for word, in a heading, a paragraph, a list
 * item, a table cell, a line of a fence or raw HTML.  Passages keep all of that
 * text, block by block, so that kbq can answer from the section that
 * holds the error when no entry does.
 *
 * A block is the unit because it is what a writer puts one thing in: a
 * pasted message matches one block, not a whole section, and a match on
 * one block tells more than a bag of words spread over a section.  Long
 * paragraphs are cut after a sentence, so that a message in the middle
 * of one still covers most of its passage.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "cell.h"
#include "extract.h"
#include "extract_int.h"
#include "passages.h"
#include "text.h"
#include "vocab.h"

#define PSG_LONG	480	/* bytes: a longer block is cut after sentences */
#define PSG_CHUNK	240	/* bytes at least in each piece of one */
#define PSG_MIN		3	/* bytes: shorter text is no passage */
#define PSG_FENCE_LINES	200	/* lines of one fence kept */

struct pwalk {
	struct xctx	*x;
	size_t		 sec;		/* sections before the current line */
	signed char	*part;		/* per section: pw_part() + 1, 0 unknown */
};

/* Is section s a part of an error ("Cause", "Solution 2", "Symptom")?
 * Asked for every block, so each section's answer is kept. */
static int
pw_part(struct pwalk *w, int s)
{
	const struct article *a = w->x->a;
	int		 up = a->sections[s].parent;
	enum hrole	 r;

	if (w->part[s] == 0) {
		r = up >= 0 && a->sections[up].level >= 2 ?
		    vocab_subhrole(a->sections[s].text) :
		    vocab_hrole(a->sections[s].text);
		w->part[s] = 1 + (r == HROLE_SYMPTOM || r == HROLE_CAUSE ||
		    r == HROLE_SOLUTION);
	}
	return w->part[s] - 1;
}

/*
 * The section a block at line belongs to (sections are in line order).
 * A "Cause", "Solution" or "Symptom" heading is a part of the error
 * before it, not a topic of its own: "## Backups stop at midnight" over
 * "### Cause" and "### Solution", or "### Issue" with "### Cause" beside
 * it under "## Scenario: ...".  Its blocks belong to the nearest section
 * before it that is no such part, when that is at its level or above, so
 * that a match on a cause answers with the error it explains.
 */
static int
pw_section(struct pwalk *w, int line)
{
	const struct article *a = w->x->a;
	int		 s, o;

	while (w->sec < a->nsections && a->sections[w->sec].line <= line)
		w->sec++;
	s = (int)w->sec - 1;
	if (s < 0 || !pw_part(w, s))
		return s;
	for (o = s - 1; o >= 0 && pw_part(w, o); o--)
		;
	return o >= 0 && a->sections[o].level <= a->sections[s].level ? o : s;
}

static void
pw_add(struct pwalk *w, enum passage_kind kind, int line, const char *s,
    size_t n)
{
	struct article	*a = w->x->a;
	struct passage	*p;

	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if (n < PSG_MIN)
		return;
	if (n > EXTRACT_MAX_TEXT) {
		n = EXTRACT_MAX_TEXT;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	VEC_PUSH(a->passages, a->npassages, a->cappassages);
	p = &a->passages[a->npassages - 1];
	p->kind = kind;
	p->line = line;
	p->section = pw_section(w, line);
	p->text = xstrndup(s, n);
}

/* Does a sentence end at s[i] (". ", "! ", "? " and the like)? */
static int
pw_sentence_end(const char *s, size_t i)
{
	return (s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == ':') &&
	    s[i + 1] == ' ';
}

/* Text of one block; a long one in pieces of whole sentences. */
static void
pw_text(struct pwalk *w, enum passage_kind kind, int line, const char *s)
{
	size_t	 n = strlen(s), start = 0, i;

	if (n <= PSG_LONG) {
		pw_add(w, kind, line, s, n);
		return;
	}
	for (i = 0; i + 1 < n; i++)
		if (i - start >= PSG_CHUNK && pw_sentence_end(s, i) &&
		    n - i > PSG_CHUNK / 2) {
			pw_add(w, kind, line, s + start, i + 1 - start);
			start = i + 2;
		}
	pw_add(w, kind, line, s + start, n - start);
}

/* A block read as cell HTML (inline children, raw HTML included). */
static void
pw_block(struct pwalk *w, enum passage_kind kind, cmark_node *n)
{
	struct cell	 c;

	memset(&c, 0, sizeof(c));
	if (cell_read(n, &c) == 0 && c.text != NULL)
		pw_text(w, kind, x_line(w->x, n), c.text);
	cell_free(&c);
}

/* Raw HTML (a table, a note): each of its blocks, cells and items. */
static void
pw_html(struct pwalk *w, cmark_node *n)
{
	struct cell	 c;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	if (cell_read(n, &c) == 0)
		for (i = 0; i < c.nsegs; i++)
			pw_text(w, c.segs[i].item ? PASSAGE_ITEM :
			    PASSAGE_PARAGRAPH, x_line(w->x, n), c.segs[i].text);
	cell_free(&c);
}

/* Each line of a fence: error output is pasted a line at a time. */
static void
pw_fence(struct pwalk *w, cmark_node *n)
{
	const char	*s = cmark_node_get_literal(n), *e;
	int		 line = x_line(w->x, n) + 1, k;

	if (s == NULL)
		return;
	for (k = 0; *s != '\0' && k < PSG_FENCE_LINES; k++, line++) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		pw_add(w, PASSAGE_FENCE, line, s, (size_t)(e - s));
		s = *e != '\0' ? e + 1 : e;
	}
}

void
passages_read(struct xctx *x, cmark_node *doc)
{
	struct pwalk	 w = { x, 0, xcalloc(x->a->nsections + 1, 1) };
	cmark_iter	*it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node	*n, *up;
	int		 t;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING)
			pw_block(&w, PASSAGE_HEADING, n);
		else if (t == CMARK_NODE_PARAGRAPH) {
			up = cmark_node_parent(n);
			pw_block(&w, up != NULL && cmark_node_get_type(up) ==
			    CMARK_NODE_ITEM ? PASSAGE_ITEM : PASSAGE_PARAGRAPH,
			    n);
		} else if (strcmp(cmark_node_get_type_string(n),
		    "table_cell") == 0)
			pw_block(&w, PASSAGE_CELL, n);
		else if (t == CMARK_NODE_CODE_BLOCK)
			pw_fence(&w, n);
		else if (t == CMARK_NODE_HTML_BLOCK)
			pw_html(&w, n);
		else
			continue;
		/* Their inlines are read already. */
		if (t != CMARK_NODE_CODE_BLOCK && t != CMARK_NODE_HTML_BLOCK)
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	free(w.part);
}
