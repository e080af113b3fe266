/*
 * kbq_norm.c: tokenize and fold text the same way for the index and the
 * query (see kbq_norm.h for the rules and why they exist).
 *
 * The scanner works in one pass over white-space separated chunks and
 * never allocates: a chunk is classified from its raw bytes, then cut into
 * runs of letters and digits, which are folded into a fixed buffer.  Runs
 * longer than the buffer are dropped whole, which bounds the work per byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kbq_norm.h"

#define NM_UP(c)	((c) >= 'A' && (c) <= 'Z')
#define NM_LO(c)	((c) >= 'a' && (c) <= 'z')
#define NM_DIG(c)	((c) >= '0' && (c) <= '9')
#define RUNMAX	128	/* code points in one run of letters and digits */

/* Character classes inside a run, for camelCase splitting. */
/* C_CJK: a Han ideograph or katakana, C_HIRA hiragana: of scripts
 * written without spaces (NM_CJK). */
enum { C_LOWER = 'l', C_UPPER = 'U', C_DIGIT = 'd', C_CJK = 'c', C_HIRA = 'h' };
#define NM_CJK(cls)	((cls) == C_CJK || (cls) == C_HIRA)

/*
 * Folding of U+00C0..U+017F to ASCII: the base letter, lower case.
 * "" marks the two symbols of the block (multiplication, division).
 */
static const char *const latin[192] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i",
	"i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u",
	"u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e",
	"e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o",
	"", "o", "u", "u", "u", "u", "y", "th", "y", "a", "a", "a", "a", "a",
	"a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d", "d", "d", "e",
	"e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g", "g",
	"g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l",
	"l", "l", "l", "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n",
	"n", "o", "o", "o", "o", "o", "o", "oe", "oe", "r", "r", "r", "r", "r",
	"r", "s", "s", "s", "s", "s", "s", "s", "s", "t", "t", "t", "t", "t",
	"t", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "u", "w",
	"w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/*
 * Decode one UTF-8 sequence at s (n > 0 bytes left).  Returns the code
 * point and sets *adv; returns -1 with *adv = 1 for an invalid byte, so
 * damaged text degrades into separators instead of stopping the scan.
 */
static long
nm_decode(const unsigned char *s, size_t n, size_t *adv)
{
	long	 c;
	size_t	 k, i;

	*adv = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 1, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 2, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 3, c = s[0] & 0x07;
	else
		return -1;
	if (k >= n)
		return -1;
	for (i = 1; i <= k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((k == 2 && c < 0x800) || (k == 3 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*adv = k + 1;
	return c;
}

static int
nm_isspace(long c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000 || c == 0x1680;
}

/* Marks that only decorate the previous letter, and invisible format
 * characters: dropped without cutting the word. */
static int
nm_isskip(long c)
{
	return (c >= 0x300 && c <= 0x36f) || c == 0xad || c == 0x200b ||
	    c == 0x200c || c == 0x200d || c == 0x2060 || c == 0xfeff ||
	    (c >= 0xfe00 && c <= 0xfe0f);
}

/*
 * Fold one code point into out (at least 4 bytes).  Returns the number of
 * bytes written, 0 when c separates words.  *cls gets the class.
 */
static size_t
nm_fold(long c, char *out, int *cls)
{
	const char	*s;
	size_t		 n;

	*cls = C_LOWER;
	if (c < 0x80) {
		if (c >= 'a' && c <= 'z') {
			out[0] = (char)c;
			return 1;
		}
		if (c >= 'A' && c <= 'Z') {
			*cls = C_UPPER;
			out[0] = (char)(c - 'A' + 'a');
			return 1;
		}
		if (c >= '0' && c <= '9') {
			*cls = C_DIGIT;
			out[0] = (char)c;
			return 1;
		}
		return 0;
	}
	if (c >= 0xc0 && c < 0x180) {
		s = latin[c - 0xc0];
		n = strlen(s);
		memcpy(out, s, n);
		if (c < 0xdf && c != 0xd7)
			*cls = C_UPPER;
		return n;
	}
	if (c == 0xaa || c == 0xba || c == 0xb5) {	/* ª º µ */
		out[0] = c == 0xaa ? 'a' : c == 0xba ? 'o' : 'u';
		return 1;
	}
	if (c < 0x180)
		return 0;		/* Latin-1 punctuation and symbols */
	/* General punctuation, symbols, arrows, dingbats, emoji. */
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xfe10 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff0f) ||
	    (c >= 0x1f000 && c <= 0x1faff) || c >= 0xe0000 ||
	    (c >= 0xe000 && c <= 0xf8ff))
		return 0;
	/* Kana and Han ideographs: words are not spaced, so a run of them
	 * is read two characters at a time (nm_flushrun). */
	if ((c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xff66 && c <= 0xff9f) || (c >= 0x20000 && c <= 0x2ffff))
		*cls = c >= 0x3040 && c <= 0x309f ? C_HIRA : C_CJK;
	/* Greek and Cyrillic capitals to lower case; other letters as they are. */
	if (c >= 0x391 && c <= 0x3a9)
		c += 0x20;
	else if (c >= 0x410 && c <= 0x42f)
		c += 0x20;
	else if (c >= 0x400 && c <= 0x40f)
		c += 0x50;
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

static int
nm_ishex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Does s[0..n) contain a GUID (8-4-4-4-12 hex digits)? */
static int
nm_hasguid(const char *s, size_t n)
{
	static const int	 grp[5] = { 8, 4, 4, 4, 12 };
	size_t			 i, j;
	int			 g, k;

	for (i = 0; i + 36 <= n; i++) {
		j = i;
		for (g = 0; g < 5; g++) {
			for (k = 0; k < grp[g]; k++, j++)
				if (!nm_ishex((unsigned char)s[j]))
					break;
			if (k < grp[g])
				break;
			if (g < 4 && s[j++] != '-')
				break;
		}
		if (g == 5)
			return 1;
	}
	return 0;
}

static int
nm_isquote(const unsigned char *s, size_t n, size_t *qlen)
{
	*qlen = 1;
	if (n >= 1 && (s[0] == '\'' || s[0] == '"' || s[0] == '`'))
		return 1;
	/* ‘ ’ “ ” „ (E2 80 98..9E) and « » (C2 AB, C2 BB) */
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x98 &&
	    s[2] <= 0x9e) {
		*qlen = 3;
		return 1;
	}
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0xab || s[1] == 0xbb)) {
		*qlen = 2;
		return 1;
	}
	return 0;
}

/* Does the quote at the end of s[0..n) close it? */
static int
nm_endquote(const unsigned char *s, size_t n)
{
	size_t	 q;

	if (n >= 1 && nm_isquote(s + n - 1, 1, &q))
		return 1;
	if (n >= 3 && nm_isquote(s + n - 3, 3, &q) && q == 3)
		return 1;
	if (n >= 2 && nm_isquote(s + n - 2, 2, &q) && q == 2)
		return 1;
	return 0;
}

/*
 * "Quill\Database\Exception\MassAssignmentException": a name qualified
 * by its namespaces, as PHP writes them, is no path: every part an
 * identifier in capitals first, parted by single backslashes.
 */
static int
nm_namespaced(const char *s, size_t n)
{
	size_t	 i;
	int	 start = 1;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\') {
			if (start)
				return 0;	/* "\\srv", "a\\b" */
			start = 1;
		} else if (start) {
			if (!(s[i] >= 'A' && s[i] <= 'Z'))
				return 0;
			start = 0;
		} else if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	}
	return !start;
}

/*
 * Is the chunk s[0..n) a value that changes from one occurrence of an
 * error to the next, so that its words must not take part in matching?
 * 1 for a quoted or braced value (which may still name a code:
 * "issuer_unavailable", {"code":"card_declined"}), 2 for a path, an
 * address or a GUID (which does not), 0 for neither.
 */
static int
nm_variable(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, slash = 0, q;

	/* Trailing sentence punctuation and leading brackets do not count. */
	while (n > 0 && strchr(".,;:!?)]>", s[n - 1]) != NULL)
		n--;
	while (n > 0 && strchr("([<", s[0]) != NULL)
		s++, u++, n--;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '/' || s[i] == '\\')
			slash++;
		else if (s[i] == '@' && memchr(s + i, '.', n - i) != NULL)
			return 2;	/* user@host.example */
		else if (s[i] == ':' && i + 2 < n && s[i + 1] == '/' &&
		    s[i + 2] == '/')
			return 2;	/* scheme://... */
	}
	if (slash >= 1 && nm_namespaced(s, n))
		return 0;		/* Quill\Http\TokenMismatchException */
	if (slash >= 2 || (slash && (s[0] == '/' || s[0] == '\\' || s[0] == '~')))
		return 2;		/* /var/log/x, C:\dir\file, ~/x */
	if (n >= 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/'))
		return 2;		/* C:\ */
	if (n >= 36 && nm_hasguid(s, n))
		return 2;
	if (s[0] == '{' || s[0] == '%' || s[n - 1] == '}')
		return 1;		/* {placeholder}, %s, %1, {"k":"v"} */
	if (n > 2 && nm_isquote(u, n, &q) && nm_endquote(u + q, n - q))
		return 1;		/* 'name', "value" */
	return 0;
}

/* Is the part p[0..n) of classes cls a word worth matching? */
static int
nm_wordlike(const int *cls, size_t n)
{
	size_t	 i;
	int	 digits = 0;

	if (cls[0] == C_DIGIT)
		return 0;		/* 46963, 7f3a2c, 0x1fc07 */
	for (i = 1; i < n; i++) {
		if (cls[i] == C_DIGIT)
			digits = 1;
		else if (digits)
			return 0;	/* x2k4q, v1beta: generated names */
	}
	return 1;
}

struct run {
	char	 buf[RUNMAX * 4 + 1];
	size_t	 off[RUNMAX + 1];	/* byte offset of each code point */
	int	 cls[RUNMAX];
	size_t	 n;			/* code points */
	int	 overflow;
};

struct scan {
	kbqn_fn	 fn;
	void	*arg;
	unsigned seq;
	int	 stop;
	int	 codes;		/* report code candidates too */
	int	 value;		/* ... of a value: the code-shaped ones only */
};

static void
nm_emitword(struct scan *sc, const struct run *r, size_t a, size_t b)
{
	char	 tok[KBQN_MAXTOK];
	size_t	 len = r->off[b] - r->off[a];

	if (b - a < 2 || len >= KBQN_MAXWORD || !nm_wordlike(r->cls + a, b - a))
		return;
	memcpy(tok, r->buf + r->off[a], len);
	tok[len] = '\0';
	if (sc->fn(sc->arg, KBQN_WORD, tok, len, sc->seq++))
		sc->stop = 1;
}

/* A kanji or katakana standing alone between hiragana: a word of one
 * character. */
static void
nm_emitchar(struct scan *sc, const struct run *r, size_t a)
{
	char	 tok[8];
	size_t	 len = r->off[a + 1] - r->off[a];

	memcpy(tok, r->buf + r->off[a], len);
	tok[len] = '\0';
	if (sc->fn(sc->arg, KBQN_WORD, tok, len, sc->seq++))
		sc->stop = 1;
}

/* Cut a finished run at camelCase humps and report the words. */
static void
nm_flushrun(struct scan *sc, struct run *r)
{
	size_t	 i, start = 0;

	if (r->n > 0 && NM_CJK(r->cls[0])) {
		/* Chinese and Japanese: every two adjacent characters are a
		 * word, so that a part of a sentence, cut short or worded
		 * around, meets the sentence's words (a run of one says too
		 * little alone). */
		/* Hiragana write Japanese particles and endings ("に",
		 * "しました"), the same in every sentence: they are left
		 * out, and the kanji and katakana between them read in pairs
		 * (更新に失敗しました -> 更新 失敗), one alone as itself (開). */
		for (i = 0; i < r->n && !sc->stop; i = start) {
			while (i < r->n && r->cls[i] == C_HIRA)
				i++;
			for (start = i; start < r->n && r->cls[start] != C_HIRA;
			    start++)
				;
			if (start - i == 1 && ((i > 0 && r->cls[i - 1] == C_HIRA) ||
			    (start < r->n && r->cls[start] == C_HIRA)))
				nm_emitchar(sc, r, i);
			for (; i + 1 < start && !sc->stop; i++)
				nm_emitword(sc, r, i, i + 2);
		}
	} else if (r->n > 0 && !r->overflow) {
		/* A run that starts with a digit is a number or a hex
		 * string (0x1FC07): one part, which nm_wordlike masks. */
		for (i = 1; i < r->n && !sc->stop && r->cls[0] != C_DIGIT; i++) {
			if (r->cls[i] == C_UPPER && r->cls[i - 1] != C_UPPER) {
				nm_emitword(sc, r, start, i);
				start = i;
			} else if (r->cls[i] == C_LOWER && i >= 2 &&
			    r->cls[i - 1] == C_UPPER && r->cls[i - 2] == C_UPPER &&
			    i - 1 > start) {
				nm_emitword(sc, r, start, i - 1);
				start = i - 1;
			}
		}
		if (!sc->stop)
			nm_emitword(sc, r, start, r->n);
	}
	r->n = 0;
	r->overflow = 0;
}

static int
nm_iscode(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static void
nm_code1(struct scan *sc, const char *s, size_t n)
{
	char	 tok[KBQN_MAXTOK];
	size_t	 i;
	int	 kind = KBQN_CODE;

	if (n < 2 || n >= sizeof(tok))
		return;
	for (i = 0; i < n; i++)
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-' || (i > 0 && s[i] >= 'A' && s[i] <= 'Z' &&
		    s[i - 1] >= 'a' && s[i - 1] <= 'z'))
			kind |= KBQN_SHAPED;
	if (sc->value) {
		if (!(kind & KBQN_SHAPED))
			return;
		kind |= KBQN_VALUE;
	}
	memcpy(tok, s, n);
	tok[n] = '\0';
	if (kbqn_code(tok, tok, sizeof(tok)) > 0 &&
	    sc->fn(sc->arg, kind, tok, n, sc->seq))
		sc->stop = 1;
}

/*
 * "FI 452", "ZFI_POST 420": a message class in capitals, one space and a
 * number of two to five digits, as ERP systems number their messages.
 * The length of the class (the space's offset), 0 when s is not one.
 */
static size_t
nm_classnum(const char *s, size_t n)
{
	size_t	 i, k;

	/* A hyphen may join parts of the class ("LMS-SC 351"). */
	for (i = 0; i < n && ((s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
	    (i > 0 && s[i] >= '0' && s[i] <= '9') || (i > 0 && s[i] == '-' &&
	    i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z')); i++)
		;
	if (i < 2 || i > 16 || i >= n || s[i] != ' ')
		return 0;
	for (k = i + 1; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		;
	return k == n && n - i - 1 >= 2 && n - i - 1 <= 5 ? i : 0;
}

/* Report the code candidates of a chunk: each identifier's runs of
 * [A-Za-z0-9_] (kbqn_nextident), and the whole identifier again when
 * '-' joins such runs (ORA-12154). */
static void
nm_codes(struct scan *sc, const char *s, size_t n)
{
	const char	*end = s + n, *w;
	size_t		 len, k, e;

	for (; !sc->stop && (w = kbqn_nextident(s, end, &len)) != NULL;
	    s = w + len) {
		for (k = 0; k < len && !sc->stop; k = e + 1) {
			for (e = k; e < len && w[e] != '-'; e++)
				continue;
			nm_code1(sc, w + k, e - k);
		}
		if (memchr(w, '-', len) != NULL && !sc->stop)
			nm_code1(sc, w, len);
	}
}

/* "#REF!", "(#DIV/0!)", "`#NAME?`.": a spreadsheet's error value, in
 * quotes or brackets or not, is one code candidate (kbqn_errvalue). */
static void
nm_errvalue(struct scan *sc, const char *s, size_t n)
{
	char	 tok[20];
	size_t	 k, i;

	while (n > 0 && (*s == '"' || *s == '\'' || *s == '`' || *s == '(' ||
	    *s == '[' || *s == '*')) {
		s++;
		n--;
	}
	if ((k = kbqn_errvalue(s, n)) == 0 || k >= sizeof(tok))
		return;
	for (i = k; i < n && strchr(".,;:)]\"'`*", s[i]) != NULL; i++)
		;
	if (i < n)
		return;		/* more than the value in the chunk */
	memcpy(tok, s, k);
	tok[k] = '\0';
	if (kbqn_code(tok, tok, sizeof(tok)) > 0 &&
	    sc->fn(sc->arg, KBQN_CODE | KBQN_SHAPED, tok, k, sc->seq))
		sc->stop = 1;
}

/* Fold a chunk and report its words and code candidates. */
#define NM_UNESC	1024	/* longest chunk whose escapes are read */

/* What CommonMark lets a backslash escape: ASCII punctuation, whatever
 * the locale. */
static int
nm_asciipunct(int c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	    (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

static void
nm_chunk(struct scan *sc, const char *s, size_t n)
{
	struct run	 r;
	size_t		 i, adv, w, k;
	long		 c;
	int		 cls;
	char		 tmp[4];

	char		 unesc[NM_UNESC];
	int		 v;

	/* Markdown's backslash escapes ("run\-instance", "\(HY000\)",
	 * "limit\_value") are pasted from the source as often as from the
	 * page: read them as the characters they stand for. */
	if (n < NM_UNESC && memchr(s, '\\', n) != NULL) {
		for (i = 0, k = 0; i < n; i++) {
			if (s[i] == '\\' && i + 1 < n && nm_asciipunct(s[i + 1]))
				i++;
			unesc[k++] = s[i];
		}
		s = unesc;
		n = k;
	}
	/* Before the variable parts: "#DIV/0!" is no path. */
	if (sc->codes)
		nm_errvalue(sc, s, n);
	if ((v = nm_variable(s, n)) != 0) {
		if (v == 1 && sc->codes) {
			sc->value = 1;
			nm_codes(sc, s, n);
			sc->value = 0;
		}
		return;
	}
	if (sc->codes)
		nm_codes(sc, s, n);
	r.n = 0;
	r.overflow = 0;
	r.off[0] = 0;
	for (i = 0; i < n && !sc->stop; i += adv) {
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII, the common case, without the general path. */
			c = (unsigned char)s[i];
			adv = 1;
		} else {
			c = nm_decode((const unsigned char *)s + i, n - i,
			    &adv);
			if (c >= 0 && nm_isskip(c))
				continue;
		}
		w = c < 0 ? 0 : nm_fold(c, tmp, &cls);
		if (w == 0) {
			nm_flushrun(sc, &r);
			continue;
		}
		/* Runs are of one kind: spaced scripts or CJK. */
		if (r.n > 0 && NM_CJK(cls) != NM_CJK(r.cls[0]))
			nm_flushrun(sc, &r);
		if (r.n == RUNMAX && NM_CJK(cls)) {
			/* A long sentence: its pairs so far, then on from its
			 * last character, which pairs with this one. */
			char	 last[4];
			size_t	 lw = r.off[r.n] - r.off[r.n - 1];
			int	 lc = r.cls[r.n - 1];

			memcpy(last, r.buf + r.off[r.n - 1], lw);
			nm_flushrun(sc, &r);
			memcpy(r.buf, last, lw);
			r.cls[0] = lc;
			r.off[1] = lw;
			r.n = 1;
		}
		if (r.n == RUNMAX) {
			r.overflow = 1;
			continue;
		}
		for (k = 0; k < w; k++)
			r.buf[r.off[r.n] + k] = tmp[k];
		r.cls[r.n] = cls;
		r.off[r.n + 1] = r.off[r.n] + w;
		r.n++;
	}
	if (!sc->stop)
		nm_flushrun(sc, &r);
}

/*
 * "FI 452": a chunk that is a message class, one space, and a chunk that
 * starts with its number make one more code candidate, joined as
 * kbqn_code() joins it.  prev is the previous chunk's start (SIZE_MAX
 * none); the current one is [i, j).
 */
static void
nm_joinclass(struct scan *sc, const char *text, size_t prev, size_t i,
    size_t j)
{
	char	 joined[KBQN_MAXTOK];
	size_t	 k, cl;

	if (prev == SIZE_MAX || i < 2 || text[i - 1] != ' ' ||
	    text[i - 2] == ' ')
		return;
	for (k = i; k < j && text[k] >= '0' && text[k] <= '9'; k++)
		;
	if (k < j && nm_iscode((unsigned char)text[k]))
		return;
	cl = i - 1 - prev;
	if (nm_classnum(text + prev, k - prev) != cl || k - prev >= sizeof(joined))
		return;
	memcpy(joined, text + prev, cl);
	memcpy(joined + cl, text + i, k - i);
	nm_code1(sc, joined, cl + (k - i));
}

static void
nm_scan(const char *text, size_t len, kbqn_fn fn, void *arg, int codes)
{
	struct scan	 sc;
	size_t		 i, j, adv, prev;
	long		 c;

	sc.fn = fn;
	sc.arg = arg;
	sc.seq = 0;
	sc.stop = 0;
	sc.codes = codes;
	sc.value = 0;
	for (i = 0, prev = SIZE_MAX; i < len && !sc.stop; ) {
		c = nm_decode((const unsigned char *)text + i, len - i, &adv);
		if (nm_isspace(c)) {
			i += adv;
			continue;
		}
		for (j = i; j < len; j += adv) {
			if ((unsigned char)text[j] < 0x80) {
				adv = 1;
				if (nm_isspace((unsigned char)text[j]))
					break;
				continue;
			}
			c = nm_decode((const unsigned char *)text + j, len - j,
			    &adv);
			if (nm_isspace(c))
				break;
		}
		nm_chunk(&sc, text + i, j - i);
		if (codes && !sc.stop)
			nm_joinclass(&sc, text, prev, i, j);
		prev = i;
		i = j;
	}
}

void
kbqn_scan(const char *text, size_t len, kbqn_fn fn, void *arg)
{
	nm_scan(text, len, fn, arg, 1);
}

void
kbqn_words(const char *text, size_t len, kbqn_fn fn, void *arg)
{
	nm_scan(text, len, fn, arg, 0);
}

size_t
kbqn_code(const char *code, char *out, size_t outsz)
{
	size_t	 i, n, o, sp;
	int	 c;

	while (*code == ' ' || *code == '\t')
		code++;
	n = strlen(code);
	while (n > 0 && (code[n - 1] == ' ' || code[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= outsz)
		return 0;
	if (code[0] == '#') {
		if (kbqn_errvalue(code, n) != n)
			return 0;
		for (i = 0; i < n; i++)
			out[i] = NM_UP(code[i]) ? (char)(code[i] - 'A' + 'a') : code[i];
		out[n] = '\0';
		return n;
	}
	/* A message class and its number are one code, written joined. */
	sp = nm_classnum(code, n);
	for (i = 0, o = 0; i < n; i++) {
		c = (unsigned char)code[i];
		if (sp > 0 && i == sp)
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || c == '.'))
			return 0;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return o;
}

/* kbq_norm.h */

enum { NM_FHEX = 1, NM_FSNAKE, NM_FALNUM, NM_FNUMDASH, NM_FCLASSNUM,
	NM_FCAMEL };

/*
 * "NotPartitionOwnerException", "LedgerEntryNotFound": letters only, a
 * capital first, three or more capitals each leading small letters.  The
 * form is that of the last such part ("Exception", "Found"): a class of
 * errors names its members so, where a program's or component's name
 * (AzureBackupPlugin) ends in a part no error of the KB does.  0 when s
 * is not one.
 */
static unsigned
nm_camel(const char *s, size_t n)
{
	size_t	 i, last = 0;
	unsigned h = 0;
	int	 humps = 0;

	if (!NM_UP(s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (!NM_UP(s[i]) && !NM_LO(s[i]))
			return 0;
		if (NM_UP(s[i]) && i + 1 < n && NM_LO(s[i + 1])) {
			humps++;
			last = i;
		}
	}
	if (humps < 3 || !NM_LO(s[n - 1]))
		return 0;
	for (i = last; i < n; i++)
		h = (h * 31 + (unsigned char)(s[i] | 0x20)) & 0xfffff;
	return NM_FCAMEL | h << 4;
}

unsigned
kbqn_form(const char *s, size_t n)
{
	size_t	 i, k, parts;

	if (n < 4 || n >= KBQN_MAXTOK)
		return 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 2; i < n && nm_ishex((unsigned char)s[i]); i++)
			;
		return i == n && n - 2 >= 6 ? NM_FHEX | (unsigned)(n - 2) << 4 : 0;
	}
	if (NM_UP(s[0])) {
		/* Capitals and '_': three parts at least, none empty. */
		for (i = 0, parts = 1; i < n && (NM_UP(s[i]) || NM_DIG(s[i]) ||
		    (s[i] == '_' && i + 1 < n && s[i - 1] != '_')); i++)
			parts += s[i] == '_';
		if (i == n && parts >= 3)
			return NM_FSNAKE;
		/* Capitals in '-'-joined parts, then a number. */
		for (i = 0; i < n && (NM_UP(s[i]) || (s[i] == '-' && i > 0 &&
		    i + 1 < n && s[i - 1] != '-')); i++)
			;
		if (i >= 3 && i < n && s[i - 1] == '-') {
			for (k = i; k < n && NM_DIG(s[k]); k++)
				;
			if (k == n && n - i >= 2)
				return NM_FCLASSNUM;
		}
	}
	if (NM_UP(s[0]) || NM_LO(s[0])) {
		for (i = 0; i < n && (NM_UP(s[i]) || NM_LO(s[i])); i++)
			;
		for (k = i; k < n && NM_DIG(s[k]); k++)
			;
		if (i >= 2 && k == n && n - i >= 3)
			return NM_FALNUM;
		if (i == n)
			return nm_camel(s, n);
	}
	if (NM_DIG(s[0])) {
		for (i = 0; i < n && NM_DIG(s[i]); i++)
			;
		for (k = i + 1; k < n && NM_DIG(s[k]); k++)
			;
		return i >= 3 && i < n && s[i] == '-' && k == n && k > i + 1 ?
		    NM_FNUMDASH : 0;
	}
	return 0;
}

/* kbq_norm.h */
const char *
kbqn_nextident(const char *s, const char *end, size_t *len)
{
	const char	*e;

	for (; s < end && !nm_iscode((unsigned char)*s); s++)
		;
	for (e = s; e < end && (nm_iscode((unsigned char)*e) ||
	    (*e == '-' && e + 1 < end && nm_iscode((unsigned char)e[1]))); e++)
		;
	*len = (size_t)(e - s);
	return s < end ? s : NULL;
}

/* kbq_norm.h */
size_t
kbqn_errvalue(const char *s, size_t n)
{
	size_t	 i;
	int	 slash = 0;

	if (n < 3 || s[0] != '#' || !NM_UP(s[1]))
		return 0;
	for (i = 2; i < n && i < 16 && (NM_UP(s[i]) || NM_DIG(s[i]) ||
	    s[i] == '/'); i++)
		slash |= s[i] == '/';
	if (i < n && (s[i] == '!' || s[i] == '?'))
		i++;
	else if (!slash)
		return 0;
	if (i < n && (NM_UP(s[i]) || NM_LO(s[i]) || NM_DIG(s[i]) || s[i] == '_'))
		return 0;
	return i;
}
