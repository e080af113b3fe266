/*
 * article.h: what kbc extracts from one Markdown article.
 *
 * The pipeline is  bytes -> struct article (extract.c) -> SQLite rows
 * (kb_write.c) -> lookup index (idx_write.c).  An article owns everything
 * hanging off it; article_free() releases it all.
 */
#ifndef KBC_ARTICLE_H
#define KBC_ARTICLE_H

#include <stddef.h>

#include "util.h"

enum code_form {
	CODE_NUMBER,	/* 34513, (ID: 34513), Error 34506 */
	CODE_HEX,	/* 0x1FC07 */
	CODE_HTTP,	/* (407), HTTP 401 */
	CODE_SYMBOL	/* SalBitmapError, DOCKER_COMMAND_ERROR, AZFD0004 */
};

struct code {
	char		*written;	/* as in the article: "0x1FC07" */
	char		*norm;		/* for lookup: "0x1fc07" */
	enum code_form	 form;
};

/*
 * An action may carry sub-items: the list nested under it ("Allow these
 * URLs:" and the URLs).  They follow the action's text in the same
 * string, each after ACTION_ITEM_SEP (the ASCII unit separator, which
 * extracted text never holds: x_add_text() turns it into a space), so
 * that every path that moves actions between lists keeps them;
 * kb_write.c splits them into rows of action_items.  Lists nested deeper
 * than one level are folded into their sub-item's text.
 */
#define ACTION_ITEM_SEP	'\x1f'

struct fix {
	struct strv	 causes;
	struct strv	 actions;	/* each: text, then its sub-items */
};

enum entry_kind { ENTRY_ERROR, ENTRY_GUIDE };

struct entry {
	enum entry_kind	 kind;
	int		 section;	/* index into article.sections, -1 none */
	int		 line, col;
	struct strv	 messages;
	struct code	*codes;
	size_t		 ncodes, capcodes;
	struct fix	*fixes;
	size_t		 nfixes, capfixes;
};

struct section {
	int		 level;
	char		*text;
	char		*anchor;
	int		 parent;	/* index into article.sections, -1 none */
	int		 line;
};

/*
 * A passage: one block of an article's text, whatever it says (a heading,
 * a paragraph, a list item, a table cell, a line of a fence).  Passages
 * are what kbq searches when no entry answers: an error the extractor
 * did not recognise is still written somewhere in the article.
 */
enum passage_kind {
	PASSAGE_HEADING, PASSAGE_PARAGRAPH, PASSAGE_ITEM, PASSAGE_CELL,
	PASSAGE_FENCE
};

struct passage {
	enum passage_kind kind;
	int		 section;	/* index into article.sections, -1 none */
	int		 line;
	char		*text;		/* plain, white space collapsed */
};

struct link {
	char		*href;
	char		*text;
	int		 line, col;
	int		 entry;		/* index into article.entries, -1 none */
	char		*target;	/* "#x" links: "x", else NULL */
	int		 resolved;	/* for target != NULL */
};

struct diag {
	int		 line, col;
	int		 error;		/* 1 error, 0 warning */
	char		*name;		/* -W name */
	char		*text;
	char		*source;	/* the line it is about, or NULL */
	size_t		 seq;		/* order of finding, to sort stably */
};

struct article {
	char		*path;		/* relative to the docs root */
	char		*key;		/* path below the locale folder */
	char		*locale;
	char		*title;
	char		*description;
	char		*date;
	char		 hash[33];	/* hex digest of the bytes */
	size_t		 size;
	struct strv	 fm_names;	/* front matter, top-level keys */
	struct strv	 fm_values;
	struct section	*sections;
	size_t		 nsections, capsections;
	struct entry	*entries;
	size_t		 nentries, capentries;
	struct passage	*passages;
	size_t		 npassages, cappassages;
	struct link	*links;
	size_t		 nlinks, caplinks;
	struct diag	*diags;
	size_t		 ndiags, capdiags;
};

struct article	*article_new(const char *path);
void		 article_free(struct article *);

struct entry	*article_add_entry(struct article *, enum entry_kind,
		    int section, int line, int col);
struct fix	*entry_add_fix(struct entry *);
/* Add a code unless the entry has it already (same norm).  Returns 1 if added. */
int		 entry_add_code(struct entry *, const char *written,
		    const char *norm, enum code_form);
int		 entry_has_code(const struct entry *, const char *norm);
/* Free what an entry holds (messages, codes, fixes) and zero it: for
 * scratch entries on the stack, which collect codes before any is kept. */
void		 entry_clear(struct entry *);
void		 article_diag(struct article *, int line, int col,
		    const char *name, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

const char	*code_form_name(enum code_form);
const char	*passage_kind_name(enum passage_kind);

#endif
