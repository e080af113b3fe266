/*
 * t_kbc_extract.c: extract_article() on small Markdown articles, one per
 * shape the compiler reads (row-per-error tables, label paragraphs, code
 * headings, transposed and property tables, fences, guides), in English,
 * Swedish and German, with HTML in cells, locales, anchors and every
 * diagnostic extract_article() gives.
 *
 * The assertions are about what a user of the KB relies on: an entry that
 * holds a message (substring, case folded), its codes (exact written
 * form), how many causes and actions it has, its section anchor.  They do
 * not depend on the order of entries or on incidental wording.  When a
 * check fails, the whole extracted article is printed as TAP comments.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "extract.h"
#include "tap.h"

/* The article being checked, dumped when a check on it fails. */
static struct article *cur;
static const char *cur_md;

static void
dump(const struct article *a)
{
	printf("#   --- %s (locale '%s', key '%s', title '%s')\n", a->path, a->locale,
	    a->key, a->title);
	for (size_t i = 0; i < a->nsections; i++)
		printf("#   section %zu: h%d '%s' #%s line %d parent %d\n", i,
		    a->sections[i].level, a->sections[i].text, a->sections[i].anchor,
		    a->sections[i].line, a->sections[i].parent);
	for (size_t i = 0; i < a->nentries; i++) {
		const struct entry *e = &a->entries[i];

		printf("#   entry %zu: %s section %d line %d:%d\n", i,
		    e->kind == ENTRY_ERROR ? "error" : "guide", e->section, e->line, e->col);
		for (size_t k = 0; k < e->messages.n; k++)
			printf("#     message '%s'\n", e->messages.v[k]);
		for (size_t k = 0; k < e->ncodes; k++)
			printf("#     code '%s' norm '%s' %s\n", e->codes[k].written,
			    e->codes[k].norm, code_form_name(e->codes[k].form));
		for (size_t f = 0; f < e->nfixes; f++) {
			for (size_t k = 0; k < e->fixes[f].causes.n; k++)
				printf("#     fix %zu cause '%s'\n", f, e->fixes[f].causes.v[k]);
			for (size_t k = 0; k < e->fixes[f].actions.n; k++)
				printf("#     fix %zu action '%s'\n", f, e->fixes[f].actions.v[k]);
		}
	}
	for (size_t i = 0; i < a->nlinks; i++)
		printf("#   link '%s' -> '%s' line %d entry %d target %s resolved %d\n",
		    a->links[i].text, a->links[i].href, a->links[i].line, a->links[i].entry,
		    a->links[i].target ? a->links[i].target : "-", a->links[i].resolved);
	for (size_t i = 0; i < a->ndiags; i++)
		printf("#   diag %d:%d [-W%s] %s\n", a->diags[i].line, a->diags[i].col,
		    a->diags[i].name, a->diags[i].text);
}

/* A check on the current article: on failure, show the input and output. */
#define check(cond, ...) do {						\
	if (!ok((cond), __VA_ARGS__) && cur) {				\
		printf("#   --- input:\n");				\
		for (const char *l_ = cur_md; *l_; ) {			\
			size_t n_ = strcspn(l_, "\n");			\
			printf("#   | %.*s%s\n", n_ > 160 ? 160 : (int)n_,	\
			    l_, n_ > 160 ? "..." : "");			\
			l_ += n_ + (l_[n_] != '\0');			\
		}							\
		dump(cur);						\
	}								\
} while (0)

/* Valid UTF-8 with no control characters but none at all. */
static int
clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 :
		    (*p & 0xF8) == 0xF0 ? 4 : 0;

		if (n == 0 || (n == 1 && *p < 0x20))
			return 0;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return 0;
		p += n;
	}
	return 1;
}

/*
 * What every extracted article must satisfy whatever the rules: an error
 * entry has a message or a code, indexes point where they should, no
 * empty or unclean strings, codes normalized to lower case.
 */
static void
invariants(const struct article *a)
{
	const char *why = NULL;

	for (size_t i = 0; i < a->nentries && !why; i++) {
		const struct entry *e = &a->entries[i];

		if (e->kind == ENTRY_ERROR && e->messages.n == 0 && e->ncodes == 0)
			why = "error entry with neither message nor code";
		else if (e->section < -1 || e->section >= (int)a->nsections)
			why = "entry section index out of range";
		else if (e->line < 1 || e->col < 1)
			why = "entry line/col below 1";
		for (size_t k = 0; k < e->messages.n && !why; k++)
			if (!*e->messages.v[k] || !clean_utf8(e->messages.v[k]))
				why = "empty or unclean message";
		for (size_t k = 0; k < e->ncodes && !why; k++) {
			const char *n = e->codes[k].norm;

			if (!*n || !clean_utf8(n) || !clean_utf8(e->codes[k].written))
				why = "empty or unclean code";
			for (; !why && *n; n++)
				if (isupper((unsigned char)*n))
					why = "code norm not lower case";
		}
		for (size_t f = 0; f < e->nfixes && !why; f++) {
			if (e->fixes[f].causes.n == 0 && e->fixes[f].actions.n == 0)
				why = "empty fix";
			for (size_t k = 0; k < e->fixes[f].causes.n && !why; k++)
				if (!*e->fixes[f].causes.v[k] || !clean_utf8(e->fixes[f].causes.v[k]))
					why = "empty or unclean cause";
			for (size_t k = 0; k < e->fixes[f].actions.n && !why; k++)
				if (!*e->fixes[f].actions.v[k] || !clean_utf8(e->fixes[f].actions.v[k]))
					why = "empty or unclean action";
		}
	}
	for (size_t i = 0; i < a->nsections && !why; i++)
		if (a->sections[i].parent < -1 || a->sections[i].parent >= (int)i ||
		    a->sections[i].level < 1 || a->sections[i].level > 6 ||
		    !clean_utf8(a->sections[i].anchor))
			why = "bad section";
	for (size_t i = 0; i < a->nlinks && !why; i++)
		if (a->links[i].entry < -1 || a->links[i].entry >= (int)a->nentries)
			why = "link entry index out of range";
	for (size_t i = 0; i < a->ndiags && !why; i++)
		if (a->diags[i].line < 1 || a->diags[i].col < 1 || !*a->diags[i].name)
			why = "bad diagnostic";
	if (!ok(why == NULL, "invariants hold for %s", a->path)) {
		printf("#   %s\n", why);
		dump(a);
	}
}

static struct article *
X(const char *path, const char *md)
{
	if (cur)
		invariants(cur);
	article_free(cur);
	cur = article_new(path);
	cur_md = md;
	extract_article(cur, md, strlen(md), "en");
	return cur;
}

/* Check the current article while its Markdown, which the caller is
 * about to free, is still there to dump; then forget the Markdown. */
static void
X_end(void)
{
	if (cur)
		invariants(cur);
	cur_md = "";
}

/* Case-folded (ASCII) substring search. */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return n == 0;
}

static size_t
nerrors(const struct article *a)
{
	size_t n = 0;

	for (size_t i = 0; i < a->nentries; i++)
		n += a->entries[i].kind == ENTRY_ERROR;
	return n;
}

static size_t
nguides(const struct article *a)
{
	return a->nentries - nerrors(a);
}

/* The error entry with a message containing needle, else NULL. */
static struct entry *
by_msg(const struct article *a, const char *needle)
{
	for (size_t i = 0; i < a->nentries; i++) {
		struct entry *e = &a->entries[i];

		if (e->kind != ENTRY_ERROR)
			continue;
		for (size_t k = 0; k < e->messages.n; k++)
			if (contains(e->messages.v[k], needle))
				return e;
	}
	return NULL;
}

static int
has_code(const struct entry *e, const char *written)
{
	if (e == NULL)
		return 0;
	for (size_t i = 0; i < e->ncodes; i++)
		if (strcmp(e->codes[i].written, written) == 0)
			return 1;
	return 0;
}

static const struct code *
get_code(const struct entry *e, const char *written)
{
	if (e == NULL)
		return NULL;
	for (size_t i = 0; i < e->ncodes; i++)
		if (strcmp(e->codes[i].written, written) == 0)
			return &e->codes[i];
	return NULL;
}

/* The error entry holding code written, else NULL. */
static struct entry *
by_code(const struct article *a, const char *written)
{
	for (size_t i = 0; i < a->nentries; i++)
		if (a->entries[i].kind == ENTRY_ERROR && has_code(&a->entries[i], written))
			return &a->entries[i];
	return NULL;
}

static size_t
ncauses(const struct entry *e)
{
	size_t n = 0;

	for (size_t i = 0; e && i < e->nfixes; i++)
		n += e->fixes[i].causes.n;
	return n;
}

static size_t
nactions(const struct entry *e)
{
	size_t n = 0;

	for (size_t i = 0; e && i < e->nfixes; i++)
		n += e->fixes[i].actions.n;
	return n;
}

static int
has_in(const struct entry *e, int causes, const char *needle)
{
	for (size_t i = 0; e && i < e->nfixes; i++) {
		const struct strv *v = causes ? &e->fixes[i].causes : &e->fixes[i].actions;

		for (size_t k = 0; k < v->n; k++)
			if (contains(v->v[k], needle))
				return 1;
	}
	return 0;
}
#define has_cause(e, s)  has_in((e), 1, (s))
#define has_action(e, s) has_in((e), 0, (s))

static int
has_msg(const struct entry *e, const char *needle)
{
	for (size_t k = 0; e && k < e->messages.n; k++)
		if (contains(e->messages.v[k], needle))
			return 1;
	return 0;
}

/* Is any message, cause or action of any entry containing needle? */
static int
anywhere(const struct article *a, const char *needle)
{
	for (size_t i = 0; i < a->nentries; i++) {
		const struct entry *e = &a->entries[i];

		if (has_msg(e, needle) || has_cause(e, needle) || has_action(e, needle))
			return 1;
		for (size_t k = 0; k < e->ncodes; k++)
			if (contains(e->codes[k].written, needle))
				return 1;
	}
	return 0;
}

static const char *
anchor_of(const struct article *a, const struct entry *e)
{
	if (e == NULL || e->section < 0 || (size_t)e->section >= a->nsections)
		return NULL;
	return a->sections[e->section].anchor;
}

static size_t
ndiag(const struct article *a, const char *name)
{
	size_t n = 0;

	for (size_t i = 0; i < a->ndiags; i++)
		n += strcmp(a->diags[i].name, name) == 0;
	return n;
}

static const struct diag *
get_diag(const struct article *a, const char *name)
{
	for (size_t i = 0; i < a->ndiags; i++)
		if (strcmp(a->diags[i].name, name) == 0)
			return &a->diags[i];
	return NULL;
}

static const struct section *
section_by_text(const struct article *a, const char *text)
{
	for (size_t i = 0; i < a->nsections; i++)
		if (strcmp(a->sections[i].text, text) == 0)
			return &a->sections[i];
	return NULL;
}

static int
anchor_eq(const struct article *a, const char *text, const char *anchor)
{
	const struct section *s = section_by_text(a, text);

	return s && strcmp(s->anchor, anchor) == 0;
}

/* ------------------------------------------------------------------ */

static void
t_rows_two_columns(void)
{
	struct article *a = X("en/two.md",
	    "# Agent errors\n"
	    "\n"
	    "## Registration errors\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| The vault credentials file has expired. | Download a new credentials file from the portal. |\n"
	    "| The agent can't reach the registration service. | Allow outbound HTTPS to the service endpoint. |\n");
	struct entry *e1 = by_msg(a, "credentials file has expired");
	struct entry *e2 = by_msg(a, "can't reach the registration service");

	check(nerrors(a) == 2, "2-column table: one entry per row (got %zu)", nerrors(a));
	check(e1 && nactions(e1) == 1 && has_action(e1, "Download a new credentials file"),
	    "2-column table: row 1 has its action");
	check(e2 && nactions(e2) == 1 && has_action(e2, "Allow outbound HTTPS"),
	    "2-column table: row 2 has its action");
	check(e1 && ncauses(e1) == 0, "2-column table: no cause column, no causes");
	check(e1 && e1->line == 7 && e2 && e2->line == 8,
	    "2-column table: entries carry the source line of their row");
	check(e1 && anchor_of(a, e1) && strcmp(anchor_of(a, e1), "registration-errors") == 0,
	    "2-column table: entry belongs to its section");
	check(ndiag(a, "missing-action") == 0 && ndiag(a, "unknown-header") == 0 &&
	    ndiag(a, "row-cells") == 0, "2-column table: no diagnostics");
	check(strcmp(a->title, "Agent errors") == 0, "title from the first H1");
}

static void
t_rows_three_columns_no_pipes(void)
{
	struct article *a = X("en/three.md",
	    "## Sync errors\n"
	    "\n"
	    "Error code | Error message | Resolution\n"
	    "--- | --- | ---\n"
	    "41102 | The sync group is locked by another operation. | Wait for the other operation to finish and retry.\n"
	    "41103 | The sync group was deleted. | Create the sync group again.\n"
	    "41104 | The sync service is unavailable. | Retry later.\n");
	struct entry *e = by_code(a, "41103");

	check(nerrors(a) == 3, "3 columns, no leading pipes: three entries (got %zu)",
	    nerrors(a));
	check(e && has_msg(e, "sync group was deleted"), "3 columns: code and message in one entry");
	check(e && has_action(e, "Create the sync group again"), "3 columns: action of the row");
	check(e && e->ncodes == 1, "3 columns: exactly the row's code (got %zu)",
	    e ? e->ncodes : 0);
	check(e && get_code(e, "41103") && get_code(e, "41103")->form == CODE_NUMBER &&
	    strcmp(get_code(e, "41103")->norm, "41103") == 0, "3 columns: code is a number");
	check(!by_code(a, "41102") || !has_code(by_code(a, "41102"), "41103"),
	    "3 columns: rows do not share codes");
}

static void
t_rows_four_columns(void)
{
	struct article *a = X("en/four.md",
	    "## Restore errors\n"
	    "\n"
	    "| Error code | Error message | Possible causes | Recommended action |\n"
	    "|:--|:--|:--|:--|\n"
	    "| 0x1FC07 | The recovery point wasn't found. | The recovery point expired.<br/>The recovery point was deleted by a retention policy. | Choose a later recovery point. |\n"
	    "| 0x1FC08 | The restore target is full. | The target volume has too little free space. | Free up space on the target, or restore to another volume. |\n");
	struct entry *e = by_code(a, "0x1FC07");
	const struct code *c = get_code(e, "0x1FC07");

	check(nerrors(a) == 2, "4 columns: two entries (got %zu)", nerrors(a));
	check(e && has_msg(e, "recovery point wasn't found"), "4 columns: message");
	check(c && c->form == CODE_HEX && strcmp(c->norm, "0x1fc07") == 0,
	    "4 columns: hex code normalized to lower case");
	check(e && has_cause(e, "expired") && has_cause(e, "retention policy"),
	    "4 columns: both causes of a <br/> cell kept");
	check(e && has_action(e, "Choose a later recovery point"), "4 columns: action");
	check(by_code(a, "0x1FC08") && ncauses(by_code(a, "0x1FC08")) == 1,
	    "4 columns: one cause in the second row");
}

static void
t_rows_five_columns(void)
{
	struct article *a = X("en/five.md",
	    "## Vault errors\n"
	    "\n"
	    "| Error code | Sub code | Error message | Cause | Recommended action |\n"
	    "|---|---|---|---|---|\n"
	    "| 403 | 403002 | The caller has no role assignment on the vault. | The role assignment was removed. | Assign the Backup Operator role to the caller. |\n"
	    "| 429 | 429001 | Too many requests were sent to the vault. | A script sends requests in a loop. | Wait a minute, then retry with back-off. |\n");
	struct entry *e = by_msg(a, "no role assignment");

	check(nerrors(a) == 2, "5 columns: two entries (got %zu)", nerrors(a));
	check(e && has_code(e, "403") && has_code(e, "403002"),
	    "5 columns: code and sub code both kept");
	check(e && ncauses(e) == 1 && has_cause(e, "role assignment was removed"),
	    "5 columns: the cause");
	check(e && nactions(e) == 1 && has_action(e, "Backup Operator"), "5 columns: the action");
	check(!has_code(e, "429001"), "5 columns: codes stay in their row");
}

static void
t_rows_symptom_table(void)
{
	/* No message column: "Symptom" carries the message. */
	struct article *a = X("en/symptom.md",
	    "## Console problems\n"
	    "\n"
	    "| Symptom | Cause | Resolution |\n"
	    "|---|---|---|\n"
	    "| The console shows a blank dashboard after sign-in. | Third-party cookies are blocked. | Allow cookies for the console domain. |\n");
	struct entry *e = by_msg(a, "blank dashboard");

	check(e != NULL, "symptom column: the symptom is the message");
	check(e && has_cause(e, "cookies are blocked") && has_action(e, "Allow cookies"),
	    "symptom column: cause and resolution");
}

static void
t_m1_label_and_fix_table(void)
{
	struct article *a = X("en/m1.md",
	    "## Vault credentials aren't valid\n"
	    "\n"
	    "**Error message:** The vault credentials file isn't valid. (ID: 41102)\n"
	    "\n"
	    "| Cause | Recommended actions |\n"
	    "|---|---|\n"
	    "| The credentials file expired. | Download a new file; files are valid for 10 days. |\n"
	    "| The file was saved from another vault. | Download the file from the vault you register to. |\n"
	    "| The file was edited. | Download the file again and don't open it in an editor. |\n");
	struct entry *e = by_msg(a, "vault credentials file isn't valid");

	check(nerrors(a) == 1, "M1: label and fix table give one entry (got %zu)", nerrors(a));
	check(e && has_code(e, "41102"), "M1: (ID: 41102) in the message is a code");
	check(e && ncauses(e) == 3, "M1: three causes (got %zu)", ncauses(e));
	check(e && nactions(e) == 3, "M1: three actions (got %zu)", nactions(e));
	check(e && e->nfixes == 3, "M1: one fix per row (got %zu)", e ? e->nfixes : 0);
	check(e && e->nfixes == 3 && contains(e->fixes[1].causes.v[0], "another vault") &&
	    e->fixes[1].actions.n == 1 && contains(e->fixes[1].actions.v[0], "vault you register to"),
	    "M1: each cause stays with its own action");
	check(e && anchor_of(a, e) && strcmp(anchor_of(a, e), "vault-credentials-arent-valid") == 0,
	    "M1: GitHub slug drops the apostrophe");
	check(e && e->line >= 3 && e->line <= 7,
	    "M1: entry line within the label and the table (got %d)", e ? e->line : 0);
	check(ndiag(a, "missing-action") == 0, "M1: no missing-action warning");
}

static void
t_code_heading_mini_table(void)
{
	struct article *a = X("en/codes.md",
	    "# Vault error codes\n"
	    "\n"
	    "### SalChecksumStoreInitializationFailed\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| The checksum store couldn't be initialized. | Restart the agent service and run the backup again. |\n"
	    "\n"
	    "### SalBitmapError\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| The change tracking bitmap is corrupt. | Run a full backup to reset change tracking. |\n");
	struct entry *e1 = by_msg(a, "checksum store couldn't be initialized");
	struct entry *e2 = by_msg(a, "bitmap is corrupt");
	const struct code *c = get_code(e1, "SalChecksumStoreInitializationFailed");

	check(nerrors(a) == 2, "code heading: one entry per heading (got %zu)", nerrors(a));
	check(c && c->form == CODE_SYMBOL &&
	    strcmp(c->norm, "salchecksumstoreinitializationfailed") == 0,
	    "code heading: the heading's code, a symbol, normalized to lower case");
	check(e2 && has_code(e2, "SalBitmapError") && !has_code(e2, "SalChecksumStoreInitializationFailed"),
	    "code heading: each entry takes its own heading's code");
	check(e1 && has_action(e1, "Restart the agent service"), "code heading: the action");
	check(e2 && anchor_of(a, e2) && strcmp(anchor_of(a, e2), "salbitmaperror") == 0,
	    "code heading: anchor is the slug of the code");
}

static void
t_code_heading_prose(void)
{
	struct article *a = X("en/codeprose.md",
	    "## DOCKER_COMMAND_ERROR\n"
	    "\n"
	    "The container runtime returned an error while starting the agent container.\n"
	    "\n"
	    "Check that the Docker daemon is running and that the agent image exists locally.\n");
	struct entry *e = by_code(a, "DOCKER_COMMAND_ERROR");

	check(e != NULL, "code heading with prose: entry with the SCREAMING_SNAKE code");
	check(e && get_code(e, "DOCKER_COMMAND_ERROR")->form == CODE_SYMBOL,
	    "code heading with prose: symbol form");
	check(e && has_msg(e, "container runtime returned an error"),
	    "code heading with prose: the first paragraph is the message");
	check(e && has_action(e, "Docker daemon is running"),
	    "code heading with prose: the next paragraph is the fix");
}

static void
t_transposed(void)
{
	struct article *a = X("en/transposed.md",
	    "## Replica errors\n"
	    "\n"
	    "| **Error message** | Replica is in an inconsistent state. |\n"
	    "|---|---|\n"
	    "| **Error code** | ReplicaInconsistentState |\n"
	    "| **Possible causes** | A previous restore was interrupted.<br/>The replica disk was detached while a job ran. |\n"
	    "| **Recommended action** | Run a consistency check, then retry the job. |\n");
	struct entry *e = by_msg(a, "Replica is in an inconsistent state");

	check(nerrors(a) == 1, "transposed: one entry (got %zu)", nerrors(a));
	check(e && has_code(e, "ReplicaInconsistentState"), "transposed: the code row");
	check(e && has_cause(e, "restore was interrupted") && has_cause(e, "disk was detached"),
	    "transposed: both lines of a <br/> cause cell kept");
	check(e && nactions(e) == 1 && has_action(e, "consistency check"), "transposed: action");
	check(!by_msg(a, "Possible causes") && !anywhere(a, "**"),
	    "transposed: labels are not content");
}

static void
t_property_table(void)
{
	struct article *a = X("en/event.md",
	    "# HBD0031: Scratch folder is low on space\n"
	    "\n"
	    "|  | Value |\n"
	    "|---|---|\n"
	    "| **Event ID** | HBD0031 |\n"
	    "| **Category** | Storage |\n"
	    "| **Severity** | Warning |\n"
	    "\n"
	    "## Event description\n"
	    "\n"
	    "The scratch folder has less free space than a backup job needs.\n");
	struct entry *e = by_code(a, "HBD0031");

	check(e != NULL, "property table: Event ID row is the code");
	check(e && get_code(e, "HBD0031") && strcmp(get_code(e, "HBD0031")->norm, "hbd0031") == 0,
	    "property table: code normalized");
	check(e && has_msg(e, "Scratch folder is low on space") && !has_msg(e, "HBD0031:"),
	    "property table: the message is the heading after its code");
	check(e && !has_code(e, "Storage") && !has_code(e, "Warning"),
	    "property table: Category and Severity are not codes");
}

static void
t_labelled_paragraphs(void)
{
	struct article *a = X("en/labels.md",
	    "## Backup fails because the vault is missing\n"
	    "\n"
	    "Error Code: UserErrorVaultNotFound\n"
	    "\n"
	    "Error Message: The vault couldn't be found in the subscription.\n"
	    "\n"
	    "Make sure the vault exists, then register the server again.\n"
	    "\n"
	    "## Backup fails on a locked volume\n"
	    "\n"
	    "**Error code**: UserErrorVolumeLocked\n"
	    "\n"
	    "**Error message**: The volume is locked by another application.\n"
	    "\n"
	    "**Recommended action**: Close the application that locks the volume.\n");
	struct entry *e = by_code(a, "UserErrorVaultNotFound");
	struct entry *f = by_code(a, "UserErrorVolumeLocked");

	check(nerrors(a) == 2, "labels: one entry per section (got %zu)", nerrors(a));
	check(e && has_msg(e, "vault couldn't be found"), "labels: code and message in one entry");
	check(e && has_action(e, "register the server again"),
	    "labels: the unlabelled paragraph after the message is the action");
	check(f && has_msg(f, "locked by another application") &&
	    has_action(f, "Close the application"), "bold labels: message and action");
	check(f && !has_msg(f, "Error message"), "bold labels: the label is not the message");
}

static void
t_error_heading(void)
{
	struct article *a = X("en/errhead.md",
	    "## Error: Replica is inconsistent\n"
	    "\n"
	    "This error happens when a restore job was cancelled while it wrote to the replica.\n"
	    "\n"
	    "To fix it, run a consistency check on the replica and start the restore again.\n");
	struct entry *e = by_msg(a, "Replica is inconsistent");

	check(nerrors(a) == 1, "## Error: heading: one entry (got %zu)", nerrors(a));
	check(e && !has_msg(e, "Error:"), "## Error: heading: message without the label");
	check(e && anchor_of(a, e) && strcmp(anchor_of(a, e), "error-replica-is-inconsistent") == 0,
	    "## Error: heading: anchor");
	check(e && has_action(e, "consistency check"),
	    "## Error: heading: the prose fix is the entry's action");
}

static void
t_fence(void)
{
	struct article *a = X("en/fence.md",
	    "## Restore fails\n"
	    "\n"
	    "When you restore to another region, you might receive the following error:\n"
	    "\n"
	    "```output\n"
	    "Code: CrossRegionRestoreNotAllowed\n"
	    "Message: Cross-region restore isn't enabled for this vault.\n"
	    "```\n"
	    "\n"
	    "Enable cross-region restore in the vault's properties and try again.\n");
	struct entry *e = by_code(a, "CrossRegionRestoreNotAllowed");

	check(e != NULL, "fence: Code: X gives the code");
	check(e && has_msg(e, "Cross-region restore isn't enabled for this vault"),
	    "fence: Message: Y gives the message");
	check(e && !has_msg(e, "Code: CrossRegion"), "fence: the message excludes the Code line");
	check(e && has_action(e, "Enable cross-region restore"), "fence: the paragraph after is the fix");
	check(e && e->line >= 3 && e->line <= 8,
	    "fence: entry line within the intro and the fence (got %d)", e ? e->line : 0);
}

static void
t_not_error_table(void)
{
	struct article *a = X("en/matrix.md",
	    "# Support matrix\n"
	    "\n"
	    "## Supported operating systems\n"
	    "\n"
	    "| Operating system | Supported versions | Notes about support |\n"
	    "|---|---|---|\n"
	    "| Windows Server | 2016, 2019, 2022 | Desktop Experience only |\n"
	    "| Ubuntu | 20.04, 22.04 | LTS releases |\n");

	check(nerrors(a) == 0, "support matrix: no error entries (got %zu)", nerrors(a));
	check(nguides(a) == 0, "support matrix: no guide entries either (got %zu)", nguides(a));
	check(ndiag(a, "missing-error-column") == 0 && ndiag(a, "unknown-header") == 0,
	    "support matrix: not an error table, no table warnings");
}

static void
t_guide(void)
{
	struct article *a = X("en/guide.md",
	    "# Slow backups\n"
	    "\n"
	    "## Backups take longer than usual\n"
	    "\n"
	    "Work through these checks in order:\n"
	    "\n"
	    "1. Check the network throughput between the server and the vault.\n"
	    "2. Exclude temporary folders from the backup.\n"
	    "3. Move the scratch folder to a faster disk.\n"
	    "\n"
	    "## Next steps\n"
	    "\n"
	    "- Read the performance guide.\n");
	const struct entry *g = NULL;

	for (size_t i = 0; i < a->nentries; i++)
		if (a->entries[i].kind == ENTRY_GUIDE)
			g = &a->entries[i];
	check(nerrors(a) == 0, "guide: no error entries (got %zu)", nerrors(a));
	check(nguides(a) == 1, "guide: one guide entry, none for Next steps (got %zu)",
	    nguides(a));
	check(g && has_msg(g, "Backups take longer than usual"), "guide: message is the heading");
	check(g && has_action(g, "network throughput") && has_action(g, "scratch folder"),
	    "guide: the steps are actions");
	check(g && anchor_of(a, g) && strcmp(anchor_of(a, g), "backups-take-longer-than-usual") == 0,
	    "guide: anchor of its section");
	check(!anywhere(a, "performance guide"), "guide: Next steps are skipped");
}

static void
t_swedish(void)
{
	struct article *a = X("sv/agent/fel.md",
	    "---\n"
	    "title: Felsöka agenten\n"
	    "ms.contentlocale: sv-SE\n"
	    "---\n"
	    "# Felsöka agenten\n"
	    "\n"
	    "## Registreringsfel\n"
	    "\n"
	    "| Felkod | Felmeddelande | Möjliga orsaker | Rekommenderad åtgärd |\n"
	    "|---|---|---|---|\n"
	    "| 41102 | Valvets autentiseringsfil är ogiltig. | Filen har gått ut. | Ladda ned en ny autentiseringsfil. |\n");
	struct entry *e = by_code(a, "41102");

	check(strcmp(a->locale, "sv") == 0, "Swedish: locale sv from ms.contentlocale sv-SE");
	check(strcmp(a->key, "agent/fel.md") == 0, "Swedish: key below the locale folder");
	check(strcmp(a->title, "Felsöka agenten") == 0, "Swedish: title from front matter");
	check(e && has_msg(e, "autentiseringsfil är ogiltig"), "Swedish headers: message");
	check(e && has_cause(e, "gått ut") && has_action(e, "Ladda ned"),
	    "Swedish headers: cause and action");
	check(e && e->line == 11, "Swedish: line counts the front matter (got %d)",
	    e ? e->line : 0);
	check(ndiag(a, "unknown-header") == 0, "Swedish headers: all known");
}

static void
t_swedish_m1(void)
{
	struct article *a = X("sv/vault/valv.md",
	    "# Felsöka valv\n"
	    "\n"
	    "## Valvet hittades inte\n"
	    "\n"
	    "**Felmeddelande:** Valvet kunde inte hittas i prenumerationen. (ID: 41103)\n"
	    "\n"
	    "| Orsak | Rekommenderad åtgärd |\n"
	    "|---|---|\n"
	    "| Valvet har tagits bort. | Skapa valvet igen. |\n"
	    "| Fel prenumeration har valts. | Välj rätt prenumeration. |\n");
	struct entry *e = by_msg(a, "Valvet kunde inte hittas");

	check(nerrors(a) == 1, "Swedish M1: one entry (got %zu)", nerrors(a));
	check(e && has_code(e, "41103"), "Swedish M1: (ID: 41103)");
	check(e && ncauses(e) == 2 && nactions(e) == 2, "Swedish M1: two causes, two actions");
	check(e && !has_msg(e, "Felmeddelande"), "Swedish M1: the label is not the message");
}

static void
t_german_transposed(void)
{
	struct article *a = X("de/restore.md",
	    "## Fehler beim Wiederherstellen\n"
	    "\n"
	    "| **Fehlermeldung** | Das Replikat ist inkonsistent. |\n"
	    "|---|---|\n"
	    "| **Mögliche Ursachen** | Eine Wiederherstellung wurde abgebrochen. |\n"
	    "| **Empfohlene Maßnahme** | Führen Sie eine Konsistenzprüfung aus. |\n");
	struct entry *e = by_msg(a, "Das Replikat ist inkonsistent");

	check(nerrors(a) == 1 && e, "German transposed: one entry with the message");
	check(e && ncauses(e) == 1 && has_cause(e, "abgebrochen"), "German transposed: the cause");
	check(e && nactions(e) == 1 && has_action(e, "Konsistenzprüfung"), "German transposed: the action");
}

static void
t_german(void)
{
	struct article *a = X("de/agent/fehler.md",
	    "# Fehlerbehebung\n"
	    "\n"
	    "## Fehler bei der Registrierung\n"
	    "\n"
	    "| Fehlercode | Fehlermeldung | Mögliche Ursachen | Empfohlene Maßnahme |\n"
	    "|---|---|---|---|\n"
	    "| 41102 | Die Anmeldeinformationsdatei ist ungültig. | Die Datei ist abgelaufen. | Laden Sie eine neue Datei herunter. |\n"
	    "\n"
	    "## Lösung für Fehler 34506\n"
	    "\n"
	    "Fehler 34506 tritt auf, wenn der Tresor gesperrt ist. Entsperren Sie den Tresor.\n");
	struct entry *e = by_code(a, "41102");

	check(strcmp(a->locale, "de") == 0, "German: locale de from the folder");
	check(strcmp(a->key, "agent/fehler.md") == 0, "German: key below the locale folder");
	check(e && has_msg(e, "Anmeldeinformationsdatei ist ungültig"), "German headers: message");
	check(e && has_cause(e, "abgelaufen") && has_action(e, "Laden Sie"),
	    "German headers: cause and action");
	check(ndiag(a, "unknown-header") == 0, "German headers: all known");
	check(by_code(a, "34506") != NULL, "German: 'Fehler 34506' in prose is a code");
	check(anchor_eq(a, "Lösung für Fehler 34506", "lösung-für-fehler-34506"),
	    "German: slug keeps non-ASCII letters, lower case");
}

static void
t_cell_html(void)
{
	struct article *a = X("en/html.md",
	    "## Connection errors\n"
	    "\n"
	    "| Error message | Cause | Recommended action |\n"
	    "|---|---|---|\n"
	    "| The proxy refused the connection. (407) | The proxy needs authentication.<br/>The proxy blocks the vault endpoint. | <ul><li>Add the vault endpoint to the proxy allow list.<li>Configure proxy credentials with `hbactl proxy set`.<li>See [proxy settings](https://docs.example.com/proxy#auth) for details.</ul> |\n"
	    "| The remote name couldn't be resolved. | DNS is misconfigured. | Check DNS with `nslookup`.<br/>Then restart the agent. |\n");
	struct entry *e = by_msg(a, "proxy refused the connection");
	struct entry *f = by_msg(a, "remote name couldn't be resolved");
	const struct code *c = get_code(e, "407");
	int link = 0;

	check(e && nactions(e) == 3, "unclosed <ul><li>: one action per item (got %zu)",
	    nactions(e));
	check(e && has_action(e, "allow list") && has_action(e, "hbactl proxy set") &&
	    has_action(e, "proxy settings"), "unclosed <ul><li>: item texts, code spans kept");
	check(e && !anywhere(a, "<li>") && !anywhere(a, "<ul>") && !anywhere(a, "<br"),
	    "cell HTML: no tags in the text");
	check(e && has_cause(e, "needs authentication") && has_cause(e, "blocks the vault endpoint"),
	    "<br/> cause cell: both lines kept");
	check(c && c->form == CODE_HTTP, "(407) in a message: HTTP code");
	for (size_t i = 0; i < a->nlinks; i++)
		if (strcmp(a->links[i].href, "https://docs.example.com/proxy#auth") == 0 &&
		    contains(a->links[i].text, "proxy settings") && a->links[i].entry >= 0 &&
		    &a->entries[a->links[i].entry] == e && a->links[i].target == NULL)
			link = 1;
	check(link, "link in a cell kept with its href, text and entry");
	check(f && nactions(f) >= 1 && has_action(f, "nslookup") && has_action(f, "restart the agent"),
	    "<br/> action cell: both lines kept");
}

/* Every written form of a code, each in a context where a user would find it. */
static void
t_code_forms(void)
{
	struct article *a = X("en/forms.md",
	    "## Code forms\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| The job failed. (ID: 34513) | Retry the job. |\n"
	    "| Access denied, ID: 403 | Request access. |\n"
	    "| The operation failed with 0x1FC07 | Check the disk. |\n"
	    "| The operation failed [0x80070005] | Run as administrator. |\n"
	    "| The agent stopped with Error 34506 while it was running. | Restart it. |\n"
	    "| Jobbet misslyckades med Fel 34507 och stoppades. | Starta om jobbet. |\n"
	    "| The proxy needs authentication (407) | Set proxy credentials. |\n"
	    "| Deployment failed: Code=ReservedResourceName; the name is reserved. | Choose another name. |\n");
	struct entry *e;

	e = by_msg(a, "The job failed");
	check(has_code(e, "34513") && get_code(e, "34513")->form == CODE_NUMBER, "(ID: 34513)");
	e = by_msg(a, "Access denied");
	check(has_code(e, "403"), "ID: 403");
	e = by_msg(a, "failed with 0x1FC07");
	check(has_code(e, "0x1FC07") && strcmp(get_code(e, "0x1FC07")->norm, "0x1fc07") == 0,
	    "0x1FC07");
	e = by_msg(a, "[0x80070005]");
	check(has_code(e, "0x80070005") && get_code(e, "0x80070005")->form == CODE_HEX,
	    "[0x80070005]: brackets not part of the code");
	e = by_msg(a, "Error 34506");
	check(has_code(e, "34506"), "Error 34506");
	e = by_msg(a, "Fel 34507");
	check(has_code(e, "34507"), "Fel 34507 (Swedish)");
	e = by_msg(a, "proxy needs authentication");
	check(has_code(e, "407") && get_code(e, "407")->form == CODE_HTTP, "(407): HTTP form");
	e = by_msg(a, "ReservedResourceName");
	check(has_code(e, "ReservedResourceName") &&
	    strcmp(get_code(e, "ReservedResourceName")->norm, "reservedresourcename") == 0,
	    "Code=ReservedResourceName;: symbol without '=' or ';'");
}

static void
t_code_headings_more(void)
{
	struct article *a = X("en/azfd.md",
	    "## AZFD0004: Host ID collision\n"
	    "\n"
	    "Two hosts share one host ID, so the second host can't take the lease.\n"
	    "\n"
	    "Give each host its own ID in the configuration.\n"
	    "\n"
	    "## Error code: 52\n"
	    "\n"
	    "The connection was reset by the server.\n"
	    "\n"
	    "Check the firewall rules between the agent and the vault.\n");
	struct entry *e = by_code(a, "AZFD0004");
	struct entry *f = by_code(a, "52");

	check(e != NULL, "AZFD0004 heading: prefixed serial code");
	check(e && get_code(e, "AZFD0004")->form == CODE_SYMBOL &&
	    strcmp(get_code(e, "AZFD0004")->norm, "azfd0004") == 0, "AZFD0004: symbol, lower-case norm");
	check(e && has_msg(e, "Host ID collision"), "AZFD0004 heading: message after the code");
	check(f != NULL && f != e, "## Error code: 52: its own entry with the code");
}

static void
t_locale_sources(void)
{
	struct article *a;

	a = X("sv/x.md", "# Rubrik\n\nText.\n");
	check(strcmp(a->locale, "sv") == 0 && strcmp(a->key, "x.md") == 0,
	    "locale from a leading folder: sv/x.md -> sv, key x.md");
	a = X("de-DE/y/z.md", "# Titel\n");
	check(strcmp(a->locale, "de") == 0 && strcmp(a->key, "y/z.md") == 0,
	    "locale folder de-DE -> de, key y/z.md");
	a = X("guides/x.md", "---\nms.contentlocale: sv-SE\n---\n# Rubrik\n");
	check(strcmp(a->locale, "sv") == 0 && strcmp(a->key, "guides/x.md") == 0,
	    "locale from front matter without a locale folder");
	a = X("en/x.md", "---\nms.contentlocale: de-de\n---\n# Titel\n");
	check(strcmp(a->locale, "de") == 0, "front matter beats the folder");
	a = X("x.md", "# Title\n");
	check(strcmp(a->locale, "en") == 0 && strcmp(a->key, "x.md") == 0,
	    "no locale anywhere: the default");
	a = X("docs/x.md", "# Title\n");
	check(strcmp(a->locale, "en") == 0 && strcmp(a->key, "docs/x.md") == 0,
	    "a four-letter folder is not a locale");
	a = X("product/fr/guide/x.md", "# Titre\n");
	check(strcmp(a->locale, "fr") == 0 && strcmp(a->key, "product/guide/x.md") == 0,
	    "a locale folder below a product's: product/fr/guide/x.md -> fr, key without it");
	a = X("db/sv/x.md", "# Rubrik\n");
	check(strcmp(a->locale, "sv") == 0 && strcmp(a->key, "db/x.md") == 0,
	    "a two-letter folder that names no language is passed by");
	a = X("product/fr.md", "# Title\n");
	check(strcmp(a->locale, "en") == 0, "a file's name is not a locale folder");
	a = X("en/fm.md", "---\ntitle: \"Quoted: title\"\ndescription: Fix agent errors.\nms.date: 03/14/2024\nms.custom:\n  - a\n  - b\n---\n# Other\n");
	check(strcmp(a->title, "Quoted: title") == 0, "front matter: quoted title with a colon");
	check(strcmp(a->description, "Fix agent errors.") == 0 && strcmp(a->date, "03/14/2024") == 0,
	    "front matter: description and ms.date");
}

static void
t_anchors(void)
{
	struct article *a = X("en/anchors.md",
	    "# Anchors\n"
	    "\n"
	    "## <a name=\"vault-expired\"></a>The vault credentials expired\n"
	    "\n"
	    "**Error message:** The vault credentials expired.\n"
	    "\n"
	    "**Recommended action:** Download new credentials.\n"
	    "\n"
	    "<a id=\"second\"></a>\n"
	    "\n"
	    "## Second error\n"
	    "\n"
	    "## Cause\n"
	    "\n"
	    "## Cause\n"
	    "\n"
	    "## Cause\n"
	    "\n"
	    "## What's new? (2024) & more\n"
	    "\n"
	    "See [the first](#vault-expired), [the second](#second), [a cause](#cause-2).\n");
	struct entry *e = by_msg(a, "vault credentials expired");
	const struct section *s;
	int n = 0;

	check(e && anchor_of(a, e) && strcmp(anchor_of(a, e), "vault-expired") == 0,
	    "<a name> inside a heading is its anchor");
	check(anchor_eq(a, "The vault credentials expired", "vault-expired"),
	    "the heading's text excludes the <a> tag");
	check(anchor_eq(a, "Second error", "second"), "<a id> on the line before a heading");
	for (size_t i = 0; i < a->nsections; i++)
		if (strcmp(a->sections[i].text, "Cause") == 0) {
			static const char *const want[] = { "cause", "cause-1", "cause-2" };

			n += n < 3 && strcmp(a->sections[i].anchor, want[n]) == 0;
		}
	check(n == 3, "repeated headings: cause, cause-1, cause-2");
	s = section_by_text(a, "What's new? (2024) & more");
	check(s && strcmp(s->anchor, "whats-new-2024--more") == 0,
	    "GitHub slug: punctuation dropped, spaces kept as '-' (got '%s')", s ? s->anchor : "");
	check(ndiag(a, "broken-link") == 0, "links to explicit anchors and -N slugs resolve");
	check(a->nsections >= 2 && a->sections[1].parent == 0 && a->sections[0].parent == -1,
	    "section parents follow heading levels");
	n = 0;
	for (size_t i = 0; i < a->nlinks; i++)
		if (a->links[i].target && a->links[i].resolved)
			n++;
	check(n == 3, "intra-article links: target set and resolved (got %d of 3)", n);
}

static void
t_diag_no_error_column(void)
{
	struct article *a = X("en/ctx.md",
	    "## Job errors\n"
	    "\n"
	    "| Error | Severity |\n"
	    "|---|---|\n"
	    "| Backup failed | High |\n");
	const struct diag *d = get_diag(a, "missing-error-column");

	check(d != NULL, "missing-error-column: an error column but no cause, action or code");
	check(d && d->line == 3 && d->col == 1, "missing-error-column: at the table's line");
	check(nerrors(a) == 0, "missing-error-column: no entries");
	/* X() frees the article before: a is gone after this. */
	a = X("en/settings.md",
	    "## Job settings\n"
	    "\n"
	    "| Operation | Severity | Description |\n"
	    "|---|---|---|\n"
	    "| Backup | High | Runs nightly. |\n");
	check(ndiag(a, "missing-error-column") == 0 && nerrors(a) == 0,
	    "missing-error-column: a settings table (no error words) is silent");
}

static void
t_diag_row_cells(void)
{
	struct article *a = X("en/cells.md",
	    "## Errors\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| The disk is full. | Free some space. |\n"
	    "| The disk is offline. | Bring it online. | stray cell |\n"
	    "| The disk is read-only. |\n");
	const struct diag *d = get_diag(a, "row-cells");

	check(ndiag(a, "row-cells") == 2, "row-cells: one warning per bad row (got %zu)",
	    ndiag(a, "row-cells"));
	check(d && (d->line == 6 || d->line == 7), "row-cells: at the row's line");
	check(by_msg(a, "disk is offline") && has_action(by_msg(a, "disk is offline"), "Bring it online"),
	    "row-cells: the row is still read");
	a = X("en/cells2.md",
	    "## Errors\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| Pipes \\| escaped stay in the cell | Do it. |\n");
	check(ndiag(a, "row-cells") == 0, "row-cells: an escaped pipe is not a cell");
	/* GFM splits at a pipe inside a code span too: the writer must escape
	 * it, and hears so, since cmark-gfm drops the last cell. */
	a = X("en/cells3.md",
	    "## Errors\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| Pipes `a | b` in code | Do it. |\n");
	check(ndiag(a, "row-cells") == 1, "row-cells: a pipe in a code span splits the row, as GFM does");
}

static void
t_diag_no_action(void)
{
	struct article *a = X("en/noaction.md",
	    "## Errors\n"
	    "\n"
	    "| Error code | Error message |\n"
	    "|---|---|\n"
	    "| 52 | The connection was reset. |\n");
	const struct diag *d = get_diag(a, "missing-action");

	check(by_code(a, "52") != NULL, "missing-action: the entry is still made");
	check(d != NULL && d->line == 5, "missing-action: warning at the entry's line");
}

static void
t_diag_duplicate_anchor(void)
{
	struct article *a = X("en/dup.md",
	    "## <a name=\"same\"></a>First\n"
	    "\n"
	    "Text.\n"
	    "\n"
	    "## <a name=\"same\"></a>Second\n"
	    "\n"
	    "Text.\n");
	const struct diag *d = get_diag(a, "duplicate-anchor");

	check(d != NULL, "duplicate-anchor: two headings with one explicit anchor");
	check(d && d->line == 5, "duplicate-anchor: at the second heading");
	check(d && strstr(d->text, "same") != NULL, "duplicate-anchor: the text names the anchor");
	a = X("en/nodup.md", "## Same\n\n## Same\n");
	check(ndiag(a, "duplicate-anchor") == 0, "duplicate-anchor: not for slugs (they get -1)");
}

static void
t_diag_broken_link(void)
{
	struct article *a = X("en/broken.md",
	    "## Errors\n"
	    "\n"
	    "See [the fix](#no-such-section) and [the errors](#errors).\n"
	    "\n"
	    "| Error message | Recommended action |\n"
	    "|---|---|\n"
	    "| Disk full. | See [cleanup](#cleanup-steps). |\n"
	    "\n"
	    "[External](https://example.com/#frag) and [tab](#tab/linux).\n");
	const struct diag *d = get_diag(a, "broken-link");

	check(ndiag(a, "broken-link") == 2, "broken-link: prose and table links to missing anchors (got %zu)",
	    ndiag(a, "broken-link"));
	check(d && (strstr(d->text, "no-such-section") || strstr(d->text, "cleanup-steps")),
	    "broken-link: the text names the anchor");
	{
		int at3 = 0, at7 = 0;

		for (size_t i = 0; i < a->ndiags; i++)
			if (strcmp(a->diags[i].name, "broken-link") == 0) {
				at3 += a->diags[i].line == 3 && strstr(a->diags[i].text, "no-such-section");
				at7 += a->diags[i].line == 7 && strstr(a->diags[i].text, "cleanup-steps");
			}
		check(at3 == 1 && at7 == 1, "broken-link: each at its link's line");
	}
}

static void
t_diag_unknown_header(void)
{
	struct article *a = X("en/unknown.md",
	    "## Errors\n"
	    "\n"
	    "| Error message | Frobnication level | Recommended action |\n"
	    "|---|---|---|\n"
	    "| The frobnicator is stuck. | 3 | Restart the frobnicator. |\n");
	const struct diag *d = get_diag(a, "unknown-header");

	check(d != NULL && strstr(d->text, "Frobnication level") != NULL,
	    "unknown-header: names the header");
	check(by_msg(a, "frobnicator is stuck") && has_action(by_msg(a, "frobnicator is stuck"), "Restart"),
	    "unknown-header: the known columns are still read");
	check(!has_cause(by_msg(a, "frobnicator is stuck"), "3") &&
	    !has_code(by_msg(a, "frobnicator is stuck"), "3"), "unknown-header: the unknown column is ignored");
}

static void
t_many_columns(void)
{
	struct buf b = {0};

	buf_adds(&b, "## Wide\n\n| Error message | Recommended action");
	for (int i = 0; i < 200; i++)
		buf_printf(&b, " | c%d", i);
	buf_adds(&b, " |\n|---|---");
	for (int i = 0; i < 200; i++)
		buf_adds(&b, "|---");
	buf_adds(&b, "|\n| The wide table error. | Narrow it.");
	for (int i = 0; i < 200; i++)
		buf_adds(&b, " | x");
	buf_adds(&b, " |\n");
	{
		struct article *a = X("en/wide.md", b.s);

		check(by_msg(a, "wide table error") != NULL, "202 columns: the row still read");
		check(ndiag(a, "table-size") >= 1, "202 columns: table-size warning");
		check(ndiag(a, "unknown-header") <= EXTRACT_MAX_COLUMNS,
		    "202 columns: warnings bounded (got %zu)", ndiag(a, "unknown-header"));
	}
	X_end();
	buf_free(&b);
}

static void
t_nested_html(void)
{
	struct buf b = {0};

	buf_adds(&b, "## Nested\n\n| Error message | Recommended action |\n|---|---|\n| The nested error. | ");
	for (int i = 0; i < 200; i++)
		buf_adds(&b, "<span>");
	buf_adds(&b, "Fix the nesting.");
	buf_adds(&b, " |\n");
	{
		struct article *a = X("en/nested.md", b.s);
		struct entry *e = by_msg(a, "nested error");

		check(e && has_action(e, "Fix the nesting"),
		    "200 nested <span> (beyond CELL_MAX_DEPTH): text read flat");
	}
	X_end();
	buf_free(&b);
}

static void
t_deep_html(void)
{
	struct buf b = {0};

	buf_adds(&b, "## Deep\n\n| Error message | Recommended action |\n|---|---|\n| The deep error. | ");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "<div>");
	buf_adds(&b, "Fix the nesting.");
	buf_adds(&b, " |\n");
	{
		struct article *a = X("en/deep.md", b.s);
		struct entry *e = by_msg(a, "deep error");

		check(e && has_action(e, "Fix the nesting"), "5000 nested <div>: text still read");
	}
	X_end();
	buf_free(&b);
}

static void
t_empty_inputs(void)
{
	struct article *a;

	a = X("en/empty.md", "");
	check(a->nentries == 0 && a->nsections == 0 && a->ndiags == 0, "empty article: nothing");
	a = X("en/fmonly.md", "---\ntitle: Only front matter\n---\n");
	check(a->nentries == 0 && strcmp(a->title, "Only front matter") == 0,
	    "front matter only: title, no entries");
	a = X("en/unterminated.md", "---\ntitle: x\n# Heading\n\n| Error message | Recommended action |\n|---|---|\n| Boom. | Fix. |\n");
	check(by_msg(a, "Boom") != NULL, "unterminated front matter: read as Markdown");
	a = X("en/headonly.md", "| Error message | Recommended action |\n|---|---|\n");
	check(a->nentries == 0, "header-only table: no entries");
}

/* Fixes from the code review, each with the input that showed it. */
static void
t_review_fixes(void)
{
	struct article *a;
	const struct entry *e;

	/* Only a matching pair of quotes is taken off a message. */
	a = X("en/q.md",
	    "## Errors\n\n| Error message | Recommended action |\n|---|---|\n"
	    "| Cannot find the module 'foo' | Install it. |\n"
	    "| \"The disk is full.\" | Free space. |\n");
	check(by_msg(a, "module 'foo'") != NULL, "quotes: an inner quote at the end stays");
	e = by_msg(a, "The disk is full.");
	check(e && e->messages.v[0][0] == 'T', "quotes: a quoted message loses its quotes");

	/* Two-letter folders that are no language are no locale. */
	a = X("db/errors.md", "# Errors\n");
	check(strcmp(a->locale, "en") == 0 && strcmp(a->key, "db/errors.md") == 0,
	    "locale: db/ is a folder, not a locale (locale %s, key %s)", a->locale, a->key);
	a = X("sv/errors.md", "# Fel\n");
	check(strcmp(a->locale, "sv") == 0 && strcmp(a->key, "errors.md") == 0,
	    "locale: sv/ is a locale folder");

	/* Latin Extended-A lower-cases right in slugs (ł, Ż). */
	a = X("pl/x.md", "## Błąd logowania\n\n## Żółw\n\n[x](#błąd-logowania) [y](#żółw)\n");
	check(a->nsections == 2 && strcmp(a->sections[0].anchor, "błąd-logowania") == 0 &&
	    strcmp(a->sections[1].anchor, "żółw") == 0,
	    "slugs: Latin Extended-A letters (%s, %s)", a->nsections ? a->sections[0].anchor : "",
	    a->nsections > 1 ? a->sections[1].anchor : "");
	check(ndiag(a, "broken-link") == 0, "slugs: links to them resolve");

	/* Empty bold text does not make the next line a bold label. */
	a = X("en/b.md",
	    "## Errors\n\n| Error | Recommended action |\n|---|---|\n"
	    "| <b>    </b><br>Error message is shown here | Do it. |\n");
	e = by_msg(a, "Error message is shown here");
	check(e != NULL, "bold: an empty bold run is not a label prefix");

	/* A cause/solution table under a heading without an error: a guide
	 * named by the heading, never an error entry with no message. */
	a = X("en/slow.md", "## Slow startup\n\n| Cause | Solution |\n|---|---|\n"
	    "| The cache is cold. | Wait a minute. |\n");
	check(nerrors(a) == 0 && a->nentries == 1 && a->entries[0].messages.n == 1,
	    "fix table without a message: a guide named by its heading");

	/* Diagnostics come in source order. */
	a = X("en/order.md", "## A\n\n[x](#nope)\n\n## A\n\n| Error | Severity |\n|---|---|\n"
	    "| x | y |\n\n[z](#nope2)\n");
	{
		int sorted = 1;

		for (size_t i = 1; i < a->ndiags; i++)
			if (a->diags[i].line < a->diags[i - 1].line)
				sorted = 0;
		check(a->ndiags >= 3 && sorted, "diagnostics in line order (%zu)", a->ndiags);
	}

	/* Text over the limit is cut, marked, and reported. */
	{
		struct buf b = {0};

		buf_adds(&b, "## Errors\n\n| Error message | Recommended action |\n|---|---|\n| ");
		for (int i = 0; i < 1000; i++)	/* 5,000 bytes */
			buf_adds(&b, "word ");
		buf_adds(&b, "| Fix. |\n");
		a = X("en/long.md", b.s);
		buf_free(&b);
		check(ndiag(a, "text-size") == 1, "text-size: a cut message is reported");
	}
}

int
main(void)
{
	t_rows_two_columns();
	t_rows_three_columns_no_pipes();
	t_rows_four_columns();
	t_rows_five_columns();
	t_rows_symptom_table();
	t_m1_label_and_fix_table();
	t_code_heading_mini_table();
	t_code_heading_prose();
	t_transposed();
	t_property_table();
	t_labelled_paragraphs();
	t_error_heading();
	t_fence();
	t_not_error_table();
	t_guide();
	t_swedish();
	t_swedish_m1();
	t_german();
	t_german_transposed();
	t_cell_html();
	t_code_forms();
	t_code_headings_more();
	t_locale_sources();
	t_anchors();
	t_diag_no_error_column();
	t_diag_row_cells();
	t_diag_no_action();
	t_diag_duplicate_anchor();
	t_diag_broken_link();
	t_diag_unknown_header();
	t_many_columns();
	t_nested_html();
	t_deep_html();
	t_empty_inputs();
	t_review_fixes();
	invariants(cur);
	article_free(cur);
	return tap_done();
}
