/*
 * codes.h: recognizing error codes and normalizing them for lookup.
 *
 * Codes come in many written forms: "(ID: 34513)", "0x1FC07", "[0x1FC07]",
 * "Error 34506", "(407)", "Code=ReservedResourceName;", "SalBitmapError",
 * "DOCKER_COMMAND_ERROR", "AZFD0004".  The normalized form is what the
 * index matches on: ASCII lower case, hex as "0x" plus lower-case digits.
 */
#ifndef KBC_CODES_H
#define KBC_CODES_H

#include "article.h"

enum code_ctx {
	CODE_STRICT,	/* a heading, code span or bold word: only clear code shapes */
	CODE_LEAD,	/* "MissingToken: the header ..." leading a message: also
			 * two-part names */
	CODE_COLUMN	/* a cell of an "Error code" column: any short token */
};

/*
 * Is the whole of tok (n bytes) a code in context ctx?  Returns 1 and sets
 * *form, else 0.
 */
int	code_token(const char *tok, size_t n, enum code_ctx ctx, enum code_form *form);

/* Add tok to e as a code if code_token() says it is one.  Returns 1 if it was. */
int	code_add_token(struct entry *e, const char *tok, size_t n, enum code_ctx ctx);

/*
 * A code column's cell: "401007 VaultUnauthorized" and "A, B" are several
 * codes when every word is code-shaped; "Bad Request" is one, as written.
 */
void	code_add_cell(struct entry *e, const char *text);

/*
 * Scan free text (a message, a cell, a fence) for codes written with a
 * marker: "(ID: n)", "Error n", "0x...", "(4xx)", "HTTP 4xx", "Code=X",
 * "Code: X", "\"code\":\"X\"", "Subcode = n".  Adds each to e.
 */
void	codes_scan(const char *text, struct entry *e);

/* Leading code tokens of a heading ("401003 IoTHubUnauthorized",
 * "UserErrorX - text", "Error code: X", "AZFD0004: Host ID collision"):
 * adds them to e and returns the offset of the rest of the heading text. */
size_t	codes_heading(const char *text, struct entry *e);
/*
 * The same for a definition's, a bold line's or a heading's term, where one
 * letter and one to three digits before a dash or colon are a device's code
 * too
 * ("F34 – Defrost failed"); the caller asks for an error context, since
 * "Q12: Why is sync slow?" has the shape.
 */
size_t	codes_term(const char *text, struct entry *e);
/* "FI 452", "ZFI_POST 420": a message class in capitals and its number at
 * p, added to e as one code; its length, 0 if p starts with none. */
size_t	codes_class_lead(const char *p, struct entry *e);
/* p past a code label at its start ("Error code:", "Code"), or p. */
const char *code_label_end(const char *p);

#endif
