/*
 * t_kbc_codes.c: error code recognition and normalization (codes.c), and
 * its agreement with the query side's normalizer (kbq_norm.h), which must
 * normalize a code as written exactly as the KB's codes.norm column does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "codes.h"
#include "kbq_norm.h"
#include "tap.h"

static void
show(const struct entry *e)
{
	printf("#   codes:");
	for (size_t i = 0; i < e->ncodes; i++)
		printf(" '%s'/'%s'/%s", e->codes[i].written, e->codes[i].norm,
		    code_form_name(e->codes[i].form));
	printf("\n");
}

/*
 * Scan text; the codes found must be exactly want (written forms, in any
 * order, NULL-terminated), and each written code in want must carry the
 * form and norm given in the parallel arrays when those are non-NULL.
 */
static void
scan_is(const char *text, const char *const want[], const char *const norms[],
    const enum code_form *forms)
{
	struct entry e = {0};
	size_t n = 0;
	int good = 1;

	e.section = -1;
	codes_scan(text, &e);
	for (; want[n]; n++) {
		size_t k;

		for (k = 0; k < e.ncodes; k++)
			if (strcmp(e.codes[k].written, want[n]) == 0)
				break;
		if (k == e.ncodes ||
		    (norms && strcmp(e.codes[k].norm, norms[n]) != 0) ||
		    (forms && e.codes[k].form != forms[n]))
			good = 0;
	}
	if (e.ncodes != n)
		good = 0;
	if (!ok(good, "codes_scan(\"%s\")", text))
		show(&e);
	entry_clear(&e);
}

#define W(...) (const char *const[]){ __VA_ARGS__, NULL }
#define NONE (const char *const[]){ NULL }
#define F(...) (const enum code_form[]){ __VA_ARGS__ }

static void
t_scan(void)
{
	scan_is("The backup failed. (ID: 34513)", W("34513"), W("34513"), F(CODE_NUMBER));
	scan_is("Access denied, ID: 403", W("403"), W("403"), NULL);
	scan_is("Operation failed with 0x1FC07.", W("0x1FC07"), W("0x1fc07"), F(CODE_HEX));
	scan_is("Operation failed [0x1FC07]", W("0x1FC07"), W("0x1fc07"), F(CODE_HEX));
	scan_is("Returned 0X8007000E after", W("0X8007000E"), W("0x8007000e"), F(CODE_HEX));
	scan_is("Error 34506 occurred", W("34506"), NULL, F(CODE_NUMBER));
	scan_is("Fel 34506 uppstod", W("34506"), NULL, F(CODE_NUMBER));
	scan_is("Fehler 34506 ist aufgetreten", W("34506"), NULL, NULL);
	scan_is("Felkod: 52", W("52"), NULL, NULL);
	scan_is("The remote server returned an error: (407) Proxy Authentication Required.",
	    W("407"), W("407"), F(CODE_HTTP));
	scan_is("HTTP 401 Unauthorized", W("401"), NULL, F(CODE_HTTP));
	scan_is("Code=ReservedResourceName; Message=The name is reserved",
	    W("ReservedResourceName"), W("reservedresourcename"), F(CODE_SYMBOL));
	scan_is("{\"code\":\"VaultNotFound\",\"message\":\"x\"}", W("VaultNotFound"),
	    W("vaultnotfound"), NULL);
	scan_is("Error code: UserErrorVaultMissing", W("UserErrorVaultMissing"), NULL, NULL);
	scan_is("Two codes 0x80070002 and 0x80070003 here", W("0x80070002", "0x80070003"),
	    NULL, NULL);

	/* Things that are not codes. */
	scan_is("Windows Server 2019 and Ubuntu 22.04 are supported", NONE, NULL, NULL);
	scan_is("The error 5 was logged", NONE, NULL, NULL);
	scan_is("HTTP 200 OK and (200) are not errors", NONE, NULL, NULL);
	scan_is("Use an identifier: 12345 for the grid 12", NONE, NULL, NULL);
	scan_is("Error 3.5 percent of requests", NONE, NULL, NULL);
	scan_is("The value 0xZZ is not hex, nor is 0x12", NONE, NULL, NULL);
	scan_is("", NONE, NULL, NULL);
}

static void
token_is(const char *tok, enum code_ctx ctx, int want, enum code_form wform)
{
	enum code_form form = CODE_NUMBER;
	int got = code_token(tok, strlen(tok), ctx, &form);

	ok(got == want && (!want || form == wform), "code_token(\"%s\", %s) = %d%s%s", tok,
	    ctx == CODE_STRICT ? "strict" : "column", want, want ? " " : "",
	    want ? code_form_name(wform) : "");
}

static void
t_token(void)
{
	token_is("SalChecksumStoreInitializationFailed", CODE_STRICT, 1, CODE_SYMBOL);
	token_is("SalBitmapError", CODE_STRICT, 1, CODE_SYMBOL);
	token_is("DOCKER_COMMAND_ERROR", CODE_STRICT, 1, CODE_SYMBOL);
	token_is("AZFD0004", CODE_STRICT, 1, CODE_SYMBOL);
	token_is("AADSTS50005", CODE_STRICT, 1, CODE_SYMBOL);
	token_is("0x1FC07", CODE_STRICT, 1, CODE_HEX);
	token_is("34513", CODE_STRICT, 1, CODE_NUMBER);
	token_is("34513.", CODE_STRICT, 1, CODE_NUMBER);
	token_is("System.Net.Http.HttpRequestException", CODE_STRICT, 1, CODE_SYMBOL);
	/* Words are not codes, except as written in a code column. */
	token_is("Backup", CODE_STRICT, 0, CODE_SYMBOL);
	token_is("Restart", CODE_STRICT, 0, CODE_SYMBOL);
	token_is("7", CODE_STRICT, 0, CODE_NUMBER);
	token_is("Bad Request", CODE_COLUMN, 1, CODE_SYMBOL);
	token_is("This is a whole sentence that explains an error in detail", CODE_COLUMN, 0,
	    CODE_SYMBOL);
}

static void
t_heading(void)
{
	static const struct {
		const char *h, *code, *rest;
	} hs[] = {
		{ "SalBitmapError", "SalBitmapError", "" },
		{ "401003 IoTHubUnauthorized", "401003", "" },
		{ "AZFD0004: Host ID collision", "AZFD0004", "Host ID collision" },
		{ "UserErrorVaultMissing - The vault is missing", "UserErrorVaultMissing",
		    "The vault is missing" },
		{ "Error code: 52", "52", "" },
		{ "Felkod: 52", "52", "" },
		{ "Backups are slow", NULL, "Backups are slow" },
	};

	for (size_t i = 0; i < sizeof(hs) / sizeof(hs[0]); i++) {
		struct entry e = {0};
		size_t off = codes_heading(hs[i].h, &e);
		int good = strcmp(hs[i].h + off, hs[i].rest) == 0;

		if (hs[i].code) {
			int f = 0;

			for (size_t k = 0; k < e.ncodes; k++)
				f |= strcmp(e.codes[k].written, hs[i].code) == 0;
			good = good && f;
		} else
			good = good && e.ncodes == 0;
		if (!ok(good, "codes_heading(\"%s\")", hs[i].h)) {
			printf("#   rest: '%s'\n", hs[i].h + off);
			show(&e);
		}
		entry_clear(&e);
	}
}

static void
t_entry_dedup(void)
{
	struct entry e = {0};

	code_add_token(&e, "0x1FC07", 7, CODE_STRICT);
	code_add_token(&e, "0x1fc07", 7, CODE_STRICT);
	codes_scan("again [0x1FC07] and (ID: 0x1FC07)", &e);
	ok(e.ncodes == 1, "one code per norm: 0x1FC07 and 0x1fc07 are one (got %zu)", e.ncodes);
	code_add_token(&e, "none", 4, CODE_COLUMN);
	code_add_token(&e, "N/A", 3, CODE_COLUMN);
	ok(e.ncodes == 1, "'none' and 'N/A' in a code column are not codes");
	entry_clear(&e);
}

/* The query side must find what the KB stores: kbqn_code(written) == norm. */
static void
t_norm_agrees(void)
{
	static const char *const texts[] = {
		"(ID: 34513)", "0x1FC07", "[0X8007000E]", "Error 34506", "(407)",
		"Code=ReservedResourceName;", "Code: SalBitmapError",
		"Error code: DOCKER_COMMAND_ERROR", "Error code: AZFD0004",
		"The cell shows #DIV/0!", "(#N/A)", NULL
	};
	int bad = 0, checked = 0;

	for (int i = 0; texts[i]; i++) {
		struct entry e = {0};

		codes_scan(texts[i], &e);
		for (size_t k = 0; k < e.ncodes; k++) {
			char out[64];
			size_t n = kbqn_code(e.codes[k].written, out, sizeof(out));

			checked++;
			if (n == 0 || strcmp(out, e.codes[k].norm) != 0) {
				printf("#   '%s': kb norm '%s', kbqn_code '%s'\n", e.codes[k].written,
				    e.codes[k].norm, n ? out : "(none)");
				bad++;
			}
		}
		entry_clear(&e);
	}
	ok(checked >= 9 && bad == 0, "kbqn_code() agrees with codes.norm (%d codes)", checked);
}

int
main(void)
{
	t_scan();
	t_token();
	t_heading();
	t_entry_dedup();
	t_norm_agrees();
	return tap_done();
}
