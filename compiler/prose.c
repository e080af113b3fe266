/*
 * prose.c: the walk over a unit's blocks, which classifies them as
 * evidence (evidence.h) for the assembler (assemble.c) and builds no
 * entry itself.
 *
 * The blocks of a unit are read in order, so that a label paragraph
 * ("**Error message:** ...") and the table or list after it combine:
 *   - labels (L1, L2, M1): "Error code:", "Error message:", "Cause:",
 *     "Recommended action:", bold or plain, one field a line;
 *   - fences (F1): error output in ``` blocks after "you see this error:";
 *   - quoted messages: You get the error "The manifest is invalid";
 *   - error lists: "fails with one of the following error messages:";
 *   - prose codes: "If you get the error **UserErrorX**", "Error code 52";
 *   - bold code paragraphs, and every other paragraph and list item with
 *     the context it is under ("Cause", "Solution" sub-headings);
 *   - the heading itself: "### SalBitmapError", "## Error: Replica is
 *     inconsistent", a single-error article's "401003 IoTHubUnauthorized".
 * What the assembler says back is one bit: whether a list item became an
 * action, so that the list nested in it is read as its sub-items.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "extract.h"
#include "extract_int.h"
#include "html_table.h"
#include "text.h"

/* The walk over a unit: what it has read so far. */
struct gather {
	char		*intro;		/* the paragraph before the current block */
	int		 content;	/* blocks seen */
	int		 ctxseen;	/* blocks under Cause/Solution headings */
	int		 symptomseen;	/* blocks under a Symptom/Problem heading */
	int		 depth;		/* nesting of lists and quotes being read */
	int		 toodeep;	/* said so once */
	struct assembly	 as;		/* the assembler's, only passed to it */
};

/*
 * Does text at p begin with the lower-case word w, in any case?  Latin-1
 * capitals (two bytes, 0xC3 0x80-0x9E) match their small letters.
 */
static size_t
word_at(const char *p, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++) {
		unsigned char t = (unsigned char)p[i], c = (unsigned char)w[i];

		if (t == c || (c < 0x80 && tolower(t) == c))
			continue;
		if (i > 0 && (unsigned char)w[i - 1] == 0xC3 && t >= 0x80 && t <= 0x9E &&
		    t + 0x20 == c)
			continue;
		return 0;
	}
	return i;
}

/*
 * Is one of words a whole word of text (any case)?  A word of seven
 * letters or more also counts as the tail of a compound, as German and
 * Swedish write them: "Warnmeldung", "varningsmeddelande".
 */
static int
has_word(const char *text, const char *const words[])
{
	unsigned char first[256] = {0};	/* the words' first bytes */

	for (int i = 0; words[i]; i++)
		first[(unsigned char)words[i][0]] = 1;
	for (const char *p = text; *p; p++) {
		int start = p == text || !(isalnum((unsigned char)p[-1]) ||
		    (unsigned char)p[-1] >= 0x80);
		unsigned char t = (unsigned char)*p;
		int lt = tolower(t);

		/* No word starts here (the test below, for all at once). */
		if (!first[t] && !first[(unsigned char)lt])
			continue;
		for (int i = 0; words[i]; i++) {
			unsigned char c = (unsigned char)words[i][0];
			size_t n;

			/* word_at()'s test of the first byte, before anything
			 * costlier at every byte of text */
			if (t != c && !(c < 0x80 && lt == c))
				continue;
			/* (strnlen: not a whole strlen at every byte of text) */
			if (!start && strnlen(words[i], 7) < 7)
				continue;
			n = word_at(p, words[i]);
			if (n && !isalnum((unsigned char)p[n]) && (unsigned char)p[n] < 0x80)
				return 1;
		}
	}
	return 0;
}

int
prose_error_word(const char *text)
{
	return has_word(text, vocab_list(WROLE_ERROR));
}

/*
 * Does the intro end by naming errors: "... one of the following error
 * messages:", "... följande fel:"?  The error word must be among the last
 * four words, so "Before you look up an error, check the following:"
 * introduces a checklist, not errors.
 */
static int
intro_error(const char *t)
{
	size_t n = strlen(t);
	int words_seen = 0;
	char *last;
	int r;

	while (n && (t[n - 1] == ':' || t[n - 1] == ' ' || t[n - 1] == '.'))
		n--;
	while (n && words_seen < 4) {
		if (t[n - 1] == ' ')
			words_seen++;
		if (words_seen < 4)
			n--;
	}
	/* ... and in the last clause: "Before you look up an error, check". */
	for (size_t i = strlen(t); i > n; i--)
		if (t[i - 1] == ',' || t[i - 1] == ';') {
			n = i;
			break;
		}
	last = xstrdup(t + n);
	r = prose_error_word(last);
	free(last);
	return r;
}

/*
 * Does the intro announce a list of errors: "one of the following error
 * messages:", "följande fel:", "folgenden Fehlermeldungen:"?  An error
 * word must follow "following" closely: "check the following before you
 * look up an error:" announces a checklist.
 */
static int
intro_lists_errors(const char *t)
{
	const char *const *lead = vocab_list(WROLE_LIST);
	char *low = text_lower(t);
	const char *best = NULL;
	int r = 0;

	for (int i = 0; lead[i]; i++)
		for (const char *p = low; (p = strstr(p, lead[i])) != NULL; p++)
			if (best == NULL || p > best)
				best = p;
	if (best) {
		const char *p = best;
		int w = 0;
		char *next;

		while (*p && *p != ' ')
			p++;
		for (; *p && w < 3; w++) {	/* three more words */
			while (*p == ' ')
				p++;
			while (*p && *p != ' ')
				p++;
		}
		next = xstrndup(best, (size_t)(p - best));
		r = prose_error_word(next);
		free(next);
	}
	free(low);
	return r;
}

/* Does the paragraph introduce what follows ("... the following error:")? */
static int
is_intro(const char *t)
{
	size_t n = t ? strlen(t) : 0;

	while (n && (t[n - 1] == ' ' || t[n - 1] == '.'))
		n--;
	return n && t[n - 1] == ':';
}

/* Assemble what the walker found in one block; returns what the last
 * record's assembly said (see assemble()). */
static int
assemble_all(struct xctx *x, struct unit *u, struct gather *g, struct evidence_v *ev)
{
	int r = 0;

	for (size_t i = 0; i < ev->n; i++)
		r = assemble(x, u, &g->as, &ev->v[i]);
	evidence_free(ev);
	return r;
}

/* One record of kind k at n, assembled. */
static int
assemble_one(struct xctx *x, struct unit *u, struct gather *g, enum ev_kind k,
    cmark_node *n, char *text)
{
	struct evidence_v ev = {0};

	evidence_add(&ev, k, n)->text = text;
	return assemble_all(x, u, g, &ev);
}

/* The lines of a fence's text that are not "$ command" lines (what the
 * user typed) into out; returns how many command lines there were. */
static int
shell_output(const char *lit, struct buf *out)
{
	int cmds = 0;

	for (const char *l = lit; *l; ) {
		const char *nl = strchr(l, '\n'), *t = l;
		size_t ll = nl ? (size_t)(nl - l) + 1 : strlen(l);

		while (*t == ' ' || *t == '\t')
			t++;
		if (t[0] == '$' && (t[1] == ' ' || t[1] == '\n' || t[1] == '\0'))
			cmds++;
		else
			buf_add(out, l, ll);
		l += ll;
	}
	return cmds;
}

/*
 * Error text in a fence: "Code: X / Message: Y", JSON, or the whole text
 * (named: the paragraph before it named a code).  Its evidence, the
 * message, goes to out.
 */
static void
fence_read(struct gather *g, cmark_node *n, int named, struct evidence_v *out)
{
	const char *info = cmark_node_get_fence_info(n);
	const char *lit = cmark_node_get_literal(n);
	const char *const *markers = vocab_list(WROLE_FENCE_MESSAGE);
	char *low, *word;
	const char *m = NULL;
	struct evidence *ev;
	struct buf shell = {0};		/* the output of a shell session */
	int okinfo = 0, marked, ncmd = 0;

	if (lit == NULL)
		return;
	word = xstrdup(info ? info : "");
	word[strcspn(word, " \t{")] = '\0';
	low = text_lower(word);
	/* No info string, or one that names output. */
	okinfo = *low == '\0' || vocab_has(WROLE_FENCE_INFO, low);
	free(word);
	free(low);
	if (!okinfo)
		return;
	low = text_lower(lit);
	marked = info && has_word(info, vocab_list(WROLE_ERROR));
	for (const char *const *w = vocab_list(WROLE_FENCE_CODE); *w && !marked; w++)
		marked = strstr(low, *w) != NULL;
	if (!marked && !named && !(g->intro && intro_error(g->intro) && is_intro(g->intro))) {
		free(low);
		return;
	}
	/* "Message: ..." at the start of a line, or a JSON "message" member;
	 * not the "Error message:" inside a sentence. */
	for (int i = 0; markers[i] && !m; i++)
		for (const char *f = low; (f = strstr(f, markers[i])) != NULL; f++) {
			const char *b = f;

			while (b > low && (b[-1] == ' ' || b[-1] == '\t'))
				b--;
			if (markers[i][0] == '"' || b == low || b[-1] == '\n') {
				m = lit + (f - low) + strlen(markers[i]);
				break;
			}
		}
	free(low);
	if (m == NULL) {
		ncmd = shell_output(lit, &shell);
		if (ncmd > 0 && (shell.len == 0 ||
		    shell.len == strspn(shell.s, " \t\n"))) {
			buf_free(&shell);
			return;	/* "$ cli ls --debug": what to type, no output */
		}
	}
	ev = evidence_add(out, EV_FENCE, n);
	if (m) {
		/* The message runs to the end of its JSON string or of the fence. */
		struct buf b = {0};

		while (*m == ' ' || *m == '"')
			m++;
		for (; *m; m++) {
			if (*m == '\\' && m[1]) {
				buf_addc(&b, m[1]);
				m++;
				continue;
			}
			if (*m == '"')
				break;
			buf_addc(&b, *m);
		}
		ev->text = b.s ? buf_take(&b) : xstrdup("");
		buf_free(&b);
	} else {
		/* A shell session: the "$ command" lines are what the user
		 * typed; the message is the output. */
		ev->text = xstrdup(shell.len && ncmd > 0 ? shell.s : lit);
		buf_free(&shell);
	}
}

static void intro_codes(struct entry *, const struct cell *);
static void named_codes(const struct cell *, struct entry *);


/* Words of a heading that quotes an error, compared by their start:
 * "Heartbeat missed" against "Heartbeat missed for 90s". */
#define QUOTE_STEM	5

/* Does line hold a word that starts with the n bytes at w? */
static int
word_in(const char *line, const char *w, size_t n)
{
	for (const char *p = line; *p; p++)
		if ((p == line || !isalpha((unsigned char)p[-1])) &&
		    strncmp(p, w, n) == 0)
			return 1;
	return 0;
}

/*
 * Does one line of lit hold every word of heading (two or more words of
 * three letters or more, each as the start of a word of the line), and
 * a colon, as error lines have?  A heading that quotes the line is the
 * error's name, and the fence the error's output: "## Start attempts
 * exhausted" over the log line that says so.  One line, so that a config
 * file's keys spread over its lines do not count.
 */
static int
heading_quoted(const char *heading, const char *lit)
{
	char *h = text_lower(heading), *l = text_lower(lit), *line, *w;
	int words = 0, ok = 1, found = 0;
	size_t n;

	for (line = l; line && *line && !found; ) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		words = 0;
		ok = 1;
		for (w = h; *w && ok; w += n) {
			while (*w && !isalpha((unsigned char)*w))
				w++;
			for (n = 0; isalpha((unsigned char)w[n]); n++)
				;
			if (n < 3)
				continue;
			words++;
			ok = word_in(line, w, n < QUOTE_STEM ? n : QUOTE_STEM);
		}
		/* An error line names its source or its cause after a
		 * colon; a command ("npx patch-package cypress") has none. */
		found = ok && words >= 2 && strchr(line, ':') != NULL;
		line = nl ? nl + 1 : NULL;
	}
	free(h);
	free(l);
	return found;
}

/* A fence's error output, as an entry; with the codes the paragraph
 * before it names, when it is that paragraph's (before). */
/*
 * One line of a log, as a program printed it when it failed: a time of
 * day ("04:12:55") early in it, and an error word ("failed"); or led by
 * an error word ("Error response from daemon: ...").
 */
static int
logged_error(const char *lit)
{
	size_t n = strlen(lit), i;
	char first[32];

	while (n > 0 && (lit[n - 1] == '\n' || lit[n - 1] == ' '))
		n--;
	if (n == 0 || memchr(lit, '\n', n) != NULL)
		return 0;
	for (i = 0; i < n && i + 1 < sizeof(first) && isalpha((unsigned char)lit[i]); i++)
		first[i] = lit[i];
	first[i] = '\0';
	if (i > 0 && i < n && !isalnum((unsigned char)lit[i]) && prose_error_word(first))
		return 1;
	for (i = 0; i + 8 <= n && i < 32; i++)
		if (isdigit((unsigned char)lit[i]) && isdigit((unsigned char)lit[i + 1]) &&
		    lit[i + 2] == ':' && isdigit((unsigned char)lit[i + 3]) &&
		    isdigit((unsigned char)lit[i + 4]) && lit[i + 5] == ':' &&
		    isdigit((unsigned char)lit[i + 6]) && isdigit((unsigned char)lit[i + 7]))
			return prose_error_word(lit);
	return 0;
}

static void
fence(struct xctx *x, struct unit *u, struct gather *g, cmark_node *n, int named,
    const struct cell *before)
{
	struct evidence_v ev = {0};
	const char *lit = cmark_node_get_literal(n);

	/* "## Erreur CVP-830 : ..." over the output that prints CVP-830:
	 * the code the heading names marks the fence as the error's output,
	 * in any language. */
	if (!named && lit != NULL && u->section >= 0) {
		struct entry h = {0};

		x_heading_codes(x, u, &h);
		codes_scan(x->a->sections[u->section].text, &h);
		for (size_t i = 0; i < h.ncodes && !named; i++)
			named = strstr(lit, h.codes[i].written) != NULL;
		entry_clear(&h);
		if (!named)
			named = heading_quoted(x->a->sections[u->section].text, lit);
		/* A heading over one logged error line and nothing before
		 * it: the line is that error, though the heading says it in
		 * other words (or another language, as translations do). */
		if (!named && before == NULL && g->content == 1 && g->depth == 1)
			named = logged_error(lit);
	}
	fence_read(g, n, named, &ev);
	/* Only the codes the paragraph names as the error's: "exceeds
	 * parameter `P1320`" over an alarm's output names a setting. */
	if (ev.n && before)
		named_codes(before, &ev.v[0].codes);
	assemble_all(x, u, g, &ev);
}

/* Code-shaped words of s ("A, B or C"), added to e. */
static void
span_codes(struct entry *e, const char *s)
{
	while (*s) {
		size_t n;

		while (*s == ' ' || *s == ',' || *s == ';' || *s == '/')
			s++;
		for (n = 0; s[n] && s[n] != ' ' && s[n] != ',' && s[n] != ';' &&
		    s[n] != '/'; n++)
			;
		code_add_token(e, s, n, CODE_STRICT);
		s += n;
	}
}

/* Codes in code spans and bold text of the paragraph before a fence. */
static void
intro_codes(struct entry *e, const struct cell *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->codespans.n; i++)
		span_codes(e, c->codespans.v[i]);
	for (size_t i = 0; i < c->strongs.n; i++)
		span_codes(e, c->strongs.v[i]);
}

/*
 * Codes the paragraph names: a bold or code-span code counts when an
 * error word names it ("If you get the error **X**", "error codes: **A**,
 * **B**"), not in "the job may later fail with **X**".  Added to out.
 */
static void
named_codes(const struct cell *c, struct entry *out)
{
	struct entry spans = {0};
	const char *last_end = NULL;	/* end of the last code taken */

	intro_codes(&spans, c);
	for (size_t i = 0; i < spans.ncodes; i++) {
		const char *at = strstr(c->text, spans.codes[i].written);
		size_t from;
		char *win;
		int take;

		if (at == NULL)
			continue;
		from = (size_t)(at - c->text) > 32 ? (size_t)(at - c->text) - 32 : 0;
		win = xstrndup(c->text + from, (size_t)(at - c->text) - from);
		/* Named by an error word, or next in a list of codes taken. */
		take = has_word(win, vocab_list(WROLE_CODE)) ||
		    (last_end && at >= last_end && at - last_end <= 8);
		free(win);
		if (take) {
			entry_add_code(out, spans.codes[i].written, spans.codes[i].norm,
			    spans.codes[i].form);
			last_end = at + strlen(spans.codes[i].written);
		}
	}
	entry_clear(&spans);
}

/* 'You get the error "The provided manifest file is invalid"'. */
static int
quoted_read(const struct cell *c, struct strv *out)
{
	static const struct { const char *open, *close; } q[] = {
		{ "\"", "\"" }, { "\xE2\x80\x9C", "\xE2\x80\x9D" },
		{ "\xE2\x80\x9E", "\xE2\x80\x9C" }, { "\xC2\xAB", "\xC2\xBB" },
		{ NULL, NULL }
	};
	const char *t = c->text;
	int made = 0;

	/* An italic or bold message after "error": *A critical inconsistency
	 * ...*, "shows as a banner that reads **You don't have access**". */
	for (size_t i = 0; i < c->ems.n + c->strongs.n; i++) {
		const char *m = i < c->ems.n ? c->ems.v[i] : c->strongs.v[i - c->ems.n];
		const char *at = strstr(t, m);
		size_t from, n = strlen(m);
		char *win;

		/* Bold text is mostly UI names: it must read like a sentence.
		 * Paths (C:\Program Files\...) are not messages. */
		if (at == NULL || n < 15 || x_words(m) < (i < c->ems.n ? 3u : 4u) ||
		    strchr(m, '\\') || strstr(m, ":/"))
			continue;
		from = (size_t)(at - t) > 64 ? (size_t)(at - t) - 64 : 0;
		win = xstrndup(t + from, (size_t)(at - t) - from);
		if (prose_error_word(win)) {
			strv_add(out, m);
			made++;
		}
		free(win);
	}
	for (int k = 0; q[k].open; k++) {
		const char *p = t;
		size_t ol = strlen(q[k].open), cl = strlen(q[k].close);

		while ((p = strstr(p, q[k].open)) != NULL) {
			const char *s = p + ol, *e = strstr(s, q[k].close);
			char *msg, *win;
			size_t from, to;
			size_t nwords;

			if (e == NULL)
				break;
			/* alt-text="...", title="...": an attribute of site
			 * markup (":::image ...:::", HTML), not a message. */
			if (p > t && p[-1] == '=') {
				p = e + cl;
				continue;
			}
			msg = xstrndup(s, (size_t)(e - s));
			nwords = x_words(msg) - 1;
			from = (size_t)(p - t) > 80 ? (size_t)(p - t) - 80 : 0;
			to = strlen(e + cl) > 40 ? (size_t)(e + cl - t) + 40 : strlen(t);
			win = xstrndup(t + from, to - from);
			if (strlen(msg) >= 15 && nwords >= 2 && prose_error_word(win)) {
				strv_push(out, msg);
				msg = NULL;
				made++;
			}
			free(win);
			free(msg);
			p = e + cl;
		}
	}
	return made;
}

/* How a list item or paragraph leads with a term naming a code: the
 * term's message after the code (msg, mlen bytes; 0 when it is only the
 * code) and where the text after the term begins (def). */
struct lead_term {
	const char	*msg;
	size_t		 mlen, def;
};

static int lead_term_code(const struct cell *, struct entry *,
    struct lead_term *);

/* Does every word of t start with a capital ("Request Timeout")? */
static int
title_case(const char *t)
{
	for (const char *p = t; *p; p++)
		if ((p == t || p[-1] == ' ') && *p != ' ' &&
		    !isupper((unsigned char)*p))
			return 0;
	return 1;
}

/*
 * Words after a term's code, from msg, that are its message: the first a
 * letter's ("Defrost failed", not "= 3001"), set off from the code, which
 * starts the term at start, by a colon or a dash ("E52 – Fasfel"), or two
 * or more written in capitals as a display writes them ("E-62 CARD READ
 * FAILED") or each capitalized as a status's reason phrase ("408 Request
 * Timeout", "401 Unauthorized"); "ERR_SSL_PROTOCOL_ERROR in Chrome" says
 * where, not what.  Where the message starts: msg after a separator, else
 * start, since a display shows code and words as one ("408 Request
 * Timeout"); NULL when the words are none.
 */
static const char *
term_message(const char *start, const char *msg)
{
	unsigned char c = (unsigned char)*msg;
	const char *p = msg;

	/* "Q1: What does error E4 mean?" numbers a question. */
	if (!(isalpha(c) || c >= 0x80) || msg[strcspn(msg, "?")] != '\0')
		return NULL;
	while (p > start && p[-1] == ' ')
		p--;
	/* "E52 – Fasfel": after a separator one word is a message. */
	if (p > start && (p[-1] == ':' || p[-1] == '-' ||
	    (p - start >= 3 && text_dash(p - 3))))
		return msg;
	/* "488 Not Acceptable Here", "401 Unauthorized": a status's reason
	 * phrase, every word a capital's. */
	if (title_case(msg))
		return start;
	if (x_words(msg) < 2)
		return NULL;
	for (p = msg; *p; p++)
		if (islower((unsigned char)*p))
			return NULL;
	return start;
}

/* Is a word of text one a table header names codes or errors with
 * ("Reasons", "Codes", "Errors")? */
static int
code_word(const char *text)
{
	const char *p = text, *q;
	char *w;
	enum role r;

	for (;;) {
		while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
			p++;
		if (*p == '\0')
			return 0;
		for (q = p; *q && (isalnum((unsigned char)*q) || (unsigned char)*q >= 0x80); q++)
			;
		w = xstrndup(p, (size_t)(q - p));
		r = vocab_role(w);
		free(w);
		if (r == ROLE_CODE || r == ROLE_ERROR)
			return 1;
		p = q;
	}
}

/* Does the unit's heading, one above it or the article's title speak of
 * errors, or of what names them ("Deny reasons", "Fault codes")? */
static int
error_context(const struct xctx *x, const struct unit *u)
{
	const struct article *a = x->a;

	for (int s = u->section; s >= 0; s = a->sections[s].parent)
		if (prose_error_word(a->sections[s].text) ||
		    code_word(a->sections[s].text))
			return 1;
	return prose_error_word(a->title) || code_word(a->title);
}

/* Does the unit's heading, one above it or the article's title say it
 * lists codes ("Fault codes", "Felkoder")?  A device's short codes ("E1
 * – Sensor open") need that: "A1 – Mount the bracket" numbers a step,
 * even under "Key steps" or "Warnings and care". */
static int
codes_context(const struct xctx *x, const struct unit *u)
{
	const struct article *a = x->a;
	const char *const *w = vocab_list(WROLE_CODE_LIST);

	for (int s = u->section; s >= 0; s = a->sections[s].parent)
		if (has_word(a->sections[s].text, w))
			return 1;
	return has_word(a->title, w);
}

/*
 * Does the article speak of errors: its title or a heading has an error
 * word, or an error entry with a code is already read from it?  "Codes"
 * alone name order codes, region codes and colour codes as well as fault
 * codes; a list of codes is a list of errors only so.
 */
static int
article_errors(const struct xctx *x)
{
	const struct article *a = x->a;

	if (prose_error_word(a->title))
		return 1;
	for (size_t s = 0; s < a->nsections; s++)
		if (prose_error_word(a->sections[s].text))
			return 1;
	for (size_t i = 0; i < a->nentries; i++)
		if (a->entries[i].kind == ENTRY_ERROR && a->entries[i].ncodes > 0)
			return 1;
	return 0;
}

/*
 * codes_term() where the text says it lists codes: a display's code of two
 * letters ("UE", "dE") reads as one only in an article of errors (not
 * "**EU — European Union**" under "Region codes").
 */
static size_t
device_term(const struct xctx *x, const char *text, struct entry *e)
{
	size_t off = codes_term(text, e);
	const char *w;

	if (e->ncodes == 1 && strlen(w = e->codes[0].written) == 2 &&
	    !isdigit((unsigned char)w[1]) && !article_errors(x)) {
		entry_clear(e);
		return 0;
	}
	return off;
}

/*
 * "If you get the error **UserErrorX**", "Error code 52 means ...": the
 * codes a paragraph names beside an error word, but for the heading's
 * own (they belong to the heading's entry), added to out; and into lt,
 * when not NULL, the message a leading term gives.
 */
static void
prose_codes_read(struct xctx *x, struct unit *u, const struct cell *c, struct entry *out,
    struct lead_term *lt)
{
	struct entry tmp = {0}, head = {0};

	/* "**`missing_scope`** — The token lacks a scope." under a heading
	 * that speaks of errors: a term and its description, the term a
	 * code. */
	if (u->section >= 0 && lead_term_code(c, &tmp, lt) &&
	    (prose_error_word(c->text) ||
	    prose_error_word(x->a->sections[u->section].text) ||
	    (codes_context(x, u) && article_errors(x)))) {
		entry_add_code(out, tmp.codes[0].written, tmp.codes[0].norm,
		    tmp.codes[0].form);
		entry_clear(&tmp);
		return;
	}
	entry_clear(&tmp);
	if (lt != NULL)
		lt->mlen = 0;	/* no error here: the term gives no message */

	/* Most paragraphs name no code: find that out cheaply first. */
	if (c->codespans.n == 0 && c->strongs.n == 0) {
		codes_scan(c->text, &tmp);
		if (tmp.ncodes == 0)
			return;
	}
	if (!prose_error_word(c->text)) {
		entry_clear(&tmp);
		return;
	}
	/* The heading's own codes belong to the heading's entry. */
	x_heading_codes(x, u, &head);
	named_codes(c, &tmp);
	codes_scan(c->text, &tmp);
	for (size_t i = 0; i < tmp.ncodes; i++) {
		if (entry_has_code(&head, tmp.codes[i].norm))
			continue;
		entry_add_code(out, tmp.codes[i].written, tmp.codes[i].norm,
		    tmp.codes[i].form);
	}
	entry_clear(&tmp);
	entry_clear(&head);
}

/* A text that starts with a bold or code-span term and a dash or colon
 * after it, the term a code or a code and its message ("**E_LOCKED** —
 * ...", "`missing_scope`: ...", "**E-62 CARD READ FAILED**: clean the
 * reader"): that code, added to out; 1 if so. */
static int
lead_term_code(const struct cell *c, struct entry *out, struct lead_term *lt)
{
	const char *s = c->strongs.n ? c->strongs.v[0] : c->codespans.n ?
	    c->codespans.v[0] : NULL, *p;
	size_t n, k, m;

	if (s == NULL || (n = strlen(s)) == 0 || strncmp(c->text, s, n) != 0)
		return 0;
	for (p = c->text + n; *p == ' '; p++)
		;
	/* A footnote mark on the term ("**U2F01** † – ..."). */
	if (strncmp(p, "\xE2\x80\xA0", 3) == 0 || strncmp(p, "\xE2\x80\xA1", 3) == 0)
		for (p += 3; *p == ' '; p++)
			;
	else if (*p == '*' && p[1] == ' ')
		for (p++; *p == ' '; p++)
			;
	if (text_dash(p))
		p += 3;
	else if (*p == '-' || *p == ':')
		p++;
	else
		return 0;
	if (*p != ' ')
		return 0;
	/* The term's first word, when more words (its message) follow. */
	for (k = 0; k < n && s[k] != ' '; k++)
		;
	if (!code_add_token(out, s, k, CODE_LEAD))
		return 0;
	if (lt != NULL) {
		for (m = k; m < n && s[m] == ' '; m++)
			;
		const char *mm = term_message(s, s + m);

		lt->msg = mm != NULL ? mm : s + m;
		lt->mlen = mm != NULL ? n - (size_t)(mm - s) : 0;
		lt->def = (size_t)(p + 1 - c->text);
	}
	return 1;
}

static int
starts_quoted(const char *t)
{
	return t[0] == '"' || strncmp(t, "\xE2\x80\x9C", 3) == 0 ||
	    strncmp(t, "\xE2\x80\x9E", 3) == 0 || strncmp(t, "\xC2\xAB", 2) == 0;
}

static void block(struct xctx *, struct unit *, struct gather *, cmark_node *,
    enum ctx, int);

/* Count block n as read, in its context. */
static void
seen(struct xctx *x, struct unit *u, struct gather *g, cmark_node *n, enum ctx ctx)
{
	g->content++;
	g->ctxseen += ctx == CTX_CAUSE || ctx == CTX_SOLUTION;
	g->symptomseen += ctx == CTX_SYMPTOM;
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		assemble_one(x, u, g, EV_BREAK, n, NULL);
}

static void block_in(struct xctx *, struct unit *, struct gather *, cmark_node *,
    enum ctx, int);

/* The text of list item it into b, with the lists nested in it folded
 * in; other blocks in it (tables, fences, quotes) are read as anywhere. */
static void
item_text(struct xctx *x, struct unit *u, struct gather *g, cmark_node *it,
    enum ctx ctx, int sub, struct buf *b, int *folded)
{
	for (cmark_node *p = cmark_node_first_child(it); p; p = cmark_node_next(p)) {
		struct cell c;

		switch (cmark_node_get_type(p)) {
		case CMARK_NODE_PARAGRAPH:
			cell_read(p, &c);
			if (b->len == 0)
				buf_adds(b, c.text);
			else if (*c.text)
				x_fold_item(b, c.text, (*folded)++ == 0);
			/* It introduces what follows ("... this error:" and a
			 * quote), as in list(). */
			if (*c.text) {
				free(g->intro);
				g->intro = xstrdup(c.text);
			}
			cell_free(&c);
			break;
		case CMARK_NODE_LIST:
			if (g->depth + 1 >= EXTRACT_MAX_NEST) {
				block(x, u, g, p, ctx, sub);
				break;
			}
			g->depth++;
			for (cmark_node *i = cmark_node_first_child(p); i; i = cmark_node_next(i))
				item_text(x, u, g, i, ctx, sub, b, folded);
			g->depth--;
			break;
		default:
			block(x, u, g, p, ctx, sub);
		}
	}
}

/* A list nested in an action's item: its items are the action's sub-items
 * ("Allow these URLs:" and the URLs). */
static void
sub_items(struct xctx *x, struct unit *u, struct gather *g, cmark_node *l,
    enum ctx ctx, int sub)
{
	struct evidence_v ev = {0};
	struct strv items = {0};
	char *intro = g->intro ? xstrdup(g->intro) : NULL;

	seen(x, u, g, l, ctx);
	for (cmark_node *it = cmark_node_first_child(l); it; it = cmark_node_next(it)) {
		struct buf b = {0};
		int folded = 0;

		item_text(x, u, g, it, ctx, sub, &b, &folded);
		if (b.len)
			strv_push(&items, buf_take(&b));
		buf_free(&b);
	}
	evidence_add(&ev, EV_SUBITEMS, l)->items = items;
	assemble_all(x, u, g, &ev);
	free(g->intro);
	g->intro = intro;
}

static int code_para(struct xctx *, struct unit *, struct gather *,
    const struct cell *, cmark_node *);

/* A list item led by a bold code and its title ("**IMP-301 — Column
 * missing**"): read as code_para() reads such a paragraph; 1 if so. */
static int
bold_title(struct xctx *x, struct unit *u, struct gather *g, cmark_node *p)
{
	struct cell c;
	int took;

	cell_read(p, &c);
	took = strchr(c.text, ' ') != NULL && code_para(x, u, g, &c, p);
	cell_free(&c);
	return took;
}

static void
list(struct xctx *x, struct unit *u, struct gather *g, cmark_node *l, enum ctx ctx,
    int sub)
{
	char *intro = g->intro ? xstrdup(g->intro) : NULL;
	int causes = intro && has_word(intro, vocab_list(WROLE_CAUSE));
	int errlist = intro && is_intro(intro) && intro_lists_errors(intro) && !causes &&
	    !has_word(intro, vocab_list(WROLE_ACTION)) && ctx != CTX_CAUSE && ctx != CTX_SOLUTION;

	assemble_one(x, u, g, EV_LIST, l, NULL);
	for (cmark_node *it = cmark_node_first_child(l); it; it = cmark_node_next(it)) {
		cmark_node *p = cmark_node_first_child(it);
		struct evidence_v ev = {0};
		struct evidence *e;
		int action = 0;
		struct lead_term lt = {0};

		if (p == NULL)
			continue;
		if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH) {
			block(x, u, g, p, ctx, sub);
			p = cmark_node_next(p);
		}
		if (p == NULL || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			goto rest;
		if (ctx != CTX_CAUSE && ctx != CTX_SOLUTION && bold_title(x, u, g, p)) {
			/* Its labelled lines are in the list nested in it. */
			p = cmark_node_next(p);
			goto rest;
		}
		e = evidence_add(&ev, EV_ITEM, p);
		cell_read(p, &e->cell);
		if (*e->cell.text == '\0') {
			evidence_free(&ev);
			goto rest;
		}
		e->text = xstrdup(e->cell.text);
		e->ctx = ctx;
		e->sub = sub;
		if (errlist && x_words(e->text) >= 2)
			e->flags |= EVP_ERRLIST;
		if (causes)
			e->flags |= EVP_CAUSES;
		prose_codes_read(x, u, &e->cell, &e->codes, &lt);
		/* "**E-62 CARD READ FAILED**: clean the reader": the term is
		 * the message, what follows it the action. */
		if (e->codes.ncodes > 0 && lt.mlen > 0) {
			e->quote = xstrndup(lt.msg, lt.mlen);
			e->off = lt.def;
		}
		quoted_read(&e->cell, &e->quotes);
		free(g->intro);
		g->intro = xstrdup(e->text);
		action = assemble_all(x, u, g, &ev);
		p = cmark_node_next(p);
rest:
		/* Tables, fences and quotes nested in the item; a list nested in
		 * an action's item gives its sub-items. */
		for (; p; p = cmark_node_next(p))
			if (action && cmark_node_get_type(p) == CMARK_NODE_LIST)
				sub_items(x, u, g, p, ctx, sub);
			else
				block(x, u, g, p, ctx, sub);
	}
	assemble_one(x, u, g, EV_LIST_END, l, NULL);
	free(g->intro);
	g->intro = intro;
}

/* "[!NOTE]", "[!WARNING]", "[SITE.NOTE]": a quote's alert marker. */
static int
alert_marker(const char *t)
{
	size_t i;
	int dot = 0;

	if (t[0] != '[')
		return 0;
	if (t[1] == '!')	/* [!NOTE], [!div class="nextstepaction"] */
		return strchr(t, ']') != NULL;
	for (i = 1; t[i] && t[i] != ']'; i++) {
		if (t[i] == '.')
			dot = 1;
		else if (!isalpha((unsigned char)t[i]))
			return 0;
	}
	return t[i] == ']' && dot;
}

static void
quote(struct xctx *x, struct unit *u, struct gather *g, cmark_node *q, enum ctx ctx,
    int sub)
{
	/* "... one of the following errors:", "The client shows this
	 * error:" and a quote: the quote is the message ("To fix the
	 * error:" introduces steps). */
	if (g->intro && is_intro(g->intro) && (intro_lists_errors(g->intro) ||
	    (intro_error(g->intro) && !has_word(g->intro, vocab_list(WROLE_ACTION)))) &&
	    ctx != CTX_CAUSE && ctx != CTX_SOLUTION) {
		struct buf b = {0};

		for (cmark_node *p = cmark_node_first_child(q); p; p = cmark_node_next(p)) {
			struct cell c;

			if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
				continue;
			cell_read(p, &c);
			for (size_t i = 0; i < c.nsegs; i++) {
				const char *t = c.segs[i].text;

				/* Alert markers: [!NOTE], [!WARNING], [PRODUCT.NOTE]. */
				if (alert_marker(t))
					t = strchr(t, ']') + 1;
				if (*t) {
					if (b.len)
						buf_addc(&b, ' ');
					buf_adds(&b, t);
				}
			}
			cell_free(&c);
		}
		if (b.len) {
			struct evidence_v ev = {0};

			evidence_add(&ev, EV_QUOTED, q)->text = buf_take(&b);
			assemble_all(x, u, g, &ev);
		}
		buf_free(&b);
		return;
	}
	for (cmark_node *p = cmark_node_first_child(q); p; p = cmark_node_next(p))
		if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			block(x, u, g, p, ctx, sub);
}

/*
 * "**Code L3 – No internet connection.** The hub cannot reach the cloud.":
 * a bold code and its message lead a paragraph, and the text after them
 * explains the error, as appliance manuals write under a symptom
 * ("Blinking orange").  A code label ("Code", "Error code") is context
 * enough; a bare "**L3 – ...**" needs the text to say it lists codes.
 */
static int
bold_lead(struct xctx *x, struct unit *u, struct gather *g, const struct cell *c,
    cmark_node *p)
{
	const char *s = c->strongs.v[0], *t = c->text, *msg;
	size_t n = strlen(s), off, m;
	struct evidence_v ev = {0};
	struct evidence *e;
	struct entry codes = {0};

	/* Not "**F34 – ...**" over ": definition" (definition_para()). */
	if (n == 0 || strncmp(t, s, n) != 0 || t[n] != ' ' || t[n + 1] == '\0' ||
	    t[n + 1] == ':')
		return 0;
	if (code_label_end(s) == s && !codes_context(x, u))
		return 0;
	off = device_term(x, s, &codes);
	if (codes.ncodes == 0 || (msg = term_message(s, s + off)) == NULL) {
		entry_clear(&codes);
		return 0;
	}
	m = strlen(msg);
	while (m > 0 && (msg[m - 1] == '.' || msg[m - 1] == ':'))
		m--;
	e = evidence_add(&ev, EV_BOLD_CODE, p);
	e->text = xstrdup(t);
	e->codes = codes;
	e->quote = xstrndup(msg, m);
	e->off = n + 1;
	assemble_all(x, u, g, &ev);
	return 1;
}

/*
 * A paragraph that is one bold or code-span code and nothing else
 * ("**BucketSealed**"), as API references list their errors: it opens an
 * entry with that code; the paragraph after it is the message, and a
 * "Status code: 409" label below adds its code.
 */
static int
code_para(struct xctx *x, struct unit *u, struct gather *g, const struct cell *c,
    cmark_node *p)
{
	const char *t = c->text, *msg;
	enum code_form form;
	struct evidence_v ev = {0};

	struct evidence *e;
	struct entry codes = {0};
	size_t off;

	if (c->nsegs == 1 && c->strongs.n >= 1 && bold_lead(x, u, g, c, p))
		return 1;
	if (c->nsegs != 1 || c->strongs.n + c->codespans.n != 1 ||
	    strcmp(c->strongs.n ? c->strongs.v[0] : c->codespans.v[0], t) != 0)
		return 0;
	if (strchr(t, ' ') == NULL) {
		if (!code_token(t, strlen(t), CODE_LEAD, &form))
			return 0;
		evidence_add(&ev, EV_BOLD_CODE, p)->text = xstrdup(t);
		assemble_all(x, u, g, &ev);
		return 1;
	}
	/* "**IMP-301 — Required column missing**": a code and its title in
	 * bold, over the error's labelled lines, where the text speaks of
	 * errors ("**2024 – Faster imports**" heads a release note). */
	if (!error_context(x, u))
		return 0;
	off = device_term(x, t, &codes);
	if (codes.ncodes == 0 || (msg = term_message(t, t + off)) == NULL) {
		entry_clear(&codes);
		return 0;
	}
	e = evidence_add(&ev, EV_BOLD_CODE, p);
	e->text = xstrdup(t);
	e->codes = codes;
	e->quote = xstrdup(msg);
	assemble_all(x, u, g, &ev);
	return 1;
}

/*
 * A definition list's item, as Markdown Extra and Pandoc write it and
 * most documentation sites render it: a term line, then the definition
 * on the next line after ": ".  CommonMark reads both as one paragraph,
 * whose text is "term : definition".  When the term names codes
 * ("**11000 DuplicateKey**", "1001 — `POOL_CLEARED`"), the item is an
 * error: the definition is its message and what explains it.
 */
/*
 * The text of a definition's term written as one code span holding a
 * message, as a tool's reference lists what it prints ("`verifying
 * <module>@<version>: checksum mismatch`"): four words or more, or a
 * label's colon in it, so that a command ("`mh mod tidy`") is none.
 * NULL when the term is anything else.
 */
static const char *
term_span_message(cmark_node *p)
{
	const char *lit = NULL, *s;
	int words = 1;

	for (cmark_node *n = cmark_node_first_child(p); n &&
	    cmark_node_get_type(n) != CMARK_NODE_SOFTBREAK; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_CODE && lit == NULL)
			lit = cmark_node_get_literal(n);
		else if (cmark_node_get_type(n) != CMARK_NODE_TEXT ||
		    (s = cmark_node_get_literal(n)) == NULL ||
		    s[strspn(s, " \t")] != '\0')
			return NULL;
	}
	if (lit == NULL || !isalpha((unsigned char)lit[0]))
		return NULL;
	for (s = lit; *s; s++)
		words += *s == ' ' && s[1] != ' ' && s[1] != '\0';
	return words >= 4 || strstr(lit, ": ") != NULL ? lit : NULL;
}

static int
definition_para(struct xctx *x, struct unit *u, struct gather *g,
    const struct cell *c, cmark_node *p)
{
	cmark_node *n;
	const char *lit, *def, *msg;
	struct evidence_v ev = {0};
	struct evidence *e;
	char *term;
	size_t off;

	for (n = cmark_node_first_child(p); n; n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
			break;
	if (n == NULL || (n = cmark_node_next(n)) == NULL ||
	    cmark_node_get_type(n) != CMARK_NODE_TEXT ||
	    (lit = cmark_node_get_literal(n)) == NULL || lit[0] != ':' ||
	    lit[1] != ' ' || (def = strstr(c->text, " : ")) == NULL)
		return 0;
	term = xstrndup(c->text, (size_t)(def - c->text));
	e = evidence_add(&ev, EV_DEFINITION, p);
	off = codes_heading(term, &e->codes);
	/* Weaker shapes count where the text speaks of errors: "F34 –
	 * Defrost failed", and "`pool_exhausted`", one name written as code,
	 * which an options reference writes too. */
	if (e->codes.ncodes == 0 && error_context(x, u)) {
		off = device_term(x, term, &e->codes);
		if (e->codes.ncodes == 0 && cell_span_word(c, term))
			code_add_token(&e->codes, term, strlen(term), CODE_LEAD);
	}
	/* "**F34 – Defrost failed**": the term gives the message too. */
	if (e->codes.ncodes > 0 && (msg = term_message(term, term + off)) != NULL)
		e->quote = xstrdup(msg);
	/* "`verifying <module>: checksum mismatch`", where the text speaks
	 * of errors: the term is the message, with no code. */
	else if (e->codes.ncodes == 0 && (error_context(x, u) || article_errors(x)) &&
	    (msg = term_span_message(p)) != NULL)
		e->quote = xstrdup(msg);
	free(term);
	if (e->codes.ncodes == 0 && e->quote == NULL) {
		evidence_free(&ev);
		return 0;
	}
	e->text = xstrdup(def + 3);
	assemble_all(x, u, g, &ev);
	return 1;
}

static void
paragraph(struct xctx *x, struct unit *u, struct gather *g, cmark_node *p,
    enum ctx ctx, int sub)
{
	struct cell c;
	struct entry named = {0};
	cmark_node *next = cmark_node_next(p);
	int fence_next = next && cmark_node_get_type(next) == CMARK_NODE_CODE_BLOCK &&
	    ctx != CTX_CAUSE && ctx != CTX_SOLUTION;

	cell_read(p, &c);
	/* "The error code `SkuNotAvailable` is shown:" and a fence: the codes
	 * go with the error output, not to an entry of their own. */
	if (fence_next)
		named_codes(&c, &named);
	if (c.deep)
		article_diag(x->a, x_line(x, p), x_col(x, p), "html-depth",
		    "HTML nested more than %d deep; read as text", CELL_MAX_DEPTH);
	if (*c.text == '\0' || text_iprefix(c.text, "[!include")) {
		entry_clear(&named);
		cell_free(&c);
		return;
	}
	if (x_has_labels(&c)) {
		struct evidence_v ev = {0};

		evidence_add(&ev, EV_LABELS, p)->cell = c;
		memset(&c, 0, sizeof(c));
		ev.v[0].text = xstrdup(ev.v[0].cell.text);
		free(g->intro);
		g->intro = xstrdup(ev.v[0].text);
		assemble_all(x, u, g, &ev);
	} else if (ctx != CTX_CAUSE && ctx != CTX_SOLUTION && code_para(x, u, g, &c, p)) {
		free(g->intro);
		g->intro = xstrdup(c.text);
	} else if (definition_para(x, u, g, &c, p)) {
		free(g->intro);
		g->intro = xstrdup(c.text);
	} else {
		struct evidence_v ev = {0};
		struct evidence *e = evidence_add(&ev, EV_PARA, p);

		e->text = xstrdup(c.text);
		e->ctx = ctx;
		e->sub = sub;
		if (is_intro(c.text))
			e->flags |= EVP_INTRO;
		if (has_word(c.text, vocab_list(WROLE_CAUSE)))
			e->flags |= EVP_CAUSE_WORD;
		if ((ctx == CTX_SYMPTOM || u->symptom) && starts_quoted(c.text))
			e->flags |= EVP_QUOTED;
		if (named.ncodes)
			e->flags |= EVP_NAMED;
		quoted_read(&c, &e->quotes);
		/* ":::note ... :::", an admonition the parser left as text,
		 * is an aside: the codes it mentions ("if A1 shows #DIV/0!,
		 * every formula that uses it shows #DIV/0! too") are not its
		 * errors. */
		if (strncmp(c.text, ":::", 3) != 0)
			prose_codes_read(x, u, &c, &e->codes, NULL);
		free(g->intro);
		g->intro = xstrdup(c.text);
		assemble_all(x, u, g, &ev);
	}
	/* A fence right after "The error code `X` is shown" takes X. */
	if (fence_next) {
		fence(x, u, g, next, named.ncodes > 0, &c);
		cmark_node_set_user_data(next, (void *)1);
	}
	entry_clear(&named);
	cell_free(&c);
}

/*
 * A raw HTML <table>, read as the Markdown table it would be
 * (html_table.h): table_read() reads the GFM text made of it, whose
 * every line maps to the line of the row it came from.
 */
static void
html_block(struct xctx *x, struct unit *u, struct gather *g, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	struct html_table t;
	struct evidence_v ev = {0};
	struct xctx hx = *x;
	int *map, base = x_line(x, n);

	if (!html_is_table(lit) || !html_table_parse(lit, &t))
		return;
	if (t.cut)
		article_diag(x->a, base, x_col(x, n), "table-size",
		    "HTML table has more than %d rows; the rest is ignored",
		    HTML_TABLE_ROWS);
	map = xcalloc(t.nlines, sizeof(*map));
	for (size_t i = 0; i < t.nlines; i++)
		map[i] = base + t.line[i] - 1;
	hx.src = t.md;
	hx.srclen = t.len;
	hx.linemap = map;
	hx.nlinemap = t.nlines;
	line_starts(hx.src, hx.srclen, &hx.lines, &hx.nlines);
	table_read(&hx, t.table, &ev);
	assemble_all(&hx, u, g, &ev);
	free(hx.lines);
	free(map);
	html_table_free(&t);
}

/* Lists in lists, quotes in quotes: read EXTRACT_MAX_NEST levels deep. */
static void
block(struct xctx *x, struct unit *u, struct gather *g, cmark_node *n, enum ctx ctx,
    int sub)
{
	if (g->depth >= EXTRACT_MAX_NEST) {
		if (!g->toodeep++)
			article_diag(x->a, x_line(x, n), x_col(x, n), "nesting-depth",
			    "lists or quotes nested more than %d deep; the rest is ignored",
			    EXTRACT_MAX_NEST);
		return;
	}
	g->depth++;
	block_in(x, u, g, n, ctx, sub);
	g->depth--;
}

static void
block_in(struct xctx *x, struct unit *u, struct gather *g, cmark_node *n, enum ctx ctx,
    int sub)
{
	seen(x, u, g, n, ctx);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		paragraph(x, u, g, n, ctx, sub);
		return;
	case CMARK_NODE_LIST:
		list(x, u, g, n, ctx, sub);
		return;
	case CMARK_NODE_CODE_BLOCK:
		if (ctx == CTX_SOLUTION) {
			/* "Run the following:" and its command: the command is
			 * part of the fix. */
			const char *lit = cmark_node_get_literal(n);

			if (lit && *lit)
				assemble_one(x, u, g, EV_COMMAND, n, xstrdup(lit));
		} else if (cmark_node_get_user_data(n) == NULL && ctx != CTX_CAUSE)
			fence(x, u, g, n, 0, NULL);
		return;
	case CMARK_NODE_BLOCK_QUOTE:
		quote(x, u, g, n, ctx, sub);
		return;
	case CMARK_NODE_HTML_BLOCK:
		html_block(x, u, g, n);
		return;
	default:
		if (strcmp(cmark_node_get_type_string(n), "table") == 0) {
			struct evidence_v ev = {0};

			table_read(x, n, &ev);
			assemble_all(x, u, g, &ev);
		}
		return;
	}
}

/*
 * The message a heading quotes: four words or more in double quotes, or
 * two or more where the heading speaks of an error.  A new string, or NULL.
 */
static char *
heading_quote(const char *h)
{
	static const struct { const char *open, *close; } qs[] = {
		{ "\"", "\"" }, { "\xE2\x80\x9C", "\xE2\x80\x9D" },
		{ "\xE2\x80\x9E", "\xE2\x80\x9C" }, { "\xC2\xAB", "\xC2\xBB" },
		{ NULL, NULL }
	};

	for (int k = 0; qs[k].open; k++) {
		const char *s = strstr(h, qs[k].open), *e;
		char *m;
		size_t w;

		if (s == NULL)
			continue;
		s += strlen(qs[k].open);
		if ((e = strstr(s, qs[k].close)) == NULL || e - s < 12)
			continue;
		m = xstrndup(s, (size_t)(e - s));
		w = x_words(m);
		if (w >= 4 || (w >= 2 && prose_error_word(h)))
			return m;
		free(m);
	}
	return NULL;
}

/* "### SalBitmapError", "## Error: Replica is inconsistent". */
/*
 * What the unit's heading says (EV_HEADING): the codes it names (a
 * labelled code anywhere in it when the unit has text), whether it is
 * a label ("Error: ..."), a problem with Cause / Solution parts under
 * it, or a question quoting a message; with the first plain paragraph.
 */
static void
heading_read(struct xctx *x, struct unit *u, struct gather *g, struct evidence_v *out)
{
	struct evidence *ev;
	const char *h;

	if (u->section < 0)
		return;
	h = x->a->sections[u->section].text;
	ev = evidence_add(out, EV_HEADING, NULL);
	ev->off = x_heading_codes(x, u, &ev->codes);
	/* "Snapshot failed (ErrorID: 95107 & 95108)", "Job ends with exit
	 * code 511": a labelled code anywhere in the heading; the whole
	 * heading is the message. */
	if (ev->codes.ncodes == 0 && g->content) {
		codes_scan(h, &ev->codes);
		if (ev->codes.ncodes > 0) {
			ev->off = 0;
			ev->flags |= EVH_SCANNED;
		}
	}
	/* "## E1 – Sensor circuit open" under "# Fault codes": a device's
	 * short code leads the heading, its message after a dash, where the
	 * text says it lists codes. */
	if (ev->codes.ncodes == 0 && g->content && codes_context(x, u)) {
		size_t off = device_term(x, h, &ev->codes);

		const char *msg = ev->codes.ncodes > 0 ? term_message(h, h + off) : NULL;

		if (msg != NULL)
			ev->off = (size_t)(msg - h);
		else
			entry_clear(&ev->codes);
	}
	for (const char *const *w = vocab_list(WROLE_H_LABEL); *w; w++)
		if (text_iprefix(h, *w))
			ev->flags |= EVH_LABEL;
	/*
	 * A heading that names a problem, with Cause / Remediation parts
	 * under it: '## "Forbidden to access Key Vault" error occurs',
	 * '## Unable to connect to vCenter Server during validation' (the
	 * assembler, which has the unit's first paragraph, sees that one).
	 */
	if (g->ctxseen) {
		ev->flags |= EVH_CTXSEEN;
		if (strchr(h, '"') && prose_error_word(h))
			ev->flags |= EVH_PROBLEM;
	}
	if (g->symptomseen)
		ev->flags |= EVH_SYMPTOMSEEN;
	/* 'Why do I get "Workspace quota exceeded for this tenant"?' */
	if (g->content)
		ev->quote = heading_quote(h);
}

void
prose_unit(struct xctx *x, struct unit *u)
{
	struct gather g;
	struct evidence_v ev = {0};

	memset(&g, 0, sizeof(g));
	assembly_init(&g.as, x->a->nentries);
	for (size_t i = 0; i < u->nblocks; i++)
		block(x, u, &g, u->blocks[i].node, u->blocks[i].ctx, u->blocks[i].sub);
	/* The unit's end: what its heading says, then its loose text. */
	if (!u->symptom)
		heading_read(x, u, &g, &ev);
	evidence_add(&ev, EV_UNIT_TEXT, NULL);
	assemble_all(x, u, &g, &ev);
	assembly_free(&g.as);
	free(g.intro);
}
