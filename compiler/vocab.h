/*
 * vocab.h: roles of table headers, paragraph labels and structural
 * headings, and the word lists prose reading uses, from the data file
 * vocab.tsv: loaded at run time (vocab_load), else the copy compiled into
 * the binary.
 */
#ifndef KBC_VOCAB_H
#define KBC_VOCAB_H

#include <stddef.h>

enum role {
	ROLE_NONE = 0,		/* not in the vocabulary */
	ROLE_ERROR,
	ROLE_MESSAGE,
	ROLE_CODE,
	ROLE_SUBCODE,
	ROLE_CAUSE,
	ROLE_ACTION,
	ROLE_DESCRIPTION,
	ROLE_SYMPTOM,
	ROLE_CONTEXT,
	ROLE_CLASS,		/* a class of errors: not an error table */
	ROLE_EMPTY		/* an empty header cell */
};

enum hrole {
	HROLE_NONE = 0,
	HROLE_SYMPTOM,
	HROLE_CAUSE,
	HROLE_SOLUTION,
	HROLE_SKIP
};

/* Word lists (vocab.tsv roles w-error ... locale), in this order. */
enum wrole {
	WROLE_ERROR,		/* w-error: prose that speaks of an error */
	WROLE_ACTION,		/* w-action: an intro to steps, not errors */
	WROLE_CODE,		/* w-code: names the code after it */
	WROLE_CAUSE,		/* w-cause: an intro to causes */
	WROLE_LIST,		/* w-list: "following": an intro to a list */
	WROLE_EXAMPLE,		/* w-example: continues the cause before it */
	WROLE_H_LABEL,		/* h-label: a heading's lead label "Error:" */
	WROLE_H_LEAD,		/* h-lead: leads a Cause/Solution heading */
	WROLE_CODE_LABEL,	/* code-label: a number code follows */
	WROLE_CODE_LABEL_SYM,	/* code-label-sym: "X: Name", a symbol follows */
	WROLE_FENCE_INFO,	/* fence-info: info strings of output fences */
	WROLE_FENCE_MESSAGE,	/* fence-message: marks the message in a fence */
	WROLE_FENCE_CODE,	/* fence-code: marks a fence as error output */
	WROLE_LOCALE,		/* locale: a language code a folder may be */
	WROLE_CODE_JOIN,	/* code-join: joins codes in a list ("A or B") */
	WROLE_PLACEHOLDER,	/* placeholder: a cell that holds no value ("n/a") */
	WROLE_GENERIC,		/* generic: an operating system's error text, in
				   every product's errors (kb.idx GENP) */
	WROLE_TAIL_CODE,	/* tail-code: ends a code column's header ("Alert ID") */
	WROLE_TAIL_MESSAGE,	/* tail-message: ends a message column's ("Alert text") */
	WROLE_CODE_LIST,	/* w-codes: a title that lists codes ("Fault codes") */
	VOCAB_NWROLES
};

struct vocab_word {
	const char	*role;
	const char	*lang;
	const char	*words;
};

/* The compiled-in copy of vocab.tsv. */
extern const struct vocab_word vocab_words[];

/*
 * Read the vocabulary from path and use it from now on (call it before any
 * extraction starts).  Returns 0, or -1 with "path:line: message" in err.
 */
int		vocab_load(const char *path, char *err, size_t errlen);
/*
 * The vocabulary for a build: path if not NULL, else the installed default
 * ($(DATADIR)/vocab.tsv) if there is one, else the compiled-in copy.
 * Returns as vocab_load().
 */
int		vocab_init(const char *path, char *err, size_t errlen);
/* The vocabulary in force, up to the entry whose role is NULL: what a
 * build's cache key digests, so that other words re-extract all. */
const struct vocab_word *vocab_in_use(void);
/* The words of role r, lower case, NULL-terminated. */
const char *const *vocab_list(enum wrole r);
/* Is the folded text one of role r's words? */
int		vocab_has(enum wrole r, const char *folded);

/* The role of a table header cell or paragraph label (any case, any markup). */
enum role	vocab_role(const char *text);
/* The role of a heading: "Cause", "Cause 2", "Solution for cause 1", "Lösning". */
enum hrole	vocab_hrole(const char *text);
/* The same for a heading under a heading of level 2 or deeper (not
 * under the title), where a table's cause or action header of two words
 * or more ("Recommended action", "Empfohlene Maßnahme") heads a cause or
 * a solution too. */
enum hrole	vocab_subhrole(const char *text);
/* The folded form vocab matches on; a new string. */
char		*vocab_fold(const char *text);

#endif
