/*
 * vocab.h: roles of table headers, paragraph labels and structural
 * headings, from the data file vocab.tsv (compiled into the binary).
 */
#ifndef KBC_VOCAB_H
#define KBC_VOCAB_H

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

struct vocab_word {
	const char	*role;
	const char	*lang;
	const char	*words;
};

extern const struct vocab_word vocab_words[];

/* The role of a table header cell or paragraph label (any case, any markup). */
enum role	vocab_role(const char *text);
/* The role of a heading: "Cause", "Cause 2", "Solution for cause 1", "Lösning". */
enum hrole	vocab_hrole(const char *text);
/* The folded form vocab matches on; a new string. */
char		*vocab_fold(const char *text);

#endif
