/*
 * t_kbc_text.c: input hygiene and text transforms (text.c), and the
 * header vocabulary (vocab.c) in the three languages the docs use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "vocab.h"
#include "tap.h"

static void
sanitize_is(const char *what, const char *in, size_t n, const char *want, int wbad,
    int wnul)
{
	struct buf out = {0};
	int bad = -1, nul = -1;

	utf8_sanitize(in, n, &out, &bad, &nul);
	if (!ok(out.s && strcmp(out.s, want) == 0 && out.len == strlen(want) &&
	    bad == wbad && nul == wnul, "utf8_sanitize: %s", what))
		printf("#   got '%s' (len %zu) bad line %d nul line %d\n", out.s ? out.s : "(null)",
		    out.len, bad, nul);
	buf_free(&out);
}

#define FFFD "\xEF\xBF\xBD"

static void
t_sanitize(void)
{
	sanitize_is("clean text unchanged", "Lösning: åtgärd\n", strlen("Lösning: åtgärd\n"), "Lösning: åtgärd\n", 0, 0);
	sanitize_is("lone continuation byte", "a\n\x80z", 4, "a\n" FFFD "z", 2, 0);
	sanitize_is("truncated sequence at the end", "ok\xC3", 3, "ok" FFFD, 1, 0);
	sanitize_is("overlong '/' rejected", "x\xC0\xAFy", 4, "x" FFFD FFFD "y", 1, 0);
	sanitize_is("UTF-16 surrogate rejected", "\xED\xA0\x80", 3, FFFD FFFD FFFD, 1, 0);
	sanitize_is("Latin-1 byte", "caf\xE9\n", 5, "caf" FFFD "\n", 1, 0);
	sanitize_is("NUL bytes dropped, line reported", "a\nb\n\0c\0", 7, "a\nb\nc", 0, 3);
	{
		/* U+FFFD is at least one per bad sequence: count them. */
		struct buf out = {0};
		int bad, nul;
		size_t k = 0;

		utf8_sanitize("\xFF\xFE\xFD", 3, &out, &bad, &nul);
		for (const char *p = out.s; p && (p = strstr(p, FFFD)); p += 3)
			k++;
		ok(k == 3, "utf8_sanitize: each invalid byte becomes one U+FFFD (got %zu)", k);
		buf_free(&out);
	}
}

static void
mojibake_is(const char *what, const char *in, const char *want, size_t wfix, int wline)
{
	struct buf b = {0};
	int line = -1;
	size_t fixes;

	buf_adds(&b, in);
	fixes = mojibake_repair(&b, &line);
	if (!ok(strcmp(b.s, want) == 0 && (wfix ? fixes >= 1 : fixes == 0) &&
	    (!wfix || line == wline), "mojibake_repair: %s", what))
		printf("#   got '%s', %zu repairs, line %d\n", b.s, fixes, line);
	buf_free(&b);
}

static void
t_mojibake(void)
{
	mojibake_is("Swedish", "# Rubrik\nLÃ¶sning fÃ¶r felet\n", "# Rubrik\nLösning för felet\n", 1, 2);
	mojibake_is("Windows-1252 quote", "The vault isnâ€™t valid", "The vault isn’t valid", 1, 1);
	mojibake_is("German", "\n\nMaÃŸnahme", "\n\nMaßnahme", 1, 3);
	mojibake_is("correct text untouched", "Åsa Öberg, naïve café, Maßnahme, “quoted”",
	    "Åsa Öberg, naïve café, Maßnahme, “quoted”", 0, 0);
	mojibake_is("ASCII untouched", "plain ASCII text", "plain ASCII text", 0, 0);
}

static void
slug_is(const char *text, const char *want)
{
	struct buf b = {0};

	buf_add(&b, "", 0);
	text_slug(text, &b);
	if (!ok(strcmp(b.s, want) == 0, "text_slug(\"%s\") = \"%s\"", text, want))
		printf("#   got '%s'\n", b.s);
	buf_free(&b);
}

static void
t_slug(void)
{
	slug_is("Vault credentials aren't valid", "vault-credentials-arent-valid");
	slug_is("Error 0x1FC07 (ID: 34513)", "error-0x1fc07-id-34513");
	slug_is("Lösning för fel", "lösning-för-fel");
	slug_is("Fehler: Maßnahme", "fehler-maßnahme");
	slug_is("UserError_Vault-Missing", "usererror_vault-missing");
	slug_is("A & B", "a--b");
	slug_is("“Quoted” — dash", "quoted--dash");
}

static void
t_text(void)
{
	char *s = text_collapse("  a \t\n b\xC2\xA0 c  ");

	ok(strcmp(s, "a b c") == 0, "text_collapse: blanks, tabs, newlines, NBSP");
	free(s);
	s = text_lower("ÅÄÖ ÜSS Abc");
	ok(strcmp(s, "åäö üss abc") == 0, "text_lower: Latin-1 capitals");
	free(s);
	ok(text_iprefix("ERROR code", "error") && !text_iprefix("err", "error"),
	    "text_iprefix");
}

static void
role_is(const char *text, enum role want)
{
	enum role r = vocab_role(text);

	if (!ok(r == want, "vocab_role(\"%s\") = %d", text, want))
		printf("#   got %d\n", r);
}

static void
t_vocab(void)
{
	role_is("Error message", ROLE_MESSAGE);
	role_is("**Error message**", ROLE_MESSAGE);
	role_is("Error Message:", ROLE_MESSAGE);
	role_is("Felmeddelande", ROLE_MESSAGE);
	role_is("Fehlermeldung", ROLE_MESSAGE);
	role_is("Error code", ROLE_CODE);
	role_is("Felkod", ROLE_CODE);
	role_is("Fehlercode", ROLE_CODE);
	role_is("Possible causes", ROLE_CAUSE);
	role_is("Möjliga orsaker", ROLE_CAUSE);
	role_is("MÖJLIGA ORSAKER", ROLE_CAUSE);
	role_is("Mögliche Ursachen", ROLE_CAUSE);
	role_is("Recommended action", ROLE_ACTION);
	role_is("Rekommenderad åtgärd", ROLE_ACTION);
	role_is("Empfohlene Maßnahme", ROLE_ACTION);
	role_is("Event ID", ROLE_CODE);
	role_is("", ROLE_EMPTY);
	role_is("Operating system", ROLE_NONE);
	ok(vocab_hrole("Cause 2") == HROLE_CAUSE && vocab_hrole("Orsak") == HROLE_CAUSE &&
	    vocab_hrole("Lösung") == HROLE_SOLUTION && vocab_hrole("Next steps") == HROLE_SKIP &&
	    vocab_hrole("Nästa steg") == HROLE_SKIP && vocab_hrole("Backups are slow") == HROLE_NONE,
	    "vocab_hrole: structural headings in three languages");
}

int
main(void)
{
	t_sanitize();
	t_mojibake();
	t_slug();
	t_text();
	t_vocab();
	return tap_done();
}
