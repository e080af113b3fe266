/*
 * codes.c: error code shapes, and markers that introduce codes in text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "kbq_norm.h"
#include "text.h"
#include "vocab.h"

static int
all(const char *s, size_t n, int (*pred)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!pred((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int
is_code_char(int c)
{
	return isalnum(c) || c == '_';
}

static int
is_dotted_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

/* PascalCase with at least three humps: SalBitmapError, IoTHubUnauthorized. */
static int
is_pascal(const char *s, size_t n, int humps_needed)
{
	int humps = 1, lower = 0;

	if (n < 6 || !isupper((unsigned char)s[0]) || !all(s, n, isalnum))
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (islower((unsigned char)s[i]))
			lower = 1;
		if (isupper((unsigned char)s[i]) && islower((unsigned char)s[i - 1]))
			humps++;
	}
	return lower && humps >= humps_needed;
}

/*
 * A code of capitals and digits in parts joined by hyphens: a serial
 * after a prefix (ORA-00942, TSL-E207, FS-1240, E-21: one to ten
 * capitals, '-', at most two capitals, two digits or more; one capital
 * takes digits only), or a syslog mnemonic (SPANTREE-7-RECV_1Q_NON_TRUNK,
 * LINK-3-UPDOWN: three parts or more, one of them a number).  Returns
 * its length at s (at most n), 0 when s does not start with one that
 * ends there.
 */
static size_t
hyphen_code(const char *s, size_t n)
{
	size_t	i = 0, start, end = 0, segs = 0, lead = 0, caps, digits;
	int	number = 0, second = 0;

	while (i < n) {
		start = i;
		while (i < n && (isupper((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i]) || s[i] == '_'))
			i++;
		if (i == start)
			break;
		for (caps = start; caps < i && isupper((unsigned char)s[caps]); caps++)
			;
		for (digits = caps; digits < i && isdigit((unsigned char)s[digits]); digits++)
			;
		if (segs == 0)
			lead = caps == i ? i : 0;	/* capitals only */
		else if (segs == 1)
			second = digits == i && caps - start <= 2 && i - caps >= 2 &&
			    (lead >= 2 || caps == start);
		number |= segs > 0 && caps == start && digits == i;
		segs++;
		end = i;
		if (i + 1 < n && s[i] == '-' && (isupper((unsigned char)s[i + 1]) ||
		    isdigit((unsigned char)s[i + 1])))
			i++;
		else
			break;
	}
	if (lead < 1 || lead > 10 || segs < 2 ||
	    (end < n && (is_code_char((unsigned char)s[end]) || s[end] == '-')))
		return 0;
	if (segs == 2)
		return second ? end : 0;
	return lead >= 2 && number ? end : 0;
}

/* lower_snake_case: missing_scope, card_declined, not_in_channel (two
 * parts or more, six characters or more, letters first). */
static int
snake_code(const char *s, size_t n)
{
	size_t	i;
	int	under = 0;

	if (n < 6 || !islower((unsigned char)s[0]) || s[n - 1] == '_')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '_') {
			if (s[i - 1] == '_')
				return 0;
			under = 1;
		} else if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]))
			return 0;
	}
	return under;
}

/* "30183-1011", "30015-6": numbers joined by dashes, as installers
 * number their errors; not a date (2026-11, 2026-11-05) unless labelled,
 * where a code label puts it ("Error code 2026-11").  Its length at p, 0
 * when p does not start with one. */
static size_t
dashed_number(const char *p, int labelled)
{
	size_t	n = 0, g, groups = 0, len[3];

	for (;;) {
		for (g = 0; isdigit((unsigned char)p[n + g]); g++)
			;
		if (g == 0 || g > 6)
			return 0;
		len[groups++] = g;
		n += g;
		if (p[n] != '-' || groups == 3 || !isdigit((unsigned char)p[n + 1]))
			break;
		n++;
	}
	if (groups < 2 || isalnum((unsigned char)p[n]) || (!labelled &&
	    len[0] == 4 && len[1] == 2 && (groups == 2 || len[2] == 2)))
		return 0;
	return n;
}

/* The length of the code-shaped token at p: a run of code characters
 * (and dots), or a hyphenated serial (ORA-00942). */
static size_t
code_span(const char *p)
{
	size_t	n, h;

	if (*p == '#')		/* "#REF!", a spreadsheet's error value */
		return kbqn_errvalue(p, strnlen(p, 20));
	for (n = 0; is_code_char((unsigned char)p[n]) || p[n] == '.'; n++)
		;
	if (p[n] == '-' && (h = hyphen_code(p, strnlen(p, 80))) > n)
		return h;
	if (p[n] == '-' && (h = dashed_number(p, 0)) > n)
		return h;
	return n;
}

int
code_token(const char *s, size_t n, enum code_ctx ctx, enum code_form *form)
{
	size_t i;

	while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ':' ||
	    s[n - 1] == ';'))
		n--;
	if (n == 0 || n > 80)
		return 0;
	if (s[0] == '#') {
		if (kbqn_errvalue(s, n) != n)
			return 0;
		*form = CODE_SYMBOL;
		return 1;
	}
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    all(s + 2, n - 2, isxdigit) && n - 2 >= 4 && n - 2 <= 16) {
		*form = CODE_HEX;
		return 1;
	}
	if (all(s, n, isdigit)) {
		if (n < 2 || n > 10)
			return 0;
		*form = CODE_NUMBER;
		return 1;
	}
	if (isdigit((unsigned char)s[0]) && dashed_number(s, 0) == n &&
	    n < 80 && !isalnum((unsigned char)s[n])) {
		*form = CODE_SYMBOL;
		return 1;
	}
	/* SCREAMING_SNAKE: DOCKER_COMMAND_ERROR, MSSQLSERVER_18456. */
	if (isupper((unsigned char)s[0]) && memchr(s, '_', n) && n >= 5) {
		int ok = 1;

		for (i = 0; i < n; i++)
			if (!(isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
			    s[i] == '_'))
				ok = 0;
		if (ok) {
			*form = CODE_SYMBOL;
			return 1;
		}
	}
	/* Prefixed serial: AZFD0004, AADSTS50005, AZCM0000; one letter
	 * before four digits or more, as compilers number theirs (E0308,
	 * C4996), not a model's (A100).  A message catalogue's id may end
	 * in a severity letter (SQL0204N, IEC141I). */
	for (i = 0; i < n && isupper((unsigned char)s[i]); i++)
		;
	/* A vendor's prefix on a hexadecimal number: CG0x1104, AB0x8007000E. */
	if (i >= 2 && i <= 10 && n - i >= 6 && s[i] == '0' && s[i + 1] == 'x' &&
	    all(s + i + 2, n - i - 2, isxdigit)) {
		*form = CODE_SYMBOL;
		return 1;
	}
	if (((i >= 2 && n - i >= 3) || (i == 1 && n - i >= 4)) && i <= 10 &&
	    (all(s + i, n - i, isdigit) || (i >= 2 && n - i >= 4 &&
	    isupper((unsigned char)s[n - 1]) && all(s + i, n - i - 1, isdigit)))) {
		*form = CODE_SYMBOL;
		return 1;
	}
	if (hyphen_code(s, n) == n) {
		*form = CODE_SYMBOL;
		return 1;
	}
	/* lower_snake_case names parameters as often as errors: a code
	 * only where a code stands (a message's lead, a code column). */
	if (ctx != CODE_STRICT && snake_code(s, n)) {
		*form = CODE_SYMBOL;
		return 1;
	}
	if (is_pascal(s, n, 3) || (n > 9 && memcmp(s + n - 9, "Exception", 9) == 0 &&
	    all(s, n, is_dotted_char))) {
		*form = CODE_SYMBOL;
		return 1;
	}
	if (ctx == CODE_LEAD && is_pascal(s, n, 2)) {
		*form = CODE_SYMBOL;
		return 1;
	}
	/* A capital, a digit, then capitals and digits: the trouble codes of
	 * vehicles and devices (U1A07, B1C44), where a code stands. */
	if (ctx != CODE_STRICT && n >= 5 && n <= 8 &&
	    isupper((unsigned char)s[0]) && isdigit((unsigned char)s[1])) {
		int digits = 0, letter = 0;

		for (i = 1; i < n && (isupper((unsigned char)s[i]) ||
		    isdigit((unsigned char)s[i])); i++) {
			digits += isdigit((unsigned char)s[i]) != 0;
			letter |= isupper((unsigned char)s[i]) != 0;
		}
		if (i == n && digits >= 3 && letter) {
			*form = CODE_SYMBOL;
			return 1;
		}
	}
	/* A prefix and a serial in hexadecimal or mixed, where a code stands
	 * ("ODS-0C33: account locked"): capitals, '-', three to eight
	 * capitals and digits, two digits at least. */
	for (i = 0; i < n && isupper((unsigned char)s[i]); i++)
		;
	if (ctx != CODE_STRICT && i >= 2 && i <= 10 && i + 1 < n && s[i] == '-' &&
	    n - i - 1 >= 3 && n - i - 1 <= 8) {
		size_t k, digits = 0;

		for (k = i + 1; k < n && (isupper((unsigned char)s[k]) ||
		    isdigit((unsigned char)s[k])); k++)
			digits += isdigit((unsigned char)s[k]) != 0;
		if (k == n && digits >= 2) {
			*form = CODE_SYMBOL;
			return 1;
		}
	}
	if (ctx == CODE_COLUMN) {
		/* A short token or phrase in a code column is a code as written:
		 * "Timeout", "Bad Request", "Felaktig begäran". */
		int words = 1;

		for (i = 0; i < n; i++)
			if (s[i] == ' ')
				words++;
		if (words <= 3 && n <= 40 && (isalnum((unsigned char)s[0]) ||
		    (unsigned char)s[0] >= 0x80)) {
			*form = CODE_SYMBOL;
			return 1;
		}
	}
	return 0;
}

static void
code_norm(const char *s, size_t n, struct buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < n; i++)
		buf_addc(out, (char)tolower((unsigned char)s[i]));
}

int
code_add_token(struct entry *e, const char *s, size_t n, enum code_ctx ctx)
{
	enum code_form form;
	struct buf w = {0}, norm = {0};
	int added = 0;

	while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ':' ||
	    s[n - 1] == ';'))
		n--;
	if (code_token(s, n, ctx, &form)) {
		buf_add(&w, s, n);
		code_norm(s, n, &norm);
		/* Words that stand for no value ("none", "n/a", "multiple")
		 * are never codes. */
		if (!vocab_has(WROLE_PLACEHOLDER, norm.s))
			added = entry_add_code(e, w.s, norm.s, form);
	}
	buf_free(&w);
	buf_free(&norm);
	return added;
}

void
code_add_cell(struct entry *e, const char *t)
{
	enum code_form form;
	const char *p = t;
	int all_codes = 1, n_tok = 0;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == ',' || *p == '/')
			p++;
		for (n = 0; p[n] && p[n] != ' ' && p[n] != ',' && p[n] != '/'; n++)
			;
		if (n == 0)
			break;
		n_tok++;
		if (!code_token(p, n, CODE_STRICT, &form) &&
		    !(n_tok > 1 && is_pascal(p, n, 2)))
			all_codes = 0;
		p += n;
	}
	if (!all_codes || n_tok < 2) {
		/* One digit is a count elsewhere, but in a code column an
		 * exit code. */
		if (t[0] >= '0' && t[0] <= '9' && t[1] == '\0')
			entry_add_code(e, t, t, CODE_NUMBER);
		else
			code_add_token(e, t, strlen(t), CODE_COLUMN);
		return;
	}
	for (p = t; *p; ) {
		size_t n;

		while (*p == ' ' || *p == ',' || *p == '/')
			p++;
		for (n = 0; p[n] && p[n] != ' ' && p[n] != ',' && p[n] != '/'; n++)
			;
		if (n && !code_add_token(e, p, n, CODE_STRICT) && is_pascal(p, n, 2)) {
			char *w = xstrndup(p, n), *l = text_lower(w);

			entry_add_code(e, w, l, CODE_SYMBOL);
			free(w);
			free(l);
		}
		p += n;
	}
}

/* Skip spaces and the separators written between a marker and a code. */
static const char *
skip_sep(const char *p)
{
	while (*p == ' ' || *p == ':' || *p == '=' || *p == '#' || *p == '\t')
		p++;
	return p;
}

/* As skip_sep(), and the '-' of "ErrorCode-FileFaultFault". */
static const char *
skip_sym_sep(const char *p)
{
	while (*p == ' ' || *p == ':' || *p == '=' || *p == '-' || *p == '\t')
		p++;
	return p;
}

static int
word_start(const char *text, const char *p)
{
	return p == text || !isalnum((unsigned char)p[-1]);
}

/* EACCES, ENOENT, EINTEGRITY: 'E' and three capitals or more. */
static int
errno_name(const char *s, size_t n)
{
	if (n < 4 || n > 24 || s[0] != 'E')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A word that joins codes in a list ("or", "eller"), with the space
 * after it: its length, else 0. */
static size_t
code_joiner(const char *p)
{
	for (const char *const *w = vocab_list(WROLE_CODE_JOIN); *w; w++) {
		size_t n = strlen(*w);

		if (text_iprefix(p, *w) && p[n] == ' ')
			return n + 1;
	}
	return 0;
}

/*
 * Into set, the bytes (folded to lower case) the markers of list start
 * with.  codes_scan() tries every marker at every word start of every
 * passage; a word whose first byte starts no marker can skip them all,
 * which text_iprefix() would have refused one by one.
 */
static void
first_bytes(const char *const *list, unsigned char set[256])
{
	memset(set, 0, 256);
	for (int i = 0; list[i]; i++) {
		if (list[i][0] == '\0') {
			memset(set, 1, 256);	/* "" starts everything */
			return;
		}
		set[(unsigned char)tolower((unsigned char)list[i][0])] = 1;
	}
}

/* Whether the code at p, after "word[" in text, is one (added to e). */
static int
bracketed_code(const char *text, const char *p, struct entry *e)
{
	const char *w = p - 1;
	size_t n;
	char *word;
	enum role r;

	while (w > text && isalpha((unsigned char)w[-1]))
		w--;
	for (n = 0; is_code_char((unsigned char)p[n]); n++)
		;
	if (w == p - 1 || p[n] != ']')
		return 0;
	word = xstrndup(w, (size_t)(p - 1 - w));
	r = vocab_role(word);
	free(word);
	return r == ROLE_ERROR && code_add_token(e, p, n, CODE_STRICT);
}

void
codes_scan(const char *text, struct entry *e)
{
	const char *const *num_markers = vocab_list(WROLE_CODE_LABEL);
	const char *const *sym_markers = vocab_list(WROLE_CODE_LABEL_SYM);
	const char *p;
	unsigned char num_first[256], sym_first[256];

	/* .NET and Java exception names: System.InvalidOperationException. */
	for (p = text; (p = strstr(p, "Exception")) != NULL; p += 9) {
		const char *s = p, *q = p + 9;

		while (s > text && is_dotted_char((unsigned char)s[-1]))
			s--;
		if (!is_dotted_char((unsigned char)*q) && q - s > 9 && isalpha((unsigned char)*s))
			code_add_token(e, s, (size_t)(q - s), CODE_STRICT);
	}
	first_bytes(num_markers, num_first);
	first_bytes(sym_markers, sym_first);
	for (p = text; *p; p++) {
		const char *q;
		size_t n;
		int found;
		unsigned char c0 = (unsigned char)tolower((unsigned char)*p);

		/* "#REF!", "#N/A": a spreadsheet's error value. */
		if (*p == '#' && (p == text || !isalnum((unsigned char)p[-1])) &&
		    (n = kbqn_errvalue(p, strnlen(p, 20))) > 0) {
			code_add_token(e, p, n, CODE_STRICT);
			p += n - 1;
			continue;
		}
		if (!word_start(text, p))
			continue;
		/* 0x1FC07, [0x1FC07], 0x80070002, 0x80070003 */
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			for (q = p + 2; isxdigit((unsigned char)*q); q++)
				;
			if (!isalnum((unsigned char)*q))
				code_add_token(e, p, (size_t)(q - p), CODE_STRICT);
			continue;
		}
		/* "An error occurred (AccessDenied) when calling ...": a
		 * name in parentheses, written as codes are; but not
		 * "(IMAGE_ID)", a placeholder for a value. */
		if (p > text && p[-1] == '(' && isupper((unsigned char)p[0])) {
			int lower = 0;

			for (n = 0; is_code_char((unsigned char)p[n]); n++)
				lower |= islower((unsigned char)p[n]);
			if (p[n] == ')' && (lower || !memchr(p, '_', n)) &&
			    code_add_token(e, p, n, CODE_LEAD))
				continue;
		}
		/* "error[E0611]", "warning[W0104]": a compiler's code in
		 * brackets right after an error word. */
		if (p > text && p[-1] == '[' && isalpha((unsigned char)p[0]) &&
		    bracketed_code(text, p, e))
			continue;
		/* (407), (404) Not Found: an HTTP status in parentheses. */
		if (p > text && p[-1] == '(' && isdigit((unsigned char)p[0]) &&
		    (p[0] == '4' || p[0] == '5') && isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2]) && p[3] == ')') {
			entry_add_code(e, (char[]){p[0], p[1], p[2], 0},
			    (char[]){p[0], p[1], p[2], 0}, CODE_HTTP);
			continue;
		}
		if (c0 == 'h' && text_iprefix(p, "http") && (p[4] == ' ' || p[4] == '/')) {
			for (q = p + 4; *q == ' ' || *q == '/' || *q == '1' || *q == '.'; q++)
				if (*q == ' ')
					break;
			q = skip_sep(q);
			if (isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) &&
			    isdigit((unsigned char)q[2]) && !isalnum((unsigned char)q[3]) &&
			    (q[0] == '4' || q[0] == '5'))
				entry_add_code(e, (char[]){q[0], q[1], q[2], 0},
				    (char[]){q[0], q[1], q[2], 0}, CODE_HTTP);
			continue;
		}
		/* "code":"X" in JSON payloads. */
		if (c0 == '"' && text_iprefix(p, "\"code\"")) {
			q = p + 6;
			while (*q == ' ' || *q == ':')
				q++;
			if (*q == '"') {
				const char *r = strchr(q + 1, '"');

				if (r)
					code_add_token(e, q + 1, (size_t)(r - q - 1), CODE_COLUMN);
			}
			continue;
		}
		for (int i = 0; num_first[c0] && num_markers[i]; i++) {
			size_t ml;

			if (!text_iprefix(p, num_markers[i]) ||
			    isalnum((unsigned char)p[ml = strlen(num_markers[i])]))
				continue;
			q = skip_sep(p + ml);
			if (q == p + ml && ml <= 2)
				break;	/* "ID" must be followed by ':' or space */
			/* "error -2147023170": a signed HRESULT; lookups see
			 * the digits. */
			if (*q == '-' && q > p + ml && isdigit((unsigned char)q[1]))
				q++;
			/* "Fehler WOS-507", "error ORA-00942": a serial. */
			if (q > p + ml && (n = hyphen_code(q, strnlen(q, 80))) > 0) {
				code_add_token(e, q, n, CODE_STRICT);
				break;
			}
			/* "SQLSTATE 58P91", "error 42P01": a SQLSTATE, five
			 * digits and capitals led by a digit. */
			for (n = 0; n < 5 && (isdigit((unsigned char)q[n]) ||
			    isupper((unsigned char)q[n])); n++)
				;
			if (n == 5 && isdigit((unsigned char)q[0]) &&
			    !isalnum((unsigned char)q[5]) && !all(q, 5, isdigit)) {
				code_add_token(e, q, 5, CODE_COLUMN);
				break;
			}
			/* "ErrorID: 95107 & 95108", "Error 404, 409": a list. */
			found = 0;
			for (int more = 0; more < 8; more++) {
				for (n = 0; isdigit((unsigned char)q[n]); n++)
					;
				/* "Error code 0-1011 or 30183-1011": numbers
				 * joined by dashes, as installers write theirs. */
				if (q[n] == '-') {
					size_t k = dashed_number(q, 1);

					if (k > 0) {
						char *w = xstrndup(q, k);

						entry_add_code(e, w, w, CODE_SYMBOL);
						free(w);
						found++;
						q += k;
						while (*q == ' ')
							q++;
						if ((n = code_joiner(q)) > 0) {
							for (q += n; *q == ' '; q++)
								;
							continue;
						}
						break;
					}
				}
				if (n < 2 || n > 10 || isalnum((unsigned char)q[n]) ||
				    (q[n] == '.' && isdigit((unsigned char)q[n + 1])) ||
				    (q[n] == ',' && isdigit((unsigned char)q[n + 1])))
					break;
				code_add_token(e, q, n, CODE_STRICT);
				found++;
				q += n;
				while (*q == ' ')
					q++;
				if (*q == '&' || *q == ',' || *q == '/')
					q++;
				else if ((n = code_joiner(q)) > 0)
					q += n;	/* "error 4013 or 4014" */
				else
					break;
				for (; *q == ' '; q++)
					;
			}
			if (found)
				break;
		}
		for (int i = 0; sym_first[c0] && sym_markers[i]; i++) {
			size_t ml;

			if (!text_iprefix(p, sym_markers[i]) ||
			    isalnum((unsigned char)p[ml = strlen(sym_markers[i])]))
				continue;
			q = p + ml;
			while (*q == ' ')
				q++;
			if (*q != ':' && *q != '=' && !(*q == '-' && q == p + ml)) {
				/* "npm ERR! code E_TIMEOUT": a clear code shape
				 * needs no colon. */
				for (n = 0; is_code_char((unsigned char)q[n]); n++)
					;
				if (q > p + ml && n >= 3 && !isalnum((unsigned char)q[n]) &&
				    !snake_code(q, n) &&	/* "code local_path": a name */
				    !code_add_token(e, q, n, CODE_STRICT) && errno_name(q, n))
					/* "ERR! code EINTEGRITY": named as errno names */
					code_add_token(e, q, n, CODE_COLUMN);
				break;
			}
			q = skip_sym_sep(q);
			if (*q == '`' || *q == '"' || *q == '\'')
				q++;
			for (n = 0; is_code_char((unsigned char)q[n]) || q[n] == '.'; n++)
				;
			if (n >= 3 && isalpha((unsigned char)q[0]))
				code_add_token(e, q, n, CODE_COLUMN);
			break;
		}
	}
}

/*
 * "sessionExpired = 1003", "E_LOCKED = 0x2A": an enum member and its
 * value, as SDK references define their errors.  Both are codes; the
 * length read, or 0 when p holds no such pair.
 */
static size_t
enum_member(const char *p, struct entry *e)
{
	const char *q = p, *name;
	size_t nn, nv;
	enum code_form form;
	char *w, *l;

	while (*q == '`' || *q == '*')
		q++;
	name = q;
	for (nn = 0; is_code_char((unsigned char)q[nn]); nn++)
		;
	if (nn < 3 || !isalpha((unsigned char)name[0]))
		return 0;
	for (q += nn; *q == '`' || *q == '*' || *q == ' '; q++)
		;
	if (*q++ != '=')
		return 0;
	while (*q == ' ' || *q == '`' || *q == '*')
		q++;
	nv = code_span(q);
	/* "scanWindow = 30" sets a value: an error's number has three
	 * digits or more. */
	if (nv == 0 || !code_token(q, nv, CODE_STRICT, &form) ||
	    (form != CODE_HEX && (form != CODE_NUMBER || nv < 3)))
		return 0;
	code_add_token(e, q, nv, CODE_STRICT);
	if (!code_add_token(e, name, nn, CODE_STRICT)) {
		w = xstrndup(name, nn);
		l = text_lower(w);
		entry_add_code(e, w, l, CODE_SYMBOL);
		free(w);
		free(l);
	}
	for (q += nv; *q == '`' || *q == '*'; q++)
		;
	return (size_t)(q - p);
}

/*
 * "F34 – Defrost failed", "E1: Low water pressure": one letter and one
 * to three digits leading a heading or term where the text speaks of
 * errors, a dash or colon and words
 * after it, are a device's code (a model, "A100", stands alone or in a
 * sentence).  So are two letters the second a capital, as a display of
 * seven segments spells them, and a digit after them ("UE – Unbalanced
 * load", "dE1 – Door lock fault"; "Tip – ..." is a word).  Added to e; 1 if so.
 */
static int
short_lead(const char *p, size_t n, struct entry *e)
{
	const char *q = p + n;
	char *w, *l;

	if (!(n >= 2 && n <= 4 && isupper((unsigned char)p[0]) &&
	    all(p + 1, n - 1, isdigit)) && !((n == 2 || (n == 3 &&
	    isdigit((unsigned char)p[2]))) && isalpha((unsigned char)p[0]) &&
	    isupper((unsigned char)p[1])))
		return 0;
	while (*q == ' ')
		q++;
	if (*q == ':' || *q == '-')
		q++;
	else if (text_dash(q))
		q += 3;
	else
		return 0;
	if (*q != ' ' || !(isalpha((unsigned char)q[1]) || (unsigned char)q[1] >= 0x80))
		return 0;
	w = xstrndup(p, n);
	l = text_lower(w);
	entry_add_code(e, w, l, CODE_SYMBOL);
	free(w);
	free(l);
	return 1;
}

/*
 * "FI 452 – No payment method", "ZFI_POST 420 (Warning)": a message class
 * in capitals and its number leading a heading, as ERP systems number
 * their messages: one code as written, which the index joins ("fi452",
 * kbqn_code()).  Added to e; its length, 0 if it is not one.
 */
size_t
codes_class_lead(const char *p, struct entry *e)
{
	size_t i, k;
	char *w, *l;

	for (i = 0; isupper((unsigned char)p[i]) || p[i] == '_' ||
	    (i > 0 && isdigit((unsigned char)p[i])); i++)
		;
	if (i < 2 || i > 16 || p[i] != ' ')
		return 0;
	for (k = i + 1; isdigit((unsigned char)p[k]); k++)
		;
	if (k - i - 1 < 2 || k - i - 1 > 5 || (p[k] != '\0' && p[k] != ' ' &&
	    p[k] != ':' && p[k] != '('))
		return 0;
	w = xstrndup(p, k);
	/* "HTTP 401": a marker before a number (codes_scan()) names the
	 * number, not a class. */
	{
		struct entry tmp = {0};
		char *num = xstrndup(p + i + 1, k - i - 1);
		int marked;

		codes_scan(w, &tmp);
		marked = entry_has_code(&tmp, num);
		entry_clear(&tmp);
		free(num);
		if (marked) {
			free(w);
			return 0;
		}
	}
	l = text_lower(w);
	entry_add_code(e, w, l, CODE_SYMBOL);
	free(w);
	free(l);
	return k;
}

/* p past what separates a heading's codes from its text: blanks, dashes,
 * colons, markup. */
static const char *
past_separators(const char *p)
{
	for (;;)
		if (*p == ' ' || *p == '-' || *p == ':' || *p == '*' || *p == '`')
			p++;
		else if (text_dash(p))
			p += 3;
		else
			return p;
}

/*
 * "Error code: X" and friends: the code follows the label.  A code label
 * ("Error code X", "Exit code X") needs no colon, an error word ("Error:
 * X") does; the longest label that fits wins.  Returns p past the label
 * and its separators, p itself when it starts with none.
 */
const char *
code_label_end(const char *p)
{
	const char *const *lead = vocab_list(WROLE_CODE_LABEL);
	const char *q;
	size_t best = 0;
	enum code_form form;

	for (int i = 0; lead[i]; i++) {
		size_t ml = strlen(lead[i]);
		enum role r;
		int colon = 0;

		if (ml <= best || !text_iprefix(p, lead[i]) || (p[ml] != ':' &&
		    p[ml] != ' ' && !(p[ml] == '.' && p[ml + 1] == ' ')))
			continue;
		if ((r = vocab_role(lead[i])) != ROLE_CODE && r != ROLE_ERROR)
			continue;
		for (q = p + ml; *q == ' ' || *q == ':' || *q == '.'; q++)
			colon |= *q == ':';
		/* "Fehler WOS-507: ...": an error word needs no colon before
		 * a code of a clear shape. */
		if (colon || r == ROLE_CODE ||
		    (code_span(q) > 0 && code_token(q, code_span(q), CODE_STRICT, &form) &&
		    form != CODE_NUMBER))
			best = ml;
	}
	if (best)
		for (p += best; *p == ' ' || *p == ':' || *p == '.'; p++)
			;
	return p;
}

size_t
codes_heading(const char *text, struct entry *e)
{
	const char *p = text, *q;
	size_t enm, cn;

	/* "error[T0611]: cyclic feature activation", as compilers write. */
	for (q = p; isalpha((unsigned char)*q); q++)
		;
	if (*q == '[' && q > p && bracketed_code(p, q + 1, e)) {
		for (q++; *q != ']'; q++)
			;
		for (q++; *q == ' ' || *q == ':'; q++)
			;
		return (size_t)(q - text);
	}
	p = code_label_end(p);
	enm = enum_member(p, e);
	p += enm;
	/* One or two leading code tokens, joined by '/', ',' or space. */
	for (int k = 0; k < 3 && enm == 0; k++) {
		size_t n;

		/* ... and "1001 — POOL_CLEARED": a number, a dash, its name. */
		while (*p == ' ' || *p == '/' || *p == ',' || *p == '*' || *p == '`' ||
		    (*p == '%' && isupper((unsigned char)p[1])) || (k > 0 && text_dash(p) &&
		    (p += 2)))
			p++;
		/* "Error code 0-1011 or 30183-1011": a joiner before a
		 * second code (not before words: "E1 or later"). */
		if (k > 0 && (n = code_joiner(p)) > 0 && code_span(p + n) > 0)
			p += n;
		if ((n = code_span(p)) == 0)
			break;
		if (k == 0 && (cn = codes_class_lead(p, e)) > 0)
			n = cn;
		else if (!code_add_token(e, p, n, CODE_STRICT)) {
			/* "401007 VaultUnauthorized": a number, then its name. */
			if (k == 1 && e->ncodes && e->codes[e->ncodes - 1].form == CODE_NUMBER &&
			    is_pascal(p, n, 2)) {
				char *w = xstrndup(p, n), *l = text_lower(w);

				entry_add_code(e, w, l, CODE_SYMBOL);
				free(w);
				free(l);
			} else
				break;
		}
		p += n;
	}
	/* "OperationCancelledBecauseX UserError": a code with a stray space. */
	if (e->ncodes == 1 && *p == ' ' && isupper((unsigned char)p[1])) {
		size_t n;

		for (n = 1; isalnum((unsigned char)p[n]); n++)
			;
		if (p[n] == '\0' && n > 3) {
			struct buf j = {0};

			buf_adds(&j, e->codes[0].written);
			buf_add(&j, p + 1, n - 1);
			code_add_token(e, j.s, j.len, CODE_STRICT);
			buf_free(&j);
			p += n;
		}
	}
	return (size_t)(past_separators(p) - text);
}

size_t
codes_term(const char *text, struct entry *e)
{
	size_t off = codes_heading(text, e), n;
	const char *p = text;

	if (e->ncodes > 0)
		return off;
	while (*p == ' ' || *p == '*' || *p == '`')
		p++;
	p = code_label_end(p);		/* "Code L9 – Firmware update failed" */
	if ((n = code_span(p)) == 0 || !short_lead(p, n, e))
		return off;
	return (size_t)(past_separators(p + n) - text);
}
