/*
 * text.c: UTF-8 sanitizing, mojibake repair, white space and slugs.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

size_t
utf8_encode(unsigned c, char *o)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t
utf8_valid(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

unsigned
utf8_decode(const char *p, size_t *len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t n = utf8_valid(s, 4);
	unsigned cp;

	if (n <= 1) {
		*len = 1;
		return s[0];
	}
	*len = n;
	cp = s[0] & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

void
utf8_sanitize(const char *in, size_t n, struct buf *out, int *badline,
    int *nulline)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, run = 0, len;
	int line = 1;

	*badline = *nulline = 0;
	buf_add(out, "", 0);
	while (i < n) {
		if (s[i] == '\n')
			line++;
		if (s[i] == '\0') {
			if (!*nulline)
				*nulline = line;
			buf_add(out, in + run, i - run);
			run = ++i;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_valid(s + i, n - i);
		if (len) {
			i += len;
			continue;
		}
		if (!*badline)
			*badline = line;
		buf_add(out, in + run, i - run);
		buf_adds(out, "\xEF\xBF\xBD");
		run = ++i;
	}
	buf_add(out, in + run, n - run);
}

/*
 * Windows-1252 bytes 0x80..0x9F as Unicode, for mojibake that went through
 * cp1252 ("â€™").  0 where cp1252 has no character.
 */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* The byte that character c stood for when mis-decoded, or -1. */
static int
mis_byte(unsigned c)
{
	if (c >= 0xA0 && c <= 0xFF)
		return (int)c;
	if (c >= 0x80 && c < 0xA0)
		return (int)c;
	for (int i = 0; i < 32; i++)
		if (cp1252[i] == c)
			return 0x80 + i;
	return -1;
}

size_t
mojibake_repair(struct buf *b, int *line)
{
	struct buf out = {0};
	size_t i = 0, fixes = 0, len;
	int ln = 1;

	*line = 0;
	if (b->s == NULL)
		return 0;
	buf_add(&out, "", 0);
	while (i < b->len) {
		unsigned char c = (unsigned char)b->s[i];
		unsigned char bytes[4];
		size_t pos = i, want, k;
		int lead;

		if (c == '\n')
			ln++;
		if (c < 0xC2) {
			buf_addc(&out, (char)c);
			i++;
			continue;
		}
		/*
		 * A lead character whose mis-decoded byte is a UTF-8 lead,
		 * followed by characters whose bytes are continuations, and the
		 * bytes form one valid character: that is double encoding.
		 */
		lead = mis_byte(utf8_decode(b->s + pos, &len));
		want = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 :
		    lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
		if (want) {
			bytes[0] = (unsigned char)lead;
			pos += len;
			for (k = 1; k < want && pos < b->len; k++) {
				int cb = mis_byte(utf8_decode(b->s + pos, &len));

				if (cb < 0x80 || cb > 0xBF || (unsigned char)b->s[pos] < 0x80)
					break;
				bytes[k] = (unsigned char)cb;
				pos += len;
			}
			if (k == want && utf8_valid(bytes, want) == want) {
				buf_add(&out, (char *)bytes, want);
				if (!*line)
					*line = ln;
				fixes++;
				i = pos;
				continue;
			}
		}
		utf8_decode(b->s + i, &len);
		buf_add(&out, b->s + i, len);
		i += len;
	}
	if (fixes) {
		buf_free(b);
		*b = out;
	} else
		buf_free(&out);
	return fixes;
}

char *
text_collapse(const char *s)
{
	struct buf b = {0};
	int space = 0;

	/* Never longer than s: room for all of it at once. */
	b.cap = strlen(s) + 1;
	b.s = xmalloc(b.cap);
	b.s[0] = '\0';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c)) {
			space = b.len > 0;
			continue;
		}
		/* U+00A0 no-break space counts as white space. */
		if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
			space = b.len > 0;
			s++;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, (char)c);
	}
	return buf_take(&b);
}

/* Lower-case one code point: ASCII, Latin-1 and Latin Extended-A. */
static unsigned
lower_cp(unsigned c)
{
	if (c < 0x80)
		return (unsigned)tolower((int)c);
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	/* Latin Extended-A pairs capitals with small letters at even code
	 * points, but for Ĺ..Ň and Ź..Ž, where capitals are odd. */
	if ((c >= 0x100 && c <= 0x137 && c != 0x130) || (c >= 0x14A && c <= 0x177))
		return c | 1;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if (c == 0x178)
		return 0xFF;	/* Ÿ */
	/* Greek and Cyrillic capitals, as kbq folds them (kbq_norm.c) and
	 * as GitHub's anchors write them: "Код ошибки", "#код-ошибки". */
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	return c;
}

char *
text_lower(const char *s)
{
	struct buf b = {0};
	char enc[4];
	size_t len;

	buf_add(&b, "", 0);
	while (*s) {
		unsigned c = utf8_decode(s, &len);

		buf_add(&b, enc, utf8_encode(lower_cp(c), enc));
		s += len;
	}
	return buf_take(&b);
}

int
text_dash(const char *p)
{
	return p[0] == '\xE2' && p[1] == '\x80' && (p[2] == '\x93' ||
	    p[2] == '\x94');
}

int
text_unspaced(const char *s)
{
	size_t	 len;
	int	 n = 0;

	while (*s && n < 2) {
		unsigned c = utf8_decode(s, &len);

		n += (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) ||
		    (c >= 0x0E00 && c <= 0x0E7F);
		s += len;
	}
	return n >= 2;
}

/*
 * GitHub's rule: lower-case; drop everything but letters, digits, marks,
 * '-', '_' and spaces; each space becomes '-'.  Non-ASCII letters stay.
 */
void
text_slug(const char *s, struct buf *out)
{
	char enc[4];
	size_t len;

	while (*s) {
		unsigned c = utf8_decode(s, &len);

		s += len;
		if (c < 0x80) {
			if (isalnum((int)c) || c == '_' || c == '-')
				buf_addc(out, (char)tolower((int)c));
			else if (c == ' ')
				buf_addc(out, '-');
			continue;
		}
		/* Latin-1 symbols, general punctuation, CJK punctuation. */
		if ((c >= 0x80 && c <= 0xBF) || c == 0xD7 || c == 0xF7 ||
		    (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
		    c == 0xFFFD || (c >= 0x2190 && c <= 0x2BFF))
			continue;
		buf_add(out, enc, utf8_encode(lower_cp(c), enc));
	}
}

int
text_has_letter(const char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}
