/*
 * kbq_norm.h: the one text normalizer of errkb.
 *
 * kbc's index writer runs it over every message, code, heading, title,
 * cause and action it indexes, and libkbq runs it over the query text, so
 * both sides see the same tokens.  Not part of the public API (kbq.h).
 *
 * What it does, in order:
 *  - splits the text into white-space separated chunks and drops whole
 *    chunks that are variable by nature: URLs, file paths, e-mail
 *    addresses, GUIDs, IP addresses, {placeholders}, %s-style formats and
 *    single quoted names ('pandas', "kv-7f3a");
 *  - folds case and diacritics to ASCII for Latin letters (Å->a, ß->ss,
 *    æ->ae), lower-cases Greek and Cyrillic, drops combining marks, and
 *    treats emoji, symbols and invalid UTF-8 as separators;
 *  - cuts the chunk into words at every non-letter-or-digit and at
 *    camelCase humps (UserErrorSQLPODoesNotExist -> user error sqlpo does
 *    not exist), so a code name and its prose meet;
 *  - reads Han ideographs and kana, written without spaces, two
 *    characters at a time (游标已过期 -> 游标 标已 已过 过期), so that a part
 *    of a Chinese or Japanese sentence meets the sentence;
 *  - masks variable words: numbers, hex strings, and mixed runs such as
 *    7f3a2c or x2k4q (a letters-then-digits word like azfd0004 stays);
 *  - reports code candidates separately: every run of ASCII letters,
 *    digits and '_' (numbers included), normalized as the KB's codes.norm
 *    column is: ASCII lower case, "0X1FC07" -> "0x1fc07".
 */
#ifndef KBQ_NORM_H
#define KBQ_NORM_H

#include <stddef.h>

#define KBQN_WORD	1	/* a word for full-text ranking */
#define KBQN_CODE	2	/* a code candidate for exact code lookup */
#define KBQN_VALUE	8	/* with KBQN_CODE: from a quoted or JSON value,
				   whose words are not matched */
#define KBQN_SHAPED	4	/* with KBQN_CODE: written like a code (digits,
				   '_', or a capital after a small letter),
				   not like a word of prose */

#define KBQN_MAXWORD	48	/* longer words are noise (base64, hashes) */
#define KBQN_MAXTOK	96	/* longer codes too */

/*
 * Called once per token, in text order.  tok is NUL-terminated, folded,
 * and valid only during the call; len < KBQN_MAXWORD for words
 * and < KBQN_MAXTOK for codes.  seq numbers the
 * words (codes share the number of the word that precedes them), so a
 * caller can tell adjacent words apart from distant ones.  A non-zero
 * return stops the scan.
 */
typedef int	(*kbqn_fn)(void *arg, int kind, const char *tok, size_t len,
		    unsigned seq);

/* Scan len bytes of text (need not be NUL-terminated or valid UTF-8). */
void	kbqn_scan(const char *text, size_t len, kbqn_fn fn, void *arg);

/* The same, reporting words only (cheaper: no code candidates). */
void	kbqn_words(const char *text, size_t len, kbqn_fn fn, void *arg);

/*
 * Normalize one code as written ("0x1FC07", "SalBitmapError") into out,
 * the same way the scanner reports code candidates; a message class and
 * its number ("FI 452") are joined ("fi452"), as the scanner reports them
 * too.  Returns the length, 0 when it is not a code candidate or does not
 * fit in outsz.
 */
size_t	kbqn_code(const char *code, char *out, size_t outsz);

/*
 * The form of an identifier as written, the n bytes at s: 0 when it has
 * none of the forms that name one error among many of its kind, else a
 * number equal for identifiers of one form:
 *   0x80070643      "0x" and six or more hex digits (form by their count)
 *   ERR_KNIT_FOO    capitals in three or more '_'-joined parts
 *   AADSTS700016    two or more letters, then three or more digits
 *   30174-45        three or more digits, '-', digits
 *   HMA-INST-027    capitals in '-'-joined parts, then two or more digits
 *   NotPartitionOwnerException  letters, three or more capitals leading
 *                   small letters (form by the last part: "Exception")
 * Two errors of one family share the form and differ in the identifier
 * (kbq_score.c, kbqi_kin).  A log line names its program and component
 * in camelCase too (AzureBackupPlugin), but in a last part no error
 * class of the KB ends in.
 */
unsigned kbqn_form(const char *s, size_t n);

/*
 * The length of a spreadsheet's error value at s (n bytes): '#', a
 * capital, capitals, digits and '/', ending in '!' or '?' or holding a
 * '/' ("#REF!", "#NAME?", "#DIV/0!", "#N/A"); 0 when s does not start
 * with one.  Both sides read it whole as a code ("#ref!"), where the
 * scanner would leave a word ("ref").
 */
size_t	kbqn_errvalue(const char *s, size_t n);

/* The next identifier of [s, end) whose form kbqn_form() reads: a run of
 * ASCII letters, digits, '_' and inner '-'.  Its length in *len; NULL
 * when there is none. */
const char *kbqn_nextident(const char *s, const char *end, size_t *len);

#endif
