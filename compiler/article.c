/*
 * article.c: construction and destruction of the extracted article model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

struct article *
article_new(const char *path)
{
	struct article *a = xcalloc(1, sizeof(*a));

	a->path = xstrdup(path);
	a->key = xstrdup(path);
	a->locale = xstrdup("");
	a->title = xstrdup("");
	a->description = xstrdup("");
	a->date = xstrdup("");
	return a;
}

void
entry_clear(struct entry *e)
{
	strv_free(&e->messages);
	for (size_t i = 0; i < e->ncodes; i++) {
		free(e->codes[i].written);
		free(e->codes[i].norm);
	}
	free(e->codes);
	for (size_t i = 0; i < e->nfixes; i++) {
		strv_free(&e->fixes[i].causes);
		strv_free(&e->fixes[i].actions);
	}
	free(e->fixes);
	memset(e, 0, sizeof(*e));
}

void
article_free(struct article *a)
{
	if (a == NULL)
		return;
	free(a->path);
	free(a->key);
	free(a->locale);
	free(a->title);
	free(a->description);
	free(a->date);
	strv_free(&a->fm_names);
	strv_free(&a->fm_values);
	for (size_t i = 0; i < a->nsections; i++) {
		free(a->sections[i].text);
		free(a->sections[i].anchor);
	}
	free(a->sections);
	for (size_t i = 0; i < a->nentries; i++)
		entry_clear(&a->entries[i]);
	free(a->entries);
	for (size_t i = 0; i < a->npassages; i++)
		free(a->passages[i].text);
	free(a->passages);
	for (size_t i = 0; i < a->nlinks; i++) {
		free(a->links[i].href);
		free(a->links[i].text);
		free(a->links[i].target);
	}
	free(a->links);
	for (size_t i = 0; i < a->ndiags; i++) {
		free(a->diags[i].name);
		free(a->diags[i].text);
		free(a->diags[i].source);
	}
	free(a->diags);
	free(a);
}

struct entry *
article_add_entry(struct article *a, enum entry_kind kind, int section,
    int line, int col)
{
	struct entry *e;

	VEC_PUSH(a->entries, a->nentries, a->capentries);
	e = &a->entries[a->nentries - 1];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->section = section;
	e->line = line;
	e->col = col;
	return e;
}

struct fix *
entry_add_fix(struct entry *e)
{
	struct fix *f;

	VEC_PUSH(e->fixes, e->nfixes, e->capfixes);
	f = &e->fixes[e->nfixes - 1];
	memset(f, 0, sizeof(*f));
	return f;
}

int
entry_has_code(const struct entry *e, const char *norm)
{
	for (size_t i = 0; i < e->ncodes; i++)
		if (strcmp(e->codes[i].norm, norm) == 0)
			return 1;
	return 0;
}

int
entry_add_code(struct entry *e, const char *written, const char *norm,
    enum code_form form)
{
	struct code *c;

	if (*norm == '\0' || entry_has_code(e, norm))
		return 0;
	VEC_PUSH(e->codes, e->ncodes, e->capcodes);
	c = &e->codes[e->ncodes - 1];
	c->written = xstrdup(written);
	c->norm = xstrdup(norm);
	c->form = form;
	return 1;
}

void
article_diag(struct article *a, int line, int col, const char *name,
    const char *fmt, ...)
{
	struct diag *d;
	struct buf b = {0};
	va_list ap;
	char small[512];

	va_start(ap, fmt);
	vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	buf_adds(&b, small);
	VEC_PUSH(a->diags, a->ndiags, a->capdiags);
	d = &a->diags[a->ndiags - 1];
	d->line = line;
	d->col = col;
	d->error = 0;
	d->name = xstrdup(name);
	d->text = buf_take(&b);
	d->source = NULL;
	d->seq = a->ndiags - 1;
}

const char *
code_form_name(enum code_form f)
{
	switch (f) {
	case CODE_NUMBER:
		return "number";
	case CODE_HEX:
		return "hex";
	case CODE_HTTP:
		return "http";
	default:
		return "symbol";
	}
}

const char *
passage_kind_name(enum passage_kind k)
{
	static const char *const name[] = {
		"heading", "paragraph", "item", "cell", "fence"
	};

	return name[k];
}
